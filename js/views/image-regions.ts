/**
 * The image view's pure logic, unit-tested in node: which superpixels the explanation
 * shows (its top K, strongest first), how strongly each is tinted, where each one's tag
 * goes, which superpixel is under the pointer, the words of the readout and legend, and
 * the overlay's pixels. A superpixel is "superpixel 8" in the bars and "S8" on the image.
 */

import type { Explanation } from "../contract/explanation";
import type { Meta } from "../contract/meta";
import { formatNumber, formatSigned } from "../util/format";
import { AXIS_FLOOR_SHARE } from "../view-model/trust";
import { directionWords } from "../view-model/words";

export type Rgb = readonly [number, number, number];

/** A superpixel of the explanation, with its tint. */
export interface Region {
  id: number;
  weight: number;
  /**
   * Tint opacity in [0, 1]: the overlay opacity scaled by |weight| / the largest |weight|,
   * or by |weight| / the bars' axis floor when every weight is below it (a fit with no
   * signal tints as faintly as its bars are short).
   */
  alpha: number;
}

/** The tag a superpixel carries on the image: "S8". */
export function tagText(id: number): string {
  return `S${id}`;
}

/** The name the bars give a superpixel: "superpixel 8" (lime_widget/explanation/_image.py). */
export function superpixelName(id: number): string {
  return `superpixel ${id}`;
}

/** Tint opacity for `weight`: `opacity` for the strongest superpixel, proportionally less. */
export function tintAlpha(weight: number, maxAbs: number, opacity: number): number {
  if (!(maxAbs > 0) || !Number.isFinite(weight)) {
    return 0;
  }
  const share = Math.min(1, Math.abs(weight) / maxAbs);
  return Math.min(1, Math.max(0, opacity)) * share;
}

/**
 * The explanation's superpixels (its top K), strongest first: ids in 0..count-1 with a
 * non-zero weight, each once. Everything else stays plain.
 */
export function explainedRegions(
  explanation: Explanation | null,
  count: number,
  opacity: number,
): Region[] {
  const seen = new Set<number>();
  const kept: { id: number; weight: number }[] = [];
  for (const f of explanation?.features ?? []) {
    if (f.id >= 0 && f.id < count && f.weight !== 0 && !seen.has(f.id)) {
      seen.add(f.id);
      kept.push({ id: f.id, weight: f.weight });
    }
  }
  kept.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  // an image explains class probabilities: the output's scale is 1, as for the bars
  const maxAbs = Math.max(Math.abs(kept[0]?.weight ?? 0), AXIS_FLOOR_SHARE);
  return kept.map((r) => ({ ...r, alpha: tintAlpha(r.weight, maxAbs, opacity) }));
}

/** The display pixel (offsetX, offsetY) of an image shown at shownWidth x shownHeight. */
export function pixelAt(
  offsetX: number,
  offsetY: number,
  shownWidth: number,
  shownHeight: number,
  width: number,
  height: number,
): [x: number, y: number] | null {
  if (!(shownWidth > 0 && shownHeight > 0)) {
    return null;
  }
  const x = Math.floor((offsetX / shownWidth) * width);
  const y = Math.floor((offsetY / shownHeight) * height);
  return x >= 0 && x < width && y >= 0 && y < height ? [x, y] : null;
}

/** The superpixel at image pixel (x, y); -1 outside the image. */
export function segmentAt(
  segments: Int32Array,
  width: number,
  height: number,
  x: number,
  y: number,
): number {
  if (x < 0 || x >= width || y < 0 || y >= height) {
    return -1;
  }
  return segments[y * width + x] ?? -1;
}

/** Where a superpixel's tag goes, as a fraction of the image's width and height. */
export interface Anchor {
  x: number;
  y: number;
}

/**
 * Per superpixel, the point deepest inside it (farthest from its edge, by a 3-4 chamfer
 * distance; ties go to the point nearest its centroid), so the tag sits on the region even
 * when it is a ring or a crescent, whose centroid lies outside it.
 */
