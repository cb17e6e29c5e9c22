import { afterEach, describe, expect, it, vi } from "vitest";
import { parseMeta } from "../contract/meta";
import { parsed, state, tabularMeta } from "../contract/testing";
import { FakeDocument, type FakeElement, FakeResizeObserver } from "../util/fake-dom";
import { createTabularView, rowOrder, weightsById } from "./tabular-view";

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
