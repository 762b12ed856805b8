// The screens beside the inbox: "Planification" (jobs), "E-mails" (outbox), "Journal" (logs),
// against the fake shell.
import { test, expect, type Page } from '@playwright/test';
import { commandsCalled, count, openInbox } from './app';

async function go(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Écrans de Vigie' }).getByRole('button', { name }).click();
}

test.describe('the navigation', () => {
  test('shows each screen, marks the current one, carries the unread count, and a pop-up brings back the inbox', async ({ page }) => {
    await openInbox(page);
    const nav = page.getByRole('navigation', { name: 'Écrans de Vigie' });
    await expect(nav.getByRole('button', { name: /Alertes/ })).toHaveAttribute('aria-current', 'page');
    const unread = await count(page, 'unread');
    await expect(nav.getByRole('button', { name: `Alertes (${unread} non lues)` })).toBeVisible();
    await expect(page.getByTestId('nav-inbox')).toContainText(String(unread));
    await go(page, 'Planification');
    await expect(page.getByRole('heading', { name: 'Planification', level: 2 })).toBeVisible();
    await expect(nav.getByRole('button', { name: 'Planification' })).toHaveAttribute('aria-current', 'page');
    await go(page, 'E-mails');
    await expect(page.getByRole('heading', { name: 'E-mails', level: 2 })).toBeVisible();
    await go(page, 'Journal');
    await expect(page.getByRole('heading', { name: 'Journal', level: 2 })).toBeVisible();
    // A pop-up's click (the shell's event) shows its alert, whatever screen was open.
    await page.evaluate(() => window.__vigieFake.emit('open-notification', { id: 1 }));
    await expect(page.getByRole('listbox')).toBeVisible();
    await expect(page.getByTestId('detail').getByRole('heading', { level: 2 })).toBeVisible();
  });
});

test.describe('Planification', () => {
  test('says each schedule in French with its next runs and record, and runs a job now', async ({ page }) => {
    await openInbox(page);
    await go(page, 'Planification');
    const check = page.getByTestId('job-check');
    await expect(check.getByRole('heading', { name: 'Vérification des alertes' })).toBeVisible();
    await expect(page.getByTestId('job-check-description')).toHaveText('tous les jours à 9\u00a0h et 14\u00a0h');
    await expect(check.locator('ol li')).toHaveCount(5);
    await expect(check).toContainText('1\u00a0exécution, 0\u00a0échec');
    await expect(page.getByTestId('history').locator('tbody tr')).toHaveCount(2);

    await page.getByTestId('job-cleanup').getByRole('button', { name: 'Lancer maintenant' }).click();
    await expect(page.getByTestId('toast')).toContainText('Nettoyage\u00a0: terminée');
    await expect(page.getByTestId('history').locator('tbody tr')).toHaveCount(3);
    await expect(page.getByTestId('history').locator('tbody tr').first()).toContainText('Manuelle');
    expect(await commandsCalled(page)).toContain('run_job_now');
  });

  test('an edited schedule shows its meaning as it is typed, refuses a wrong one beside the field, and is saved', async ({ page }) => {
    await openInbox(page);
    await go(page, 'Planification');
    const check = page.getByTestId('job-check');
    await check.getByRole('button', { name: 'Modifier l’horaire' }).click();
    const field = check.getByLabel(/Horaire/);
    await field.fill('0 25 * * *');
    await expect(check.getByTestId('cron-error')).toContainText('heures : 25 est hors de l’intervalle 0–23');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(check.getByRole('button', { name: 'Enregistrer' })).toBeDisabled();
    await field.fill('0 9 * *');
    await expect(check.getByTestId('cron-error')).toContainText('5 champs attendus');

    await field.fill('30 8 * * 1-5');
    await expect(check.locator('.meaning')).toContainText('du lundi au vendredi à 8\u00a0h\u00a030');
    await expect(check.locator('.meaning')).toContainText('Prochaines exécutions');
    await check.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByTestId('job-check-description')).toHaveText('du lundi au vendredi à 8\u00a0h\u00a030');
    await expect(page.getByTestId('toast')).toContainText('Horaire enregistré');
  });

  test('suspends and resumes the cabinet’s alerts; a check while suspended is not run', async ({ page }) => {
    await openInbox(page);
    await go(page, 'Planification');
    await page.getByRole('button', { name: 'Suspendre les alertes' }).click();
    await expect(page.getByTestId('pause')).toContainText('suspendues jusqu’à leur reprise');
    await expect(page.getByTestId('job-check')).toContainText('Suspendue');
    await page.getByTestId('job-check').getByRole('button', { name: 'Lancer maintenant' }).click();
    await expect(page.getByTestId('toast').last()).toContainText('non lancée, les alertes du cabinet sont suspendues');
    await page.getByRole('button', { name: 'Reprendre les alertes' }).click();
    await expect(page.getByTestId('pause')).toContainText('tournent normalement');
  });

  test('a failure to read the jobs is said on the screen', async ({ page }) => {
    await openInbox(page);
    await page.evaluate(() =>
      window.__vigieFake.failNext('job_monitor', { code: 'store_locked', message: 'Les données de Vigie sont occupées par un autre programme.', details: {} }),
    );
    await go(page, 'Planification');
    await expect(page.getByRole('alert').filter({ hasText: 'occupées' })).toContainText('occupées par un autre programme');
  });
});

