/**
 * The gallery's payloads (lime_widget/explanation/_cards.py, lime_widget/live/_gallery.py):
 * what every card shares (`meta`), one card, the run's progress and an image card's
 * thumbnail. Parsers never throw; a bad card is dropped and named, the others still show.
 */

import {
  boolean,
  fail,
  finite,
  guard,
  integer,
  list,
  nullable,
  oneOf,
  type Parsed,
  record,
  string,
} from "../contract/parse";

export type CardKind = "tabular" | "text" | "image";

export interface GalleryMeta {
  kind: CardKind | null;
  mode: "classification" | "regression" | null;
  class_names: string[];
  /** Rows the gallery holds when complete. */
  total: number;
}

export interface CardFeature {
  id: number;
  name: string;
  weight: number;
}

export interface SnippetToken {
  text: string;
  /** Index of the word feature; -1 for separators and whitespace. */
  feature: number;
}

export interface Snippet {
  tokens: SnippetToken[];
  cut_before: boolean;
  cut_after: boolean;
}

/** "pending": being computed; "none": the samples were dropped; "failed"; "done". */
export type Assessed = "pending" | "none" | "failed" | "done";

export interface Card {
  row: number;
  seq: number;
  kind: CardKind;
  /** The class the card explains (the single view's first class). */
  label: number;
  /** The predicted class (argmax of the model's probabilities; 0 in regression). */
  pred: number;
  /** The model's probability of `pred` (null in regression). */
  proba: number | null;
  /** The model's output for `label` (its probability), or the regression value. */
  model_pred: number | null;
  true: number | null;
  score: number | null;
  intercept: number | null;
  local_pred: number | null;
  n_samples: number;
  features: CardFeature[];
  assessed: Assessed;
  stability: number | null;
  stability_words: string;
  /** The badge's word as the kernel decided it (null: not sent; decided as the view does). */
  badge_words: string | null;
  n_boot: number | null;
  ess_warning: string | null;
  settled: boolean | null;
  z: number | null;
  snippet: Snippet | null;
}

export interface Progress {
  status: "running" | "done" | "cancelled" | "error" | "ready";
  done: number;
  total: number;
  assessing: number;
  error: string | null;
  /** The row whose live view is being prepared (-1: none). */
  opening: number;
  open_error: string | null;
  seq: number;
}

export interface Thumb {
  width: number;
  height: number;
  /** The image, PNG or JPEG, base64. */
  image: string;
  /** 8-bit PNG, base64: 1 + the position of the pixel's superpixel in `features` (0: plain). */
  slots: string;
}

export const EMPTY_META: GalleryMeta = { kind: null, mode: null, class_names: [], total: 0 };

const KINDS = ["tabular", "text", "image"] as const;

export function parseGalleryMeta(raw: unknown): Parsed<GalleryMeta> {
  return guard(() => {
    const m = record(raw, "meta");
    return {
      kind: nullable(m.kind, "meta.kind", (v, p) => oneOf(v, p, KINDS)),
      mode: nullable(m.mode, "meta.mode", (v, p) =>
        oneOf(v, p, ["classification", "regression"] as const),
      ),
      class_names: list(m.class_names, "meta.class_names", string),
      total: integer(m.total, "meta.total", 0),
    };
  });
}

export function parseProgress(raw: unknown): Parsed<Progress> {
  return guard(() => {
    const p = record(raw, "progress");
    return {
      status: oneOf(p.status, "progress.status", [
        "running",
        "done",
        "cancelled",
        "error",
        "ready",
      ] as const),
      done: integer(p.done, "progress.done", 0),
      total: integer(p.total, "progress.total", 0),
      assessing: integer(p.assessing, "progress.assessing", 0),
      error: nullable(p.error, "progress.error", string),
      opening: integer(p.opening, "progress.opening", -1),
      open_error: nullable(p.open_error, "progress.open_error", string),
      seq: integer(p.seq, "progress.seq", 0),
    };
  });
}

function feature(v: unknown, path: string): CardFeature {
  const f = record(v, path);
  return {
    id: integer(f.id, `${path}.id`, -1),
    name: string(f.name, `${path}.name`),
    weight: finite(f.weight, `${path}.weight`),
  };
}

function snippet(v: unknown, path: string): Snippet {
  const s = record(v, path);
  return {
    tokens: list(s.tokens, `${path}.tokens`, (t, p) => {
      const r = record(t, p);
      return { text: string(r.text, `${p}.text`), feature: integer(r.feature, `${p}.feature`, -1) };
    }),
    cut_before: boolean(s.cut_before, `${path}.cut_before`),
    cut_after: boolean(s.cut_after, `${path}.cut_after`),
  };
}

export function parseCard(raw: unknown, path = "card"): Parsed<Card> {
  return guard(() => {
    const c = record(raw, path);
    const kind = oneOf(c.kind, `${path}.kind`, KINDS);
    const opt = <T>(key: string, parse: (v: unknown, p: string) => T): T | null =>
      nullable(c[key] ?? null, `${path}.${key}`, parse);
    const assessed = oneOf(c.assessed, `${path}.assessed`, [
      "pending",
      "none",
      "failed",
      "done",
    ] as const);
    const card: Card = {
      row: integer(c.row, `${path}.row`, 0),
      seq: integer(c.seq, `${path}.seq`, 0),
      kind,
      label: integer(c.label, `${path}.label`, 0),
      pred: integer(c.pred, `${path}.pred`, 0),
      proba: opt("proba", finite),
      model_pred: opt("model_pred", finite),
      true: opt("true", (v, p) => integer(v, p, 0)),
      score: opt("score", finite),
      intercept: opt("intercept", finite),
      local_pred: opt("local_pred", finite),
      n_samples: integer(c.n_samples ?? 0, `${path}.n_samples`, 0),
      features: list(c.features, `${path}.features`, feature),
      assessed,
      stability: opt("stability", finite),
      stability_words: opt("stability_words", string) ?? "",
      badge_words: opt("badge_words", string),
      n_boot: opt("n_boot", (v, p) => integer(v, p, 0)),
      ess_warning: opt("ess_warning", string),
      settled: opt("settled", boolean),
      z: opt("z", finite),
      snippet: kind === "text" ? snippet(c.snippet, `${path}.snippet`) : null,
    };
    if (card.stability !== null && (card.stability < 0 || card.stability > 1)) {
      fail(`${path}.stability must be in [0, 1]`);
    }
    return card;
  });
}

export function parseThumb(raw: unknown, path = "thumb"): Parsed<Thumb> {
  return guard(() => {
    const t = record(raw, path);
    return {
      width: integer(t.width, `${path}.width`, 1),
      height: integer(t.height, `${path}.height`, 1),
      image: string(t.image, `${path}.image`),
      slots: string(t.slots, `${path}.slots`),
    };
  });
}

/** A class's name: its name, or "class 3" if none was sent. */
export function className(meta: GalleryMeta, index: number | null): string {
  if (index === null) {
    return "";
  }
  return meta.class_names[index] ?? `class ${index}`;
}
