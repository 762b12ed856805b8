import { test, expect } from '@playwright/test';
import { commandsCalled, openApp, openInbox, row, rows, tab } from './app';

test.describe('the inbox', () => {
  test('shows the user, the demo chip and every tab with its count', async ({ page }) => {
    await openInbox(page);
    await expect(page.getByTestId('who')).toContainText('Claire Moreau');
    await expect(page.getByTestId('who')).toContainText('Cabinet Démo');
    await expect(page.getByTestId('demo-chip')).toHaveText('Démo');
    const tabs = page.getByRole('tablist').getByRole('tab');
    const names = [
      'Toutes 18',
      'Non lues 9',
      'Échéances 6',
      'Documents manquants 5',
      'Tâches en retard 4',
      'Événements 3',
      'Archivées 0',
    ];
    await expect(tabs).toHaveCount(names.length);
    for (const [i, name] of names.entries()) await expect(tabs.nth(i)).toHaveAccessibleName(name);
    await expect(tab(page, /Toutes/)).toHaveAttribute('aria-selected', 'true');
    await expect(rows(page).first()).toContainText('TVA CA3 novembre');
    await expect(rows(page).first()).toContainText('Boulangerie Martin SARL');
    await expect(rows(page).first()).toContainText('il y a 25 min');
  });

  test('a tab shows only its kind, and the arrow keys move between tabs', async ({ page }) => {
    await openInbox(page);
    await tab(page, /Documents manquants/).click();
    await expect(rows(page)).toHaveCount(5);
    await expect(page.getByRole('tabpanel')).toHaveAttribute('aria-labelledby', 'tab-documents_manquants');
    for (const text of await rows(page).allTextContents()) expect(text).toContain('Document manquant');
    await page.keyboard.press('ArrowRight');
    await expect(tab(page, /Tâches en retard/)).toBeFocused();
    await expect(tab(page, /Tâches en retard/)).toHaveAttribute('aria-selected', 'true');
    await expect(rows(page)).toHaveCount(4);
    await tab(page, /Non lues/).click();
    await expect(rows(page)).toHaveCount(9);
  });

  test('search filters by title or client, accents ignored, after a short pause', async ({ page }) => {
    await openInbox(page);
    await page.getByTestId('search').fill('boulangerie');
    await expect(rows(page)).toHaveCount(3);
    await page.getByTestId('search').fill('releves');
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText('Relevés bancaires octobre');
    // Within a tab.
    await tab(page, /Échéances/).click();
    await expect(page.getByTestId('empty')).toContainText('Rien à signaler');
    await expect(page.getByTestId('empty')).toContainText('Aucune alerte ne correspond à « releves »');
    await page.getByTestId('search').fill('');
    await expect(rows(page)).toHaveCount(6);
    // Typing fast reads the list once the typing stops, not once a key.
    const before = (await commandsCalled(page)).filter((c) => c === 'inbox').length;
    await page.getByTestId('search').pressSequentially('zinc', { delay: 10 });
    await expect(rows(page)).toHaveCount(1);
    const after = (await commandsCalled(page)).filter((c) => c === 'inbox').length;
    expect(after - before).toBeLessThanOrEqual(2);
  });

  test('opening shows the detail and the unread count drops', async ({ page }) => {
    await openInbox(page);
    await expect(page.getByTestId('count-unread')).toHaveText('9');
    await row(page, 'TVA CA3 novembre').click();
    const detail = page.getByTestId('detail');
    await expect(detail.getByRole('heading', { level: 2 })).toHaveText('Échéance dans 5 jours : TVA CA3 novembre');
    await expect(detail).toContainText('TVA CA3 novembre pour Boulangerie Martin SARL est à rendre le lundi 30 novembre 2026.');
    await expect(detail).toContainText('Boulangerie Martin SARL');
    await expect(detail).toContainText('SIREN 412 345 670');
    await expect(detail.locator('dl')).toContainText('Date limite');
    await expect(detail.locator('dl')).toContainText('lundi 30 novembre 2026');
    await expect(detail.locator('dl')).toContainText('TVA (CA3)');
    await expect(detail.locator('dl')).toContainText('À faire');
    await expect(detail.locator('dl')).toContainText('Julien Lefèvre');
    await expect(page.getByTestId('count-unread')).toHaveText('8');
    await expect(row(page, 'TVA CA3 novembre')).not.toHaveClass(/unread/);
    await expect(row(page, 'TVA CA3 novembre')).toHaveAttribute('aria-selected', 'true');
  });

  test('each kind of subject is described, and a deleted one says so', async ({ page }) => {
    await openInbox(page);
    const detail = page.getByTestId('detail');
    await row(page, 'Relevés bancaires octobre').click();
    await expect(detail.locator('dl')).toContainText('Demandé le');
    await expect(detail.locator('dl')).toContainText('lundi 2 novembre 2026');
    await expect(detail.locator('dl')).toContainText('Non, toujours manquant');
    await row(page, 'Préparer le dossier de rescrit CIR').click();
    await expect(detail.locator('dl')).toContainText('Urgente');
    await expect(detail.locator('dl')).toContainText('En retard');
    await row(page, 'Début du contrôle fiscal').click();
    await expect(detail.locator('dl')).toContainText('jeudi 26 novembre 2026 à 9 h');
    await expect(detail.locator('dl')).toContainText('Haute');
    await page.getByRole('listbox').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await row(page, 'Saisie des notes de frais').click();
    await expect(page.getByTestId('gone')).toHaveText('L’élément concerné a été supprimé depuis.');
  });

  test('a deadline of the fiscal calendar shows its period and legal basis', async ({ page }) => {
    await openInbox(page);
    await row(page, 'Acompte IS décembre').click();
    const subject = page.locator('.block').filter({ hasText: 'Échéance' });
    await expect(subject.locator('dl')).toContainText('Période EX-2026-4');
    await expect(page.getByTestId('detail-source')).toHaveText('CGI art. 1668 ; CGI ann. III art. 359 et 360');
    // One without them says nothing of either.
    await row(page, 'TVA CA3 novembre').click();
    await expect(page.getByTestId('detail-source')).toHaveCount(0);
    await expect(subject.locator('dl')).not.toContainText('Période');
  });

  test('mark unread brings the count back', async ({ page }) => {
    await openInbox(page);
    await row(page, 'Acompte IS décembre').click();
    await expect(page.getByTestId('count-unread')).toHaveText('8');
    await page.getByRole('button', { name: 'Marquer comme non lu' }).click();
    await expect(page.getByTestId('count-unread')).toHaveText('9');
    await expect(row(page, 'Acompte IS décembre')).toHaveClass(/unread/);
    await expect(page.getByRole('button', { name: 'Marquer comme lu', exact: true })).toBeVisible();
  });

  test('"Tout marquer comme lu" reads every alert of the current tab only', async ({ page }) => {
    await openInbox(page);
    await tab(page, /Échéances/).click();
    await expect(rows(page)).toHaveCount(6);
    await page.getByRole('button', { name: 'Tout marquer comme lu' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'alertes marquées comme lues' })).toContainText(
      '4 alertes marquées comme lues.',
    );
    await expect(page.getByTestId('count-unread')).toHaveText('5');
    await expect(page.locator('[role="option"].unread')).toHaveCount(0);
    await tab(page, /Non lues/).click();
    await expect(rows(page)).toHaveCount(5);
    await page.getByRole('button', { name: 'Tout marquer comme lu' }).click();
    await expect(page.getByTestId('empty')).toContainText('Toutes vos alertes sont lues.');
    await expect(page.getByTestId('count-unread')).toHaveText('0');
  });

  test('snooze takes the alert out; when the shell brings it back it reappears', async ({ page }) => {
    await openInbox(page);
    await row(page, 'DSN mensuelle novembre').click();
    await page.getByRole('button', { name: 'Reporter…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reporter l’alerte' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: /Demain à 9 h/ }).click();
    await expect(dialog).toBeHidden();
    await expect(row(page, 'DSN mensuelle novembre')).toHaveCount(0);
    await expect(page.getByTestId('snoozed-hint')).toHaveText(/1\s+reportée/);
    await expect(page.getByTestId('count-all')).toHaveText('17');
    await expect(page.getByRole('status').filter({ hasText: 'Alerte reportée' })).toContainText('jusqu’à demain 9 h');
    const snoozed = await page.evaluate(() =>
      window.__vigieFake.notifications.filter((n) => n.snoozed_until).map((n) => n.snoozed_until),
    );
    expect(snoozed).toEqual(['2026-11-26T08:00:00Z']);

    await page.evaluate(() => window.__vigieFake.wakeSnoozed());
    await expect(row(page, 'DSN mensuelle novembre')).toHaveCount(1);
    await expect(row(page, 'DSN mensuelle novembre')).toHaveClass(/unread/);
    await expect(page.getByTestId('snoozed-hint')).toHaveCount(0);
    await expect(page.getByTestId('announcer')).toHaveText('1 nouvelle alerte');
  });

  test('snooze to a chosen date, and "Annuler" in the message brings it back at once', async ({ page }) => {
    await openInbox(page);
    await row(page, 'Acompte IS décembre').click();
    await page.keyboard.press('s');
    const dialog = page.getByRole('dialog', { name: 'Reporter l’alerte' });
    await dialog.getByRole('button', { name: 'Choisir une date…' }).click();
    const input = dialog.getByLabel('Revenir le');
    await expect(input).toBeFocused();
    await input.fill('2026-11-20T10:00');
    await dialog.getByRole('button', { name: 'Reporter', exact: true }).click();
    await expect(dialog.getByRole('alert')).toHaveText('Choisissez une date et une heure à venir.');
    await input.fill('2026-12-02T14:30');
    await dialog.getByRole('button', { name: 'Reporter', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(row(page, 'Acompte IS décembre')).toHaveCount(0);
    const toast = page.getByRole('status').filter({ hasText: 'Alerte reportée' });
    await expect(toast).toContainText('jusqu’au mercredi 2 décembre 2026 à 14 h 30');
    expect(await page.evaluate(() => window.__vigieFake.calls.filter((c) => c.cmd === 'snooze').map((c) => c.args))).toEqual([
      { id: 15, until: { for: 'until', at: '2026-12-02T13:30:00.000Z' } },
    ]);
    await toast.getByRole('button', { name: 'Annuler' }).click();
    await expect(row(page, 'Acompte IS décembre')).toHaveCount(1);
    expect(await commandsCalled(page)).toContain('unsnooze');
  });

  test('archive, the Archivées tab, and back', async ({ page }) => {
    await openInbox(page);
    await row(page, 'Début du contrôle fiscal').click();
    await page.getByTestId('detail').getByRole('button', { name: 'Archiver' }).click();
    await expect(row(page, 'Début du contrôle fiscal')).toHaveCount(0);
    await expect(page.getByTestId('count-archived')).toHaveText('1');
    await expect(page.getByTestId('count-all')).toHaveText('17');
    await tab(page, /Archivées/).click();
    await expect(rows(page)).toHaveCount(1);
    await row(page, 'Début du contrôle fiscal').click();
    await expect(page.getByTestId('detail').getByRole('button', { name: 'Reporter…' })).toHaveCount(0);
    await page.getByTestId('detail').getByRole('button', { name: 'Désarchiver' }).click();
    await expect(page.getByTestId('empty')).toContainText('Aucune alerte archivée.');
    await expect(page.getByTestId('count-archived')).toHaveText('0');
    await expect(page.getByTestId('count-all')).toHaveText('18');
  });

  test('new alerts appear without reloading and are announced', async ({ page }) => {
    await openInbox(page);
    await expect(rows(page).first()).toContainText('TVA CA3 novembre');
    await page.evaluate(() => window.__vigieFake.arrive(2));
    await expect(rows(page).first()).toContainText('Acompte de CVAE décembre');
    await expect(rows(page).nth(1)).toContainText('Relevés bancaires novembre');
    await expect(rows(page).nth(2)).toContainText('TVA CA3 novembre');
    await expect(page.getByTestId('announcer')).toHaveText('2 nouvelles alertes');
    await expect(page.getByTestId('announcer')).toHaveAttribute('aria-live', 'polite');
    await expect(page.getByTestId('count-all')).toHaveText('20');
    await expect(page.getByTestId('count-unread')).toHaveText('11');
  });

  test('a clicked pop-up (openNotification) selects and opens its alert, even from another tab', async ({ page }) => {
    await openInbox(page);
    await tab(page, /Archivées/).click();
    await expect(page.getByTestId('empty')).toBeVisible();
    await page.evaluate(() => window.__vigieFake.emit('open-notification', { id: 12 }));
    await expect(tab(page, /Toutes/)).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('detail').getByRole('heading', { level: 2 })).toHaveText(
      'Tâche en retard : Préparer le dossier de rescrit CIR',
    );
    await expect(row(page, 'Préparer le dossier de rescrit CIR')).toHaveAttribute('aria-selected', 'true');
    await expect(row(page, 'Préparer le dossier de rescrit CIR')).not.toHaveClass(/unread/);
  });

  test('keyboard: j/k move, Enter opens, u marks unread, e archives, s snoozes, / searches', async ({ page }) => {
    await openInbox(page);
    const list = page.getByRole('listbox');
    await list.focus();
    await expect(list).toHaveAttribute('aria-activedescendant', 'n-18');
    await page.keyboard.press('j');
    await expect(list).toHaveAttribute('aria-activedescendant', 'n-17');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('j');
    await expect(list).toHaveAttribute('aria-activedescendant', 'n-15');
    await page.keyboard.press('k');
    await expect(list).toHaveAttribute('aria-activedescendant', 'n-16');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('detail').getByRole('heading', { level: 2 })).toHaveText(
      'Document manquant : Relevés bancaires octobre',
    );
    await expect(page.getByTestId('count-unread')).toHaveText('8');
    await expect(list).toBeFocused();
    await page.keyboard.press('u');
    await expect(page.getByTestId('count-unread')).toHaveText('9');
    await page.keyboard.press('e');
    await expect(row(page, 'Relevés bancaires octobre')).toHaveCount(0);
    await expect(page.getByTestId('count-archived')).toHaveText('1');
    // The selection moved to the next row.
    await expect(list).toHaveAttribute('aria-activedescendant', 'n-15');
    await page.keyboard.press('s');
    const dialog = page.getByRole('dialog', { name: 'Reporter l’alerte' });
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await page.keyboard.press('/');
    await expect(page.getByTestId('search')).toBeFocused();
    await page.keyboard.type('jk');
    await expect(page.getByTestId('search')).toHaveValue('jk');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('search')).toHaveValue('');
    await page.keyboard.press('Escape');
    await expect(list).toBeFocused();
    await page.keyboard.press('End');
    await expect(list).toHaveAttribute('aria-activedescendant', 'n-1');
    await page.keyboard.press('Home');
    await expect(list).toHaveAttribute('aria-activedescendant', 'n-18');
  });

  test('a failing command shows its French message, and the window goes on', async ({ page }) => {
    await openInbox(page);
    await page.evaluate(() =>
      window.__vigieFake.failNext('archive', {
        code: 'store_locked',
        message: 'Un autre programme modifie les données de Vigie. Réessayez dans un instant.',
        details: {},
      }),
    );
    await row(page, 'TVA CA3 novembre').click();
    await page.getByTestId('detail').getByRole('button', { name: 'Archiver' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Un autre programme' })).toHaveText(
      'Un autre programme modifie les données de Vigie. Réessayez dans un instant.',
    );
    await expect(row(page, 'TVA CA3 novembre')).toHaveCount(1);
    // Still usable.
    await page.getByTestId('detail').getByRole('button', { name: 'Archiver' }).click();
    await expect(row(page, 'TVA CA3 novembre')).toHaveCount(0);
  });

  test('an empty inbox is calm', async ({ page }) => {
    await openApp(page, { inbox: 'empty' });
    await expect(page.getByTestId('empty')).toContainText('Rien à signaler');
    await expect(page.getByTestId('empty')).toContainText('Aucune alerte en cours.');
    await expect(page.getByTestId('count-all')).toHaveText('0');
  });

  test('pop-ups: suspend for an hour, then resume; the tray changing it shows too', async ({ page }) => {
    await openInbox(page);
    await page.getByRole('button', { name: 'Suspendre les pop-ups' }).click();
    const menu = page.getByRole('menu', { name: 'Suspendre les pop-ups' });
    await expect(menu.getByRole('menuitem').first()).toBeFocused();
    await menu.getByRole('menuitem', { name: 'Pendant 1 heure' }).click();
    await expect(page.getByTestId('popups-paused')).toContainText('Pop-ups suspendues jusqu’à 12 h');
    await page.getByRole('button', { name: 'Reprendre' }).click();
    await expect(page.getByRole('button', { name: 'Suspendre les pop-ups' })).toBeVisible();
    await page.evaluate(() => window.__vigieFake.emit('popups-changed', { muted_until: '2026-11-26T08:00:00Z' }));
    await expect(page.getByTestId('popups-paused')).toContainText('Pop-ups suspendues jusqu’à demain 9 h');
    await page.evaluate(() => window.__vigieFake.emit('popups-changed', { muted_until: null }));
    await expect(page.getByRole('button', { name: 'Suspendre les pop-ups' })).toBeVisible();
  });

  test('"Vérifier maintenant" says what it found', async ({ page }) => {
    await openInbox(page, { checkCreates: 3 });
    await page.getByRole('button', { name: 'Vérifier maintenant' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Vérification faite' })).toHaveText(
      /Vérification faite\s*:\s*3\s*nouvelles alertes\./,
    );
    await expect(page.getByTestId('count-all')).toHaveText('21');
  });

  test('"Vérifier maintenant" with nothing new', async ({ page }) => {
    await openInbox(page);
    await page.getByRole('button', { name: 'Vérifier maintenant' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Vérification faite' })).toHaveText(
      /Vérification faite\s*:\s*rien de nouveau\./,
    );
  });

  test('a toast event from the tray is shown', async ({ page }) => {
    await openInbox(page);
    await page.evaluate(() =>
      window.__vigieFake.emit('toast', { message: 'La vérification a échoué : le disque est plein.', error: true }),
    );
    await expect(page.getByRole('alert').filter({ hasText: 'disque' })).toHaveText(
      'La vérification a échoué : le disque est plein.',
    );
  });

  test('"Quitter la démo" asks first, then goes back to the first-run screen', async ({ page }) => {
    await openInbox(page);
    await page.getByRole('button', { name: 'Quitter la démo' }).click();
    const confirm = page.getByRole('alertdialog', { name: /Quitter la démo/ });
    await expect(confirm).toBeVisible();
    await confirm.getByRole('button', { name: 'Annuler' }).click();
    await expect(confirm).toBeHidden();
    expect(await commandsCalled(page)).not.toContain('leave_demo');
    await page.getByRole('button', { name: 'Quitter la démo' }).click();
    await confirm.getByRole('button', { name: 'Quitter la démo' }).click();
    await expect(page.getByRole('heading', { name: 'Bienvenue dans Vigie' })).toBeVisible();
  });

  test('À propos: version, folders, start at login, the user', async ({ page }) => {
    await openInbox(page);
    await page.getByRole('button', { name: 'À propos' }).click();
    const about = page.getByRole('dialog', { name: 'À propos de Vigie' });
    await expect(about.getByTestId('version')).toHaveText('Version 0.1.0');
    await expect(about).toContainText('/home/claire/.local/share/vigie/logs');
    await about.getByRole('button', { name: 'Ouvrir' }).first().click();
    await about.getByRole('button', { name: 'Ouvrir' }).nth(1).click();
    expect(await page.evaluate(() => window.__vigieFake.calls.filter((c) => c.cmd === 'open_folder').map((c) => c.args))).toEqual([
      { folder: 'data' },
      { folder: 'logs' },
    ]);
    const sw = about.getByRole('switch', { name: 'Lancer Vigie à l’ouverture de session' });
    await expect(sw).toHaveAttribute('aria-checked', 'false');
    await sw.click();
    await expect(sw).toHaveAttribute('aria-checked', 'true');
    expect(await page.evaluate(() => window.__vigieFake.autostart)).toBe(true);
    await expect(about).toContainText('Claire Moreau');
    await expect(about).toContainText('carte « Cabinet et poste »');
    await about.getByRole('button', { name: 'Fermer' }).click();
    await expect(about).toBeHidden();
  });

  test('narrow window (200 % zoom): one pane at a time, with a way back', async ({ page }) => {
    await page.setViewportSize({ width: 640, height: 400 });
    await openInbox(page);
    await expect(page.getByTestId('detail')).toBeHidden();
    await row(page, 'TVA CA3 novembre').click();
    await expect(page.getByTestId('detail')).toBeVisible();
    await expect(page.getByRole('listbox')).toBeHidden();
    await expect(page.getByTestId('detail').getByRole('heading', { level: 2 })).toBeFocused();
    await page.getByRole('button', { name: 'Retour à la liste' }).click();
    await expect(page.getByRole('listbox')).toBeVisible();
    await expect(page.getByRole('listbox')).toBeFocused();
    await expect(page.getByTestId('detail')).toBeHidden();
  });
});

test('the window runs under the Tauri CSP without a single refusal', async ({ page }) => {
  const refusals: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refusals.push(m.text());
  });
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
  await openInbox(page);
  await row(page, 'TVA CA3 novembre').click();
  await page.getByRole('button', { name: 'Reporter…' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'À propos' }).click();
  await expect(page.getByTestId('version')).toHaveText('Version 0.1.0');
  expect(refusals).toEqual([]);
});
