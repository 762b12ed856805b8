// How the scheduled jobs, their runs and their counts read in the window.

import type { Job, JobCounts_Serialize as JobCounts, Outcome, Trigger } from './bindings';
import { NBSP, plural } from './french';

/** What each job does, in a few words. */
export const JOB_NAMES: Record<Job, string> = {
  check: 'Vérification des alertes',
  weekly_digest: 'Récapitulatif hebdomadaire',
  cleanup: 'Nettoyage',
  status_update: 'Mise à jour des statuts',
};

/** One line on what each job is for. */
export const JOB_PURPOSES: Record<Job, string> = {
  check: 'Cherche les échéances proches, les documents manquants, les tâches en retard et les événements importants, crée les alertes et les e-mails.',
  weekly_digest: 'Envoie à chacun le récapitulatif de sa semaine par e-mail.',
  cleanup: 'Supprime les alertes lues anciennes, les e-mails envoyés et l’historique ancien.',
  status_update: 'Passe en retard les tâches et en dépassées les échéances dont la date est passée.',
};

export const OUTCOMES: Record<Outcome, string> = {
  running: 'En cours',
  ok: 'Réussie',
  failed: 'Échec',
  interrupted: 'Interrompue',
  skipped: 'Suspendue',
  missed: 'Manquée',
};

export const TRIGGERS: Record<Trigger, string> = {
  schedule: 'Planifiée',
  catchup: 'Rattrapage',
  manual: 'Manuelle',
};

/** "0,4 s", "1 min 12 s", "—". */
export function duration(ms: number | null | undefined): string {
  if (ms == null) return '—';
  if (ms < 1000) return `${ms}${NBSP}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1).replace('.', ',')}${NBSP}s`;
  const m = Math.floor(s / 60);
  return `${m}${NBSP}min${NBSP}${Math.round(s - m * 60)}${NBSP}s`;
}

/** The notifications a check created, from its counts (flattened into them by the engine). */
export function created(counts: JobCounts): number | null {
  const c = counts as Record<string, number | null | undefined>;
  const kinds = ['echeance_proche', 'documents_manquants', 'taches_retard', 'evenement_important'];
  if (kinds.every((k) => c[k] == null)) return null;
  return kinds.reduce((sum, k) => sum + (c[k] ?? 0), 0);
}

/** What a run did, in words: "12 alertes, 5 e-mails", "3 tâches en retard", "rien". */
export function summary(counts: JobCounts): string {
  const parts: string[] = [];
  const n = created(counts);
  if (n != null) parts.push(plural(n, 'alerte', 'alertes'));
  const add = (value: number | undefined, one: string, many: string) => {
    if (value != null) parts.push(plural(value, one, many));
  };
  add(counts.emails_queued, 'e-mail', 'e-mails');
  add(counts.emails_pending, 'e-mail en attente', 'e-mails en attente');
  add(counts.tasks_late, 'tâche en retard', 'tâches en retard');
  add(counts.deadlines_overdue, 'échéance dépassée', 'échéances dépassées');
  add(counts.notifications_deleted, 'alerte supprimée', 'alertes supprimées');
  add(counts.emails_deleted, 'e-mail supprimé', 'e-mails supprimés');
  add(counts.job_runs_deleted, 'ligne d’historique supprimée', 'lignes d’historique supprimées');
  return parts.length ? parts.join(', ') : 'rien';
}
