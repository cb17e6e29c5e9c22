/**
 * The `meta` trait (lime_widget/live/_widget.py): what is explained, written once by Python.
 * Parsers never throw; they name the offending field so the widget can say what is wrong
 * instead of going blank.
 */

import { decodeInt32LE } from "./base64";
import {
  fail,
  finite,
  guard,
  integer,
  list,
  oneOf,
  type Parsed,
  positive,
  record,
  string,
} from "./parse";

export type Kind = "tabular" | "text" | "image" | "recurrent";
export type Mode = "classification" | "regression";

export interface InstanceValue {
  name: string;
  value: string;
}

export interface Token {
  text: string;
  /** Index of the word feature; -1 for separators and whitespace. */
  feature: number;
}

export interface ImageMeta {
  width: number;
  height: number;
  png_base64: string;
  /** Superpixel id of every pixel, row-major, decoded from `segments_base64`. */
  segments: Int32Array;
}

/**
 * A recurrent (time-series) instance's layout: its features by time step. The explanation's
 * features are the cells, flattened feature by feature as lime does.
 */
export interface RecurrentGrid {
  /** The features of one time step: the grid's rows. */
  features: string[];
  /** The time steps, oldest first ("t-2", "t-1", "t-0"): the grid's columns. */
  steps: string[];
  /** `cells[f][t]`: the feature id (explanation feature) of feature f at time step t. */
  cells: number[][];
}

/** The `meta` trait: written once by Python. */
export interface Meta {
  kind: Kind;
  mode: Mode;
  class_names: string[];
  predict_proba: number[];
  n_features: number;
  feature_names: string[];
  kernel_width_default: number;
  kernel_width_min: number;
  kernel_width_max: number;
  samples_min: number;
  samples_max: number;
  samples_step: number;
  /** Tabular and recurrent only (empty otherwise): one entry per feature id. */
  instance: InstanceValue[];
  /** Text only (empty otherwise). */
  tokens: Token[];
  /** Image only. */
  image: ImageMeta | null;
  /** Recurrent only (null otherwise; optional for metas built in code, e.g. a gallery's). */
  recurrent?: RecurrentGrid | null;
  /**
   * Set when no kernel answers (a saved file, a notebook reopened without its kernel): why
   * the controls that need the model are off. The others refit from saved fits.
   */
  offline: OfflineMeta | null;
}

export interface OfflineMeta {
  reason: string;
  status: string;
  /**
   * The kernel widths and K values the saved fits hold, ascending: the sliders step through
   * these and nothing else. Absent or empty: no saved fits, so nothing can refit — the
   * kernel-width, K, selection and class controls are off, with `reason`.
   */
  widths?: readonly number[];
  ks?: readonly number[];
  /** The classes the saved fits hold, ascending (absent or empty: see `widths`). */
  labels?: readonly number[];
}

export function parseMeta(raw: unknown): Parsed<Meta> {
  return guard(() => {
    const m = record(raw, "meta");
    const kind = oneOf(m.kind, "meta.kind", ["tabular", "text", "image", "recurrent"] as const);
    const mode = oneOf(m.mode, "meta.mode", ["classification", "regression"] as const);
    const class_names = list(m.class_names, "meta.class_names", string);
    if (class_names.length === 0) {
      fail("meta.class_names must name at least one output");
    }
    const predict_proba = list(m.predict_proba, "meta.predict_proba", finite);
    if (predict_proba.length !== class_names.length) {
      fail(
        `meta.predict_proba must have one value per class (${class_names.length}), ` +
          `got ${predict_proba.length}`,
      );
    }
    const n_features = integer(m.n_features, "meta.n_features", 1);
    const kernel_width_min = positive(m.kernel_width_min, "meta.kernel_width_min");
    const kernel_width_max = positive(m.kernel_width_max, "meta.kernel_width_max");
    if (!(kernel_width_max > kernel_width_min)) {
      fail("meta.kernel_width_max must be greater than meta.kernel_width_min");
    }
    const samples_min = integer(m.samples_min, "meta.samples_min", 1);
    const samples_max = integer(m.samples_max, "meta.samples_max", samples_min);
    return {
      kind,
      mode,
      class_names,
      predict_proba,
      n_features,
      feature_names: list(m.feature_names, "meta.feature_names", string),
      kernel_width_default: positive(m.kernel_width_default, "meta.kernel_width_default"),
      kernel_width_min,
      kernel_width_max,
      samples_min,
      samples_max,
      samples_step: integer(m.samples_step, "meta.samples_step", 1),
      instance:
        kind === "tabular" || kind === "recurrent"
          ? list(m.instance, "meta.instance", instanceValue)
          : [],
      tokens: kind === "text" ? list(m.tokens, "meta.tokens", token) : [],
      image: kind === "image" ? imageMeta(m.image, "meta.image") : null,
      recurrent:
        kind === "recurrent" ? recurrentGrid(m.recurrent, "meta.recurrent", n_features) : null,
      offline: m.offline === undefined || m.offline === null ? null : offlineMeta(m.offline),
    };
  });
}

