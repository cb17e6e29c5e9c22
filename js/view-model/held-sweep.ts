/**
 * The kernel-width sweep between the kernel's reports: the kernel sends a sweep only once it
 * is idle, so the last one is held while the user moves the sliders, and read for the
 * effective sample size at a width the kernel has not reported on yet.
 */

import type { Diagnostics, Sweep } from "../contract/diagnostics";
import { PARAM_KEYS, type Params } from "../contract/params";

/** The last kernel-width sweep seen, kept while the kernel works on newer parameters. */
export interface HeldSweep {
  sweep: Sweep;
  params: Params;
}

/**
 * Which sweep to draw after `state`-like input: a fresh one replaces the held one, a fresh
 * block without a sweep clears it, and no diagnostics (the kernel is busy) keeps it.
 */
export function holdSweep(
  held: HeldSweep | null,
  diagnostics: Diagnostics | null,
): HeldSweep | null {
  if (diagnostics === null) {
    return held;
  }
  return diagnostics.sweep === null
    ? null
    : { sweep: diagnostics.sweep, params: diagnostics.params };
}

/**
 * How a held sweep relates to the parameters now shown: "same" (drawn as is), "width" (only
 * the kernel width moved — the curves are still true for these samples, only the marker
 * moves) or "other" (drawn dimmed until the kernel sends a new sweep).
 */
export function sweepRelation(held: HeldSweep, params: Params | null): "same" | "width" | "other" {
  if (params === null) {
    return "other";
  }
  const differ = PARAM_KEYS.filter((key) => held.params[key] !== params[key]);
  if (differ.length === 0) {
    return "same";
  }
  return differ.length === 1 && differ[0] === "kernel_width" ? "width" : "other";
}

/** Effective sample size at `width`, interpolated on log-width; null outside the grid. */
export function essAt(
  widths: readonly number[],
  ess: readonly number[],
  width: number,
): number | null {
  const first = widths[0];
  const last = widths[widths.length - 1];
  if (first === undefined || last === undefined || !(width >= first && width <= last)) {
    return null;
  }
  let i = 0;
  while (i < widths.length - 2 && (widths[i + 1] ?? last) < width) {
    i += 1;
  }
  const w0 = widths[i] ?? first;
  const w1 = widths[i + 1] ?? last;
  const t = w1 > w0 ? Math.log(width / w0) / Math.log(w1 / w0) : 0;
  return (ess[i] ?? 0) + t * ((ess[i + 1] ?? 0) - (ess[i] ?? 0));
}
