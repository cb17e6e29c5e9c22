/**
 * The virtualised grid: a scroller as tall as every card would be, and in it only the cards
 * on screen (plus a few rows around), each a button. Scrolling re-renders once per frame,
 * reusing the buttons already made. One card is in the tab order (the current one); arrow
 * keys, Home/End and PageUp/PageDown move it, scrolling it into view; Enter or Space opens it.
 */

import { cls, html, listen } from "../util/dom";
import type { Card } from "./card";
import { type GridSize, gridWindow, nextIndex, scrollToShow } from "./layout";

export interface GridOptions {
  cardWidth: number;
  cardHeight: number;
  gap: number;
  /** The scroller's greatest height (px); a grid that needs less is not scrolled. */
  maxHeight: number;
  render(card: Card): HTMLElement;
  onOpen(row: number): void;
  /** The rows now in the DOM and how many cards the grid holds (after each render). */
  onRendered?(rows: number[], cards: number): void;
}

export interface Grid {
  readonly el: HTMLElement;
  /** The cards to show, in order. */
  setCards(cards: readonly Card[]): void;
  /** Mark the opened card. */
  setOpened(row: number): void;
  /** Number of buttons in the DOM (the benchmark reads it). */
  rendered(): number;
  dispose(): void;
}

export function createGrid(options: GridOptions): Grid {
  const el = html("div", cls("grid-scroller"), {
    "data-testid": "lw-gallery-grid",
    role: "group",
    "aria-label": "explanations: arrow keys move between cards, Enter opens one",
  });
  const spacer = html("div", cls("grid-spacer"));
  const win = html("div", cls("grid-window"));
  spacer.append(win);
  el.append(spacer);

  let cards: readonly Card[] = [];
  let opened = -1;
  let current = 0;
  let frame: number | null = null;
  let disposed = false;
  const made = new Map<number, { card: Card; el: HTMLElement }>();
  const rowHeight = options.cardHeight + options.gap;

  const size = (): GridSize => ({
    width: el.clientWidth,
    cardWidth: options.cardWidth,
    rowHeight,
    gap: options.gap,
  });

  const button = (card: Card): HTMLElement => {
    const hit = made.get(card.row);
    if (hit !== undefined && hit.card === card) {
      return hit.el;
    }
    const fresh = options.render(card);
    made.set(card.row, { card, el: fresh });
    return fresh;
  };

  const render = (): void => {
    frame = null;
    if (disposed) {
      return;
    }
    const started = performance.now();
    const viewport = el.clientHeight || options.maxHeight;
    const w = gridWindow(cards.length, size(), el.scrollTop, viewport);
    spacer.style.height = `${w.height}px`;
    el.style.height = `${Math.min(options.maxHeight, w.height + 2)}px`;
    win.style.top = `${w.top}px`;
    win.style.gridTemplateColumns = `repeat(${w.columns}, ${options.cardWidth}px)`;
    el.setAttribute("data-columns", String(w.columns));
    const focused = document.activeElement;
    const shown: HTMLElement[] = [];
    const keep = new Set<number>();
    for (let i = w.first; i < w.last; i++) {
      const card = cards[i];
      if (card === undefined) {
        continue;
      }
      const b = button(card);
      b.setAttribute("data-index", String(i));
      b.setAttribute("aria-pressed", String(card.row === opened));
      b.classList.toggle("lw-card--open", card.row === opened);
      shown.push(b);
      keep.add(card.row);
    }
    const tabbable = current >= w.first && current < w.last ? current : w.first;
    for (const b of shown) {
      b.tabIndex = Number(b.getAttribute("data-index")) === tabbable ? 0 : -1;
    }
    const same =
      win.children.length === shown.length && shown.every((b, i) => win.children[i] === b);
    if (!same) {
      win.replaceChildren(...shown);
      if (focused instanceof HTMLElement && shown.includes(focused)) {
        focused.focus({ preventScroll: true });
      }
    }
    for (const row of [...made.keys()]) {
      if (!keep.has(row)) {
        made.delete(row);
      }
    }
    options.onRendered?.([...keep], cards.length);
    // what the benchmark reads: this render's own time (ms)
    el.setAttribute("data-render-ms", (performance.now() - started).toFixed(2));
  };

  const schedule = (): void => {
    if (frame === null && !disposed) {
      frame = requestAnimationFrame(render);
    }
  };

  const focusIndex = (index: number): void => {
    current = index;
    const viewport = el.clientHeight || options.maxHeight;
    const columns = Number(el.getAttribute("data-columns")) || 1;
    el.scrollTop = scrollToShow(index, columns, rowHeight, el.scrollTop, viewport);
    render();
    const target = win.querySelector<HTMLElement>(`[data-index="${index}"]`);
    target?.focus({ preventScroll: true });
  };

  const cardOf = (target: EventTarget | null): HTMLElement | null =>
    target instanceof HTMLElement ? target.closest<HTMLElement>(".lw-card") : null;

  const resize = new ResizeObserver(() => schedule());
  resize.observe(el);
  const off = [
    listen(el, "scroll", schedule),
    listen(el, "click", (event) => {
      const card = cardOf(event.target);
      if (card !== null) {
        current = Number(card.getAttribute("data-index"));
        options.onOpen(Number(card.getAttribute("data-row")));
      }
    }),
    listen(el, "focusin", (event) => {
      const card = cardOf(event.target);
      if (card !== null) {
        current = Number(card.getAttribute("data-index"));
      }
    }),
    listen(el, "keydown", (event) => {
      const card = cardOf(event.target);
      if (card === null) {
        return;
      }
      const columns = Number(el.getAttribute("data-columns")) || 1;
      const pageRows = Math.max(1, Math.floor((el.clientHeight || options.maxHeight) / rowHeight));
      const next = nextIndex(
        Number(card.getAttribute("data-index")),
        event.key,
        columns,
        cards.length,
        pageRows,
      );
      if (next !== null) {
        event.preventDefault();
        event.stopPropagation();
        focusIndex(next);
      }
    }),
  ];

  return {
    el,
    setCards(next) {
      cards = next;
      current = Math.min(current, Math.max(0, cards.length - 1));
      schedule();
    },
    setOpened(row) {
      opened = row;
      schedule();
    },
    rendered: () => win.children.length,
    dispose() {
      disposed = true;
      if (frame !== null) {
        cancelAnimationFrame(frame);
      }
      resize.disconnect();
      for (const f of off) {
        f();
      }
    },
  };
}
