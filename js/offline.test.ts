/**
 * A saved page (offline.ts over the stand-in for the kernel), rendered into a stand-in DOM
 * and moved as a user would — arrow keys and drags on the kernel-width and K sliders. The
 * page only has fits for a grid of widths and K values: whatever the thumb and readout say
 * must be the setting whose fit the chart shows, and each arrow key must reach the next
 * saved setting, never snap back to the one shown.
 */
import type { RenderProps } from "@anywidget/types";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { diagnostics, state, tabularMeta } from "./contract/testing";
import type { Traits } from "./contract/traits";
import { FakeDocument, type FakeElement, FakeResizeObserver } from "./util/fake-dom";
import { formatCount, formatNumber } from "./util/format";

const METHODS = ["forward_selection", "highest_weights", "lasso_path", "none"];
const N_FEATURES = 12;
const DEFAULT_WIDTH = 1.3;
/** As the kernel's grid: 28 log-spaced widths over the slider's range, and the default. */
const WIDTHS = [
  ...Array.from({ length: 28 }, (_, i) => (DEFAULT_WIDTH / 20) * 400 ** (i / 27)),
  DEFAULT_WIDTH,
].sort((a, b) => a - b);
/** K 1..10 and the explanation's own K (12), as `offline_grid` covers them. */
const KS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12];
const LABELS = [0, 1];

function b64(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) {
    text += String.fromCharCode(b);
  }
  return btoa(text);
}

/**
 * A saved page's data (`page_data`): every fit numbered, each with its own weights; `labels`:
 * the classes it holds fits for.
 */
function savedPage(labels: readonly number[] = LABELS): Record<string, unknown> {
  const index: Record<string, number[][][]> = {};
  const ids: number[] = [];
  const weights: number[] = [];
  const offsets = [0];
  const scalars: number[] = [];
  let next = 0;
  for (const method of METHODS) {
    index[method] = KS.map((k) =>
      WIDTHS.map(() =>
        labels.map(() => {
          const f = next++;
          for (let j = 0; j < (method === "none" ? N_FEATURES : k); j++) {
            ids.push((f + j) % N_FEATURES);
            weights.push((j % 2 === 0 ? 1 : -1) * (0.5 - j / 30) * (1 + f / 1e4));
          }
          offsets.push(ids.length);
          scalars.push(0.4, 0.5 + f / 1e5, 0.7);
          return f;
        }),
      ),
    );
  }
  const names = Array.from({ length: N_FEATURES }, (_, i) => `feature ${i}`);
  const u32 = (v: number[]) => b64(new Uint8Array(new Uint32Array(v).buffer));
  const f64 = (v: number[]) => b64(new Uint8Array(new Float64Array(v).buffer));
  const params = {
    kernel_width: DEFAULT_WIDTH,
    num_samples: 2000,
    num_features: 12,
    feature_selection: "auto",
    label: 1,
  };
  return {
    meta: {
      ...tabularMeta(),
      n_features: N_FEATURES,
      feature_names: names,
      instance: names.map((name) => ({ name, value: "1" })),
      kernel_width_default: DEFAULT_WIDTH,
      kernel_width_min: DEFAULT_WIDTH / 20,
      kernel_width_max: DEFAULT_WIDTH * 20,
      samples_min: 2000,
      samples_max: 2000,
      samples_step: 1,
    },
    params,
    grid: {
      widths: WIDTHS,
      labels,
      ks: KS,
      index,
      offsets: u32(offsets),
      ids: u32(ids),
      weights: f64(weights),
      scalars: f64(scalars),
      ess: WIDTHS.map((w) => 2000 * Math.min(1, w / 2.6) ** 2),
      ess_warning: WIDTHS.map(() => KS.map(() => null)),
      n_samples: 2000,
    },
    names,
    values: names.map(() => "1"),
    model_outputs: [0.3, 0.7],
    diagnostics: { "1": diagnostics({ params }) },
    reason: "Saved explanation: more samples need the model.",
  };
}

let page: FakeDocument;
let cell: FakeElement;
const cleanups: (() => void)[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  page = new FakeDocument();
  vi.stubGlobal("document", page);
  vi.stubGlobal("ResizeObserver", FakeResizeObserver);
  cell = page.createElement("div");
});

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) {
    cleanup();
  }
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.resetModules();
});

