// What the firm's screens say about a record, as pure logic: the engine's refused fields put
// beside their fields, the delete confirmation built from what a delete takes along, and the
// toasts of the one-click "faite", "reçu", "terminée".

import type { ErrorPayload } from './bindings';
import { NBSP, plural } from './french';
import { formatCount } from './tables';

/** One field the engine refused (`details.fields` of an `invalid_fields` error). */
export interface FieldProblem {
  field: string;
  reason: string;
  french: string;
}

/**
 * The French reason of each refused field, by field name, from an `invalid_fields` error; null
 * for any other error (shown as a whole). A field refused twice shows both reasons.
 */
export function fieldErrors(error: ErrorPayload): Record<string, string> | null {
  if (error.code !== 'invalid_fields') return null;
  const details = error.details as { fields?: unknown } | null;
  const fields = Array.isArray(details?.fields) ? (details.fields as unknown[]) : [];
  const out: Record<string, string> = {};
  for (const f of fields) {
    if (typeof f !== 'object' || f === null) continue;
    const { field, french } = f as Partial<FieldProblem>;
    if (typeof field !== 'string' || typeof french !== 'string') continue;
    const text = capitalise(french);
    out[field] = out[field] ? `${out[field]} ; ${french}` : text;
  }
  return out;
}

/** The first refused field in the form's order (to move the focus there). */
export function firstRefused(order: readonly string[], errors: Record<string, string>): string | null {
  return order.find((f) => errors[f]) ?? Object.keys(errors)[0] ?? null;
}

