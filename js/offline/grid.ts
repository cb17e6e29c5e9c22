/**
 * A saved explanation's fits (lime_widget/explanation/_offline.py `offline_grid`): every
 * fit the kernel-width, K, feature-selection and class controls can ask for, computed by the
 * kernel exactly as `Explanation.refit` computes it. Without a kernel, this answers in its
 * place: the numbers travel as little-endian float64, so the page shows the refit's own.
 */

import { decodeBase64 } from "../contract/base64";
import { finite, integer, list, nullable, record, string } from "../contract/parse";

export const GRID_METHODS = ["forward_selection", "highest_weights", "lasso_path", "none"] as const;
export type GridMethod = (typeof GRID_METHODS)[number];

export interface Grid {
  widths: number[];
  labels: number[];
  ks: number[];
  /** index[method][k][width][label]: the fit's number. */
  index: Record<GridMethod, number[][][]>;
  offsets: Uint32Array;
  ids: Uint32Array;
  weights: Float64Array;
  /** intercept, score, local prediction per fit. */
  scalars: Float64Array;
  ess: number[];
  /** The kernel's sample-size warning per width and K (null: none). */
  essWarning: (string | null)[][];
  nSamples: number;
}

export interface Fit {
  /** (feature id, weight), strongest first, as `local_exp`. */
  features: [number, number][];
  intercept: number;
  score: number;
  localPred: number;
}

function u32(base64: string): Uint32Array {
  const bytes = decodeBase64(base64);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) {
    out[i] = view.getUint32(i * 4, true);
  }
  return out;
}

function f64(base64: string): Float64Array {
  const bytes = decodeBase64(base64);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(bytes.length / 8);
  for (let i = 0; i < out.length; i++) {
    out[i] = view.getFloat64(i * 8, true);
  }
  return out;
}

function ints(v: unknown, path: string): number[] {
  return list(v, path, (x, p) => integer(x, p, 0));
}

/** No fits at all: every setting but the one shown is refused. */
export const EMPTY_GRID: Grid = {
  widths: [],
  labels: [],
  ks: [],
  index: { forward_selection: [], highest_weights: [], lasso_path: [], none: [] },
  offsets: new Uint32Array(1),
  ids: new Uint32Array(0),
  weights: new Float64Array(0),
  scalars: new Float64Array(0),
  ess: [],
  essWarning: [],
  nSamples: 0,
};

/** Parse the grid block of a saved page; throws with the offending field. */
export function parseGrid(raw: unknown): Grid {
  const g = record(raw, "grid");
  const index = record(g.index, "grid.index");
  const table = {} as Record<GridMethod, number[][][]>;
  for (const method of GRID_METHODS) {
    table[method] = list(index[method], `grid.index.${method}`, (perK, p1) =>
      list(perK, p1, (perWidth, p2) => ints(perWidth, p2)),
    );
  }
  const grid: Grid = {
    widths: list(g.widths, "grid.widths", finite),
    labels: ints(g.labels, "grid.labels"),
    ks: ints(g.ks, "grid.ks"),
    index: table,
    offsets: u32(string(g.offsets, "grid.offsets")),
    ids: u32(string(g.ids, "grid.ids")),
    weights: f64(string(g.weights, "grid.weights")),
    scalars: f64(string(g.scalars, "grid.scalars")),
    ess: list(g.ess, "grid.ess", finite),
    essWarning: list(g.ess_warning, "grid.ess_warning", (row, p) =>
      list(row, p, (w, q) => nullable(w, q, string)),
    ),
    nSamples: integer(g.n_samples, "grid.n_samples", 1),
  };
  if (grid.weights.length !== grid.ids.length || grid.offsets.length < 1) {
    throw new RangeError("grid: ids, weights and offsets disagree");
  }
  return grid;
}

/** The grid width nearest to `width` on a log scale (the controls snap to it). */
export function snapWidth(grid: Grid, width: number): number {
  let best = grid.widths[0] ?? width;
  for (const w of grid.widths) {
    if (Math.abs(Math.log(w / width)) < Math.abs(Math.log(best / width))) {
      best = w;
    }
  }
  return best;
}

/** The grid K nearest to `k` (K values above the grid's largest snap down). */
export function snapK(grid: Grid, k: number): number {
  let best = grid.ks[0] ?? k;
  for (const value of grid.ks) {
    if (Math.abs(value - k) < Math.abs(best - k)) {
      best = value;
    }
  }
  return best;
}

/** Lime's 'auto': forward selection up to 6 features, highest weights above. */
export function resolveMethod(method: string, k: number): GridMethod | null {
  if (method === "auto") {
    return k <= 6 ? "forward_selection" : "highest_weights";
  }
  return (GRID_METHODS as readonly string[]).includes(method) ? (method as GridMethod) : null;
}

/** The fit for a setting, or null if the grid does not hold it. */
export function fitAt(
  grid: Grid,
  setting: { width: number; k: number; method: string; label: number },
): Fit | null {
  const method = resolveMethod(setting.method, setting.k);
  const wi = grid.widths.indexOf(setting.width);
  const ki = grid.ks.indexOf(setting.k);
  const li = grid.labels.indexOf(setting.label);
  if (method === null || wi < 0 || ki < 0 || li < 0) {
    return null;
  }
  const number = grid.index[method]?.[ki]?.[wi]?.[li];
  if (number === undefined) {
    return null;
  }
  return readFit(grid, number);
}

function readFit(grid: Grid, number: number): Fit {
  const start = grid.offsets[number] ?? 0;
  const stop = grid.offsets[number + 1] ?? start;
  const features: [number, number][] = [];
  for (let i = start; i < stop; i++) {
    features.push([grid.ids[i] ?? 0, grid.weights[i] ?? 0]);
  }
  return {
    features,
    intercept: grid.scalars[3 * number] ?? Number.NaN,
    score: grid.scalars[3 * number + 1] ?? Number.NaN,
    localPred: grid.scalars[3 * number + 2] ?? Number.NaN,
  };
}
