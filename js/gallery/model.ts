/**
 * The gallery's cards and which of them show, in what order: a pure model, unit-tested in
 * node. Cards arrive by row with a change number (`seq`); an older copy of a card never
 * replaces a newer one, so pushes and pulls may deliver the same change twice, in any
 * order. Filters keep the cards of one predicted or true class; sorts order by score,
 * stability (the badge's verdict) or probability, missing values last, ties by row.
 */

import { stabilityRank } from "./badge";
import type { Card, GalleryMeta } from "./card";

export const SORTS = [
  { key: "row", label: "row" },
  { key: "-score", label: "score (R²), highest first" },
  { key: "score", label: "score (R²), lowest first" },
  { key: "-stability", label: "stability, highest first" },
  { key: "stability", label: "stability, lowest first" },
  { key: "-proba", label: "probability, highest first" },
  { key: "proba", label: "probability, lowest first" },
] as const;

export type SortKey = (typeof SORTS)[number]["key"];

export function isSortKey(value: unknown): value is SortKey {
  return SORTS.some((s) => s.key === value);
}

/** What is shown: a class to keep per filter (-1: all) and the order. */
export interface ViewState {
  filterPred: number;
  filterTrue: number;
  sort: SortKey;
}

export const ALL = -1;

/** The value a sort orders by, or null (sorted last whatever the direction). */
export function sortValue(meta: GalleryMeta, card: Card, field: string): number | null {
  switch (field) {
    case "score":
      return card.score;
    case "stability":
      return stabilityRank(meta, card);
    case "proba":
      return meta.mode === "regression" ? card.model_pred : card.proba;
    default:
      return card.row;
  }
}

/** Order of two cards' sort values: missing last whatever the direction, ties by row. */
function compareValues(
  x: number | null,
  y: number | null,
  descending: boolean,
  rowX: number,
  rowY: number,
): number {
  if (x !== y) {
    if (x === null) {
      return 1;
    }
    if (y === null) {
      return -1;
    }
    return descending ? y - x : x - y;
  }
  return rowX - rowY;
}

/** `cards` in the order `sort` asks for (a new list; each card's value computed once). */
export function sortCards(meta: GalleryMeta, cards: readonly Card[], sort: SortKey): Card[] {
  const descending = sort.startsWith("-");
  const field = descending ? sort.slice(1) : sort;
  return cards
    .map((card) => ({ card, value: sortValue(meta, card, field) }))
    .sort((a, b) => compareValues(a.value, b.value, descending, a.card.row, b.card.row))
    .map((entry) => entry.card);
}

export function matches(card: Card, view: ViewState): boolean {
  return (
    (view.filterPred === ALL || card.pred === view.filterPred) &&
    (view.filterTrue === ALL || card.true === view.filterTrue)
  );
}

/** A filter option: the class, its name and how many cards have it. */
export interface ClassCount {
  index: number;
  count: number;
}

export class CardSet {
  private readonly byRow = new Map<number, Card>();
  private version = 0;
  private cache: { key: string; cards: Card[] } | null = null;

  get size(): number {
    return this.byRow.size;
  }

  /** Bumped whenever a card is added or replaced. */
  get changes(): number {
    return this.version;
  }

  get(row: number): Card | undefined {
    return this.byRow.get(row);
  }

  /** Add or replace cards (a newer `seq` wins); returns the rows that changed. */
  apply(cards: readonly Card[]): number[] {
    const changed: number[] = [];
    for (const card of cards) {
      const old = this.byRow.get(card.row);
      if (old === undefined || card.seq > old.seq) {
        this.byRow.set(card.row, card);
        changed.push(card.row);
      }
    }
    if (changed.length > 0) {
      this.version += 1;
    }
    return changed;
  }

  /** The cards shown for `view`, in order (cached until a card or the view changes). */
  shown(meta: GalleryMeta, view: ViewState): Card[] {
    const key = `${this.version}|${view.filterPred}|${view.filterTrue}|${view.sort}|${meta.mode}`;
    if (this.cache?.key === key) {
      return this.cache.cards;
    }
    const kept = [...this.byRow.values()].filter((card) => matches(card, view));
    const cards = sortCards(meta, kept, view.sort);
    this.cache = { key, cards };
    return cards;
  }

  /** Cards per predicted (or true) class, by class index; classes without cards left out. */
  classCounts(field: "pred" | "true"): ClassCount[] {
    const counts = new Map<number, number>();
    for (const card of this.byRow.values()) {
      const index = card[field];
      if (index !== null) {
        counts.set(index, (counts.get(index) ?? 0) + 1);
      }
    }
    return [...counts]
      .map(([index, count]) => ({ index, count }))
      .sort((a, b) => a.index - b.index);
  }
}
