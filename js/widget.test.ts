/**
 * Several widgets on one page, each from its own evaluation of this module (as anywidget
 * does, manzt/anywidget#613), rendered into a stand-in DOM: every id must be unique on the
 * page and every link between elements must stay inside its own widget.
 */
import type { RenderProps } from "@anywidget/types";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { diagnostics, state, tabularMeta } from "./contract/testing";
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
  };
}

let page: FakeDocument;
const cleanups: (() => void)[] = [];

beforeEach(() => {
  page = new FakeDocument();
  vi.stubGlobal("document", page);
  vi.stubGlobal("ResizeObserver", FakeResizeObserver);
});

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) {
    cleanup();
  }
  vi.unstubAllGlobals();
  vi.resetModules();
});

/** Render one widget from a fresh evaluation of widget.ts, into its own cell. */
async function renderWidget(): Promise<{ cell: FakeElement; module: unknown }> {
  vi.resetModules();
  const module = (await import("./widget")).default;
  const cell = page.createElement("div");
  page.body.append(cell);
  const model = fakeModel({
    meta: tabularMeta(),
    state: state(1, { diagnostics: diagnostics() }),
    kernel_width: 1.3,
    num_samples: 5000,
    num_features: 2,
    feature_selection: "auto",
    label: 1,
  });
  const dispose = module.render({ model, el: cell } as unknown as RenderProps<Traits>);
  cleanups.push(dispose);
  return { cell, module };
}

/** The element the page resolves `id` to (the first in document order, as browsers do). */
function resolve(id: string | null): FakeElement | null {
  return id === null ? null : page.getElementById(id);
}

describe("two widgets on a page", () => {
  it("share no element id", async () => {
    const first = await renderWidget();
    const second = await renderWidget();
    expect(second.module).not.toBe(first.module);
    const ids = page.body
      .descendants()
      .map((el) => el.id)
      .filter((id) => id !== "");
    // 5 controls, the kernel width's tick list and the sweep's hatch pattern, twice.
    expect(ids).toHaveLength(14);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("link each label, tick list and hatch pattern to an element of the same widget", async () => {
    const cells = [(await renderWidget()).cell, (await renderWidget()).cell];
    for (const cell of cells) {
      const labels = cell.querySelectorAll("label").filter((l) => l.getAttribute("for") !== null);
      expect(labels.map((l) => l.textContent)).toEqual([
        "Kernel width",
        "Samples",
        "Features K",
        "Class",
        "Feature selection",
      ]);
      for (const label of labels) {
        const target = resolve(label.getAttribute("for"));
        expect(cell.contains(target)).toBe(true);
        expect(["INPUT", "SELECT"]).toContain(target?.tagName);
      }
      for (const output of cell.querySelectorAll("output")) {
        expect(cell.contains(resolve(output.getAttribute("for")))).toBe(true);
      }
      const lists = cell.querySelectorAll("input").filter((i) => i.getAttribute("list") !== null);
      expect(lists).toHaveLength(1);
      for (const input of lists) {
        expect(resolve(input.getAttribute("list"))?.tagName).toBe("DATALIST");
        expect(cell.contains(resolve(input.getAttribute("list")))).toBe(true);
      }
      const urls = cell
        .descendants()
        .flatMap((el) => el.getAttributeNames().map((name) => el.getAttribute(name) ?? ""))
        .flatMap((value) => [...value.matchAll(/url\(#([^)]+)\)/g)].map((m) => m[1] ?? ""));
      expect(urls.length).toBeGreaterThan(0);
      for (const id of urls) {
        expect(resolve(id)?.tagName).toBe("PATTERN");
        expect(cell.contains(resolve(id))).toBe(true);
      }
    }
  });
});
