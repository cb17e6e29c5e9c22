/**
 * The weights chart view: one signed horizontal bar per explanation feature, drawn as SVG
 * from `layoutBars` (bar-layout.ts), with the diagnostics' 90 % whiskers and top-K
 * frequencies when they are fresh. It re-lays out to the cell's width so text stays at its
 * natural size in narrow and wide cells.
 */

import type { Explanation } from "../contract/explanation";
import type { Meta } from "../contract/meta";
import { cls, html, ROOT_CLASS, setText, svg, type View } from "../util/dom";
import { formatShort } from "../util/format";
import { frequencyById, intervalsById, type Shown } from "../view-model/shown";
import {
  type BarInput,
  type BarRow,
  type ChartLayout,
  FALLBACK_WIDTH,
  layoutBars,
  layoutOptions,
  whiskerPath,
} from "./bar-layout";

/** Elements other views own, placed beside the title and under the chart. */
export interface ChartSlots {
  head?: HTMLElement;
  foot?: HTMLElement;
}

/** Bars with what the diagnostics know about each feature (nothing when they are absent). */
export function barInputs(shown: Shown): BarInput[] {
  const intervals = intervalsById(shown.diagnostics);
  const frequencies = frequencyById(shown.diagnostics);
  return shown.explanation.features.map((f) => {
    const interval = intervals.get(f.id);
    return {
      name: f.name,
      value: f.value,
      weight: f.weight,
      interval: interval === undefined ? null : [interval.low, interval.high],
      frequency: frequencies.get(f.id) ?? null,
    };
  });
}

/** Name of the explained output: the class name, or "class 3" if the kernel sent no name. */
export function outputName(meta: Meta, label: number): string {
  return meta.class_names[label] ?? `class ${label}`;
}

/** "Why benign? (p = 0.93)" in classification, "Why value = 152.30?" in regression. */
export function chartTitle(meta: Meta, explanation: Explanation): string {
  const name = outputName(meta, explanation.label);
  const output = meta.predict_proba[explanation.label] ?? explanation.model_pred;
  if (meta.mode === "regression") {
    return output === null ? `Why ${name}?` : `Why ${name} = ${formatShort(output)}?`;
  }
  return output === null ? `Why ${name}?` : `Why ${name}? (p = ${formatShort(output)})`;
}

/** The chart view. `onRender` runs after each draw (the widget stamps data-rendered-at). */
export function createChart(
  meta: Meta,
  onRender: () => void,
  slots: ChartSlots = {},
): View<Shown | null> {
  const el = html("div", cls("chart-panel"));
  const head = html("div", cls("chart-head"));
  const title = html("div", cls("chart-title"));
  head.append(title);
  if (slots.head !== undefined) {
    head.append(slots.head);
  }
  const legend = html("div", cls("legend"));
  const box = html("div", cls("chart-box"));
  const chart = svg("svg", { class: cls("chart"), "data-testid": "lw-chart" });
  box.append(chart);
  el.append(head, legend, box);
  if (slots.foot !== undefined) {
    el.append(slots.foot);
  }

  let current: Shown | null = null;
  let drawnWidth = 0;

  const draw = (): void => {
    drawnWidth = box.clientWidth;
    const bars = current === null ? [] : barInputs(current);
    const withFrequency = bars.some((b) => b.frequency != null);
    const layout = layoutBars(bars, layoutOptions(drawnWidth || FALLBACK_WIDTH, withFrequency));
    sizeChart(chart, layout);
    if (current === null || bars.length === 0) {
      const text = current === null ? "waiting for the first explanation…" : "no features";
      chart.replaceChildren(
        svg("text", { class: cls("placeholder"), x: 8, y: layout.rowHeight / 2 }, text),
      );
    } else {
      chart.replaceChildren(...layout.rows.map((row) => drawRow(row, layout)), zeroLine(layout));
      fitLabels(chart, layout.labelX);
    }
    onRender();
  };

  const observer = new ResizeObserver(() => {
    if (box.clientWidth !== drawnWidth && box.clientWidth > 0) {
      draw();
    }
  });
  observer.observe(box);

  return {
    el,
    update(shown) {
      current = shown;
      const heading = shown === null ? "" : chartTitle(meta, shown.explanation);
      setText(title, heading);
      chart.setAttribute("aria-label", heading || "Feature weights");
      if (shown !== null) {
        setLegend(legend, meta, shown);
      }
      draw();
    },
    dispose() {
      observer.disconnect();
    },
  };
}