function offlineMeta(v: unknown): OfflineMeta {
  const r = record(v, "meta.offline");
  const ascending = (values: number[], path: string): number[] => {
    if (values.some((x, i) => i > 0 && !(x > (values[i - 1] ?? x)))) {
      fail(`${path} must be ascending`);
    }
    return values;
  };
  return {
    reason: string(r.reason, "meta.offline.reason"),
    status: string(r.status, "meta.offline.status"),
    widths:
      r.widths === undefined
        ? []
        : ascending(list(r.widths, "meta.offline.widths", positive), "meta.offline.widths"),
    ks:
      r.ks === undefined
        ? []
        : ascending(
            list(r.ks, "meta.offline.ks", (x, p) => integer(x, p, 1)),
            "meta.offline.ks",
          ),
    labels:
      r.labels === undefined
        ? []
        : ascending(
            list(r.labels, "meta.offline.labels", (x, p) => integer(x, p, 0)),
            "meta.offline.labels",
          ),
  };
}

function instanceValue(v: unknown, path: string): InstanceValue {
  const r = record(v, path);
  return { name: string(r.name, `${path}.name`), value: string(r.value, `${path}.value`) };
}

function token(v: unknown, path: string): Token {
  const r = record(v, path);
  return {
    text: string(r.text, `${path}.text`),
    feature: integer(r.feature, `${path}.feature`, -1),
  };
}

function imageMeta(v: unknown, path: string): ImageMeta {
  const r = record(v, path);
  const width = integer(r.width, `${path}.width`, 1);
  const height = integer(r.height, `${path}.height`, 1);
  const png_base64 = string(r.png_base64, `${path}.png_base64`);
  const encoded = string(r.segments_base64, `${path}.segments_base64`);
  let segments: Int32Array;
  try {
    segments = decodeInt32LE(encoded, width * height);
  } catch (error) {
    fail(`${path}.segments_base64: ${(error as Error).message}`);
  }
  return { width, height, png_base64, segments };
}

function recurrentGrid(v: unknown, path: string, nFeatures: number): RecurrentGrid {
  const r = record(v, path);
  const features = list(r.features, `${path}.features`, string);
  const steps = list(r.steps, `${path}.steps`, string);
  const cells = list(r.cells, `${path}.cells`, (row, rowPath) =>
    list(row, rowPath, (id, idPath) => integer(id, idPath, 0)),
  );
  if (cells.length !== features.length) {
    fail(`${path}.cells must have one row per feature (${features.length}), got ${cells.length}`);
  }
  cells.forEach((row, f) => {
    if (row.length !== steps.length) {
      fail(`${path}.cells[${f}] must have one id per time step (${steps.length})`);
    }
    const outside = row.find((id) => id >= nFeatures);
    if (outside !== undefined) {
      fail(`${path}.cells[${f}] names feature ${outside}, beyond meta.n_features (${nFeatures})`);
    }
  });
  return { features, steps, cells };
}
