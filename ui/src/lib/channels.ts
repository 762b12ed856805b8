// The channels card of "Réglages": the kinds a person is alerted about, in French, and what a
// change says in its toast.

/** One row of the grid: a kind, and whether it has a pop-up at all (the digest is an email). */
export interface ChannelRow {
  kind: string;
  label: string;
  popup: boolean;
}

export const CHANNEL_ROWS: readonly ChannelRow[] = [
  { kind: 'echeance_proche', label: 'Échéance proche', popup: true },
  { kind: 'documents_manquants', label: 'Documents manquants', popup: true },
  { kind: 'taches_retard', label: 'Tâche en retard', popup: true },
  { kind: 'evenement_important', label: 'Événement important', popup: true },
  { kind: 'resume_hebdomadaire', label: 'Récapitulatif hebdomadaire', popup: false },
];

export type Channel = 'popup' | 'email';

const CHANNEL_NAMES: Record<Channel, string> = { popup: 'Pop-up', email: 'E-mail' };

/** "Pop-up — Échéance proche": a checkbox's accessible name. */
export function checkboxLabel(channel: Channel, row: ChannelRow): string {
  return `${CHANNEL_NAMES[channel]} — ${row.label}`;
}

/** "Julien Lefèvre : e-mail « Tâche en retard » désactivé." */
export function changedMessage(person: string, channel: Channel, row: ChannelRow, on: boolean): string {
  const what = channel === 'email' ? 'e-mail' : 'pop-up';
  return `${person}\u00a0: ${what} «\u00a0${row.label}\u00a0» ${on ? 'activé' : 'désactivé'}.`;
}
