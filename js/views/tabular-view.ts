/**
 * The instance being explained, as a compact feature/value table. Features that are in the
 * explanation are marked with their signed colour and weight, so the user can read the
 * conditions in the chart against the actual values.
 */

import type { Explanation } from "../contract/explanation";
import type { Meta } from "../contract/meta";
import { cls, html, setText, type View } from "../util/dom";
import { formatSigned } from "../util/format";

interface Row {
  tr: HTMLTableRowElement;
  weight: HTMLTableCellElement;
}

/** Weight of each instance row by feature id (= column index), for the shown features. */
export function weightsById(explanation: Explanation | null): Map<number, number> {
  return new Map((explanation?.features ?? []).map((f) => [f.id, f.weight]));
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

  return {
    el,
    update(explanation) {
      const weights = weightsById(explanation);
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
        setText(row.weight, formatSigned(weight));
      });
    },
    dispose() {},
  };
}
