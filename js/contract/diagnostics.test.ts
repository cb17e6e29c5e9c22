import { describe, expect, it } from "vitest";
import { readDiagnostics } from "./diagnostics";
import type { Params } from "./params";
import { diagnostics, parsed, state } from "./testing";

const params: Params = {
  kernel_width: 1.3,
  num_samples: 5000,
  num_features: 2,
  feature_selection: "auto",
  label: 1,
};

describe("state.diagnostics", () => {
  it("is read when it matches the state's parameters", () => {
    const s = parsed(state(1, { diagnostics: diagnostics() }));
    expect(s.diagnostics_status).toBe("fresh");
    expect(s.diagnostics_problem).toBeNull();
    const d = s.diagnostics;
    expect(d?.stability).toBe(0.93);
    expect(d?.stability_words).toBe("stable");
    expect(d?.intervals).toEqual([
      { id: 0, low: -0.36, high: -0.27 },
      { id: 2, low: 0.05, high: 0.2 },
    ]);
    expect(d?.top_k_frequency.map((f) => f.id)).toEqual([0, 2, 1, 5]);
    expect(d?.sweep?.widths).toHaveLength(24);
    expect(d?.sweep?.score[0]).toBeNull();
    expect(d?.settled).toBe(true);
    expect(d?.params).toEqual(params);
  });

  it("is optional: older kernels and busy states send none", () => {
    const without = state(1);
    delete without.diagnostics;
    for (const raw of [without, state(1, { diagnostics: null })]) {
      const s = parsed(raw);
      expect(s.diagnostics).toBeNull();
      expect(s.diagnostics_status).toBe("none");
      expect(s.explanation?.features).toHaveLength(2);
    }
  });

  it("is dropped, not the state, when it is malformed", () => {
    const cases: unknown[] = [
      "diagnostics",
      [1, 2],
      diagnostics({ params: null }),
      diagnostics({ label: -1 }),
      diagnostics({ label: "1" }),
    ];
    for (const raw of cases) {
      const s = parsed(state(1, { diagnostics: raw }));
      expect(s.diagnostics).toBeNull();
      expect(s.diagnostics_status).toBe("invalid");
      expect(s.diagnostics_problem).toMatch(/^state\.diagnostics/);
      expect(s.explanation).not.toBeNull();
    }
  });

  it("drops only the malformed part and names it", () => {
    const badSweep = diagnostics();
    const sweep = badSweep.sweep as Record<string, unknown>;
    sweep.widths = [...(sweep.widths as number[])].reverse();
    const s = parsed(state(1, { diagnostics: { ...badSweep, stability: 1.7, ess: "many" } }));
    expect(s.diagnostics_status).toBe("fresh");
    expect(s.diagnostics?.sweep).toBeNull();
    expect(s.diagnostics?.stability).toBeNull();
    expect(s.diagnostics?.ess).toBeNull();
    expect(s.diagnostics?.intervals).toHaveLength(2);
    expect(s.diagnostics_problem).toMatch(/sweep\.widths must be at least 2 strictly ascending/);
    expect(s.diagnostics_problem).toMatch(/stability must be between 0 and 1, got 1\.7/);
    expect(s.diagnostics_problem).toMatch(/ess must be a finite number, got "many"/);
  });

  it("rejects a sweep whose series do not have one value per width", () => {
    const d = diagnostics();
    const sweep = d.sweep as { features: { weights: number[] }[] };
    sweep.features[1]?.weights.pop();
    const reading = readDiagnostics(d, params);
    expect(reading.diagnostics?.sweep).toBeNull();
    expect(reading.problem).toMatch(/features\[1\]\.weights must have 24 values, got 23/);
  });

  it("accepts nulls the kernel sends for non-finite numbers", () => {
    const d = diagnostics({ stability: null, z: null, out_of_sample_r2: null, settled: null });
    const reading = readDiagnostics(d, params);
    expect(reading.status).toBe("fresh");
    expect(reading.problem).toBeNull();
    expect(reading.diagnostics?.stability).toBeNull();
    expect(reading.diagnostics?.settled).toBeNull();
  });

  it("reads the badge's word the kernel decided, null from kernels that do not send it", () => {
    expect(
      readDiagnostics(diagnostics({ badge_words: "unreliable" }), params).diagnostics,
    ).toMatchObject({ stability_words: "stable", badge_words: "unreliable" });
    expect(readDiagnostics(diagnostics(), params).diagnostics?.badge_words).toBeNull();
    const bad = readDiagnostics(diagnostics({ badge_words: 3 }), params);
    expect(bad.status).toBe("fresh");
    expect(bad.diagnostics?.badge_words).toBeNull();
    expect(bad.problem).toMatch(/badge_words must be a string, got 3/);
  });

  it("is ignored when computed for other parameters (stale)", () => {
    for (const change of [
      { kernel_width: 0.8 },
      { num_samples: 2500 },
      { num_features: 3 },
      { feature_selection: "lasso_path" },
      { label: 0 },
    ]) {
      const d = diagnostics({ params: { ...params, ...change } });
      const s = parsed(state(1, { diagnostics: d }));
      expect(s.diagnostics).toBeNull();
      expect(s.diagnostics_status).toBe("stale");
    }
    expect(readDiagnostics(diagnostics(), null).status).toBe("stale");
  });

  it("orders frequencies and normalises reversed intervals", () => {
    const d = readDiagnostics(
      diagnostics({
        intervals: [{ id: 3, low: 0.4, high: 0.1 }],
        top_k_frequency: [
          { id: 1, name: "a", frequency: 0.2 },
          { id: 4, name: "b", frequency: 0.9 },
        ],
      }),
      params,
    ).diagnostics;
    expect(d?.intervals).toEqual([{ id: 3, low: 0.1, high: 0.4 }]);
    expect(d?.top_k_frequency.map((f) => f.id)).toEqual([4, 1]);
  });
});