export function tagAnchors(
  segments: Int32Array,
  width: number,
  height: number,
): Map<number, Anchor> {
  const n = width * height;
  const far = 1e9;
  const depth = new Float64Array(n).fill(far);
  const sums = new Map<number, [sx: number, sy: number, count: number]>();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const s = segments[i] ?? -1;
      const sum = sums.get(s) ?? [0, 0, 0];
      sum[0] += x;
      sum[1] += y;
      sum[2] += 1;
      sums.set(s, sum);
      const edge =
        x === 0 ||
        y === 0 ||
        x === width - 1 ||
        y === height - 1 ||
        segments[i - 1] !== s ||
        segments[i + 1] !== s ||
        segments[i - width] !== s ||
        segments[i + width] !== s;
      if (edge) {
        depth[i] = 3;
      }
    }
  }
  const relax = (i: number, j: number, step: number): void => {
    const d = (depth[j] ?? far) + step;
    if (d < (depth[i] ?? far)) {
      depth[i] = d;
    }
  };
  for (let y = 1; y < height; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      relax(i, i - 1, 3);
      relax(i, i - width, 3);
      relax(i, i - width - 1, 4);
      relax(i, i - width + 1, 4);
    }
  }
  for (let y = height - 2; y >= 0; y--) {
    for (let x = width - 2; x > 0; x--) {
      const i = y * width + x;
      relax(i, i + 1, 3);
      relax(i, i + width, 3);
      relax(i, i + width + 1, 4);
      relax(i, i + width - 1, 4);
    }
  }
  const best = new Map<number, { i: number; depth: number; off: number }>();
  for (let i = 0; i < n; i++) {
    const s = segments[i] ?? -1;
    const [sx, sy, count] = sums.get(s) ?? [0, 0, 1];
    const off = ((i % width) - sx / count) ** 2 + (Math.floor(i / width) - sy / count) ** 2;
    const d = depth[i] ?? 0;
    const current = best.get(s);
    if (current === undefined || d > current.depth || (d === current.depth && off < current.off)) {
      best.set(s, { i, depth: d, off });
    }
  }
  const anchors = new Map<number, Anchor>();
  for (const [s, { i }] of best) {
    anchors.set(s, { x: ((i % width) + 0.5) / width, y: (Math.floor(i / width) + 0.5) / height });
  }
  return anchors;
}

/** A tag to place, with its size on screen (CSS px). */
export interface TagBox {
  id: number;
  anchor: Anchor;
  width: number;
  height: number;
}

/**
 * Tags in priority order (strongest superpixel first) on an image shown
 * shownWidth x shownHeight px: each is kept inside the image, and one that would overlap
 * a tag already placed is left out (its region still tints, and hovering names it).
 */
export function placeTags(
  tags: readonly TagBox[],
  shownWidth: number,
  shownHeight: number,
): Map<number, Anchor> {
  const placed: { x: number; y: number; w: number; h: number; id: number }[] = [];
  for (const tag of tags) {
    const clamp = (v: number, half: number, size: number): number =>
      size <= 2 * half ? size / 2 : Math.min(size - half, Math.max(half, v));
    const x = clamp(tag.anchor.x * shownWidth, tag.width / 2, shownWidth);
    const y = clamp(tag.anchor.y * shownHeight, tag.height / 2, shownHeight);
    const clash = placed.some(
      (p) =>
        Math.abs(p.x - x) < (p.w + tag.width) / 2 && Math.abs(p.y - y) < (p.h + tag.height) / 2,
    );
    if (!clash) {
      placed.push({ x, y, w: tag.width, h: tag.height, id: tag.id });
    }
  }
  const out = new Map<number, Anchor>();
  for (const p of placed) {
    out.set(p.id, {
      x: shownWidth > 0 ? p.x / shownWidth : 0.5,
      y: shownHeight > 0 ? p.y / shownHeight : 0.5,
    });
  }
  return out;
}

/**
 * The readout under the image for the superpixel under the pointer or the focused bar:
 * "superpixel 8 (S8): +0.123, for cat"; a plain one says it is outside the top K.
 */
