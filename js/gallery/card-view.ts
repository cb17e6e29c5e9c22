/**
 * One card, as a button: the explanation in small (an image thumbnail with its tinted
 * superpixels, a text snippet with its highlighted words, or a tabular instance's strongest
 * features as bars), the predicted class and its probability, the true class when known,
 * the stability badge and the fit's score. Every string goes in as text.
 */

import { cls, html } from "../util/dom";
import { conditionParts, formatSigned } from "../util/format";
import type { Rgb } from "../views/image-regions";
import { maxAbsWeight, tokenHighlight } from "../views/text-view";
import { cardLabel, cardTrust, predictionWords, scoreWords } from "./badge";
import { type Card, className, type GalleryMeta } from "./card";
import { type ThumbStore, thumbPixels } from "./thumb";

/** Bars on a tabular card (the opened view shows them all). */
export const CARD_BARS = 5;
/** The thumbnail's box on a card (CSS px); the saved page's enlarged view uses more. */
export const THUMB_BOX = 112;

export interface CardContext {
  meta: GalleryMeta;
  thumbs: ThumbStore;
  colours(): [positive: Rgb, negative: Rgb];
}

/** The card's button, with `data-row` (and the classes the browser tests read). */
export function createCard(card: Card, ctx: CardContext): HTMLButtonElement {
  const { meta } = ctx;
  const trust = cardTrust(meta, card);
  const button = html("button", `lw-card ${cls("card", `card--${card.kind}`)}`, {
    type: "button",
    "data-testid": "lw-card",
    "data-row": card.row,
    "data-pred": card.pred,
    "data-true": card.true,
    "data-label": card.label,
    "data-score": card.score,
    "data-stability": card.stability,
    "data-words": trust.words,
    "data-assessed": card.assessed,
    "aria-label": accessibleName(meta, card),
  });
  const visual = html("span", cls("card-visual"), { "aria-hidden": "true" });
  fillVisual(visual, card, ctx, THUMB_BOX, CARD_BARS);
  const prediction = predictionWords(meta, card);
  const head = html("span", cls("card-head"));
  head.append(
    html("span", cls("card-class"), { title: prediction.name }, prediction.name),
    html("span", cls("card-p"), {}, prediction.value),
  );
  const lines = [head];
  if (meta.mode !== "regression" && card.label !== card.pred) {
    const name = className(meta, card.label);
    lines.push(html("span", cls("card-note"), { title: name }, `explains ${name}`));
  }
  if (card.true !== null) {
    const wrong = meta.mode !== "regression" && card.true !== card.pred;
    const name = className(meta, card.true);
    lines.push(
      html(
        "span",
        cls("card-note", ...(wrong ? ["card-note--wrong"] : [])),
        { title: name },
        `true: ${name}`,
      ),
    );
  }
  const badge = html("span", cls("card-trust"), {});
  badge.append(
    html(
      "span",
      cls("badge", `badge--${trust.tone}`),
      { "data-testid": "lw-card-stability", title: trust.help },
      trust.badge,
    ),
  );
  const foot = html("span", cls("card-foot"));
  foot.append(
    html(
      "span",
      cls("card-score"),
      { title: "the surrogate's weighted R² on its samples" },
      scoreWords(card),
    ),
    html("span", cls("card-row"), {}, `row ${card.row}`),
  );
  button.append(visual, ...lines, badge, foot);
  return button;
}

/**
 * The card's name for assistive technology: its words and, for bars, the features they
 * show, in full (the drawing is hidden from it, and its names may be cut for width).
 */
export function accessibleName(meta: GalleryMeta, card: Card): string {
  const label = cardLabel(meta, card);
  if (card.kind === "image" || card.kind === "text") {
    return label;
  }
  const features = card.features
    .slice(0, CARD_BARS)
    .map((f) => `${f.name} (${formatSigned(f.weight, 3)})`);
  return features.length === 0 ? label : `${label}; strongest features: ${features.join(", ")}`;
}

/** The explanation in small: thumbnail, snippet or bars (`bars` of them at most). */
export function fillVisual(
  el: HTMLElement,
  card: Card,
  ctx: CardContext,
  box: number,
  bars: number,
): void {
  if (card.kind === "image") {
    el.append(thumbCanvas(card, ctx, box));
  } else if (card.kind === "text") {
    el.append(snippetView(card));
  } else {
    el.append(barsView(card, bars));
  }
}

