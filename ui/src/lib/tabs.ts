// The inbox's tabs: their ids (the strings the commands take), labels and counts.

import type { AlertKind, TabCounts } from './bindings';
import { NBSP } from './french';

export const KINDS: readonly AlertKind[] = [
  'echeance_proche',
  'documents_manquants',
  'taches_retard',
  'evenement_important',
];

/** A tab as the commands name it: "all", "unread", "archived" or a kind. */
export type TabId = 'all' | 'unread' | 'archived' | AlertKind;

export const TABS: readonly TabId[] = ['all', 'unread', ...KINDS, 'archived'];

const TAB_LABELS: Record<TabId, string> = {
  all: 'Toutes',
  unread: 'Non lues',
  echeance_proche: 'Échéances',
  documents_manquants: 'Documents manquants',
  taches_retard: 'Tâches en retard',
  evenement_important: 'Événements',
  archived: 'Archivées',
};

const KIND_LABELS: Record<AlertKind, string> = {
  echeance_proche: 'Échéance',
  documents_manquants: 'Document manquant',
  taches_retard: 'Tâche en retard',
  evenement_important: 'Événement important',
};

export function isKind(tab: string): tab is AlertKind {
  return (KINDS as readonly string[]).includes(tab);
}

export function isTab(tab: string): tab is TabId {
  return (TABS as readonly string[]).includes(tab);
}

export function tabLabel(tab: TabId): string {
  return TAB_LABELS[tab];
}

/** The kind of one alert, in the singular ("Échéance"). */
export function kindLabel(kind: AlertKind): string {
  return KIND_LABELS[kind];
}

/** How many notifications a tab holds; null before the counts are known. */
export function tabCount(counts: TabCounts | null, tab: TabId): number | null {
  if (!counts) return null;
  switch (tab) {
    case 'all':
      return counts.all;
    case 'unread':
      return counts.unread;
    case 'archived':
      return counts.archived;
    default:
      return counts.per_kind[tab] ?? 0;
  }
}

/** The calm line under "Rien à signaler" for an empty tab. */
export function emptyLine(tab: TabId, search: string): string {
  if (search.trim()) return `Aucune alerte ne correspond à «${NBSP}${search.trim()}${NBSP}» dans cet onglet.`;
  switch (tab) {
    case 'all':
      return 'Aucune alerte en cours. Vigie vous préviendra dès qu’une échéance approche.';
    case 'unread':
      return 'Toutes vos alertes sont lues.';
    case 'archived':
      return 'Aucune alerte archivée.';
    case 'echeance_proche':
      return 'Aucune échéance proche ou dépassée.';
    case 'documents_manquants':
      return 'Aucun document attendu en retard.';
    case 'taches_retard':
      return 'Aucune tâche en retard.';
    case 'evenement_important':
      return 'Aucun événement important à venir.';
  }
}
