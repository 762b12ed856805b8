import { test, expect } from '@playwright/test';
import { openInbox } from './app';

test.setTimeout(180_000);

test('10,000 alerts: scrolling the whole list keeps at most 200 rows in the DOM and every frame under 50 ms', async ({ page }) => {
  await openInbox(page, { inbox: { bulk: 10_000 } });
  await expect(page.getByTestId('count-all')).toHaveText('10000');

  const stats = await page.evaluate(async () => {
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
    let waitedFrames = 0;
    const step = 720; // ten rows a frame
    for (;;) {
      const before = list.scrollTop;
      const bottom = list.scrollHeight - list.clientHeight;
      if (before >= bottom) {
        // At the end of what is loaded: wait for the next page, or stop when there is none.
        if (list.getAttribute('aria-busy') !== 'true' && waitedFrames > 30) break;
        waitedFrames++;
      } else {
        waitedFrames = 0;
        list.scrollTop = Math.min(bottom, before + step);
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

  console.log(
    `scroll: ${stats.frames} frames, worst frame ${stats.worstFrame.toFixed(1)} ms, ` +
      `at most ${stats.maxRows} rows in the DOM, long tasks: ${stats.longTasks.length ? stats.longTasks.map((d) => d.toFixed(0)).join(', ') : 'none'}`,
  );
  expect(stats.lastPos).toBe(10_000);
  expect(stats.scrollHeight).toBe(10_000 * 72);
  expect(stats.maxRows).toBeLessThanOrEqual(200);
  expect(stats.maxRows).toBeGreaterThan(0);
  expect(stats.worstFrame).toBeLessThan(50);
  expect(stats.longTasks.filter((d) => d > 50)).toEqual([]);
  await expect(page.getByRole('option').last()).toBeVisible();
});
