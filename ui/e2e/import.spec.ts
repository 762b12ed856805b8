// "Importer": a CSV file chosen, previewed as the engine reads it, imported whole or refused
// while a line is wrong, against the fake shell.
import { test, expect, type Page } from '@playwright/test';
import { commandsCalled, openInbox } from './app';

const GOOD = 'SIREN;Type;Libellé;Échéance\n732 829 320;tva;TVA de décembre;15/12/2026\n552100554;dsn;DSN;05/12/2026\n';
const BAD_DATE = 'SIREN;Type;Libellé;Échéance\n732 829 320;tva;TVA de décembre;15/12/2026\n552100554;dsn;DSN;31/02/2026\n';

async function openImport(page: Page): Promise<void> {
  await openInbox(page);
  await page.getByRole('navigation', { name: 'Écrans de Vigie' }).getByRole('button', { name: 'Importer' }).click();
  await expect(page.getByRole('heading', { name: 'Importer un fichier CSV', level: 2 })).toBeVisible();
}

async function pick(page: Page, name: string, text: string | Buffer): Promise<void> {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: typeof text === 'string' ? Buffer.from(text) : text });
}

test.describe('Importer', () => {
  test('shows the columns each kind expects', async ({ page }) => {
    await openImport(page);
    const expected = page.getByTestId('import-expected');
    await expect(expected).toContainText('Colonnes attendues pour «\u00a0Clients\u00a0»');
    await page.getByRole('radio', { name: 'Échéances' }).check();
    await expect(expected).toContainText('Colonnes attendues pour «\u00a0Échéances\u00a0»');
    await expect(expected.getByRole('listitem').first()).toContainText('Type d’échéance');
    await expect(expected).toContainText('due_date');
    await expect(expected).toContainText('obligatoire');
  });

  test('a good file is previewed as read, then imported with its counts', async ({ page }) => {
    await openImport(page);
    await page.getByRole('radio', { name: 'Échéances' }).check();
    await pick(page, 'echeances.csv', GOOD);
    const preview = page.getByTestId('import-preview');
    await expect(preview.getByRole('heading', { name: 'Aperçu de echeances.csv' })).toBeVisible();
    await expect(page.getByTestId('import-counts')).toHaveText('2\u00a0lignes, 2 à créer, 0 à mettre à jour');
    await expect(page.getByTestId('import-columns')).toContainText('Échéance\u00a0→ Date limite');
    const table = page.getByTestId('import-rows');
    await expect(table.locator('thead th')).toHaveText(['Ligne', 'SIREN du client', 'Type d’échéance', 'Libellé', 'Date limite', 'Action']);
    await expect(table.locator('tbody tr')).toHaveCount(2);
    await expect(table.locator('tbody tr').first()).toContainText('TVA de décembre');
    await expect(table.locator('tbody tr').first()).toContainText('À créer');
    await expect(page.getByTestId('import-problems')).toHaveCount(0);

    const importer = page.getByTestId('import-preview').getByRole('button', { name: 'Importer', exact: true });
    await expect(importer).toBeEnabled();
    await importer.click();
    await expect(page.getByTestId('import-done')).toHaveText('Import terminé : 2\u00a0lignes créées, 0\u00a0ligne mise à jour.');
    await expect(page.getByTestId('import-preview')).toHaveCount(0);
    expect(await commandsCalled(page)).toContain('import_file');

    // The same file again: the rows already exist, and are updated.
    await pick(page, 'echeances.csv', GOOD);
    await expect(page.getByTestId('import-counts')).toHaveText('2\u00a0lignes, 0 à créer, 2 à mettre à jour');
  });

  test('a file with a bad row names its line, and Importer stays disabled with the reason', async ({ page }) => {
    await openImport(page);
    await page.getByRole('radio', { name: 'Échéances' }).check();
    await pick(page, 'echeances.csv', BAD_DATE);
    const problems = page.getByTestId('import-problems');
    await expect(problems).toContainText('1 erreur à corriger dans le fichier');
    await expect(problems.getByRole('listitem')).toHaveText([
      'ligne 3, colonne due_date : «\u00a031/02/2026\u00a0» n’est pas une date valide (écrivez-la comme 31/12/2026 ou 2026-12-31)',
    ]);
    await expect(page.getByTestId('import-rows').locator('tbody tr').nth(1)).toContainText('Erreur');
    const importer = page.getByTestId('import-preview').getByRole('button', { name: 'Importer', exact: true });
    await expect(importer).toBeDisabled();
    await expect(page.getByTestId('import-blocked')).toHaveText(
      'Corrigez l’erreur du fichier, puis choisissez-le à nouveau : rien n’est importé tant qu’une ligne est fausse.',
    );
    await expect(importer).toHaveAccessibleDescription(/Corrigez l’erreur du fichier/);

    // A bad SIREN too; another file replaces the preview.
    await pick(page, 'clients.csv', 'Raison sociale;SIREN\nCabinet Nouveau;123 456 789\n');
    await expect(page.getByRole('heading', { name: 'Aperçu de clients.csv' })).toBeVisible();
    await page.getByRole('radio', { name: 'Clients' }).check();
    await expect(page.getByTestId('import-problems').getByRole('listitem')).toHaveText([
      'ligne 2, colonne siren : «\u00a0123 456 789\u00a0» n’est pas un numéro SIREN valide : la clé de contrôle ne correspond pas, vérifiez la saisie',
    ]);

    // Fixed: importable.
    await pick(page, 'clients.csv', 'Raison sociale;SIREN\nCabinet Nouveau;542065479\n');
    await expect(page.getByTestId('import-problems')).toHaveCount(0);
    await expect(page.getByTestId('import-preview').getByRole('button', { name: 'Importer', exact: true })).toBeEnabled();
  });

  test('an engine refusal is shown in French', async ({ page }) => {
    await openImport(page);
    await page.getByRole('radio', { name: 'Échéances' }).check();
    await pick(page, 'echeances.csv', GOOD);
    await page.evaluate(() =>
      window.__vigieFake.failNext('import_file', {
        code: 'import_refused',
        message: 'Le fichier n’a pas été importé : 1 ligne à corriger.\nechanges.csv, ligne 2, colonne client_siren : aucun client avec le SIREN 732829320 dans ce cabinet',
        details: {},
      }),
    );
    await page.getByTestId('import-preview').getByRole('button', { name: 'Importer', exact: true }).click();
    const failure = page.getByTestId('import-failure');
    await expect(failure).toContainText('Le fichier n’a pas été importé : 1 ligne à corriger.');
    await expect(failure).toContainText('ligne 2, colonne client_siren : aucun client avec le SIREN 732829320');
    await expect(page.getByTestId('import-done')).toHaveCount(0);
  });

  test('Annuler clears the preview and the file', async ({ page }) => {
    await openImport(page);
    await page.getByRole('radio', { name: 'Échéances' }).check();
    await pick(page, 'echeances.csv', GOOD);
    await expect(page.getByTestId('import-preview')).toBeVisible();
    await page.getByRole('button', { name: 'Annuler' }).click();
    await expect(page.getByTestId('import-preview')).toHaveCount(0);
    await expect(page.getByTestId('import-file')).toHaveValue('');
    await expect(page.getByText('Aucun fichier choisi')).toBeVisible();
    expect(await commandsCalled(page)).not.toContain('import_file');
  });

  test('an unused column is a warning that does not stop the import', async ({ page }) => {
    await openImport(page);
    await page.getByRole('radio', { name: 'Équipe' }).check();
    await pick(page, 'equipe.csv', 'Nom;Courriel;Fonction;Commentaire\nZoé Roux;zoe@cabinet.fr;assistant;nouvelle\n');
    await expect(page.getByTestId('import-warnings')).toHaveText(
      'la colonne «\u00a0Commentaire\u00a0» n’est pas lue (colonnes attendues : name, email, role, active)',
    );
    await page.getByTestId('import-preview').getByRole('button', { name: 'Importer', exact: true }).click();
    await expect(page.getByTestId('import-done')).toContainText('1\u00a0ligne créée');
    await expect(page.getByTestId('import-done')).toContainText('1\u00a0e-mail de bienvenue envoyé à l’équipe.');
  });

  test('a Windows-1252 file reads as Excel wrote it', async ({ page }) => {
    await openImport(page);
    const bytes = Buffer.from('Raison sociale;SIREN\nCaf\xe9 de la Gare;542065479\n', 'latin1');
    await pick(page, 'clients.csv', bytes);
    await expect(page.getByTestId('import-rows').locator('tbody tr').first()).toContainText('Café de la Gare');
  });
});
