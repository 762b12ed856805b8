// Opening the window on a scenario of the fake backend, and reading what it did.
import { expect, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import type { Scenario } from './fake/backend';

export const FAKE_BACKEND = fileURLToPath(new URL('./.build/fake-backend.js', import.meta.url));
export const NOW = '2026-11-25T10:00:00Z';

/**
 * Opens the window with the fake shell on `scenario` (the demo inbox by default). The page's
 * clock says "now" too (relative times), unless `realClock` (frame timing measures).
 */
export async function openApp(page: Page, scenario: Partial<Scenario> = {}, realClock = false): Promise<void> {
  const full: Scenario = { now: NOW, user: 'demo', directory: 'demo', inbox: 'demo', ...scenario };
  if (!realClock) await page.clock.setFixedTime(new Date(full.now));
  await page.addInitScript({ content: `window.__VIGIE_FAKE__ = ${JSON.stringify(full)};` });
  await page.addInitScript({ path: FAKE_BACKEND });
  await page.goto('/');
}

/** Opens the demo inbox and waits for its first rows. */
export async function openInbox(page: Page, scenario: Partial<Scenario> = {}, realClock = false): Promise<void> {
  await openApp(page, scenario, realClock);
  await expect(page.getByRole('listbox')).toBeVisible();
}

/** The commands the fake shell received, in order. */
export async function commandsCalled(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__vigieFake.commands());
}

export function rows(page: Page) {
  return page.getByRole('option');
}

export function row(page: Page, text: string | RegExp) {
  return page.getByRole('option').filter({ hasText: text });
}

export function tab(page: Page, name: RegExp | string) {
  return page.getByRole('tab', { name });
}

/** A tab's count as shown. */
export async function count(page: Page, id: string): Promise<number> {
  return Number(await page.getByTestId(`count-${id}`).textContent());
}
