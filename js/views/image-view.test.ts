import { describe, expect, it } from "vitest";
import type { State } from "../contract/state";
import { parsed, state } from "../contract/testing";
import { composeOverlay, explainedRegions, regionStyle } from "./image-regions";
import { parseCssColor } from "./image-view";

describe("image overlay", () => {
  // 3 x 2 image, superpixels: [0 0 1]
  //                           [0 2 1]
  const segments = Int32Array.from([0, 0, 1, 0, 2, 1]);
  const base = new Uint8ClampedArray(6 * 4).fill(100);
  const pixel = (data: Uint8ClampedArray, i: number) => Array.from(data.slice(i * 4, i * 4 + 4));
  const blue = [0, 0, 255] as const;
  const orange = [255, 128, 0] as const;

  it("tints only the explanation's superpixels, by sign", () => {
    const regions = explainedRegions(
      {
        ...(parsed(state(1)).explanation as NonNullable<State["explanation"]>),
        features: [
          { id: 1, name: "superpixel 1", value: "", weight: 0.3 },
          { id: 2, name: "superpixel 2", value: "", weight: -0.1 },
          { id: 9, name: "out of range", value: "", weight: 1 },
        ],
      },
      3,
      0.5,
    );
    const style = regionStyle(regions, 3);
    expect(Array.from(style.signs)).toEqual([0, 1, -1]);
    const out = composeOverlay({
      base,
      segments,
      width: 3,
      height: 2,
      ...style,
      positive: blue,
      negative: orange,
    });
    expect(pixel(out, 0)).toEqual([100, 100, 100, 100]);
    // Superpixel 1 borders superpixel 0, so its pixels are outline (full colour).
    expect(pixel(out, 2)).toEqual([0, 0, 255, 100]);
    expect(pixel(out, 4)).toEqual([255, 128, 0, 100]);
    expect(pixel(base, 2)).toEqual([100, 100, 100, 100]);
  });

  it("blends interior pixels at their own opacity", () => {
    // One big superpixel 0 with a 1-pixel superpixel 1 in the centre.
    const segs = Int32Array.from([1, 1, 1, 1, 0, 1, 1, 1, 1]);
    const img = new Uint8ClampedArray(9 * 4).fill(200);
    const at = (alpha: number) =>
      pixel(
        composeOverlay({
          base: img,
          segments: segs,
          width: 3,
          height: 3,
          signs: Int8Array.from([0, 1]),
          alphas: Float32Array.from([0, alpha]),
          positive: blue,
          negative: orange,
        }),
        0,
      );
    expect(at(0)).toEqual([200, 200, 200, 200]);
    expect(at(0.5)).toEqual([100, 100, 228, 200]);
    expect(at(1)).toEqual([0, 0, 255, 200]);
  });

  it("reads colours as browsers print them", () => {
    expect(parseCssColor(" #2b83ba")).toEqual([0x2b, 0x83, 0xba]);
    expect(parseCssColor("#fA0")).toEqual([255, 170, 0]);
    expect(parseCssColor("rgb(230, 97, 1)")).toEqual([230, 97, 1]);
    expect(parseCssColor("rgba(1 2 3 / 0.5)")).toEqual([1, 2, 3]);
    expect(parseCssColor("var(--x)")).toBeNull();
  });
});
