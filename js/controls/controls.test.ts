import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Meta, parseMeta } from "../contract/meta";
import type { Params } from "../contract/params";
import { tabularMeta } from "../contract/testing";
import { createIds } from "../util/dom";
import { FakeDocument, type FakeElement } from "../util/fake-dom";
import {
  type Controls,
  createControls,
  DEFAULT_STABLE_MAX,
  kDoesNotApply,
  untilStableHelp,
  untilStableState,
} from "./controls";

describe("until stable", () => {
  it("explains the button, with the kernel's cap when known", () => {
    expect(untilStableHelp(20000)).toMatch(/up to 20,000 samples/);
    expect(untilStableHelp(null)).toMatch(
      new RegExp(`${DEFAULT_STABLE_MAX.toLocaleString("en-US")} samples by default`),
    );
    expect(untilStableHelp(null)).toMatch(/only about the new rows/);
  });

  it("cannot add samples at its cap, and says so (rule 4)", () => {
    expect(untilStableState(10000, 10000)).toEqual({
      help: "Already at Until stable's cap (10,000 samples): it cannot add samples.",
      atCap: true,
    });
    expect(untilStableState(9950, 10000).atCap).toBe(false);
    expect(untilStableState(50000, null).atCap).toBe(false);
  });
});

describe("the controls on a page", () => {
  let page: FakeDocument;
  let controls: Controls;
  const meta = (): Meta => {
    const parsed = parseMeta(tabularMeta());
    if (!parsed.ok) {
      throw new Error(parsed.message);
    }
    return parsed.value;
  };
  const initial: Params = {
    kernel_width: 1.3,
    num_samples: 5000,
    num_features: 2,
    feature_selection: "auto",
    label: 1,
  };
  const el = (): FakeElement => controls.el as unknown as FakeElement;
  const byTestid = (id: string): FakeElement | undefined =>
    el()
      .descendants()
      .find((e) => e.getAttribute("data-testid") === id);

  beforeEach(() => {
    page = new FakeDocument();
    vi.stubGlobal("document", page);
    const callbacks = { change: vi.fn(), input: vi.fn(), untilStable: vi.fn() };
    controls = createControls(meta(), initial, callbacks, createIds("t"));
  });

  afterEach(() => {
    controls.dispose();
    vi.unstubAllGlobals();
  });

  it("disables K, with its reason, while feature selection 'none' uses every feature (rule 6)", () => {
    const k = byTestid("lw-num-features");
    const note = byTestid("lw-k-note");
    expect(k?.disabled).toBe(false);
    expect(note?.hidden).toBe(true);
    controls.set("feature_selection", "none");
    expect(k?.disabled).toBe(true);
    expect(note?.hidden).toBe(false);
    expect(note?.textContent).toBe('K does not apply: "none" explains with all 3 features');
    controls.set("feature_selection", "highest_weights");
    expect(k?.disabled).toBe(false);
    expect(note?.hidden).toBe(true);
    expect(kDoesNotApply("auto", 30)).toBeNull();
  });

  it("gives an enabled slider no tooltip of its own: the row's help shows through", () => {
    const k = byTestid("lw-num-features");
    controls.set("feature_selection", "none");
    expect(k?.getAttribute("title")).toMatch(/K does not apply/);
    controls.set("feature_selection", "auto");
    // title="" would hide the row's help (an empty title is advice, not its absence)
    expect(k?.getAttribute("title")).toBeNull();
    expect(byTestid("lw-kernel-width")?.getAttribute("title")).toBeNull();
    expect(byTestid("lw-kernel-width")?.parentNode?.getAttribute("title")).toMatch(/How local/);
  });

  it("disables Until stable at its cap, and while the kernel is busy (rule 4)", () => {
    const button = byTestid("lw-until-stable");
    controls.setStableMax(10000);
    expect(button?.disabled).toBe(false);
    controls.set("num_samples", 10000);
    expect(button?.disabled).toBe(true);
    expect(button?.title).toMatch(/Already at Until stable's cap/);
    controls.set("num_samples", 4000);
    expect(button?.disabled).toBe(false);
    controls.setBusy(true);
    expect(button?.disabled).toBe(true);
  });

  it("marks what a failed job asked for as stale, and clears it (rule 5)", () => {
    controls.markStale(["num_samples"], 3000);
    const outputs = el().querySelectorAll("output");
    const samples = outputs[1];
    expect(samples?.getAttribute("data-stale")).toBe("true");
    expect(samples?.title).toBe(
      "Asked for, but the model failed: the chart shows the fit on 3,000 samples.",
    );
    expect(outputs[0]?.getAttribute("data-stale")).toBe("false");
    controls.markStale([], null);
    expect(samples?.getAttribute("data-stale")).toBe("false");
  });
});
