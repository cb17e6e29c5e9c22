import { describe, expect, it } from "vitest";
import { parseMeta } from "./meta";
import { int32Base64, tabularMeta } from "./testing";

describe("parseMeta", () => {
  it("accepts tabular meta", () => {
    const parsed = parseMeta(tabularMeta());
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.value.instance[2]).toEqual({ name: "colour", value: "red" });
      expect(parsed.value.image).toBeNull();
    }
  });

  it("accepts text meta with tokens", () => {
    const tokens = [
      { text: "good", feature: 0 },
      { text: " ", feature: -1 },
      { text: "film", feature: 1 },
    ];
    const parsed = parseMeta({ ...tabularMeta(), kind: "text", instance: undefined, tokens });
    expect(parsed.ok && parsed.value.tokens).toEqual(tokens);
  });

  it("accepts image meta and decodes its segments", () => {
    const image = {
      width: 2,
      height: 2,
      png_base64: "",
      segments_base64: int32Base64([0, 0, 1, 2]),
    };
    const parsed = parseMeta({ ...tabularMeta(), kind: "image", image });
    expect(parsed.ok && Array.from(parsed.value.image?.segments ?? [])).toEqual([0, 0, 1, 2]);
  });

  it("names the offending field", () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        { kind: "audio" },
        'meta.kind must be one of "tabular", "text", "image", "recurrent", got "audio".',
      ],
      [{ class_names: ["a", 3] }, "meta.class_names[1] must be a string, got 3."],
      [{ predict_proba: [1] }, "meta.predict_proba must have one value per class (2), got 1."],
      [
        { kernel_width_max: 0.1 },
        "meta.kernel_width_max must be greater than meta.kernel_width_min.",
      ],
      [{ n_features: 0 }, "meta.n_features must be an integer >= 1, got 0."],
      [{ instance: [{ name: "x" }] }, "meta.instance[0].value must be a string, got nothing."],
    ];
    for (const [change, message] of cases) {
      expect(parseMeta({ ...tabularMeta(), ...change })).toEqual({ ok: false, message });
    }
    expect(parseMeta("meta").ok).toBe(false);
  });

  it("reads the settings a page without a kernel has fits for (none: no saved fits)", () => {
    const offline = { reason: "r", status: "s", widths: [0.5, 1, 2], ks: [1, 2, 5], labels: [1] };
    const parsed = parseMeta({ ...tabularMeta(), offline });
    expect(parsed.ok && parsed.value.offline).toEqual(offline);
    const bare = parseMeta({ ...tabularMeta(), offline: { reason: "r", status: "s" } });
    expect(bare.ok && bare.value.offline).toEqual({
      reason: "r",
      status: "s",
      widths: [],
      ks: [],
      labels: [],
    });
    const cases: [Record<string, unknown>, string][] = [
      [{ widths: [1, 0.5] }, "meta.offline.widths must be ascending."],
      [{ widths: [0, 1] }, "meta.offline.widths[0] must be > 0, got 0."],
      [{ ks: [0.5] }, "meta.offline.ks[0] must be an integer >= 1, got 0.5."],
      [{ labels: [1, 0] }, "meta.offline.labels must be ascending."],
      [{ labels: [-1] }, "meta.offline.labels[0] must be an integer >= 0, got -1."],
    ];
    for (const [change, message] of cases) {
      const bad = { ...tabularMeta(), offline: { reason: "r", status: "s", ...change } };
      expect(parseMeta(bad)).toEqual({ ok: false, message });
    }
  });

  it("rejects segments that do not cover the image", () => {
    const image = { width: 2, height: 2, png_base64: "", segments_base64: int32Base64([0, 1, 2]) };
    const parsed = parseMeta({ ...tabularMeta(), kind: "image", image });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/segments_base64: expected 4 int32 values/);
  });
});
