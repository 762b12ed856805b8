// The window's screens, as the navigation lists them.

/** A screen of the window. */
export type View =
  | 'inbox'
  | 'calendar'
  | 'workload'
  | 'clients'
  | 'deadlines'
  | 'documents'
  | 'tasks'
  | 'events'
  | 'staff'
  | 'import'
  | 'jobs'
  | 'outbox'
  | 'logs'
  | 'settings';

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
    id: 'calendar',
    label: 'Calendrier',
    hint: 'Les échéances du cabinet, par mois ou par semaine',
    icon: 'M3.5 4.5h13v12h-13zM3.5 8.5h13M7 2.5v4M13 2.5v4M6.5 11.5h2M11.5 11.5h2M6.5 14h2',
  },
  {
    id: 'workload',
    label: 'Charge',
    hint: 'La charge de chacun : échéances et tâches en retard, à 7 et à 30 jours',
    icon: 'M3 3v14h14M6 6.5h7M6 10h10M6 13.5h4',
  },
  {
    id: 'clients',
    label: 'Clients',
    hint: 'Les dossiers du cabinet : SIREN, régime de TVA, responsable',
    icon: 'M3 7h14v9.5H3zM7.5 7V4.5h5V7M3 11.5h14',
  },
  {
    id: 'deadlines',
    label: 'Échéances',
    hint: 'Les échéances fiscales et sociales des clients',
    icon: 'M3.5 5h13v11.5h-13zM3.5 8.5h13M7 3v3.5M13 3v3.5M7.5 12.5l2 2 3.5-3.5',
  },
  {
    id: 'documents',
    label: 'Documents',
    hint: 'Les documents demandés aux clients, reçus ou encore attendus',
    icon: 'M5 2.5h7l3 3v12H5zM12 2.5v3h3M7.5 10h5M7.5 13h5',
  },
  {
    id: 'tasks',
    label: 'Tâches',
    hint: 'Les tâches du cabinet, par échéance et par personne',
    icon: 'M8.5 5.5H17M8.5 10H17M8.5 14.5H17M3 5.5l1.2 1.2L6.5 4.4M3 10l1.2 1.2 2.3-2.3M3 14.5l1.2 1.2 2.3-2.3',
  },
  {
    id: 'events',
    label: 'Événements',
    hint: 'Rendez-vous, assemblées, contrôles : les événements à venir',
    icon: 'M3.5 5h13v11.5h-13zM3.5 8.5h13M7 3v3.5M13 3v3.5M8.5 11h3v3h-3z',
  },
  {
    id: 'staff',
    label: 'Équipe',
    hint: 'Les membres du cabinet : fonction, adresse, alertes',
    icon: 'M7.5 9a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM2.5 16.5c0-2.8 2.2-4.5 5-4.5s5 1.7 5 4.5M13 4.3a2.5 2.5 0 0 1 0 4.4M14.5 12c1.8.5 3 2 3 4.5',
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

/** A heading of the navigation and the screens under it, in order. */
export interface ViewGroup {
  label: string;
  /** Screen ids; a name no screen has is skipped (a section may list screens yet to come). */
  views: readonly string[];
}

/** The navigation's sections: following the firm's load, its records, and Vigie itself. A
 *  screen missing here is listed under the last section. */
export const GROUPS: readonly ViewGroup[] = [
  { label: 'Suivi', views: ['inbox', 'calendar', 'workload'] },
  {
    label: 'Dossiers',
    views: ['clients', 'deadlines', 'documents', 'tasks', 'events', 'staff', 'import'],
  },
  { label: 'Vigie', views: ['jobs', 'outbox', 'logs', 'settings'] },
];

/** The navigation's sections with their screens' entries, each screen once. */
export function navSections(views: readonly ViewEntry[] = VIEWS): { label: string; entries: ViewEntry[] }[] {
  const byId = new Map(views.map((v) => [v.id, v]));
  const placed = new Set<View>();
  const sections = GROUPS.map((g) => ({
    label: g.label,
    entries: g.views.flatMap((id) => {
      const entry = byId.get(id as View);
      if (!entry || placed.has(entry.id)) return [];
      placed.add(entry.id);
      return [entry];
    }),
  }));
  const rest = views.filter((v) => !placed.has(v.id));
  sections[sections.length - 1].entries.push(...rest);
  return sections.filter((s) => s.entries.length > 0);
}
