import { describe, expect, it } from "vitest";
import type { Sweep } from "../contract/diagnostics";
import {
  layoutSweep,
  linearTicks,
  linePath,
  logAxis,
  logTicks,
  lowEssBands,
  MAX_LINES,
  nearestIndex,
  scoreLabelAt,
  stepIndex,
  strongest,
  sweepFrame,
  tickLabel,
  widthAt,
} from "./sweep-layout";

// 21 widths from 0.1 to 10, a factor 10^0.1 apart.
const widths = Array.from({ length: 21 }, (_, i) => 10 ** (-1 + i / 10));

describe("log x axis", () => {
  const axis = logAxis(0.1, 10, 100, 500);

  it("maps the ends to the plot's edges and the geometric mean to its middle", () => {
    expect(axis.x(0.1)).toBeCloseTo(100);
    expect(axis.x(10)).toBeCloseTo(500);
    expect(axis.x(1)).toBeCloseTo(300);
    // Equal ratios, equal distances.
    expect(axis.x(0.4) - axis.x(0.2)).toBeCloseTo(axis.x(4) - axis.x(2));
  });

  it("clamps widths outside the grid to the edges, and inverts", () => {
    expect(axis.x(0.001)).toBe(100);
    expect(axis.x(1e3)).toBe(500);
    expect(axis.invert(300)).toBeCloseTo(1);
    expect(axis.invert(axis.x(2.5))).toBeCloseTo(2.5);
    expect(axis.invert(-50)).toBeCloseTo(0.1);
  });
});

describe("picking a width", () => {
  const frame = sweepFrame(640);

  it("sizes the chart for the cell, about 640 x 180", () => {
    expect(frame.width).toBe(640);
    expect(frame.height).toBe(180);
    expect(sweepFrame(100).width).toBe(320);
    expect(frame.right - frame.left).toBeGreaterThan(500);
  });

  it("finds the nearest grid width by ratio, not by difference", () => {
    expect(nearestIndex(widths, 1)).toBe(10);
    // 1.125 is nearer 1 by difference (0.125 < 0.134) but nearer 1.259 by ratio (1.119 < 1.125).
    expect(nearestIndex(widths, 1.12)).toBe(10);
    expect(nearestIndex(widths, 1.125)).toBe(11);
    expect(nearestIndex(widths, 1e-6)).toBe(0);
    expect(nearestIndex(widths, 1e6)).toBe(20);
  });

  it("turns a click into the grid width under the cursor", () => {
    const axis = logAxis(0.1, 10, frame.left, frame.right);
    expect(widthAt(widths, frame, axis.x(1))).toBe(1);
    expect(widthAt(widths, frame, axis.x(1) + 3)).toBe(1);
    const between = (axis.x(widths[12] ?? 0) + axis.x(widths[13] ?? 0)) / 2;
    expect([widths[12], widths[13]].map((w) => Number(w?.toPrecision(4)))).toContain(
      widthAt(widths, frame, between),
    );
    expect(widthAt(widths, frame, 0)).toBe(0.1);
    expect(widthAt(widths, frame, frame.width)).toBe(10);
    // Sent rounded: 10^0.3 = 1.99526... goes out as 1.995.
    expect(widthAt(widths, frame, axis.x(widths[13] ?? 0))).toBe(1.995);
  });

  it("steps to the neighbouring grid width with the arrow keys", () => {
    expect(stepIndex(widths, 1, 1)).toBe(11);
    expect(stepIndex(widths, 1, -1)).toBe(9);
    // A rounded grid width still counts as on the grid.
    expect(stepIndex(widths, 1.995, 1)).toBe(14);
    // From between two grid widths: the nearer one on that side.
    expect(stepIndex(widths, 1.1, 1)).toBe(11);
    expect(stepIndex(widths, 1.1, -1)).toBe(10);
    expect(stepIndex(widths, 1.2, -1)).toBe(10);
    expect(stepIndex(widths, 0.1, -1)).toBe(0);
    expect(stepIndex(widths, 10, 1)).toBe(20);
  });
});

describe("effective samples", () => {
  const ess = widths.map((w) => Math.min(1000, 100 * w));
  const x = (w: number): number => Math.log10(w) * 100;

  it("shades the widths below 5 % of the samples, merging neighbours", () => {
    // 100 w / 1000 < 0.05 for w < 0.5: the first 7 widths (0.1 ... 0.398).
    const bands = lowEssBands(widths, ess, 1000, x);
    expect(bands).toHaveLength(1);
    expect(bands[0]?.x1).toBeCloseTo(x(0.1));
    expect(bands[0]?.x2).toBeCloseTo(x(Math.sqrt((widths[6] ?? 0) * (widths[7] ?? 0))));
  });

  it("shades separate runs separately and nothing without samples", () => {
    const dips = widths.map((_, i) => (i === 3 || i === 10 || i === 11 ? 1 : 500));
    expect(lowEssBands(widths, dips, 1000, x)).toHaveLength(2);
    expect(lowEssBands(widths, ess, 0, x)).toEqual([]);
  });
});

