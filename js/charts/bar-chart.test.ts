import { describe, expect, it } from "vitest";
import type { Explanation } from "../contract/explanation";
import { type Meta, parseMeta } from "../contract/meta";
import { parseState } from "../contract/state";
import { diagnostics, state, tabularMeta } from "../contract/testing";
import { barInputs, chartTitle } from "./bar-chart";
import {
  hoverText,
  layoutBars,
  layoutOptions,
  linearScale,
  sortByMagnitude,
  symmetricDomain,
  whiskerPath,
} from "./bar-layout";

const features = [
  { name: "age", value: "", weight: 0.1 },
  { name: "income", value: "", weight: -0.4 },
  { name: "tenure", value: "", weight: 0.25 },
  { name: "zero", value: "", weight: 0 },
];

function fixtures(): { meta: Meta; explanation: Explanation } {
  const meta = parseMeta(tabularMeta());
  const parsed = parseState(state(1));
  if (!meta.ok || !parsed.ok || parsed.value.explanation === null) {
    throw new Error("fixtures must parse");
  }
  return { meta: meta.value, explanation: parsed.value.explanation };
}

describe("sortByMagnitude", () => {
  it("orders by |weight| descending regardless of sign", () => {
    expect(sortByMagnitude(features).map((f) => f.name)).toEqual([
      "income",
      "tenure",
      "age",
      "zero",
    ]);
  });

  it("keeps input order for equal magnitudes and leaves the input untouched", () => {
    const tied = [
      { name: "a", weight: 0.2 },
      { name: "b", weight: -0.2 },
      { name: "c", weight: 0.2 },
    ];
    const copy = structuredClone(tied);
    expect(sortByMagnitude(tied).map((f) => f.name)).toEqual(["a", "b", "c"]);
    expect(tied).toEqual(copy);
  });
});

describe("symmetricDomain and linearScale", () => {
  it("is symmetric around 0 and spans the largest magnitude", () => {
    expect(symmetricDomain([0.1, -0.4, 0.25])).toEqual([-0.4, 0.4]);
    expect(symmetricDomain([3, 1])).toEqual([-3, 3]);
  });

  it("falls back to [-1, 1] when there is nothing to scale", () => {
    expect(symmetricDomain([])).toEqual([-1, 1]);
    expect(symmetricDomain([0, 0])).toEqual([-1, 1]);
  });

  it("maps domain ends onto range ends and zero onto the middle", () => {
    const x = linearScale([-2, 2], [100, 300]);
    expect([x(-2), x(0), x(1), x(2)]).toEqual([100, 200, 250, 300]);
  });
});

