/**
 * The image with the explanation's superpixels overlaid: a <canvas> showing the instance,
 * the top-K superpixels tinted in the signed colours (the stronger the weight, the more
 * opaque, up to the chosen opacity) and outlined in the solid colour, each tagged "S8" at
 * its deepest point; a readout naming the superpixel under the pointer (or of the hovered
 * or focused bar) with its weight, and a legend. The logic is in image-regions.ts.
 */

import { decodeBase64 } from "../contract/base64";
import type { Explanation } from "../contract/explanation";
import type { Meta } from "../contract/meta";
import { cls, html, listen, setText, type View } from "../util/dom";
import { formatShort } from "../util/format";
import {
  composeOverlay,
  explainedRegions,
  legendWords,
  pixelAt,
  placeTags,
  type Region,
  type Rgb,
  readoutText,
  regionStyle,
  segmentAt,
  tagAnchors,
  tagText,
} from "./image-regions";

const DEFAULT_POSITIVE: Rgb = [0x2b, 0x83, 0xba];
const DEFAULT_NEGATIVE: Rgb = [0xe6, 0x61, 0x01];
/** Thumbnails (CIFAR-sized, say) are scaled up, pixelated, to about this display width. */
const SMALL_IMAGE_WIDTH = 160;
const UPSCALED_WIDTH = 256;

