import { describe, expect, it } from 'vitest';
import { blockedBecause, byNeed, importDone, previewCounts, toBase64 } from './importing';

describe('importing', () => {
  it('encodes bytes as base64, large files included', () => {
    expect(toBase64(new TextEncoder().encode('nom;email\nZoé;z@a.fr\n'))).toBe(btoa(unescape(encodeURIComponent('nom;email\nZoé;z@a.fr\n'))));
    const big = new Uint8Array(5 * 1024 * 1024).map((_, i) => i % 251);
    const started = performance.now();
    const text = toBase64(big.buffer);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(text).toBe(Buffer.from(big).toString('base64'));
  });

  it('says the counts in French', () => {
    expect(previewCounts(12, 11, 1)).toBe('12\u00a0lignes, 11 à créer, 1 à mettre à jour');
    expect(previewCounts(1, 1, 0)).toBe('1\u00a0ligne, 1 à créer, 0 à mettre à jour');
    const none = { notifications: 0, emails_rewritten: 0, emails_withdrawn: 0 };
    expect(
      importDone({ kind: 'staff', file: 'f.csv', created: 2, updated: 1, warnings: [], welcomed: 2, welcome_failure: null, alerts: none }),
    ).toBe('Import terminé : 2\u00a0lignes créées, 1\u00a0ligne mise à jour. 2\u00a0e-mails de bienvenue envoyés à l’équipe.');
    const stopped = { ...none, notifications: 3 };
    expect(
      importDone({ kind: 'deadlines', file: 'f.csv', created: 0, updated: 4, warnings: [], welcomed: 0, welcome_failure: null, alerts: stopped }),
    ).toBe('Import terminé : 0\u00a0ligne créée, 4\u00a0lignes mises à jour. 3\u00a0alertes arrêtées : lignes faites ou reçues.');
  });

  it('says why the import is blocked', () => {
    expect(blockedBecause({ readable: true, importable: true, total_rows: 3, problems: [] })).toBeNull();
    expect(blockedBecause({ readable: true, importable: false, total_rows: 3, problems: [1] })).toMatch(/^Corrigez l’erreur du fichier/);
    expect(blockedBecause({ readable: true, importable: false, total_rows: 3, problems: [1, 2] })).toMatch(/^Corrigez les 2 erreurs/);
    expect(blockedBecause({ readable: false, importable: false, total_rows: 0, problems: [1] })).toMatch(/ne peut pas être lu/);
    expect(blockedBecause({ readable: true, importable: true, total_rows: 0, problems: [] })).toMatch(/aucune ligne/);
  });

  it('lists required columns first', () => {
    const cols = [
      { name: 'status', label: 'Statut', need: 'optional' as const },
      { name: 'client_siren', label: 'SIREN du client', need: 'one_of' as const },
      { name: 'due_date', label: 'Date limite', need: 'required' as const },
    ];
    expect(byNeed(cols).map((c) => c.name)).toEqual(['due_date', 'client_siren', 'status']);
  });
});
