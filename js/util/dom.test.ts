import { afterEach, describe, expect, it, vi } from "vitest";
import { createIds, randomToken } from "./dom";

const NAMES = ["kernel_width", "num_samples", "num_features", "label", "feature_selection"];

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("element ids", () => {
  it("are new at every call and share the view's prefix", () => {
    const ids = createIds("lime-widget-abc");
    expect(NAMES.map(ids)).toEqual([
      "lime-widget-abc-1-kernel_width",
      "lime-widget-abc-2-num_samples",
      "lime-widget-abc-3-num_features",
      "lime-widget-abc-4-label",
      "lime-widget-abc-5-feature_selection",
    ]);
    expect(ids("label")).toBe("lime-widget-abc-6-label");
  });

  it("differ between views made by separate evaluations of the module", async () => {
    // anywidget evaluates the widget module once per widget (manzt/anywidget#613): a counter
    // in the module would start from 1 in each, and both widgets would get the same ids.
    vi.resetModules();
    const first = await import("./dom");
    vi.resetModules();
    const second = await import("./dom");
    expect(second).not.toBe(first);
    const views = [first.createIds(), second.createIds(), first.createIds()];
    const all = views.flatMap((ids) => NAMES.map(ids));
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) {
      expect(id).toMatch(/^lime-widget-[0-9a-z]{14}-\d+-[a-z_]+$/);
    }
  });

  it("stay random without crypto (Math.random stands in)", () => {
    vi.stubGlobal("crypto", undefined);
    const tokens = Array.from({ length: 50 }, randomToken);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(tokens[0]).toMatch(/^[0-9a-z]{14}$/);
  });
});
