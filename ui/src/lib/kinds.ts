// The firm's kinds of records as the window shows them: French names of their values, their
// forms' fields, and how a record becomes a form's values and a form's values a draft for the
// engine (which checks everything: text goes as typed).

import type { FieldSpec, FormValues } from './records';
import { dateForForm, dateTimeForForm, pickedId, text } from './records';
import { deadlineKindLabel } from './notifications';

/** Options of a choice from a table of French names. */
export function optionsOf(names: Record<string, string>): { value: string; label: string }[] {
  return Object.entries(names).map(([value, label]) => ({ value, label }));
}

export const DEADLINE_STATUS: Record<string, string> = {
  a_faire: 'À faire',
  en_cours: 'En cours',
  faite: 'Faite',
  depassee: 'Dépassée',
};

export const TASK_STATUS: Record<string, string> = {
  a_faire: 'À faire',
  en_cours: 'En cours',
  terminee: 'Terminée',
  en_retard: 'En retard',
};

export const PRIORITY: Record<string, string> = {
  basse: 'Basse',
  normale: 'Normale',
  haute: 'Haute',
  urgente: 'Urgente',
};

export const IMPORTANCE: Record<string, string> = {
  normale: 'Normale',
  haute: 'Haute',
};

export const ROLE: Record<string, string> = {
  expert: 'Expert-comptable',
  collaborateur: 'Collaborateur',
  assistant: 'Assistant',
};

export const VAT_REGIME: Record<string, string> = {
  mensuel: 'Mensuel',
  trimestriel: 'Trimestriel',
  annuel: 'Annuel (simplifié)',
  franchise: 'Franchise en base',
};

export const DOCUMENT_STATE: Record<string, string> = {
  missing: 'Manquants',
  overdue: 'En retard',
  received: 'Reçus',
};

/** The deadline kinds the firm uses most (any other code may be typed). */
export const DEADLINE_KINDS: Record<string, string> = {
  tva_ca3: 'TVA CA3 (mensuelle ou trimestrielle)',
  tva_ca12: 'TVA CA12 (annuelle)',
  tva_remboursement: 'Remboursement de crédit de TVA',
  is_acompte: 'Acompte d’impôt sur les sociétés',
  is_solde: 'Solde d’impôt sur les sociétés',
  liasse: 'Liasse fiscale',
  cfe: 'CFE',
  cvae: 'CVAE',
  dsn: 'DSN',
  urssaf: 'URSSAF',
  depot_comptes: 'Dépôt des comptes annuels',
  controle_fiscal: 'Contrôle fiscal',
  formalite: 'Formalité juridique',
  plus_value: 'Plus-value',
};

/** A deadline kind's short French name ("TVA CA3"); a kind Vigie does not name as the inbox
 *  shows it (underscores as spaces, a capital first). */
export function deadlineKind(code: string): string {
  const name = DEADLINE_KINDS[code];
  return name ? name.replace(/ \(.*\)$/, '') : deadlineKindLabel(code);
}

const DATE_HINT = 'JJ/MM/AAAA';

export const TAXATION: Record<string, string> = {
  is: 'IS',
  ir_bic: 'IR — BIC',
  ir_bnc: 'IR — BNC',
};

export const PAYROLL: Record<string, string> = {
  sans_salarie: 'Sans salarié',
  moins_de_50: 'Moins de 50',
  '50_et_plus_paie_du_mois': '50 et plus, paie dans le mois',
  '50_et_plus_paie_decalee': '50 et plus, paie décalée',
};

/** A yes / no that may be unknown, as a choice holds it. */
export const YES_NO: Record<string, string> = { true: 'Oui', false: 'Non' };

const FISCAL = 'Calendrier fiscal';

export const CLIENT_FIELDS: FieldSpec[] = [
  { name: 'name', label: 'Nom (raison sociale)', type: 'text', required: true },
  { name: 'siren', label: 'SIREN', type: 'text', hint: '9 chiffres ; vide si le client n’en a pas' },
  { name: 'legal_form', label: 'Forme juridique', type: 'text', hint: 'SARL, SAS, EI…' },
  { name: 'vat_regime', label: 'Régime de TVA', type: 'choice', options: optionsOf(VAT_REGIME) },
  { name: 'fiscal_year_end', label: 'Clôture de l’exercice', type: 'text', hint: 'JJ/MM, comme 31/12' },
  { name: 'manager_id', label: 'Responsable du dossier', type: 'person' },
  { name: 'taxation', label: 'Imposition', type: 'choice', options: optionsOf(TAXATION), empty: 'Non renseignée', group: FISCAL },
  { name: 'first_closing', label: 'Première clôture', type: 'text', hint: `${DATE_HINT} ; seulement pendant le premier exercice`, group: FISCAL },
  { name: 'tax_department', label: 'Département du service des impôts', type: 'text', hint: '75, 2A, 971…', group: FISCAL },
  { name: 'payroll', label: 'Salariés', type: 'choice', options: optionsOf(PAYROLL), empty: 'Non renseigné', group: FISCAL },
  { name: 'cfe_over_3000', label: 'CFE de l’an dernier ≥ 3 000 €', type: 'choice', options: optionsOf(YES_NO), empty: 'Non renseigné', group: FISCAL },
  { name: 'is_over_3000', label: 'IS de l’an dernier > 3 000 €', type: 'choice', options: optionsOf(YES_NO), empty: 'Non renseigné', group: FISCAL },
  { name: 'cvae_filer', label: 'Chiffre d’affaires > 152 500 € (CVAE)', type: 'choice', options: optionsOf(YES_NO), empty: 'Non renseigné', group: FISCAL },
];