describe("layoutBars", () => {
  const options = layoutOptions(660);
  const layout = layoutBars(features, options);
  const { plotLeft, plotRight } = layout;

  it("gives short labels a narrow column and the bars the rest of the width", () => {
    expect(layout.labelX).toBeLessThan(options.labelWidth / 2);
    expect(plotLeft).toBeGreaterThan(layout.labelX);
    expect(plotRight).toBe(options.width - options.valueWidth);
    const long = layoutBars([{ name: "x".repeat(200), value: "", weight: 1 }], options);
    expect(long.labelX).toBe(options.labelWidth - 8);
  });

  it("puts zero in the middle of the plot area, symmetric for both signs", () => {
    expect(layout.domain).toEqual([-0.4, 0.4]);
    expect(layout.zeroX).toBeCloseTo((plotLeft + plotRight) / 2);
  });

  it("draws rows top to bottom in |weight| order", () => {
    expect(layout.rows.map((r) => r.name)).toEqual(["income", "tenure", "age", "zero"]);
    const ys = layout.rows.map((r) => r.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(layout.height).toBe(4 * options.rowHeight);
  });

  it("grows negative bars left of zero and positive bars right of it, to scale", () => {
    const [income, tenure] = layout.rows;
    expect(income?.sign).toBe("negative");
    expect(income?.x).toBeCloseTo(plotLeft);
    expect((income?.x ?? 0) + (income?.width ?? 0)).toBeCloseTo(layout.zeroX);
    expect(income?.valueAnchor).toBe("end");
    expect(tenure?.sign).toBe("positive");
    expect(tenure?.x).toBeCloseTo(layout.zeroX);
    expect(tenure?.width).toBeCloseTo(((plotRight - plotLeft) / 2) * (0.25 / 0.4));
    expect(tenure?.valueText).toBe("+0.250");
  });

  it("truncates long labels to the label column but keeps the full name", () => {
    const long = "mean concave points of the tumour nucleus > 0.0514".repeat(2);
    const [row] = layoutBars([{ name: long, value: "", weight: 1 }], options).rows;
    expect(row?.name).toBe(long);
    expect(Array.from(row?.label ?? "")).toHaveLength(options.maxLabelChars);
    expect(row?.label.endsWith("…")).toBe(true);
    expect(row?.hover.startsWith(long)).toBe(true);
  });

  it("gives narrow cells a shorter label column and wide cells a longer one", () => {
    expect(layoutOptions(360).maxLabelChars).toBeLessThan(layoutOptions(700).maxLabelChars);
    expect(layoutOptions(700).maxLabelChars).toBeGreaterThanOrEqual(30);
    expect(layoutOptions(100).width).toBe(320);
  });
});

describe("chart text", () => {
  it("hover shows the condition, the instance value and the exact weight", () => {
    expect(hoverText({ name: "worst radius > 16.80", value: "17.99", weight: 0.12344 })).toBe(
      "worst radius > 16.80 (value 17.99): +0.1234",
    );
    expect(hoverText({ name: "great", value: "", weight: -0.05 })).toBe("great: \u22120.05000");
  });

  it("titles a classification with the class and its probability", () => {
    const { meta, explanation } = fixtures();
    expect(chartTitle(meta, explanation)).toBe("Why benign? (p = 0.93)");
    expect(chartTitle(meta, { ...explanation, label: 0 })).toBe("Why malignant? (p = 0.07)");
  });

  it("titles a regression with the predicted value", () => {
    const { meta, explanation } = fixtures();
    const regression: Meta = {
      ...meta,
      mode: "regression",
      class_names: ["price"],
      predict_proba: [152.5],
    };
    expect(chartTitle(regression, { ...explanation, label: 0 })).toBe("Why price = 152.50?");
  });
});

describe("whiskers and top-K frequency", () => {
  const options = layoutOptions(660, true);
  const withDiagnostics = [
    { name: "income", value: "", weight: -0.4, interval: [-0.45, -0.3] as const, frequency: 1 },
    { name: "tenure", value: "", weight: 0.25, interval: [0.1, 0.6] as const, frequency: 0.62 },
    { name: "age", value: "", weight: 0.1, interval: null, frequency: null },
  ];
  const layout = layoutBars(withDiagnostics, options);

  it("scales to hold the whiskers, not just the bars", () => {
    expect(layout.domain).toEqual([-0.6, 0.6]);
    for (const row of layout.rows) {
      for (const x of [row.x, row.x + row.width, row.whisker?.x1, row.whisker?.x2]) {
        if (x !== undefined) {
          expect(x).toBeGreaterThanOrEqual(layout.plotLeft - 1e-9);
          expect(x).toBeLessThanOrEqual(layout.plotRight + 1e-9);
        }
      }
    }
    const tenure = layout.rows[1];
    expect(tenure?.whisker?.x2).toBeCloseTo(layout.plotRight);
    expect(tenure?.whisker?.y).toBe(tenure?.centerY);
  });

  it("places the value beyond the whisker on the bar's side", () => {
    const [income, tenure, age] = layout.rows;
    expect(income?.valueX).toBeLessThan(income?.whisker?.x1 ?? 0);
    expect(tenure?.valueX).toBeGreaterThan(tenure?.whisker?.x2 ?? 0);
    expect(age?.whisker).toBeNull();
    expect(age?.valueX).toBeCloseTo((age?.x ?? 0) + (age?.width ?? 0) + 4);
  });

  it("keeps a right column for frequencies, outside the plot", () => {
    expect(layout.frequencyX).toBe(options.width - 2);
    expect(layout.plotRight).toBe(options.width - options.valueWidth - options.frequencyWidth);
    expect(layout.rows.map((r) => r.frequencyText)).toEqual(["100\u00a0%", "62\u00a0%", ""]);
    const none = layoutBars(features, options);
    expect(none.frequencyX).toBeNull();
    expect(none.plotRight).toBe(options.width - options.valueWidth);
  });

  it("tells the interval and the frequency on hover", () => {
    expect(layout.rows[1]?.hover).toBe(
      "tenure: +0.2500 (90 % interval +0.100 … +0.600); in the top K in 62\u00a0% of bootstrap refits",
    );
    expect(layout.rows[2]?.hover).toBe("age: +0.1000");
  });

  it("draws a whisker as a line with two end caps", () => {
    expect(whiskerPath({ low: 0, high: 1, x1: 10, x2: 50.04, y: 11, cap: 4 })).toBe(
      "M10 11H50M10 7V15M50 7V15",
    );
  });

  it("joins the diagnostics to the bars by feature id, and nothing when they are absent", () => {
    const { explanation } = fixtures();
    const stateWith = parseState(state(1, { diagnostics: diagnostics() }));
    if (!stateWith.ok) {
      throw new Error(stateWith.message);
    }
    const bars = barInputs({
      explanation,
      params: stateWith.value.params,
      diagnostics: stateWith.value.diagnostics,
    });
    expect(bars.map((b) => [b.name, b.interval, b.frequency])).toEqual([
      ["worst radius > 16.80", [-0.36, -0.27], 1],
      ["colour=red", [0.05, 0.2], 0.94],
    ]);
    const plain = barInputs({ explanation, params: null, diagnostics: null });
    expect(plain.every((b) => b.interval === null && b.frequency === null)).toBe(true);
  });
});