function sizeChart(chart: SVGSVGElement, layout: ChartLayout): void {
  chart.setAttribute("viewBox", `0 0 ${layout.width} ${layout.height}`);
  chart.setAttribute("width", String(layout.width));
  chart.setAttribute("height", String(layout.height));
}

function setLegend(legend: HTMLElement, meta: Meta, shown: Shown): void {
  const name = outputName(meta, shown.explanation.label);
  const [up, down] =
    meta.mode === "regression"
      ? [`raises ${name}`, `lowers ${name}`]
      : [`for ${name}`, `against ${name}`];
  const diagnostics = shown.diagnostics;
  const whiskers = (diagnostics?.intervals.length ?? 0) > 0;
  const frequencies = (diagnostics?.top_k_frequency.length ?? 0) > 0;
  const refits =
    diagnostics?.n_boot == null ? "bootstrap refits" : `${diagnostics.n_boot} bootstrap refits`;
  const key = [up, down, whiskers, frequencies, refits].join("|");
  // Redrawn at up to 20 states a second: rebuild only when the words change.
  if (legend.dataset.key === key) {
    return;
  }
  legend.dataset.key = key;
  legend.replaceChildren(
    html("span", cls("swatch", "swatch--positive"), { "aria-hidden": "true" }),
    html("span", "", {}, up),
    html("span", cls("swatch", "swatch--negative"), { "aria-hidden": "true" }),
    html("span", "", {}, down),
  );
  if (whiskers) {
    legend.append(
      html("span", cls("swatch", "swatch--whisker"), { "aria-hidden": "true" }),
      html("span", "", {}, `90 % interval over ${refits}`),
    );
  }
  if (frequencies) {
    legend.append(
      html("span", cls("legend-note"), {}, `%: share of refits with the feature in the top K`),
    );
  }
}

/**
 * The label column is sized from character counts; wide glyphs can still overrun it and be
 * cut at the chart's left edge. Measure the drawn labels and shorten those that do not fit.
 */
function fitLabels(chart: SVGSVGElement, room: number): void {
  if (!chart.isConnected) {
    return;
  }
  for (const label of chart.querySelectorAll<SVGTextElement>(`.${ROOT_CLASS}__label`)) {
    const full = Array.from(label.textContent ?? "");
    let keep = full.length;
    while (keep > 1 && label.getComputedTextLength() > room - 2) {
      keep -= 1;
      label.textContent = `${full.slice(0, keep).join("").replace(/…$/, "")}…`;
    }
  }
}

function drawRow(row: BarRow, layout: ChartLayout): SVGGElement {
  const group = svg("g", {
    class: cls("row"),
    "data-testid": "lw-bar",
    "data-name": row.name,
    "data-weight": String(row.weight),
  });
  group.append(
    svg("title", {}, row.hover),
    // Transparent full-row band: the tooltip and hover highlight work anywhere on the row.
    svg("rect", {
      class: cls("row-hit"),
      x: 0,
      y: row.top,
      width: layout.width,
      height: layout.rowHeight,
    }),
    svg(
      "text",
      { class: cls("label"), x: layout.labelX, y: row.centerY, "text-anchor": "end", dy: "0.35em" },
      row.label,
    ),
    svg("rect", {
      class: cls("bar", `bar--${row.sign}`),
      x: row.x,
      y: row.y,
      width: row.width,
      height: row.height,
    }),
  );
  if (row.whisker !== null) {
    group.append(
      svg("path", {
        class: cls("whisker"),
        d: whiskerPath(row.whisker),
        "data-testid": "lw-whisker",
        "data-low": String(row.whisker.low),
        "data-high": String(row.whisker.high),
      }),
    );
  }
  group.append(
    svg(
      "text",
      {
        class: cls("value"),
        x: row.valueX,
        y: row.centerY,
        "text-anchor": row.valueAnchor,
        dy: "0.35em",
      },
      row.valueText,
    ),
  );
  if (row.frequency !== null && layout.frequencyX !== null) {
    group.append(
      svg(
        "text",
        {
          class: cls("frequency"),
          x: layout.frequencyX,
          y: row.centerY,
          "text-anchor": "end",
          dy: "0.35em",
          "data-testid": "lw-frequency",
          "data-frequency": String(row.frequency),
        },
        row.frequencyText,
      ),
    );
  }
  return group;
}

function zeroLine(layout: ChartLayout): SVGLineElement {
  return svg("line", {
    class: cls("axis"),
    x1: layout.zeroX,
    x2: layout.zeroX,
    y1: 0,
    y2: layout.height,
  });
}
