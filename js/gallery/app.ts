/**
 * The gallery: toolbar, legend and virtualised grid kept in step with the kernel (or a saved
 * page's stand-in for it). Cards arrive by push and pull (sync.ts); filters and order are
 * traits, so Python and the page drive the same ones; clicking a card sets `opened`, and the
 * kernel shows that card's live widget beneath the grid (a saved page shows its saved
 * explanation instead, through `detail`). The root carries data-* attributes the browser
 * tests and the benchmark read.
 */

import { cls, html, listen, ROOT_CLASS, setText } from "../util/dom";
import type { Rgb } from "../views/image-regions";
import { parseCssColor } from "../views/image-view";
import {
  type Card,
  EMPTY_META,
  type GalleryMeta,
  type Progress,
  parseGalleryMeta,
  parseThumb,
} from "./card";
import { type CardContext, createCard, drawThumb } from "./card-view";
import { createGrid } from "./grid";
import { ALL, CardSet, isSortKey, type SortKey } from "./model";
import { GallerySync } from "./sync";
import { ThumbStore } from "./thumb";
import { createToolbar } from "./toolbar";

/** What the gallery needs of anywidget's model (a saved page's stand-in has the same). */
export interface GallerySource {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  save_changes(): void;
  send(content: unknown): void;
  on(event: string, callback: (...args: never[]) => void): void;
  off(event: string, callback: (...args: never[]) => void): void;
}

export interface GalleryHooks {
  /** Draw the opened card beneath the grid (a saved page); the kernel's view otherwise. */
  detail?(card: Card, ctx: CardContext): HTMLElement;
  /** Why there is no live view (a saved page). */
  note?: string;
}

export const CARD_WIDTH = 176;
/** Each kind's card height (px), as gallery.css sets it. */
const CARD_HEIGHT: Record<string, number> = { image: 226, text: 204, tabular: 196 };
const GAP = 10;
const MAX_HEIGHT = 620;
const FALLBACK: [Rgb, Rgb] = [
  [0x2b, 0x83, 0xba],
  [0xe6, 0x61, 0x01],
];
const THUMB_RETRY_MS = 3000;

function toInt(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isInteger(v) ? v : fallback;
}

