import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeDocument, type FakeElement } from "../util/fake-dom";
import type { GalleryMeta } from "./card";
import { accessibleName, barsView, CARD_BARS } from "./card-view";
import { card } from "./testing";

const META: GalleryMeta = {
  kind: "tabular",
  mode: "classification",
  class_names: ["malignant", "benign"],
  total: 1,
};

// Row 4 of gallery-tabular.png: every name of it was cut at its end, thresholds and all.
const features = [
  { id: 0, name: "75.17 < mean perimeter <= 86.24", weight: 0.17 },
  { id: 1, name: "420.30 < mean area <= 551.10", weight: -0.158 },
  { id: 2, name: "worst texture <= 21.08", weight: 0.122 },
  { id: 3, name: "1.61 < perimeter error <= 2.29", weight: 0.0985 },
  { id: 4, name: "11.70 < mean radius <= 13.37", weight: -0.0891 },
  { id: 5, name: "colour=red", weight: 0.01 },
];

beforeEach(() => {
  vi.stubGlobal("document", new FakeDocument());
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("feature names on a tabular card", () => {
  const names = (): FakeElement[] =>
    (barsView(card(4, { features }), CARD_BARS) as unknown as FakeElement).querySelectorAll(
      ".lime-widget__card-bar-name",
    );

  it("holds the thresholds apart from the name, so a cut falls in the name", () => {
    const [first, , third] = names();
    const parts = (el: FakeElement | undefined) =>
      (el?.children ?? []).map((c) => [c.getAttribute("class"), c.textContent]);
    expect(parts(first)).toEqual([
      ["lime-widget__card-bar-bound", "75.17 < "],
      ["lime-widget__card-bar-feature", "mean perimeter"],
      ["lime-widget__card-bar-bound", " <= 86.24"],
    ]);
    expect(parts(third)).toEqual([
      ["lime-widget__card-bar-feature", "worst texture"],
      ["lime-widget__card-bar-bound", " <= 21.08"],
    ]);
  });

  it("keeps every name in full, as text, for the tooltip and assistive technology", () => {
    const shown = names();
    expect(shown).toHaveLength(CARD_BARS);
    shown.forEach((el, i) => {
      const name = features[i]?.name ?? "";
      expect(el.textContent).toBe(name);
      expect(el.getAttribute("data-name")).toBe(name);
      expect(el.parentNode?.getAttribute("title")?.startsWith(`${name}: `)).toBe(true);
    });
    const label = accessibleName(META, card(4, { features, pred: 1, label: 1 }));
    for (const f of features.slice(0, CARD_BARS)) {
      expect(label).toContain(f.name);
    }
    expect(label).not.toContain("colour=red"); // the sixth is not on the card
    expect(label).toContain("75.17 < mean perimeter <= 86.24 (+0.170)");
  });

  it("names images and texts by their words only (their drawing has no names)", () => {
    const image = card(0, { kind: "image", features });
    expect(accessibleName({ ...META, kind: "image" }, image)).not.toContain("strongest");
  });
});
