// What the firm's screens share: a counter every change moves (each table and the client's
// page read again, keeping what they show until the answer comes), the staff for the person
// pickers, and the client page open over the current screen.

import { commands, type StaffMember } from './bindings';
import { call } from './api';

/** Moves on every change of the firm's data made from the window. */
export const firmData = $state({ version: 0 });

/** Says that the firm's data changed: the tables and pages showing it read it again. */
export function firmChanged(): void {
  firmData.version++;
}

let staffCache: { version: number; list: Promise<StaffMember[]> } | null = null;

/** The cabinet's staff by name, for the person pickers (read again after a change). */
export function staffList(): Promise<StaffMember[]> {
  if (!staffCache || staffCache.version !== firmData.version) {
    const list = call(() => commands.listStaff({ sort: 'name', direction: 'asc', limit: 500, offset: 0 })).then((p) => p.rows);
    // A failed read is not kept: the next picker asks again.
    list.catch(() => (staffCache = null));
    staffCache = { version: firmData.version, list };
  }
  return staffCache.list;
}

/** The client page open over the screen (null: none). */
export const clientPage = $state<{ id: number | null }>({ id: null });

/** Opens a client's page. */
export function openClient(id: number): void {
  clientPage.id = id;
}

/** Closes the client's page (back to the screen under it). */
export function closeClient(): void {
  clientPage.id = null;
}
