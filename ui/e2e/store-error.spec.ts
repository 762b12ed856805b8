import { test, expect } from '@playwright/test';
import { commandsCalled, openApp } from './app';

const locked = {
  code: 'store_locked' as const,
  message: 'Les données de Vigie sont utilisées par un autre programme. Fermez-le, puis réessayez.',
  details: { path: '/home/claire/.local/share/vigie/vigie.db' },
};

test('the store cannot be opened: its message, the path, and "Réessayer" until it works', async ({ page }) => {
  await openApp(page, { sessionError: locked, retryFailures: 1 });
  await expect(page.getByRole('heading', { name: 'Vigie ne peut pas ouvrir ses données' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(locked.message);
  await expect(page.getByText('/home/claire/.local/share/vigie/vigie.db')).toBeVisible();
  await page.getByRole('button', { name: 'Réessayer' }).click();
  // The first retry fails: still the same screen, still usable.
  await expect(page.getByRole('button', { name: 'Réessayer' })).toBeEnabled();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(locked.message);
  await page.getByRole('button', { name: 'Réessayer' }).click();
  await expect(page.getByRole('listbox')).toBeVisible();
  const calls = await commandsCalled(page);
  expect(calls.filter((c) => c === 'retry_open')).toHaveLength(2);
  expect(calls.filter((c) => c === 'session').length).toBeGreaterThanOrEqual(2);
});

test('an error without a path shows no path', async ({ page }) => {
  await openApp(page, {
    sessionError: { code: 'store_damaged', message: 'Le fichier des données est abîmé.', details: {} },
  });
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Le fichier des données est abîmé.');
  await expect(page.getByText('Emplacement des données')).toHaveCount(0);
});
