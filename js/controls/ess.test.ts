import { describe, expect, it } from "vitest";
import { diagnostics, parsed, state } from "../contract/testing";
import { holdSweep } from "../view-model/held-sweep";
import { currentEss, essHelp, essText } from "./ess";

describe("effective samples", () => {
  const fresh = parsed(state(1, { diagnostics: diagnostics() }));
  const held = holdSweep(null, fresh.diagnostics);
  const params = fresh.params;

  it("reads the kernel's figure for this fit", () => {
    const reading = currentEss({ diagnostics: fresh.diagnostics, held, params, nSamples: 5000 });
    expect(reading).toEqual({ ess: 1234.5, estimated: false });
    expect(essText(reading.ess)).toBe("≈ 1,235 effective samples");
    expect(essHelp(reading, 5000)).toMatch(/About 25\u00a0% of the 5,000 samples carry the fit/);
  });

  it("reads it off the last sweep while only the kernel width moved", () => {
    if (params === null) {
      throw new Error("fixture has params");
    }
    // The fixture's sweep has ess = 5000 (w / 2.6)² below 2.6.
    const moved = { ...params, kernel_width: 0.65 };
    const reading = currentEss({ diagnostics: null, held, params: moved, nSamples: 5000 });
    expect(reading.estimated).toBe(true);
    expect(reading.ess).toBeGreaterThan(250);
    expect(reading.ess).toBeLessThan(350);
    const other = { ...moved, num_features: 4 };
    expect(currentEss({ diagnostics: null, held, params: other, nSamples: 5000 }).ess).toBeNull();
    expect(essText(null)).toBe("≈ … effective samples");
  });
});
