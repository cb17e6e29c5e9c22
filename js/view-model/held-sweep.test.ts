import { describe, expect, it } from "vitest";
import type { Params } from "../contract/params";
import { diagnostics, parsed, state } from "../contract/testing";
import { essAt, type HeldSweep, holdSweep, sweepRelation } from "./held-sweep";

const params: Params = {
  kernel_width: 1.3,
  num_samples: 5000,
  num_features: 2,
  feature_selection: "auto",
  label: 1,
};

describe("holding the kernel-width sweep", () => {
  const fresh = parsed(state(1, { diagnostics: diagnostics() })).diagnostics;

  it("keeps the last sweep while the kernel sends none, replaces or clears it otherwise", () => {
    const held = holdSweep(null, fresh);
    expect(held?.sweep).toBe(fresh?.sweep);
    expect(holdSweep(held, null)).toBe(held);
    expect(holdSweep(held, fresh ? { ...fresh, sweep: null } : null)).toBeNull();
  });

  it("tells a kernel-width move (curves still true) from other changes", () => {
    const held = holdSweep(null, fresh) as HeldSweep;
    expect(sweepRelation(held, params)).toBe("same");
    expect(sweepRelation(held, { ...params, kernel_width: 3 })).toBe("width");
    expect(sweepRelation(held, { ...params, kernel_width: 3, num_samples: 9000 })).toBe("other");
    expect(sweepRelation(held, { ...params, label: 0 })).toBe("other");
    expect(sweepRelation(held, null)).toBe("other");
  });
});

describe("effective samples at a width", () => {
  // 21 widths from 0.1 to 10, a factor 10^0.1 apart.
  const widths = Array.from({ length: 21 }, (_, i) => 10 ** (-1 + i / 10));
  const ess = widths.map((w) => Math.min(1000, 100 * w));

  it("interpolates between grid widths on a log scale", () => {
    expect(essAt(widths, ess, 1)).toBeCloseTo(100);
    const mid = Math.sqrt((widths[10] ?? 0) * (widths[11] ?? 0));
    expect(essAt(widths, ess, mid)).toBeCloseTo(((ess[10] ?? 0) + (ess[11] ?? 0)) / 2);
    expect(essAt(widths, ess, 0.05)).toBeNull();
    expect(essAt(widths, ess, 11)).toBeNull();
  });
});
