/**
 * The text document with the explained words highlighted: one span per token, background
 * by the weight of the token's word (positive blue, negative orange, stronger for larger
 * |weight|) and an underline in the solid colour so the sign reads even when faint. The
 * box is a whole number of lines tall (widget.css), and shades its bottom while more follow.
 */

import type { Explanation } from "../contract/explanation";
import type { Meta } from "../contract/meta";
import { cls, html, type View } from "../util/dom";
import { formatSigned } from "../util/format";
import { scrollBox } from "../util/scroll-box";

/** Strongest background mix, in percent; keeps text readable on the darkest highlight. */
export const MAX_MIX_PERCENT = 65;

export interface Highlight {
  sign: "positive" | "negative";
  /** |weight| / max |weight| over the shown features, in [0, 1]. */
  intensity: number;
  /** How much of the signed colour is mixed into the background, in percent. */
  percent: number;
}

export function tokenHighlight(weight: number, maxAbs: number): Highlight {
  const intensity = maxAbs > 0 ? Math.min(1, Math.abs(weight) / maxAbs) : 0;
  return {
    sign: weight < 0 ? "negative" : "positive",
    intensity,
    percent: Math.round(MAX_MIX_PERCENT * intensity),
  };
}

/** The largest |weight| among `features` (0 when there are none). */
export function maxAbsWeight(features: readonly { weight: number }[]): number {
  return features.reduce((max, f) => Math.max(max, Math.abs(f.weight)), 0);
}

export function createTextView(meta: Meta): View<Explanation | null> {
  const el = html("div", cls("text"), { "data-testid": "lw-text" });
  const spansByFeature = new Map<number, HTMLSpanElement[]>();
  const spans = meta.tokens.map((token) => {
    const span = html("span", cls("token"), { "data-testid": "lw-token" }, token.text);
    if (token.feature >= 0) {
      const group = spansByFeature.get(token.feature);
      if (group === undefined) {
        spansByFeature.set(token.feature, [span]);
      } else {
        group.push(span);
      }
    }
    return span;
  });
  el.append(...spans);
  // Lines re-wrap when the box's width changes: more may follow, or no longer.
  const box = scrollBox(el, el);

  let lit: HTMLSpanElement[] = [];

  return {
    el,
    update(explanation) {
      for (const span of lit) {
        clear(span);
      }
      lit = [];
      if (explanation === null) {
        return;
      }
      const maxAbs = maxAbsWeight(explanation.features);
      for (const feature of explanation.features) {
        const highlight = tokenHighlight(feature.weight, maxAbs);
        for (const span of spansByFeature.get(feature.id) ?? []) {
          paint(span, feature.weight, highlight);
          lit.push(span);
        }
      }
    },
    dispose() {
      box.dispose();
    },
  };
}

function paint(span: HTMLSpanElement, weight: number, highlight: Highlight): void {
  span.className = cls("token", "token--lit", `token--${highlight.sign}`);
  span.setAttribute("data-weight", String(weight));
  span.title = `${span.textContent ?? ""}: ${formatSigned(weight, 4)}`;
  span.style.setProperty(
    "background-color",
    `color-mix(in srgb, var(--lw-${highlight.sign}) ${highlight.percent}%, transparent)`,
  );
}

function clear(span: HTMLSpanElement): void {
  span.className = cls("token");
  span.removeAttribute("data-weight");
  span.removeAttribute("title");
  span.style.removeProperty("background-color");
}
