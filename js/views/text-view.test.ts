import { describe, expect, it } from "vitest";
import { MAX_MIX_PERCENT, maxAbsWeight, tokenHighlight } from "./text-view";

describe("text highlight", () => {
  it("is stronger for larger |weight| and full strength at the largest", () => {
    const weights = [0.05, -0.1, 0.2, -0.4];
    const max = maxAbsWeight(weights.map((weight) => ({ weight })));
    expect(max).toBe(0.4);
    const percents = weights.map((w) => tokenHighlight(w, max).percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(tokenHighlight(-0.4, max)).toEqual({
      sign: "negative",
      intensity: 1,
      percent: MAX_MIX_PERCENT,
    });
    expect(tokenHighlight(0.2, max).intensity).toBeCloseTo(0.5);
    expect(tokenHighlight(0.2, max).sign).toBe("positive");
  });

  it("is blank when every weight is zero", () => {
    expect(tokenHighlight(0, 0)).toEqual({ sign: "positive", intensity: 0, percent: 0 });
    expect(maxAbsWeight([])).toBe(0);
  });
});
