import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseMeta } from "../contract/meta";
import { diagnostics, parsed, state, tabularMeta } from "../contract/testing";
import { createIds } from "../util/dom";
import { FakeDocument, type FakeElement, FakeResizeObserver } from "../util/fake-dom";
import { holdSweep } from "../view-model/held-sweep";
import { featureLabel } from "../view-model/trust";
import { createSweep } from "./sweep-chart";

beforeEach(() => {
  vi.stubGlobal("document", new FakeDocument());
  vi.stubGlobal("ResizeObserver", FakeResizeObserver);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The sweep of the fixture, its features named as positional text names them. */
function positional() {
  const base = diagnostics();
  const sweep = base.sweep as { features: { id: number; name: string }[] };
  const names = ["boring_0", "film_7", "boring_12"];
  for (const f of sweep.features) {
    f.name = names[f.id] ?? f.name;
  }
  return parsed(state(1, { diagnostics: base }));
}

describe("kernel-width legend (rule 11)", () => {
  it("names each line as the page names its feature", () => {
    const fresh = positional();
    const meta = parseMeta({
      ...tabularMeta(),
      kind: "text",
      tokens: [
        { text: "boring", feature: 0 },
        { text: " ", feature: -1 },
        { text: "film", feature: 1 },
        { text: ", so ", feature: -1 },
        { text: "boring", feature: 2 },
      ],
    });
    if (!meta.ok) {
      throw new Error(meta.message);
    }
    const view = createSweep({
      asked: () => 1.3,
      pick: () => {},
      range: [0.065, 26],
      ids: createIds("t"),
      name: (id, name) => featureLabel(meta.value, id, name),
    });
    view.update({
      held: holdSweep(null, fresh.diagnostics),
      params: fresh.params,
      nSamples: 5000,
      busy: false,
    });
    const items = (view.el as unknown as FakeElement)
      .querySelectorAll(".lime-widget__legend-item")
      .map((item) => item.textContent);
    expect(items).toEqual(
      expect.arrayContaining(["boring (word 1)", "film (word 2)", "boring (word 3)"]),
    );
    view.dispose();
  });
});

describe("the R² line on the page", () => {
  it("is drawn with its own name, R², and says what it is on hover", () => {
    const fresh = positional();
    const view = createSweep({
      asked: () => 1.3,
      pick: () => {},
      range: [0.065, 26],
      ids: createIds("t"),
    });
    view.update({
      held: holdSweep(null, fresh.diagnostics),
      params: fresh.params,
      nSamples: 5000,
      busy: false,
    });
    const el = view.el as unknown as FakeElement;
    const [name] = el.querySelectorAll(".lime-widget__score-label");
    expect(name?.getAttribute("data-testid")).toBe("lw-sweep-score-label");
    const title = "weighted R² of the surrogate (right axis)";
    expect(name?.querySelectorAll("title")[0]?.textContent).toBe(title);
    // Its own text, then its title's.
    expect(name?.textContent).toBe(`R²${title}`);
    // Drawn after the score line, so it sits on top of it.
    const plot = el.querySelectorAll(".lime-widget__sweep-plot")[0];
    const order = (plot?.children ?? []).map((c) => c.getAttribute("class"));
    expect(order.indexOf("lime-widget__score-label")).toBeGreaterThan(
      order.indexOf("lime-widget__sweep-score"),
    );
    view.dispose();
  });
});