export function readoutText(
  meta: Meta,
  explanation: Explanation | null,
  regions: readonly Region[],
  id: number | null,
): string {
  if (id === null || id < 0) {
    return regions.length > 0
      ? "Hover a tagged region or a bar (or focus a bar) to link them."
      : "No superpixel has a weight yet.";
  }
  const region = regions.find((r) => r.id === id);
  if (region === undefined || explanation === null) {
    return `${superpixelName(id)}: not in the top ${regions.length}, left plain`;
  }
  const [up, down] = directionWords(meta, explanation.label);
  return `${superpixelName(id)} (${tagText(id)}): ${formatSigned(region.weight, 3)}, ${
    region.weight > 0 ? up : down
  }`;
}

/** The legend's words: what the two colours, the tint's strength and the tags mean. */
export interface LegendWords {
  up: string;
  down: string;
  strength: string;
  tags: string;
}

export function legendWords(
  meta: Meta,
  explanation: Explanation | null,
  regions: readonly Region[],
): LegendWords {
  const [up, down] = directionWords(meta, explanation?.label ?? 0);
  const first = regions[0];
  if (first === undefined) {
    return { up, down, strength: "", tags: "no superpixel has a weight" };
  }
  const max = formatNumber(Math.abs(first.weight), 3);
  const count = meta.n_features;
  return {
    up,
    down,
    strength: `stronger tint = larger |weight| (strongest ${max})`,
    tags: `${tagText(first.id)} = ${superpixelName(first.id)}; the top ${regions.length} of ${count} tinted, the rest plain`,
  };
}

export interface OverlayInput {
  /** RGBA pixels of the instance. */
  base: Uint8ClampedArray;
  segments: Int32Array;
  width: number;
  height: number;
  /** Per superpixel: +1 / -1 (tinted for / against), 0 (plain). */
  signs: Int8Array;
  /** Per superpixel: tint opacity in [0, 1]. */
  alphas: Float32Array;
  positive: Rgb;
  negative: Rgb;
  /** A superpixel to bring out: every other pixel is dimmed. */
  highlight?: number | null;
}

/** Fraction of brightness kept by pixels outside the highlighted superpixel. */
export const DIM = 0.4;

/** Per-superpixel signs and tint opacities of `regions`, for {@link composeOverlay}. */
export function regionStyle(
  regions: readonly Region[],
  count: number,
): { signs: Int8Array; alphas: Float32Array } {
  const signs = new Int8Array(count);
  const alphas = new Float32Array(count);
  for (const r of regions) {
    signs[r.id] = r.weight > 0 ? 1 : -1;
    alphas[r.id] = r.alpha;
  }
  return { signs, alphas };
}

/**
 * RGBA pixels of the instance: tinted superpixels blended with their signed colour at
 * their own opacity and outlined in the solid colour (so weak ones stay findable), plain
 * ones untouched; with a highlight, everything outside it is dimmed.
 */
export function composeOverlay(input: OverlayInput): Uint8ClampedArray<ArrayBuffer> {
  const { base, segments, width, height, signs, alphas, positive, negative } = input;
  const highlight = input.highlight ?? null;
  const out = new Uint8ClampedArray(base);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const seg = segments[i] ?? -1;
      const sign = signs[seg] ?? 0;
      const dim = highlight !== null && seg !== highlight ? DIM : 1;
      if (sign === 0 && dim === 1) {
        continue;
      }
      const edge =
        sign !== 0 &&
        ((x > 0 && segments[i - 1] !== seg) ||
          (x < width - 1 && segments[i + 1] !== seg) ||
          (y > 0 && segments[i - width] !== seg) ||
          (y < height - 1 && segments[i + width] !== seg));
      const a = sign === 0 ? 0 : edge ? 1 : Math.min(1, Math.max(0, alphas[seg] ?? 0));
      const colour = sign > 0 ? positive : negative;
      const k = i * 4;
      for (let c = 0; c < 3; c++) {
        out[k + c] = ((base[k + c] ?? 0) * (1 - a) + colour[c as 0 | 1 | 2] * a) * dim;
      }
    }
  }
  return out;
}
