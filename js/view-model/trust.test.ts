import { describe, expect, it } from "vitest";
import type { Explanation } from "../contract/explanation";
import { type Meta, parseMeta } from "../contract/meta";
import { parsed, state, tabularMeta } from "../contract/testing";
import {
  featureLabel,
  followUntilStable,
  NEGLIGIBLE_SHARE,
  outputScale,
  signalOf,
  staleKeys,
} from "./trust";

function meta(overrides: Record<string, unknown> = {}): Meta {
  const result = parseMeta({ ...tabularMeta(), ...overrides });
  if (!result.ok) {
    throw new Error(result.message);
  }
  return result.value;
}

function explanation(weights: number[], overrides: Partial<Explanation> = {}): Explanation {
  const base = parsed(state(1)).explanation;
  if (base === null) {
    throw new Error("fixture has an explanation");
  }
  return {
    ...base,
    features: weights.map((weight, id) => ({ id, name: `f${id}`, value: "", weight })),
    ...overrides,
  };
}

describe("signal (rule 1: a degenerate fit looks degenerate)", () => {
  it("measures a classifier's weights against probabilities, not against p", () => {
    // A confident model: p = 3e-14 at the instance, so p cannot be the scale.
    const confident = explanation([-1.47e-19, -9.7e-20], {
      model_pred: 3.2e-14,
      intercept: 3.2e-14,
    });
    expect(outputScale(meta(), confident)).toBe(1);
    const signal = signalOf(meta(), confident);
    expect(signal.none).toBe(true);
    expect(signal.floor).toBe(0.01);
    expect(signalOf(meta(), explanation([0.2, -0.05])).none).toBe(false);
  });

  it("measures a regressor's weights against the size of its prediction", () => {
    const regression = meta({
      mode: "regression",
      class_names: ["value"],
      predict_proba: [252.13],
    });
    const e = explanation([0.1, -0.02], { model_pred: 252.13, intercept: 240, local_pred: 251 });
    expect(outputScale(regression, e)).toBeCloseTo(252.13);
    expect(signalOf(regression, e).none).toBe(true);
    expect(
      signalOf(regression, { ...e, features: [{ id: 0, name: "x", value: "", weight: 12 }] }).none,
    ).toBe(false);
    // The boundary: a weight of exactly the negligible share counts.
    expect(signalOf(meta(), explanation([NEGLIGIBLE_SHARE])).none).toBe(false);
  });

  it("never calls an empty explanation signal-free, and has no floor without a scale", () => {
    expect(signalOf(meta(), explanation([])).none).toBe(false);
    const regression = meta({ mode: "regression", class_names: ["value"], predict_proba: [0] });
    const unknown = explanation([1e-9], { model_pred: null, intercept: null, local_pred: null });
    expect(signalOf(regression, unknown).floor).toBe(0);
  });
});

describe("Until stable run (rule 4)", () => {
  const params = parsed(state(1)).params;
  const at = (n: number) => (params === null ? null : { ...params, num_samples: n });

  it("starts on a stabilizing state, ends at the next one and ends on its sample count", () => {
    let run = followUntilStable(null, { status: "stabilizing", params: at(5000) });
    expect(run).toEqual({ running: true, samples: null });
    run = followUntilStable(run, { status: "stabilizing", params: at(8000) });
    run = followUntilStable(run, { status: "idle", params: at(10000) });
    expect(run).toEqual({ running: false, samples: 10000 });
    // Its diagnostics arrive in a later state of the same fit.
    expect(followUntilStable(run, { status: "idle", params: at(10000) })).toBe(run);
  });

  it("is forgotten once the sample count moves, and never starts without a run", () => {
    const ended = { running: false, samples: 10000 };
    expect(followUntilStable(ended, { status: "collecting", params: at(12000) })).toBeNull();
    expect(followUntilStable(null, { status: "idle", params: at(10000) })).toBeNull();
  });
});

describe("stale controls after a failed job (rule 5)", () => {
  const shown = parsed(state(1));
  const e = shown.explanation;
  const p = shown.params;

  it("names the controls that ask for something other than the fit on screen", () => {
    if (e === null || p === null) {
      throw new Error("fixture has a fit");
    }
    expect(staleKeys(p, p, e, "classification")).toEqual([]);
    expect(staleKeys({ ...p, num_samples: 6000 }, p, e, "classification")).toEqual(["num_samples"]);
    // The partial fit streamed before the failure: params say 6000, it rests on 5000.
    const asked = { ...p, num_samples: 6000, kernel_width: 2 };
    expect(staleKeys(asked, { ...p, num_samples: 6000 }, e, "classification")).toEqual([
      "kernel_width",
      "num_samples",
    ]);
    expect(staleKeys({ ...p, label: 0 }, p, e, "regression")).toEqual([]);
  });
});

describe("feature labels (rule 11: positional text)", () => {
  const text = meta({
    kind: "text",
    tokens: [
      { text: "a", feature: 0 },
      { text: " ", feature: -1 },
      { text: "boring", feature: 1 },
      { text: " ", feature: -1 },
      { text: "film", feature: 2 },
      { text: ", so ", feature: -1 },
      { text: "boring", feature: 3 },
    ],
  });

  it("tells repeated words apart by their place among the words", () => {
    expect(featureLabel(text, 1, "boring_2")).toBe("boring (word 2)");
    expect(featureLabel(text, 3, "boring_18")).toBe("boring (word 4)");
  });

  it("keeps bag-of-words names, names that do not match their token, and tabular names", () => {
    expect(featureLabel(text, 1, "boring")).toBe("boring");
    expect(featureLabel(text, 2, "boring_9")).toBe("boring_9");
    expect(featureLabel(meta(), 0, "worst_radius_2")).toBe("worst_radius_2");
  });
});
