import { afterEach, describe, expect, it, vi } from "vitest";
import type { Explanation } from "../contract/explanation";
import { type Meta, parseMeta } from "../contract/meta";
import { tabularMeta } from "../contract/testing";
import { FakeDocument, type FakeElement, FakeResizeObserver } from "../util/fake-dom";
import {
  cellOf,
  cellShades,
  createRecurrentView,
  legendWords,
  MAX_TINT_PERCENT,
  readoutText,
} from "./recurrent-view";

/** Two features over three time steps, flattened feature by feature as lime does. */
function recurrentRaw(): Record<string, unknown> {
  const names = ["load_t-2", "load_t-1", "load_t-0", "<b>temp</b>_t-2", "<b>temp</b>_t-1"];
  return {
    ...tabularMeta(),
    kind: "recurrent",
    n_features: 6,
    feature_names: [...names, "<b>temp</b>_t-0 > 0.50"],
    instance: [...names, "<b>temp</b>_t-0"].map((name, i) => ({ name, value: `${i}.00` })),
    recurrent: {
      features: ["load", "<b>temp</b>"],
      steps: ["t-2", "t-1", "t-0"],
      cells: [
        [0, 1, 2],
        [3, 4, 5],
      ],
    },
  };
}

function recurrentMeta(): Meta {
  const parsed = parseMeta(recurrentRaw());
  if (!parsed.ok) {
    throw new Error(parsed.message);
  }
  return parsed.value;
}

function explanationOf(features: [id: number, weight: number][], label = 1): Explanation {
  return {
    label,
    intercept: 0.2,
    score: 0.8,
    local_pred: 0.7,
    model_pred: 0.75,
    n_samples: 500,
    features: features.map(([id, weight]) => ({
      id,
      name: recurrentMeta().feature_names[id] ?? "",
      value: "",
      weight,
    })),
  };
}

describe("the recurrent meta", () => {
  it("carries the grid and the instance of every cell", () => {
    const meta = recurrentMeta();
    expect(meta.kind).toBe("recurrent");
    expect(meta.recurrent?.steps).toEqual(["t-2", "t-1", "t-0"]);
    expect(meta.instance).toHaveLength(6);
  });

  it("rejects a grid whose cells do not match its features, steps or feature count", () => {
    const broken = (grid: Record<string, unknown>) =>
      parseMeta({
        ...recurrentRaw(),
        recurrent: { ...(recurrentRaw().recurrent as object), ...grid },
      });
    const rows = broken({ cells: [[0, 1, 2]] });
    const steps = broken({
      cells: [
        [0, 1],
        [3, 4],
      ],
    });
    const beyond = broken({
      cells: [
        [0, 1, 2],
        [3, 4, 9],
      ],
    });
    expect(rows.ok ? "" : rows.message).toMatch(/one row per feature/);
    expect(steps.ok ? "" : steps.message).toMatch(/one id per time step/);
    expect(beyond.ok ? "" : beyond.message).toMatch(/beyond meta.n_features/);
    expect(parseMeta({ ...recurrentRaw(), recurrent: undefined }).ok).toBe(false);
  });
});

describe("cell shades", () => {
  it("tint the explained cells by sign and |weight|, and leave the rest plain", () => {
    const grid = recurrentMeta().recurrent;
    if (grid == null) {
      throw new Error("fixture has a grid");
    }
    const shades = cellShades(
      grid,
      explanationOf([
        [2, 0.4],
        [3, -0.1],
      ]),
    );
    expect(shades.map((row) => row.map((s) => s.sign))).toEqual([
      ["plain", "plain", "positive"],
      ["negative", "plain", "plain"],
    ]);
    expect(shades[0]?.[2]?.percent).toBe(MAX_TINT_PERCENT);
    expect(shades[1]?.[0]?.percent).toBe(Math.round(MAX_TINT_PERCENT / 4));
    expect(shades[0]?.[0]).toEqual({ id: 0, weight: null, sign: "plain", percent: 0 });
    expect(
      cellShades(grid, null)
        .flat()
        .every((s) => s.sign === "plain"),
    ).toBe(true);
  });

  it("finds a feature id's cell", () => {
    const grid = recurrentMeta().recurrent;
    if (grid == null) {
      throw new Error("fixture has a grid");
    }
    expect(cellOf(grid, 4)).toEqual({ feature: 1, step: 1 });
    expect(cellOf(grid, 7)).toBeNull();
  });
});

