/**
 * The instance being explained, as a compact feature/value table. Features that are in the
 * explanation come first, by |weight| as in the chart, marked with their signed colour and
 * weight, so the user can read the conditions in the chart against the actual values
 * without scrolling; the rest follow in the dataset's order. The scroll box ends on a row's
 * edge (a row cut in half by it reads as a broken table), and a shade at its bottom says
 * that more rows follow (overlay scroll bars show only while scrolling).
 */

import type { Explanation } from "../contract/explanation";
import type { Meta } from "../contract/meta";
import { cls, html, setText, type View } from "../util/dom";
import { signedFormatter } from "../util/format";
import { scrollBox } from "../util/scroll-box";

interface Row {
  tr: HTMLTableRowElement;
  weight: HTMLTableCellElement;
}

/** Weight of each instance row by feature id (= column index), for the shown features. */
export function weightsById(explanation: Explanation | null): Map<number, number> {
  return new Map((explanation?.features ?? []).map((f) => [f.id, f.weight]));
}

/**
 * Row order: the explained features by descending |weight| (ties keep the dataset's order),
 * then every other feature in the dataset's order.
 */
export function rowOrder(nRows: number, explanation: Explanation | null): number[] {
  const weights = weightsById(explanation);
  const all = Array.from({ length: nRows }, (_, id) => id);
  const explained = all
    .filter((id) => weights.has(id))
    .sort((a, b) => Math.abs(weights.get(b) ?? 0) - Math.abs(weights.get(a) ?? 0));
  return [...explained, ...all.filter((id) => !weights.has(id))];
}

export function createTabularView(meta: Meta): View<Explanation | null> {
  const el = html("div", cls("instance-box"));
  const table = html("table", cls("instance"), { "data-testid": "lw-instance" });
  const caption = html("caption", "", {}, "The instance");
  const head = html("thead");
  const headRow = html("tr");
  for (const title of ["feature", "value", "weight"]) {
    headRow.append(html("th", "", { scope: "col" }, title));
  }
  head.append(headRow);

  const body = html("tbody");
  const rows: Row[] = meta.instance.map((entry) => {
    const tr = html("tr", cls("instance-row"));
    const weight = html("td", cls("num"));
    tr.append(
      html("th", "", { scope: "row" }, entry.name),
      html("td", "", {}, entry.value),
      weight,
    );
    body.append(tr);
    return { tr, weight };
  });
  table.append(caption, head, body);
  el.append(table);
  let order = "";

  // Rows wrap (long names): their edges are measured, header first.
  const box = scrollBox(el, table, () => [headRow, ...body.rows]);

  return {
    el,
    update(explanation) {
      const weights = weightsById(explanation);
      const format = signedFormatter([...weights.values()]);
      const ids = rowOrder(rows.length, explanation);
      // Re-ordered only when the order changes: states arrive up to 20 times a second.
      if (ids.join(",") !== order) {
        order = ids.join(",");
        body.replaceChildren(...ids.flatMap((id) => rows[id]?.tr ?? []));
        // Rows of different heights (wrapped names) may now meet the box's edge elsewhere.
        box.fit();
      }
      rows.forEach((row, id) => {
        const weight = weights.get(id);
        if (weight === undefined) {
          row.tr.className = cls("instance-row");
          row.tr.removeAttribute("data-weight");
          setText(row.weight, "");
          return;
        }
        const sign = weight < 0 ? "negative" : "positive";
        row.tr.className = cls("instance-row", "instance-row--lit", `instance-row--${sign}`);
        row.tr.setAttribute("data-weight", String(weight));
        setText(row.weight, format(weight));
      });
    },
    dispose() {
      box.dispose();
    },
  };
}
