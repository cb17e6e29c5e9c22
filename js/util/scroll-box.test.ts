import { describe, expect, it } from "vitest";
import { wholeRowsHeight } from "./scroll-box";

describe("a scroll box ends on a row's edge", () => {
  // Header 46 px (caption and column names), then rows of 21.6 px, one wrapped to two lines:
  // what Chromium lays out for the breast-cancer instance, 12 px text.
  const header = 46;
  const heights = [21.6, 21.6, 21.6, 36, 21.6, 21.6, 21.6, 21.6, 21.6, 21.6, 21.6, 21.6];
  const bottoms = [header];
  for (const h of heights) {
    bottoms.push((bottoms[bottoms.length - 1] ?? 0) + h);
  }
  // 18em of the widget's 13 px text, less the box's two 1 px borders.
  const room = 18 * 13 - 2;

  it("stops at the last row that fits whole, where the style sheet's cap would cut one", () => {
    const height = wholeRowsHeight(bottoms, room);
    expect(height).not.toBeNull();
    expect(bottoms).toContain(height);
    expect(height).toBeLessThanOrEqual(room);
    // The next row would not have fitted: no room left for a whole row is wasted.
    const next = bottoms[bottoms.indexOf(height ?? 0) + 1] ?? 0;
    expect(next).toBeGreaterThan(room);
    // Before: the box was the cap, and the cap fell inside a row.
    expect(bottoms.some((b, i) => i > 0 && (bottoms[i - 1] ?? 0) < room && b > room)).toBe(true);
  });

  it("leaves the box alone when every row fits, or not even the header does", () => {
    expect(wholeRowsHeight(bottoms.slice(0, 4), room)).toBeNull();
    expect(wholeRowsHeight(bottoms, 30)).toBeNull();
    expect(wholeRowsHeight([], room)).toBeNull();
    // Sub-pixel layout: a row ending a hair past the room still counts as fitting.
    expect(wholeRowsHeight([40, 80.3, 120], 80)).toBe(80.3);
  });
});
