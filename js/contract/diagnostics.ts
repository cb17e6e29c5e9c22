/**
 * The optional `state.diagnostics` block (lime_widget/explanation/_payload.py `diagnostics_dict`): how far
 * to trust the explanation — bootstrap intervals and top-K frequencies, stability, sample
 * size, the S-LIME separation test and a kernel-width sweep. It is an extra: a kernel that
 * does not send it, a malformed block or one computed for other parameters (stale) leaves
 * the widget drawing the explanation alone. Each part is checked on its own, so one bad
 * part (say, the sweep) does not hide the others.
 */

import { PARAM_KEYS, type Params } from "./params";
import {
  boolean,
  fail,
  finite,
  fraction,
  guard,
  integer,
  list,
  listOf,
  nonNegative,
  nullable,
  positive,
  record,
  string,
} from "./parse";

export interface WeightInterval {
  id: number;
  low: number;
  high: number;
}

export interface TopKFrequency {
  id: number;
  name: string;
  /** Share of bootstrap refits that put this feature in the top K, in [0, 1]. */
  frequency: number;
}

export interface SweepFeature {
  id: number;
  name: string;
  /** The feature's weight at each sweep width. */
  weights: number[];
}

export interface Sweep {
  /** Kernel widths, log-spaced, strictly ascending. */
  widths: number[];
  /** Weighted R² at each width (null where the kernel could not compute it). */
  score: (number | null)[];
  /** Effective sample size at each width. */
  ess: number[];
  features: SweepFeature[];
}

export interface Diagnostics {
  label: number;
  /** The parameters they were computed for (equal to the state's, or they are dropped). */
  params: Params;
  /** Expected top-K Jaccard between bootstrap refits, in [0, 1]; null if not computable. */
  stability: number | null;
  /** The figure's words: "stable" | "mostly stable" | "shaky" | "unstable" (others: neutral). */
  stability_words: string;
  /**
   * The badge's word, as the kernel decided it (lime_widget/explanation/_badge.py): the
   * figure's words, "unreliable" (no signal, too few effective samples) or "mostly stable"
   * for a "stable" whose K-th and (K+1)-th are not separated. null: not sent (older kernels,
   * a saved page's own refits); the page then decides it by the same rule.
   */
  badge_words: string | null;
  n_boot: number | null;
  intervals: WeightInterval[];
  /** Sorted by frequency, descending; may name features that are not shown. */
  top_k_frequency: TopKFrequency[];
  out_of_sample_r2: number | null;
  /** Surrogate prediction at the instance minus the model's. */
  local_gap: number | null;
  ess: number | null;
  ess_fraction: number | null;
  ess_warning: string | null;
  /** S-LIME: are the K-th and (K+1)-th features separated? null when not tested. */
  settled: boolean | null;
  z: number | null;
  sweep: Sweep | null;
}

/** What became of the kernel's diagnostics field. */
export type DiagnosticsStatus = "none" | "fresh" | "stale" | "invalid";

export interface DiagnosticsReading {
  diagnostics: Diagnostics | null;
  status: DiagnosticsStatus;
  /** Why a block was dropped (invalid), or which optional parts were (fresh). */
  problem: string | null;
}

/**
 * Check `raw` against the contract and against the parameters of the state it came with.
 * Never throws: bad input gives `{diagnostics: null, status: "invalid", problem}`.
 */
export function readDiagnostics(raw: unknown, params: Params | null): DiagnosticsReading {
  if (raw === null || raw === undefined) {
    return { diagnostics: null, status: "none", problem: null };
  }
  const problems: string[] = [];
  const parsed = guard(() => {
    const d = record(raw, "state.diagnostics");
    const path = (key: string): string => `state.diagnostics.${key}`;
    const forParams = record(d.params, path("params"));
    if (params === null || !PARAM_KEYS.every((key) => forParams[key] === params[key])) {
      return null;
    }
    // Optional parts: a malformed one is dropped and named, the rest still shown.
    const part = <T>(key: string, fallback: T, read: (v: unknown, path: string) => T): T => {
      const result = guard(() => read(d[key], path(key)));
      if (result.ok) {
        return result.value;
      }
      problems.push(result.message);
      return fallback;
    };
    const optionalNumber = (check: (v: unknown, path: string) => number) => {
      return (v: unknown, p: string): number | null => nullable(v, p, check);
    };
    const diagnostics: Diagnostics = {
      label: integer(d.label, path("label"), 0),
      params,
      stability: part("stability", null, optionalNumber(fraction)),
      stability_words: part("stability_words", "", (v, p) => nullable(v, p, string) ?? ""),
      badge_words: part("badge_words", null, (v, p) => nullable(v, p, string)),
      n_boot: part(
        "n_boot",
        null,
        optionalNumber((v, p) => integer(v, p, 1)),
      ),
      intervals: part("intervals", [], (v, p) => nullable(v, p, intervals) ?? []),
      top_k_frequency: part("top_k_frequency", [], (v, p) => nullable(v, p, frequencies) ?? []),
      out_of_sample_r2: part("out_of_sample_r2", null, optionalNumber(finite)),
      local_gap: part("local_gap", null, optionalNumber(finite)),
      ess: part("ess", null, optionalNumber(nonNegative)),
      ess_fraction: part("ess_fraction", null, optionalNumber(fraction)),
      ess_warning: part("ess_warning", null, (v, p) => nullable(v, p, string)),
      settled: part("settled", null, (v, p) => nullable(v, p, boolean)),
      z: part("z", null, optionalNumber(finite)),
      sweep: part("sweep", null, (v, p) => nullable(v, p, sweep)),
    };
    return diagnostics;
  });
  if (!parsed.ok) {
    return { diagnostics: null, status: "invalid", problem: parsed.message };
  }
  if (parsed.value === null) {
    return { diagnostics: null, status: "stale", problem: null };
  }
  return {
    diagnostics: parsed.value,
    status: "fresh",
    problem: problems.length === 0 ? null : problems.join(" "),
  };
}

function intervals(v: unknown, path: string): WeightInterval[] {
  return list(v, path, (item, p) => {
    const r = record(item, p);
    const low = finite(r.low, `${p}.low`);
    const high = finite(r.high, `${p}.high`);
    // A reversed pair still bounds the same interval.
    return { id: integer(r.id, `${p}.id`, 0), low: Math.min(low, high), high: Math.max(low, high) };
  });
}

function frequencies(v: unknown, path: string): TopKFrequency[] {
  const out = list(v, path, (item, p) => {
    const r = record(item, p);
    return {
      id: integer(r.id, `${p}.id`, 0),
      name: string(r.name, `${p}.name`),
      frequency: fraction(r.frequency, `${p}.frequency`),
    };
  });
  return out.sort((a, b) => b.frequency - a.frequency);
}

function sweep(v: unknown, path: string): Sweep {
  const r = record(v, path);
  const widths = list(r.widths, `${path}.widths`, positive);
  if (widths.length < 2 || widths.some((w, i) => i > 0 && !(w > (widths[i - 1] ?? 0)))) {
    fail(`${path}.widths must be at least 2 strictly ascending widths`);
  }
  const n = widths.length;
  return {
    widths,
    score: listOf(r.score, `${path}.score`, n, (x, p) => nullable(x, p, finite)),
    ess: listOf(r.ess, `${path}.ess`, n, nonNegative),
    features: list(r.features, `${path}.features`, (item, p) => {
      const f = record(item, p);
      return {
        id: integer(f.id, `${p}.id`, 0),
        name: string(f.name, `${p}.name`),
        weights: listOf(f.weights, `${p}.weights`, n, finite),
      };
    }),
  };
}