describe("readout and legend", () => {
  const meta = recurrentMeta();
  const exp = explanationOf([
    [5, -0.25],
    [2, 0.5],
  ]);

  it("name the cell, its value, its weight and its direction", () => {
    expect(readoutText(meta, exp, 5)).toBe(
      "<b>temp</b> at t-0 = 5.00 (<b>temp</b>_t-0 > 0.50): \u22120.250, against benign",
    );
    expect(readoutText(meta, exp, 1)).toBe(
      "load at t-1 = 1.00: not among the explanation's features",
    );
    expect(readoutText(meta, exp, null)).toMatch(/^Hover or focus a cell/);
  });

  it("say what the colours and plain cells mean", () => {
    const words = legendWords(meta, exp);
    expect([words.up, words.down]).toEqual(["for benign", "against benign"]);
    expect(words.note).toBe(
      "stronger tint = larger |weight| (strongest 0.500); the 2 explained of 6 cells tinted, the rest plain",
    );
    expect(legendWords(meta, null).note).toBe("no cell has a weight");
  });
});

describe("the heatmap on a page", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const page = () => {
    vi.stubGlobal("document", new FakeDocument());
    vi.stubGlobal("ResizeObserver", FakeResizeObserver);
    const heard: (number | null)[] = [];
    const view = createRecurrentView(recurrentMeta(), (id) => heard.push(id));
    const root = view.el as unknown as FakeElement;
    const cells = root.querySelectorAll("td");
    const readout = root
      .descendants()
      .find((el) => el.getAttribute("data-testid") === "lw-series-readout");
    return { view, root, cells, readout, heard };
  };

  it("lays features out by row and time steps by column, names as text", () => {
    const { root, cells } = page();
    const headers = root.querySelectorAll("th").map((th) => th.textContent);
    expect(headers).toEqual(["feature", "t-2", "t-1", "t-0", "load", "<b>temp</b>"]);
    expect(cells.map((td) => td.getAttribute("data-feature-id"))).toEqual([
      "0",
      "1",
      "2",
      "3",
      "4",
      "5",
    ]);
    expect(root.querySelectorAll("b")).toHaveLength(0);
  });

  it("tints the selected label's cells and repaints on every update", () => {
    const { view, cells, root } = page();
    view.update(
      explanationOf([
        [2, 0.4],
        [3, -0.1],
      ]),
    );
    expect(cells[2]?.style.backgroundColor).toBe(
      `color-mix(in srgb, var(--lw-positive) ${MAX_TINT_PERCENT}%, transparent)`,
    );
    expect(cells[3]?.className).toContain("series-cell--negative");
    expect(cells[3]?.getAttribute("aria-label")).toBe("<b>temp</b>_t-2: \u22120.100");
    expect(cells[0]?.getAttribute("data-weight")).toBeNull();
    view.update(explanationOf([[0, 0.3]], 0));
    expect(cells[2]?.getAttribute("data-weight")).toBeNull();
    expect(cells[2]?.style.backgroundColor).toBe("");
    expect(cells[0]?.getAttribute("data-weight")).toBe("0.3");
    const legend = root
      .descendants()
      .find((el) => el.getAttribute("data-testid") === "lw-series-legend");
    expect(legend?.textContent).toContain("for malignant");
  });

  it("reads out the hovered or focused cell and tells the chart, and lights a bar's cell", () => {
    const { view, cells, readout, heard } = page();
    view.update(explanationOf([[2, 0.4]]));
    cells[2]?.fire("focus");
    expect(heard).toEqual([2]);
    expect(readout?.textContent).toBe("load at t-0 = 2.00 (load_t-0): +0.400, for benign");
    expect(cells[2]?.className).toContain("series-cell--lit");
    cells[2]?.fire("blur");
    expect(heard).toEqual([2, null]);
    view.highlight(4);
    expect(cells[4]?.className).toContain("series-cell--lit");
    expect(cells[2]?.className).not.toContain("series-cell--lit");
    expect(readout?.textContent).toMatch(/^<b>temp<\/b> at t-1 = 4.00: not among/);
    view.dispose();
  });
});
