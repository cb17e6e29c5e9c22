import { describe, expect, it } from "vitest";
import { cardLabel, cardTrust, NOT_ASSESSED, predictionWords, stabilityRank } from "./badge";
import type { GalleryMeta } from "./card";
import { card } from "./testing";

const META: GalleryMeta = {
  kind: "tabular",
  mode: "classification",
  class_names: ["cat", "dog"],
  total: 2,
};

describe("a card's badge agrees with its opened view", () => {
  it("shows the kernel's words and figure, rounded down", () => {
    const trust = cardTrust(META, card(0, { stability: 0.9349, stability_words: "stable" }));
    expect(trust.badge).toBe("stable · 0.93");
    expect(trust.tone).toBe("positive");
  });

  it("holds 'stable' to 'mostly stable' while the K-th feature is not separated", () => {
    const held = card(0, { stability: 0.95, stability_words: "stable", settled: false });
    expect(cardTrust(META, held).badge).toBe("mostly stable · 0.95");
  });

  it("says 'unreliable' with too few effective samples or no signal", () => {
    const few = card(0, { stability: 0.99, stability_words: "stable", ess_warning: "few" });
    expect(cardTrust(META, few).badge).toBe("unreliable");
    expect(stabilityRank(META, few)).toBe(-1);
    const flat = card(1, {
      stability: 1,
      stability_words: "stable",
      features: [{ id: 0, name: "a", weight: 1e-9 }],
    });
    expect(cardTrust(META, flat).badge).toBe("unreliable");
  });

  it("shows the kernel's word when the card carries it", () => {
    const sent = card(0, { stability: 0.95, stability_words: "stable", badge_words: "unreliable" });
    expect(cardTrust(META, sent).badge).toBe("unreliable");
    expect(stabilityRank(META, sent)).toBe(-1);
    const held = card(0, {
      stability: 0.95,
      stability_words: "stable",
      badge_words: "mostly stable",
    });
    expect(cardTrust(META, held).badge).toBe("mostly stable · 0.95");
  });

  it("waits while pending and says when it cannot be assessed", () => {
    expect(cardTrust(META, card(0, { assessed: "pending", stability: null })).badge).toBe(
      "stability: …",
    );
    const dropped = cardTrust(META, card(0, { assessed: "none", stability: null }));
    expect(dropped.badge).toBe(NOT_ASSESSED);
    expect(dropped.help).toContain("keep_neighbourhood=True");
    expect(stabilityRank(META, card(0, { assessed: "none", stability: null }))).toBeNull();
  });
});

describe("a card's words", () => {
  it("name the predicted class and its probability, and what else the card explains", () => {
    const c = card(3, { pred: 1, proba: 0.876, label: 0, true: 0, score: 0.81 });
    expect(predictionWords(META, c)).toEqual({ name: "dog", value: "p = 0.88" });
    expect(cardLabel(META, c)).toBe(
      "row 3, predicted dog (p = 0.88), explains cat, true class cat, R² 0.81, mostly stable · 0.80",
    );
  });

  it("show a regression's value", () => {
    const meta: GalleryMeta = { ...META, mode: "regression", class_names: ["value"] };
    expect(predictionWords(meta, card(0, { model_pred: 152.5, proba: null })).name).toBe(
      "prediction",
    );
  });
});
