/**
 * DESIGN invariant 12 on a whole rendered widget: nothing on screen contradicts itself or
 * the numbers, and a degenerate fit looks degenerate. The states are the ones users met: a
 * kernel so narrow that one sample carries the fit, and a model that failed mid-job.
 */
import type { RenderProps } from "@anywidget/types";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { diagnostics, explanation, state, tabularMeta } from "./contract/testing";
import type { Traits } from "./contract/traits";
import { FakeDocument, type FakeElement, FakeResizeObserver } from "./util/fake-dom";

type Handler = (...args: unknown[]) => void;

function fakeModel(values: Record<string, unknown>) {
  const handlers = new Map<string, Set<Handler>>();
  return {
    get: (key: string) => values[key],
    set: (key: string, value: unknown) => {
      values[key] = value;
    },
    save_changes() {},
    send: vi.fn(),
    on(event: string, handler: Handler) {
      handlers.set(event, (handlers.get(event) ?? new Set()).add(handler));
    },
    off(event: string, handler: Handler) {
      handlers.get(event)?.delete(handler);
    },
    /** The kernel changes a trait. */
    push(key: string, value: unknown) {
      values[key] = value;
      for (const handler of handlers.get(`change:${key}`) ?? []) {
        handler();
      }
    },
  };
}

const cleanups: (() => void)[] = [];

beforeEach(() => {
  vi.stubGlobal("document", new FakeDocument());
  vi.stubGlobal("ResizeObserver", FakeResizeObserver);
});

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) {
    cleanup();
  }
  vi.unstubAllGlobals();
  vi.resetModules();
});

async function render(first: Record<string, unknown>) {
  const module = (await import("./widget")).default;
  const cell = (document as unknown as FakeDocument).createElement("div");
  (document as unknown as FakeDocument).body.append(cell);
  const model = fakeModel({
    meta: tabularMeta(),
    state: first,
    kernel_width: 1.3,
    num_samples: 5000,
    num_features: 2,
    feature_selection: "auto",
    label: 1,
  });
  cleanups.push(module.render({ model, el: cell } as unknown as RenderProps<Traits>));
  return { cell, model };
}

/** The text a user sees: hidden elements and tooltips (<title>) left out. */
function visibleText(el: FakeElement): string {
  if (el.hidden === true || el.tagName === "TITLE") {
    return "";
  }
  const own = el.children.length === 0 ? el.textContent : "";
  return [own, ...el.children.map(visibleText)].filter((t) => t !== "").join(" ");
}

function byTestid(cell: FakeElement, id: string): FakeElement | undefined {
  return cell.descendants().find((e) => e.getAttribute("data-testid") === id);
}

/** A fit on one effective sample: weights of 1e−19, R² −2.11e18, yet "stable · 1.00". */
function degenerate(): Record<string, unknown> {
  const weights = [-1.47e-19, -9.7e-20];
  const base = explanation() as { features: { weight: number }[] };
  return state(1, {
    explanation: {
      ...base,
      intercept: 3.2e-14,
      score: 0,
      local_pred: 3.2e-14,
      model_pred: 3.2e-14,
      features: base.features.map((f, i) => ({ ...f, weight: weights[i] })),
    },
    diagnostics: diagnostics({
      stability: 1,
      stability_words: "stable",
      settled: true,
      ess: 1,
      ess_fraction: 0.0002,
      ess_warning:
        "Only 1 effective samples (0.0 % of 5,000) for 2 features: the explanation rests on " +
        "a handful of samples. Widen the kernel or draw more samples.",
      out_of_sample_r2: -2.11e18,
      intervals: [
        { id: 0, low: -2.4e-19, high: 0 },
        { id: 2, low: -1.5e-19, high: 0 },
      ],
    }),
  });
}

describe("a degenerate fit on the page (rules 1, 2, 3, 9)", () => {
  it("looks degenerate and says nothing that contradicts the warning", async () => {
    const { cell } = await render(degenerate());
    const text = visibleText(cell);
    expect(text).toContain("no signal at this width");
    expect(text).toContain("≈ 1 effective sample ");
    expect(text).toContain("Only 1 effective sample (<\u00a00.1\u00a0% of 5,000) for 2 features");
    expect(text).toContain("out-of-sample R² worse than a constant");
    expect(text).not.toMatch(/e18|e\u221218/);
    expect(text).not.toMatch(/settled|stable ·|narrower|Also often/);
    expect(byTestid(cell, "lw-stability")?.textContent).toBe("unreliable");
    expect(byTestid(cell, "lw-chart")?.getAttribute("data-signal")).toBe("none");
  });
});

describe("after a model error (rule 5)", () => {
  it("describes the fit still shown, or marks what no longer matches it", async () => {
    const good = state(1, { diagnostics: diagnostics() });
    const { cell, model } = await render(good);
    expect(byTestid(cell, "lw-stability")?.textContent).toBe("stable · 0.93");
    // The user asks for 6,000 samples; the model fails after streaming no new fit.
    model.push("num_samples", 6000);
    model.push(
      "state",
      state(2, {
        status: "error",
        error: "RuntimeError: the model server is down",
        params: { ...(good.params as object), num_samples: 6000 },
        diagnostics: null,
      }),
    );
    const text = visibleText(cell);
    expect(text).toContain("fit on 5,000 samples");
    expect(byTestid(cell, "lw-stability")?.textContent).toBe("stability: not assessed");
    expect(byTestid(cell, "lw-ess")?.textContent).toBe(
      "effective samples: not assessed (the model failed)",
    );
    const samples = cell.querySelectorAll("output")[1];
    expect(samples?.getAttribute("data-stale")).toBe("true");
    expect(samples?.title).toMatch(/the chart shows the fit on 5,000 samples/);
    // The next good fit clears the marks.
    model.push(
      "state",
      state(3, {
        params: { ...(good.params as object), num_samples: 6000 },
        explanation: { ...explanation(), n_samples: 6000 },
      }),
    );
    expect(samples?.getAttribute("data-stale")).toBe("false");
  });
});
