// What the "Importer" screen says and sends: the file's bytes as base64 (measured faster than
// a JSON array of numbers for a 5 MB file), and the counts in French.

import type { ColumnNeed, ImportColumn, ImportSummary_Serialize as ImportSummary, RowOutcome } from './bindings';
import { plural } from './french';

/** The bytes of a file as base64 text, in chunks (a 5 MB file in one call would overflow the stack). */
export function toBase64(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const CHUNK = 0x8000;
  let binary = '';
  for (let i = 0; i < view.length; i += CHUNK) {
    // A typed array is array-like: apply takes it without copying it to an Array.
    binary += String.fromCharCode.apply(null, view.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return btoa(binary);
}

/** "12 lignes, 11 à créer, 1 à mettre à jour". */
export function previewCounts(total: number, created: number, updated: number): string {
  return `${plural(total, 'ligne', 'lignes')}, ${created} à créer, ${updated} à mettre à jour`;
}

/** What the import did, for the success message. */
export function importDone(summary: ImportSummary): string {
  const created = plural(summary.created, 'ligne créée', 'lignes créées');
  const updated = plural(summary.updated, 'ligne mise à jour', 'lignes mises à jour');
  let text = `Import terminé : ${created}, ${updated}.`;
  if (summary.welcomed > 0) {
    text += ` ${plural(summary.welcomed, 'e-mail de bienvenue envoyé', 'e-mails de bienvenue envoyés')} à l’équipe.`;
  }
  if (summary.alerts.notifications > 0) {
    text += ` ${plural(summary.alerts.notifications, 'alerte arrêtée', 'alertes arrêtées')} : lignes faites ou reçues.`;
  }
  return text;
}

/** A row's fate, as its chip says it. */
export const OUTCOMES: Record<RowOutcome, string> = {
  create: 'À créer',
  update: 'À mettre à jour',
  invalid: 'Erreur',
};

/** Whether a column must be in the file, in words. */
export const NEEDS: Record<ColumnNeed, string> = {
  required: 'obligatoire',
  one_of: 'l’une des deux obligatoire',
  optional: 'facultative',
};

/** The columns of a kind, the required ones first. */
export function byNeed(columns: ImportColumn[]): ImportColumn[] {
  const rank: Record<ColumnNeed, number> = { required: 0, one_of: 1, optional: 2 };
  return [...columns].sort((a, b) => rank[a.need] - rank[b.need]);
}

/** Why "Importer" is not available, or null when it is. */
export function blockedBecause(preview: { readable: boolean; importable: boolean; total_rows: number; problems: unknown[] }): string | null {
  if (!preview.readable) return 'Le fichier ne peut pas être lu : corrigez-le, puis choisissez-le à nouveau.';
  if (!preview.importable) {
    const n = preview.problems.length;
    return `${n < 2 ? 'Corrigez l’erreur' : `Corrigez les ${n} erreurs`} du fichier, puis choisissez-le à nouveau : rien n’est importé tant qu’une ligne est fausse.`;
  }
  if (preview.total_rows === 0) return 'Le fichier ne contient aucune ligne à importer.';
  return null;
}

/** The columns of which the file needs one (a client's SIREN or name). */
export function oneOf(columns: ImportColumn[]): ImportColumn[] {
  return columns.filter((c) => c.need === 'one_of');
}
