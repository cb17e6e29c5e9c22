import { describe, expect, it } from "vitest";
import type { Diagnostics } from "../contract/diagnostics";
import { diagnostics, parsed, state } from "../contract/testing";
import { fidelityHint, fidelityText, POOR_FIT_HINT } from "./fidelity";

describe("fidelity readout", () => {
  const explanation = parsed(state(1)).explanation;

  it("reads R², surrogate vs model at the instance and the sample count", () => {
    expect(explanation && fidelityText(explanation)).toBe(
      "surrogate R² 0.71 · surrogate at instance 0.88 vs model 0.93 · fit on 5,000 samples",
    );
    expect(explanation && fidelityHint(explanation)).toBeNull();
  });

  it("adds the out-of-sample R² and the gap at the instance when the kernel sends them", () => {
    const withDiagnostics = parsed(state(1, { diagnostics: diagnostics() }));
    expect(explanation && fidelityText(explanation, withDiagnostics.diagnostics)).toBe(
      "surrogate R² 0.71 · out-of-sample R² 0.48 · surrogate at instance 0.88 vs model 0.93 " +
        "(gap +0.03) · fit on 5,000 samples",
    );
    const partial = parsed(
      state(1, { diagnostics: diagnostics({ out_of_sample_r2: null, local_gap: -0.052 }) }),
    );
    expect(explanation && fidelityText(explanation, partial.diagnostics)).toBe(
      "surrogate R² 0.71 · surrogate at instance 0.88 vs model 0.93 (gap \u22120.05) · " +
        "fit on 5,000 samples",
    );
  });

  it("does not suggest a narrower kernel when too few samples already count", () => {
    if (explanation === null) {
      throw new Error("fixture has an explanation");
    }
    const warned = { ess_warning: "Only 12 effective samples: widen the kernel." } as Diagnostics;
    expect(fidelityHint({ ...explanation, score: 0.12 }, warned)).toBeNull();
  });

  it("suggests a narrower kernel when the surrogate fits poorly", () => {
    if (explanation === null) {
      throw new Error("fixture has an explanation");
    }
    expect(fidelityHint({ ...explanation, score: 0.12 })).toBe(POOR_FIT_HINT);
    expect(fidelityHint({ ...explanation, score: null })).toBeNull();
    expect(fidelityText({ ...explanation, score: null })).toMatch(/^surrogate R² n\/a · /);
  });
});
