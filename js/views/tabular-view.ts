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
import { cls, html, listen, setText, type View } from "../util/dom";
import { signedFormatter } from "../util/format";

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

/**
 * The scroll box's inner height that shows whole rows: the largest of `bottoms` (each row's
 * bottom edge below the box's top, header first, in order) within `room`, the height the
 * style sheet allows. Null when every row fits or not even the header does (leave it be).
 */
export function wholeRowsHeight(bottoms: readonly number[], room: number): number | null {
  const last = bottoms[bottoms.length - 1];
  if (last === undefined || last <= room + 0.5) {
    return null;
  }
  const fitting = bottoms.filter((bottom) => bottom <= room + 0.5);
  return fitting.length === 0 ? null : Math.max(...fitting);
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

  const fitRows = (): void => {
    // Nothing to measure off a page, or without layout (the unit tests' stand-in DOM).
    if (!el.isConnected || typeof getComputedStyle !== "function") {
      return;
    }
    // The style sheet's cap, read afresh: rows re-wrap when the cell's width changes.
    el.style.maxHeight = "";
    const cap = Number.parseFloat(getComputedStyle(el).maxHeight);
    // Borders and a sideways scroll bar take their share of the box's height.
    const chrome = el.offsetHeight - el.clientHeight;
    const top = el.getBoundingClientRect().top + el.clientTop - el.scrollTop;
    const bottoms = [headRow, ...body.rows].map((tr) => tr.getBoundingClientRect().bottom - top);
    const inner = Number.isFinite(cap) ? wholeRowsHeight(bottoms, cap - chrome) : null;
    if (inner !== null) {
      el.style.maxHeight = `${inner + chrome}px`;
    }
    markMore();
  };
  const markMore = (): void => {
    el.setAttribute("data-more", String(el.scrollTop + el.clientHeight < el.scrollHeight - 1));
  };
  // Fires once the table is laid out, and whenever re-wrapping changes its size.
  const observer = new ResizeObserver(fitRows);
  observer.observe(table);
  const offScroll = listen(el, "scroll", markMore);

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
        fitRows();
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
      observer.disconnect();
      offScroll();
    },
  };
}
