/**
 * A scroll box that ends on a row's edge and says when more follows. A cap from the style
 * sheet falls wherever it falls: inside a row, it cuts the row in half, which reads as a
 * broken table (or a clipped line of text) and hides that more rows follow. So the box is
 * shortened to the last row that fits whole, and `data-more` is set while rows lie below its
 * edge: the style sheet shades the edge then (overlay scroll bars show only while scrolling).
 */

import { listen } from "./dom";

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

export interface ScrollBox {
  /** Measure again (the rows changed) and mark whether more follows. */
  fit(): void;
  dispose(): void;
}

/**
 * Keeps `box` ending on a row's edge: `rows()` gives the elements whose bottoms are the row
 * edges, in order (none when the style sheet's cap is a whole number of lines already, as
 * the text box's is: then only `data-more` is kept). Refits whenever `content` resizes
 * (rows re-wrap when the box's width changes); `data-more` follows the scrolling.
 */
export function scrollBox(
  box: HTMLElement,
  content: Element,
  rows: () => readonly Element[] = () => [],
): ScrollBox {
  const markMore = (): void => {
    box.setAttribute("data-more", String(box.scrollTop + box.clientHeight < box.scrollHeight - 1));
  };
  const fit = (): void => {
    // Nothing to measure off a page, or without layout (the unit tests' stand-in DOM).
    if (!box.isConnected || typeof getComputedStyle !== "function") {
      return;
    }
    const edges = rows();
    if (edges.length > 0) {
      // The style sheet's cap, read afresh: rows re-wrap when the cell's width changes.
      box.style.maxHeight = "";
      const cap = Number.parseFloat(getComputedStyle(box).maxHeight);
      // Borders and a sideways scroll bar take their share of the box's height.
      const chrome = box.offsetHeight - box.clientHeight;
      const top = box.getBoundingClientRect().top + box.clientTop - box.scrollTop;
      const bottoms = edges.map((row) => row.getBoundingClientRect().bottom - top);
      const inner = Number.isFinite(cap) ? wholeRowsHeight(bottoms, cap - chrome) : null;
      if (inner !== null) {
        box.style.maxHeight = `${inner + chrome}px`;
      }
    }
    markMore();
  };
  // Fires once the content is laid out, and whenever re-wrapping changes its size.
  const observer = new ResizeObserver(fit);
  observer.observe(content);
  const offScroll = listen(box, "scroll", markMore);
  return {
    fit,
    dispose() {
      observer.disconnect();
      offScroll();
    },
  };
}