/** A saved file (`save_to_file`): its entry renders into #lw-page from #lw-data at once. */
async function openSavedPage(): Promise<void> {
  cell.setAttribute("id", "lw-page");
  const data = page.createElement("script");
  data.setAttribute("id", "lw-data");
  data.textContent = JSON.stringify(savedPage());
  page.body.append(data, cell);
  vi.resetModules();
  await import("./offline");
  vi.advanceTimersByTime(100);
}

/**
 * A notebook reopened without its kernel: the widget's saved traits, last drawn at a width
 * the live slider chose (not one of the grid's), and no kernel answering. `saved.offline`:
 * the saved fits instead of a full grid ({}: saved before they were ready); `saved.meta`:
 * changes to the widget's meta.
 */
async function reopenWidget(
  width: number,
  saved: { offline?: unknown; meta?: Record<string, unknown> } = {},
): Promise<void> {
  const raw = savedPage();
  const params = { ...(raw.params as object), kernel_width: width, num_samples: 2000 };
  const meta = { ...(raw.meta as object), samples_min: 50, samples_max: 20000, samples_step: 50 };
  const sweep = { widths: WIDTHS, score: WIDTHS.map(() => 0.5), ess: WIDTHS, features: [] };
  const values: Record<string, unknown> = {
    ...params,
    meta: { ...meta, ...saved.meta },
    state: state(3, {
      params,
      rows_done: 2000,
      rows_target: 2000,
      model_rows: 2000,
      diagnostics: diagnostics({ params, sweep }),
    }),
    offline: saved.offline ?? raw,
  };
  const model = {
    get: (key: string) => values[key],
    set: (key: string, value: unknown) => {
      values[key] = value;
    },
    save_changes() {},
    send() {}, // nobody answers
    on() {},
    off() {},
  };
  page.body.append(cell);
  vi.resetModules();
  const widget = (await import("./widget")).default;
  cleanups.push(widget.render({ model, el: cell } as unknown as RenderProps<Traits>));
  vi.advanceTimersByTime(5000); // the widget gives up on the kernel, draws the saved fits
  expect(byTestid("lw-root").getAttribute("data-connected")).toBe("false");
}

const byTestid = (id: string): FakeElement => {
  const found = cell.descendants().find((e) => e.getAttribute("data-testid") === id);
  if (found === undefined) {
    throw new Error(`no ${id} on the page`);
  }
  return found;
};

/** The slider's printed value: the <output> beside it. */
const readout = (slider: FakeElement): string =>
  slider.parentNode?.children.find((e) => e.tagName === "OUTPUT")?.textContent ?? "";

/** What the chart shows: the setting of the fit drawn (the root's data-* stamps). */
const shown = () => {
  const root = byTestid("lw-root");
  return {
    width: Number(root.getAttribute("data-kernel-width")),
    k: Number(root.getAttribute("data-num-features")),
    bars: cell.descendants().filter((e) => e.getAttribute("data-testid") === "lw-bar").length,
  };
};

/** Move a slider to `position` as the browser does for a key press or a drag's end. */
function moveTo(slider: FakeElement, position: number): void {
  const max = Number(slider.getAttribute("max"));
  const min = Number(slider.getAttribute("min"));
  slider.value = String(Math.min(max, Math.max(min, position)));
  slider.fire("input");
  slider.fire("change");
  // less than the controls' quiet time after an input: what the user sees right after
  vi.advanceTimersByTime(100);
}

const press = (slider: FakeElement, key: "ArrowRight" | "ArrowLeft"): void =>
  moveTo(slider, Number(slider.value) + (key === "ArrowRight" ? 1 : -1));

function expectWidthAgrees(): void {
  const slider = byTestid("lw-kernel-width");
  const { width } = shown();
  expect(readout(slider)).toBe(formatNumber(width));
  expect(slider.getAttribute("aria-valuetext")).toBe(formatNumber(width));
}

function expectKAgrees(): void {
  const slider = byTestid("lw-num-features");
  const { k, bars } = shown();
  expect(bars).toBe(k);
  expect(readout(slider)).toBe(formatCount(k));
  expect(slider.getAttribute("aria-valuetext")).toBe(formatCount(k));
}

