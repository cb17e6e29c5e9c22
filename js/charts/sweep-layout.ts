/**
 * Geometry of the kernel-width view, pure so it is unit-tested in node: x is the kernel
 * width on a log axis, the left axis the shown features' weights, the right axis the
 * weighted R² (0..1). Clicks map back to the nearest width of the kernel's grid, arrow keys
 * step along it, and widths where fewer than 5 % of the samples carry the fit are shaded.
 * The R² line is named where it ends: at R² ≈ 0.5 it runs on the weights' zero line.
 */

import type { Sweep, SweepFeature } from "../contract/diagnostics";
import { roundSignificant } from "../util/format";
import { linearScale } from "./bar-layout";

/** Widths where the effective sample size is below this share of the samples are shaded. */
export const LOW_ESS_FRACTION = 0.05;
/** More lines than this turn the chart into spaghetti: only the strongest are drawn. */
export const MAX_LINES = 6;

export interface SweepFrame {
  /** SVG size, in user units (= CSS px). */
  width: number;
  height: number;
  /** The plot box. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface Tick {
  /** Position along the axis (x for the width axis, y for the others). */
  at: number;
  label: string;
}

export interface SweepLine {
  id: number;
  name: string;
  /** Palette slot, 0 for the strongest feature. */
  slot: number;
  path: string;
}

export interface SweepLayout {
  frame: SweepFrame;
  widths: readonly number[];
  /** x of a kernel width (clamped to the grid's range). */
  x(width: number): number;
  lines: SweepLine[];
  /** Dashed weighted R²; gaps where the kernel had no score. */
  scorePath: string;
  /** Where the R² line's own name goes (end-anchored), by its last point; null without one. */
  scoreLabel: { x: number; y: number } | null;
  /** x ranges shaded for few effective samples. */
  bands: { x1: number; x2: number }[];
  zeroY: number;
  xTicks: Tick[];
  weightTicks: Tick[];
  scoreTicks: Tick[];
}

const MINUS = "\u2212";

/** The frame for a chart `width` px wide, ~640 x 180 in a 700 px cell. */
export function sweepFrame(width: number): SweepFrame {
  const w = Math.round(Math.min(760, Math.max(320, width)));
  const height = 180;
  return { width: w, height, left: 52, right: w - 40, top: 14, bottom: height - 30 };
}

/** Log-scale x over the grid's range, and its inverse. */
export function logAxis(
  min: number,
  max: number,
  left: number,
  right: number,
): { x(width: number): number; invert(x: number): number } {
  const l0 = Math.log(min);
  const span = Math.log(max) - l0 || 1;
  return {
    x: (width) => {
      const t = (Math.log(Math.min(max, Math.max(min, width))) - l0) / span;
      return left + t * (right - left);
    },
    invert: (x) => {
      const t = Math.min(1, Math.max(0, (x - left) / (right - left)));
      return Math.exp(l0 + t * span);
    },
  };
}

/** Index of the grid width nearest `width`, nearness measured as a ratio (log scale). */
export function nearestIndex(widths: readonly number[], width: number): number {
  const target = Math.log(width);
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  widths.forEach((w, i) => {
    const distance = Math.abs(Math.log(w) - target);
    if (distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  });
  return best;
}

/**
 * The neighbouring grid index from `width` in `direction`: from a grid width (within 1 %
 * of a step) the next one; from between two grid widths the nearer one on that side.
 * Stays at the ends.
 */
export function stepIndex(widths: readonly number[], width: number, direction: 1 | -1): number {
  const last = widths.length - 1;
  const i = nearestIndex(widths, width);
  const step = Math.log((widths[last] ?? 1) / (widths[0] ?? 1)) / Math.max(1, last);
  const onGrid = Math.abs(Math.log(width / (widths[i] ?? width))) <= 0.01 * step;
  if (onGrid) {
    return Math.min(last, Math.max(0, i + direction));
  }
  const below = (widths[i] ?? width) < width;
  if (direction > 0) {
    return below ? Math.min(last, i + 1) : i;
  }
  return below ? i : Math.max(0, i - 1);
}

/** The width a click at `x` picks: the nearest grid width, rounded to 4 significant digits. */
export function widthAt(widths: readonly number[], frame: SweepFrame, x: number): number {
  const axis = logAxis(widths[0] ?? 1, widths[widths.length - 1] ?? 1, frame.left, frame.right);
  return roundSignificant(widths[nearestIndex(widths, axis.invert(x))] ?? 1, 4);
}

/** The `max` features with the largest |weight| at the grid width nearest `width`. */
export function strongest(
  features: readonly SweepFeature[],
  widths: readonly number[],
  width: number,
  max = MAX_LINES,
): SweepFeature[] {
  const i = nearestIndex(widths, width);
  return [...features]
    .sort((a, b) => Math.abs(b.weights[i] ?? 0) - Math.abs(a.weights[i] ?? 0))
    .slice(0, max);
}

/**
 * x ranges where the effective sample size is below `fraction` of `nSamples`. Each grid
 * width owns the cell between the log-midpoints to its neighbours; adjacent cells merge.
 */
export function lowEssBands(
  widths: readonly number[],
  ess: readonly number[],
  nSamples: number,
  x: (width: number) => number,
  fraction = LOW_ESS_FRACTION,
): { x1: number; x2: number }[] {
  if (!(nSamples > 0)) {
    return [];
  }
  const edge = (i: number): number => {
    if (i <= 0) {
      return x(widths[0] ?? 1);
    }
    if (i >= widths.length) {
      return x(widths[widths.length - 1] ?? 1);
    }
    return x(Math.sqrt((widths[i - 1] ?? 1) * (widths[i] ?? 1)));
  };
  const bands: { x1: number; x2: number }[] = [];
  widths.forEach((_, i) => {
    if ((ess[i] ?? nSamples) / nSamples >= fraction) {
      return;
    }
    const previous = bands[bands.length - 1];
    const x1 = edge(i);
    const x2 = edge(i + 1);
    if (previous !== undefined && Math.abs(previous.x2 - x1) < 1e-9) {
      previous.x2 = x2;
    } else {
      bands.push({ x1, x2 });
    }
  });
  return bands;
}

/** 1-2-5 ticks inside [min, max], thinned to 1-per-decade when there are too many. */
export function logTicks(min: number, max: number, most = 9): number[] {
  const candidates = (mantissas: number[]): number[] => {
    const out: number[] = [];
    for (let k = Math.floor(Math.log10(min)); k <= Math.ceil(Math.log10(max)); k++) {
      for (const m of mantissas) {
        const v = roundSignificant(m * 10 ** k, 3);
        if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) {
          out.push(v);
        }
      }
    }
    return out;
  };
  const fine = candidates([1, 2, 5]);
  return fine.length <= most ? fine : candidates([1]);
}

