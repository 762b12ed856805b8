// Which rows of a long list of fixed-height rows are in the DOM.

/** The most rows the list ever renders. */
export const MAX_RENDERED = 200;

export interface Range {
  /** First row rendered. */
  start: number;
  /** One past the last row rendered. */
  end: number;
}

/**
 * The rows to render for a scroll position: those visible, plus `overscan` rows on each side,
 * never more than MAX_RENDERED.
 */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = 10,
): Range {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const firstVisible = Math.max(0, Math.floor(scrollTop / rowHeight));
  const visible = Math.max(1, Math.ceil(viewportHeight / rowHeight) + 1);
  let start = Math.max(0, firstVisible - overscan);
  let end = Math.min(count, firstVisible + visible + overscan);
  if (end - start > MAX_RENDERED) {
    start = Math.max(0, Math.min(start, count - MAX_RENDERED));
    end = Math.min(count, start + MAX_RENDERED);
  }
  if (start >= end) {
    start = Math.max(0, Math.min(start, count - 1));
    end = Math.min(count, start + 1);
  }
  return { start, end };
}

/** The scrollTop that brings row `index` into view (unchanged when it already is). */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}

/** Whether the next page should be read: the rendered range is within `margin` rows of the end. */
export function nearEnd(range: Range, count: number, margin = 30): boolean {
  return count > 0 && range.end >= count - margin;
}