describe("a saved page's kernel-width slider", () => {
  beforeEach(openSavedPage);

  it("steps through the saved widths with the arrow keys, readout = width shown", () => {
    const slider = byTestid("lw-kernel-width");
    expect(shown().width).toBe(DEFAULT_WIDTH);
    expectWidthAgrees();
    let at = WIDTHS.indexOf(DEFAULT_WIDTH);
    for (const key of ["ArrowRight", "ArrowRight", "ArrowRight", "ArrowLeft"] as const) {
      press(slider, key);
      at += key === "ArrowRight" ? 1 : -1;
      expect(shown().width).toBe(WIDTHS[at]);
      expectWidthAgrees();
    }
    vi.advanceTimersByTime(1000); // nothing moves once the user stops
    expect(shown().width).toBe(WIDTHS[at]);
    expectWidthAgrees();
  });

  it("shows the fit of the width the thumb rests on after a drag, anywhere on the track", () => {
    const slider = byTestid("lw-kernel-width");
    const max = Number(slider.getAttribute("max"));
    for (const fraction of [0, 0.13, 0.37, 0.5, 0.63, 0.81, 1]) {
      moveTo(slider, Math.round(fraction * max));
      expectWidthAgrees();
      vi.advanceTimersByTime(1000);
      expectWidthAgrees();
    }
    expect(shown().width).toBe(WIDTHS[WIDTHS.length - 1]);
  });

  it("says that it steps through the saved widths", () => {
    const row = byTestid("lw-kernel-width").parentNode;
    expect(row?.getAttribute("title")).toMatch(
      /steps through the 29 kernel widths with saved fits/,
    );
  });
});

describe("a saved page's K slider", () => {
  beforeEach(openSavedPage);

  it("steps through the saved K values, past a gap, readout = bars shown", () => {
    const slider = byTestid("lw-num-features");
    expect(shown().k).toBe(12);
    expectKAgrees();
    press(slider, "ArrowLeft");
    expect(shown().k).toBe(10);
    expectKAgrees();
    press(slider, "ArrowRight"); // 11 has no fits: the next saved K is 12
    expect(shown().k).toBe(12);
    expectKAgrees();
    press(slider, "ArrowRight"); // the end of the saved values
    expect(shown().k).toBe(12);
    expectKAgrees();
    moveTo(slider, 0);
    expect(shown().k).toBe(1);
    expectKAgrees();
    expect(slider.parentNode?.getAttribute("title")).toMatch(/with saved fits: 1–10, 12\./);
  });
});

describe("a widget reopened without its kernel", () => {
  it("shows the last width as it was, then steps through the saved widths", async () => {
    await reopenWidget(1.5);
    const slider = byTestid("lw-kernel-width");
    expect(shown().width).toBe(1.5);
    expectWidthAgrees();
    expect(slider.getAttribute("data-value")).toBe("1.5");
    press(slider, "ArrowRight");
    const at = WIDTHS.findIndex((w) => w > 1.5);
    expect(shown().width).toBe(WIDTHS[at]);
    expectWidthAgrees();
    press(slider, "ArrowRight");
    expect(shown().width).toBe(WIDTHS[at + 1]);
    expectWidthAgrees();
    press(slider, "ArrowLeft");
    expect(shown().width).toBe(WIDTHS[at]);
    expectWidthAgrees();
    expect(slider.getAttribute("data-value")).toBe(String(WIDTHS[at]));
  });

  it("steps K through the saved values", async () => {
    await reopenWidget(DEFAULT_WIDTH);
    const slider = byTestid("lw-num-features");
    press(slider, "ArrowLeft");
    expect(shown().k).toBe(10);
    expectKAgrees();
    press(slider, "ArrowRight");
    expect(shown().k).toBe(12);
    expectKAgrees();
  });
});

