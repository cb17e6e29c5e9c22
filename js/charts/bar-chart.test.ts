import { describe, expect, it } from "vitest";
import type { Explanation } from "../contract/explanation";
import { type Meta, parseMeta } from "../contract/meta";
import { parseState } from "../contract/state";
import { diagnostics, state, tabularMeta } from "../contract/testing";
import { signalOf } from "../view-model/trust";
import { barInputs, chartTitle } from "./bar-chart";
import {
  hoverText,
  layoutBars,
  layoutOptions,
  linearScale,
  MIN_BAR_SHARE,
  MIN_CAPPED_SPAN,
  sortByMagnitude,
  symmetricDomain,
  whiskerPath,
} from "./bar-layout";
import { legendWords, NO_SIGNAL, noSignalText } from "./bar-words";

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

  it("shortens long labels to the label column, keeping the threshold and the full name", () => {
    const long = "mean concave points of the tumour nucleus > 0.0514".repeat(2);
    const [row] = layoutBars([{ name: long, value: "", weight: 1 }], options).rows;
    expect(row?.name).toBe(long);
    expect(Array.from(row?.label ?? "").length).toBeLessThanOrEqual(options.maxLabelChars);
    expect(Array.from(row?.label ?? "").length).toBeGreaterThan(options.maxLabelChars - 3);
    expect(row?.label).toMatch(/^mean concave.*… > 0\.0514$/);
    expect(row?.hover.startsWith(long)).toBe(true);
    const plain = layoutBars([{ name: "x".repeat(200), value: "", weight: 1 }], options).rows[0];
    expect(plain?.label.endsWith("…")).toBe(true);
  });

  it("keeps thresholds in a 330 px cell (rule 8): whole labels above the bars", () => {
    const narrow = layoutOptions(330, true);
    const names = [
      "worst concave points > 0.16",
      "0.83 < texture error <= 1.11",
      "mean area > 782.70",
    ];
    const layout = layoutBars(
      names.map((name, i) => ({ name, value: "", weight: [-0.2, 0.1, 0.05][i] ?? 0 })),
      narrow,
    );
    expect(layout.stacked).toBe(true);
    expect(layout.rows.map((r) => r.label)).toEqual(names);
    // Names longer than a line are still cut in the name, not in the threshold.
    const long = `${"very long feature name ".repeat(4)}> 0.16`;
    const [row] = layoutBars([{ name: long, value: "", weight: 1 }], narrow).rows;
    expect(row?.label).toMatch(/^very long.*… > 0\.16$/);
    expect(Array.from(row?.label ?? "").length).toBeLessThanOrEqual(Math.floor(328 / 6.9));
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

  it("titles a regression with the prediction, and says what the bars do to it (rule 10)", () => {
    const { meta, explanation } = fixtures();
    const regression: Meta = {
      ...meta,
      mode: "regression",
      class_names: ["value"],
      predict_proba: [252.13],
    };
    expect(chartTitle(regression, { ...explanation, label: 0 })).toBe(
      "Why is the prediction 252.1?",
    );
    expect(legendWords(regression, 0)).toEqual(["raises the prediction", "lowers the prediction"]);
    expect(legendWords(meta, 1)).toEqual(["for benign", "against benign"]);
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

  it("draws a whisker as a line with two end caps, or a bare line without caps", () => {
    expect(whiskerPath({ low: 0, high: 1, x1: 10, x2: 50.04, y: 11, cap: 4 })).toBe(
      "M10 11H50M10 7V15M50 7V15",
    );
    expect(whiskerPath({ low: 0, high: 1, x1: 10, x2: 14, y: 11, cap: 0 })).toBe("M10 11H14");
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
    const text: Meta = {
      ...fixtures().meta,
      kind: "text",
      tokens: [
        { text: "worst radius > 16.80", feature: 0 },
        { text: "colour", feature: 2 },
      ],
    };
    const named = barInputs(
      {
        explanation: {
          ...explanation,
          features: [{ id: 2, name: "colour_21", value: "", weight: 0.1 }],
        },
        params: null,
        diagnostics: null,
      },
      text,
    );
    // Positional text (rule 11): the bar reads "colour (word 2)", data-name keeps the kernel's.
    expect(named.map((b) => [b.name, b.label])).toEqual([["colour_21", "colour (word 2)"]]);
    const plain = barInputs({ explanation, params: null, diagnostics: null });
    expect(plain.every((b) => b.interval === null && b.frequency === null)).toBe(true);
  });
});

describe("a degenerate fit looks degenerate (rule 1)", () => {
  const options = layoutOptions(660, true);
  // Weights of a fit on one effective sample, as the kernel sent them at a tiny width.
  const degenerate = [
    {
      name: "worst concave points > 0.16",
      value: "",
      weight: -1.47e-19,
      interval: [-2.4e-19, 0] as const,
      frequency: 0.4,
    },
    {
      name: "mean perimeter > 104.10",
      value: "",
      weight: -1.46e-19,
      interval: null,
      frequency: 0.7,
    },
    { name: "worst area > 1084.00", value: "", weight: -9.7e-20, interval: null, frequency: 0.68 },
  ];

  it("draws negligible weights as slivers on a floored axis, not as full-length bars", () => {
    const { meta, explanation } = fixtures();
    const features = degenerate.map((f, id) => ({ id, name: f.name, value: "", weight: f.weight }));
    const signal = signalOf(meta, { ...explanation, features });
    const layout = layoutBars(degenerate, options, signal.floor);
    expect(layout.domain).toEqual([-0.01, 0.01]);
    const half = (layout.plotRight - layout.plotLeft) / 2;
    for (const row of layout.rows) {
      expect(row.width).toBeLessThan(half * 1e-9);
    }
    // Without the floor the same bars would fill the chart.
    expect(layoutBars(degenerate, options).rows[0]?.width).toBeCloseTo(half * (1.47 / 2.4));
  });

  it("leaves ordinary weights on their own scale", () => {
    const layout = layoutBars(features, layoutOptions(660), 0.01);
    expect(layout.domain).toEqual([-0.4, 0.4]);
  });

  it("says so in words", () => {
    const { meta, explanation } = fixtures();
    const features = degenerate.map((f, id) => ({ id, name: f.name, value: "", weight: f.weight }));
    const text = noSignalText(meta, signalOf(meta, { ...explanation, features }));
    expect(text).toBe(
      `${NO_SIGNAL}: no weight reaches 0.001 (0.1 % of the probability scale; the largest is 1.5e\u221219)`,
    );
    expect(noSignalText(meta, signalOf(meta, explanation))).toBeNull();
  });

  it("prints the values of one chart in one format", () => {
    const layout = layoutBars(
      [
        { name: "a", value: "", weight: 0.00104 },
        { name: "b", value: "", weight: -0.000909 },
      ],
      options,
    );
    expect(layout.rows.map((r) => r.valueText)).toEqual(["+0.00104", "\u22120.00091"]);
  });

  it("keeps value texts clear of the labels and of the % column, even at 320 px", () => {
    for (const width of [320, 330, 660]) {
      for (const bars of [degenerate, features]) {
        const layout = layoutBars(bars, layoutOptions(width, true), 0.01);
        const percentStart = (layout.frequencyX ?? layout.width) - 42 + 2;
        for (const row of layout.rows) {
          // Generous glyph width for the 12 px digits, minus and "e".
          const extent = Array.from(row.valueText).length * 7.2;
          const [from, to] =
            row.valueAnchor === "end"
              ? [row.valueX - extent, row.valueX]
              : [row.valueX, row.valueX + extent];
          expect(from).toBeGreaterThanOrEqual(layout.labelX);
          expect(to).toBeLessThanOrEqual(layout.frequencyX === null ? layout.width : percentStart);
          expect(to).toBeLessThanOrEqual(layout.width);
        }
      }
    }
  });
});

describe("a narrow cell (360 px, docs/widget-narrow.png)", () => {
  // widget-narrow.png's bars: breast-cancer conditions, whiskers and top-K frequencies.
  const bars = [
    ["mean area > 782.70", -0.45, [-0.46, -0.44]],
    ["worst area > 1084.00", 0.392, [0.37, 0.41]],
    ["mean perimeter > 104.10", 0.361, [0.35, 0.37]],
    ["worst perimeter > 125.40", 0.174, [0.16, 0.19]],
    ["worst smoothness > 0.15", -0.055, [-0.06, -0.05]],
    ["symmetry error > 0.023", -0.045, [-0.05, -0.04]],
  ] as const;
  const features = bars.map(([name, weight, interval], id) => ({
    id,
    name,
    value: "",
    weight,
    interval,
    frequency: 1,
  }));
  const options = layoutOptions(360, true);
  const layout = layoutBars(features, options);

  it(`gives the bars at least ${MIN_BAR_SHARE * 100} % of the width: labels go above them`, () => {
    expect(layout.stacked).toBe(true);
    expect(layout.plotRight - layout.plotLeft).toBeGreaterThanOrEqual(MIN_BAR_SHARE * 360);
    // Beside the bars, the labels left them about 60 px (docs/widget-narrow.png before).
    expect(layout.plotRight - layout.plotLeft).toBeGreaterThan(200);
    expect(layout.labelAnchor).toBe("start");
    expect(layout.labelRoom).toBeGreaterThan(300);
    // Whole names: the line above the bar has room for them.
    expect(layout.rows.map((r) => r.label)).toEqual(bars.map(([name]) => name));
  });

  it("puts each label on its own line, nearer its bar than the bar above", () => {
    const textHalf = 7; // half a 12 px line
    layout.rows.forEach((row, i) => {
      expect(row.labelY + textHalf).toBeLessThanOrEqual(row.y + 1);
      expect(row.labelY - textHalf).toBeGreaterThanOrEqual(row.top);
      const previous = layout.rows[i - 1];
      if (previous !== undefined) {
        const above = row.labelY - textHalf - (previous.y + previous.height);
        const below = row.y - (row.labelY + textHalf);
        expect(above).toBeGreaterThan(below);
      }
      expect(row.centerY).toBeCloseTo(row.y + row.height / 2);
      expect(row.whisker?.y).toBe(row.centerY);
    });
    expect(layout.height).toBe(layout.rows.length * layout.rowHeight);
  });

  it("draws the zero line along the bars only, not through the labels", () => {
    expect(layout.axis).toHaveLength(layout.rows.length);
    layout.axis.forEach(([y1, y2], i) => {
      const row = layout.rows[i];
      expect(y1).toBeGreaterThan((row?.labelY ?? 0) + 6);
      expect(y2).toBeGreaterThanOrEqual((row?.y ?? 0) + (row?.height ?? 0));
    });
  });

  it("keeps labels beside the bars where that leaves them their share", () => {
    const wide = layoutBars(features, layoutOptions(660, true));
    expect(wide.stacked).toBe(false);
    expect(wide.plotRight - wide.plotLeft).toBeGreaterThanOrEqual(MIN_BAR_SHARE * 660);
    expect(wide.axis).toEqual([[0, wide.height]]);
    expect(wide.rows.every((r) => r.labelY === r.centerY)).toBe(true);
    // Short words (text explanations) fit beside the bars even at 360 px.
    const words = layoutBars(
      [
        { name: "good", value: "", weight: 0.3 },
        { name: "bad", value: "", weight: -0.2 },
      ],
      options,
    );
    expect(words.stacked).toBe(false);
    expect(words.plotRight - words.plotLeft).toBeGreaterThanOrEqual(MIN_BAR_SHARE * 360);
  });
});

describe("whiskers read as intervals, not as the letter H", () => {
  const options = layoutOptions(360, true);
  const layout = layoutBars(
    [
      { name: "tight", value: "", weight: -0.4, interval: [-0.405, -0.395] as const },
      { name: "wide", value: "", weight: 0.3, interval: [0.2, 0.42] as const },
    ],
    options,
  );
  const [tight, wide] = layout.rows;

  it("draws no end caps on an interval narrower than a few px", () => {
    const span = (tight?.whisker?.x2 ?? 0) - (tight?.whisker?.x1 ?? 0);
    expect(span).toBeLessThan(MIN_CAPPED_SPAN);
    expect(tight?.whisker?.cap).toBe(0);
    expect(whiskerPath(tight?.whisker ?? { low: 0, high: 0, x1: 0, x2: 0, y: 0, cap: 0 })).toMatch(
      /^M[\d.]+ [\d.]+H[\d.]+$/,
    );
    expect(wide?.whisker?.cap).toBeGreaterThan(0);
    expect((wide?.whisker?.x2 ?? 0) - (wide?.whisker?.x1 ?? 0)).toBeGreaterThanOrEqual(
      MIN_CAPPED_SPAN,
    );
  });

  it("leaves more air between a whisker's end and the value than after a bare bar", () => {
    expect((tight?.whisker?.x1 ?? 0) - (tight?.valueX ?? 0)).toBeGreaterThanOrEqual(6);
    expect((wide?.valueX ?? 0) - (wide?.whisker?.x2 ?? 0)).toBeGreaterThanOrEqual(6);
  });
});
