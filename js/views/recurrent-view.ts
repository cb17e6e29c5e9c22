/**
 * A recurrent (time-series) instance: the selected label's weights as a feature x time-step
 * heatmap. One row per feature, one column per time step (oldest first); a cell is tinted in
 * the signed colour of its weight (positive blue, negative orange, stronger for larger
 * |weight|) and left plain when the cell is not among the explanation's features. Hovering or
 * focusing a cell (or a bar) fills the readout with the cell's name, value and weight, and
 * lights the matching bar. Names reach the page as text only.
 */

import type { Explanation } from "../contract/explanation";
import type { Meta, RecurrentGrid } from "../contract/meta";
import { cls, html, listen, setText, type View } from "../util/dom";
import { formatNumber, formatSigned } from "../util/format";
import { scrollBox } from "../util/scroll-box";
import { directionWords } from "../view-model/words";

/** Strongest tint, in percent; keeps the cell's outline and focus ring readable. */
export const MAX_TINT_PERCENT = 85;

export interface CellShade {
  id: number;
  /** The cell's weight, or null when the explanation does not include it. */
  weight: number | null;
  sign: "positive" | "negative" | "plain";
  /** How much of the signed colour fills the cell, in percent. */
  percent: number;
}

/** Every cell's shade, `[feature][step]`, for `explanation` (all plain when null). */
export function cellShades(grid: RecurrentGrid, explanation: Explanation | null): CellShade[][] {
  const weights = new Map((explanation?.features ?? []).map((f) => [f.id, f.weight]));
  const maxAbs = Math.max(0, ...[...weights.values()].map((w) => Math.abs(w)));
  return grid.cells.map((row) =>
    row.map((id) => {
      const weight = weights.get(id);
      if (weight === undefined) {
        return { id, weight: null, sign: "plain", percent: 0 };
      }
      const share = maxAbs > 0 ? Math.abs(weight) / maxAbs : 0;
      return {
        id,
        weight,
        sign: weight < 0 ? "negative" : "positive",
        percent: Math.round(MAX_TINT_PERCENT * share),
      };
    }),
  );
}

/** Where feature id `id` sits in the grid, or null. */
export function cellOf(grid: RecurrentGrid, id: number): { feature: number; step: number } | null {
  for (let feature = 0; feature < grid.cells.length; feature++) {
    const step = grid.cells[feature]?.indexOf(id) ?? -1;
    if (step >= 0) {
      return { feature, step };
    }
  }
  return null;
}

/** What the readout says about cell `id` (or how to use the grid, when none is lit). */
export function readoutText(
  meta: Meta,
  explanation: Explanation | null,
  id: number | null,
): string {
  const grid = meta.recurrent ?? null;
  const at = grid === null || id === null ? null : cellOf(grid, id);
  if (grid === null || id === null || at === null) {
    return "Hover or focus a cell (or a bar) to read its value and weight.";
  }
  const where = `${grid.features[at.feature] ?? ""} at ${grid.steps[at.step] ?? ""}`;
  const value = meta.instance[id]?.value;
  const valued = value === undefined || value === "" ? where : `${where} = ${value}`;
  const feature = explanation?.features.find((f) => f.id === id);
  if (explanation === null || feature === undefined) {
    return `${valued}: not among the explanation's features`;
  }
  const [up, down] = directionWords(meta, explanation.label);
  return `${valued} (${feature.name}): ${formatSigned(feature.weight, 3)}, ${
    feature.weight > 0 ? up : down
  }`;
}

/** The legend's words: the two colours, and what a plain cell and the tint's strength mean. */
export function legendWords(
  meta: Meta,
  explanation: Explanation | null,
): { up: string; down: string; note: string } {
  const [up, down] = directionWords(meta, explanation?.label ?? 0);
  const features = explanation?.features ?? [];
  if (features.length === 0) {
    return { up, down, note: "no cell has a weight" };
  }
  const strongest = Math.max(...features.map((f) => Math.abs(f.weight)));
  const cells = (meta.recurrent?.features.length ?? 0) * (meta.recurrent?.steps.length ?? 0);
  return {
    up,
    down,
    note: `stronger tint = larger |weight| (strongest ${formatNumber(strongest, 3)}); the ${
      features.length
    } explained of ${cells} cells tinted, the rest plain`,
  };
}

/** The heatmap view; `highlight` lights the cell of a hovered or focused bar. */
export interface RecurrentView extends View<Explanation | null> {
  highlight(id: number | null): void;
}

