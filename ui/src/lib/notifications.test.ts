import { describe, expect, it } from 'vitest';
import { deadlineKindLabel, displayTitle, dueHint, headline, deadlineStatusLabel, taskStatusLabel, priorityLabel, rowView } from './notifications';

const now = new Date('2026-11-25T10:00:00Z');
const nb = (s: string | null) => (s ?? '').replace(/\u00a0/g, ' ');

describe('displayTitle and headline', () => {
  it('drops the client that the list shows on its own line', () => {
    expect(displayTitle({ title: 'Échéance demain : TVA CA3 — Nexa Conseil', client: 'Nexa Conseil' })).toBe(
      'Échéance demain : TVA CA3',
    );
    expect(displayTitle({ title: 'Tâche en retard : Bilan', client: null })).toBe('Tâche en retard : Bilan');
    expect(displayTitle({ title: 'Nexa Conseil', client: 'Nexa Conseil' })).toBe('Nexa Conseil');
  });

  it('leads with the subject and says when', () => {
    const h = headline({ title: 'Échéance dans 5 jours : TVA CA3 novembre — Boulangerie Martin SARL', client: 'Boulangerie Martin SARL' });
    expect(h.subject).toBe('TVA CA3 novembre');
    expect(nb(h.when)).toBe('Dans 5 jours');
    expect(h.urgency).toBe('soon');
    expect(headline({ title: 'Échéance dans 20 jours : Acompte IS décembre', client: null }).urgency).toBe('later');
    expect(headline({ title: 'Échéance dépassée : DSN — Garage', client: 'Garage' })).toEqual({
      subject: 'DSN',
      when: 'Dépassée',
      urgency: 'overdue',
    });
    expect(headline({ title: "Échéance aujourd'hui : CFE 2026", client: null }).when).toBe('Aujourd’hui');
    expect(headline({ title: 'Événement important demain : Contrôle fiscal', client: null }).when).toBe('Demain');
  });

  it('keeps documents and tasks without a "when", and unknown shapes whole', () => {
    expect(headline({ title: 'Document manquant : Relevés bancaires octobre — SCI', client: 'SCI' })).toEqual({
      subject: 'Relevés bancaires octobre',
      when: null,
      urgency: null,
    });
    expect(headline({ title: 'Une alerte écrite autrement', client: null }).subject).toBe('Une alerte écrite autrement');
  });
});

describe('dueHint', () => {
  it('finds the date in the body, without this year', () => {
    expect(dueHint({ kind: 'echeance_proche', body: 'TVA CA3 pour X est à rendre le lundi 30 novembre 2026.' }, now)).toBe(
      'à rendre le lundi 30 novembre',
    );
    expect(
      dueHint({ kind: 'echeance_proche', body: 'DSN pour X était à rendre le mardi 24 novembre 2026 (1 jour de retard).' }, now),
    ).toBe('était à rendre le mardi 24 novembre');
    expect(
      dueHint(
        { kind: 'documents_manquants', body: 'X n’a pas encore transmis « Y », demandé le 02/11/2026 et attendu depuis le lundi 16 novembre 2026 (9 jours de retard).' },
        now,
      ),
    ).toBe('attendu depuis le lundi 16 novembre');
    expect(dueHint({ kind: 'taches_retard', body: '« T » était prévue pour le vendredi 1er janvier 2027 : 3 jours.' }, now)).toBe(
      'prévue le vendredi 1er janvier 2027',
    );
  });

  it('gives an event its time', () => {
    expect(nb(dueHint({ kind: 'evenement_important', body: '« RDV » a lieu le vendredi 27 novembre 2026 à 14:30.' }, now))).toBe(
      'le vendredi 27 novembre à 14 h 30',
    );
    expect(nb(dueHint({ kind: 'evenement_important', body: '« RDV » a lieu le jeudi 26 novembre 2026 à 09:00.' }, now))).toBe(
      'le jeudi 26 novembre à 9 h',
    );
  });

  it('gives nothing when the body has no date', () => {
    expect(dueHint({ kind: 'taches_retard', body: 'Rien de daté.' }, now)).toBeNull();
  });
});

describe('labels', () => {
  it('says statuses, priorities and deadline kinds in French', () => {
    expect(deadlineStatusLabel('depassee')).toBe('Dépassée');
    expect(taskStatusLabel('en_retard')).toBe('En retard');
    expect(priorityLabel('urgente')).toBe('Urgente');
    expect(deadlineKindLabel('tva_ca3')).toBe('TVA (CA3)');
    expect(deadlineKindLabel('is_acompte')).toBe('Acompte d’impôt sur les sociétés');
    expect(deadlineKindLabel('taxe_fonciere')).toBe('Taxe fonciere');
  });
});

describe('rowView', () => {
  const format = { typography: (s: string) => s.replace(/'/g, '’'), longDateTime: (d: Date) => d.toISOString() };
  const n = {
    id: 7,
    kind: 'echeance_proche' as const,
    title: 'Échéance dans 5 jours : TVA CA3 novembre — Boulangerie Martin SARL',
    body: 'TVA CA3 novembre pour Boulangerie Martin SARL est à rendre le lundi 30 novembre 2026.',
    created_at: '2026-11-25T09:35:00Z',
    read: false,
    client: 'Boulangerie Martin SARL',
    snoozed_until: null,
    archived_at: null,
  };

  it('works out everything a row shows', () => {
    const v = rowView(n, now, format);
    expect(v).toMatchObject({
      id: 7,
      read: false,
      kindText: 'Échéance',
      subject: 'TVA CA3 novembre',
      urgency: 'soon',
      client: 'Boulangerie Martin SARL',
      due: 'à rendre le lundi 30 novembre',
      dueShort: 'lundi 30 novembre',
      createdText: '2026-11-25T09:35:00.000Z',
    });
    expect(v.when.replace(/\u00a0/g, ' ')).toBe('Dans 5 jours');
  });

  it('is worked out once per notification object', () => {
    expect(rowView(n, now, format)).toBe(rowView(n, now, format));
    const read = { ...n, read: true };
    expect(rowView(read, now, format).read).toBe(true);
  });

  it('leaves out what a notification does not have', () => {
    const v = rowView({ ...n, id: 8, client: null, kind: 'taches_retard', title: 'Tâche en retard : Bilan', body: 'Sans date.' }, now, format);
    expect(v).toMatchObject({ client: '', due: '', dueShort: '', when: '', urgency: '', subject: 'Bilan' });
  });
});
