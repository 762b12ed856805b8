// "Réglages", below the cabinet's alerts and email server: each person's alert channels, this
// computer's user's quiet hours, and the cabinet and workstation card.
import { test, expect, type Page } from '@playwright/test';
import { openInbox } from './app';

async function openSettings(page: Page): Promise<void> {
  await openInbox(page);
  await page.getByRole('navigation', { name: 'Écrans de Vigie' }).getByRole('button', { name: 'Réglages' }).click();
  await expect(page.getByTestId('alert-channels').getByRole('table')).toBeVisible();
}

async function go(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Écrans de Vigie' }).getByRole('button', { name }).click();
}

/** The fake shell's channels of a staff member, as [kind, email, popup]. */
function stored(page: Page, staffId: number): Promise<[string, boolean, boolean][]> {
  return page.evaluate(
    (id) => window.__vigieFake.preferences.list(id).map((c) => [c.kind, c.email, c.popup] as [string, boolean, boolean]),
    staffId,
  );
}

test.describe('Canaux d’alerte', () => {
  test('each box is saved on change for the person picked, and read back', async ({ page }) => {
    await openSettings(page);
    const card = page.getByTestId('alert-channels');
    const person = card.getByLabel('Personne');
    await expect(person.locator('option:checked')).toHaveText('Claire Moreau (cet ordinateur)');
    const lateEmail = card.getByRole('checkbox', { name: 'E-mail — Tâche en retard' });
    await expect(lateEmail).toBeChecked();
    await lateEmail.uncheck();
    await expect(page.getByTestId('toast')).toContainText('Claire Moreau : e-mail « Tâche en retard » désactivé.');
    expect((await stored(page, 1))[2]).toEqual(['taches_retard', false, true]);

    // The digest comes by email only: no pop-up box on its row.
    await expect(card.getByRole('checkbox', { name: 'E-mail — Récapitulatif hebdomadaire' })).toBeChecked();
    await expect(card.getByRole('checkbox', { name: 'Pop-up — Récapitulatif hebdomadaire' })).toHaveCount(0);
    await expect(card.getByRole('checkbox')).toHaveCount(9);

    await person.selectOption({ label: 'Julien Lefèvre' });
    await expect(lateEmail).toBeChecked();
    await card.getByRole('checkbox', { name: 'Pop-up — Échéance proche' }).uncheck();
    await expect(page.getByTestId('toast').last()).toContainText('Julien Lefèvre : pop-up « Échéance proche » désactivé.');
    await card.getByRole('checkbox', { name: 'E-mail — Récapitulatif hebdomadaire' }).uncheck();
    expect(await stored(page, 2)).toEqual([
      ['echeance_proche', true, false],
      ['documents_manquants', true, true],
      ['taches_retard', true, true],
      ['evenement_important', true, true],
      ['resume_hebdomadaire', false, true],
    ]);

    // Read back from the shell, on another visit of the screen.
    await go(page, 'Journal');
    await go(page, 'Réglages');
    await expect(card.getByRole('checkbox', { name: 'E-mail — Tâche en retard' })).not.toBeChecked();
    await expect(card.getByRole('checkbox', { name: 'Pop-up — Tâche en retard' })).toBeChecked();
    await card.getByLabel('Personne').selectOption({ label: 'Julien Lefèvre' });
    await expect(card.getByRole('checkbox', { name: 'Pop-up — Échéance proche' })).not.toBeChecked();
    await expect(card.getByRole('checkbox', { name: 'E-mail — Récapitulatif hebdomadaire' })).not.toBeChecked();
  });

  test('a change the shell refuses is undone and its French reason shown', async ({ page }) => {
    await openSettings(page);
    const card = page.getByTestId('alert-channels');
    await page.evaluate(() =>
      window.__vigieFake.failNext('set_staff_channel', {
        code: 'not_found',
        message: 'La personne n°\u00a02 est introuvable dans ce cabinet : elle a peut-être été supprimée. Actualisez la liste.',
        details: { record: 'staff', id: 2 },
      }),
    );
    const box = card.getByRole('checkbox', { name: 'Pop-up — Documents manquants' });
    // A click, not uncheck(): the box is checked again at once, which uncheck() takes for a miss.
    await box.click();
    await expect(page.getByTestId('toast')).toContainText('est introuvable dans ce cabinet');
    await expect(box).toBeChecked();
    expect((await stored(page, 1))[1]).toEqual(['documents_manquants', true, true]);
  });
});

