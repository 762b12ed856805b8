// "Exporter en CSV" under a table: the shell writes every row the table's search and filters
// match into the download folder and answers the file's path; the button says where it went,
// or the engine's French reason. "Exporter (iCalendar)" does the same with the deadlines.

import { commands, type ExportTable_Deserialize } from './bindings';
import { call, toPayload, type Answer } from './api';
import { NBSP } from './french';

/** Which table to export, with the query it is shown with. */
export type ExportRequest = ExportTable_Deserialize;

/** What the toast says: the file written, or why not. */
export type ExportOutcome = { ok: true; path: string; message: string } | { ok: false; message: string };

/** "Exporté : /home/claire/Téléchargements/vigie-echeances-2026-11-28.csv". */
export function exportedMessage(path: string): string {
  return `Exporté${NBSP}: ${path}`;
}

/** Asks the shell to export `table`; never throws. `run` is the command (a test's fake). */
export async function exportTable(
  table: ExportRequest,
  run: (table: ExportRequest) => Promise<Answer<string>> = commands.exportTable,
): Promise<ExportOutcome> {
  try {
    const path = await call(() => run(table));
    return { ok: true, path, message: exportedMessage(path) };
  } catch (error) {
    return { ok: false, message: toPayload(error).message };
  }
}

/** Asks the shell to write the deadlines as an iCalendar file (one person's, or the whole
 *  cabinet's with null); never throws. `run` is the command (a test's fake). */
export async function exportIcs(
  personEmail: string | null,
  run: (personEmail: string | null) => Promise<Answer<string>> = commands.exportDeadlinesIcs,
): Promise<ExportOutcome> {
  try {
    const path = await call(() => run(personEmail));
    return { ok: true, path, message: exportedMessage(path) };
  } catch (error) {
    return { ok: false, message: toPayload(error).message };
  }
}
