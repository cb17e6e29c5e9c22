/**
 * A card's words: its stability badge — the kernel's word (`badge_words`) through the single
 * view's own `trustWords` (views/stability.ts), so a card never says "stable" where its
 * opened view says "unreliable" — the rank the stability sort uses (the same verdict as a
 * number), and the class, probability and score lines.
 */

import type { Diagnostics } from "../contract/diagnostics";
import type { Explanation } from "../contract/explanation";
import type { Meta } from "../contract/meta";
import { formatPrediction, formatR2 } from "../util/format";
import { type Tone, trustWords, UNRELIABLE } from "../views/stability";
import { type Card, className, type GalleryMeta } from "./card";

export interface CardTrust {
  /** "stable · 0.93", "unreliable", "stability: …", "stability: not assessed" */
  badge: string;
  /** The badge's word ("" while pending or not assessed). */
  words: string;
  tone: Tone | "pending";
  help: string;
}

export const NOT_ASSESSED = "stability: not assessed";
const DROPPED_HELP =
  "This explanation dropped its samples (explain_many's default), so its stability could not " +
  "be assessed. Open the card to re-derive them (one model call), or explain with " +
  "keep_neighbourhood=True.";

/** The card's explanation in the single view's shape (the fields the trust rule reads). */
export function cardExplanation(card: Card): Explanation {
  return {
    label: card.label,
    intercept: card.intercept,
    score: card.score,
    local_pred: card.local_pred,
    model_pred: card.model_pred,
    n_samples: card.n_samples,
    features: card.features.map((f) => ({ ...f, value: "" })),
  };
}

/** The single view's Meta for one card: what `trustWords` reads (mode, classes, output). */
function cardMeta(meta: GalleryMeta, card: Card): Meta {
  const mode = meta.mode ?? "classification";
  return {
    kind: card.kind,
    mode,
    class_names: meta.class_names.length > 0 ? meta.class_names : ["value"],
    predict_proba: mode === "regression" ? [card.model_pred ?? 0] : [],
    n_features: Math.max(1, card.features.length),
    feature_names: [],
    kernel_width_default: 1,
    kernel_width_min: 0.05,
    kernel_width_max: 20,
    samples_min: 1,
    samples_max: 1,
    samples_step: 1,
    instance: [],
    tokens: [],
    image: null,
    // no kernel behind a card: its badge never offers Until stable
    offline: { reason: "", status: "" },
  };
}

function cardDiagnostics(card: Card): Diagnostics {
  const params = {
    kernel_width: 1,
    num_samples: card.n_samples,
    num_features: card.features.length,
    feature_selection: "",
    label: card.label,
  };
  return {
    label: card.label,
    params,
    stability: card.stability,
    stability_words: card.stability_words,
    badge_words: card.badge_words,
    n_boot: card.n_boot,
    intervals: [],
    top_k_frequency: [],
    out_of_sample_r2: null,
    local_gap: null,
    ess: null,
    ess_fraction: null,
    ess_warning: card.ess_warning,
    settled: card.settled,
    z: card.z,
    sweep: null,
  };
}

export function cardTrust(meta: GalleryMeta, card: Card): CardTrust {
  if (card.assessed === "none" || card.assessed === "failed") {
    return {
      badge: NOT_ASSESSED,
      words: "",
      tone: "neutral",
      help: card.assessed === "none" ? DROPPED_HELP : "The stability could not be computed.",
    };
  }
  const diagnostics = card.assessed === "done" ? cardDiagnostics(card) : null;
  const trust = trustWords(cardMeta(meta, card), {
    explanation: cardExplanation(card),
    params: null,
    diagnostics,
  });
  return { badge: trust.badge, words: trust.words, tone: trust.tone, help: trust.help };
}

/**
 * What the stability sort orders by: the figure the badge shows; -1 for an "unreliable"
 * badge (its figure says nothing); null (always last) while not assessed.
 */
export function stabilityRank(meta: GalleryMeta, card: Card): number | null {
  if (card.assessed !== "done" || card.stability === null) {
    return null;
  }
  return cardTrust(meta, card).words === UNRELIABLE ? -1 : card.stability;
}

/** "cat" and "p = 0.93" (classification), or "value" and "= 12.3" (regression). */
export function predictionWords(meta: GalleryMeta, card: Card): { name: string; value: string } {
  if (meta.mode === "regression") {
    const value = card.model_pred;
    return { name: "prediction", value: value === null ? "n/a" : formatPrediction(value) };
  }
  return {
    name: className(meta, card.pred),
    value: card.proba === null ? "p = n/a" : `p = ${card.proba.toFixed(2)}`,
  };
}

/** "R² 0.81" (the surrogate's weighted score on its samples). */
export function scoreWords(card: Card): string {
  return `R² ${formatR2(card.score)}`;
}

/** The card's accessible name: everything it shows, in one sentence. */
export function cardLabel(meta: GalleryMeta, card: Card): string {
  const prediction = predictionWords(meta, card);
  const parts = [`row ${card.row}`, `predicted ${prediction.name} (${prediction.value})`];
  if (meta.mode !== "regression" && card.label !== card.pred) {
    parts.push(`explains ${className(meta, card.label)}`);
  }
  if (card.true !== null) {
    parts.push(`true class ${className(meta, card.true)}`);
  }
  parts.push(scoreWords(card), cardTrust(meta, card).badge);
  return parts.join(", ");
}
