// How one notification reads in the list and the detail pane.

import type {
  DeadlineStatus,
  Importance,
  Notification_Serialize as Notification,
  Priority,
  TaskStatus,
} from './bindings';
import { NBSP } from './french';

/** The title without the trailing " — client" that the list shows on its own line. */
export function displayTitle(n: Pick<Notification, 'title' | 'client'>): string {
  if (n.client) {
    for (const sep of [' — ', ' - ']) {
      const suffix = `${sep}${n.client}`;
      if (n.title.endsWith(suffix) && n.title.length > suffix.length) {
        return n.title.slice(0, -suffix.length);
      }
    }
  }
  return n.title;
}

export type Urgency = 'overdue' | 'today' | 'soon' | 'later';

export interface Headline {
  /** What the alert is about: "TVA CA3 novembre", "Relevés bancaires octobre". */
  subject: string;
  /** When, from the title: "Dépassée", "Aujourd’hui", "Demain", "Dans 5 jours"; null if none. */
  when: string | null;
  urgency: Urgency | null;
}

/**
 * Splits an engine title ("Échéance dans 5 jours : TVA CA3 novembre — client") into its subject
 * and its "when", so that the list leads with the subject. A title of another shape is kept
 * whole.
 */
export function headline(n: Pick<Notification, 'title' | 'client'>): Headline {
  const title = displayTitle(n);
  const m = /^(.+?) : (.+)$/.exec(title);
  if (!m) return { subject: title, when: null, urgency: null };
  const [, head, subject] = m;
  const when = /^(?:Échéance|Événement important) (dépassée|aujourd'hui|demain|dans (\d+) jours)$/.exec(head);
  if (!when) return { subject, when: null, urgency: null };
  switch (when[1]) {
    case 'dépassée':
      return { subject, when: 'Dépassée', urgency: 'overdue' };
    case "aujourd'hui":
      return { subject, when: 'Aujourd’hui', urgency: 'today' };
    case 'demain':
      return { subject, when: 'Demain', urgency: 'soon' };
    default: {
      const days = Number(when[2]);
      return { subject, when: `Dans ${days}${NBSP}jours`, urgency: days <= 7 ? 'soon' : 'later' };
    }
  }
}

const LONG_DATE =
  /(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) (1er|\d{1,2}) (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) (\d{4})(?: à (\d{1,2}):(\d{2}))?/;

/**
 * The due date (or start) found in the body, as a short phrase for the list:
 * "à rendre le lundi 30 novembre", "attendu le …", "prévue le …", "le … à 14 h".
 */
export function dueHint(n: Pick<Notification, 'kind' | 'body'>, now: Date): string | null {
  const m = LONG_DATE.exec(n.body);
  if (!m) return null;
  const [, weekday, day, month, year, hour, minute] = m;
  let date = `${weekday} ${day} ${month}`;
  if (Number(year) !== now.getFullYear()) date += ` ${year}`;
  switch (n.kind) {
    case 'echeance_proche':
      return /était à rendre/.test(n.body) ? `était à rendre le ${date}` : `à rendre le ${date}`;
    case 'documents_manquants':
      return /attendu depuis le/.test(n.body) ? `attendu depuis le ${date}` : `attendu le ${date}`;
    case 'taches_retard':
      return `prévue le ${date}`;
    case 'evenement_important': {
      if (hour === undefined) return `le ${date}`;
      const time = minute === '00' ? `${Number(hour)}${NBSP}h` : `${Number(hour)}${NBSP}h${NBSP}${minute}`;
      return `le ${date} à ${time}`;
    }
  }
}

const DEADLINE_STATUS: Record<DeadlineStatus, string> = {
  a_faire: 'À faire',
  en_cours: 'En cours',
  faite: 'Faite',
  depassee: 'Dépassée',
};

const TASK_STATUS: Record<TaskStatus, string> = {
  a_faire: 'À faire',
  en_cours: 'En cours',
  terminee: 'Terminée',
  en_retard: 'En retard',
};

const PRIORITY: Record<Priority, string> = {
  basse: 'Basse',
  normale: 'Normale',
  haute: 'Haute',
  urgente: 'Urgente',
};

const IMPORTANCE: Record<Importance, string> = { normale: 'Normale', haute: 'Haute' };

/** Deadline kinds as the import and the demo name them. */
const DEADLINE_KINDS: Record<string, string> = {
  tva_ca3: 'TVA (CA3)',
  tva_ca12: 'TVA (CA12)',
  tva: 'TVA',
  dsn: 'DSN',
  is_acompte: 'Acompte d’impôt sur les sociétés',
  is_solde: 'Solde d’impôt sur les sociétés',
  is: 'Impôt sur les sociétés',
  cvae: 'CVAE',
  cfe: 'CFE',
  liasse: 'Liasse fiscale',
  tva_remboursement: 'Remboursement de crédit de TVA',
  urssaf: 'URSSAF',
  depot_comptes: 'Dépôt des comptes annuels',
  controle_fiscal: 'Contrôle fiscal',
  formalite: 'Formalité juridique',
  plus_value: 'Plus-value',
};

export const deadlineStatusLabel = (s: DeadlineStatus): string => DEADLINE_STATUS[s] ?? s;
export const taskStatusLabel = (s: TaskStatus): string => TASK_STATUS[s] ?? s;
export const priorityLabel = (p: Priority): string => PRIORITY[p] ?? p;
export const importanceLabel = (i: Importance): string => IMPORTANCE[i] ?? i;

/** "TVA (CA3)" for "tva_ca3"; an unknown kind as imported, underscores as spaces. */
export function deadlineKindLabel(kind: string): string {
  const known = DEADLINE_KINDS[kind.toLowerCase()];
  if (known) return known;
  const text = kind.replace(/_/g, ' ').trim();
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : kind;
}

/** What a list row shows, worked out once per notification (the list renders it many times). */
export interface RowView {
  id: number;
  kind: Notification['kind'];
  read: boolean;
  /** "Échéance", "Document manquant"… (for screen readers: the icon says it to the eye). */
  kindText: string;
  subject: string;
  /** "Dans 5 jours", "Dépassée"…, or "". */
  when: string;
  urgency: Urgency | '';
  client: string;
  /** "à rendre le lundi 30 novembre", or "". */
  due: string;
  /** The due date alone when `when` already says the rest ("lundi 30 novembre"). */
  dueShort: string;
  createdAt: Date;
  createdText: string;
}

const KIND_TEXT: Record<Notification['kind'], string> = {
  echeance_proche: 'Échéance',
  documents_manquants: 'Document manquant',
  taches_retard: 'Tâche en retard',
  evenement_important: 'Événement important',
};

const views = new WeakMap<object, RowView>();

/**
 * The row of a notification, cached on the notification object (rows come and go while
 * scrolling; a changed notification is a new object, so a new row).
 */
export function rowView(n: Notification, now: Date, format: { typography: (s: string) => string; longDateTime: (d: Date) => string }): RowView {
  const cached = views.get(n);
  if (cached) return cached;
  const head = headline(n);
  const due = dueHint(n, now) ?? '';
  const createdAt = new Date(n.created_at);
  const view: RowView = {
    id: n.id,
    kind: n.kind,
    read: n.read,
    kindText: KIND_TEXT[n.kind],
    subject: format.typography(head.subject),
    when: head.when ?? '',
    urgency: head.urgency ?? '',
    client: n.client ?? '',
    due,
    dueShort: head.when && due ? due.replace(/^(?:était )?(?:à rendre )?le /, '') : due,
    createdAt,
    createdText: format.longDateTime(createdAt),
  };
  views.set(n, view);
  return view;
}