/** About `count` round ticks over [lo, hi]. */
export function linearTicks(lo: number, hi: number, count = 5): number[] {
  const raw = (hi - lo) / count;
  if (!(raw > 0)) {
    return [lo];
  }
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    out.push(roundSignificant(Math.abs(v) < step * 1e-9 ? 0 : v, 6));
  }
  return out;
}

/** "0.05", "20", "−0.2": short labels with a true minus. */
export function tickLabel(value: number): string {
  const text = String(roundSignificant(value, 3));
  return text.replace("-", MINUS);
}

/** An SVG path through the points; a null y breaks the line. */
export function linePath(xs: readonly number[], ys: readonly (number | null)[]): string {
  let path = "";
  let pen = false;
  xs.forEach((x, i) => {
    const y = ys[i];
    if (y === null || y === undefined) {
      pen = false;
      return;
    }
    path += `${pen ? "L" : "M"}${round(x)} ${round(y)}`;
    pen = true;
  });
  return path;
}

/** The R² line's name, 10 px text: how far its glyphs reach above and below the baseline. */
const NAME_ASCENT = 9;
const NAME_DESCENT = 2;

/**
 * The R² line's name (its baseline; end-anchored) at the line's last point, just inside
 * the plot's right edge: above the line, or below it when another line (`others`: y per
 * grid width, the feature lines and the zero line) runs through that place, so the name
 * never sits on a line it does not name. It may use the margin above the plot.
 */
export function scoreLabelAt(
  xs: readonly number[],
  ys: readonly (number | null)[],
  frame: SweepFrame,
  others: readonly (readonly number[])[] = [],
): { x: number; y: number } | null {
  for (let i = ys.length - 1; i >= 0; i--) {
    const y = ys[i];
    const x = xs[i];
    if (y == null || x === undefined) {
      continue;
    }
    // The name spans the last ~20 px of the line: the last two grid points' heights.
    const near = others.flatMap((line) => [line[i], line[i - 1]]).filter((v) => v !== undefined);
    const fits = (b: number): boolean => b - NAME_ASCENT >= 1 && b + NAME_DESCENT <= frame.bottom;
    const clear = (b: number): boolean =>
      near.every((v) => v < b - NAME_ASCENT - 1 || v > b + NAME_DESCENT + 1);
    const candidates = [y - 4, y + 4 + NAME_ASCENT];
    const baseline = candidates.find((b) => fits(b) && clear(b)) ?? candidates.find(fits) ?? y - 4;
    return { x: Math.min(x, frame.right) - 4, y: round(baseline) };
  }
  return null;
}

export function layoutSweep(
  sweep: Sweep,
  width: number,
  nSamples: number,
  frame: SweepFrame,
): SweepLayout {
  const { widths } = sweep;
  const axis = logAxis(widths[0] ?? 1, widths[widths.length - 1] ?? 1, frame.left, frame.right);
  const xs = widths.map(axis.x);
  const drawn = strongest(sweep.features, widths, width);
  const values = drawn.flatMap((f) => f.weights);
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const pad = (hi - lo) * 0.08 || 1;
  const y = linearScale([lo - pad, hi + pad], [frame.bottom, frame.top]);
  const y2 = linearScale([0, 1], [frame.bottom, frame.top]);
  const scoreYs = sweep.score.map((s) => (s === null ? null : y2(Math.min(1, Math.max(0, s)))));
  const lineYs = drawn.map((f) => f.weights.map((w) => y(w)));
  const zeroY = y(0);
  return {
    frame,
    widths,
    x: axis.x,
    lines: drawn.map((f, slot) => ({
      id: f.id,
      name: f.name,
      slot,
      path: linePath(xs, lineYs[slot] ?? []),
    })),
    scorePath: linePath(xs, scoreYs),
    scoreLabel: scoreLabelAt(xs, scoreYs, frame, [...lineYs, xs.map(() => zeroY)]),
    bands: lowEssBands(widths, sweep.ess, nSamples, axis.x),
    zeroY,
    xTicks: logTicks(widths[0] ?? 1, widths[widths.length - 1] ?? 1).map((v) => ({
      at: axis.x(v),
      label: tickLabel(v),
    })),
    weightTicks: linearTicks(lo, hi).map((v) => ({
      at: y(v),
      label: v > 0 ? `+${tickLabel(v)}` : tickLabel(v),
    })),
    scoreTicks: [0, 0.5, 1].map((v) => ({ at: y2(v), label: String(v) })),
  };
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
