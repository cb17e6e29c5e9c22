/**
 * How many samples the fit really rests on, under the kernel-width slider: the effective
 * sample size (Σw)²/Σw² of the kernel weights, and the kernel's warning when it is too
 * small. While the user drags the slider the kernel sends no diagnostics, so the figure is
 * read off the last kernel-width sweep (same samples, another width) until it does. The
 * warning is worded here from the kernel's figures, so it counts and formats its numbers
 * as the rest of the page does ("1 effective sample", "0.1 %").
 */

import type { Diagnostics } from "../contract/diagnostics";
import type { Params } from "../contract/params";
import { cls, html, setText, type View } from "../util/dom";
import { formatCount, formatShare, plural } from "../util/format";
import { essAt, type HeldSweep, sweepRelation } from "../view-model/held-sweep";

export interface EssInput {
  diagnostics: Diagnostics | null;
  held: HeldSweep | null;
  params: Params | null;
  nSamples: number;
  /** Features the shown fit uses (all of them under feature selection "none"). */
  nFeatures?: number;
  /** The newest job failed: the fit shown is the last good one, never assessed further. */
  failed?: boolean;
}

export interface EssReading {
  ess: number | null;
  /** Read off the sweep, not reported by the kernel for this exact fit. */
  estimated: boolean;
}

export function currentEss(input: EssInput): EssReading {
  if (input.diagnostics?.ess != null) {
    return { ess: input.diagnostics.ess, estimated: false };
  }
  const { held, params } = input;
  if (held !== null && params !== null && sweepRelation(held, params) !== "other") {
    return { ess: essAt(held.sweep.widths, held.sweep.ess, params.kernel_width), estimated: true };
  }
  return { ess: null, estimated: false };
}

/** "≈ 1,234 effective samples", "≈ 1 effective sample"; "≈ … effective samples" when unknown. */
export function essText(ess: number | null, failed = false): string {
  if (ess === null) {
    return failed ? "effective samples: not assessed (the model failed)" : "≈ … effective samples";
  }
  const count = Math.round(ess);
  return `≈ ${formatCount(count)} effective ${plural(count, "sample")}`;
}

/**
 * The kernel's warning in the page's words: "Only 1 effective sample (0.1 % of 1,000) for
 * 10 features: …". The kernel decides whether to warn; `fallback` is its own text, used
 * when the figures are missing.
 */
export function essWarningText(
  ess: number | null,
  nSamples: number,
  nFeatures: number | null,
  fallback: string,
): string {
  if (ess === null || !(nSamples > 0)) {
    return fallback;
  }
  const count = Math.round(ess);
  const features =
    nFeatures === null ? "" : ` for ${formatCount(nFeatures)} ${plural(nFeatures, "feature")}`;
  // Two rules fire the warning: under 5 % of the samples carry weight (a handful), or
  // fewer than 10 per feature (too few for K features, however many there are).
  const handful = ess < 0.05 * nSamples;
  return (
    `Only ${formatCount(count)} effective ${plural(count, "sample")} ` +
    `(${formatShare(Math.min(1, ess / nSamples))} of ${formatCount(nSamples)})${features}: ` +
    (handful
      ? "the explanation rests on a handful of samples. Widen the kernel or draw more samples."
      : "fewer than 10 per feature, too few to weigh them all. Use fewer features, widen the kernel or draw more samples.")
  );
}

export function essHelp(reading: EssReading, nSamples: number): string {
  const share =
    reading.ess !== null && nSamples > 0
      ? ` About ${formatShare(Math.min(1, reading.ess / nSamples))} of the ${formatCount(nSamples)} samples carry the fit.`
      : "";
  const source = reading.estimated ? " (Estimated from the kernel-width sweep.)" : "";
  return (
    "Effective sample size (Σw)²/Σw² of the kernel weights: how many samples the fit " +
    `really rests on. A narrower kernel leaves fewer.${share}${source}`
  );
}

export function createEss(): View<EssInput> {
  const el = html("div", cls("ess-row"));
  const text = html("span", cls("ess"), { "data-testid": "lw-ess" }, essText(null));
  // A live region present from the start, so a warning that appears is announced.
  const warning = html("div", cls("ess-warning"), {
    "data-testid": "lw-ess-warning",
    role: "status",
  });
  el.append(text, warning);

  return {
    el,
    update(input) {
      const reading = currentEss(input);
      setText(text, essText(reading.ess, input.failed === true));
      text.title = essHelp(reading, input.nSamples);
      text.setAttribute("data-ess", reading.ess === null ? "" : String(reading.ess));
      text.setAttribute("data-estimated", String(reading.estimated));
      const kernelWarning = input.diagnostics?.ess_warning ?? null;
      setText(
        warning,
        kernelWarning === null
          ? ""
          : essWarningText(
              input.diagnostics?.ess ?? null,
              input.nSamples,
              input.nFeatures ?? null,
              kernelWarning,
            ),
      );
    },
    dispose() {},
  };
}
