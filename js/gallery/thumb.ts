/**
 * Image cards' thumbnails: decoded once (the image, and the slot map that says which of
 * the card's superpixels each pixel belongs to), kept for the most recently shown cards,
 * and tinted with the single view's own code (views/image-regions.ts), at its default
 * opacity, so a card looks like its opened view.
 */

import { decodeBase64 } from "../contract/base64";
import type { Explanation } from "../contract/explanation";
import { composeOverlay, explainedRegions, type Rgb, regionStyle } from "../views/image-regions";
import type { Card, Thumb } from "./card";

/** The single view's default overlay opacity. */
export const TINT_OPACITY = 0.5;

export interface Decoded {
  width: number;
  height: number;
  /** RGBA pixels of the image. */
  base: Uint8ClampedArray;
  /** Per pixel: 1 + the position of its superpixel in the card's features; 0: plain. */
  slots: Int32Array;
}

/** The card's explanation with each superpixel renamed to its slot (1 + its position). */
export function slotExplanation(card: Card): Explanation {
  return {
    label: card.label,
    intercept: null,
    score: null,
    local_pred: null,
    model_pred: null,
    n_samples: 0,
    features: card.features.map((f, k) => ({
      id: k + 1,
      name: f.name,
      value: "",
      weight: f.weight,
    })),
  };
}

/** The tinted pixels of a card's thumbnail. */
export function thumbPixels(
  decoded: Decoded,
  card: Card,
  positive: Rgb,
  negative: Rgb,
): Uint8ClampedArray<ArrayBuffer> {
  const count = card.features.length + 1;
  const regions = explainedRegions(slotExplanation(card), count, TINT_OPACITY);
  return composeOverlay({
    base: decoded.base,
    segments: decoded.slots,
    width: decoded.width,
    height: decoded.height,
    ...regionStyle(regions, count),
    positive,
    negative,
  });
}

function mimeOf(base64: string): string {
  return base64.startsWith("/9j/") ? "image/jpeg" : "image/png";
}

async function pixelsOf(base64: string, width: number, height: number): Promise<ImageData> {
  const bytes = decodeBase64(base64);
  const bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: mimeOf(base64) }), {
    colorSpaceConversion: "none",
    premultiplyAlpha: "none",
  });
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  if (ctx === null) {
    bitmap.close();
    throw new Error("this browser cannot draw on a canvas");
  }
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return ctx.getImageData(0, 0, width, height);
}

export async function decodeThumb(thumb: Thumb): Promise<Decoded> {
  const [image, slotImage] = await Promise.all([
    pixelsOf(thumb.image, thumb.width, thumb.height),
    pixelsOf(thumb.slots, thumb.width, thumb.height),
  ]);
  const slots = new Int32Array(thumb.width * thumb.height);
  for (let i = 0; i < slots.length; i++) {
    slots[i] = slotImage.data[i * 4] ?? 0;
  }
  return { width: thumb.width, height: thumb.height, base: image.data, slots };
}

/**
 * Thumbnails by row: the payloads received (small), and the decoded pixels of the most
 * recently used `limit` of them. `onReady(row)` hears when a row's pixels are ready.
 */
export class ThumbStore {
  private readonly raw = new Map<number, Thumb>();
  private readonly decoded = new Map<number, Decoded>();
  private readonly decoding = new Set<number>();
  private readonly failed = new Set<number>();

  constructor(
    private readonly onReady: (row: number) => void,
    private readonly limit = 400,
    private readonly decode: (thumb: Thumb) => Promise<Decoded> = decodeThumb,
  ) {}

  /** Rows of `rows` whose thumbnail has not arrived. */
  missing(rows: readonly number[]): number[] {
    return rows.filter((row) => !this.raw.has(row) && !this.failed.has(row));
  }

  put(row: number, thumb: Thumb): void {
    this.raw.set(row, thumb);
  }

  /** The decoded pixels of `row`, or undefined (decoding starts; `onReady` follows). */
  get(row: number): Decoded | undefined {
    const hit = this.decoded.get(row);
    if (hit !== undefined) {
      this.decoded.delete(row); // most recently used last
      this.decoded.set(row, hit);
      return hit;
    }
    const thumb = this.raw.get(row);
    if (thumb !== undefined && !this.decoding.has(row) && !this.failed.has(row)) {
      this.decoding.add(row);
      this.decode(thumb).then(
        (pixels) => {
          this.decoding.delete(row);
          this.decoded.set(row, pixels);
          while (this.decoded.size > this.limit) {
            const oldest = this.decoded.keys().next().value;
            if (oldest === undefined) {
              break;
            }
            this.decoded.delete(oldest);
          }
          this.onReady(row);
        },
        (error: unknown) => {
          this.decoding.delete(row);
          this.failed.add(row);
          console.warn(`lime-widget: thumbnail of row ${row} cannot be shown: ${String(error)}`);
        },
      );
    }
    return undefined;
  }

  /** Number of decoded thumbnails kept. */
  get kept(): number {
    return this.decoded.size;
  }
}
