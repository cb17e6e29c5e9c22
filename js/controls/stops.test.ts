import { describe, expect, it } from "vitest";
import { describeStops, stopScale } from "./stops";

describe("a slider over saved values", () => {
  const widths = [0.1, 0.2, 0.4, 1.3, 3];

  it("has one position per value and rests only on them", () => {
    const scale = stopScale(widths, true);
    expect(scale.steps).toBe(4);
    expect(widths.map((_, i) => scale.toValue(i))).toEqual(widths);
    expect(scale.toValue(-3)).toBe(0.1);
    expect(scale.toValue(9)).toBe(3);
    expect(scale.toValue(2.4)).toBe(0.4);
  });

  it("puts a value between two at the nearer one (by ratio for widths)", () => {
    const log = stopScale(widths, true);
    // 0.29 is nearer 0.2 by difference, nearer 0.4 by ratio (0.4 / 0.29 < 0.29 / 0.2)
    expect(log.toPosition(0.29)).toBe(2);
    expect(stopScale(widths, false).toPosition(0.29)).toBe(1);
    expect(widths.map((w) => log.toPosition(w))).toEqual([0, 1, 2, 3, 4]);
    expect(log.toPosition(100)).toBe(4);
    expect(log.toPosition(0.001)).toBe(0);
  });

  it("each step of a position is the next value: a key press never snaps back", () => {
    const ks = [1, 2, 3, 10, 12];
    const scale = stopScale(ks, false);
    const stepped = [0, 1, 2, 3].map((p) => scale.toValue(scale.toPosition(ks[p] ?? 0) + 1));
    expect(stepped).toEqual([2, 3, 10, 12]);
  });

  it("refuses an empty list", () => {
    expect(() => stopScale([], false)).toThrow(RangeError);
  });

  it("lists K values briefly", () => {
    expect(describeStops([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12])).toBe("1–10, 12");
    expect(describeStops([1, 2, 4])).toBe("1, 2, 4");
    expect(describeStops([3])).toBe("3");
    expect(describeStops([1, 2, 3, 7, 8, 9])).toBe("1–3, 7–9");
  });
});
