/**
 * The grid's geometry, pure: how many columns fit, which cards a scroll position puts on
 * screen (only those, plus a few rows above and below, are in the DOM: a thousand cards
 * scroll like ten), where to scroll so a card shows, and where the arrow keys go.
 */

export interface GridSize {
  /** The grid's inner width (px). */
  width: number;
  cardWidth: number;
  /** The height of one row of cards, gap included (px). */
  rowHeight: number;
  gap: number;
}

export interface GridWindow {
  columns: number;
  /** Index (in the shown order) of the first card in the DOM. */
  first: number;
  /** One past the last card in the DOM. */
  last: number;
  /** Offset of the first rendered row from the top of the grid (px). */
  top: number;
  /** Height of the whole grid (px). */
  height: number;
}

/** Cards per row: as many as fit, at least one. */
export function columnsFor(size: GridSize): number {
  const { width, cardWidth, gap } = size;
  if (!(width > 0) || !(cardWidth > 0)) {
    return 1;
  }
  return Math.max(1, Math.floor((width + gap) / (cardWidth + gap)));
}

/** The cards of `count` to put in the DOM for a viewport at `scrollTop`, `viewport` px high. */
export function gridWindow(
  count: number,
  size: GridSize,
  scrollTop: number,
  viewport: number,
  overscan = 2,
): GridWindow {
  const columns = columnsFor(size);
  const rows = Math.ceil(count / columns);
  const height = rows * size.rowHeight;
  if (count === 0) {
    return { columns, first: 0, last: 0, top: 0, height: 0 };
  }
  const top = Math.max(0, Math.min(scrollTop, Math.max(0, height - viewport)));
  const firstRow = Math.max(0, Math.floor(top / size.rowHeight) - overscan);
  const lastRow = Math.min(
    rows,
    Math.ceil((top + Math.max(viewport, 0)) / size.rowHeight) + overscan,
  );
  return {
    columns,
    first: firstRow * columns,
    last: Math.min(count, Math.max(lastRow, firstRow + 1) * columns),
    top: firstRow * size.rowHeight,
    height,
  };
}

/** The scroll position that shows card `index` whole, moving as little as possible. */
export function scrollToShow(
  index: number,
  columns: number,
  rowHeight: number,
  scrollTop: number,
  viewport: number,
): number {
  const rowTop = Math.floor(index / Math.max(1, columns)) * rowHeight;
  if (rowTop < scrollTop) {
    return rowTop;
  }
  if (rowTop + rowHeight > scrollTop + viewport) {
    return Math.max(0, rowTop + rowHeight - viewport);
  }
  return scrollTop;
}

/**
 * Where a key moves the focus from card `index` of `count`, laid out in `columns`:
 * arrows by one card or one row, Home/End to the ends, PageUp/PageDown by `pageRows`
 * rows. null for any other key (or no card).
 */
export function nextIndex(
  index: number,
  key: string,
  columns: number,
  count: number,
  pageRows = 3,
): number | null {
  if (count === 0) {
    return null;
  }
  const clamp = (i: number): number => Math.min(count - 1, Math.max(0, i));
  switch (key) {
    case "ArrowRight":
      return clamp(index + 1);
    case "ArrowLeft":
      return clamp(index - 1);
    case "ArrowDown":
      return index + columns < count ? index + columns : index;
    case "ArrowUp":
      return index - columns >= 0 ? index - columns : index;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    case "PageDown":
      return clamp(index + columns * Math.max(1, pageRows));
    case "PageUp":
      return clamp(index - columns * Math.max(1, pageRows));
    default:
      return null;
  }
}
