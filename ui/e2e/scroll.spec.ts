import { test, expect, type Page } from '@playwright/test';
import { openInbox } from './app';

// Scrolls 10,000 alerts from the first to the last, a screenful (600 px) a frame, loading the
// pages of 100 as it goes. Frame times are wall-clock: another busy process on the machine
// shows up in them, so a pass that failed on time alone is run again (at most three passes,
// each in a fresh page); every pass is printed.
test.setTimeout(300_000);

interface Pass {
  frames: number;
  worstFrame: number;
  maxRows: number;
  longTasks: number[];
  lastPos: number;
  scrollHeight: number;
}

async function scrollToTheEnd(page: Page): Promise<Pass> {
  await openInbox(page, { inbox: { bulk: 10_000 } }, true);
  await expect(page.getByTestId('count-all')).toHaveText('10000');
  return page.evaluate(async () => {
    const list = document.querySelector<HTMLElement>('[role="listbox"]');
    if (!list) throw new Error('no list');
    const longTasks: number[] = [];
    const observer = new PerformanceObserver((entries) => {
      for (const e of entries.getEntries()) longTasks.push(e.duration);
    });
    observer.observe({ type: 'longtask', buffered: false });

    const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
    let last = await frame();
    let worstFrame = 0;
    let frames = 0;
    let maxRows = 0;
    let idle = 0;
    const step = 600;
    for (;;) {
      const top = list.scrollTop;
      const bottom = list.scrollHeight - list.clientHeight;
      if (top >= bottom) {
        // At the end of what is loaded: wait for the next page, or stop when none comes.
        if (list.getAttribute('aria-busy') !== 'true' && idle > 30) break;
        idle++;
      } else {
        idle = 0;
        list.scrollTop = Math.min(bottom, top + step);
      }
      const now = await frame();
      worstFrame = Math.max(worstFrame, now - last);
      last = now;
      frames++;
      maxRows = Math.max(maxRows, list.querySelectorAll('[role="option"]').length);
    }
    observer.disconnect();
    const options = list.querySelectorAll('[role="option"]');
    return {
      frames,
      worstFrame,
      maxRows,
      longTasks,
      lastPos: Number(options[options.length - 1]?.getAttribute('aria-posinset')),
      scrollHeight: list.scrollHeight,
    };
  });
}

test('10,000 alerts: scrolled end to end with at most 200 rows in the DOM and no frame over 50 ms', async ({ page }) => {
  const passes: Pass[] = [];
  for (let i = 0; i < 3; i++) {
    const pass = await scrollToTheEnd(page);
    passes.push(pass);
    console.log(
      `scroll pass ${i + 1}: ${pass.frames} frames, worst frame ${pass.worstFrame.toFixed(1)} ms, ` +
        `at most ${pass.maxRows} rows in the DOM, long tasks: ${pass.longTasks.length ? pass.longTasks.map((d) => `${d.toFixed(0)} ms`).join(', ') : 'none'}`,
    );
    // The whole list was reached, rendered a window at a time.
    expect(pass.lastPos).toBe(10_000);
    expect(pass.scrollHeight).toBe(10_000 * 72);
    expect(pass.maxRows).toBeGreaterThan(0);
    expect(pass.maxRows).toBeLessThanOrEqual(200);
    if (pass.worstFrame <= 50 && pass.longTasks.every((d) => d <= 50)) break;
  }
  const smooth = (p: Pass) => p.worstFrame <= 50 && p.longTasks.every((d) => d <= 50);
  const best = passes.find(smooth) ?? passes.reduce((a, b) => (b.worstFrame < a.worstFrame ? b : a));
  console.log(`worst frame of the best pass: ${best.worstFrame.toFixed(1)} ms`);
  // "No frame over 50 ms": frames come in 16.7 ms steps, so 50.0 is three of them, not over.
  expect(best.worstFrame).toBeLessThanOrEqual(50);
  expect(best.longTasks.filter((d) => d > 50)).toEqual([]);
  await expect(page.getByRole('option').last()).toBeVisible();
});
