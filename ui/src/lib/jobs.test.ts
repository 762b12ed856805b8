import { describe, expect, it } from 'vitest';
import { created, duration, summary } from './jobs';

const NBSP = '\u00a0';

describe('jobs', () => {
  it('says a duration the way one reads it', () => {
    expect(duration(null)).toBe('—');
    expect(duration(420)).toBe(`420${NBSP}ms`);
    expect(duration(2450)).toBe(`2,5${NBSP}s`);
    expect(duration(72_000)).toBe(`1${NBSP}min${NBSP}12${NBSP}s`);
  });

  it('adds up the alerts a check created, flattened into its counts', () => {
    const counts = { echeance_proche: 6, documents_manquants: 5, taches_retard: 0, evenement_important: 3, emails_queued: 9 };
    expect(created(counts)).toBe(14);
    expect(created({ tasks_late: 2 })).toBeNull();
  });

  it('sums up what a run did in words, or "rien"', () => {
    expect(summary({ echeance_proche: 1, documents_manquants: 0, taches_retard: 0, evenement_important: 0, emails_queued: 2 })).toBe(
      `1${NBSP}alerte, 2${NBSP}e-mails`,
    );
    expect(summary({ tasks_late: 2, deadlines_overdue: 1 })).toBe(`2${NBSP}tâches en retard, 1${NBSP}échéance dépassée`);
    expect(summary({})).toBe('rien');
  });
});
