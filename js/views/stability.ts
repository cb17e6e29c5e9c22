/**
 * How much the ranking itself can be trusted: a badge by the chart title ("stable · 0.93",
 * the expected top-K overlap between bootstrap refits), the S-LIME verdict on whether the
 * K-th and (K+1)-th features are separated, and, under the chart, the features that are
 * not shown but often make the top K in refits.
 *
 * Badge and verdict are decided together (`trustWords`), from everything known about the
 * fit, so they never contradict each other or the rest of the page: no "stable" or
 * "settled" beside the effective-sample warning or a chart with no signal, no "unstable ·
 * top K settled", no "stable · … try Until stable", no "try Until stable" once its cap is
 * reached.
 *
 * The badge's word is the kernel's when it sends one (`badge_words`, decided by
 * lime_widget/explanation/_badge.py, so `w.state` says what the page shows); `badgeWords`
 * is the same rule for the states no kernel assessed (a saved page's other settings, older
 * kernels). tests/badge_cases.json holds the cases both are tested on.
 */

import type { Diagnostics, TopKFrequency } from "../contract/diagnostics";
import type { Meta } from "../contract/meta";
import { cls, html, setText } from "../util/dom";
import { formatCount, formatPercent, formatShort } from "../util/format";
import type { Shown } from "../view-model/shown";
import { featureLabel, signalOf } from "../view-model/trust";

export type Tone = "positive" | "neutral" | "negative";

/** The badge's word when the figure cannot be trusted whatever it says. */
export const UNRELIABLE = "unreliable";

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
  return `${words === "" ? "stability" : words} · ${stabilityFigure(stability)}`;
}

/**
 * The figure rounded down to two decimals, so it never crosses the threshold of the words
 * beside it: 0.7496 is "shaky · 0.74", not "shaky · 0.75" (0.75 is "mostly stable").
 */