describe("a widget reopened without saved fits (saved before they were ready)", () => {
  const REASON =
    "Not connected to a kernel, and this notebook was saved before the widget's fits were " +
    "ready: re-run the cell to refit.";
  const FIT_CONTROLS = ["lw-kernel-width", "lw-num-features", "lw-feature-selection", "lw-label"];

  it("turns off every control, with the reason beside them, instead of bouncing back", async () => {
    await reopenWidget(1.5, { offline: {} });
    expect(byTestid("lw-status").textContent).toMatch(/without saved fits/);
    for (const id of [...FIT_CONTROLS, "lw-num-samples", "lw-reset-width", "lw-until-stable"]) {
      expect(byTestid(id).disabled, id).toBe(true);
    }
    for (const id of [...FIT_CONTROLS, "lw-num-samples"]) {
      expect(byTestid(id).title, id).toBe(REASON); // the tooltip, where the pointer is
      expect(byTestid(id).parentNode?.classList.contains("lime-widget__control--off"), id).toBe(
        true,
      );
    }
    const note = byTestid("lw-offline-note");
    expect(note.hidden).toBe(false);
    expect(note.textContent).toBe(REASON);
    // one note says it all: K's and the class's own notes stay hidden
    expect(byTestid("lw-k-note").hidden).toBe(true);
    expect(byTestid("lw-label-note").hidden).toBe(true);
    // the last explanation, as it was
    expect(shown().width).toBe(1.5);
    expectWidthAgrees();
  });

  it("draws the saved sweep, but a click or a key on it chooses no width", async () => {
    await reopenWidget(1.5, { offline: {} });
    const sweep = byTestid("lw-sweep");
    expect(sweep.getAttribute("tabindex")).toBeNull();
    const panel = sweep.parentNode?.parentNode;
    expect(panel?.hidden).toBe(false);
    expect(panel?.textContent).toContain(REASON);
    expect(panel?.textContent).not.toMatch(/choose/);
    sweep.fire("click", { clientX: 40 });
    sweep.fire("keydown", { key: "ArrowRight", preventDefault() {}, stopPropagation() {} });
    vi.advanceTimersByTime(1000);
    // the chart took no input (a pick stamps it), so it asked for no width
    expect(byTestid("lw-root").getAttribute("data-last-input-at")).toBeNull();
    expect(shown().width).toBe(1.5);
    expectWidthAgrees();
  });
});

describe("a widget reopened with the fits of some classes only (more than ten)", () => {
  const CLASSES = Array.from({ length: 12 }, (_, i) => `class ${i}`);
  const twelve = {
    class_names: CLASSES,
    predict_proba: CLASSES.map((_, i) => (i === 1 ? 0.45 : 0.05)),
  };
  const options = (): FakeElement[] => byTestid("lw-label").querySelectorAll("option");

  it("turns the class select off when one class has fits; the rest still refits", async () => {
    await reopenWidget(DEFAULT_WIDTH, { offline: savedPage([1]), meta: twelve });
    const reason =
      'Without a kernel, only the class "class 1" can be shown: the saved fits hold no other class.';
    const select = byTestid("lw-label");
    expect(select.disabled).toBe(true);
    expect(select.title).toBe(reason); // kept through every state applied since
    expect(byTestid("lw-label-note").hidden).toBe(false);
    expect(byTestid("lw-label-note").textContent).toBe(reason);
    for (const id of ["lw-kernel-width", "lw-num-features", "lw-feature-selection"]) {
      expect(byTestid(id).disabled, id).toBe(false);
    }
    press(byTestid("lw-kernel-width"), "ArrowRight");
    expect(shown().width).toBe(WIDTHS[WIDTHS.indexOf(DEFAULT_WIDTH) + 1]);
    expectWidthAgrees();
  });

  it("offers only the classes with fits when there are several", async () => {
    await reopenWidget(DEFAULT_WIDTH, { offline: savedPage([1, 3]), meta: twelve });
    const select = byTestid("lw-label");
    expect(select.disabled).toBe(false);
    expect(
      options()
        .filter((o) => !o.disabled)
        .map((o) => o.getAttribute("value")),
    ).toEqual(["1", "3"]);
    expect(byTestid("lw-label-note").textContent).toBe(
      'Without a kernel, only the classes with saved fits can be shown: "class 1" and "class 3".',
    );
  });

  it("offers every class when the fits hold them all (ten or fewer)", async () => {
    await reopenWidget(DEFAULT_WIDTH);
    expect(byTestid("lw-label").disabled).toBe(false);
    expect(options().every((o) => !o.disabled)).toBe(true);
    expect(byTestid("lw-label-note").hidden).toBe(true);
  });
});
