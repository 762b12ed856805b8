import { describe, expect, it } from 'vitest';
import {
  dateToType,
  deadlineAbout,
  formFieldOf,
  generationToast,
  kindsOfYear,
  missingByAttribute,
  obligationChangeToast,
  obligationDate,
  obligationKind,
  obligationState,
  showsRuleDate,
  type ObligationLike,
} from './fiscal';
import { CLIENT_FIELDS } from './kinds';
import { fieldGroups } from './records';

const NBSP = '\u00a0';

const vat: ObligationLike = {
  kind: 'tva_ca3',
  period: '2027-02',
  rule_date: '2027-03-22',
  legal_date: '2027-03-22',
  override_date: null,
  off: false,
  deadline: { due_date: '2027-03-22', status: 'a_faire', generated: true },
};

describe('an obligation on a client’s page', () => {
  it('reads its state from its deadline: the firm’s own, done, late, none, or turned off', () => {
    expect(obligationState(vat)).toBe('a_faire');
    expect(obligationState({ ...vat, deadline: { ...vat.deadline!, status: 'depassee' } })).toBe('depassee');
    expect(obligationState({ ...vat, deadline: { ...vat.deadline!, generated: false } })).toBe('cabinet');
    expect(obligationState({ ...vat, deadline: { ...vat.deadline!, generated: false, status: 'faite' } })).toBe('faite');
    expect(obligationState({ ...vat, deadline: null }, '2026-11-25')).toBe('none');
    expect(obligationState({ ...vat, deadline: null }, '2027-04-01')).toBe('past');
    expect(obligationState({ ...vat, off: true, deadline: null })).toBe('off');
  });

  it('is due on its deadline’s date, the client’s own, or the rule’s; the rule’s is shown when it differs', () => {
    expect(obligationDate(vat)).toBe('2027-03-22');
    expect(showsRuleDate(vat)).toBe(false);
    const moved = { ...vat, override_date: '2027-03-24', deadline: { ...vat.deadline!, due_date: '2027-03-24' } };
    expect(obligationDate(moved)).toBe('2027-03-24');
    expect(showsRuleDate(moved)).toBe(true);
    expect(dateToType(moved)).toBe('24/03/2027');
    expect(obligationDate({ ...vat, override_date: '2027-03-25', deadline: null })).toBe('2027-03-25');
    expect(dateToType({ ...vat, deadline: null })).toBe('22/03/2027');
  });

  it('lists the year’s kinds in the calendar’s order, those turned off included', () => {
    const kinds = kindsOfYear([{ kind: 'dsn' }, { kind: 'tva_ca3' }, { kind: 'dsn' }, { kind: 'liasse' }], ['cfe']);
    expect(kinds).toEqual([
      { kind: 'tva_ca3', on: true },
      { kind: 'liasse', on: true },
      { kind: 'cfe', on: false },
      { kind: 'dsn', on: true },
    ]);
    expect(obligationKind('is_acompte')).toBe('Acomptes d’IS');
    expect(obligationKind('autre')).toBe('autre');
  });
});

describe('what a client lacks', () => {
  it('groups the kinds waiting on one attribute, named as the form names its field', () => {
    const lines = missingByAttribute([
      { kind: 'tva_ca3', attribute: 'vat_regime', why: 'sans régime de TVA, aucune déclaration de TVA n’est générée' },
      { kind: 'liasse', attribute: 'closing', why: 'sans clôture, pas de liasse' },
      { kind: 'is_solde', attribute: 'closing', why: 'sans clôture, pas de solde' },
      { kind: 'is_acompte', attribute: 'closing', why: 'sans clôture, pas de solde' },
    ]);
    expect(lines.map((l) => [l.label, l.field, l.reasons.length])).toEqual([
      ['Régime de TVA', 'vat_regime', 1],
      ['Clôture de l’exercice', 'fiscal_year_end', 2],
    ]);
    expect(formFieldOf('payroll')).toBe('payroll');
    const formFields = CLIENT_FIELDS.map((f) => f.name);
    for (const a of ['vat_regime', 'closing', 'legal_form', 'taxation', 'payroll', 'cfe_over_3000', 'is_over_3000', 'cvae_filer']) {
      expect(formFields).toContain(formFieldOf(a));
    }
  });
});

describe('the toasts', () => {
  it('sums up a generation, with the clients that lack something', () => {
    const g = { created: 54, updated: 0, removed: 1, kept: 3, adopted: 0, missing: [{}, {}], warnings: [] };
    expect(generationToast(g)).toBe(
      `Calendrier fiscal${NBSP}: 54${NBSP}échéances créées, 0${NBSP}recalculée, 1${NBSP}retirée ; 2${NBSP}clients sans toutes les informations nécessaires (voir leur page).`,
    );
    expect(generationToast({ ...g, created: 1, adopted: 2, missing: [], warnings: ['Règles 2027 appliquées à 2028.'] })).toBe(
      `Calendrier fiscal${NBSP}: 1${NBSP}échéance créée, 0${NBSP}recalculée, 1${NBSP}retirée, 2${NBSP}rattachées. Règles 2027 appliquées à 2028.`,
    );
  });

  it('says what changed on an obligation', () => {
    expect(obligationChangeToast('date', 'tva_ca3', 'TVA CA3 — février 2027')).toBe(
      `«${NBSP}TVA CA3 — février 2027${NBSP}»${NBSP}: nouvelle date enregistrée.`,
    );
    expect(obligationChangeToast('rule', 'tva_ca3')).toBe(`TVA CA3${NBSP}: revenue à la date de la règle.`);
    expect(obligationChangeToast('off', 'dsn')).toBe(`DSN${NBSP}: plus générée pour ce client.`);
  });
});

describe('a form’s fieldsets', () => {
  it('puts the client’s fiscal facts together under one legend', () => {
    const groups = fieldGroups(CLIENT_FIELDS);
    expect(groups.map((g) => [g.legend, g.fields.length])).toEqual([
      [null, 6],
      ['Calendrier fiscal', 7],
    ]);
  });
});

describe('a deadline of the calendar in the deadlines table', () => {
  it('says its period, its legal date when a tolerance moves it, and its source', () => {
    const now = new Date(2026, 10, 25);
    expect(deadlineAbout({ period: 'EX-2026', due_date: '2027-05-19', legal_date: '2027-05-04', source: 'CGI art. 223' }, now)).toBe(
      'Période EX-2026 · date légale 4 mai 2027 · CGI art. 223',
    );
    expect(deadlineAbout({ period: '2026-T3', due_date: '2026-10-20', legal_date: null, source: null }, now)).toBe('Période 2026-T3');
    expect(deadlineAbout({ period: null, due_date: '2026-10-20', legal_date: '2026-10-20', source: null }, now)).toBe('');
  });
});
