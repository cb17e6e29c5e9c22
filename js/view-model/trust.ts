/**
 * What every view must agree on so that nothing on screen contradicts the numbers or itself:
 * whether the weights carry any signal at all (and the floor of the bars' scale that shows
 * it), whether the last Until stable run ended on the fit shown, which controls ask for
 * something other than what is shown after a failed job, and a readable name for a feature.
 */

import type { Explanation } from "../contract/explanation";
import type { Meta } from "../contract/meta";
import { PARAM_KEYS, type Params } from "../contract/params";
import type { State } from "../contract/state";

/**
 * Below this share of the output's scale no weight counts: "no signal at this width".
 * For a probability that is 0.001 — no feature moves it by a tenth of a percentage point.
 */
export const NEGLIGIBLE_SHARE = 1e-3;
/**
 * The bars' half-axis never shrinks below this share of the output's scale, so weights of
 * 1e−19 draw as the slivers they are instead of full-length bars.
 */
export const AXIS_FLOOR_SHARE = 0.01;

export interface Signal {
  /** The size of the model's output: 1 for probabilities, |prediction| in regression. */
  scale: number;
  /** The least half-width of the weights axis. */
  floor: number;
  /** Weights below this are negligible. */
  negligible: number;
  /** The largest |weight| shown. */
  largest: number;
  /** Every weight is negligible: the fit says nothing at these parameters. */
  none: boolean;
}

/**
 * The scale a weight is measured against. A classifier's outputs are probabilities, so 1
 * (not the instance's p, which may be 3e−14 for a confident model). A regressor's output
 * has its own units: the largest of the prediction, the surrogate's intercept and its
 * prediction at the instance. 0 when nothing is known (then there is no floor).
 */
export function outputScale(meta: Meta, explanation: Explanation): number {
  if (meta.mode === "classification") {
    return 1;
  }
  const values = [
    explanation.model_pred,
    explanation.intercept,
    explanation.local_pred,
    meta.predict_proba[0] ?? null,
  ];
  return values.reduce<number>(
    (max, v) => (v !== null && Number.isFinite(v) ? Math.max(max, Math.abs(v)) : max),
    0,
  );
}

export function signalOf(meta: Meta, explanation: Explanation): Signal {
  const scale = outputScale(meta, explanation);
  const largest = explanation.features.reduce((max, f) => Math.max(max, Math.abs(f.weight)), 0);
  const negligible = NEGLIGIBLE_SHARE * scale;
  return {
    scale,
    floor: AXIS_FLOOR_SHARE * scale,
    negligible,
    largest,
    none: explanation.features.length > 0 && largest < negligible,
  };
}

/** Where the last Until stable run stands: running, or ended on `samples` samples. */
export interface UntilStableRun {
  running: boolean;
  samples: number | null;
}

/**
 * Follow Until stable across states: a "stabilizing" state starts (or continues) a run; the
 * first state after it ends it at its sample count; the run is forgotten once the sample
 * count moves elsewhere (the user moved the slider: the fit is no longer the run's).
 */
export function followUntilStable(
  run: UntilStableRun | null,
  state: Pick<State, "status" | "params">,
): UntilStableRun | null {
  if (state.status === "stabilizing") {
    return { running: true, samples: null };
  }
  if (run === null) {
    return null;
  }
  const samples = state.params?.num_samples ?? null;
  if (run.running) {
    return samples === null ? null : { running: false, samples };
  }
  return samples === run.samples ? run : null;
}

/**
 * After a failed job: the parameters the controls ask for that the fit on screen was not
 * made with (its sample count is the explanation's own), so those controls can say so.
 */
export function staleKeys(
  asked: Params,
  shownParams: Params | null,
  explanation: Explanation,
  mode: Meta["mode"],
): (keyof Params)[] {
  return PARAM_KEYS.filter((key) => {
    if (key === "label" && mode === "regression") {
      return false;
    }
    if (key === "num_samples") {
      return asked.num_samples !== explanation.n_samples;
    }
    return shownParams !== null && asked[key] !== shownParams[key];
  });
}

/**
 * A feature's name for the page. Positional text (bow=False) names words "boring_53" (the
 * word and its character offset, as lime does): shown as "boring (word 12)", its place
 * among the document's words, so two occurrences read apart. Other names are kept.
 */
export function featureLabel(meta: Meta, id: number, name: string): string {
  if (meta.kind !== "text") {
    return name;
  }
  const match = /^(.*)_(\d+(?:-\d+)*)$/su.exec(name);
  const word = match?.[1];
  if (word === undefined || word === "") {
    return name;
  }
  const number = wordNumber(meta, id, word);
  return number === null ? name : `${word} (word ${number})`;
}

/** 1-based place of feature `id` among the document's words, if its token reads `word`. */
function wordNumber(meta: Meta, id: number, word: string): number | null {
  const seen = new Set<number>();
  for (const token of meta.tokens) {
    if (token.feature < 0 || seen.has(token.feature)) {
      continue;
    }
    seen.add(token.feature);
    if (token.feature === id) {
      return token.text === word ? seen.size : null;
    }
  }
  return null;
}
