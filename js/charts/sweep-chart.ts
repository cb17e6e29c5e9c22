/**
 * The kernel-width view: how the shown features' weights and the weighted R² change with the
 * kernel width, refitted by the kernel on the cached samples (no model calls). A click, or
 * Left/Right/Home/End on the focused chart, picks a width from the kernel's grid — unless
 * the width cannot change (a reopened notebook without saved fits): then it is read only.
 *
 * The kernel sends the sweep only once it is idle. Meanwhile the last sweep stays: as is if
 * only the kernel width moved (the curves are still true for these samples, the marker
 * follows), dimmed otherwise — hiding it at every slider move would make the page jump.
 */

import type { Params } from "../contract/params";
import { cls, html, type Ids, listen, setAttributes, setText, svg, type View } from "../util/dom";
import {
  formatCount,
  formatNumber,
  formatR2,
  formatShare,
  plural,
  roundSignificant,
} from "../util/format";
import { type HeldSweep, sweepRelation } from "../view-model/held-sweep";
import { drawLegend, drawSweep } from "./sweep-draw";
import {
  layoutSweep,
  nearestIndex,
  type SweepLayout,
  stepIndex,
  sweepFrame,
  widthAt,
} from "./sweep-layout";

const SWEEP_ABOUT =
  "How the weights and the fit change with the kernel width (from the cached samples, " +
  "no model calls).";
export const SWEEP_CAPTION = `${SWEEP_ABOUT} Click to choose a width.`;
/** The readout while the pointer is elsewhere: how to use the chart. */
export const SWEEP_HINT =
  "Point at a width to read it; click, or focus and press ← →, to choose it.";
/** The same, when the width cannot change (`locked`). */
export const SWEEP_READ_ONLY_HINT = "Point at a width to read it.";
const FALLBACK_WIDTH = 640;

export interface SweepInput {
  held: HeldSweep | null;
  /** Parameters of the explanation on screen (the marker sits at their kernel width). */
  params: Params | null;
  /** Samples the shown fit used, for the effective-sample shading. */
  nSamples: number;
  /** The kernel is collecting: whatever is drawn is about to change. */
  busy: boolean;
}

export interface SweepOptions {
  /** The kernel width the user asked for last (keys step from it, not from the shown one). */
  asked(): number;
  /** Ask for a kernel width; `commit` when the gesture is complete (a click). */
  pick(width: number, commit: boolean): void;
  /** The kernel-width slider's range: picks are kept inside it. */
  range: readonly [number, number];
  /** Makes the id of the low-ESS hatch pattern (the view's, see createIds). */
  ids: Ids;
  /** A feature's name for the legend (positional text: "boring (word 12)"). */
  name?(id: number, name: string): string;
  /** Why no width can be chosen (the kernel-width control is off); null or absent: it can. */
  locked?: string | null;
}

