import { describe, expect, it } from "vitest";
import type { Diagnostics } from "../contract/diagnostics";
import { type Meta, parseMeta } from "../contract/meta";
import { parseState } from "../contract/state";
import { diagnostics, state, tabularMeta } from "../contract/testing";
import type { Shown } from "../view-model/shown";
import {
  ALSO_OFTEN_MIN,
  alsoOften,
  alsoOftenText,
  settledText,
  stabilityFigure,
  stabilityHelp,
  stabilityText,
  stabilityTone,
  trustWords,
  UNRELIABLE,
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

describe("badge and verdict never contradict each other or the page (rules 3, 4, 5)", () => {
  const parsedMeta = parseMeta(tabularMeta());
  if (!parsedMeta.ok) {
    throw new Error(parsedMeta.message);
  }
  const meta: Meta = parsedMeta.value;
  const base = parseState(state(1));
  if (!base.ok || base.value.explanation === null) {
    throw new Error("fixture must parse");
  }
  const explanation = base.value.explanation;
  const shown = (overrides: Record<string, unknown>, extra: Partial<Shown> = {}): Shown => ({
    explanation,
    params: base.value.params,
    diagnostics: fresh(overrides),
    ...extra,
  });
  const onScreen = (t: ReturnType<typeof trustWords>): string => `${t.badge} ${t.verdict ?? ""}`;
  const warning = "Only 21 effective samples (0.4 % of 5,000) for 2 features: widen the kernel.";

  it("never says stable or settled beside the effective-sample warning", () => {
    const t = trustWords(
      meta,
      shown({ stability: 1, stability_words: "stable", settled: true, ess_warning: warning }),
    );
    expect(t.badge).toBe(UNRELIABLE);
    expect(t.tone).toBe("negative");
    expect(t.verdict).toBeNull();
    expect(onScreen(t)).not.toMatch(/stable|settled/);
    expect(t.help).toMatch(/Widen the kernel/);
  });

  it("calls a fit without signal unreliable, whatever the bootstrap figure", () => {
    const flat = {
      ...explanation,
      features: explanation.features.map((f) => ({ ...f, weight: 1e-19 })),
    };
    const t = trustWords(meta, {
      ...shown({ stability: 0.95, stability_words: "stable" }),
      explanation: flat,
    });
    expect(t.words).toBe(UNRELIABLE);
    expect(onScreen(t)).not.toMatch(/stable|settled/);
  });

  it("says settled only beside a stable or mostly stable badge", () => {
    expect(onScreen(trustWords(meta, shown({})))).toBe("stable · 0.93 top K settled");
    const unstable = trustWords(
      meta,
      shown({ stability: 0.31, stability_words: "unstable", settled: true }),
    );
    expect(unstable.badge).toBe("unstable · 0.31");
    expect(unstable.verdict).toBeNull();
    const mostly = trustWords(
      meta,
      shown({ stability: 0.8, stability_words: "mostly stable", settled: true }),
    );
    expect(mostly.verdict).toBe("top K settled");
  });

  it("never says stable beside 'try Until stable'", () => {
    const t = trustWords(
      meta,
      shown({ stability: 0.93, stability_words: "stable", settled: false }),
    );
    expect(t.badge).toBe("mostly stable · 0.93");
    expect(t.words).toBe("mostly stable");
    expect(t.verdict).toMatch(/try Until stable$/);
    expect(t.open).toBe(true);
    expect(t.help).toMatch(/not yet separated/);
  });

  it("does not offer Until stable where there is no kernel (a saved page)", () => {
    const saved = { ...meta, offline: { reason: "needs the model", status: "saved" } };
    const t = trustWords(
      saved,
      shown({ stability: 0.8, stability_words: "mostly stable", settled: false }),
    );
    expect(t.verdict).toBe(
      "K-th and (K+1)-th features not yet separated (more samples need the model)",
    );
    expect(t.verdict).not.toMatch(/Until stable/);
  });

  it("says where Until stable stopped when it hit its cap, and never sends the user back to it", () => {
    const atCap = { ...explanation, n_samples: 10000 };
    const after = trustWords(meta, {
      ...shown({ stability: 0.6, stability_words: "shaky", settled: false }),
      explanation: atCap,
      stableMax: 10000,
      afterUntilStable: true,
    });
    expect(after.verdict).toBe("stopped at 10,000 samples: still shaky");
    const set = trustWords(meta, {
      ...shown({ stability: 0.93, stability_words: "stable", settled: false }),
      explanation: atCap,
      stableMax: 10000,
    });
    expect(set.verdict).toBe(
      "K-th and (K+1)-th features not yet separated (Until stable's cap: 10,000 samples)",
    );
    expect(set.verdict).not.toMatch(/try Until stable/);
    const below = trustWords(
      meta,
      shown({ stability: 0.6, stability_words: "shaky", settled: false }, { stableMax: 10000 }),
    );
    expect(below.verdict).toMatch(/try Until stable$/);
  });

  it("has no K-th to separate under feature selection 'none'", () => {
    const none =
      base.value.params === null ? null : { ...base.value.params, feature_selection: "none" };
    const t = trustWords(meta, {
      ...shown({ stability: 1, stability_words: "stable", settled: false }),
      params: none,
    });
    expect(t.badge).toBe("stable · 1.00");
    expect(t.verdict).toBeNull();
  });

  it("rounds the figure down, so it never crosses the words' threshold", () => {
    expect(stabilityFigure(0.7496)).toBe("0.74");
    expect(stabilityFigure(0.93)).toBe("0.93");
    expect(stabilityFigure(0.29)).toBe("0.29");
    expect(stabilityText(fresh({ stability: 0.8999, stability_words: "mostly stable" }))).toBe(
      "mostly stable · 0.89",
    );
  });

  it("after a failed job, says the fit was not assessed instead of waiting forever", () => {
    const failed = trustWords(meta, {
      explanation,
      params: base.value.params,
      diagnostics: null,
      failed: true,
    });
    expect(failed.badge).toBe("stability: not assessed");
    expect(failed.tone).toBe("neutral");
    const pending = trustWords(meta, { explanation, params: base.value.params, diagnostics: null });
    expect(pending.badge).toBe("stability: …");
    expect(pending.tone).toBe("pending");
  });
});
