/**
 * The parameters of a fit: the writable traits (kernel_width, num_samples, num_features,
 * feature_selection, label) and the `params` block of `state` and `state.diagnostics`
 * (lime_widget/live/_widget.py). Keys stay snake_case, as in Python.
 */

import { integer, positive, record, string } from "./parse";

export const FEATURE_SELECTIONS = [
  "auto",
  "forward_selection",
  "highest_weights",
  "lasso_path",
  "none",
] as const;
export type FeatureSelection = (typeof FEATURE_SELECTIONS)[number];

/** The parameters an explanation was fitted with; also the writable traits. */
export interface Params {
  kernel_width: number;
  num_samples: number;
  num_features: number;
  feature_selection: string;
  label: number;
}

/** Every key of Params: the writable traits, and what a fit's parameters are compared on. */
export const PARAM_KEYS = [
  "kernel_width",
  "num_samples",
  "num_features",
  "feature_selection",
  "label",
] as const satisfies readonly (keyof Params)[];

export function params(v: unknown, path: string): Params {
  const p = record(v, path);
  return {
    kernel_width: positive(p.kernel_width, `${path}.kernel_width`),
    num_samples: integer(p.num_samples, `${path}.num_samples`, 0),
    num_features: integer(p.num_features, `${path}.num_features`, 0),
    feature_selection: string(p.feature_selection, `${path}.feature_selection`),
    label: integer(p.label, `${path}.label`, 0),
  };
}
