import { describe, expect, it } from "vitest";
import type { Explanation } from "../contract/explanation";
import { type Meta, parseMeta } from "../contract/meta";
import { int32Base64, tabularMeta } from "../contract/testing";
import {
  composeOverlay,
  DIM,
  explainedRegions,
  legendWords,
  pixelAt,
  placeTags,
  readoutText,
  regionStyle,
  segmentAt,
  tagAnchors,
  tagText,
  tintAlpha,
} from "./image-regions";

/** An image meta for a 4 x 3 picture of 6 superpixels, classes "0" .. "4" (a class "4"). */
function imageMeta(): Meta {
  const parsed = parseMeta({
    ...tabularMeta(),
    kind: "image",
    class_names: ["0", "1", "2", "3", "4"],
    predict_proba: [0.1, 0.1, 0.1, 0.1, 0.6],
    n_features: 6,
    image: {
      width: 4,
      height: 3,
      png_base64: "",
      segments_base64: int32Base64([0, 0, 1, 1, 2, 3, 4, 4, 5, 5, 5, 5]),
    },
  });
  if (!parsed.ok) {
    throw new Error(parsed.message);
  }
  return parsed.value;
}

function explanationOf(features: [id: number, weight: number][], label = 4): Explanation {
  return {
    label,
    intercept: 0,
    score: 0.9,
    local_pred: 0.5,
    model_pred: 0.6,
    n_samples: 100,
    features: features.map(([id, weight]) => ({
      id,
      name: `superpixel ${id}`,
      value: "",
      weight,
    })),
  };
}

describe("tint strength", () => {
  it("scales with |weight|, the strongest at the chosen opacity", () => {
    expect(tintAlpha(0.4, 0.4, 0.8)).toBeCloseTo(0.8);
    expect(tintAlpha(-0.2, 0.4, 0.8)).toBeCloseTo(0.4);
    expect(tintAlpha(0.1, 0.4, 0.8)).toBeCloseTo(0.2);
    expect(tintAlpha(0.1, 0.4, 0)).toBe(0);
    expect(tintAlpha(0.1, 0, 0.8)).toBe(0);
    expect(tintAlpha(Number.NaN, 0.4, 0.8)).toBe(0);
    expect(tintAlpha(0.4, 0.4, 7)).toBe(1);
  });

  it("keeps only the top K, strongest first, each once and in range", () => {
    const regions = explainedRegions(
      explanationOf([
        [2, 0.1],
        [5, -0.4],
        [1, 0],
        [9, 1],
        [2, 0.3],
        [3, 0.2],
      ]),
      6,
      0.5,
    );
    expect(regions.map((r) => r.id)).toEqual([5, 3, 2]);
    expect(regions.map((r) => r.alpha)).toEqual([0.5, 0.25, 0.125]);
    const style = regionStyle(regions, 6);
    expect(Array.from(style.signs)).toEqual([0, 0, 1, 1, 0, -1]);
    expect(Array.from(style.alphas)).toEqual([0, 0, 0.125, 0.25, 0, 0.5]);
    expect(explainedRegions(null, 6, 0.5)).toEqual([]);
  });

  it("tints the weights of a fit with no signal as faintly as its bars are short", () => {
    const regions = explainedRegions(
      explanationOf([
        [0, 1e-6],
        [1, -5e-7],
      ]),
      2,
      0.5,
    );
    expect(regions.map((r) => r.id)).toEqual([0, 1]);
    // relative to the axis floor (0.01 of a probability), not to the largest weight
    expect(regions[0]?.alpha).toBeCloseTo(0.5 * 1e-4);
    expect(regions[1]?.alpha).toBeCloseTo(0.5 * 5e-5);
  });

  it("tints a weak superpixel lighter than a strong one", () => {
    // superpixels 0 | 1, each 3 x 3, interior pixels at (1, 1) and (4, 1)
    const segments = Int32Array.from(
      [0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1].map((s) => s),
    );
    const base = new Uint8ClampedArray(18 * 4).fill(0);
    const regions = explainedRegions(
      explanationOf([
        [0, 0.1],
        [1, 0.4],
      ]),
      2,
      1,
    );
    const out = composeOverlay({
      base,
      segments,
      width: 6,
      height: 3,
      ...regionStyle(regions, 2),
      positive: [0, 0, 200],
      negative: [200, 0, 0],
    });
    // interior pixels of the two regions (not the outline)
    expect(out[(1 * 6 + 1) * 4 + 2]).toBe(50);
    expect(out[(1 * 6 + 4) * 4 + 2]).toBe(200);
  });
});

describe("highlight", () => {
  it("dims every pixel outside the highlighted superpixel", () => {
    const segments = Int32Array.from([0, 1, 1, 1]);
    const base = new Uint8ClampedArray(4 * 4).fill(100);
    const out = composeOverlay({
      base,
      segments,
      width: 2,
      height: 2,
      signs: new Int8Array(2),
      alphas: new Float32Array(2),
      positive: [0, 0, 255],
      negative: [255, 0, 0],
      highlight: 1,
    });
    expect(Array.from(out.slice(0, 4))).toEqual([100 * DIM, 100 * DIM, 100 * DIM, 100]);
    expect(Array.from(out.slice(4, 8))).toEqual([100, 100, 100, 100]);
  });
});

