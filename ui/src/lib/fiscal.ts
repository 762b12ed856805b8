// The fiscal calendar as the window says it: the kinds of obligation in French, an obligation's
// date and state on a client's page, what a client lacks (named as its form names the field),
// and the toast of a generation.

import { NBSP, plural, shortDate } from './french';
import { dateForForm } from './records';
import { formatCount } from './tables';

/** The kinds of obligation the calendar generates, in French. */
export const OBLIGATION_KINDS: Record<string, string> = {
  tva_ca3: 'TVA CA3',
  tva_ca12: 'TVA CA12 (annuelle)',
  tva_ca12_acompte: 'Acomptes de TVA CA12',
  is_acompte: 'Acomptes d’IS',
  is_solde: 'Solde d’IS',
  liasse: 'Liasse fiscale',
  cfe_acompte: 'Acompte de CFE',
  cfe: 'CFE',
  cvae: 'CVAE (1330)',
  das2: 'DAS2',
  dsn: 'DSN',
};

/** A kind's French name; an unknown code as it is. */
export function obligationKind(kind: string): string {
  return OBLIGATION_KINDS[kind] ?? kind;
}

/** The fields of the client's form the calendar reads, by the name the engine gives them. */
export const FISCAL_FIELD_LABELS: Record<string, string> = {
  vat_regime: 'Régime de TVA',
  closing: 'Clôture de l’exercice',
  fiscal_year_end: 'Clôture de l’exercice',
  legal_form: 'Forme juridique',
  taxation: 'Imposition',
  first_closing: 'Première clôture',
  tax_department: 'Département du service des impôts',
  payroll: 'Salariés',
  cfe_over_3000: 'CFE de l’an dernier ≥ 3 000 €',
  is_over_3000: 'IS de l’an dernier > 3 000 €',
  cvae_filer: 'Chiffre d’affaires > 152 500 € (CVAE)',
};

/** The client form's field that holds a missing attribute (`closing` is the fiscal year end). */
export function formFieldOf(attribute: string): string {
  return attribute === 'closing' ? 'fiscal_year_end' : attribute;
}

/** A missing attribute's French name. */
export function attributeLabel(attribute: string): string {
  return FISCAL_FIELD_LABELS[attribute] ?? attribute;
}

/** The missing facts of a client, one line per attribute (several kinds may wait on one). */
export function missingByAttribute(
  missing: readonly { kind: string; attribute: string; why: string }[],
): { attribute: string; label: string; field: string; reasons: string[] }[] {
  const out: { attribute: string; label: string; field: string; reasons: string[] }[] = [];
  for (const m of missing) {
    let line = out.find((l) => l.attribute === m.attribute);
    if (!line) {
      line = { attribute: m.attribute, label: attributeLabel(m.attribute), field: formFieldOf(m.attribute), reasons: [] };
      out.push(line);
    }
    if (!line.reasons.includes(m.why)) line.reasons.push(m.why);
  }
  return out;
}

/** What a client's page shows of one obligation's state. */
export type ObligationState = 'a_faire' | 'en_cours' | 'faite' | 'depassee' | 'cabinet' | 'off' | 'past' | 'none';

export const OBLIGATION_STATE: Record<ObligationState, string> = {
  a_faire: 'à faire',
  en_cours: 'en cours',
  faite: 'faite',
  depassee: 'dépassée',
  cabinet: 'échéance du cabinet',
  off: 'désactivée',
  past: 'passée',
  none: 'pas encore générée',
};

/** An obligation as `client_calendar` gives it (the fields this module reads). */
export interface ObligationLike {
  kind: string;
  period: string;
  rule_date: string;
  legal_date: string;
  override_date: string | null;
  off: boolean;
  deadline: { due_date: string; status: string; generated: boolean } | null;
}

/**
 * An obligation's state: turned off, the firm's own deadline (imported or typed, not done),
 * its deadline's status, or without deadline: past (before the calendar was generated) or
 * not generated yet (beyond the months generated). `today` is `YYYY-MM-DD`.
 */