export const DEADLINE_FIELDS: FieldSpec[] = [
  { name: 'client_id', label: 'Client', type: 'client', required: true },
  { name: 'kind', label: 'Type', type: 'text', required: true, suggestions: optionsOf(DEADLINE_KINDS), hint: 'tva_ca3, is_acompte, liasse…' },
  { name: 'label', label: 'Libellé', type: 'text', required: true },
  { name: 'due_date', label: 'Date limite', type: 'text', required: true, hint: DATE_HINT },
  { name: 'status', label: 'Statut', type: 'choice', options: optionsOf(DEADLINE_STATUS) },
  { name: 'assignee_id', label: 'Attribuée à', type: 'person' },
  {
    name: 'period',
    label: 'Période',
    type: 'text',
    placeholder: '2027-02, 2027-T1, EX-2027…',
    hint: 'Remplace l’échéance du calendrier fiscal de même type et période ; vide si aucune',
  },
];

export const DOCUMENT_FIELDS: FieldSpec[] = [
  { name: 'client_id', label: 'Client', type: 'client', required: true },
  { name: 'owner_id', label: 'Suivi par', type: 'person' },
  { name: 'label', label: 'Document demandé', type: 'textarea', required: true },
  { name: 'requested_on', label: 'Demandé le', type: 'text', required: true, hint: DATE_HINT },
  { name: 'due_date', label: 'Attendu le', type: 'text', required: true, hint: DATE_HINT },
  { name: 'received_on', label: 'Reçu le', type: 'text', hint: `${DATE_HINT} ; vide s’il manque encore` },
];

export const TASK_FIELDS: FieldSpec[] = [
  { name: 'title', label: 'Titre', type: 'textarea', required: true },
  { name: 'client_id', label: 'Client', type: 'client' },
  { name: 'due_date', label: 'À faire pour le', type: 'text', required: true, hint: DATE_HINT },
  { name: 'status', label: 'Statut', type: 'choice', options: optionsOf(TASK_STATUS) },
  { name: 'priority', label: 'Priorité', type: 'choice', options: optionsOf(PRIORITY) },
  { name: 'assignee_id', label: 'Attribuée à', type: 'person' },
];

export const EVENT_FIELDS: FieldSpec[] = [
  { name: 'title', label: 'Titre', type: 'text', required: true },
  { name: 'client_id', label: 'Client', type: 'client' },
  { name: 'starts_at', label: 'Date et heure', type: 'text', required: true, hint: 'JJ/MM/AAAA HH:MM, heure du cabinet' },
  { name: 'importance', label: 'Importance', type: 'choice', options: optionsOf(IMPORTANCE), hint: 'Une haute importance donne une alerte deux jours avant' },
  { name: 'audience_id', label: 'Pour', type: 'person', none: 'Tout le cabinet' },
];

export const STAFF_FIELDS: FieldSpec[] = [
  { name: 'name', label: 'Nom', type: 'text', required: true },
  { name: 'email', label: 'Adresse e-mail', type: 'text', required: true },
  { name: 'role', label: 'Fonction', type: 'choice', required: true, options: optionsOf(ROLE) },
  { name: 'active', label: 'Active : reçoit les alertes et les e-mails', type: 'flag' },
];

/** A person or client a row refers to. */
interface Ref {
  id: number;
  name: string;
}

/** What the fiscal calendar reads of a client besides the above. */
export interface FiscalLike {
  taxation: string | null;
  first_closing: string | null;
  tax_department: string | null;
  payroll: string | null;
  cfe_over_3000: boolean | null;
  is_over_3000: boolean | null;
  cvae_filer: boolean | null;
}

export interface ClientLike {
  name: string;
  siren: string | null;
  legal_form: string | null;
  vat_regime: string | null;
  fiscal_year_end: string | null;
  manager: Ref | null;
  fiscal: FiscalLike;
}

/** A yes / no / unknown as a choice holds it ('true', 'false', ''). */
function yesNo(value: boolean | null | undefined): string {
  return value == null ? '' : String(value);
}

/** A choice's 'true' / 'false' / '' back to a flag that may be unknown. */
export function flagOf(values: FormValues, name: string): boolean | null {
  const v = values[name];
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return null;
}

