import { test, expect } from '@playwright/test';
import { openInbox } from './app';

test('smoke', async ({ page }) => {
  page.on('console', (m) => console.log('console:', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  await openInbox(page);
  await expect(page.getByRole('option').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/smoke.png' });
  const t = await page.evaluate(() => new Promise<number[]>((r) => requestAnimationFrame((a) => requestAnimationFrame((b) => r([a, b, performance.now(), Date.now()])))));
  console.log(t);
});
