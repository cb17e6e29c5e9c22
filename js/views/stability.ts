/**
 * How much the ranking itself can be trusted: a badge by the chart title ("stable · 0.93",
 * the expected top-K overlap between bootstrap refits), the S-LIME verdict on whether the
 * K-th and (K+1)-th features are separated, and, under the chart, the features that are
 * not shown but often make the top K in refits.
 */

import type { Diagnostics, TopKFrequency } from "../contract/diagnostics";
import { cls, html, setText } from "../util/dom";
import { formatPercent, formatShort } from "../util/format";
import type { Shown } from "../view-model/shown";

export type Tone = "positive" | "neutral" | "negative";

/** A feature not shown but in the top K of at least this share of refits gets named. */
export const ALSO_OFTEN_MIN = 0.2;
/** At most this many are named; the rest are counted. */
export const ALSO_OFTEN_MAX = 3;
/** Below this stability the help text asks for care (the kernel's "mostly stable" bound). */
export const CAREFUL_BELOW = 0.75;

/** Colour of the badge: good news in the positive colour, bad news in the negative one. */
export function stabilityTone(words: string): Tone {
  switch (words) {
    case "stable":
      return "positive";
    case "shaky":
    case "unstable":
      return "negative";
    default:
      return "neutral";
  }
}

/** "stable · 0.93"; "stability: …" while the kernel has not assessed this fit. */
export function stabilityText(diagnostics: Diagnostics | null): string {
  if (diagnostics === null) {
    return "stability: …";
  }
  const { stability, stability_words: words } = diagnostics;
  if (stability === null) {
    return words === "" ? "stability: n/a" : words;
  }
  return `${words === "" ? "stability" : words} · ${formatShort(stability)}`;
}

export function stabilityHelp(diagnostics: Diagnostics | null): string {
  if (diagnostics === null) {
    return (
      "How stable the top K features are. Assessed once the kernel is idle, " +
      "from bootstrap refits over the cached samples (no extra model calls)."
    );
  }
  const refits =
    diagnostics.n_boot === null ? "bootstrap refits" : `${diagnostics.n_boot} bootstrap refits`;
  return (
    "If LIME drew other random samples, the top K features would overlap this much on " +
    `average (Jaccard index, ${refits} over these samples — no extra model calls). ` +
    `Below ${CAREFUL_BELOW}, read the ranking with care.`
  );
}

/** The S-LIME verdict in words, or null when the kernel did not test it. */
export function settledText(settled: boolean | null): string | null {
  if (settled === null) {
    return null;
  }
  return settled
    ? "top K settled"
    : "K-th and (K+1)-th features not yet separated — try Until stable";
}

export function settledHelp(z: number | null): string {
  const score = z === null ? "" : ` (z = ${formatShort(z)})`;
  return (
    "S-LIME test: is the gap between the K-th and (K+1)-th features' weights larger than " +
    `its standard error explains${score}? If not, more samples could swap them.`
  );
}

/**
 * Features not in the explanation that refits often put in the top K (share >= `min`),
 * most frequent first.
 */
export function alsoOften(
  diagnostics: Diagnostics | null,
  shownIds: ReadonlySet<number>,
  min = ALSO_OFTEN_MIN,
): TopKFrequency[] {
  return (diagnostics?.top_k_frequency ?? [])
    .filter((f) => !shownIds.has(f.id) && f.frequency >= min)
    .sort((a, b) => b.frequency - a.frequency);
}

/** "Also often in the top K: mean texture (35 %), area (22 %) and 2 more"; "" for none. */
export function alsoOftenText(features: readonly TopKFrequency[], max = ALSO_OFTEN_MAX): string {
  if (features.length === 0) {
    return "";
  }
  const named = features.slice(0, max).map((f) => `${f.name} (${formatPercent(f.frequency)})`);
  const rest = features.length - named.length;
  return `Also often in the top K: ${named.join(", ")}${rest > 0 ? ` and ${rest} more` : ""}`;
}

export interface StabilityView {
  /** Badge and verdict, for the chart's title row. */
  readonly head: HTMLElement;
  /** The "also often in the top K" note, for under the chart. */
  readonly also: HTMLElement;
  update(shown: Shown | null): void;
}

export function createStability(): StabilityView {
  const head = html("div", cls("trust"));
  const badge = html("span", cls("badge", "badge--neutral"), {
    "data-testid": "lw-stability",
    "data-stability": "",
  });
  const verdict = html("span", cls("settled"), { "data-testid": "lw-settled" });
  head.append(badge, verdict);
  const also = html("div", cls("also"), { "data-testid": "lw-also" });
  also.hidden = true;

  return {
    head,
    also,
    update(shown) {
      const diagnostics = shown?.diagnostics ?? null;
      head.hidden = shown === null;
      setText(badge, stabilityText(diagnostics));
      const tone = diagnostics === null ? "pending" : stabilityTone(diagnostics.stability_words);
      const className = cls("badge", `badge--${tone}`);
      if (badge.className !== className) {
        badge.className = className;
      }
      badge.setAttribute("data-stability", String(diagnostics?.stability ?? ""));
      badge.setAttribute("data-words", diagnostics?.stability_words ?? "");
      badge.title = stabilityHelp(diagnostics);

      const settled = diagnostics?.settled ?? null;
      const words = settledText(settled);
      verdict.hidden = words === null;
      setText(verdict, words ?? "");
      verdict.className = cls("settled", settled === false ? "settled--open" : "settled--done");
      verdict.setAttribute("data-settled", String(settled));
      verdict.title = words === null ? "" : settledHelp(diagnostics?.z ?? null);

      const ids = new Set(shown?.explanation.features.map((f) => f.id) ?? []);
      const text = alsoOftenText(alsoOften(diagnostics, ids));
      also.hidden = text === "";
      setText(also, text);
    },
  };
}
