// "Calendrier" and "Charge" against the fake shell (its today: Wednesday 25 November 2026).
import { test, expect, type Page } from '@playwright/test';
import { openInbox } from './app';

async function go(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Écrans de Vigie' }).getByRole('button', { name }).click();
}

function day(page: Page, date: string) {
  return page.locator(`[data-day="${date}"]`);
}

/** The calls of the calendar command the fake shell received, with their arguments. */
async function calendarCalls(page: Page): Promise<{ from: string; to: string; filter: Record<string, unknown> }[]> {
  return page.evaluate(() =>
    window.__vigieFake.calls
      .filter((c) => c.cmd === 'deadline_calendar')
      .map((c) => c.args as { from: string; to: string; filter: Record<string, unknown> }),
  );
}

test.describe('Calendrier', () => {
  test('shows the month Monday first with today marked, and moves by month', async ({ page }) => {
    await openInbox(page);
    await go(page, 'Calendrier');
    const grid = page.getByRole('grid', { name: 'Calendrier des échéances' });
    await expect(grid).toBeVisible();
    await expect(page.getByTestId('calendar-period')).toHaveText('novembre 2026');
    await expect(grid.getByRole('columnheader')).toHaveText(['lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.', 'dim.']);
    await expect(grid.getByRole('row')).toHaveCount(7); // the heads and six weeks
    await expect(day(page, '2026-10-26')).toBeVisible(); // the Monday before Sunday 1 November
    await expect(day(page, '2026-12-06')).toBeVisible();
    const today = day(page, '2026-11-25');
    await expect(today).toHaveAttribute('aria-current', 'date');
    await expect(today).toHaveAccessibleName(/^mercredi 25 novembre 2026, aujourd’hui, 1\s+échéance/);
    expect(await calendarCalls(page)).toContainEqual({
      from: '2026-10-26',
      to: '2026-12-06',
      filter: { assignee_id: null, kind: null, per_day: 3 },
    });

    await page.getByRole('button', { name: 'Mois suivant' }).click();
    await expect(page.getByTestId('calendar-period')).toHaveText('décembre 2026');
    await expect(day(page, '2027-01-03')).toBeVisible();
    await expect(day(page, '2026-12-15')).toHaveAccessibleName(/5\s+échéances/);
    await page.getByRole('button', { name: 'Mois précédent' }).click();
    await page.getByRole('button', { name: 'Mois précédent' }).click();
    await expect(page.getByTestId('calendar-period')).toHaveText('octobre 2026');
    // Done ones are shown struck, in green: their names say "faite".
    await expect(day(page, '2026-10-16')).toHaveAccessibleName(/3\s+échéances, 3\s+faites/);
    await expect(day(page, '2026-10-16').locator('.chip.done')).toHaveCount(3);
    await page.getByRole('button', { name: 'Aujourd’hui' }).click();
    await expect(page.getByTestId('calendar-period')).toHaveText('novembre 2026');
  });

  test('colours each échéance by how close it is, and says "+N" past three', async ({ page }) => {
    await openInbox(page);
    await go(page, 'Calendrier');
    await expect(day(page, '2026-11-14').locator('.chip.late')).toContainText('URSSAF');
    await expect(day(page, '2026-11-25').locator('.chip.today')).toContainText('Boulangerie Martin SARL');
    await expect(day(page, '2026-11-28').locator('.chip.soon')).toContainText('SCI Les Tilleuls');
    await expect(day(page, '2026-12-05').locator('.chip.later')).toHaveCount(2);
    const busy = day(page, '2026-11-30');
    await expect(busy.locator('.chip')).toHaveCount(3);
    await expect(page.getByTestId('more-2026-11-30')).toHaveText('+3');
    await expect(busy).toHaveAccessibleName(/6\s+échéances, 1\s+faite/);
    await expect(page.getByTestId('more-2026-11-16')).toHaveCount(0);
  });

  test('opens a day’s full list beside the grid, and closes it', async ({ page }) => {
    await openInbox(page);
    await go(page, 'Calendrier');
    await day(page, '2026-11-30').click();
    const panel = page.getByTestId('day-panel');
    await expect(panel.getByRole('heading', { name: 'lundi 30 novembre 2026' })).toBeVisible();
    const items = panel.getByRole('listitem');
    await expect(items).toHaveCount(6);
    await expect(panel).toContainText('6\u00a0échéances, dont 1\u00a0faite');
    await expect(items.first()).toContainText('Acompte d’IS n°4');
    await expect(items.filter({ hasText: 'Agence Horizon Immobilier' })).toContainText('Non attribuée');
    await expect(items.filter({ hasText: 'Nexa Conseil' })).toContainText('Julien Lefèvre');
    await expect(items.last()).toContainText('Atelier Bois & Design');
    await expect(items.last()).toContainText('Faite');
    await expect(page.locator('td[aria-selected="true"]')).toHaveCount(1);
    // The whole day was asked for, not only the month's first three.
    expect(await calendarCalls(page)).toContainEqual({
      from: '2026-11-30',
      to: '2026-11-30',
      filter: { assignee_id: null, kind: null, per_day: null },
    });

    await page.getByRole('button', { name: 'Fermer la liste du jour' }).click();
    await expect(panel).toHaveCount(0);
    await expect(day(page, '2026-11-30')).toBeFocused();
  });

  test('filters by person and by kind, the open day too', async ({ page }) => {
    await openInbox(page);
    await go(page, 'Calendrier');
    await expect(page.getByTestId('calendar-total')).toHaveText('21\u00a0échéances sur la période');
    await day(page, '2026-11-30').click();
    await expect(page.getByTestId('day-panel').getByRole('listitem')).toHaveCount(6);

    await page.getByLabel('Personne').selectOption({ label: 'Julien Lefèvre' });
    await expect(page.getByTestId('calendar-total')).toHaveText('6\u00a0échéances sur la période');
    await expect(day(page, '2026-11-30').locator('.chip')).toHaveCount(3);
    await expect(page.getByTestId('more-2026-11-30')).toHaveCount(0);
    await expect(page.getByTestId('day-panel').getByRole('listitem')).toHaveCount(3);
    await expect(day(page, '2026-11-25').locator('.chip')).toHaveCount(0);

    await page.getByLabel('Personne').selectOption({ label: 'Tout le monde' });
    await page.getByLabel('Type').selectOption({ label: 'DSN' });
    await expect(page.getByTestId('calendar-total')).toHaveText('5\u00a0échéances sur la période');
    await expect(day(page, '2026-11-05').locator('.chip')).toHaveCount(2);
    await expect(day(page, '2026-11-30').locator('.chip')).toHaveCount(0);
    await expect(page.getByTestId('day-panel')).toContainText('Aucune échéance ce jour pour ces filtres.');
    const last = (await calendarCalls(page)).at(-1);
    expect(last?.filter).toMatchObject({ kind: 'dsn', assignee_id: null });
  });

  test('shows a week in seven columns, each day’s échéances listed, and moves by week', async ({ page }) => {
    await openInbox(page);
    await go(page, 'Calendrier');
    await page.getByRole('button', { name: 'Semaine', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Semaine', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('calendar-period')).toHaveText('Semaine du 23 au 29 novembre 2026');
    const grid = page.getByRole('grid', { name: 'Calendrier des échéances' });
    await expect(grid.getByRole('columnheader')).toHaveText(['lun. 23', 'mar. 24', 'mer. 25', 'jeu. 26', 'ven. 27', 'sam. 28', 'dim. 29']);
    await expect(page.getByTestId('week-2026-11-25')).toContainText('Dépôt des comptes annuels au greffe');
    await expect(page.getByTestId('week-2026-11-25')).toContainText('Nadia Benali');
    await expect(page.getByTestId('week-2026-11-28')).toContainText('Non attribuée');

    await page.getByRole('button', { name: 'Semaine suivante' }).click();
    await expect(page.getByTestId('calendar-period')).toHaveText('Semaine du 30 novembre au 6 décembre 2026');
    // Every échéance of the day is listed: no "+N" in a week.
    await expect(page.getByTestId('week-2026-11-30').getByRole('listitem')).toHaveCount(6);
    expect((await calendarCalls(page)).at(-1)).toEqual({
      from: '2026-11-30',
      to: '2026-12-06',
      filter: { assignee_id: null, kind: null, per_day: null },
    });
    await day(page, '2026-12-05').click();
    await expect(page.getByTestId('day-panel').getByRole('heading', { name: 'samedi 5 décembre 2026' })).toBeVisible();
    await page.getByRole('button', { name: 'Semaine précédente' }).click();
    await page.getByRole('button', { name: 'Semaine précédente' }).click();
    await expect(page.getByTestId('calendar-period')).toHaveText('Semaine du 16 au 22 novembre 2026');
    await page.getByRole('button', { name: 'Mois', exact: true }).click();
    await expect(page.getByTestId('calendar-period')).toHaveText('novembre 2026');
  });

  test('is reached and moved around with the keyboard', async ({ page }) => {
    await openInbox(page);
    await go(page, 'Calendrier');
    await expect(day(page, '2026-11-25')).toHaveAttribute('tabindex', '0');
    await expect(page.locator('[data-day][tabindex="0"]')).toHaveCount(1);
    await day(page, '2026-11-25').focus();
    await page.keyboard.press('ArrowRight');
    await expect(day(page, '2026-11-26')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(day(page, '2026-12-03')).toBeFocused();
    await expect(page.getByTestId('calendar-period')).toHaveText('décembre 2026');
    await page.keyboard.press('Home');
    await expect(day(page, '2026-11-30')).toBeFocused();
    await page.keyboard.press('PageDown');
    await expect(page.getByTestId('calendar-period')).toHaveText('décembre 2026');
    await expect(day(page, '2026-12-30')).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowLeft');
    await expect(day(page, '2026-12-22')).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('End');
    await expect(day(page, '2026-12-27')).toBeFocused();
    await page.keyboard.press('PageUp');
    await expect(page.getByTestId('calendar-period')).toHaveText('novembre 2026');
    await expect(day(page, '2026-11-27')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('day-panel').getByRole('heading', { name: 'vendredi 27 novembre 2026' })).toBeVisible();
  });

  test('says why when the calendar cannot be read', async ({ page }) => {
    await openInbox(page);
    await go(page, 'Calendrier');
    await expect(page.getByTestId('calendar-period')).toHaveText('novembre 2026');
    await page.evaluate(() =>
      window.__vigieFake.failNext('deadline_calendar', {
        code: 'store_locked',
        message: 'La base de Vigie est occupée par un autre programme : réessayez dans un instant.',
        details: {},
      }),
    );
    await page.getByRole('button', { name: 'Mois suivant' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'La base de Vigie' });
    await expect(alert).toHaveText('La base de Vigie est occupée par un autre programme : réessayez dans un instant.');
    await page.getByRole('button', { name: 'Mois précédent' }).click();
    await expect(alert).toHaveCount(0);
  });
});

test('Calendrier still shows the échéances when the list of people cannot be read', async ({ page }) => {
  await openInbox(page);
  await page.evaluate(() =>
    window.__vigieFake.failNext('workload', { code: 'store_locked', message: 'La base de Vigie est occupée.', details: {} }),
  );
  await go(page, 'Calendrier');
  await expect(page.getByRole('alert').filter({ hasText: 'Liste des personnes' })).toHaveText(
    'Liste des personnes indisponible : La base de Vigie est occupée.',
  );
  await expect(page.getByTestId('more-2026-11-30')).toHaveText('+3');
  await expect(page.getByLabel('Personne').locator('option')).toHaveText(['Tout le monde']);
});

test.describe('Charge', () => {
  test('draws each person’s load as bars with the figures written, the most loaded first', async ({ page }) => {
    await openInbox(page);
    await go(page, 'Charge');
    await expect(page.getByRole('heading', { name: 'Charge de travail', level: 2 })).toBeVisible();
    await expect(page.getByTestId('workload-asof')).toContainText('Au mercredi 25 novembre 2026');
    await expect(page.getByRole('list', { name: 'Légende' })).toContainText('Dans les 7 jours (jusqu’au 1er décembre)');
    await expect(page.getByRole('list', { name: 'Légende' })).toContainText('Du 8e au 30e jour (jusqu’au 24 décembre)');

    const people = page.getByTestId('workload').locator('.person .name');
    await expect(people).toHaveText([
      'Julien Lefèvre',
      'Nadia Benali',
      'Sophie Martin',
      'Claire Moreau',
      'Philippe Garnier',
      'Sans responsable',
    ]);
    const julien = page.getByTestId('load-2');
    await expect(julien.getByTestId('overloaded')).toHaveText('Surcharge');
    await expect(page.getByTestId('overloaded')).toHaveCount(1);
    await expect(julien.locator('.total-n')).toHaveText('18');
    const [deadlines, tasks] = [julien.locator('.bar-line').nth(0), julien.locator('.bar-line').nth(1)];
    await expect(deadlines.locator('.figures')).toHaveText(/^1 en retard · 2 sous 7\sj · 3 de 8 à 30\sj$/);
    await expect(tasks.locator('.figures')).toHaveText(/^2 en retard · 5 sous 7\sj · 5 de 8 à 30\sj$/);
    await expect(deadlines.getByRole('img')).toHaveAccessibleName(
      'Julien Lefèvre, échéances : 1 en retard, 2 dans les 7 jours, 5 dans les 30 jours',
    );
    // Segments in the order late, 7 days, 30 days, each with its figure.
    await expect(tasks.locator('.seg')).toHaveClass([/late/, /week/, /month/]);
    await expect(tasks.locator('.seg-n')).toHaveText(['2', '5', '5']);
    // The widest bar fills the chart; the others are to scale.
    const widths = await tasks.locator('.seg').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    const bar = await tasks.getByRole('img').evaluate((e) => e.getBoundingClientRect().width);
    expect(Math.abs(widths.reduce((a, b) => a + b, 0) - bar)).toBeLessThan(2);
    expect(widths[1]).toBeCloseTo(widths[2], 0);

    const philippe = page.getByTestId('load-4');
    await expect(philippe.locator('.bar-line').nth(1).locator('.figures')).toHaveText(/^0 sous 7\sj · 1 de 8 à 30\sj$/);
    const nobody = page.getByTestId('load-unassigned');
    await expect(nobody).toContainText('à attribuer');
    await expect(nobody.locator('.total-n')).toHaveText('8');
  });

  test('says why when the workload cannot be read, and reads it again', async ({ page }) => {
    await openInbox(page);
    await page.evaluate(() =>
      window.__vigieFake.failNext('workload', { code: 'store_locked', message: 'La base de Vigie est occupée.', details: {} }),
    );
    await go(page, 'Charge');
    await expect(page.getByRole('alert').filter({ hasText: 'La base' })).toHaveText('La base de Vigie est occupée.');
    await page.getByRole('button', { name: 'Actualiser' }).click();
    await expect(page.getByTestId('workload')).toBeVisible();
  });
});
