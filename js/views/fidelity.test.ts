import { describe, expect, it } from "vitest";
import type { Diagnostics } from "../contract/diagnostics";
import { diagnostics, parsed, state } from "../contract/testing";
import {
  fidelityHint,
  fidelityText,
  POOR_FIT_EVERYWHERE,
  POOR_FIT_HINT,
  signedSmall,
} from "./fidelity";

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
    // Assessed, but not computable: said as such.
    expect(explanation && fidelityText(explanation, partial.diagnostics)).toBe(
      "surrogate R² 0.71 · out-of-sample R² — · surrogate at instance 0.88 vs model 0.93 " +
        "(gap \u22120.05) · fit on 5,000 samples",
    );
  });

  it("says an R² far below zero is worse than a constant, never −2.11e18 (rule 2)", () => {
    if (explanation === null) {
      throw new Error("fixture has an explanation");
    }
    const degenerate = parsed(
      state(1, { diagnostics: diagnostics({ out_of_sample_r2: -2.11e18 }) }),
    ).diagnostics;
    const text = fidelityText({ ...explanation, score: -0.4 }, degenerate);
    expect(text).toContain("surrogate R² \u22120.40 (worse than a constant)");
    expect(text).toContain("out-of-sample R² worse than a constant");
    expect(text).not.toMatch(/e18|e\u221218/);
    expect(fidelityText({ ...explanation, n_samples: 1 })).toMatch(/fit on 1 sample$/);
  });

  it("prints a regression's outputs with the title's digits (rules 9, 10)", () => {
    if (explanation === null) {
      throw new Error("fixture has an explanation");
    }
    const regression = { ...explanation, local_pred: 387.391, model_pred: 322.15 };
    const gap = parsed(state(1, { diagnostics: diagnostics({ local_gap: 65.241 }) })).diagnostics;
    expect(fidelityText(regression, gap, "regression")).toContain(
      "surrogate at instance 387.4 vs model 322.2 (gap +65.24)",
    );
  });

  it("does not suggest a narrower kernel when too few samples already count", () => {
    if (explanation === null) {
      throw new Error("fixture has an explanation");
    }
    const warned = { ess_warning: "Only 12 effective samples: widen the kernel." } as Diagnostics;
    expect(fidelityHint({ ...explanation, score: 0.12 }, warned)).toBeNull();
  });

  it("suggests a narrower kernel for a poor fit only when the samples are known ample (rule 3)", () => {
    if (explanation === null) {
      throw new Error("fixture has an explanation");
    }
    const ample = parsed(state(1, { diagnostics: diagnostics() })).diagnostics;
    expect(fidelityHint({ ...explanation, score: 0.12 }, ample)).toBe(POOR_FIT_HINT);
    // Not yet assessed: the effective samples are unknown, "narrower" could point the wrong way.
    expect(fidelityHint({ ...explanation, score: 0.12 })).toBeNull();
    expect(fidelityHint({ ...explanation, score: null }, ample)).toBeNull();
    expect(fidelityText({ ...explanation, score: null })).toMatch(/^surrogate R² — · /);
  });

  it("prints a small gap in plain decimals beside the two-decimal outputs", () => {
    expect(signedSmall(-7.54e-4)).toBe("\u22120.00075");
    expect(signedSmall(0.0123)).toBe("+0.01"); // as formatSignedShort prints the rest
    expect(signedSmall(0)).toBe("0.00");
  });

  it("never points at a narrower kernel the kernel-width chart shows fitting worse", () => {
    if (explanation === null) {
      throw new Error("fixture has an explanation");
    }
    const base = diagnostics();
    const sweep = base.sweep as { widths: number[]; score: (number | null)[]; ess: number[] };
    // R² falls as the kernel narrows: a narrower kernel would fit worse, not better
    const falling = { ...sweep, score: sweep.widths.map((w) => Math.min(0.2, 0.02 * w)) };
    const worse = parsed(
      state(1, { diagnostics: diagnostics({ sweep: { ...(base.sweep as object), ...falling } }) }),
    ).diagnostics;
    expect(fidelityHint({ ...explanation, score: 0.12 }, worse)).toBe(POOR_FIT_EVERYWHERE);
    expect(POOR_FIT_EVERYWHERE).not.toMatch(/try a narrower/);
  });
});
