/**
 * How far to trust the explanation: the surrogate's weighted R² (and, with diagnostics, on
 * rows the bootstrap refits did not use), its prediction at the instance next to the
 * model's, and how many samples the fit used. A poor fit gets a plain-words hint, since a
 * low R² is the most common way a LIME explanation misleads. An R² below zero says "worse
 * than a constant" (never "−2.11e18"), and a missing one "—".
 */

import type { Diagnostics } from "../contract/diagnostics";
import type { Explanation } from "../contract/explanation";
import type { Mode } from "../contract/meta";
import { cls, html, setText, type View } from "../util/dom";
import {
  formatCount,
  formatPrediction,
  formatR2,
  formatShort,
  formatSignedShort,
  plural,
} from "../util/format";
import type { Shown } from "../view-model/shown";

/** Below this weighted R², the readout suggests a narrower kernel. */
export const POOR_FIT_R2 = 0.3;

export const POOR_FIT_HINT = "the linear surrogate fits poorly here; try a narrower kernel";
/** When the kernel-width chart shows no narrower width fitting better. */
export const POOR_FIT_EVERYWHERE =
  "the linear surrogate fits poorly here, and no narrower kernel fits better (see the kernel-width chart)";
/** A narrower width must beat the current R² by this much to be suggested. */
const BETTER_BY = 0.05;

/**
 * "surrogate R² 0.71 · out-of-sample R² 0.48 · surrogate at instance 0.88 vs model 0.93
 * (gap −0.05) · fit on 5,000 samples"; the diagnostics' parts only when they are known.
 */
export function fidelityText(
  explanation: Explanation,
  diagnostics: Diagnostics | null = null,
  mode: Mode = "classification",
): string {
  const outOfSample = diagnostics?.out_of_sample_r2 ?? null;
  const gap = diagnostics?.local_gap ?? null;
  // A regression's outputs read as the title prints the prediction ("322.2"), not "322.15".
  const output =
    mode === "regression"
      ? (v: number | null) => (v === null ? "n/a" : formatPrediction(v))
      : formatShort;
  const signed =
    mode === "regression"
      ? (v: number) => (v > 0 ? `+${formatPrediction(v)}` : formatPrediction(v))
      : signedSmall;
  return [
    `surrogate R² ${formatR2(explanation.score)}`,
    ...(diagnostics === null ? [] : [`out-of-sample R² ${formatR2(outOfSample)}`]),
    `surrogate at instance ${output(explanation.local_pred)} vs model ${output(explanation.model_pred)}` +
      (gap === null ? "" : ` (gap ${signed(gap)})`),
    `fit on ${formatCount(explanation.n_samples)} ${plural(explanation.n_samples, "sample")}`,
  ].join(" · ");
}

/**
 * A small signed difference in plain decimals, two significant digits ("−0.00075", never
 * "−7.54e−4" beside "0.93"); larger ones as the other numbers of the line.
 */
export function signedSmall(value: number): string {
  const size = Math.abs(value);
  if (size === 0 || size >= 0.01) {
    return formatSignedShort(value);
  }
  const digits = Math.min(8, Math.ceil(-Math.log10(size)) + 1);
  const text = size.toFixed(digits);
  return `${value < 0 ? "\u2212" : "+"}${text}`;
}

/**
 * The hint to show, or null when the fit is good enough (or its quality unknown). A
 * narrower kernel leaves fewer effective samples, so "narrower" is said only when the
 * kernel's diagnostics show them ample: with too few (the ESS warning says to widen the
 * kernel) or not yet known, it would point the wrong way, so the hint stays quiet.
 */
export function fidelityHint(
  explanation: Explanation,
  diagnostics: Diagnostics | null = null,
): string | null {
  if (diagnostics === null || diagnostics.ess === null || diagnostics.ess_warning !== null) {
    return null;
  }
  const score = explanation.score;
  if (score === null || score >= POOR_FIT_R2) {
    return null;
  }
  // Only point at a narrower kernel if the sweep shows one that fits better, on enough
  // samples: otherwise the hint would contradict the chart beside it.
  const sweep = diagnostics.sweep;
  const width = diagnostics.params.kernel_width;
  if (sweep === null) {
    return POOR_FIT_HINT;
  }
  const better = sweep.widths.some((w, i) => {
    const r2 = sweep.score[i] ?? null;
    const ess = sweep.ess[i] ?? 0;
    return (
      w < width && r2 !== null && r2 >= score + BETTER_BY && ess >= 0.05 * explanation.n_samples
    );
  });
  return better ? POOR_FIT_HINT : POOR_FIT_EVERYWHERE;
}

export function createFidelity(mode: Mode = "classification"): View<Shown | null> {
  const el = html("div", cls("fidelity"), { "data-testid": "lw-fidelity" });
  const text = html("span", cls("fidelity-text"));
  const hint = html("span", cls("hint"));
  hint.hidden = true;
  el.append(text, hint);

  return {
    el,
    update(shown) {
      // The exact numbers behind the text, for the browser tests that compare them with refit.
      const e = shown?.explanation;
      el.setAttribute("data-score", String(e?.score ?? ""));
      el.setAttribute("data-intercept", String(e?.intercept ?? ""));
      el.setAttribute("data-local-pred", String(e?.local_pred ?? ""));
      setText(text, shown === null ? "" : fidelityText(shown.explanation, shown.diagnostics, mode));
      const advice = shown === null ? null : fidelityHint(shown.explanation, shown.diagnostics);
      hint.hidden = advice === null;
      // The leading space keeps the readout's textContent readable; CSS puts the hint on its own line.
      setText(hint, advice === null ? "" : ` ${advice}`);
    },
    dispose() {},
  };
}
