/**
 * Above the grid: the run's progress ("12 of 50 explained") with a Cancel button, the
 * filters by predicted and true class (each class with its number of cards), the order,
 * the number of cards shown, and for images the tint's legend (the single view's swatches).
 */

import { cls, html, listen, setText } from "../util/dom";
import { formatCount } from "../util/format";
import { className, type GalleryMeta, type Progress } from "./card";
import { ALL, type ClassCount, SORTS, type SortKey } from "./model";

export interface ToolbarHandlers {
  filterPred(index: number): void;
  filterTrue(index: number): void;
  sort(key: SortKey): void;
  cancel(): void;
}

export interface Toolbar {
  readonly el: HTMLElement;
  readonly legend: HTMLElement;
  progress(progress: Progress | null): void;
  classes(meta: GalleryMeta, pred: ClassCount[], truth: ClassCount[]): void;
  view(filterPred: number, filterTrue: number, sort: SortKey): void;
  shown(shown: number, of: number): void;
  dispose(): void;
}

/** "12 of 50 explained", "50 explained · assessing stability of 3", "cancelled: 12 of 50…". */
export function progressText(progress: Progress | null): string {
  if (progress === null) {
    return "waiting for the kernel…";
  }
  const { done, total, assessing, status } = progress;
  const count = `${formatCount(done)} of ${formatCount(total)} explained`;
  const tail = assessing > 0 ? ` · assessing the stability of ${formatCount(assessing)}` : "";
  switch (status) {
    case "running":
      return `${count}${tail}`;
    case "cancelled":
      return `cancelled: ${count}${tail}`;
    case "error":
      return `stopped by an error: ${count}${tail}`;
    default:
      return `${formatCount(done)} explained${tail}`;
  }
}

function select(className: string, label: string): [HTMLLabelElement, HTMLSelectElement] {
  const wrap = html("label", cls("gallery-field"));
  const el = html("select", `${className} ${cls("select")}`, { "data-testid": className });
  wrap.append(html("span", cls("gallery-field-name"), {}, label), el);
  return [wrap, el];
}

function fillClasses(
  el: HTMLSelectElement,
  meta: GalleryMeta,
  counts: ClassCount[],
  value: number,
): void {
  const key = JSON.stringify([meta.class_names, counts]);
  if (el.dataset.key !== key) {
    el.dataset.key = key;
    const total = counts.reduce((sum, c) => sum + c.count, 0);
    el.replaceChildren(
      html("option", "", { value: ALL }, `all (${formatCount(total)})`),
      ...counts.map((c) =>
        html(
          "option",
          "",
          { value: c.index },
          `${className(meta, c.index)} (${formatCount(c.count)})`,
        ),
      ),
    );
  }
  const wanted = String(value);
  if ([...el.options].some((o) => o.value === wanted)) {
    el.value = wanted;
  } else {
    // a class with no card (yet): keep the filter, say so
    el.append(html("option", "", { value }, `${className(meta, value)} (0)`));
    el.value = wanted;
  }
}

export function createToolbar(handlers: ToolbarHandlers): Toolbar {
  const el = html("div", cls("gallery-bar"));
  const status = html("div", cls("gallery-status"));
  const text = html("span", `lw-gallery-progress ${cls("gallery-progress")}`, {
    "data-testid": "lw-gallery-progress",
    role: "status",
    "aria-live": "polite",
  });
  const bar = html("progress", cls("gallery-meter"), { max: 1, value: 0, "aria-hidden": "true" });
  const cancel = html(
    "button",
    `lw-gallery-cancel ${cls("button")}`,
    { type: "button", "data-testid": "lw-gallery-cancel" },
    "Cancel",
  );
  cancel.hidden = true;
  status.append(text, bar, cancel);

  const controls = html("div", cls("gallery-controls"));
  const [predWrap, pred] = select("lw-gallery-filter-pred", "predicted");
  const [trueWrap, truth] = select("lw-gallery-filter-true", "true class");
  const [sortWrap, sort] = select("lw-gallery-sort", "sort by");
  sort.append(...SORTS.map((s) => html("option", "", { value: s.key }, s.label)));
  trueWrap.hidden = true;
  const count = html("span", cls("gallery-count"), { "data-testid": "lw-gallery-count" });
  controls.append(predWrap, trueWrap, sortWrap, count);
  const legend = html("div", cls("legend", "gallery-legend"), {
    "data-testid": "lw-gallery-legend",
  });
  legend.hidden = true;
  el.append(status, controls, legend);

  const off = [
    listen(pred, "change", () => handlers.filterPred(Number(pred.value))),
    listen(truth, "change", () => handlers.filterTrue(Number(truth.value))),
    listen(sort, "change", () => handlers.sort(sort.value as SortKey)),
    listen(cancel, "click", () => {
      cancel.disabled = true;
      setText(cancel, "Cancelling…");
      handlers.cancel();
    }),
  ];
  let view = { filterPred: ALL, filterTrue: ALL };

  return {
    el,
    legend,
    progress(progress) {
      setText(text, progressText(progress));
      const running = progress?.status === "running";
      cancel.hidden = !running;
      if (!running) {
        cancel.disabled = false;
        setText(cancel, "Cancel");
      }
      bar.hidden = !running;
      bar.max = Math.max(1, progress?.total ?? 1);
      bar.value = progress?.done ?? 0;
      el.setAttribute("data-status", progress?.status ?? "waiting");
    },
    classes(meta, predCounts, trueCounts) {
      fillClasses(pred, meta, predCounts, view.filterPred);
      trueWrap.hidden = trueCounts.length === 0 && view.filterTrue === ALL;
      fillClasses(truth, meta, trueCounts, view.filterTrue);
      predWrap.hidden = meta.mode === "regression";
    },
    view(filterPred, filterTrue, sortKey) {
      view = { filterPred, filterTrue };
      if (pred.value !== String(filterPred) && pred.options.length > 0) {
        pred.value = String(filterPred);
      }
      if (truth.value !== String(filterTrue) && truth.options.length > 0) {
        truth.value = String(filterTrue);
      }
      sort.value = sortKey;
    },
    shown(n, of) {
      setText(
        count,
        n === of ? `${formatCount(of)} cards` : `showing ${formatCount(n)} of ${formatCount(of)}`,
      );
    },
    dispose() {
      for (const f of off) {
        f();
      }
    },
  };
}