test.describe('E-mails', () => {
  test('lists the emails with the server’s reply, filters them, and sends a failed one again', async ({ page }) => {
    await openInbox(page);
    await go(page, 'E-mails');
    const table = page.getByTestId('outbox');
    await expect(table.locator('tbody tr')).toHaveCount(3);
    await expect(table).toContainText('Dernier échec : 535 5.7.8 Authentication credentials invalid');
    await page.getByRole('button', { name: 'En échec' }).click();
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await table.getByRole('button', { name: /Réessayer l’e-mail à julien/ }).click();
    await expect(page.getByTestId('toast')).toContainText('repartira au prochain passage');
    await expect(page.getByTestId('outbox-empty')).toContainText('Aucun e-mail échec');
    await page.getByRole('button', { name: 'En attente' }).click();
    await expect(table.locator('tbody tr')).toHaveCount(2);
  });
});

test.describe('Journal', () => {
  test('shows the newest lines first, by level and text', async ({ page }) => {
    await openInbox(page);
    await go(page, 'Journal');
    const entries = page.getByTestId('log-entries').locator('li');
    await expect(entries).toHaveCount(4);
    await expect(entries.first()).toContainText('Erreur');
    await expect(entries.first()).toContainText('Caused by:');
    await page.getByLabel('Niveau').selectOption({ label: 'Erreurs' });
    await expect(entries).toHaveCount(1);
    await page.getByLabel('Niveau').selectOption({ label: 'Tout' });
    await page.getByTestId('log-search').fill('scheduler');
    await expect(entries).toHaveCount(1);
    await expect(entries.first()).toContainText('scheduler started');
    await page.getByTestId('log-search').fill('introuvable');
    await expect(page.getByTestId('logs-empty')).toHaveText('Aucune ligne ne correspond.');
  });
});

test.describe('Réglages', () => {
  test('a provider fills the server; a missing sender is refused beside its field; the password is never shown back', async ({ page }) => {
    await openInbox(page);
    await go(page, 'Réglages');
    const smtp = page.getByTestId('smtp');
    await expect(smtp.getByTestId('smtp-none')).toBeVisible();
    await smtp.getByLabel('Fournisseur').selectOption({ label: 'Microsoft 365 / Outlook' });
    await expect(smtp.getByLabel('Serveur', { exact: true })).toHaveValue('smtp.office365.com');
    await expect(smtp.getByLabel('Port')).toHaveValue('587');
    await smtp.getByLabel('Identifiant').fill('alertes@cabinet-demo.fr');
    await smtp.getByLabel('Mot de passe').fill('S3cret!');
    await smtp.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(smtp.getByTestId('smtp-from-error')).toContainText('L’adresse d’envoi');
    await expect(smtp.getByLabel('Adresse d’envoi')).toHaveAttribute('aria-invalid', 'true');

    await smtp.getByLabel('Adresse d’envoi').fill('alertes@cabinet-demo.fr');
    await smtp.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByTestId('toast')).toContainText('Serveur d’e-mails enregistré');
    await expect(smtp.getByLabel('Mot de passe')).toHaveValue('');
    await expect(smtp.getByLabel('Mot de passe')).toHaveAttribute('placeholder', '•••••••• (enregistré)');
    await expect(smtp.getByTestId('smtp-none')).toHaveCount(0);
  });

  test('the test email says it was accepted, or gives the server’s exact answer', async ({ page }) => {
    await openInbox(page);
    await go(page, 'Réglages');
    const smtp = page.getByTestId('smtp');
    await expect(smtp.getByRole('button', { name: 'Envoyer un e-mail de test' })).toBeDisabled();
    await smtp.getByLabel('Serveur', { exact: true }).fill('smtp.cabinet-demo.fr');
    await smtp.getByLabel('Adresse d’envoi').fill('alertes@cabinet-demo.fr');
    await smtp.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(smtp.getByLabel('Envoyer un e-mail de test à')).toHaveValue('claire.moreau@cabinet-demo.fr');
    await smtp.getByRole('button', { name: 'Envoyer un e-mail de test' }).click();
    await expect(smtp.getByTestId('smtp-test-result')).toContainText('le serveur l’a accepté');

    await smtp.getByLabel('Serveur', { exact: true }).fill('refuse.example');
    await smtp.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByTestId('toast').last()).toContainText('refuse.example');
    await smtp.getByRole('button', { name: 'Envoyer un e-mail de test' }).click();
    await expect(smtp.getByTestId('smtp-test-result')).toContainText('535 5.7.8 Authentication credentials invalid');
    await expect(smtp.getByRole('alert')).toBeVisible();
  });
});

test.describe('Réglages des alertes', () => {
  test('a horizon is changed; a wrong value is refused beside its field and the others are kept', async ({ page }) => {
    await openInbox(page);
    await go(page, 'Réglages');
    const card = page.getByTestId('alert-settings');
    await expect(card.getByLabel('Échéances')).toHaveValue('7');
    await card.getByLabel('Échéances').fill('10');
    await card.getByLabel('Événements importants').fill('400');
    await card.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(card.getByLabel('Événements importants')).toHaveAttribute('aria-invalid', 'true');
    await expect(card).toContainText('366 jours au plus');
    await expect(page.getByTestId('toast')).toContainText('Réglages des alertes enregistrés');
    expect(await page.evaluate(() => window.__vigieFake.settings.entries.find((e) => e.key === 'echeance.horizon_days')?.value)).toBe('10');
  });
});
