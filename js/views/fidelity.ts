/**
 * How far to trust the explanation: the surrogate's weighted R² (and, with diagnostics, on
 * rows the bootstrap refits did not use), its prediction at the instance next to the
 * model's, and how many samples the fit used. A poor fit gets a plain-words hint, since a
 * low R² is the most common way a LIME explanation misleads.
 */

import type { Diagnostics } from "../contract/diagnostics";
import type { Explanation } from "../contract/explanation";
import { cls, html, setText, type View } from "../util/dom";
import { formatCount, formatShort, formatSignedShort } from "../util/format";
import type { Shown } from "../view-model/shown";

/** Below this weighted R², the readout suggests a narrower kernel. */
export const POOR_FIT_R2 = 0.3;

export const POOR_FIT_HINT = "the linear surrogate fits poorly here; try a narrower kernel";

/**
 * "surrogate R² 0.71 · out-of-sample R² 0.48 · surrogate at instance 0.88 vs model 0.93
 * (gap −0.05) · fit on 5,000 samples"; the diagnostics' parts only when they are known.
 */
export function fidelityText(
  explanation: Explanation,
  diagnostics: Diagnostics | null = null,
): string {
  const outOfSample = diagnostics?.out_of_sample_r2 ?? null;
  const gap = diagnostics?.local_gap ?? null;
  return [
    `surrogate R² ${formatShort(explanation.score)}`,
    ...(outOfSample === null ? [] : [`out-of-sample R² ${formatShort(outOfSample)}`]),
    `surrogate at instance ${formatShort(explanation.local_pred)} vs model ${formatShort(explanation.model_pred)}` +
      (gap === null ? "" : ` (gap ${formatSignedShort(gap)})`),
    `fit on ${formatCount(explanation.n_samples)} samples`,
  ].join(" · ");
}

/**
 * The hint to show, or null when the fit is good enough (or its quality unknown). When the
 * kernel is already so narrow that few samples count (the ESS warning says to widen it),
 * "narrower" would contradict it, so the hint stays quiet.
 */
export function fidelityHint(
  explanation: Explanation,
  diagnostics: Diagnostics | null = null,
): string | null {
  if (diagnostics?.ess_warning) {
    return null;
  }
  return explanation.score !== null && explanation.score < POOR_FIT_R2 ? POOR_FIT_HINT : null;
}

export function createFidelity(): View<Shown | null> {
  const el = html("div", cls("fidelity"), { "data-testid": "lw-fidelity" });
  const text = html("span", cls("fidelity-text"));
  const hint = html("span", cls("hint"));
  hint.hidden = true;
  el.append(text, hint);

  return {
    el,
    update(shown) {
      setText(text, shown === null ? "" : fidelityText(shown.explanation, shown.diagnostics));
      const advice = shown === null ? null : fidelityHint(shown.explanation, shown.diagnostics);
      hint.hidden = advice === null;
      // The leading space keeps the readout's textContent readable; CSS puts the hint on its own line.
      setText(hint, advice === null ? "" : ` ${advice}`);
    },
    dispose() {},
  };
}
