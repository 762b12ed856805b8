import { describe, expect, it } from 'vitest';
import { CHANNEL_ROWS, changedMessage, checkboxLabel } from './channels';

describe('the channels card', () => {
  it('lists the four alerts with a pop-up and the digest by email only', () => {
    expect(CHANNEL_ROWS.map((r) => [r.kind, r.popup])).toEqual([
      ['echeance_proche', true],
      ['documents_manquants', true],
      ['taches_retard', true],
      ['evenement_important', true],
      ['resume_hebdomadaire', false],
    ]);
  });

  it('names each checkbox by its channel and kind, and says a change in French', () => {
    const late = CHANNEL_ROWS[2];
    expect(checkboxLabel('popup', late)).toBe('Pop-up — Tâche en retard');
    expect(changedMessage('Julien Lefèvre', 'email', late, false)).toBe(
      'Julien Lefèvre\u00a0: e-mail «\u00a0Tâche en retard\u00a0» désactivé.',
    );
    expect(changedMessage('Julien Lefèvre', 'popup', late, true)).toContain('pop-up «\u00a0Tâche en retard\u00a0» activé');
  });
});
