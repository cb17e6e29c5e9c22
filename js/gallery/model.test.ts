import { describe, expect, it } from "vitest";
import type { Card, GalleryMeta } from "./card";
import { ALL, CardSet, SORTS, sortCards } from "./model";
import { card } from "./testing";

const META: GalleryMeta = {
  kind: "tabular",
  mode: "classification",
  class_names: ["cat", "dog", "fox"],
  total: 6,
};

const rows = (cards: Card[]): number[] => cards.map((c) => c.row);
const all = { filterPred: ALL, filterTrue: ALL, sort: "row" as const };

describe("CardSet", () => {
  it("keeps the newest copy of each card, whatever order the copies arrive in", () => {
    const set = new CardSet();
    expect(set.apply([card(1, { seq: 5, score: 0.9 }), card(0)])).toEqual([1, 0]);
    expect(set.apply([card(1, { seq: 3, score: 0.1 })])).toEqual([]); // older: ignored
    expect(set.apply([card(1, { seq: 5, score: 0.1 })])).toEqual([]); // the same change again
    expect(set.get(1)?.score).toBe(0.9);
    expect(set.apply([card(1, { seq: 7, stability: 0.95 })])).toEqual([1]);
    expect(set.get(1)?.stability).toBe(0.95);
    expect(set.size).toBe(2);
  });

  it("filters by predicted and by true class, together", () => {
    const set = new CardSet();
    set.apply([
      card(0, { pred: 0, true: 0 }),
      card(1, { pred: 1, true: 0 }),
      card(2, { pred: 1, true: 1 }),
      card(3, { pred: 2, true: null }),
    ]);
    expect(rows(set.shown(META, { ...all, filterPred: 1 }))).toEqual([1, 2]);
    expect(rows(set.shown(META, { ...all, filterTrue: 0 }))).toEqual([0, 1]);
    expect(rows(set.shown(META, { ...all, filterPred: 1, filterTrue: 0 }))).toEqual([1]);
    expect(rows(set.shown(META, { ...all, filterPred: 2, filterTrue: 0 }))).toEqual([]);
    expect(set.classCounts("pred")).toEqual([
      { index: 0, count: 1 },
      { index: 1, count: 2 },
      { index: 2, count: 1 },
    ]);
    expect(set.classCounts("true")).toEqual([
      { index: 0, count: 2 },
      { index: 1, count: 1 },
    ]);
  });

  it("recomputes what it shows when a card changes, and not otherwise", () => {
    const set = new CardSet();
    set.apply([card(0, { score: 0.2 }), card(1, { score: 0.4 })]);
    const view = { ...all, sort: "-score" as const };
    const first = set.shown(META, view);
    expect(set.shown(META, view)).toBe(first); // cached
    set.apply([card(0, { seq: 9, score: 0.9 })]);
    expect(rows(set.shown(META, view))).toEqual([0, 1]);
  });
});

describe("sortCards", () => {
  const cards = [
    card(0, { score: 0.3, proba: 0.9, stability: 0.6, stability_words: "shaky" }),
    card(1, { score: null, proba: 0.6, stability: 0.95, stability_words: "stable" }),
    card(2, { score: 0.8, proba: 0.6, assessed: "pending", stability: null }),
    card(3, { score: 0.3, proba: 0.99, stability: 0.99, ess_warning: "too few samples" }),
    card(4, { score: 0.5, proba: 0.7, assessed: "none", stability: null }),
  ];

  it("orders by score either way, missing scores last, ties by row", () => {
    expect(rows(sortCards(META, cards, "-score"))).toEqual([2, 4, 0, 3, 1]);
    expect(rows(sortCards(META, cards, "score"))).toEqual([0, 3, 4, 2, 1]);
  });

  it("orders by probability", () => {
    expect(rows(sortCards(META, cards, "-proba"))).toEqual([3, 0, 4, 1, 2]);
    expect(rows(sortCards(META, cards, "proba"))).toEqual([1, 2, 4, 0, 3]);
  });

  it("orders by the badge's verdict: an unreliable figure below every assessed one", () => {
    // row 3's bootstrap says 0.99, but its badge says "unreliable" (too few samples)
    expect(rows(sortCards(META, cards, "-stability"))).toEqual([1, 0, 3, 2, 4]);
    expect(rows(sortCards(META, cards, "stability"))).toEqual([3, 0, 1, 2, 4]);
  });

  it("offers every order the kernel accepts", () => {
    expect(SORTS.map((s) => s.key)).toEqual([
      "row",
      "-score",
      "score",
      "-stability",
      "stability",
      "-proba",
      "proba",
    ]);
  });

  it("sorts a thousand cards into the same order as a reference sort", () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      card(i, { score: ((i * 7919) % 1000) / 1000 }),
    );
    const sorted = sortCards(META, many, "-score");
    const reference = [...many].sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.row - b.row);
    expect(rows(sorted)).toEqual(rows(reference));
  });
});
