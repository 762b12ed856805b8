import { describe, expect, it } from 'vitest';
import { call, callPlain, CommandError, errorPath, toPayload } from './api';

describe('call', () => {
  it('gives the data of an ok answer', async () => {
    await expect(call(async () => ({ status: 'ok' as const, data: 42 }))).resolves.toBe(42);
  });

  it('throws the French error of an error answer, as is', async () => {
    const error = { code: 'store_locked' as const, message: 'Vigie est occupé.', details: { path: '/d/vigie.db' } };
    const failure = await call(async () => ({ status: 'error' as const, error })).catch((e) => e);
    expect(failure).toBeInstanceOf(CommandError);
    expect((failure as CommandError).payload).toEqual(error);
    expect(errorPath((failure as CommandError).payload)).toBe('/d/vigie.db');
  });

  it('turns a call that cannot reach the shell into a French error', async () => {
    const failure = await call(async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'invoke')");
    }).catch((e) => e);
    expect((failure as CommandError).payload.code).toBe('internal');
    expect((failure as CommandError).message).toMatch(/^La fenêtre n’a pas pu joindre Vigie/);
  });

  it('keeps the payload a plain call rejects with', async () => {
    const failure = await callPlain(() => Promise.reject({ code: 'io', message: 'Dossier illisible.', details: {} })).catch(
      (e) => e,
    );
    expect(toPayload(failure).message).toBe('Dossier illisible.');
    expect(errorPath(toPayload(failure))).toBeNull();
  });
});
