import { test, expect } from '@playwright/test';
import { commandsCalled, openApp, rows } from './app';

test.describe('first run', () => {
  test('choosing the person (one cabinet: no cabinet to choose) opens the inbox and starts at login', async ({ page }) => {
    await openApp(page, { user: null });
    await expect(page.getByRole('heading', { name: 'Bienvenue dans Vigie' })).toBeVisible();
    await expect(page.getByLabel('Cabinet')).toHaveCount(0);
    await expect(page.getByText('Cabinet Démo')).toBeVisible();
    await page.getByRole('button', { name: 'Commencer' }).click();
    await expect(page.getByRole('main').getByRole('alert')).toHaveText('Choisissez votre nom dans la liste.');
    await page.getByLabel('Vous êtes').selectOption({ label: 'Julien Lefèvre — collaborateur' });
    await page.getByRole('button', { name: 'Commencer' }).click();
    await expect(page.getByTestId('who')).toContainText('Julien Lefèvre');
    await expect(page.getByTestId('demo-chip')).toHaveCount(0);
    await expect(rows(page).first()).toBeVisible();
    const calls = await page.evaluate(() => window.__vigieFake.calls.filter((c) => c.cmd === 'choose_user'));
    expect(calls.map((c) => c.args)).toEqual([{ email: 'julien.lefevre@cabinet-demo.fr', cabinet: 'Cabinet Démo' }]);
    expect(await commandsCalled(page)).toContain('plugin:autostart|enable');
    expect(await page.evaluate(() => window.__vigieFake.autostart)).toBe(true);
  });

  test('with several cabinets the cabinet comes first', async ({ page }) => {
    await openApp(page, { user: null, directory: 'two' });
    const person = page.getByLabel('Vous êtes');
    await expect(person).toBeDisabled();
    await page.getByLabel('Cabinet').selectOption('Cabinet Fabre & Associés');
    await expect(person.locator('option')).toHaveText(['Choisissez votre nom', 'Hélène Fabre — expert-comptable', 'Marc Roussel — collaborateur']);
    await person.selectOption({ label: 'Marc Roussel — collaborateur' });
    await page.getByRole('button', { name: 'Commencer' }).click();
    await expect(page.getByTestId('who')).toContainText('Marc Roussel');
    await expect(page.getByTestId('who')).toContainText('Cabinet Fabre & Associés');
  });

  test('"Essayer avec la démo" opens the demo inbox', async ({ page }) => {
    await openApp(page, { user: null });
    await page.getByRole('button', { name: 'Essayer avec la démo' }).click();
    await expect(page.getByTestId('demo-chip')).toBeVisible();
    await expect(page.getByTestId('count-all')).toHaveText('18');
    expect(await commandsCalled(page)).toContain('start_demo');
  });

  test('start at login refused: a message, and the inbox all the same', async ({ page }) => {
    await openApp(page, { user: null });
    await page.evaluate(() =>
      window.__vigieFake.failNext('plugin:autostart|enable', { code: 'internal', message: 'refused', details: {} }),
    );
    await page.getByRole('button', { name: 'Essayer avec la démo' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'ouverture de session' })).toContainText(
      'n’a pas pu être activé',
    );
    await expect(page.getByTestId('demo-chip')).toBeVisible();
  });

  test('no cabinet yet: says so, mentions vigie import, offers the demo', async ({ page }) => {
    await openApp(page, { user: null, directory: 'empty' });
    await expect(page.getByRole('heading', { name: 'Aucun cabinet n’existe encore dans Vigie' })).toBeVisible();
    await expect(page.getByText('vigie import')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Commencer' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Essayer avec la démo' }).click();
    await expect(page.getByTestId('demo-chip')).toBeVisible();
  });

  test('a refused choice shows the French message on the form', async ({ page }) => {
    await openApp(page, { user: null });
    await page.evaluate(() =>
      window.__vigieFake.failNext('choose_user', {
        code: 'not_found',
        message: 'Cette personne ne fait plus partie du cabinet.',
        details: {},
      }),
    );
    await page.getByLabel('Vous êtes').selectOption({ label: 'Nadia Benali — assistant' });
    await page.getByRole('button', { name: 'Commencer' }).click();
    await expect(page.getByRole('main').getByRole('alert')).toHaveText('Cette personne ne fait plus partie du cabinet.');
    await expect(page.getByRole('heading', { name: 'Bienvenue dans Vigie' })).toBeVisible();
  });
});
