/** Test support, never bundled: a card with sensible defaults. */

import type { Card } from "./card";

export function card(row: number, over: Partial<Card> = {}): Card {
  return {
    row,
    seq: row + 1,
    kind: "tabular",
    label: 0,
    pred: 0,
    proba: 0.5,
    model_pred: 0.5,
    true: null,
    score: 0.5,
    intercept: 0.2,
    local_pred: 0.5,
    n_samples: 500,
    features: [{ id: 0, name: "a > 1", weight: 0.3 }],
    assessed: "done",
    stability: 0.8,
    stability_words: "mostly stable",
    badge_words: null,
    n_boot: 50,
    ess_warning: null,
    settled: true,
    z: 3,
    snippet: null,
    ...over,
  };
}
