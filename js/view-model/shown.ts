/**
 * What the views draw: the explanation on screen, the parameters it was fitted with and,
 * when they are fresh, its diagnostics and what became of the job behind it — plus the
 * per-feature lookups the bars read.
 */

import type { Diagnostics, WeightInterval } from "../contract/diagnostics";
import type { Explanation } from "../contract/explanation";
import type { Params } from "../contract/params";

/** What the views draw: an explanation, the parameters it was fitted with and its diagnostics. */
export interface Shown {
  explanation: Explanation;
  params: Params | null;
  diagnostics: Diagnostics | null;
  /** The newest job failed: this is the last good fit, kept on screen and never assessed further. */
  failed?: boolean;
  /** Until stable's sample cap, as the kernel reports it (null: not said). */
  stableMax?: number | null;
  /** The last Until stable run ended on this fit's samples. */
  afterUntilStable?: boolean;
}

/** Per-feature lookups for the shown bars. */
export function intervalsById(diagnostics: Diagnostics | null): Map<number, WeightInterval> {
  return new Map((diagnostics?.intervals ?? []).map((i) => [i.id, i]));
}

export function frequencyById(diagnostics: Diagnostics | null): Map<number, number> {
  return new Map((diagnostics?.top_k_frequency ?? []).map((f) => [f.id, f.frequency]));
}
