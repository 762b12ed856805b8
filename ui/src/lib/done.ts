// The one-click "faite", "reçu", "terminée" (and back), from a table or a client's page: the
// engine's answer says how many alerts stopped, and the toast says so.

import { commands } from './bindings';
import { call, toPayload } from './api';
import { firmChanged } from './firm.svelte';
import { doneToast } from './records';
import { toasts } from './toasts.svelte';

type Change = () => Promise<{ alerts: { notifications: number } }>;

async function oneClick(kind: 'deadline' | 'document' | 'task', label: string, done: boolean, run: Change, undo: Change = run): Promise<void> {
  try {
    const change = await run();
    const message = doneToast(kind, label, done, change.alerts.notifications);
    // Done by mistake: "Annuler" takes it back at once (its alerts stay read).
    toasts.info(message, done ? { label: 'Annuler', run: () => oneClick(kind, label, false, () => undo()) } : undefined);
  } catch (error) {
    toasts.error(toPayload(error).message);
  }
  firmChanged();
}

/** Marks a deadline faite, or back to à faire. */
export function setDeadlineDone(d: { id: number; label: string }, done: boolean): Promise<void> {
  return oneClick('deadline', d.label, done, () => call(() => commands.setDeadlineDone(d.id, done)), () => call(() => commands.setDeadlineDone(d.id, false)));
}

/** Marks a document received today, or missing again. */
export function setDocumentReceived(d: { id: number; label: string }, received: boolean): Promise<void> {
  return oneClick('document', d.label, received, () => call(() => commands.setDocumentReceived(d.id, received)), () => call(() => commands.setDocumentReceived(d.id, false)));
}

/** Marks a task terminée, or open again. */
export function setTaskDone(t: { id: number; title: string }, done: boolean): Promise<void> {
  return oneClick('task', t.title, done, () => call(() => commands.setTaskDone(t.id, done)), () => call(() => commands.setTaskDone(t.id, false)));
}