describe("region lookup", () => {
  it("maps a display point to the superpixel under it", () => {
    const meta = imageMeta();
    const { segments, width, height } = meta.image ?? {
      segments: new Int32Array(),
      width: 0,
      height: 0,
    };
    // shown 4x larger: 16 x 12 CSS px
    expect(pixelAt(0, 0, 16, 12, width, height)).toEqual([0, 0]);
    expect(pixelAt(15.9, 11.9, 16, 12, width, height)).toEqual([3, 2]);
    expect(pixelAt(9, 5, 16, 12, width, height)).toEqual([2, 1]);
    expect(pixelAt(16, 5, 16, 12, width, height)).toBeNull();
    expect(pixelAt(-1, 5, 16, 12, width, height)).toBeNull();
    expect(pixelAt(3, 3, 0, 0, width, height)).toBeNull();
    expect(segmentAt(segments, width, height, 2, 1)).toBe(4);
    expect(segmentAt(segments, width, height, 3, 0)).toBe(1);
    expect(segmentAt(segments, width, height, 0, 2)).toBe(5);
    expect(segmentAt(segments, width, height, 4, 0)).toBe(-1);
  });
});

describe("tag placement", () => {
  it("puts a tag at a region's centre", () => {
    // a 5 x 5 square superpixel 1 inside a frame of superpixel 0, 9 x 9
    const n = 9;
    const segments = Int32Array.from({ length: n * n }, (_, i) => {
      const x = i % n;
      const y = Math.floor(i / n);
      return x >= 2 && x <= 6 && y >= 2 && y <= 6 ? 1 : 0;
    });
    const anchors = tagAnchors(segments, n, n);
    expect(anchors.get(1)).toEqual({ x: 4.5 / 9, y: 4.5 / 9 });
  });

  it("puts a tag in a region's widest part, not next to its centroid", () => {
    // superpixel 1: a 7 x 7 square (centre 4, 4) with a 3-px-thick arm to the right that
    // pulls its centroid to x = 7.6, at the square's edge
    const [w, h] = [20, 9];
    const segments = Int32Array.from({ length: w * h }, (_, i) => {
      const x = i % w;
      const y = Math.floor(i / w);
      const square = x >= 1 && x <= 7 && y >= 1 && y <= 7;
      const arm = x >= 8 && x <= 18 && y >= 3 && y <= 5;
      return square || arm ? 1 : 0;
    });
    expect(tagAnchors(segments, w, h).get(1)).toEqual({ x: 4.5 / w, y: 4.5 / h });
  });

  it("keeps a ring's tag on the ring, not at its centroid in the hole", () => {
    // superpixel 0 is a ring around superpixel 1; the ring's centroid lies in the hole
    const n = 11;
    const segments = Int32Array.from({ length: n * n }, (_, i) => {
      const x = i % n;
      const y = Math.floor(i / n);
      return x >= 3 && x <= 7 && y >= 3 && y <= 7 ? 1 : 0;
    });
    const ring = tagAnchors(segments, n, n).get(0);
    expect(ring).toBeDefined();
    const x = Math.floor((ring?.x ?? 0) * n);
    const y = Math.floor((ring?.y ?? 0) * n);
    expect(segmentAt(segments, n, n, x, y)).toBe(0);
  });

  it("leaves out a tag that would cover a stronger one, and keeps tags inside the image", () => {
    const placed = placeTags(
      [
        { id: 8, anchor: { x: 0.5, y: 0.5 }, width: 30, height: 16 },
        { id: 3, anchor: { x: 0.55, y: 0.52 }, width: 30, height: 16 },
        { id: 4, anchor: { x: 0.0, y: 1.0 }, width: 30, height: 16 },
      ],
      200,
      100,
    );
    expect([...placed.keys()]).toEqual([8, 4]);
    expect(placed.get(8)).toEqual({ x: 0.5, y: 0.5 });
    // pulled in so the whole 30 x 16 tag is on the picture
    expect(placed.get(4)).toEqual({ x: 15 / 200, y: 92 / 100 });
  });
});

describe("words", () => {
  it("names a superpixel the same way on the image, in the bars and in the readout", () => {
    const meta = imageMeta();
    const exp = explanationOf([
      [4, 0.25],
      [1, -0.125],
    ]);
    const regions = explainedRegions(exp, 6, 0.5);
    expect(tagText(4)).toBe("S4");
    expect(readoutText(meta, exp, regions, 4)).toBe("superpixel 4 (S4): +0.250, for 4");
    expect(readoutText(meta, exp, regions, 1)).toBe("superpixel 1 (S1): \u22120.125, against 4");
    expect(readoutText(meta, exp, regions, 5)).toBe("superpixel 5: not in the top 2, left plain");
    expect(readoutText(meta, exp, regions, null)).toMatch(/^Hover a tagged region or a bar/);
  });

  it("explains the colours, the tint's strength and the tags", () => {
    const meta = imageMeta();
    const exp = explanationOf([
      [4, 0.25],
      [1, -0.125],
    ]);
    expect(legendWords(meta, exp, explainedRegions(exp, 6, 0.5))).toEqual({
      up: "for 4",
      down: "against 4",
      strength: "stronger tint = larger |weight| (strongest 0.250)",
      tags: "S4 = superpixel 4; the top 2 of 6 tinted, the rest plain",
    });
    expect(legendWords(meta, null, []).tags).toBe("no superpixel has a weight");
  });
});
