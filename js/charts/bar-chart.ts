/**
 * The weights chart view: one signed horizontal bar per explanation feature, drawn as SVG
 * from `layoutBars` (bar-layout.ts), with the diagnostics' 90 % whiskers and top-K
 * frequencies when they are fresh. It re-lays out to the cell's width so text stays at its
 * natural size in narrow and wide cells. Each bar is focusable; hovering or focusing one
 * reports its feature id (the image view brings out that superpixel), and `highlight` lights
 * the bar of a feature another view points at. The scale never shrinks below a share of the
 * model output's scale, and when every weight is negligible the chart says so in words.
 */

import type { Explanation } from "../contract/explanation";
import type { Meta } from "../contract/meta";
import { cls, html, listen, ROOT_CLASS, setText, svg, type View } from "../util/dom";
import { formatPrediction, formatShort, shortenLabel } from "../util/format";
import { scrollBox } from "../util/scroll-box";
import { frequencyById, intervalsById, type Shown } from "../view-model/shown";
import { featureLabel, signalOf } from "../view-model/trust";
import {
  type BarInput,
  type BarRow,
  type ChartLayout,
  FALLBACK_WIDTH,
  layoutBars,
  layoutOptions,
  whiskerPath,
} from "./bar-layout";
import { legendWords, noSignalText, outputName } from "./bar-words";

export { outputName };

/** Elements other views own, placed beside the title and under the chart. */
export interface ChartSlots {
  head?: HTMLElement;
  foot?: HTMLElement;
}

/**
 * Bars with what the diagnostics know about each feature (nothing when they are absent);
 * `meta` gives positional text its readable names ("boring (word 12)").
 */
export function barInputs(shown: Shown, meta?: Meta): BarInput[] {
  const intervals = intervalsById(shown.diagnostics);
  const frequencies = frequencyById(shown.diagnostics);
  return shown.explanation.features.map((f) => {
    const interval = intervals.get(f.id);
    const label = meta === undefined ? f.name : featureLabel(meta, f.id, f.name);
    return {
      id: f.id,
      name: f.name,
      ...(label === f.name ? {} : { label }),
      value: f.value,
      weight: f.weight,
      interval: interval === undefined ? null : [interval.low, interval.high],
      frequency: frequencies.get(f.id) ?? null,
    };
  });
}

/** "Why benign? (p = 0.93)" in classification, "Why is the prediction 252.1?" in regression. */
export function chartTitle(meta: Meta, explanation: Explanation): string {
  const name = outputName(meta, explanation.label);
  const output = meta.predict_proba[explanation.label] ?? explanation.model_pred;
  if (meta.mode === "regression") {
    const prediction = meta.predict_proba[0] ?? explanation.model_pred;
    return prediction === null
      ? "Why this prediction?"
      : `Why is the prediction ${formatPrediction(prediction)}?`;
  }
  return output === null ? `Why ${name}?` : `Why ${name}? (p = ${formatShort(output)})`;
}

/** The chart view; `highlight` lights the bar of feature `id` (null: none). */
export interface ChartView extends View<Shown | null> {
  highlight(id: number | null): void;
}

/** The feature id of the bar (row group) holding `target`, if any. */
function rowId(target: EventTarget | null): number | null {
  const row =
    target !== null && typeof (target as Element).closest === "function"
      ? (target as Element).closest("[data-feature-id]")
      : null;
  const id = row === null ? null : Number(row.getAttribute("data-feature-id"));
  return id === null || !Number.isInteger(id) ? null : id;
}

/**
 * The chart view. `onRender` runs after each draw (the widget stamps data-rendered-at);
 * `onHighlight` hears the feature id of the bar under the pointer or with the focus (null
 * when neither).
 */
