/** Well-formed kernel payloads for the unit tests; each test spreads and breaks a copy. */

import { parseState, type State } from "./state";

export function tabularMeta(): Record<string, unknown> {
  return {
    kind: "tabular",
    mode: "classification",
    class_names: ["malignant", "benign"],
    predict_proba: [0.07, 0.93],
    n_features: 3,
    feature_names: ["worst radius", "mean texture", "colour"],
    kernel_width_default: 1.3,
    kernel_width_min: 0.13,
    kernel_width_max: 13,
    samples_min: 500,
    samples_max: 20000,
    samples_step: 500,
    instance: [
      { name: "worst radius", value: "17.99" },
      { name: "mean texture", value: "10.38" },
      { name: "colour", value: "red" },
    ],
  };
}

export function explanation(): Record<string, unknown> {
  return {
    label: 1,
    intercept: 0.41,
    score: 0.71,
    local_pred: 0.88,
    model_pred: 0.93,
    n_samples: 5000,
    features: [
      { id: 0, name: "worst radius > 16.80", value: "17.99", weight: -0.31 },
      { id: 2, name: "colour=red", value: "red", weight: 0.12 },
    ],
  };
}

export function state(
  seq: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    seq,
    status: "idle",
    rows_done: 5000,
    rows_target: 5000,
    model_rows: 5000,
    error: null,
    params: {
      kernel_width: 1.3,
      num_samples: 5000,
      num_features: 2,
      feature_selection: "auto",
      label: 1,
    },
    explanation: explanation(),
    ...overrides,
  };
}

/** Standard base64 of `values` as little-endian int32, built byte by byte. */
export function int32Base64(values: readonly number[]): string {
  const bytes: number[] = [];
  for (const v of values) {
    const u = v >>> 0;
    bytes.push(u & 0xff, (u >>> 8) & 0xff, (u >>> 16) & 0xff, u >>> 24);
  }
  return btoa(String.fromCharCode(...bytes));
}

/** Diagnostics for `state(seq)`'s parameters: 24 log-spaced widths, 3 features in the sweep. */
export function diagnostics(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const widths = Array.from({ length: 24 }, (_, i) => 0.065 * 400 ** (i / 23));
  return {
    label: 1,
    params: {
      kernel_width: 1.3,
      num_samples: 5000,
      num_features: 2,
      feature_selection: "auto",
      label: 1,
    },
    stability: 0.93,
    stability_words: "stable",
    n_boot: 50,
    intervals: [
      { id: 0, low: -0.36, high: -0.27 },
      { id: 2, low: 0.05, high: 0.2 },
    ],
    top_k_frequency: [
      { id: 0, name: "worst radius > 16.80", frequency: 1 },
      { id: 2, name: "colour=red", frequency: 0.94 },
      { id: 1, name: "mean texture <= 17.2", frequency: 0.35 },
      { id: 5, name: "area > 700", frequency: 0.12 },
    ],
    out_of_sample_r2: 0.48,
    local_gap: 0.03,
    ess: 1234.5,
    ess_fraction: 0.2469,
    ess_warning: null,
    settled: true,
    z: 2.4,
    sweep: {
      widths,
      score: widths.map((w, i) => (i === 0 ? null : Math.min(0.9, 0.3 + 0.1 * Math.log(w + 1)))),
      // 5 % of the samples (250) at a width of about 0.58.
      ess: widths.map((w) => 5000 * Math.min(1, w / 2.6) ** 2),
      features: [
        { id: 0, name: "worst radius > 16.80", weights: widths.map((w) => -0.3 - 0.01 * w) },
        { id: 2, name: "colour=red", weights: widths.map(() => 0.12) },
        { id: 1, name: "mean texture <= 17.2", weights: widths.map((w) => 0.02 * Math.log(w)) },
      ],
    },
    ...overrides,
  };
}

/** `raw` parsed as a state; throws with the parser's message when it does not parse. */
export function parsed(raw: Record<string, unknown>): State {
  const result = parseState(raw);
  if (!result.ok) {
    throw new Error(result.message);
  }
  return result.value;
}
