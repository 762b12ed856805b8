// The window's screens, as the navigation lists them.

/** A screen of the window. */
export type View = 'inbox' | 'import' | 'jobs' | 'outbox' | 'logs' | 'settings';

export interface ViewEntry {
  id: View;
  /** Its name in the navigation. */
  label: string;
  /** What it is for (the navigation's tooltip). */
  hint: string;
  /** A 20×20 outline icon path. */
  icon: string;
}

export const VIEWS: readonly ViewEntry[] = [
  {
    id: 'inbox',
    label: 'Alertes',
    hint: 'Vos alertes : échéances, documents, tâches, événements',
    icon: 'M5 14.5V9a5 5 0 0 1 10 0v5.5l1.5 1.5h-13zM8.5 17.5a1.8 1.8 0 0 0 3 0',
  },
  {
    id: 'import',
    label: 'Importer',
    hint: 'Importer un fichier CSV : équipe, clients, échéances, documents, tâches, événements',
    icon: 'M10 3v9M6.5 8.5 10 12l3.5-3.5M4 13.5V16.5h12v-3',
  },
  {
    id: 'jobs',
    label: 'Planification',
    hint: 'Les vérifications planifiées : prochaines exécutions, historique, horaires',
    icon: 'M10 2.5a7.5 7.5 0 1 0 0 15 7.5 7.5 0 0 0 0-15zM10 5.5V10l3 2',
  },
  {
    id: 'outbox',
    label: 'E-mails',
    hint: 'Les e-mails envoyés, en attente ou en échec',
    icon: 'M3 5h14v10H3zM3 5.5l7 5.5 7-5.5',
  },
  {
    id: 'logs',
    label: 'Journal',
    hint: 'Le journal de Vigie : ce qui s’est passé, les erreurs',
    icon: 'M5 2.5h7l3 3v12H5zM8 9h5M8 12h5M8 15h3',
  },
  {
    id: 'settings',
    label: 'Réglages',
    hint: 'Les réglages du cabinet : serveur d’e-mails',
    icon: 'M3 5.5h8M15 5.5h2M3 10h2M9 10h8M3 14.5h6M13 14.5h4M11 3.5v4M5 8v4M9 12.5v4',
  },
];
