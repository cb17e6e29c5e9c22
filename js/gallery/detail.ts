/**
 * A saved page's opened card: its saved explanation enlarged — the picture, snippet or bars
 * larger, every feature's weight with its number, the classes, the score and the badge.
 * (The live controls need a kernel; the notebook shows the live widget instead.)
 */

import { cls, html } from "../util/dom";
import { formatSigned } from "../util/format";
import { cardTrust, predictionWords, scoreWords } from "./badge";
import { type Card, className } from "./card";
import { type CardContext, fillVisual } from "./card-view";

/** The enlarged picture's box (CSS px): twice a card's. */
export const DETAIL_BOX = 224;

export function createDetail(card: Card, ctx: CardContext): HTMLElement {
  const { meta } = ctx;
  const el = html("section", cls("gallery-detail-card"), {
    "data-testid": "lw-gallery-opened",
    "data-row": card.row,
    "aria-label": `row ${card.row}, opened`,
  });
  const prediction = predictionWords(meta, card);
  const title = [`Row ${card.row}: predicted ${prediction.name} (${prediction.value})`];
  if (meta.mode !== "regression") {
    title.push(`explains ${className(meta, card.label)}`);
  }
  if (card.true !== null) {
    title.push(`true class ${className(meta, card.true)}`);
  }
  const trust = cardTrust(meta, card);
  const head = html("div", cls("gallery-detail-head"));
  head.append(
    html("h3", cls("gallery-detail-title"), {}, title.join(" · ")),
    html("span", cls("badge", `badge--${trust.tone}`), { title: trust.help }, trust.badge),
    html("span", cls("card-score"), {}, scoreWords(card)),
  );
  const visual = html("div", cls("gallery-detail-visual"), { "aria-hidden": "true" });
  fillVisual(visual, card, ctx, DETAIL_BOX, card.features.length);
  const table = html("table", cls("instance"));
  table.append(html("caption", "", {}, "The explanation's features, strongest first"));
  const headRow = html("tr");
  headRow.append(
    html("th", "", { scope: "col" }, "feature"),
    html("th", "", { scope: "col" }, "weight"),
  );
  const body = html("tbody");
  for (const f of card.features) {
    const tr = html("tr");
    tr.append(
      html("th", "", { scope: "row" }, f.name),
      html(
        "td",
        cls("num", f.weight < 0 ? "num--negative" : "num--positive"),
        {},
        formatSigned(f.weight, 4),
      ),
    );
    body.append(tr);
  }
  const thead = html("thead");
  thead.append(headRow);
  table.append(thead, body);
  const parts = html("div", cls("gallery-detail-body"));
  parts.append(visual, table);
  el.append(head, parts);
  return el;
}
