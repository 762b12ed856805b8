import { describe, expect, it } from 'vitest';
import { MAX_RENDERED, nearEnd, scrollToReveal, visibleRange } from './virtual';

describe('visibleRange', () => {
  it('renders the visible rows and an overscan around them', () => {
    // 72 px rows, 600 px high: rows 10..19 visible from 720 px.
    expect(visibleRange(720, 600, 72, 10_000, 10)).toEqual({ start: 0, end: 30 });
    expect(visibleRange(72 * 500, 600, 72, 10_000, 10)).toEqual({ start: 490, end: 520 });
  });

  it('stops at the ends of the list', () => {
    expect(visibleRange(0, 600, 72, 5)).toEqual({ start: 0, end: 5 });
    expect(visibleRange(72 * 9_995, 600, 72, 10_000, 10)).toEqual({ start: 9_985, end: 10_000 });
    expect(visibleRange(0, 600, 72, 0)).toEqual({ start: 0, end: 0 });
  });

  it('never renders more than MAX_RENDERED rows, even in a very tall window', () => {
    const r = visibleRange(0, 72 * 1000, 72, 10_000, 10);
    expect(r.end - r.start).toBe(MAX_RENDERED);
    for (let top = 0; top < 72 * 10_000; top += 7_919) {
      const range = visibleRange(top, 4000, 72, 10_000, 50);
      expect(range.end - range.start).toBeLessThanOrEqual(MAX_RENDERED);
      expect(range.start).toBeGreaterThanOrEqual(0);
      expect(range.end).toBeLessThanOrEqual(10_000);
    }
  });

  it('keeps at least one row when scrolled past the end (a list that shrank)', () => {
    expect(visibleRange(72 * 500, 600, 72, 20, 5)).toEqual({ start: 19, end: 20 });
  });
});

describe('scrollToReveal', () => {
  it('scrolls up or down just enough, or not at all', () => {
    expect(scrollToReveal(5, 720, 600, 72)).toBe(360);
    expect(scrollToReveal(20, 720, 600, 72)).toBe(21 * 72 - 600);
    expect(scrollToReveal(12, 720, 600, 72)).toBe(720);
  });
});

describe('nearEnd', () => {
  it('asks for the next page when the rendered rows come near the end', () => {
    expect(nearEnd({ start: 50, end: 80 }, 100)).toBe(true);
    expect(nearEnd({ start: 0, end: 30 }, 100)).toBe(false);
    expect(nearEnd({ start: 0, end: 0 }, 0)).toBe(false);
  });
});