export function obligationState(o: ObligationLike, today = ''): ObligationState {
  if (o.off) return 'off';
  const d = o.deadline;
  if (!d) return obligationDate(o) < today ? 'past' : 'none';
  if (d.status === 'faite') return 'faite';
  if (!d.generated) return 'cabinet';
  return d.status as ObligationState;
}

/** The date an obligation is due for this client: its deadline's, else its own, else the rule's. */
export function obligationDate(o: ObligationLike): string {
  return o.deadline?.due_date ?? o.override_date ?? o.rule_date;
}

/** Whether the rule's date is to be shown beside the obligation's (they differ). */
export function showsRuleDate(o: ObligationLike): boolean {
  return obligationDate(o) !== o.rule_date;
}

/** The kinds a client's year shows, in the order of `OBLIGATION_KINDS`, with whether each is on. */
export function kindsOfYear(obligations: readonly { kind: string }[], off: readonly string[]): { kind: string; on: boolean }[] {
  const present = new Set([...obligations.map((o) => o.kind), ...off]);
  const order = Object.keys(OBLIGATION_KINDS);
  return [...present]
    .sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b))
    .map((kind) => ({ kind, on: !off.includes(kind) }));
}

/** The date a "Changer la date" dialog opens with, as typed (JJ/MM/AAAA). */
export function dateToType(o: ObligationLike): string {
  return dateForForm(o.override_date ?? obligationDate(o));
}

/** What a generation did (`Generation`, the fields the toast reads). */
export interface GenerationLike {
  created: number;
  updated: number;
  removed: number;
  kept: number;
  adopted: number;
  missing: readonly unknown[];
  warnings: readonly string[];
}

/**
 * "54 échéances créées, 0 recalculée, 2 retirées ; 12 clients sans toutes les informations
 * nécessaires (voir leur fiche)."
 */
export function generationToast(g: GenerationLike): string {
  const made = [
    plural(g.created, 'échéance créée', 'échéances créées'),
    plural(g.updated, 'recalculée', 'recalculées'),
    plural(g.removed, 'retirée', 'retirées'),
  ];
  if (g.adopted > 0) made.push(plural(g.adopted, 'rattachée', 'rattachées'));
  let text = `Calendrier fiscal${NBSP}: ${made.join(', ')}`;
  const n = g.missing.length;
  if (n > 0) {
    text += ` ; ${formatCount(n)}${NBSP}client${n > 1 ? 's' : ''} sans toutes les informations nécessaires (voir ${n > 1 ? 'leur page' : 'sa page'})`;
  }
  text += '.';
  if (g.warnings.length > 0) text += ` ${g.warnings.join(' ')}`;
  return text;
}

/** The toast of a change of date or kind on a client's page. */
export function obligationChangeToast(what: 'date' | 'rule' | 'off' | 'on', kind: string, label = ''): string {
  const name = obligationKind(kind);
  const which = label ? `«${NBSP}${label}${NBSP}»` : name;
  if (what === 'date') return `${which}${NBSP}: nouvelle date enregistrée.`;
  if (what === 'rule') return `${which}${NBSP}: revenue à la date de la règle.`;
  if (what === 'off') return `${name}${NBSP}: plus générée pour ce client.`;
  return `${name}${NBSP}: générée à nouveau pour ce client.`;
}

/** What a deadlines table says under a deadline of the calendar: "Période 2027-02 · date
 *  légale 4 mai · CGI art. 223"; '' for a deadline naming no period nor source. */
export function deadlineAbout(
  d: { period: string | null; due_date: string; legal_date: string | null; source: string | null },
  now: Date,
): string {
  const parts: string[] = [];
  if (d.period) parts.push(`Période ${d.period}`);
  if (d.legal_date && d.legal_date !== d.due_date) parts.push(`date légale ${shortDate(d.legal_date, now)}`);
  if (d.source) parts.push(d.source);
  return parts.join(' · ');
}
