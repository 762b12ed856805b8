import { describe, expect, it } from 'vitest';
import { exportIcs, exportTable, exportedMessage, type ExportRequest } from './export';

const deadlines: ExportRequest = { table: 'deadlines', query: { search: 'tva', filter: { open_only: true } } };

describe('exporting a table', () => {
  it('sends the table with its query and says where the file went', async () => {
    const sent: ExportRequest[] = [];
    const outcome = await exportTable(deadlines, async (table) => {
      sent.push(table);
      return { status: 'ok', data: '/home/claire/Téléchargements/vigie-echeances-2026-11-28.csv' };
    });
    expect(sent).toEqual([deadlines]);
    expect(outcome).toEqual({
      ok: true,
      path: '/home/claire/Téléchargements/vigie-echeances-2026-11-28.csv',
      message: 'Exporté\u00a0: /home/claire/Téléchargements/vigie-echeances-2026-11-28.csv',
    });
  });

  it('gives the engine’s French message when the export is refused', async () => {
    const message = 'Le dossier /home/claire/Téléchargements est introuvable.';
    const outcome = await exportTable(deadlines, async () => ({
      status: 'error',
      error: { code: 'io', message, details: {} },
    }));
    expect(outcome).toEqual({ ok: false, message });
  });

  it('says the window could not reach Vigie when the call itself fails', async () => {
    const outcome = await exportTable({ table: 'staff', query: {} }, () => Promise.reject(new Error('no IPC')));
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toContain('n’a pas pu joindre Vigie');
  });

  it('writes the path after a colon with its French space', () => {
    expect(exportedMessage('/tmp/a.csv')).toBe('Exporté\u00a0: /tmp/a.csv');
  });
});

describe('exporting the deadlines as iCalendar', () => {
  it('asks for the whole cabinet’s or one person’s, and says where the file went or why not', async () => {
    const asked: (string | null)[] = [];
    const outcome = await exportIcs(null, async (person) => {
      asked.push(person);
      return { status: 'ok', data: '/home/claire/Téléchargements/vigie-echeances-2026-11-28.ics' };
    });
    expect(asked).toEqual([null]);
    expect(outcome.message).toBe('Exporté\u00a0: /home/claire/Téléchargements/vigie-echeances-2026-11-28.ics');
    const refused = await exportIcs('personne@nulle.part', async () => ({
      status: 'error',
      error: { code: 'invalid_input', message: 'Aucune personne « personne@nulle.part ».', details: {} },
    }));
    expect(refused).toEqual({ ok: false, message: 'Aucune personne « personne@nulle.part ».' });
  });
});