/** `onHighlight` hears which cell the pointer or focus is on (null when none). */
export function createRecurrentView(
  meta: Meta,
  onHighlight: (id: number | null) => void = () => {},
): RecurrentView {
  const grid = meta.recurrent ?? null;
  const el = html("div", cls("series"), { "data-testid": "lw-series" });
  if (grid === null) {
    return { el, update() {}, highlight() {}, dispose() {} };
  }
  const box = html("div", cls("series-box"));
  const table = html("table", cls("series-grid"), { "data-testid": "lw-series-grid" });
  table.append(html("caption", "", {}, "Weights by feature and time step"));
  const head = html("tr");
  head.append(html("th", "", { scope: "col" }, "feature"));
  for (const step of grid.steps) {
    head.append(html("th", "", { scope: "col" }, step));
  }
  const thead = html("thead");
  thead.append(head);
  const body = html("tbody");
  const cells = new Map<number, HTMLTableCellElement>();
  const unlisten: (() => void)[] = [];
  grid.cells.forEach((row, f) => {
    const tr = html("tr");
    tr.append(html("th", "", { scope: "row" }, grid.features[f] ?? ""));
    row.forEach((id) => {
      const td = html("td", cls("series-cell"), {
        tabindex: 0,
        "data-testid": "lw-series-cell",
        "data-feature-id": id,
      });
      cells.set(id, td);
      unlisten.push(
        listen(td, "pointerenter", () => point(id)),
        listen(td, "pointerleave", () => point(null)),
        listen(td, "focus", () => point(id)),
        listen(td, "blur", () => point(null)),
      );
      tr.append(td);
    });
    body.append(tr);
  });
  table.append(thead, body);
  box.append(table);
  // The grid's box ends on a row's edge, and shades its bottom while rows follow.
  const scroller = scrollBox(box, table, () => [head, ...body.rows]);
  const readout = html("div", cls("readout"), {
    "data-testid": "lw-series-readout",
    "aria-live": "polite",
  });
  const legend = html("div", cls("legend"), { "data-testid": "lw-series-legend" });
  el.append(box, legend, readout);

  let current: Explanation | null = null;
  let pointed: number | null = null;
  let linked: number | null = null;
  let litCell: HTMLTableCellElement | null = null;

  const refresh = (): void => {
    const on = pointed ?? linked;
    litCell?.classList.remove(`${cls("series-cell")}--lit`);
    litCell = on === null ? null : (cells.get(on) ?? null);
    litCell?.classList.add(`${cls("series-cell")}--lit`);
    setText(readout, readoutText(meta, current, on));
  };

  const point = (id: number | null): void => {
    if (id !== pointed) {
      pointed = id;
      onHighlight(id);
      refresh();
    }
  };

  const paint = (): void => {
    for (const row of cellShades(grid, current)) {
      for (const shade of row) {
        const td = cells.get(shade.id);
        if (td === undefined) {
          continue;
        }
        const name = meta.feature_names[shade.id] ?? String(shade.id);
        td.className = cls("series-cell", `series-cell--${shade.sign}`);
        if (shade.weight === null) {
          td.removeAttribute("data-weight");
          td.style.backgroundColor = "";
          td.setAttribute("aria-label", `${name}: not explained`);
        } else {
          td.setAttribute("data-weight", String(shade.weight));
          td.style.backgroundColor = `color-mix(in srgb, var(--lw-${shade.sign}) ${shade.percent}%, transparent)`;
          td.setAttribute("aria-label", `${name}: ${formatSigned(shade.weight, 3)}`);
        }
      }
    }
    const words = legendWords(meta, current);
    legend.replaceChildren(
      html("span", cls("swatch", "swatch--ramp-positive"), { "aria-hidden": "true" }),
      html("span", "", {}, words.up),
      html("span", cls("swatch", "swatch--ramp-negative"), { "aria-hidden": "true" }),
      html("span", "", {}, words.down),
      html("span", cls("legend-note"), {}, words.note),
    );
    litCell = null;
    refresh();
  };
  paint();

  return {
    el,
    update(explanation) {
      current = explanation;
      paint();
    },
    highlight(id) {
      if (id !== linked) {
        linked = id;
        refresh();
      }
    },
    dispose() {
      for (const off of unlisten) {
        off();
      }
      scroller.dispose();
    },
  };
}