/** Parse "#rgb", "#rrggbb" or "rgb(a)(r, g, b[, a])" as canvas and getComputedStyle print them. */
export function parseCssColor(text: string): Rgb | null {
  const s = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(s)?.[1];
  if (hex !== undefined) {
    const full = hex.length === 3 ? Array.from(hex, (c) => c + c).join("") : hex;
    const channel = (i: number): number => Number.parseInt(full.slice(i, i + 2), 16);
    return [channel(0), channel(2), channel(4)];
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(s);
  if (rgb !== null) {
    return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  }
  return null;
}

/** A tag's size on screen (CSS px) at the 11 px bold tag font, for keeping tags apart. */
const TAG_HEIGHT = 16;
const tagWidth = (text: string): number => 8 + 7 * text.length;

/** The image view; `highlight` brings out the superpixel of a hovered or focused bar. */
export interface ImageView extends View<Explanation | null> {
  highlight(id: number | null): void;
}

/**
 * `onHighlight` hears which superpixel the pointer is over (null when none), so the
 * widget can bring out its bar.
 */
export function createImageView(
  meta: Meta,
  onInput: () => void,
  onHighlight: (id: number | null) => void = () => {},
): ImageView {
  const image = meta.image;
  const el = html("div", cls("image"));
  if (image === null) {
    return { el, update() {}, highlight() {}, dispose() {} };
  }
  const { width, height, segments } = image;
  const picture = html("div", cls("picture"), { "data-testid": "lw-picture" });
  const canvas = html("canvas", cls("canvas"), {
    "data-testid": "lw-image",
    width,
    height,
    role: "img",
    "aria-label":
      "instance image; the explanation's superpixels are tinted and tagged S and their number",
  });
  const scale = width < SMALL_IMAGE_WIDTH ? Math.round(UPSCALED_WIDTH / width) : 1;
  canvas.style.width = `${width * scale}px`;
  if (scale > 1) {
    canvas.classList.add(`${cls("canvas")}--pixelated`);
  }
  // Tags are drawn for sight; the readout below says the same in words.
  const tagLayer = html("div", cls("tags"), { "aria-hidden": "true" });
  picture.append(canvas, tagLayer);
  const readout = html("div", cls("readout"), {
    "data-testid": "lw-image-readout",
    "aria-live": "polite",
  });
  const legend = html("div", cls("legend", "image-legend"), { "data-testid": "lw-image-legend" });

  const opacity = html("input", "", {
    type: "range",
    min: 0,
    max: 1,
    step: 0.05,
    value: 0.5,
    "data-testid": "lw-opacity",
    "aria-label": "overlay opacity",
  });
  const opacityText = html("output", cls("output"), {}, "0.50");
  const opacityLabel = html("label", cls("opacity"));
  opacityLabel.append(html("span", "", {}, "overlay opacity"), opacity, opacityText);
  const message = html("div", cls("message"));
  message.hidden = true;
  el.append(picture, readout, legend, opacityLabel, message);

  const ctx = canvas.getContext("2d");
  const anchors = tagAnchors(segments, width, height);
  let base: ImageData | null = null;
  let current: Explanation | null = null;
  let regions: Region[] = [];
  /** The superpixel under the pointer, and the one of the hovered or focused bar. */
  let pointed: number | null = null;
  let linked: number | null = null;
  let disposed = false;
  const lit = (): number | null => pointed ?? linked;

  const colour = (name: string, fallback: Rgb): Rgb => {
    const text = getComputedStyle(el).getPropertyValue(name);
    const direct = parseCssColor(text);
    if (direct !== null || ctx === null || text.trim() === "") {
      return direct ?? fallback;
    }
    // Any other CSS colour syntax: let the canvas normalise it to #rrggbb / rgba().
    ctx.fillStyle = "#000";
    ctx.fillStyle = text.trim();
    return parseCssColor(String(ctx.fillStyle)) ?? fallback;
  };

  const draw = (): void => {
    if (ctx === null || base === null) {
      return;
    }
    const pixels = composeOverlay({
      base: base.data,
      segments,
      width,
      height,
      ...regionStyle(regions, meta.n_features),
      positive: colour("--lw-positive", DEFAULT_POSITIVE),
      negative: colour("--lw-negative", DEFAULT_NEGATIVE),
      highlight: lit(),
    });
    ctx.putImageData(new ImageData(pixels, width, height), 0, 0);
  };

  /** The tags of the top-K superpixels, strongest first, with the lit one always shown. */
  const drawTags = (): void => {
    const shownWidth = canvas.clientWidth || width * scale;
    const shownHeight = canvas.clientHeight || height * scale;
    const box = (id: number) => {
      const text = tagText(id);
      return {
        id,
        anchor: anchors.get(id) ?? { x: 0.5, y: 0.5 },
        width: tagWidth(text),
        height: TAG_HEIGHT,
      };
    };
    const placed = placeTags(
      regions.map((r) => box(r.id)),
      shownWidth,
      shownHeight,
    );
    const on = lit();
    if (on !== null && !placed.has(on)) {
      const extra = placeTags([box(on)], shownWidth, shownHeight).get(on);
      if (extra !== undefined) {
        placed.set(on, extra);
      }
    }
    const sign = new Map(regions.map((r) => [r.id, r.weight > 0 ? "positive" : "negative"]));
    tagLayer.replaceChildren(
      ...Array.from(placed, ([id, at]) => {
        const tag = html(
          "span",
          cls("tag", `tag--${sign.get(id) ?? "plain"}`, ...(id === on ? ["tag--lit"] : [])),
          { "data-testid": "lw-tag", "data-feature-id": id },
          tagText(id),
        );
        tag.style.left = `${(at.x * 100).toFixed(2)}%`;
        tag.style.top = `${(at.y * 100).toFixed(2)}%`;
        return tag;
      }),
    );
  };

  const drawLegend = (): void => {
    const words = legendWords(meta, current, regions);
    const key = [words.up, words.down, words.strength, words.tags].join("|");
    if (legend.dataset.key === key) {
      return;
    }
    legend.dataset.key = key;
    legend.replaceChildren(
      html("span", cls("swatch", "swatch--ramp-positive"), { "aria-hidden": "true" }),
      html("span", "", {}, words.up),
      html("span", cls("swatch", "swatch--ramp-negative"), { "aria-hidden": "true" }),
      html("span", "", {}, words.down),
      html("span", cls("legend-note"), {}, words.strength),
      html("span", cls("legend-note"), {}, words.tags),
    );
  };

  /** Everything that follows the lit superpixel: pixels, tags, readout and a data-* stamp. */
  const refresh = (): void => {
    const on = lit();
    if (on === null) {
      picture.removeAttribute("data-highlight");
    } else {
      picture.setAttribute("data-highlight", String(on));
    }
    setText(readout, readoutText(meta, current, regions, on));
    draw();
    drawTags();
  };

  const showError = (text: string): void => {
    message.hidden = false;
    setText(message, text);
  };

  const load = async (): Promise<void> => {
    if (ctx === null) {
      showError("This browser cannot draw on a canvas.");
      return;
    }
    const bytes = decodeBase64(image.png_base64);
    const bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: "image/png" }));
    if (disposed) {
      bitmap.close();
      return;
    }
    ctx.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    base = ctx.getImageData(0, 0, width, height);
    draw();
  };
  load().catch((error: unknown) => {
    showError(`Cannot show the image: ${error instanceof Error ? error.message : String(error)}`);
  });

  const restyle = (): void => {
    regions = explainedRegions(current, meta.n_features, Number(opacity.value));
    drawLegend();
    refresh();
  };

  const point = (id: number | null): void => {
    if (id !== pointed) {
      pointed = id;
      onHighlight(id);
      refresh();
    }
  };
  const onPointer = (event: PointerEvent): void => {
    const at = pixelAt(
      event.offsetX,
      event.offsetY,
      canvas.clientWidth,
      canvas.clientHeight,
      width,
      height,
    );
    const id = at === null ? -1 : segmentAt(segments, width, height, at[0], at[1]);
    point(id < 0 ? null : id);
  };

  const resize = new ResizeObserver(() => drawTags());
  resize.observe(canvas);
  const unlisten = [
    listen(opacity, "input", () => {
      setText(opacityText, formatShort(Number(opacity.value)));
      onInput();
      restyle();
    }),
    listen(canvas, "pointermove", onPointer),
    listen(canvas, "pointerdown", onPointer),
    listen(canvas, "pointerleave", () => point(null)),
  ];
  restyle();

  return {
    el,
    update(explanation) {
      current = explanation;
      restyle();
    },
    highlight(id) {
      if (id !== linked) {
        linked = id;
        refresh();
      }
    },
    dispose() {
      disposed = true;
      resize.disconnect();
      for (const off of unlisten) {
        off();
      }
    },
  };
}
