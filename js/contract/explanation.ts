/**
 * The `explanation` block of `state`: the surrogate's weights and fit, as the kernel sends
 * them (lime_widget/live/_widget.py).
 */

import { finite, integer, list, nullable, record, string } from "./parse";

export interface FeatureWeight {
  /** Feature index: tabular column, text word, image superpixel. */
  id: number;
  /** Readable condition, e.g. "worst radius > 16.80". */
  name: string;
  /** The instance's value as text; may be "". */
  value: string;
  weight: number;
}

export interface Explanation {
  label: number;
  /** null when not finite (the kernel sends JSON, which has no NaN). */
  intercept: number | null;
  /** Weighted R² of the surrogate; null if the kernel could not compute it. */
  score: number | null;
  local_pred: number | null;
  model_pred: number | null;
  n_samples: number;
  /** Sorted by |weight| descending. */
  features: FeatureWeight[];
}

export function explanation(v: unknown, path: string): Explanation {
  const e = record(v, path);
  return {
    label: integer(e.label, `${path}.label`, 0),
    intercept: nullable(e.intercept, `${path}.intercept`, finite),
    score: nullable(e.score, `${path}.score`, finite),
    local_pred: nullable(e.local_pred, `${path}.local_pred`, finite),
    model_pred: nullable(e.model_pred, `${path}.model_pred`, finite),
    n_samples: integer(e.n_samples, `${path}.n_samples`, 0),
    features: list(e.features, `${path}.features`, featureWeight),
  };
}

function featureWeight(v: unknown, path: string): FeatureWeight {
  const f = record(v, path);
  return {
    id: integer(f.id, `${path}.id`, 0),
    name: string(f.name, `${path}.name`),
    value: f.value === undefined || f.value === null ? "" : string(f.value, `${path}.value`),
    weight: finite(f.weight, `${path}.weight`),
  };
}
