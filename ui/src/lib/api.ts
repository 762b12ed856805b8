// Calling the shell: every command answers { status: "ok", data } or { status: "error", error }
// with a French message; a call that cannot reach the shell at all becomes an error like them,
// so that no screen ever has to deal with a thrown exception.

import type { ErrorPayload } from './bindings';

export type Answer<T> = { status: 'ok'; data: T } | { status: 'error'; error: ErrorPayload };

/** A command's error, carried as an exception between the store and the screens. */
export class CommandError extends Error {
  readonly payload: ErrorPayload;
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'CommandError';
    this.payload = payload;
  }
}

const UNREACHABLE = 'La fenêtre n’a pas pu joindre Vigie. Fermez-la puis rouvrez-la depuis l’icône de Vigie.';

/** An error payload from anything a call may throw (a command's error, or no shell at all). */
export function toPayload(error: unknown): ErrorPayload {
  if (error instanceof CommandError) return error.payload;
  if (isPayload(error)) return error;
  return { code: 'internal', message: UNREACHABLE, details: {} };
}

function isPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string' &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

/** The data of a command's answer; its error (or a failure to call) thrown as a CommandError. */
export async function call<T>(answer: Promise<Answer<T>> | (() => Promise<Answer<T>>)): Promise<T> {
  let result: Answer<T>;
  try {
    result = await (typeof answer === 'function' ? answer() : answer);
  } catch (error) {
    throw new CommandError(toPayload(error));
  }
  if (result.status === 'error') throw new CommandError(toPayload(result.error));
  return result.data;
}

/** A call that does not use the { status } wrapper (about): its rejection as a CommandError. */
export async function callPlain<T>(make: () => Promise<T>): Promise<T> {
  try {
    return await make();
  } catch (error) {
    throw new CommandError(toPayload(error));
  }
}

/** The data folder named in an error's details, when there is one. */
export function errorPath(payload: ErrorPayload): string | null {
  const d = payload.details;
  if (d && typeof d === 'object' && !Array.isArray(d)) {
    const path = (d as Record<string, unknown>).path;
    if (typeof path === 'string' && path) return path;
  }
  return null;
}
