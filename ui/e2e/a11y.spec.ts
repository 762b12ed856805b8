import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { openApp, openInbox, row, tab } from './app';

/** Runs axe on the page; any violation rated serious or critical fails, with its nodes listed. */
async function expectNoSeriousViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  if (process.env.AXE_ALL) console.log(where, results.violations.map((v) => `${v.id}/${v.impact}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`));
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary}`).join('\n  ')}`,
  );
  expect(report, `axe on ${where}`).toEqual([]);
}

test.describe('accessibility (axe: nothing serious or critical)', () => {
  test('every tab of the inbox, with an alert open', async ({ page }) => {
    // Seven axe runs: on a busy 2-core machine they take longer than one test's default 30 s.
    test.slow();
    await openInbox(page);
    await row(page, 'TVA CA3 novembre').click();
    await expect(page.getByTestId('detail').getByRole('heading', { level: 2 })).toBeVisible();
    for (const name of [/Toutes/, /Non lues/, /Échéances/, /Documents manquants/, /Tâches en retard/, /Événements/, /Archivées/]) {
      await tab(page, name).click();
      await expect(tab(page, name)).toHaveAttribute('aria-selected', 'true');
      await expect(page.locator('[role="tabpanel"][aria-busy="true"], [role="listbox"][aria-busy="true"]')).toHaveCount(0);
      await expectNoSeriousViolations(page, `tab ${name}`);
    }
  });

  test('the snooze dialog, with the date picker', async ({ page }) => {
    await openInbox(page);
    await row(page, 'Acompte IS décembre').click();
    await page.getByRole('button', { name: 'Reporter…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reporter l’alerte' });
    await expect(dialog).toBeVisible();
    await expectNoSeriousViolations(page, 'the snooze dialog');
    await dialog.getByRole('button', { name: 'Choisir une date…' }).click();
    await expect(dialog.getByLabel('Revenir le')).toBeVisible();
    await expectNoSeriousViolations(page, 'the snooze dialog with its date');
  });

  test('the pop-ups menu and the paused state', async ({ page }) => {
    await openInbox(page);
    await page.getByRole('button', { name: 'Suspendre les pop-ups' }).click();
    await expect(page.getByRole('menu')).toBeVisible();
    await expectNoSeriousViolations(page, 'the pop-ups menu');
    await page.getByRole('menuitem', { name: /demain/ }).click();
    await expect(page.getByTestId('popups-paused')).toBeVisible();
    await expectNoSeriousViolations(page, 'paused pop-ups');
  });

  test('the first-run screen, and the one without any cabinet', async ({ page }) => {
    await openApp(page, { user: null, directory: 'two' });
    await expect(page.getByRole('heading', { name: 'Bienvenue dans Vigie' })).toBeVisible();
    await expect(page.getByLabel('Cabinet')).toBeVisible();
    await expectNoSeriousViolations(page, 'first run');
  });

  test('the first-run screen without any cabinet', async ({ page }) => {
    await openApp(page, { user: null, directory: 'empty' });
    await expect(page.getByRole('button', { name: 'Essayer avec la démo' })).toBeVisible();
    await expectNoSeriousViolations(page, 'first run without cabinet');
  });

  test('À propos', async ({ page }) => {
    await openInbox(page);
    await page.getByRole('button', { name: 'À propos' }).click();
    await expect(page.getByTestId('version')).toHaveText('Version 0.1.0');
    await expect(page.getByRole('switch')).toBeEnabled();
    await expectNoSeriousViolations(page, 'À propos');
  });

  test('the empty state', async ({ page }) => {
    await openApp(page, { inbox: 'empty' });
    await expect(page.getByTestId('empty')).toBeVisible();
    await expectNoSeriousViolations(page, 'the empty inbox');
  });

  test('the store error screen', async ({ page }) => {
    await openApp(page, {
      sessionError: { code: 'store_locked', message: 'Les données sont utilisées par un autre programme.', details: { path: '/home/claire/.local/share/vigie/vigie.db' } },
    });
    await expect(page.getByRole('button', { name: 'Réessayer' })).toBeVisible();
    await expectNoSeriousViolations(page, 'the store error');
  });

  test('the narrow layout, list then detail', async ({ page }) => {
    await page.setViewportSize({ width: 640, height: 400 });
    await openInbox(page);
    await expectNoSeriousViolations(page, 'narrow list');
    await row(page, 'Relevés bancaires octobre').click();
    await expect(page.getByRole('button', { name: 'Retour à la liste' })).toBeVisible();
    await expectNoSeriousViolations(page, 'narrow detail');
  });

  test('a message (toast) with its action', async ({ page }) => {
    await openInbox(page);
    await row(page, 'TVA CA3 novembre').click();
    await page.getByTestId('detail').getByRole('button', { name: 'Archiver' }).click();
    await expect(page.getByRole('status').getByRole('button', { name: 'Annuler' })).toBeVisible();
    await expectNoSeriousViolations(page, 'a toast');
  });

  test('the screens beside the inbox: Planification (with a schedule being edited), E-mails, Journal', async ({ page }) => {
    // Five axe runs, the last on the long Réglages screen: past 30 s on a busy 2-core machine.
    test.slow();
    await openInbox(page);
    const nav = page.getByRole('navigation', { name: 'Écrans de Vigie' });
    await nav.getByRole('button', { name: 'Planification' }).click();
    await expect(page.getByTestId('history')).toBeVisible();
    await expectNoSeriousViolations(page, 'Planification');
    await page.getByTestId('job-check').getByRole('button', { name: 'Modifier l’horaire' }).click();
    await page.getByTestId('job-check').getByLabel(/Horaire/).fill('0 25 * * *');
    await expect(page.getByTestId('cron-error')).toBeVisible();
    await expectNoSeriousViolations(page, 'Planification, a wrong schedule');
    await nav.getByRole('button', { name: 'E-mails' }).click();
    await expect(page.getByTestId('outbox')).toBeVisible();
    await expectNoSeriousViolations(page, 'E-mails');
    await nav.getByRole('button', { name: 'Journal' }).click();
    await expect(page.getByTestId('log-entries')).toBeVisible();
    await expectNoSeriousViolations(page, 'Journal');
    await nav.getByRole('button', { name: 'Réglages' }).click();
    await page.getByTestId('smtp').getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByTestId('smtp').locator('.field-error').first()).toBeVisible();
    await expectNoSeriousViolations(page, 'Réglages, a field refused');
  });
  test('Calendrier: the month with a day open, the week, and Charge', async ({ page }) => {
    test.slow();
    await openInbox(page);
    const nav = page.getByRole('navigation', { name: 'Écrans de Vigie' });
    await nav.getByRole('button', { name: 'Calendrier' }).click();
    await expect(page.getByTestId('more-2026-11-30')).toBeVisible();
    await expectNoSeriousViolations(page, 'Calendrier, the month');
    await page.locator('[data-day="2026-11-30"]').click();
    await expect(page.getByTestId('day-panel').getByRole('listitem')).toHaveCount(6);
    await expectNoSeriousViolations(page, 'Calendrier, a day open');
    await page.getByRole('button', { name: 'Semaine', exact: true }).click();
    await expect(page.getByTestId('week-2026-11-30')).toBeVisible();
    await expectNoSeriousViolations(page, 'Calendrier, the week');
    await nav.getByRole('button', { name: 'Charge' }).click();
    await expect(page.getByTestId('workload')).toBeVisible();
    await expectNoSeriousViolations(page, 'Charge');
  });

  test('the firm’s screens, a form with refused fields, a delete confirmation and a client’s page', async ({ page }) => {
    test.slow();
    await openInbox(page);
    const nav = page.getByRole('navigation', { name: 'Écrans de Vigie' });
    for (const [name, id] of [
      ['Clients', 'clients'],
      ['Échéances', 'deadlines'],
      ['Documents', 'documents'],
      ['Tâches', 'tasks'],
      ['Événements', 'events'],
      ['Équipe', 'staff'],
    ] as const) {
      await nav.getByRole('button', { name, exact: true }).click();
      await expect(page.getByTestId(id)).toBeVisible();
      await expectNoSeriousViolations(page, name);
    }
    await nav.getByRole('button', { name: 'Échéances', exact: true }).click();
    await page.getByRole('button', { name: 'Nouvelle échéance' }).click();
    const form = page.getByRole('dialog', { name: 'Nouvelle échéance' });
    await form.getByLabel('Date limite').fill('31/02/2027');
    await form.getByRole('button', { name: 'Créer' }).click();
    await expect(form.getByTestId('error-due_date')).toBeVisible();
    await expectNoSeriousViolations(page, 'the deadline form, refused');
    await form.getByRole('button', { name: 'Annuler' }).click();
    await nav.getByRole('button', { name: 'Clients', exact: true }).click();
    await page.getByRole('button', { name: 'Supprimer : Boulangerie Martin SARL' }).click();
    await expect(page.getByRole('alertdialog', { name: 'Supprimer ce client' })).toBeVisible();
    await expectNoSeriousViolations(page, 'the delete confirmation');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Annuler' }).click();
    await page.getByRole('button', { name: 'Boulangerie Martin SARL', exact: true }).click();
    await expect(page.getByTestId('client-page')).toBeVisible();
    await expectNoSeriousViolations(page, 'a client’s page');
  });
  test('Importer, with a preview showing an error and an unused column', async ({ page }) => {
    await openInbox(page);
    await page.getByRole('navigation', { name: 'Écrans de Vigie' }).getByRole('button', { name: 'Importer' }).click();
    await page.getByRole('radio', { name: 'Échéances' }).check();
    await expectNoSeriousViolations(page, 'Importer');
    const csv = 'SIREN;Type;Libellé;Échéance;Commentaire\n732 829 320;tva;TVA;15/12/2026;\n552100554;dsn;DSN;31/02/2026;\n';
    await page.getByTestId('import-file').setInputFiles({ name: 'echeances.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(page.getByTestId('import-problems')).toBeVisible();
    await expect(page.getByTestId('import-warnings')).toBeVisible();
    await expectNoSeriousViolations(page, 'Importer, a preview with an error');
  });
});

test.describe('accessibility of Réglages, below the server (axe: nothing serious or critical)', () => {
  test('channels, quiet hours with a refused field, the cabinet card and the change of user', async ({ page }) => {
    await openInbox(page);
    await page.getByRole('navigation', { name: 'Écrans de Vigie' }).getByRole('button', { name: 'Réglages' }).click();
    await expect(page.getByTestId('alert-channels').getByRole('table')).toBeVisible();
    const quiet = page.getByTestId('quiet-hours');
    await quiet.getByLabel('De').fill('09:00');
    await quiet.getByLabel('À', { exact: true }).fill('09:00');
    await quiet.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(quiet.locator('.field-error')).toBeVisible();
    await expect(page.getByTestId('settings-autostart')).toBeEnabled();
    await expectNoSeriousViolations(page, 'Réglages: channels, quiet hours refused, cabinet card');
    await page.getByRole('button', { name: 'Changer d’utilisateur' }).click();
    await expect(page.getByRole('dialog', { name: 'Changer d’utilisateur' }).getByLabel('Utilisateur de cet ordinateur')).toBeEnabled();
    await expectNoSeriousViolations(page, 'the change of user');
  });
});

test.describe('accessibility of the fiscal calendar (axe: nothing serious or critical)', () => {
  test('a client’s calendar, what it lacks, the date dialog refused, and the client form’s fiscal facts', async ({ page }) => {
    await openInbox(page);
    const nav = page.getByRole('navigation', { name: 'Écrans de Vigie' });
    await nav.getByRole('button', { name: 'Clients', exact: true }).click();
    await page.getByRole('button', { name: 'Nexa Conseil', exact: true }).click();
    const calendar = page.getByTestId('client-calendar');
    await expect(calendar.getByRole('row').nth(1)).toBeVisible();
    await calendar.getByText('Source').first().click();
    await expectNoSeriousViolations(page, 'a client’s fiscal calendar');
    await calendar.getByRole('button', { name: /^Changer la date/ }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Changer la date' });
    await dialog.getByLabel('Date pour ce client').fill('31/02/2026');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(dialog.getByTestId('error-obligation-date')).toBeVisible();
    await expectNoSeriousViolations(page, 'the date dialog, refused');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await page.getByRole('button', { name: 'Retour' }).click();
    await page.getByRole('button', { name: 'Association Sportive Laurentine', exact: true }).click();
    await expect(page.getByTestId('calendar-missing')).toBeVisible();
    await expectNoSeriousViolations(page, 'a client lacking facts');
    await page.getByTestId('calendar-missing').getByRole('button', { name: 'Compléter : Imposition' }).click();
    const form = page.getByRole('dialog', { name: /Modifier le client/ });
    await form.getByLabel('Première clôture').fill('31/02/2027');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(form.getByTestId('error-first_closing')).toBeVisible();
    await expectNoSeriousViolations(page, 'the client form’s fiscal facts, refused');
  });
});
