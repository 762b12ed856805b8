import { describe, expect, it } from 'vitest';
import {
  CLIENT_FIELDS,
  DEADLINE_FIELDS,
  DOCUMENT_FIELDS,
  EVENT_FIELDS,
  STAFF_FIELDS,
  TASK_FIELDS,
  clientDraft,
  clientValues,
  deadlineDraft,
  deadlineKind,
  deadlineValues,
  documentDraft,
  documentValues,
  eventDraft,
  eventValues,
  staffDraft,
  staffValues,
  taskDraft,
  taskValues,
} from './kinds';

const claire = { id: 1, name: 'Claire Moreau' };
const dupont = { id: 7, name: 'Dupont SARL' };

describe('a record in its form, and the form as a draft', () => {
  it('fills a client’s form and sends it back as typed, the manager by id', () => {
    const fiscal = { taxation: null, first_closing: null, tax_department: null, payroll: null, cfe_over_3000: null, is_over_3000: null, cvae_filer: null };
    const client = { name: 'Dupont SARL', siren: '732829320', legal_form: 'SARL', vat_regime: 'mensuel', fiscal_year_end: '31/12', manager: claire, fiscal };
    const values = clientValues(client);
    expect(values).toMatchObject({ name: 'Dupont SARL', siren: '732829320', legal_form: 'SARL', vat_regime: 'mensuel', fiscal_year_end: '31/12', manager_id: 1 });
    expect(clientDraft({ ...values, name: '  Dupont et Fils ', vat_regime: '' })).toEqual({
      name: 'Dupont et Fils',
      siren: '732829320',
      legal_form: 'SARL',
      vat_regime: '',
      fiscal_year_end: '31/12',
      manager_id: 1,
      taxation: '',
      first_closing: '',
      tax_department: '',
      payroll: '',
      cfe_over_3000: null,
      is_over_3000: null,
      cvae_filer: null,
    });
    expect(clientValues(null).manager_id).toBeNull();
  });

  it('keeps a client’s fiscal facts through its form: unknown, yes and no stay apart', () => {
    const fiscal = { taxation: 'is', first_closing: '2027-06-30', tax_department: '2A', payroll: 'moins_de_50', cfe_over_3000: true, is_over_3000: false, cvae_filer: null };
    const values = clientValues({ name: 'Léa', siren: null, legal_form: null, vat_regime: null, fiscal_year_end: null, manager: null, fiscal });
    expect(values).toMatchObject({ taxation: 'is', first_closing: '30/06/2027', tax_department: '2A', payroll: 'moins_de_50', cfe_over_3000: 'true', is_over_3000: 'false', cvae_filer: '' });
    expect(clientDraft(values)).toMatchObject({ taxation: 'is', first_closing: '30/06/2027', tax_department: '2A', payroll: 'moins_de_50', cfe_over_3000: true, is_over_3000: false, cvae_filer: null });
  });

  it('shows a deadline’s date the French way, and a new one starts à faire for the client given', () => {
    const values = deadlineValues({ client: dupont, kind: 'tva_ca3', label: 'TVA CA3 novembre', due_date: '2026-12-15', status: 'en_cours', assignee: null, period: '2026-11' });
    expect(values.due_date).toBe('15/12/2026');
    expect(deadlineDraft(values)).toEqual({ client_id: 7, kind: 'tva_ca3', label: 'TVA CA3 novembre', due_date: '15/12/2026', status: 'en_cours', assignee_id: null, period: '2026-11' });
    expect(deadlineValues(null, 7)).toMatchObject({ client_id: 7, status: 'a_faire', due_date: '', period: '' });
  });

  it('asks a new document today, still missing', () => {
    const values = documentValues(null, '2026-11-25', 7);
    expect(values).toMatchObject({ client_id: 7, requested_on: '25/11/2026', received_on: '' });
    expect(documentDraft({ ...values, label: 'Relevés', due_date: '30/11/2026' })).toEqual({
      client_id: 7,
      label: 'Relevés',
      requested_on: '25/11/2026',
      due_date: '30/11/2026',
      received_on: '',
      owner_id: null,
    });
  });

  it('keeps a task without client, and an event’s local time', () => {
    const task = taskValues({ client: null, title: 'Bilan', due_date: '2026-12-01', status: 'a_faire', priority: 'haute', assignee: claire });
    expect(taskDraft(task)).toEqual({ client_id: null, title: 'Bilan', due_date: '01/12/2026', status: 'a_faire', priority: 'haute', assignee_id: 1 });
    const event = eventValues({ client: dupont, title: 'AGO', starts_local: '2026-12-01T09:30:00', importance: 'haute', audience: null });
    expect(eventDraft(event)).toEqual({ client_id: 7, title: 'AGO', starts_at: '01/12/2026 09:30', importance: 'haute', audience_id: null });
  });

  it('adds staff active by default', () => {
    expect(staffValues(null)).toEqual({ name: '', email: '', role: 'collaborateur', active: true });
    expect(staffDraft({ name: ' Léa ', email: 'lea@x.fr', role: 'assistant', active: false })).toEqual({ name: 'Léa', email: 'lea@x.fr', role: 'assistant', active: false });
  });

  it('names every field of a form as its draft does', () => {
    const same = (fields: { name: string }[], draft: object) => expect(fields.map((f) => f.name).sort()).toEqual(Object.keys(draft).sort());
    same(CLIENT_FIELDS, clientDraft({}));
    same(DEADLINE_FIELDS, deadlineDraft({}));
    same(DOCUMENT_FIELDS, documentDraft({}));
    same(TASK_FIELDS, taskDraft({}));
    same(EVENT_FIELDS, eventDraft({}));
    same(STAFF_FIELDS, staffDraft({}));
  });

  it('names deadline kinds shortly', () => {
    expect(deadlineKind('tva_ca3')).toBe('TVA CA3');
    expect(deadlineKind('is_acompte')).toBe('Acompte d’impôt sur les sociétés');
    expect(deadlineKind('autre_chose')).toBe('Autre chose');
    expect(deadlineKind('depot_comptes')).toBe('Dépôt des comptes annuels');
  });
});