export function createSweep(options: SweepOptions): View<SweepInput> {
  const locked = options.locked ?? null;
  const el = html("section", cls("sweep-panel"));
  const heading = html("div", cls("sweep-title"), {}, "Kernel width");
  const caption = html(
    "div",
    cls("caption"),
    {},
    locked === null ? SWEEP_CAPTION : `${SWEEP_ABOUT} ${locked}`,
  );
  const legend = html("div", cls("legend", "sweep-legend"));
  const box = html("div", cls("chart-box"));
  const chart = svg(
    "svg",
    locked === null
      ? {
          class: cls("chart", "sweep"),
          "data-testid": "lw-sweep",
          tabindex: 0,
          role: "slider",
          "aria-label": "Kernel width: use Left and Right to step along the sweep",
          "aria-orientation": "horizontal",
        }
      : {
          class: cls("chart", "sweep"),
          "data-testid": "lw-sweep",
          role: "img",
          "aria-label": `Kernel width sweep. ${locked}`,
        },
  );
  const hint = locked === null ? SWEEP_HINT : SWEEP_READ_ONLY_HINT;
  const readout = html("div", cls("sweep-readout"), { "data-testid": "lw-sweep-readout" });
  box.append(chart);
  el.append(heading, caption, legend, box, readout);
  el.hidden = true;

  const hatchId = options.ids("hatch");
  const marker = svg("line", { class: cls("sweep-marker"), "data-testid": "lw-sweep-marker" });
  const markerLabel = svg("text", { class: cls("marker-label"), "text-anchor": "middle" });
  const guide = svg("line", { class: cls("sweep-guide"), visibility: "hidden" });

  let input: SweepInput | null = null;
  let layout: SweepLayout | null = null;
  let drawn: { held: HeldSweep; width: number; nSamples: number } | null = null;
  let hover: number | null = null;

  const [min, max] = options.range;
  const clampWidth = (w: number): number => Math.min(max, Math.max(min, w));

  const redraw = (held: HeldSweep, nSamples: number): void => {
    const frame = sweepFrame(box.clientWidth || FALLBACK_WIDTH);
    const laid = layoutSweep(held.sweep, held.params.kernel_width, nSamples, frame);
    const rename = options.name;
    layout =
      rename === undefined
        ? laid
        : { ...laid, lines: laid.lines.map((l) => ({ ...l, name: rename(l.id, l.name) })) };
    drawn = { held, width: box.clientWidth, nSamples };
    const widths = held.sweep.widths;
    setAttributes(chart, {
      viewBox: `0 0 ${frame.width} ${frame.height}`,
      width: frame.width,
      height: frame.height,
      "aria-valuemin": locked === null ? (widths[0] ?? null) : null,
      "aria-valuemax": locked === null ? (widths[widths.length - 1] ?? null) : null,
    });
    setAttributes(marker, { y1: frame.top, y2: frame.bottom });
    markerLabel.setAttribute("y", String(frame.top - 2));
    setAttributes(guide, { y1: frame.top, y2: frame.bottom });
    chart.replaceChildren(...drawSweep(layout, hatchId), marker, markerLabel, guide);
    drawLegend(legend, layout);
  };

  const describeAt = (i: number): string => {
    const sweep = drawn?.held.sweep;
    if (sweep === undefined) {
      return "";
    }
    const ess = sweep.ess[i] ?? 0;
    const n = drawn?.nSamples ?? 0;
    const share = n > 0 ? ` (${formatShare(Math.min(1, ess / n))})` : "";
    const count = Math.round(ess);
    return (
      `width ${formatNumber(sweep.widths[i] ?? 0)}: weighted R² ${formatR2(sweep.score[i] ?? null)}` +
      ` · ≈ ${formatCount(count)} effective ${plural(count, "sample")}${share}`
    );
  };

  const place = (): void => {
    if (input === null || layout === null || drawn === null) {
      return;
    }
    const width = input.params?.kernel_width ?? drawn.held.params.kernel_width;
    const x = layout.x(width);
    setAttributes(marker, { x1: x, x2: x, "data-width": String(width) });
    markerLabel.setAttribute("x", String(x));
    setText(markerLabel, formatNumber(width));
    if (locked === null) {
      setAttributes(chart, {
        "aria-valuenow": width,
        "aria-valuetext": `kernel width ${formatNumber(width)}`,
      });
    }
    setText(readout, hover === null ? hint : describeAt(hover));
  };

  const update = (next: SweepInput): void => {
    input = next;
    if (next.held === null) {
      el.hidden = true;
      drawn = null;
      layout = null;
      return;
    }
    el.hidden = false;
    if (
      drawn === null ||
      drawn.held !== next.held ||
      drawn.nSamples !== next.nSamples ||
      drawn.width !== box.clientWidth
    ) {
      redraw(next.held, next.nSamples);
    }
    const stale = next.busy || sweepRelation(next.held, next.params) === "other";
    chart.classList.toggle(cls("sweep--stale"), stale);
    chart.setAttribute("data-stale", String(stale));
    place();
  };

  const toUser = (event: MouseEvent): number => {
    const rect = chart.getBoundingClientRect();
    const frameWidth = layout?.frame.width ?? rect.width;
    return rect.width > 0 ? ((event.clientX - rect.left) * frameWidth) / rect.width : 0;
  };

  const offClick = listen(chart, "click", (event) => {
    if (layout !== null && locked === null) {
      options.pick(clampWidth(widthAt(layout.widths, layout.frame, toUser(event))), true);
    }
  });
  const offMove = listen(chart, "pointermove", (event) => {
    if (layout === null) {
      return;
    }
    const width = widthAt(layout.widths, layout.frame, toUser(event));
    hover = nearestIndex(layout.widths, width);
    const x = layout.x(layout.widths[hover] ?? width);
    setAttributes(guide, { x1: x, x2: x, visibility: "visible" });
    place();
  });
  const offLeave = listen(chart, "pointerleave", () => {
    hover = null;
    guide.setAttribute("visibility", "hidden");
    place();
  });
  const offKey = listen(chart, "keydown", (event) => {
    if (layout === null || locked !== null) {
      return;
    }
    const widths = layout.widths;
    const current = options.asked();
    const last = widths.length - 1;
    const target =
      event.key === "ArrowRight" || event.key === "ArrowUp"
        ? stepIndex(widths, current, 1)
        : event.key === "ArrowLeft" || event.key === "ArrowDown"
          ? stepIndex(widths, current, -1)
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? last
              : null;
    if (target === null) {
      return;
    }
    // The page would scroll, and JupyterLab's command mode would move the cell selection.
    event.preventDefault();
    event.stopPropagation();
    hover = target;
    options.pick(clampWidth(roundSignificant(widths[target] ?? current, 4)), false);
    place();
  });
  const offBlur = listen(chart, "blur", () => {
    hover = null;
    place();
  });

  const observer = new ResizeObserver(() => {
    if (
      input !== null &&
      drawn !== null &&
      box.clientWidth !== drawn.width &&
      box.clientWidth > 0
    ) {
      update(input);
    }
  });
  observer.observe(box);

  return {
    el,
    update,
    dispose() {
      offClick();
      offMove();
      offLeave();
      offKey();
      offBlur();
      observer.disconnect();
    },
  };
}