function capitalise(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/** `text` between French quotes. */
export function quoted(text: string): string {
  return `«${NBSP}${text}${NBSP}»`;
}

/** What a delete takes along (`Impact`). */
export interface ImpactCounts {
  deadlines: number;
  documents: number;
  tasks: number;
  events: number;
  notifications: number;
}

/** "12 échéances, 3 tâches et 40 alertes" (what is zero is left out); '' for nothing. */
export function impactList(impact: ImpactCounts): string {
  const parts = [
    [impact.deadlines, 'échéance', 'échéances'],
    [impact.documents, 'demande de document', 'demandes de document'],
    [impact.tasks, 'tâche', 'tâches'],
    [impact.events, 'événement', 'événements'],
    [impact.notifications, 'alerte', 'alertes'],
  ] as const;
  const shown = parts.filter(([n]) => n > 0).map(([n, one, many]) => `${formatCount(n)}${NBSP}${n < 2 ? one : many}`);
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} et ${shown[shown.length - 1]}`;
}

/**
 * The delete question: "Supprimer le client Dupont SARL, ses 12 échéances, 3 tâches et
 * 40 alertes ?"; without anything along, "Supprimer le client Dupont SARL ?".
 * `what` names the record with its article ("le client Dupont SARL").
 */
export function deleteQuestion(what: string, impact: ImpactCounts): string {
  const list = impactList(impact);
  if (!list) return `Supprimer ${what}${NBSP}?`;
  const total = impact.deadlines + impact.documents + impact.tasks + impact.events + impact.notifications;
  if (total === 1) {
    // One thing along: "et son alerte", "et sa tâche" (son before a vowel, as French has it).
    const one = impactList(impact).replace(/^1\u00a0/, '');
    const possessive = /^[aeéiou]/.test(one) ? 'son' : 'sa';
    return `Supprimer ${what} et ${possessive} ${one}${NBSP}?`;
  }
  return `Supprimer ${what}, ses ${list}${NBSP}?`;
}

/** What removing a staff member does (`StaffImpact`). */
export interface StaffRemoval {
  clients: number;
  deadlines: number;
  documents: number;
  tasks: number;
  events: number;
  notifications: number;
  removal: 'deleted' | 'deactivated';
}

/** The staff removal's question, and its button: deleted, or deactivated because of history. */
export function staffRemovalQuestion(name: string, impact: StaffRemoval): { title: string; message: string; confirm: string } {
  if (impact.removal === 'deleted') {
    return {
      title: 'Supprimer cette personne',
      message: `Supprimer ${name}${NBSP}? Aucun dossier, aucun travail ni aucune alerte n’est à son nom.`,
      confirm: 'Supprimer',
    };
  }
  const history = [
    [impact.clients, 'client suivi', 'clients suivis'],
    [impact.deadlines, 'échéance', 'échéances'],
    [impact.documents, 'document suivi', 'documents suivis'],
    [impact.tasks, 'tâche', 'tâches'],
    [impact.events, 'événement', 'événements'],
    [impact.notifications, 'alerte reçue', 'alertes reçues'],
  ] as const;
  const list = history.filter(([n]) => n > 0).map(([n, one, many]) => `${formatCount(n)}${NBSP}${n < 2 ? one : many}`);
  return {
    title: 'Désactiver cette personne',
    message:
      `${name} a un historique (${list.join(', ')})${NBSP}: sa fiche sera désactivée plutôt que supprimée. ` +
      'Son nom reste sur son travail, plus aucune alerte ni aucun e-mail ne lui est envoyé, ' +
      'et la fiche peut être réactivée.',
    confirm: 'Désactiver',
  };
}

/** "2 alertes arrêtées", "1 alerte arrêtée", "aucune alerte en cours". */
export function alertsStopped(n: number): string {
  if (n === 0) return 'aucune alerte en cours';
  return plural(n, 'alerte arrêtée', 'alertes arrêtées');
}

/** The toast of a one-click change: done (with the alerts it stopped), or back. */
export function doneToast(kind: 'deadline' | 'document' | 'task', label: string, done: boolean, stopped: number): string {
  const q = quoted(label);
  if (!done) {
    if (kind === 'deadline') return `Échéance ${q} remise à faire.`;
    if (kind === 'document') return `Document ${q} de nouveau attendu.`;
    return `Tâche ${q} rouverte.`;
  }
  const what = kind === 'deadline' ? `Échéance ${q} faite` : kind === 'document' ? `Document ${q} reçu` : `Tâche ${q} terminée`;
  return `${what}${NBSP}: ${alertsStopped(stopped)}.`;
}

/** A field of a record's form: the draft member it fills, and how it is typed. */
export interface FieldSpec {
  /** The draft's member (`siren`, `due_date`…), as the engine names refused fields. */
  name: string;
  label: string;
  type: 'text' | 'textarea' | 'choice' | 'person' | 'client' | 'flag';
  required?: boolean;
  /** How to type it ("JJ/MM/AAAA"), shown under the field. */
  hint?: string;
  /** A choice's values. */
  options?: { value: string; label: string }[];
  /** Values offered while typing (a deadline's kinds). */
  suggestions?: { value: string; label: string }[];
  /** A person picker's "nobody" ("Tout le cabinet"). */
  none?: string;
  /** A choice's empty option ("non renseigné"; default "—"). */
  empty?: string;
  /** Shown in an empty text field ("2027-02, 2027-T1…"). */
  placeholder?: string;
  /** The fieldset it belongs to ("Calendrier fiscal"): consecutive fields of a group share one. */
  group?: string;
}

/** A form's fields in their fieldsets: consecutive fields of the same group together, the
 *  others each in a section without a legend. */
export function fieldGroups(fields: readonly FieldSpec[]): { legend: string | null; fields: FieldSpec[] }[] {
  const out: { legend: string | null; fields: FieldSpec[] }[] = [];
  for (const f of fields) {
    const legend = f.group ?? null;
    const last = out[out.length - 1];
    if (last && last.legend === legend) last.fields.push(f);
    else out.push({ legend, fields: [f] });
  }
  return out;
}

/** What a form holds: text as typed, ids picked, flags. */
export type FormValues = Record<string, string | number | boolean | null>;

/** The toast of a form saved: "Client « Dupont SARL » créé.", "Échéance « TVA » enregistrée." */
export function savedToast(noun: string, feminine: boolean, name: string, created: boolean): string {
  const e = feminine ? 'e' : '';
  return `${noun} ${quoted(name)} ${created ? 'créé' : 'enregistré'}${e}.`;
}

/** The toast of a delete: "Client « Dupont SARL » supprimé, avec 12 échéances et 40 alertes." */
export function deletedToast(noun: string, feminine: boolean, name: string, impact: ImpactCounts): string {
  const list = impactList(impact);
  return `${noun} ${quoted(name)} supprimé${feminine ? 'e' : ''}${list ? `, avec ${list}` : ''}.`;
}

/** A stored date ("2026-11-30") as a form shows it ("30/11/2026"); '' for none. */
export function dateForForm(date: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (date ?? '');
}

/** A local date and time ("2026-12-01T09:30:00") as a form shows it ("01/12/2026 09:30"). */
export function dateTimeForForm(local: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : (local ?? '');
}

/** A form's text, trimmed ('' stays '': the engine reads it as "none"). */
export function text(values: FormValues, name: string): string {
  const v = values[name];
  return typeof v === 'string' ? v.trim() : v == null ? '' : String(v);
}

/** A form's picked id (null: none). */
export function pickedId(values: FormValues, name: string): number | null {
  const v = values[name];
  return typeof v === 'number' ? v : null;
}