describe("ticks and paths", () => {
  it("puts 1-2-5 ticks inside the range, one per decade when crowded", () => {
    expect(logTicks(0.065, 26)).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10, 20]);
    expect(logTicks(0.001, 1000)).toEqual([0.001, 0.01, 0.1, 1, 10, 100, 1000]);
    expect(logTicks(0.15, 6)).toEqual([0.2, 0.5, 1, 2, 5]);
    expect(linearTicks(-0.32, 0.12)).toEqual([-0.3, -0.2, -0.1, 0, 0.1]);
    expect(tickLabel(-0.2)).toBe("\u22120.2");
    expect(tickLabel(0.30000000000000004)).toBe("0.3");
  });

  it("breaks a line where a value is missing", () => {
    expect(linePath([0, 10, 20, 30], [5, null, 7, 8])).toBe("M0 5M20 7L30 8");
    expect(linePath([0, 1], [null, null])).toBe("");
  });
});

describe("layoutSweep", () => {
  const features = Array.from({ length: 9 }, (_, k) => ({
    id: k,
    name: `f${k}`,
    // Feature k weighs k/10 at width 1, and its sign alternates.
    weights: widths.map((w) => ((k % 2 === 0 ? 1 : -1) * k * Math.min(w, 1)) / 10),
  }));
  const sweep: Sweep = {
    widths,
    score: widths.map((w, i) => (i === 5 ? null : Math.min(1.2, w / 5) - 0.1)),
    ess: widths.map((w) => 100 * w),
    features,
  };
  const frame = sweepFrame(640);
  const layout = layoutSweep(sweep, 1, 1000, frame);

  it(`draws at most ${MAX_LINES} lines: the strongest at the current width`, () => {
    expect(layout.lines.map((l) => l.id)).toEqual([8, 7, 6, 5, 4, 3]);
    expect(layout.lines.map((l) => l.slot)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(strongest(features, widths, 1, 2).map((f) => f.name)).toEqual(["f8", "f7"]);
  });

  it("keeps every line, the zero line and the score inside the plot", () => {
    const numbers = (path: string): number[] =>
      (path.match(/-?[\d.]+/g) ?? []).map(Number).filter((_, i) => i % 2 === 1);
    for (const line of layout.lines) {
      for (const y of numbers(line.path)) {
        expect(y).toBeGreaterThanOrEqual(frame.top);
        expect(y).toBeLessThanOrEqual(frame.bottom);
      }
    }
    expect(layout.zeroY).toBeGreaterThan(frame.top);
    expect(layout.zeroY).toBeLessThan(frame.bottom);
    // R² clamped to 0..1, with a gap where it is missing.
    const scoreYs = numbers(layout.scorePath);
    expect(Math.min(...scoreYs)).toBeCloseTo(frame.top, 0);
    expect(Math.max(...scoreYs)).toBeCloseTo(frame.bottom, 0);
    expect(layout.scorePath.match(/M/g)).toHaveLength(2);
  });

  it("marks the current width on the log axis and shades low effective samples", () => {
    expect(layout.x(1)).toBeCloseTo((frame.left + frame.right) / 2);
    expect(layout.bands).toHaveLength(1);
    expect(layout.scoreTicks.map((t) => t.label)).toEqual(["0", "0.5", "1"]);
    expect(layout.xTicks.map((t) => t.label)).toEqual(["0.1", "0.2", "0.5", "1", "2", "5", "10"]);
    expect(layout.weightTicks.some((t) => t.label === "0")).toBe(true);
  });
});

describe("the R² line names itself (it can run on the weights' zero line)", () => {
  const frame = sweepFrame(640);
  const xs = [100, 200, 300, 400];

  it("sits just above the line's last point, inside the plot's right edge", () => {
    // R² 0.5 with symmetric weights: the score runs exactly on the zero line.
    const mid = (frame.top + frame.bottom) / 2;
    const label = scoreLabelAt(xs, [frame.bottom, mid, mid, null], frame);
    expect(label).toEqual({ x: 296, y: mid - 4 });
  });

  it("goes below the line when another line runs where the name would sit", () => {
    const mid = (frame.top + frame.bottom) / 2;
    const feature = xs.map(() => mid - 7);
    const label = scoreLabelAt(xs, [mid, mid, mid, mid], frame, [feature]);
    expect(label).toEqual({ x: 396, y: mid + 13 });
    // Its glyphs (10 px text) keep clear of that line.
    expect((label?.y ?? 0) - 9).toBeGreaterThan(mid - 7);
  });

  it("uses the margin above the plot at R² = 1, off a feature line just under it", () => {
    // image-hover.png: R² ≈ 1 along the top, the strongest superpixel's line 10 px below.
    const feature = xs.map(() => frame.top + 10);
    const label = scoreLabelAt(
      xs,
      xs.map(() => frame.top),
      frame,
      [feature],
    );
    expect(label?.y).toBe(frame.top - 4);
    expect((label?.y ?? 0) - 9).toBeGreaterThanOrEqual(1);
    expect(scoreLabelAt(xs, [null, null, null, null], frame)).toBeNull();
  });

  it("is part of the sweep's layout, apart from the zero line", () => {
    const sweep: Sweep = {
      widths,
      score: widths.map(() => 0.5),
      ess: widths.map(() => 1000),
      features: [{ id: 0, name: "a", weights: widths.map((w) => (w > 1 ? 0.3 : -0.3)) }],
    };
    const layout = layoutSweep(sweep, 1, 1000, frame);
    // Symmetric weights put their zero on R² = 0.5: the name keeps the lines apart.
    expect(Math.abs(layout.zeroY - (frame.top + frame.bottom) / 2)).toBeLessThan(1);
    expect(layout.scoreLabel?.y).toBeLessThan(layout.zeroY - 3);
  });
});
