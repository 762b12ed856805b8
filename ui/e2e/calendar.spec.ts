// The fiscal calendar in the window: the client form's fiscal facts (kept, refused beside each
// field), a client's page with its year of obligations (what it lacks, a date of its own, a
// kind turned off), the generation's toast, the deadlines' period and marker, and the
// iCalendar export. The fake shell's calendar is e2e/fake/calendar.ts.
import { test, expect, type Locator, type Page } from '@playwright/test';
import { openInbox } from './app';

const nb = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const toast = (page: Page) => page.getByTestId('toast').last();

function said(locator: Locator) {
  return expect.poll(async () => nb((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim());
}

async function open(page: Page, label: string, id: string): Promise<void> {
  await openInbox(page);
  await page.getByRole('navigation', { name: 'Écrans de Vigie' }).getByRole('button', { name: label, exact: true }).click();
  await expect(page.getByTestId(id)).toBeVisible();
}

async function search(page: Page, id: string, text: string): Promise<void> {
  await page.locator(`#${id}-search`).fill(text);
  await expect(page.getByTestId(`${id}-view`)).toHaveAttribute('data-search', text.trim());
  await expect(page.getByTestId(`${id}-view`)).toHaveAttribute('aria-busy', 'false');
}

/** Opens a client's page from the clients table. */
async function clientPage(page: Page, name: string): Promise<Locator> {
  await open(page, 'Clients', 'clients');
  await page.getByRole('button', { name, exact: true }).click();
  const client = page.getByTestId('client-page');
  await expect(client.getByRole('heading', { level: 2, name })).toBeVisible();
  return client;
}

test.describe('The client form’s fiscal facts', () => {
  test('load with the client, are refused beside each wrong field, and are kept once saved', async ({ page }) => {
    await open(page, 'Clients', 'clients');
    await page.getByRole('button', { name: 'Modifier : Nexa Conseil' }).click();
    const form = page.getByRole('dialog', { name: /Modifier le client/ });
    const fiscal = form.getByRole('group', { name: 'Calendrier fiscal' });
    await expect(fiscal.getByLabel('Imposition')).toHaveValue('is');
    await expect(fiscal.getByLabel('Département du service des impôts')).toHaveValue('75');
    await expect(fiscal.getByLabel('Salariés')).toHaveValue('moins_de_50');
    await expect(fiscal.getByLabel('CFE de l’an dernier ≥ 3 000 €')).toHaveValue('true');
    await expect(fiscal.getByLabel('IS de l’an dernier > 3 000 €')).toHaveValue('true');
    await expect(fiscal.getByLabel('Chiffre d’affaires > 152 500 € (CVAE)')).toHaveValue('false');
    await expect(fiscal.getByLabel('Première clôture')).toHaveValue('');

    await fiscal.getByLabel('Première clôture').fill('31/02/2027');
    await fiscal.getByLabel('Département du service des impôts').fill('20');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(form.getByTestId('error-first_closing')).toContainText('n’est pas une date valide');
    await expect(form.getByTestId('error-tax_department')).toContainText('n’est pas un numéro de département');
    await expect(fiscal.getByLabel('Première clôture')).toBeFocused();
    await expect(fiscal.getByLabel('Département du service des impôts')).toHaveAttribute('aria-invalid', 'true');
    await said(toast(page)).toContain('Rien n’a été enregistré, 2 champs sont à corriger');

    await fiscal.getByLabel('Première clôture').fill('');
    await fiscal.getByLabel('Département du service des impôts').fill('2a');
    await fiscal.getByLabel('Salariés').selectOption({ label: '50 et plus, paie dans le mois' });
    await fiscal.getByLabel('Chiffre d’affaires > 152 500 € (CVAE)').selectOption({ label: 'Non renseigné' });
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(form).toBeHidden();
    await said(toast(page)).toMatch(/Client « Nexa Conseil » enregistré\./);

    await page.getByRole('button', { name: 'Modifier : Nexa Conseil' }).click();
    await expect(fiscal.getByLabel('Département du service des impôts')).toHaveValue('2A');
    await expect(fiscal.getByLabel('Salariés')).toHaveValue('50_et_plus_paie_du_mois');
    await expect(fiscal.getByLabel('Chiffre d’affaires > 152 500 € (CVAE)')).toHaveValue('');
    await expect(fiscal.getByLabel('Imposition')).toHaveValue('is');
  });
});

test.describe('A client’s fiscal calendar', () => {
  test('shows the year’s obligations, another year, and the legal source', async ({ page }) => {
    const client = await clientPage(page, 'Nexa Conseil');
    const calendar = client.getByRole('region', { name: 'Calendrier fiscal' });
    await expect(calendar.getByText('2026', { exact: true })).toBeVisible();
    const acompte = calendar.getByRole('row').filter({ hasText: 'IS acompte n° 4 — exercice 2026' });
    await said(acompte.locator('td').first()).toBe('15 décembre');
    await said(acompte.locator('td').nth(2)).toBe('à faire');
    await expect(acompte.getByRole('button', { name: 'Changer la date : IS acompte n° 4 — exercice 2026' })).toBeVisible();
    await acompte.getByText('Source').click();
    await expect(acompte).toContainText('CGI art. 1668');
    await expect(calendar.getByTestId('calendar-missing')).toHaveCount(0);

    await calendar.getByRole('button', { name: /Année suivante/ }).click();
    await expect(calendar.getByText('2027', { exact: true })).toBeVisible();
    const liasse = calendar.getByRole('row').filter({ hasText: 'Liasse fiscale 2065 — exercice 2026' });
    await expect(liasse).toContainText('pas encore générée');
    await liasse.getByText('Source').click();
    await expect(liasse).toContainText('Date légale : mardi 4 mai 2027 (tolérance jusqu’au mercredi 19 mai 2027).');
    await expect(calendar.getByRole('listitem').filter({ hasText: 'DSN' })).toBeVisible();
  });

  test('says what the client lacks and opens its form on that field', async ({ page }) => {
    const client = await clientPage(page, 'Association Sportive Laurentine');
    const missing = client.getByTestId('calendar-missing');
    await said(missing).toContain('Il manque des informations sur ce client');
    await expect(missing.getByRole('listitem')).toHaveCount(4);
    await said(missing).toContain('Régime de TVA sans régime de TVA, aucune déclaration de TVA n’est générée');

    await missing.getByRole('button', { name: 'Compléter : Imposition' }).click();
    const form = page.getByRole('dialog', { name: /Modifier le client/ });
    await expect(form.getByLabel('Imposition')).toBeFocused();
    await form.getByLabel('Imposition').selectOption({ label: 'IR — BNC' });
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await said(toast(page)).toMatch(/Client « Association Sportive Laurentine » enregistré\./);
    await expect(missing.getByRole('listitem')).toHaveCount(3);
    await expect(missing).not.toContainText('Imposition');
    await said(client).toMatch(/Imposition\s*IR — BNC/);
  });

  test('a date of the client’s own is refused when wrong, set, then taken back', async ({ page }) => {
    const client = await clientPage(page, 'Nexa Conseil');
    const calendar = client.getByRole('region', { name: 'Calendrier fiscal' });
    await calendar.getByRole('button', { name: 'Changer la date : IS acompte n° 4 — exercice 2026' }).click();
    const dialog = page.getByRole('dialog', { name: 'Changer la date' });
    const date = dialog.getByLabel('Date pour ce client');
    await expect(date).toHaveValue('15/12/2026');
    await expect(dialog.getByRole('button', { name: 'Revenir à la date de la règle' })).toHaveCount(0);
    await date.fill('31/02/2026');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(dialog.getByTestId('error-obligation-date')).toContainText('«\u00a031/02/2026\u00a0» n’est pas une date valide');
    await expect(date).toHaveAttribute('aria-invalid', 'true');
    await date.fill('16/12/2026');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(dialog).toBeHidden();
    await said(toast(page)).toBe('« IS acompte n° 4 — exercice 2026 » : nouvelle date enregistrée.');
    const acompte = calendar.getByRole('row').filter({ hasText: 'IS acompte n° 4 — exercice 2026' });
    await said(acompte.locator('td').first()).toBe('16 décembre règle : 15 décembre');

    await calendar.getByRole('button', { name: 'Changer la date : IS acompte n° 4 — exercice 2026' }).click();
    await dialog.getByRole('button', { name: 'Revenir à la date de la règle' }).click();
    await expect(dialog).toBeHidden();
    await said(acompte.locator('td').first()).toBe('15 décembre');
  });

  test('a kind turned off is no longer generated, then on again', async ({ page }) => {
    const client = await clientPage(page, 'Nexa Conseil');
    const calendar = client.getByRole('region', { name: 'Calendrier fiscal' });
    await calendar.getByRole('button', { name: 'Ne plus générer : Acomptes d’IS' }).click();
    await said(toast(page)).toBe('Acomptes d’IS : plus générée pour ce client.');
    const acompte = calendar.getByRole('row').filter({ hasText: 'IS acompte n° 4 — exercice 2026' });
    await expect(acompte).toContainText('désactivée');
    await expect(calendar.getByRole('listitem').filter({ hasText: 'Acomptes d’IS' })).toContainText('(désactivée)');
    await calendar.getByRole('button', { name: 'Générer à nouveau : Acomptes d’IS' }).click();
    await said(toast(page)).toBe('Acomptes d’IS : générée à nouveau pour ce client.');
    await expect(acompte).toContainText('à faire');
  });
});

test.describe('Generating and exporting the calendar', () => {
  test('the generation sums up, and its deadlines carry the calendar’s marker and period', async ({ page }) => {
    await open(page, 'Clients', 'clients');
    await page.getByRole('button', { name: 'Générer le calendrier fiscal' }).click();
    await said(toast(page)).toMatch(/^Calendrier fiscal : \d+ échéances créées, 0 recalculée, 0 retirée ; \d+ clients sans toutes les informations nécessaires \(voir leur page\)\.$/);

    await page.getByRole('navigation', { name: 'Écrans de Vigie' }).getByRole('button', { name: 'Échéances', exact: true }).click();
    await search(page, 'deadlines', 'nexa');
    // Imported before the calendar existed, under its own label, and adopted as the obligation.
    const generated = page.getByTestId('deadlines').locator('tbody tr').filter({ hasText: 'Acompte IS décembre' });
    await expect(generated.getByText('calendrier', { exact: true })).toBeVisible();
    await said(generated).toContain('Période EX-2026-4 · CGI art. 1668');
    const imported = page.getByTestId('deadlines').locator('tbody tr').filter({ hasText: 'TVA CA3 octobre' });
    await expect(imported.getByText('calendrier', { exact: true })).toHaveCount(0);
  });

  test('a deadline’s period is refused beside its field, then kept', async ({ page }) => {
    await open(page, 'Échéances', 'deadlines');
    await search(page, 'deadlines', 'nexa');
    await page.getByRole('button', { name: 'Modifier : TVA CA3 octobre (Nexa Conseil)' }).click();
    const form = page.getByRole('dialog', { name: /Modifier l’échéance/ });
    const period = form.getByLabel('Période');
    await expect(period).toHaveAttribute('placeholder', '2027-02, 2027-T1, EX-2027…');
    await period.fill('2026-13');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(form.getByTestId('error-period')).toContainText('n’est pas une période');
    await expect(period).toBeFocused();
    await period.fill('2026-T3');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(form).toBeHidden();
    await said(page.getByTestId('deadlines').locator('tbody tr').filter({ hasText: 'TVA CA3 octobre' })).toContain('Période 2026-T3');
  });

  test('the deadlines export as iCalendar, the toast naming the file', async ({ page }) => {
    await open(page, 'Échéances', 'deadlines');
    await page.getByRole('button', { name: 'Exporter (iCalendar)' }).click();
    await said(toast(page)).toBe('Exporté : /home/claire/Téléchargements/vigie-echeances-2026-11-25.ics');
    await page.getByRole('button', { name: 'Exporter (iCalendar)' }).click();
    await said(toast(page)).toBe('Exporté : /home/claire/Téléchargements/vigie-echeances-2026-11-25 (2).ics');
  });

  test('the Calendrier screen exports the person chosen', async ({ page }) => {
    await open(page, 'Calendrier', 'calendar-period');
    await page.getByTestId('filter-person').selectOption({ label: 'Julien Lefèvre' });
    await page.getByRole('button', { name: 'Exporter (iCalendar)' }).click();
    await said(toast(page)).toBe('Exporté : /home/claire/Téléchargements/vigie-echeances-2026-11-25.ics');
    const asked = await page.evaluate(() => window.__vigieFake.calls.filter((c) => c.cmd === 'export_deadlines_ics').map((c) => c.args));
    expect(asked).toEqual([expect.objectContaining({ personEmail: 'julien.lefevre@cabinet-demo.fr' })]);
  });
});
