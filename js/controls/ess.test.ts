import { describe, expect, it } from "vitest";
import { diagnostics, parsed, state } from "../contract/testing";
import { holdSweep } from "../view-model/held-sweep";
import { currentEss, essHelp, essText, essWarningText } from "./ess";

describe("effective samples", () => {
  const fresh = parsed(state(1, { diagnostics: diagnostics() }));
  const held = holdSweep(null, fresh.diagnostics);
  const params = fresh.params;

  it("reads the kernel's figure for this fit", () => {
    const reading = currentEss({ diagnostics: fresh.diagnostics, held, params, nSamples: 5000 });
    expect(reading).toEqual({ ess: 1234.5, estimated: false });
    expect(essText(reading.ess)).toBe("≈ 1,235 effective samples");
    expect(essHelp(reading, 5000)).toMatch(/About 25\u00a0% of the 5,000 samples carry the fit/);
    expect(essHelp({ ess: 5, estimated: false }, 5000)).toMatch(/About 0.1\u00a0% of the 5,000/);
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

describe("effective-sample words (rules 5 and 9)", () => {
  it("counts one effective sample in the singular", () => {
    expect(essText(1)).toBe("≈ 1 effective sample");
    expect(essText(1.2)).toBe("≈ 1 effective sample");
    expect(essText(21)).toBe("≈ 21 effective samples");
  });

  it("words the kernel's warning with the page's counts and share format", () => {
    const kernel = "Only 1 effective samples (0.1 % of 1,000) for 10 features: …";
    expect(essWarningText(1, 1000, 10, kernel)).toBe(
      "Only 1 effective sample (0.1\u00a0% of 1,000) for 10 features: the explanation rests " +
        "on a handful of samples. Widen the kernel or draw more samples.",
    );
    expect(essWarningText(21, 5000, 1, kernel)).toMatch(
      /^Only 21 effective samples \(0.4\u00a0% of 5,000\) for 1 feature:/,
    );
    expect(essWarningText(null, 1000, 10, kernel)).toBe(kernel);
  });

  it("after a failed job, says the figure was not assessed instead of waiting", () => {
    expect(essText(null, true)).toBe("effective samples: not assessed (the model failed)");
    expect(essText(null)).toBe("≈ … effective samples");
  });
});

describe("the effective-sample warning's reason", () => {
  it("says a handful only when under 5 % carry weight, else that K is too many", () => {
    expect(essWarningText(12, 1000, 5, "")).toMatch(/rests on a handful of samples/);
    const perFeature = essWarningText(92, 100, 10, "");
    expect(perFeature).toMatch(/fewer than 10 per feature/);
    expect(perFeature).not.toMatch(/handful/);
  });
});
