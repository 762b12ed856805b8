import { describe, expect, it } from 'vitest';
import { TABS, emptyLine, isKind, isTab, kindLabel, tabCount, tabLabel } from './tabs';
import type { TabCounts } from './bindings';

const counts: TabCounts = {
  all: 18,
  unread: 9,
  per_kind: { echeance_proche: 6, documents_manquants: 5, taches_retard: 4 },
  archived: 2,
  snoozed: 1,
};

describe('tabs', () => {
  it('come in the inbox order, with French labels', () => {
    expect(TABS.map(tabLabel)).toEqual([
      'Toutes',
      'Non lues',
      'Échéances',
      'Documents manquants',
      'Tâches en retard',
      'Événements',
      'Archivées',
    ]);
  });

  it('are named as the commands want them', () => {
    expect(TABS).toEqual([
      'all',
      'unread',
      'echeance_proche',
      'documents_manquants',
      'taches_retard',
      'evenement_important',
      'archived',
    ]);
    expect(isTab('archived')).toBe(true);
    expect(isTab('snoozed')).toBe(false);
    expect(isKind('taches_retard')).toBe(true);
    expect(isKind('unread')).toBe(false);
  });

  it('take their counts from tabCounts, a missing kind being 0', () => {
    expect(tabCount(counts, 'all')).toBe(18);
    expect(tabCount(counts, 'unread')).toBe(9);
    expect(tabCount(counts, 'documents_manquants')).toBe(5);
    expect(tabCount(counts, 'evenement_important')).toBe(0);
    expect(tabCount(counts, 'archived')).toBe(2);
    expect(tabCount(null, 'all')).toBeNull();
  });

  it('name one alert of a kind in the singular', () => {
    expect(kindLabel('echeance_proche')).toBe('Échéance');
    expect(kindLabel('evenement_important')).toBe('Événement important');
  });

  it('say something calm when empty, and quote the search', () => {
    expect(emptyLine('unread', '')).toBe('Toutes vos alertes sont lues.');
    expect(emptyLine('archived', '  ')).toBe('Aucune alerte archivée.');
    expect(emptyLine('all', 'zinc')).toBe('Aucune alerte ne correspond à «\u00a0zinc\u00a0» dans cet onglet.');
  });
});