export function stabilityFigure(stability: number): string {
  return (Math.floor(stability * 100 + 1e-9) / 100).toFixed(2);
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

/** What the badge and the verdict beside it say about one fit. */
export interface TrustWords {
  /** "stable · 0.93", "unreliable", "stability: …" */
  badge: string;
  /** The word the badge shows ("" while pending): data-words. */
  words: string;
  tone: Tone | "pending";
  help: string;
  /** The S-LIME verdict, or null when there is nothing to add (or it would contradict). */
  verdict: string | null;
  /** The verdict asks for action (more samples), rather than confirming. */
  open: boolean;
  verdictHelp: string;
}

const WORSE = new Set(["shaky", "unstable"]);

/**
 * The badge's word, where the kernel did not send it (lime_widget/explanation/_badge.py
 * `badge_words`, the same rule): "unreliable" with no signal or too few effective samples;
 * otherwise the figure's words, "stable" held to "mostly stable" while the K-th and
 * (K+1)-th are not separated (`settled` false; null under feature selection "none").
 */
export function badgeWords(
  stabilityWords: string,
  noSignal: boolean,
  essWarning: string | null,
  settled: boolean | null,
): string {
  if (noSignal || essWarning !== null) {
    return UNRELIABLE;
  }
  return stabilityWords === "stable" && settled === false ? "mostly stable" : stabilityWords;
}

/**
 * Badge and verdict from everything known about the shown fit. In order: nothing assessed
 * yet (pending, or "not assessed" after a failed job); no signal, or too few effective
 * samples (the bootstrap figure then says nothing: refits of a handful of samples agree
 * with one another — "unreliable", no verdict); otherwise the figure's words, with
 * "stable" held to "mostly stable" while the K-th and (K+1)-th are not separated, and
 * "top K settled" said only beside a stable or mostly stable badge. The word is the
 * kernel's `badge_words` when sent, else `badgeWords`'s.
 */
export function trustWords(meta: Meta, shown: Shown | null): TrustWords {
  const diagnostics = shown?.diagnostics ?? null;
  if (shown === null || diagnostics === null) {
    const failed = shown?.failed === true;
    return {
      badge: failed ? "stability: not assessed" : stabilityText(null),
      words: "",
      tone: failed ? "neutral" : "pending",
      help: failed
        ? "The model failed before this fit was assessed; the chart shows the last good fit."
        : stabilityHelp(null),
      verdict: null,
      open: false,
      verdictHelp: "",
    };
  }
  const base = { verdict: null, open: false, verdictHelp: "" };
  const figure =
    diagnostics.stability === null ? "" : ` (${stabilityFigure(diagnostics.stability)})`;
  const noSignal = signalOf(meta, shown.explanation).none;
  // Under feature selection "none" every feature is shown: there is no K-th to separate.
  const settled = shown.params?.feature_selection === "none" ? null : diagnostics.settled;
  const figureWords = diagnostics.stability_words;
  // "stable" and "not yet separated — try Until stable" cannot stand side by side.
  const words =
    diagnostics.badge_words ?? badgeWords(figureWords, noSignal, diagnostics.ess_warning, settled);
  if (words === UNRELIABLE) {
    const fewSamples = diagnostics.ess_warning !== null && !noSignal;
    return {
      ...base,
      badge: UNRELIABLE,
      words: UNRELIABLE,
      tone: "negative",
      help: fewSamples
        ? "Too few effective samples: refits of the same handful of samples agree with one " +
          `another, so the bootstrap figure${figure} says nothing. Widen the kernel or draw ` +
          "more samples."
        : "Every weight is negligible at this kernel width: there is no ranking to be stable " +
          `about, whatever the bootstrap figure${figure} says.`,
    };
  }
  const held = { ...diagnostics, stability_words: words };
  const help =
    stabilityHelp(diagnostics) +
    (words === figureWords
      ? ""
      : " Held at \u201cmostly stable\u201d: the K-th and (K+1)-th features are not yet separated.");
  const badge = { badge: stabilityText(held), words, tone: stabilityTone(words), help };
  const verdictHelp = settledHelp(diagnostics.z);
  if (settled === true) {
    // Beside "shaky" or "unstable", "settled" would contradict the badge: it stays quiet.
    const quiet = WORSE.has(words);
    return { ...badge, verdict: quiet ? null : settledText(true), open: false, verdictHelp };
  }
  if (settled === false) {
    return { ...badge, verdict: openVerdict(meta, shown, words), open: true, verdictHelp };
  }
  return { ...badge, ...base };
}

/**
 * The verdict while the K-th and (K+1)-th are not separated: "try Until stable", unless
 * there is no kernel to ask (a saved page), or the sample count is at Until stable's cap, where it cannot help: "stopped at 10,000
 * samples: still shaky" after a run, "… not yet separated (Until stable's cap: 10,000
 * samples)" otherwise.
 */
function openVerdict(meta: Meta, shown: Shown, words: string): string {
  if (meta.offline !== null) {
    // no kernel, no model: Until stable is off, so it is not offered
    return "K-th and (K+1)-th features not yet separated (more samples need the model)";
  }
  const cap = shown.stableMax ?? null;
  if (cap === null || shown.explanation.n_samples < cap) {
    return settledText(false) ?? "";
  }
  if (shown.afterUntilStable) {
    const still = WORSE.has(words) ? `still ${words}` : "K-th and (K+1)-th still not separated";
    return `stopped at ${formatCount(shown.explanation.n_samples)} samples: ${still}`;
  }
  return `K-th and (K+1)-th features not yet separated (Until stable's cap: ${formatCount(cap)} samples)`;
}

export interface StabilityView {
  /** Badge and verdict, for the chart's title row. */
  readonly head: HTMLElement;
  /** The "also often in the top K" note, for under the chart. */
  readonly also: HTMLElement;
  update(shown: Shown | null): void;
}

export function createStability(meta: Meta): StabilityView {
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
      const trust = trustWords(meta, shown);
      setText(badge, trust.badge);
      const className = cls("badge", `badge--${trust.tone}`);
      if (badge.className !== className) {
        badge.className = className;
      }
      badge.setAttribute("data-stability", String(diagnostics?.stability ?? ""));
      badge.setAttribute("data-words", trust.words);
      badge.title = trust.help;

      const settled = diagnostics?.settled ?? null;
      verdict.hidden = trust.verdict === null;
      setText(verdict, trust.verdict ?? "");
      verdict.className = cls("settled", trust.open ? "settled--open" : "settled--done");
      verdict.setAttribute("data-settled", String(settled));
      verdict.title = trust.verdictHelp;

      const ids = new Set(shown?.explanation.features.map((f) => f.id) ?? []);
      // Refits of a handful of samples (or of no signal) name features at random: not said.
      const named = alsoOften(diagnostics, ids).map((f) => ({
        ...f,
        name: featureLabel(meta, f.id, f.name),
      }));
      const text = trust.words === UNRELIABLE ? "" : alsoOftenText(named);
      also.hidden = text === "";
      setText(also, text);
    },
  };
}