export function clientValues(c: ClientLike | null): FormValues {
  const f = c?.fiscal;
  return {
    name: c?.name ?? '',
    siren: c?.siren ?? '',
    legal_form: c?.legal_form ?? '',
    vat_regime: c?.vat_regime ?? '',
    fiscal_year_end: c?.fiscal_year_end ?? '',
    manager_id: c?.manager?.id ?? null,
    taxation: f?.taxation ?? '',
    first_closing: dateForForm(f?.first_closing),
    tax_department: f?.tax_department ?? '',
    payroll: f?.payroll ?? '',
    cfe_over_3000: yesNo(f?.cfe_over_3000),
    is_over_3000: yesNo(f?.is_over_3000),
    cvae_filer: yesNo(f?.cvae_filer),
  };
}

export function clientDraft(v: FormValues) {
  return {
    name: text(v, 'name'),
    siren: text(v, 'siren'),
    legal_form: text(v, 'legal_form'),
    vat_regime: text(v, 'vat_regime'),
    fiscal_year_end: text(v, 'fiscal_year_end'),
    manager_id: pickedId(v, 'manager_id'),
    taxation: text(v, 'taxation'),
    first_closing: text(v, 'first_closing'),
    tax_department: text(v, 'tax_department'),
    payroll: text(v, 'payroll'),
    cfe_over_3000: flagOf(v, 'cfe_over_3000'),
    is_over_3000: flagOf(v, 'is_over_3000'),
    cvae_filer: flagOf(v, 'cvae_filer'),
  };
}

export interface DeadlineLike {
  client: Ref;
  kind: string;
  label: string;
  due_date: string;
  status: string;
  assignee: Ref | null;
  period: string | null;
}

export function deadlineValues(d: DeadlineLike | null, clientId: number | null = null): FormValues {
  return {
    client_id: d?.client.id ?? clientId,
    kind: d?.kind ?? '',
    label: d?.label ?? '',
    due_date: dateForForm(d?.due_date),
    status: d?.status ?? 'a_faire',
    assignee_id: d?.assignee?.id ?? null,
    period: d?.period ?? '',
  };
}

export function deadlineDraft(v: FormValues) {
  return {
    client_id: pickedId(v, 'client_id'),
    kind: text(v, 'kind'),
    label: text(v, 'label'),
    due_date: text(v, 'due_date'),
    status: text(v, 'status'),
    assignee_id: pickedId(v, 'assignee_id'),
    period: text(v, 'period'),
  };
}

export interface DocumentLike {
  client: Ref;
  label: string;
  requested_on: string;
  due_date: string;
  received_on: string | null;
  owner: Ref | null;
}

export function documentValues(d: DocumentLike | null, today: string, clientId: number | null = null): FormValues {
  return {
    client_id: d?.client.id ?? clientId,
    label: d?.label ?? '',
    requested_on: dateForForm(d?.requested_on ?? today),
    due_date: dateForForm(d?.due_date),
    received_on: dateForForm(d?.received_on),
    owner_id: d?.owner?.id ?? null,
  };
}

export function documentDraft(v: FormValues) {
  return {
    client_id: pickedId(v, 'client_id'),
    label: text(v, 'label'),
    requested_on: text(v, 'requested_on'),
    due_date: text(v, 'due_date'),
    received_on: text(v, 'received_on'),
    owner_id: pickedId(v, 'owner_id'),
  };
}

export interface TaskLike {
  client: Ref | null;
  title: string;
  due_date: string;
  status: string;
  priority: string;
  assignee: Ref | null;
}

export function taskValues(t: TaskLike | null, clientId: number | null = null): FormValues {
  return {
    client_id: t?.client?.id ?? clientId,
    title: t?.title ?? '',
    due_date: dateForForm(t?.due_date),
    status: t?.status ?? 'a_faire',
    priority: t?.priority ?? 'normale',
    assignee_id: t?.assignee?.id ?? null,
  };
}

export function taskDraft(v: FormValues) {
  return {
    client_id: pickedId(v, 'client_id'),
    title: text(v, 'title'),
    due_date: text(v, 'due_date'),
    status: text(v, 'status'),
    priority: text(v, 'priority'),
    assignee_id: pickedId(v, 'assignee_id'),
  };
}

export interface EventLike {
  client: Ref | null;
  title: string;
  starts_local: string;
  importance: string;
  audience: Ref | null;
}

export function eventValues(e: EventLike | null, clientId: number | null = null): FormValues {
  return {
    client_id: e?.client?.id ?? clientId,
    title: e?.title ?? '',
    starts_at: dateTimeForForm(e?.starts_local),
    importance: e?.importance ?? 'normale',
    audience_id: e?.audience?.id ?? null,
  };
}

export function eventDraft(v: FormValues) {
  return {
    client_id: pickedId(v, 'client_id'),
    title: text(v, 'title'),
    starts_at: text(v, 'starts_at'),
    importance: text(v, 'importance'),
    audience_id: pickedId(v, 'audience_id'),
  };
}

export interface StaffLike {
  name: string;
  email: string;
  role: string;
  active: boolean;
}

export function staffValues(s: StaffLike | null): FormValues {
  return { name: s?.name ?? '', email: s?.email ?? '', role: s?.role ?? 'collaborateur', active: s?.active ?? true };
}

export function staffDraft(v: FormValues) {
  return { name: text(v, 'name'), email: text(v, 'email'), role: text(v, 'role'), active: v.active === true };
}
