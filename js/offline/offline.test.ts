import { describe, expect, it, vi } from "vitest";
import { fitAt, parseGrid, resolveMethod, snapK, snapWidth } from "./grid";
import { offlineModel } from "./model";
import { type PageData, parsePageData, stateFor } from "./page";

function b64(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) {
    text += String.fromCharCode(b);
  }
  return btoa(text);
}
const u32 = (values: number[]): string => b64(new Uint8Array(new Uint32Array(values).buffer));
const f64 = (values: number[]): string => b64(new Uint8Array(new Float64Array(values).buffer));

/** Two widths, K 1..2, one label; fit f has features [(f % 2, 0.1 * (f + 1))...]. */
function rawPage(): Record<string, unknown> {
  const methods = ["forward_selection", "highest_weights", "lasso_path", "none"];
  const index: Record<string, number[][][]> = {};
  let next = 0;
  const ids: number[] = [];
  const weights: number[] = [];
  const offsets = [0];
  const scalars: number[] = [];
  for (const method of methods) {
    index[method] = [1, 2].map((k) =>
      [0, 1].map(() => {
        const f = next++;
        for (let j = 0; j < (method === "none" ? 3 : k); j++) {
          ids.push((f + j) % 3);
          weights.push(0.1 * (f + 1) + 1e-17 * j);
        }
        offsets.push(ids.length);
        scalars.push(0.5, 0.25 + f / 100, 0.6);
        return [f];
      }),
    );
  }
  return {
    version: 1,
    meta: { mode: "classification" },
    params: {
      kernel_width: 1,
      num_samples: 100,
      num_features: 2,
      feature_selection: "auto",
      label: 1,
    },
    grid: {
      widths: [0.5, 1],
      labels: [1],
      ks: [1, 2],
      index,
      offsets: u32(offsets),
      ids: u32(ids),
      weights: f64(weights),
      scalars: f64(scalars),
      ess: [10, 80],
      ess_warning: [
        ["Only 10 effective samples", "Only 10 effective samples"],
        [null, null],
      ],
      n_samples: 100,
    },
    names: ["a", "b", "c"],
    values: ["1", "2", "3"],
    model_outputs: [0.3, 0.7],
    diagnostics: { "1": { label: 1, stability: 0.9, stability_words: "stable", intervals: [] } },
    reason: "needs the model",
  };
}

describe("a saved page's grid", () => {
  const data: PageData = parsePageData(rawPage());

  it("reads the fits back bit for bit", () => {
    const fit = fitAt(data.grid, { width: 1, k: 2, method: "lasso_path", label: 1 });
    // lasso_path, K=2, width 1 is fit number 4*2... counted in the fixture's order
    expect(fit?.features.length).toBe(2);
    expect(fit?.features[1]?.[1]).toBe(fit === null ? 0 : 0.1 * 12 + 1e-17);
    expect(fitAt(data.grid, { width: 0.7, k: 2, method: "none", label: 1 })).toBeNull();
    expect(fitAt(data.grid, { width: 1, k: 2, method: "none", label: 0 })).toBeNull();
  });

  it("snaps to the widths and K it holds, and resolves auto as lime", () => {
    expect(snapWidth(data.grid, 0.6)).toBe(0.5);
    expect(snapWidth(data.grid, 0.8)).toBe(1);
    expect(snapK(data.grid, 9)).toBe(2);
    expect(resolveMethod("auto", 6)).toBe("forward_selection");
    expect(resolveMethod("auto", 7)).toBe("highest_weights");
    expect(resolveMethod("bogus", 1)).toBeNull();
    expect(() => parseGrid({ ...(rawPage().grid as object), ids: u32([1]) })).toThrow(/disagree/);
  });

  it("answers with the saved diagnostics at the saved setting only", () => {
    const saved = stateFor(data, data.params, 1) as Record<string, any>;
    expect(saved.diagnostics.stability).toBe(0.9);
    expect(saved.explanation.model_pred).toBe(0.7);
    expect(saved.explanation.features[0]).toMatchObject({ name: expect.any(String) });
    const other = stateFor(data, { ...data.params, kernel_width: 0.5 }, 2) as Record<string, any>;
    expect(other.diagnostics.stability).toBeNull();
    expect(other.diagnostics.ess).toBe(10);
    expect(other.diagnostics.ess_warning).toMatch(/Only 10/);
    expect(other.diagnostics.sweep.widths).toEqual([0.5, 1]);
    expect(other.diagnostics.sweep.features.length).toBe(other.explanation.features.length);
  });
});

describe("the stand-in for the kernel", () => {
  it("refits from the grid, snaps the controls and answers pulls", async () => {
    vi.useFakeTimers();
    const data = parsePageData(rawPage());
    const model = offlineModel(data);
    const changed: string[] = [];
    model.on("change:kernel_width", () => changed.push("kernel_width"));
    model.on("change:state", () => changed.push("state"));
    const replies: unknown[] = [];
    model.on("msg:custom", (message) => replies.push(message));
    model.set("kernel_width", 0.6);
    model.save_changes();
    vi.runAllTimers();
    expect(model.get("kernel_width")).toBe(0.5);
    expect(changed).toEqual(["kernel_width", "state"]);
    expect((model.get("state") as any).params.kernel_width).toBe(0.5);
    model.send({ type: "pull" });
    vi.runAllTimers();
    expect((replies[0] as any).state).toBe(model.get("state"));
    // a class the grid does not hold: the control goes back to the saved class
    changed.length = 0;
    model.on("change:label", () => changed.push("label"));
    model.set("label", 0);
    model.save_changes();
    vi.runAllTimers();
    expect(model.get("label")).toBe(1);
    expect(changed[0]).toBe("label");
    // a width with no fits at all (a frozen page): nothing changes but the control
    const frozen = offlineModel({ ...data, grid: { ...data.grid, widths: [] } });
    const seen: string[] = [];
    frozen.on("change:kernel_width", () => seen.push("kernel_width"));
    frozen.on("change:state", () => seen.push("state"));
    const before = frozen.get("state");
    frozen.set("kernel_width", 3);
    frozen.save_changes();
    vi.runAllTimers();
    expect(frozen.get("kernel_width")).toBe(1);
    expect(frozen.get("state")).toBe(before);
    expect(seen).toEqual(["kernel_width"]);
    vi.useRealTimers();
  });

  it("tells the controls of a saved width another control asked for (a sweep click)", () => {
    vi.useFakeTimers();
    const model = offlineModel(parsePageData(rawPage()));
    const changed: string[] = [];
    model.on("change:kernel_width", () => changed.push("kernel_width"));
    model.on("change:num_features", () => changed.push("num_features"));
    // exactly a grid width: nothing to snap, but the slider still shows the old one
    model.set("kernel_width", 0.5);
    model.save_changes();
    vi.runAllTimers();
    expect(model.get("kernel_width")).toBe(0.5);
    expect(changed).toEqual(["kernel_width"]);
    // asked again: nothing moved, nobody is told
    changed.length = 0;
    model.set("kernel_width", 0.5);
    model.save_changes();
    vi.runAllTimers();
    expect(changed).toEqual([]);
    vi.useRealTimers();
  });
});