function thumbCanvas(card: Card, ctx: CardContext, box: number): HTMLElement {
  const frame = html("span", cls("card-thumb"), { "data-row": card.row });
  frame.style.setProperty("--lw-thumb-box", `${box}px`);
  drawThumb(frame, card, ctx);
  return frame;
}

/** Draw (or redraw, once its pixels are decoded) the thumbnail into `frame`. */
export function drawThumb(frame: HTMLElement, card: Card, ctx: CardContext): boolean {
  const decoded = ctx.thumbs.get(card.row);
  if (decoded === undefined) {
    frame.setAttribute("data-ready", "false");
    return false;
  }
  const canvas = html("canvas", cls("card-canvas"), {
    width: decoded.width,
    height: decoded.height,
  });
  const box = Number.parseFloat(frame.style.getPropertyValue("--lw-thumb-box")) || 112;
  const scale = Math.min(box / decoded.width, box / decoded.height);
  canvas.style.width = `${Math.round(decoded.width * scale)}px`;
  canvas.style.height = `${Math.round(decoded.height * scale)}px`;
  if (scale >= 2) {
    canvas.classList.add(cls("canvas--pixelated"));
  }
  const context = canvas.getContext("2d");
  if (context !== null) {
    const [positive, negative] = ctx.colours();
    const pixels = thumbPixels(decoded, card, positive, negative);
    context.putImageData(new ImageData(pixels, decoded.width, decoded.height), 0, 0);
  }
  frame.replaceChildren(canvas);
  frame.setAttribute("data-ready", "true");
  return true;
}

function snippetView(card: Card): HTMLElement {
  const el = html("span", cls("card-snippet"));
  const weights = new Map(card.features.map((f) => [f.id, f.weight]));
  const maxAbs = maxAbsWeight(card.features);
  const snippet = card.snippet;
  if (snippet === null) {
    return el;
  }
  if (snippet.cut_before) {
    el.append("… ");
  }
  for (const token of snippet.tokens) {
    const weight = token.feature >= 0 ? weights.get(token.feature) : undefined;
    if (weight === undefined) {
      el.append(token.text);
      continue;
    }
    const highlight = tokenHighlight(weight, maxAbs);
    const span = html(
      "span",
      cls("token", "token--lit", `token--${highlight.sign}`),
      {},
      token.text,
    );
    span.style.setProperty(
      "background-color",
      `color-mix(in srgb, var(--lw-${highlight.sign}) ${highlight.percent}%, transparent)`,
    );
    el.append(span);
  }
  if (snippet.cut_after) {
    el.append(" …");
  }
  return el;
}

/**
 * The strongest `count` features as bars from a centre line (for: right; against: left).
 * A name too long for the card is cut in its middle, never in its thresholds (CSS does the
 * cutting; see gallery.css), and its row's tooltip gives it in full with the weight.
 */
export function barsView(card: Card, count: number): HTMLElement {
  const el = html("span", cls("card-bars"));
  const shown = card.features.slice(0, count);
  const maxAbs = maxAbsWeight(shown);
  for (const f of shown) {
    const share = maxAbs > 0 ? Math.abs(f.weight) / maxAbs : 0;
    const sign = f.weight < 0 ? "negative" : "positive";
    const row = html("span", cls("card-bar-row"), {
      title: `${f.name}: ${formatSigned(f.weight, 3)}`,
    });
    const track = html("span", cls("card-bar-track"));
    const bar = html("span", cls("card-bar", `card-bar--${sign}`));
    bar.style.width = `${(share * 50).toFixed(1)}%`;
    bar.style.left = sign === "positive" ? "50%" : `${(50 - share * 50).toFixed(1)}%`;
    track.append(bar);
    row.append(barName(f.name), track);
    el.append(row);
  }
  return el;
}

/** "0.23 < radius error <= 0.32": the thresholds in spans that keep their width. */
function barName(text: string): HTMLElement {
  const [lead, name, tail] = conditionParts(text);
  const el = html("span", cls("card-bar-name"), { "data-name": text });
  if (lead !== "") {
    el.append(html("span", cls("card-bar-bound"), {}, lead));
  }
  el.append(html("span", cls("card-bar-feature"), {}, name));
  if (tail !== "") {
    el.append(html("span", cls("card-bar-bound"), {}, tail));
  }
  return el;
}
