import { describe, expect, it } from "vitest";
import { columnsFor, gridWindow, nextIndex, scrollToShow } from "./layout";

const size = { width: 760, cardWidth: 176, rowHeight: 206, gap: 10 };

describe("the grid's geometry", () => {
  it("fits as many columns as the width holds, at least one", () => {
    expect(columnsFor(size)).toBe(4); // 4 x 176 + 3 x 10 = 734 <= 760
    expect(columnsFor({ ...size, width: 733 })).toBe(3);
    expect(columnsFor({ ...size, width: 0 })).toBe(1);
  });

  it("puts only the rows on screen, and a few around them, in the DOM", () => {
    // 1,000 cards in 4 columns: 250 rows, 51,500 px
    const top = gridWindow(1000, size, 0, 600);
    expect(top).toEqual({ columns: 4, first: 0, last: 20, top: 0, height: 51500 });
    const middle = gridWindow(1000, size, 20600, 600); // row 100 at the top
    expect(middle.first).toBe(98 * 4);
    expect(middle.last).toBe(105 * 4);
    expect(middle.top).toBe(98 * 206);
    expect(middle.last - middle.first).toBeLessThan(40);
    const end = gridWindow(1000, size, 1e9, 600); // scrolled past the end: clamped
    expect(end.last).toBe(1000);
    expect(end.first).toBeLessThan(1000);
  });

  it("handles no card and a last row that is not full", () => {
    expect(gridWindow(0, size, 0, 600)).toEqual({
      columns: 4,
      first: 0,
      last: 0,
      top: 0,
      height: 0,
    });
    expect(gridWindow(5, size, 0, 600)).toMatchObject({ first: 0, last: 5, height: 412 });
  });

  it("scrolls as little as needed to show a card whole", () => {
    expect(scrollToShow(0, 4, 206, 300, 600)).toBe(0); // above: its row's top
    expect(scrollToShow(4, 4, 206, 0, 600)).toBe(0); // already whole on screen
    expect(scrollToShow(12, 4, 206, 0, 600)).toBe(4 * 206 - 600); // below: its row's bottom
  });
});

describe("keys", () => {
  it("move by one card, one row, a page, or to the ends", () => {
    expect(nextIndex(5, "ArrowRight", 4, 10)).toBe(6);
    expect(nextIndex(5, "ArrowLeft", 4, 10)).toBe(4);
    expect(nextIndex(5, "ArrowDown", 4, 10)).toBe(9);
    expect(nextIndex(5, "ArrowUp", 4, 10)).toBe(1);
    expect(nextIndex(5, "Home", 4, 10)).toBe(0);
    expect(nextIndex(5, "End", 4, 10)).toBe(9);
    expect(nextIndex(1, "PageDown", 4, 100, 3)).toBe(13);
    expect(nextIndex(13, "PageUp", 4, 100, 3)).toBe(1);
  });

  it("stay inside the grid", () => {
    expect(nextIndex(9, "ArrowRight", 4, 10)).toBe(9);
    expect(nextIndex(0, "ArrowLeft", 4, 10)).toBe(0);
    expect(nextIndex(7, "ArrowDown", 4, 10)).toBe(7); // no card below in the last row
    expect(nextIndex(2, "ArrowUp", 4, 10)).toBe(2);
    expect(nextIndex(2, "PageDown", 4, 10, 3)).toBe(9);
  });

  it("ignore other keys and an empty grid", () => {
    expect(nextIndex(2, "Enter", 4, 10)).toBeNull();
    expect(nextIndex(0, "ArrowRight", 4, 0)).toBeNull();
  });
});