export function mountGallery(
  source: GallerySource,
  container: HTMLElement,
  hooks: GalleryHooks = {},
): () => void {
  const root = html("div", `${ROOT_CLASS} lw-gallery ${cls("gallery")}`, {
    "data-testid": "lw-gallery",
  });
  container.append(root);
  const cards = new CardSet();
  let meta: GalleryMeta = EMPTY_META;
  let progress: Progress | null = null;
  let palette: [Rgb, Rgb] | null = null;
  const requested = new Map<number, number>();

  const colours = (): [Rgb, Rgb] => {
    if (palette === null) {
      const style = getComputedStyle(root);
      palette = [
        parseCssColor(style.getPropertyValue("--lw-positive")) ?? FALLBACK[0],
        parseCssColor(style.getPropertyValue("--lw-negative")) ?? FALLBACK[1],
      ];
    }
    return palette;
  };
  /** The thumbnail frames of `row`: its card's, and the opened view's on a saved page. */
  const framesOf = (row: number): HTMLElement[] => [
    ...root.querySelectorAll<HTMLElement>(`.${cls("card-thumb")}[data-row="${row}"]`),
  ];
  const thumbs = new ThumbStore((row) => {
    const card = cards.get(row);
    for (const frame of card === undefined ? [] : framesOf(row)) {
      drawThumb(frame, card as Card, ctx);
    }
  });
  const ctx: CardContext = {
    get meta() {
      return meta;
    },
    thumbs,
    colours,
  };

  const view = (): { filterPred: number; filterTrue: number; sort: SortKey } => {
    const sort = source.get("sort_by");
    return {
      filterPred: toInt(source.get("filter_pred"), ALL),
      filterTrue: toInt(source.get("filter_true"), ALL),
      sort: isSortKey(sort) ? sort : "row",
    };
  };
  const write = (name: string, value: unknown): void => {
    source.set(name, value);
    source.save_changes();
    refresh();
  };

  const toolbar = createToolbar({
    filterPred: (i) => write("filter_pred", i),
    filterTrue: (i) => write("filter_true", i),
    sort: (key) => write("sort_by", key),
    cancel: () => {
      source.send({ type: "cancel" });
      sync.poke();
    },
  });
  const kindHeight = (): number => CARD_HEIGHT[meta.kind ?? "tabular"] ?? 196;
  let grid = makeGrid();
  const empty = html("div", cls("gallery-empty"), { "data-testid": "lw-gallery-empty" });
  const opening = html("div", cls("gallery-opening"), { "aria-live": "polite" });
  const detail = html("div", cls("gallery-detail"), { "data-testid": "lw-gallery-detail" });
  detail.hidden = true;
  root.append(toolbar.el, empty, grid.el, opening, detail);
  if (hooks.note !== undefined) {
    root.append(html("div", cls("gallery-note"), {}, hooks.note));
  }

  function makeGrid() {
    return createGrid({
      cardWidth: CARD_WIDTH,
      cardHeight: kindHeight(),
      gap: GAP,
      maxHeight: MAX_HEIGHT,
      render: (card) => createCard(card, ctx),
      onOpen: (row) => {
        source.set("opened", row);
        source.save_changes();
        sync.poke();
        showOpened();
      },
      onRendered: (rows, shown) => {
        // set once the cards are in the DOM (a frame after the filter changed), so whoever
        // reads it finds those cards on the page
        root.setAttribute("data-shown", String(shown));
        requestThumbs(rows);
      },
    });
  }

  function requestThumbs(rows: readonly number[]): void {
    if (meta.kind !== "image") {
      return;
    }
    const now = performance.now();
    const wanted = thumbs
      .missing(rows)
      .filter((row) => now - (requested.get(row) ?? Number.NEGATIVE_INFINITY) > THUMB_RETRY_MS);
    for (const row of rows) {
      const card = cards.get(row);
      for (const frame of card === undefined ? [] : framesOf(row)) {
        if (frame.getAttribute("data-ready") === "false") {
          drawThumb(frame, card as Card, ctx); // arrived meanwhile: decode and draw
        }
      }
    }
    if (wanted.length > 0) {
      for (const row of wanted) {
        requested.set(row, now);
      }
      source.send({ type: "thumbs", rows: wanted });
    }
  }

  function showOpened(): void {
    const row = toInt(source.get("opened"), -1);
    grid.setOpened(row);
    root.setAttribute("data-opened", String(row));
    const card = row >= 0 ? cards.get(row) : undefined;
    if (hooks.detail !== undefined) {
      detail.hidden = card === undefined;
      detail.replaceChildren(...(card === undefined ? [] : [hooks.detail(card, ctx)]));
    }
  }

  let lastKind = meta.kind;
  function refresh(): void {
    if (meta.kind !== lastKind) {
      lastKind = meta.kind;
      const next = makeGrid();
      grid.el.replaceWith(next.el);
      grid.dispose();
      grid = next;
    }
    const v = view();
    toolbar.view(v.filterPred, v.filterTrue, v.sort);
    toolbar.classes(meta, cards.classCounts("pred"), cards.classCounts("true"));
    const shown = cards.shown(meta, v);
    grid.setCards(shown);
    toolbar.shown(shown.length, cards.size);
    root.setAttribute("data-cards", String(cards.size));
    empty.hidden = shown.length > 0;
    setText(
      empty,
      cards.size === 0
        ? progress?.status === "running" || progress === null
          ? "Waiting for the first explanation…"
          : "No explanation to show."
        : "No card matches these filters.",
    );
    drawLegend();
    showOpened();
  }

  function drawLegend(): void {
    const legend = toolbar.legend;
    legend.hidden = meta.kind === null;
    const key = `${meta.kind}|${meta.mode}`;
    if (legend.hidden || legend.dataset.key === key) {
      return;
    }
    legend.dataset.key = key;
    const [up, down] =
      meta.mode === "regression"
        ? ["raises the prediction", "lowers the prediction"]
        : ["for the card's class", "against it"];
    const image = meta.kind === "image";
    const swatch = (sign: string): HTMLElement =>
      html("span", cls("swatch", image ? `swatch--ramp-${sign}` : `swatch--${sign}`), {
        "aria-hidden": "true",
      });
    const notes = image
      ? ["stronger tint = larger |weight|", "each card's top K superpixels tinted, the rest plain"]
      : meta.kind === "text"
        ? ["stronger highlight = larger |weight|"]
        : ["the card's strongest features; longer bar = larger |weight|"];
    legend.replaceChildren(
      swatch("positive"),
      html("span", "", {}, up),
      swatch("negative"),
      html("span", "", {}, down),
      ...notes.map((note) => html("span", cls("legend-note"), {}, note)),
    );
  }

  function applyProgress(next: Progress): void {
    progress = next;
    toolbar.progress(next);
    root.setAttribute("data-status", next.status);
    root.setAttribute("data-done", String(next.done));
    root.setAttribute("data-total", String(next.total));
    root.setAttribute("data-assessing", String(next.assessing));
    const text =
      next.open_error ??
      (next.opening >= 0 ? `Opening row ${next.opening}: re-deriving its samples…` : "");
    setText(opening, text);
    opening.hidden = text === "" || hooks.detail !== undefined;
    if (cards.size === 0) {
      refresh();
    }
  }

  const sync = new GallerySync({
    send: (message) => source.send(message),
    cards: (list) => {
      if (cards.apply(list).length > 0) {
        refresh();
      }
    },
    meta: (next) => {
      if (JSON.stringify(next) !== JSON.stringify(meta)) {
        meta = next;
        refresh();
      }
    },
    progress: applyProgress,
    reject: (message) => console.warn(`lime-widget gallery: a card was dropped: ${message}`),
  });

  const onMessage = (content: unknown): void => {
    if (sync.receive(content)) {
      return;
    }
    const m = content as { type?: unknown; thumbs?: unknown } | null;
    if (m?.type === "thumbs" && typeof m.thumbs === "object" && m.thumbs !== null) {
      const rows: number[] = [];
      for (const [key, raw] of Object.entries(m.thumbs)) {
        const parsed = parseThumb(raw, `thumbs[${key}]`);
        if (parsed.ok) {
          thumbs.put(Number(key), parsed.value);
          rows.push(Number(key));
        }
      }
      for (const row of rows) {
        requested.delete(row);
      }
      requestThumbs(rows);
    }
  };
  const onMeta = (): void => {
    const parsed = parseGalleryMeta(source.get("meta"));
    if (parsed.ok && JSON.stringify(parsed.value) !== JSON.stringify(meta)) {
      meta = parsed.value;
      refresh();
    }
  };
  const onProgress = (): void => sync.applyProgress(source.get("progress"));
  const onView = (): void => refresh();
  const onOpened = (): void => {
    sync.poke();
    showOpened();
  };
  const offFocus = listen(root, "focusin", (event) => {
    // Keys pressed in the gallery are its own (JupyterLab / Notebook 7 shortcuts skip these).
    if (event.target instanceof Element) {
      event.target.setAttribute("data-lm-suppress-shortcuts", "true");
    }
  });

  source.on("msg:custom", onMessage);
  source.on("change:meta", onMeta);
  source.on("change:progress", onProgress);
  source.on("change:opened", onOpened);
  for (const name of ["filter_pred", "filter_true", "sort_by"]) {
    source.on(`change:${name}`, onView);
  }
  onMeta();
  onProgress();
  refresh();
  sync.start();

  return () => {
    sync.dispose();
    grid.dispose();
    toolbar.dispose();
    offFocus();
    source.off("msg:custom", onMessage);
    source.off("change:meta", onMeta);
    source.off("change:progress", onProgress);
    source.off("change:opened", onOpened);
    for (const name of ["filter_pred", "filter_true", "sort_by"]) {
      source.off(`change:${name}`, onView);
    }
    root.remove();
  };
}