test.describe('Heures calmes', () => {
  test('are saved, shown, then turned off', async ({ page }) => {
    await openSettings(page);
    const card = page.getByTestId('quiet-hours');
    await expect(card.getByTestId('quiet-state')).toContainText('Aucune heure calme');
    await expect(card.getByRole('button', { name: 'Désactiver' })).toBeDisabled();
    await card.getByLabel('De').fill('19h');
    await card.getByLabel('À', { exact: true }).fill('08:00');
    await card.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByTestId('toast')).toContainText('pas de pop-up de 19:00 à 08:00');
    await expect(card.getByTestId('quiet-state')).toHaveText('Actives de 19:00 à 08:00.');
    expect(await page.evaluate(() => window.__vigieFake.preferences.quiet)).toEqual({ from: '19:00', until: '08:00' });

    await go(page, 'Journal');
    await go(page, 'Réglages');
    await expect(card.getByLabel('De')).toHaveValue('19:00');
    await expect(card.getByLabel('À', { exact: true })).toHaveValue('08:00');

    await card.getByRole('button', { name: 'Désactiver' }).click();
    await expect(card.getByTestId('quiet-state')).toContainText('Aucune heure calme');
    await expect(card.getByLabel('De')).toHaveValue('');
    expect(await page.evaluate(() => window.__vigieFake.preferences.quiet)).toBeNull();
  });

  test('a refused time is named beside its field, and nothing is saved', async ({ page }) => {
    await openSettings(page);
    const card = page.getByTestId('quiet-hours');
    await card.getByLabel('De').fill('09:00');
    await card.getByLabel('À', { exact: true }).fill('09:00');
    await card.getByRole('button', { name: 'Enregistrer' }).click();
    const until = card.getByLabel('À', { exact: true });
    await expect(until).toHaveAttribute('aria-invalid', 'true');
    await expect(card.locator('#quiet-until-error')).toHaveText('la fin doit différer du début (sinon, rien ou toute la journée ?)');
    await expect(until).toHaveAccessibleDescription(/la fin doit différer du début/);
    await expect(card.getByLabel('De')).not.toHaveAttribute('aria-invalid', 'true');

    await until.fill('');
    await card.getByLabel('De').fill('25:00');
    await card.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(card.locator('#quiet-from-error')).toHaveText('« 25:00 » n\'est pas une heure : écrivez HH:MM, par exemple 19:00');
    await expect(card.getByLabel('De')).toHaveAttribute('aria-invalid', 'true');
    await expect(card.locator('#quiet-until-error')).toHaveText('indiquez une heure, par exemple 19:00');
    expect(await page.evaluate(() => window.__vigieFake.preferences.quiet)).toBeNull();
    await expect(card.getByTestId('quiet-state')).toContainText('Aucune heure calme');
  });
});

test.describe('Cabinet et poste', () => {
  test('shows the cabinet, its time zone and the user; start at login switches; the user can be changed', async ({ page }) => {
    await openSettings(page);
    const card = page.getByTestId('workstation-card');
    await expect(card.getByTestId('card-cabinet')).toContainText('Cabinet Démo');
    await expect(card.getByTestId('card-timezone')).toContainText('Europe/Paris');
    await expect(card.getByTestId('card-user')).toHaveText('Claire Moreau');

    const sw = card.getByRole('switch', { name: 'Lancer Vigie à l’ouverture de session' });
    await expect(sw).toHaveAttribute('aria-checked', 'false');
    await sw.click();
    await expect(sw).toHaveAttribute('aria-checked', 'true');
    expect(await page.evaluate(() => window.__vigieFake.autostart)).toBe(true);
    // The same setting in "À propos".
    await page.getByRole('button', { name: 'À propos' }).click();
    const about = page.getByRole('dialog', { name: 'À propos de Vigie' });
    await expect(about.getByRole('switch', { name: 'Lancer Vigie à l’ouverture de session' })).toHaveAttribute('aria-checked', 'true');
    await about.getByRole('button', { name: 'Fermer' }).click();

    await card.getByRole('button', { name: 'Changer d’utilisateur' }).click();
    const dialog = page.getByRole('dialog', { name: 'Changer d’utilisateur' });
    await expect(dialog.getByLabel('Utilisateur de cet ordinateur')).toHaveValue('claire.moreau@cabinet-demo.fr');
    await dialog.getByLabel('Utilisateur de cet ordinateur').selectOption({ label: 'Julien Lefèvre — collaborateur' });
    await dialog.getByRole('button', { name: 'Changer' }).click();
    await expect(page.getByTestId('toast')).toContainText('Cet ordinateur est maintenant celui de Julien Lefèvre.');
    await expect(page.getByTestId('workstation-card').getByTestId('card-user')).toHaveText('Julien Lefèvre');
    await expect(page.getByTestId('alert-channels').getByLabel('Personne').locator('option:checked')).toHaveText(
      'Julien Lefèvre (cet ordinateur)',
    );
    const chosen = await page.evaluate(() => window.__vigieFake.calls.filter((c) => c.cmd === 'choose_user').map((c) => c.args));
    expect(chosen).toEqual([{ email: 'julien.lefevre@cabinet-demo.fr', cabinet: 'Cabinet Démo' }]);
  });

  test('cancelling the change of user changes nothing', async ({ page }) => {
    await openSettings(page);
    await page.getByTestId('workstation-card').getByRole('button', { name: 'Changer d’utilisateur' }).click();
    const dialog = page.getByRole('dialog', { name: 'Changer d’utilisateur' });
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await expect(dialog).toBeHidden();
    expect(await page.evaluate(() => window.__vigieFake.commands())).not.toContain('choose_user');
  });
});
