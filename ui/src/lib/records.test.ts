import { describe, expect, it } from 'vitest';
import type { ErrorPayload } from './bindings';
import {
  alertsStopped,
  dateForForm,
  dateTimeForForm,
  deleteQuestion,
  deletedToast,
  doneToast,
  fieldErrors,
  firstRefused,
  impactList,
  pickedId,
  savedToast,
  staffRemovalQuestion,
  text,
} from './records';

const nb = (s: string) => s.replace(/\u00a0/g, ' ');
const none = { deadlines: 0, documents: 0, tasks: 0, events: 0, notifications: 0 };

describe('the engine’s refused fields', () => {
  const error: ErrorPayload = {
    code: 'invalid_fields',
    message: 'Rien n’a été enregistré, 2 champs sont à corriger : …',
    details: {
      fields: [
        { field: 'siren', reason: 'invalid SIREN', french: '« 732829321 » n’est pas un numéro SIREN valide' },
        { field: 'name', reason: 'required, but empty', french: 'ce champ est obligatoire' },
        { field: 'name', reason: 'again', french: 'un autre problème' },
      ],
    },
  };

  it('puts each reason beside its field, capitalised, both when a field has two', () => {
    expect(fieldErrors(error)).toEqual({
      siren: '« 732829321 » n’est pas un numéro SIREN valide',
      name: 'Ce champ est obligatoire ; un autre problème',
    });
  });

  it('is null for another error, and empty for a malformed one', () => {
    expect(fieldErrors({ code: 'not_found', message: 'introuvable', details: {} })).toBeNull();
    expect(fieldErrors({ code: 'invalid_fields', message: 'x', details: { fields: [null, { field: 1 }] } })).toEqual({});
  });

  it('finds the first refused field in the form’s order', () => {
    expect(firstRefused(['name', 'siren', 'legal_form'], { siren: 'x', name: 'y' })).toBe('name');
    expect(firstRefused(['name'], { other: 'x' })).toBe('other');
    expect(firstRefused(['name'], {})).toBeNull();
  });
});

describe('the delete confirmation', () => {
  it('lists what goes along, zeros left out', () => {
    const q = deleteQuestion('le client Dupont SARL', { deadlines: 12, documents: 0, tasks: 3, events: 0, notifications: 40 });
    expect(nb(q)).toBe('Supprimer le client Dupont SARL, ses 12 échéances, 3 tâches et 40 alertes ?');
    expect(nb(impactList({ ...none, documents: 1 }))).toBe('1 demande de document');
    expect(nb(impactList({ ...none, events: 2, notifications: 1 }))).toBe('2 événements et 1 alerte');
  });

  it('says "son" or "sa" when one thing goes along', () => {
    expect(nb(deleteQuestion('l’événement « AGO »', { ...none, notifications: 1 }))).toBe('Supprimer l’événement « AGO » et son alerte ?');
    expect(nb(deleteQuestion('le client X', { ...none, tasks: 1 }))).toBe('Supprimer le client X et sa tâche ?');
  });

  it('asks plainly when nothing goes along', () => {
    expect(nb(deleteQuestion('l’échéance « TVA »', none))).toBe('Supprimer l’échéance « TVA » ?');
  });

  it('says a person with history is deactivated, not deleted', () => {
    const history = { clients: 4, deadlines: 1, documents: 0, tasks: 2, events: 0, notifications: 30, removal: 'deactivated' as const };
    const q = staffRemovalQuestion('Julien Lefèvre', history);
    expect(q.confirm).toBe('Désactiver');
    expect(nb(q.message)).toContain('Julien Lefèvre a un historique (4 clients suivis, 1 échéance, 2 tâches, 30 alertes reçues)');
    expect(q.message).toContain('sa fiche sera désactivée plutôt que supprimée');
    const gone = staffRemovalQuestion('Léa Martin', { ...history, clients: 0, deadlines: 0, tasks: 0, notifications: 0, removal: 'deleted' });
    expect(gone.confirm).toBe('Supprimer');
    expect(nb(gone.message)).toMatch(/^Supprimer Léa Martin \?/);
  });
});

describe('the one-click toasts', () => {
  it('say how many alerts stopped', () => {
    expect(nb(doneToast('deadline', 'TVA CA3 novembre', true, 2))).toBe('Échéance « TVA CA3 novembre » faite : 2 alertes arrêtées.');
    expect(nb(doneToast('document', 'Relevés', true, 1))).toBe('Document « Relevés » reçu : 1 alerte arrêtée.');
    expect(nb(doneToast('task', 'Bilan', true, 0))).toBe('Tâche « Bilan » terminée : aucune alerte en cours.');
    expect(nb(alertsStopped(3))).toBe('3 alertes arrêtées');
  });

  it('say the way back', () => {
    expect(nb(doneToast('deadline', 'TVA', false, 0))).toBe('Échéance « TVA » remise à faire.');
    expect(nb(doneToast('document', 'Relevés', false, 0))).toBe('Document « Relevés » de nouveau attendu.');
    expect(nb(doneToast('task', 'Bilan', false, 0))).toBe('Tâche « Bilan » rouverte.');
  });
});

describe('what forms show and send', () => {
  it('shows stored dates the French way', () => {
    expect(dateForForm('2026-11-30')).toBe('30/11/2026');
    expect(dateForForm(null)).toBe('');
    expect(dateTimeForForm('2026-12-01T09:30:00')).toBe('01/12/2026 09:30');
  });

  it('trims text and reads picked ids', () => {
    expect(text({ name: '  Dupont ' }, 'name')).toBe('Dupont');
    expect(text({}, 'name')).toBe('');
    expect(pickedId({ client_id: 4 }, 'client_id')).toBe(4);
    expect(pickedId({ client_id: null }, 'client_id')).toBeNull();
  });

  it('says what was saved or deleted, with the noun’s gender', () => {
    expect(nb(savedToast('Client', false, 'Dupont SARL', true))).toBe('Client « Dupont SARL » créé.');
    expect(nb(savedToast('Échéance', true, 'TVA', false))).toBe('Échéance « TVA » enregistrée.');
    const impact = { deadlines: 12, documents: 0, tasks: 0, events: 0, notifications: 40 };
    expect(nb(deletedToast('Client', false, 'Dupont SARL', impact))).toBe('Client « Dupont SARL » supprimé, avec 12 échéances et 40 alertes.');
    expect(nb(deletedToast('Tâche', true, 'Bilan', { ...impact, deadlines: 0, notifications: 0 }))).toBe('Tâche « Bilan » supprimée.');
  });
});
