import { describe, expect, it } from "vitest";
import { logScale } from "./log-scale";

describe("logScale", () => {
  const scale = logScale(0.13, 13, 200, 1.3);

  it("hits min and max exactly at the ends of the slider", () => {
    expect(scale.toValue(0)).toBe(0.13);
    expect(scale.toValue(200)).toBe(13);
    expect(scale.toPosition(0.13)).toBe(0);
    expect(scale.toPosition(13)).toBe(200);
  });

  it("hits the default exactly at its marked position", () => {
    expect(scale.anchorPosition).toBe(100);
    expect(scale.toValue(scale.toPosition(1.3))).toBe(1.3);
  });

  it("hits an off-grid default exactly too", () => {
    const odd = logScale(0.1, 10, 200, 0.7531);
    const p = odd.toPosition(0.7531);
    expect(odd.toValue(p)).toBe(0.7531);
    expect(odd.anchorPosition).toBe(p);
  });

  it("round-trips every slider position, over wide and narrow ranges", () => {
    for (const s of [scale, logScale(1e-4, 1e4, 200), logScale(1, 1.05, 200)]) {
      for (let p = 0; p <= s.steps; p++) {
        expect(s.toPosition(s.toValue(p))).toBe(p);
      }
    }
  });

  it("is logarithmic: the middle is the geometric mean and steps are equal ratios", () => {
    const plain = logScale(0.01, 100, 200);
    expect(plain.toValue(100)).toBeCloseTo(1, 3);
    expect(plain.toValue(150)).toBeCloseTo(10, 2);
    const r1 = plain.toValue(41) / plain.toValue(40);
    const r2 = plain.toValue(161) / plain.toValue(160);
    expect(r1).toBeCloseTo(r2, 2);
  });

  it("increases with position and sends readable numbers", () => {
    let previous = 0;
    for (let p = 0; p <= scale.steps; p++) {
      const v = scale.toValue(p);
      expect(v).toBeGreaterThan(previous);
      expect(
        String(v)
          .replace(/^0\.0*/, "")
          .replace(".", "").length,
      ).toBeLessThanOrEqual(5);
      previous = v;
    }
  });

  it("clamps values and positions outside the range", () => {
    expect(scale.toPosition(0.001)).toBe(0);
    expect(scale.toPosition(1e6)).toBe(200);
    expect(scale.toValue(-5)).toBe(0.13);
    expect(scale.toValue(999)).toBe(13);
  });

  it("rejects ranges a log scale cannot span", () => {
    expect(() => logScale(0, 1)).toThrow(RangeError);
    expect(() => logScale(2, 1)).toThrow(RangeError);
  });
});
