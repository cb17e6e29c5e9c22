/**
 * The image with the explanation's superpixels overlaid: a <canvas> showing the instance,
 * the top-K superpixels tinted in the signed colours at an adjustable opacity, and their
 * outlines in the solid colour so they stay visible at low opacity.
 */

import { decodeBase64 } from "../contract/base64";
import type { Explanation } from "../contract/explanation";
import type { Meta } from "../contract/meta";
import { cls, html, listen, setText, type View } from "../util/dom";
import { formatShort } from "../util/format";

export type Rgb = readonly [number, number, number];

const DEFAULT_POSITIVE: Rgb = [0x2b, 0x83, 0xba];
const DEFAULT_NEGATIVE: Rgb = [0xe6, 0x61, 0x01];
/** Thumbnails (CIFAR-sized, say) are scaled up, pixelated, to about this display width. */
const SMALL_IMAGE_WIDTH = 160;
const UPSCALED_WIDTH = 256;

/** Parse "#rgb", "#rrggbb" or "rgb(a)(r, g, b[, a])" as canvas and getComputedStyle print them. */
export function parseCssColor(text: string): Rgb | null {
  const s = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(s)?.[1];
  if (hex !== undefined) {
    const full = hex.length === 3 ? Array.from(hex, (c) => c + c).join("") : hex;
    const channel = (i: number): number => Number.parseInt(full.slice(i, i + 2), 16);
    return [channel(0), channel(2), channel(4)];
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(s);
  if (rgb !== null) {
    return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  }
  return null;
}

/**
 * Per-superpixel sign of the explanation's weight: +1, -1, or 0 for superpixels not in
 * the explanation. Ids outside 0..count-1 are ignored.
 */
export function segmentSigns(explanation: Explanation | null, count: number): Int8Array {
  const signs = new Int8Array(count);
  for (const feature of explanation?.features ?? []) {
    if (feature.id >= 0 && feature.id < count && feature.weight !== 0) {
      signs[feature.id] = feature.weight > 0 ? 1 : -1;
    }
  }
  return signs;
}

export interface OverlayInput {
  /** RGBA pixels of the instance. */
  base: Uint8ClampedArray;
  segments: Int32Array;
  width: number;
  height: number;
  signs: Int8Array;
  positive: Rgb;
  negative: Rgb;
  /** Tint opacity in [0, 1]. */
  opacity: number;
}

/** RGBA pixels of the instance with highlighted superpixels tinted and outlined. */
export function composeOverlay(input: OverlayInput): Uint8ClampedArray<ArrayBuffer> {
  const { base, segments, width, height, signs, positive, negative } = input;
  const alpha = Math.min(1, Math.max(0, input.opacity));
  const out = new Uint8ClampedArray(base);
  const signAt = (i: number): number => signs[segments[i] ?? -1] ?? 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const sign = signAt(i);
      if (sign === 0) {
        continue;
      }
      const colour = sign > 0 ? positive : negative;
      const seg = segments[i];
      const edge =
        (x > 0 && segments[i - 1] !== seg) ||
        (x < width - 1 && segments[i + 1] !== seg) ||
        (y > 0 && segments[i - width] !== seg) ||
        (y < height - 1 && segments[i + width] !== seg);
      const a = edge ? 1 : alpha;
      const k = i * 4;
      out[k] = (base[k] ?? 0) * (1 - a) + colour[0] * a;
      out[k + 1] = (base[k + 1] ?? 0) * (1 - a) + colour[1] * a;
      out[k + 2] = (base[k + 2] ?? 0) * (1 - a) + colour[2] * a;
    }
  }
  return out;
}

export function createImageView(meta: Meta, onInput: () => void): View<Explanation | null> {
  const image = meta.image;
  const el = html("div", cls("image"));
  if (image === null) {
    return { el, update() {}, dispose() {} };
  }
  const { width, height, segments } = image;
  const canvas = html("canvas", cls("canvas"), {
    "data-testid": "lw-image",
    width,
    height,
    role: "img",
    "aria-label": "instance image with the explanation's superpixels highlighted",
  });
  const scale = width < SMALL_IMAGE_WIDTH ? Math.round(UPSCALED_WIDTH / width) : 1;
  canvas.style.width = `${width * scale}px`;
  if (scale > 1) {
    canvas.classList.add(`${cls("canvas")}--pixelated`);
  }

  const opacity = html("input", "", {
    type: "range",
    min: 0,
    max: 1,
    step: 0.05,
    value: 0.5,
    "data-testid": "lw-opacity",
    "aria-label": "overlay opacity",
  });
  const opacityText = html("output", cls("output"), {}, "0.50");
  const opacityLabel = html("label", cls("opacity"));
  opacityLabel.append(html("span", "", {}, "overlay opacity"), opacity, opacityText);
  const message = html("div", cls("message"));
  message.hidden = true;
  el.append(canvas, opacityLabel, message);

  const ctx = canvas.getContext("2d");
  let base: ImageData | null = null;
  let current: Explanation | null = null;
  let disposed = false;

  const colour = (name: string, fallback: Rgb): Rgb => {
    const text = getComputedStyle(el).getPropertyValue(name);
    const direct = parseCssColor(text);
    if (direct !== null || ctx === null || text.trim() === "") {
      return direct ?? fallback;
    }
    // Any other CSS colour syntax: let the canvas normalise it to #rrggbb / rgba().
    ctx.fillStyle = "#000";
    ctx.fillStyle = text.trim();
    return parseCssColor(String(ctx.fillStyle)) ?? fallback;
  };

  const draw = (): void => {
    if (ctx === null || base === null) {
      return;
    }
    const pixels = composeOverlay({
      base: base.data,
      segments,
      width,
      height,
      signs: segmentSigns(current, meta.n_features),
      positive: colour("--lw-positive", DEFAULT_POSITIVE),
      negative: colour("--lw-negative", DEFAULT_NEGATIVE),
      opacity: Number(opacity.value),
    });
    ctx.putImageData(new ImageData(pixels, width, height), 0, 0);
  };

  const showError = (text: string): void => {
    message.hidden = false;
    setText(message, text);
  };

  const load = async (): Promise<void> => {
    if (ctx === null) {
      showError("This browser cannot draw on a canvas.");
      return;
    }
    const bytes = decodeBase64(image.png_base64);
    const bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: "image/png" }));
    if (disposed) {
      bitmap.close();
      return;
    }
    ctx.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    base = ctx.getImageData(0, 0, width, height);
    draw();
  };
  load().catch((error: unknown) => {
    showError(`Cannot show the image: ${error instanceof Error ? error.message : String(error)}`);
  });

  const unlisten = listen(opacity, "input", () => {
    setText(opacityText, formatShort(Number(opacity.value)));
    onInput();
    draw();
  });

  return {
    el,
    update(explanation) {
      current = explanation;
      draw();
    },
    dispose() {
      disposed = true;
      unlisten();
    },
  };
}
