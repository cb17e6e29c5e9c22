import { describe, expect, it } from "vitest";
import type { Diagnostics } from "../contract/diagnostics";
import { parseState } from "../contract/state";
import { diagnostics, state } from "../contract/testing";
import {
  ALSO_OFTEN_MIN,
  alsoOften,
  alsoOftenText,
  settledText,
  stabilityHelp,
  stabilityText,
  stabilityTone,
} from "./stability";

function fresh(overrides: Record<string, unknown> = {}): Diagnostics {
  const parsed = parseState(state(1, { diagnostics: diagnostics(overrides) }));
  if (!parsed.ok || parsed.value.diagnostics === null) {
    throw new Error("fixture must give fresh diagnostics");
  }
  return parsed.value.diagnostics;
}

describe("stability badge", () => {
  it("colours good news positive, doubt neutral and bad news negative", () => {
    expect(stabilityTone("stable")).toBe("positive");
    expect(stabilityTone("mostly stable")).toBe("neutral");
    expect(stabilityTone("shaky")).toBe("negative");
    expect(stabilityTone("unstable")).toBe("negative");
    expect(stabilityTone("wobbly")).toBe("neutral");
  });

  it("reads the words and the figure, or waits for them", () => {
    expect(stabilityText(fresh())).toBe("stable · 0.93");
    expect(stabilityText(fresh({ stability: 0.61, stability_words: "shaky" }))).toBe(
      "shaky · 0.61",
    );
    expect(stabilityText(fresh({ stability: null, stability_words: null }))).toBe("stability: n/a");
    expect(stabilityText(null)).toBe("stability: …");
  });

  it("explains the figure in plain words, with the number of refits", () => {
    expect(stabilityHelp(fresh())).toBe(
      "If LIME drew other random samples, the top K features would overlap this much on " +
        "average (Jaccard index, 50 bootstrap refits over these samples — no extra model " +
        "calls). Below 0.75, read the ranking with care.",
    );
    expect(stabilityHelp(null)).toMatch(/no extra model calls/);
  });

  it("says whether the top K is settled, only when the kernel tested it", () => {
    expect(settledText(true)).toBe("top K settled");
    expect(settledText(false)).toBe(
      "K-th and (K+1)-th features not yet separated — try Until stable",
    );
    expect(settledText(null)).toBeNull();
  });
});

describe("also often in the top K", () => {
  const shown = new Set([0, 2]);

  it("names features not shown that at least a fifth of the refits keep", () => {
    const d = fresh();
    expect(alsoOften(d, shown).map((f) => f.name)).toEqual(["mean texture <= 17.2"]);
    expect(alsoOftenText(alsoOften(d, shown))).toBe(
      "Also often in the top K: mean texture <= 17.2 (35\u00a0%)",
    );
    expect(alsoOften(null, shown)).toEqual([]);
    expect(alsoOftenText([])).toBe("");
  });

  it("includes the threshold, sorts by frequency and counts the rest", () => {
    const many = fresh({
      top_k_frequency: [
        { id: 7, name: "g", frequency: 0.25 },
        { id: 3, name: "c", frequency: ALSO_OFTEN_MIN },
        { id: 0, name: "shown", frequency: 1 },
        { id: 4, name: "d", frequency: 0.6 },
        { id: 5, name: "e", frequency: 0.19 },
        { id: 6, name: "f", frequency: 0.3 },
      ],
    });
    const also = alsoOften(many, shown);
    expect(also.map((f) => f.name)).toEqual(["d", "f", "g", "c"]);
    expect(alsoOftenText(also)).toBe(
      "Also often in the top K: d (60\u00a0%), f (30\u00a0%), g (25\u00a0%) and 1 more",
    );
  });
});
