/**
 * The chart's link hooks, in the stand-in DOM: bars are focusable and carry their feature
 * id; hovering or focusing a bar reports that id, and `highlight` lights the bar another
 * view points at.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseMeta } from "../contract/meta";
import { parsed, state, tabularMeta } from "../contract/testing";
import { FakeDocument, type FakeElement, FakeResizeObserver } from "../util/fake-dom";
import { createChart } from "./bar-chart";

beforeEach(() => {
  vi.stubGlobal("document", new FakeDocument());
  vi.stubGlobal("ResizeObserver", FakeResizeObserver);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function chartWithBars() {
  const meta = parseMeta(tabularMeta());
  const explanation = parsed(state(1)).explanation;
  if (!meta.ok || explanation === null) {
    throw new Error("fixtures must parse");
  }
  const heard: (number | null)[] = [];
  const chart = createChart(
    meta.value,
    () => {},
    {},
    (id) => heard.push(id),
  );
  chart.update({ explanation, params: null, diagnostics: null });
  const el = chart.el as unknown as FakeElement;
  const svg = el.querySelectorAll("svg")[0] as FakeElement;
  const rows = svg.querySelectorAll(".lime-widget__row");
  const row = (id: number): FakeElement => {
    const found = rows.find((r) => r.getAttribute("data-feature-id") === String(id));
    if (found === undefined) {
      throw new Error(`no bar for feature ${id}`);
    }
    return found;
  };
  const lit = (): string[] =>
    svg
      .querySelectorAll(".lime-widget__row--lit")
      .map((r) => r.getAttribute("data-feature-id") ?? "");
  return { chart, svg, rows, row, lit, heard };
}

describe("bar links", () => {
  it("makes every bar focusable, labelled and tagged with its feature id", () => {
    const { rows } = chartWithBars();
    expect(rows.map((r) => r.getAttribute("data-feature-id"))).toEqual(["0", "2"]);
    for (const r of rows) {
      expect(r.getAttribute("tabindex")).toBe("0");
      expect(r.getAttribute("aria-label")).toMatch(/: [+\u2212]0\.\d+/);
    }
    expect(rows[0]?.getAttribute("aria-label")).toMatch(/^worst radius > 16\.80/);
  });

  it("lights the bar another view points at, and only that one", () => {
    const { chart, svg, lit, heard } = chartWithBars();
    chart.highlight(2);
    expect(lit()).toEqual(["2"]);
    expect(svg.getAttribute("data-highlight")).toBe("2");
    chart.highlight(7); // a superpixel outside the top K: no bar to light
    expect(lit()).toEqual([]);
    expect(svg.getAttribute("data-highlight")).toBeNull();
    chart.highlight(null);
    expect(lit()).toEqual([]);
    expect(heard).toEqual([]); // being pointed at is not reported back
  });

  it("reports the hovered or focused bar and lights it", () => {
    const { svg, row, lit, heard } = chartWithBars();
    const inside = row(0).children[1] as FakeElement; // the row's hit band
    svg.fire("pointerover", { target: inside });
    expect(lit()).toEqual(["0"]);
    svg.fire("pointerleave");
    expect(lit()).toEqual([]);
    svg.fire("focusin", { target: row(2) });
    expect(lit()).toEqual(["2"]);
    // tabbing on to the next bar keeps a light on, and reports the new bar once
    svg.fire("focusout", { target: row(2), relatedTarget: row(0) });
    svg.fire("focusin", { target: row(0) });
    svg.fire("focusout", { target: row(0), relatedTarget: null });
    expect(lit()).toEqual([]);
    expect(heard).toEqual([0, null, 2, 0, null]);
  });

  it("keeps the light through a redraw", () => {
    const { chart, svg } = chartWithBars();
    chart.highlight(2);
    const explanation = parsed(state(2)).explanation;
    expect(explanation).not.toBeNull();
    if (explanation !== null) {
      chart.update({ explanation, params: null, diagnostics: null });
    }
    const lit = svg.querySelectorAll(".lime-widget__row--lit");
    expect(lit.map((r) => r.getAttribute("data-feature-id"))).toEqual(["2"]);
  });
});