export function createChart(
  meta: Meta,
  onRender: () => void,
  slots: ChartSlots = {},
  onHighlight: (id: number | null) => void = () => {},
): ChartView {
  const el = html("div", cls("chart-panel"));
  const head = html("div", cls("chart-head"));
  const title = html("div", cls("chart-title"));
  head.append(title);
  if (slots.head !== undefined) {
    head.append(slots.head);
  }
  const legend = html("div", cls("legend"));
  const noSignal = html("div", cls("no-signal"), { "data-testid": "lw-no-signal", role: "status" });
  noSignal.hidden = true;
  const box = html("div", cls("chart-box"));
  const chart = svg("svg", { class: cls("chart"), "data-testid": "lw-chart" });
  box.append(chart);
  el.append(head, legend, noSignal, box);
  if (slots.foot !== undefined) {
    el.append(slots.foot);
  }

  let current: Shown | null = null;
  let drawnWidth = 0;
  /** The bar under the pointer, the focused bar, and the feature another view points at. */
  let pointed: number | null = null;
  let focused: number | null = null;
  let linked: number | null = null;

  const light = (): void => {
    const on = pointed ?? focused ?? linked;
    let found = false;
    for (const row of chart.querySelectorAll(`.${ROOT_CLASS}__row`)) {
      const lit = on !== null && row.getAttribute("data-feature-id") === String(on);
      row.classList.toggle(`${ROOT_CLASS}__row--lit`, lit);
      found ||= lit;
    }
    if (found) {
      chart.setAttribute("data-highlight", String(on));
    } else {
      chart.removeAttribute("data-highlight");
    }
  };
  const local = (): number | null => pointed ?? focused;
  const setLocal = (change: () => void): void => {
    const before = local();
    change();
    if (local() !== before) {
      onHighlight(local());
    }
    light();
  };

  const draw = (): void => {
    // A redraw replaces the bars: a focused bar keeps the focus in its new element.
    const active = typeof document === "undefined" ? null : document.activeElement;
    const refocus = active != null && chart.contains(active) ? rowId(active) : null;
    drawnWidth = box.clientWidth;
    const bars = current === null ? [] : barInputs(current, meta);
    const withFrequency = bars.some((b) => b.frequency != null);
    // Never narrower than a share of the output's scale: negligible weights stay slivers.
    const floor = current === null ? 0 : signalOf(meta, current.explanation).floor;
    const options = layoutOptions(drawnWidth || FALLBACK_WIDTH, withFrequency);
    const layout = layoutBars(bars, options, floor);
    sizeChart(chart, layout);
    chart.setAttribute("data-stacked", String(layout.stacked));
    if (current === null || bars.length === 0) {
      const text = current === null ? "waiting for the first explanation…" : "no features";
      chart.replaceChildren(
        svg("text", { class: cls("placeholder"), x: 8, y: layout.rowHeight / 2 }, text),
      );
    } else {
      chart.replaceChildren(...layout.rows.map((row) => drawRow(row, layout)), zeroLine(layout));
      fitLabels(chart, layout.labelRoom);
      if (refocus !== null) {
        chart.querySelector<SVGGElement>(`[data-feature-id="${refocus}"]`)?.focus({
          preventScroll: true,
        });
      }
    }
    light();
    onRender();
  };

  const unlisten = [
    listen(chart, "pointerover", (event) => setLocal(() => (pointed = rowId(event.target)))),
    listen(chart, "pointerleave", () => setLocal(() => (pointed = null))),
    listen(chart, "focusin", (event) => setLocal(() => (focused = rowId(event.target)))),
    listen(chart, "focusout", (event) => {
      // Tabbing from bar to bar: the next bar's focusin follows, keep the light on meanwhile.
      const next = event.relatedTarget as Node | null;
      setLocal(() => (focused = next !== null && chart.contains(next) ? rowId(next) : null));
    }),
  ];

  const observer = new ResizeObserver(() => {
    if (box.clientWidth !== drawnWidth && box.clientWidth > 0) {
      draw();
    }
  });
  observer.observe(box);
  // Many bars scroll: the box ends on a row's edge (each row's band spans its full height),
  // and shades its bottom while rows follow.
  const scroller = scrollBox(box, chart, () => [...chart.querySelectorAll(`.${ROOT_CLASS}__row`)]);

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
      const words = shown === null ? null : noSignalText(meta, signalOf(meta, shown.explanation));
      noSignal.hidden = words === null;
      setText(noSignal, words ?? "");
      chart.setAttribute("data-signal", words === null ? "some" : "none");
      draw();
    },
    highlight(id) {
      linked = id;
      light();
    },
    dispose() {
      observer.disconnect();
      scroller.dispose();
      for (const off of unlisten) {
        off();
      }
    },
  };
}

function sizeChart(chart: SVGSVGElement, layout: ChartLayout): void {
  chart.setAttribute("viewBox", `0 0 ${layout.width} ${layout.height}`);
  chart.setAttribute("width", String(layout.width));
  chart.setAttribute("height", String(layout.height));
}

function setLegend(legend: HTMLElement, meta: Meta, shown: Shown): void {
  const [up, down] = legendWords(meta, shown.explanation.label);
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
  // Swatch and words in one unbreakable item: a narrow cell never wraps between them.
  const item = (swatch: string, words: string): HTMLElement => {
    const el = html("span", cls("legend-item"));
    el.append(
      html("span", cls("swatch", swatch), { "aria-hidden": "true" }),
      html("span", "", {}, words),
    );
    return el;
  };
  legend.replaceChildren(item("swatch--positive", up), item("swatch--negative", down));
  if (whiskers) {
    legend.append(item("swatch--whisker", `90 % interval over ${refits}`));
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
    const full = label.textContent ?? "";
    let keep = Array.from(full).length;
    while (keep > 1 && label.getComputedTextLength() > room - 2) {
      keep -= 1;
      // Cut the name, keep the threshold ("worst co… > 0.16").
      label.textContent = shortenLabel(full, keep);
    }
  }
}

function drawRow(row: BarRow, layout: ChartLayout): SVGGElement {
  const group = svg("g", {
    class: cls("row"),
    "data-testid": "lw-bar",
    "data-name": row.name,
    "data-weight": String(row.weight),
    "data-feature-id": row.id,
    // Focusable, so keyboard users reach each bar's words and its linked region.
    tabindex: 0,
    role: "img",
    "aria-label": row.hover,
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
      {
        class: cls("label"),
        x: layout.labelX,
        y: row.labelY,
        "text-anchor": layout.labelAnchor,
        dy: "0.35em",
      },
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

function zeroLine(layout: ChartLayout): SVGPathElement {
  const x = Math.round(layout.zeroX * 10) / 10;
  return svg("path", {
    class: cls("axis"),
    d: layout.axis.map(([y1, y2]) => `M${x} ${y1}V${y2}`).join(""),
  });
}
