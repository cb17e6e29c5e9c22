import { afterEach, describe, expect, it, vi } from "vitest";
import { parseMeta } from "../contract/meta";
import { parsed, state, tabularMeta } from "../contract/testing";
import { FakeDocument, type FakeElement, FakeResizeObserver } from "../util/fake-dom";
import { createTabularView, rowOrder, weightsById, wholeRowsHeight } from "./tabular-view";

describe("tabular highlight", () => {
  it("maps explanation features to instance rows by id", () => {
    const weights = weightsById(parsed(state(1)).explanation);
    expect([...weights.entries()]).toEqual([
      [0, -0.31],
      [2, 0.12],
    ]);
    expect(weightsById(null).size).toBe(0);
  });
});

describe("instance table order (rule 7)", () => {
  it("lists the explained features first, by |weight|, then the rest in dataset order", () => {
    const explanation = parsed(state(1)).explanation;
    if (explanation === null) {
      throw new Error("fixture has an explanation");
    }
    const weighted = {
      ...explanation,
      features: [
        { id: 7, name: "h", value: "", weight: 0.05 },
        { id: 3, name: "d", value: "", weight: -0.4 },
        { id: 5, name: "f", value: "", weight: 0.2 },
      ],
    };
    expect(rowOrder(9, weighted)).toEqual([3, 5, 7, 0, 1, 2, 4, 6, 8]);
    expect(rowOrder(3, null)).toEqual([0, 1, 2]);
  });
});

describe("the instance table on a page", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("re-orders its rows and prints the weights in one format", () => {
    vi.stubGlobal("document", new FakeDocument());
    vi.stubGlobal("ResizeObserver", FakeResizeObserver);
    const meta = parseMeta(tabularMeta());
    const explanation = parsed(state(1)).explanation;
    if (!meta.ok || explanation === null) {
      throw new Error("fixtures must parse");
    }
    const view = createTabularView(meta.value);
    view.update({
      ...explanation,
      features: [
        { id: 2, name: "colour=red", value: "red", weight: 0.00104 },
        { id: 1, name: "mean texture", value: "10.38", weight: -0.000909 },
      ],
    });
    const rows = (view.el as unknown as FakeElement).querySelectorAll("tr").slice(1);
    expect(rows.map((r) => r.children[0]?.textContent)).toEqual([
      "colour",
      "mean texture",
      "worst radius",
    ]);
    expect(rows.map((r) => r.children[2]?.textContent)).toEqual(["+0.00104", "\u22120.00091", ""]);
  });
});

describe("the instance table's scroll box ends on a row's edge", () => {
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
