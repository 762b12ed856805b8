// What every table of the firm's data shares, as pure logic: the query a table sends (search,
// sort, filters, page), the paging line ("1–50 sur 1 240"), the sort a header click gives, and
// keeping only the latest answer when the person types faster than the engine answers.

import { NBSP } from './french';

/** Rows per page. */
export const PAGE_SIZE = 50;
/** A picker's search waits this long after the last key (short: the engine answers in
 *  milliseconds). Tables do not wait: see [`Coalesced`]. */
export const SEARCH_DEBOUNCE_MS = 80;
/** A read shorter than this shows no loading sign at all (no flash). */
export const LOADING_DELAY_MS = 250;

export type Direction = 'asc' | 'desc';

/** A filter's value as a control holds it: '' (none), text, a number id, or a boolean. */
export type FilterValue = string | number | boolean | null;

/** A column of a table: its header, and the engine's sort column when it sorts. */
export interface ColumnSpec<S extends string> {
  label: string;
  /** The sort column a click on the header asks for (none: not sortable). */
  sort?: S;
  /** The direction a first click sorts in (default ascending). */
  first?: Direction;
  /** The header is read by screen readers only (an actions column). */
  hidden?: boolean;
  /** A CSS width for the column (`8rem`). */
  width?: string;
}

/** A filter of a table, by the engine's filter member(s) it sets. */
export type FilterSpec =
  | { type: 'choice'; key: string; label: string; all: string; options: { value: string; label: string }[]; parse?: (v: string) => FilterValue }
  | { type: 'person'; key: string; label: string; all: string }
  | { type: 'client'; key: string; label: string }
  | { type: 'dates'; from: string; to: string; label: string }
  | { type: 'flag'; key: string; label: string };

/** What a table's controls hold. */
export interface TableState<S extends string> {
  search: string;
  sort: S;
  direction: Direction;
  filter: Record<string, FilterValue>;
  offset: number;
}

/** The query sent to a list command (`ListQuery<S, F>`), members left out when empty. */
export interface TableQuery<S extends string, F> {
  search?: string | null;
  sort?: S;
  direction?: Direction;
  filter?: F;
  limit?: number | null;
  offset?: number;
}

/**
 * The query for a table's state: the search trimmed (left out when empty), the filters with
 * a value (an empty choice or date means "all"), the page.
 */
export function buildQuery<S extends string, F>(state: TableState<S>, limit = PAGE_SIZE): TableQuery<S, F> {
  const filter: Record<string, FilterValue> = {};
  for (const [key, value] of Object.entries(state.filter)) {
    if (value === null || value === '' || value === undefined) continue;
    filter[key] = value;
  }
  const search = state.search.trim();
  return {
    ...(search ? { search } : {}),
    sort: state.sort,
    direction: state.direction,
    filter: filter as F,
    limit,
    offset: Math.max(0, state.offset),
  };
}

/** "1 240": digits grouped by three with no-break spaces, as French figures are written. */
export function formatCount(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  return n < 0 ? `-${grouped}` : grouped;
}

/** The paging line: "1–50 sur 1 240", "51–62 sur 62", "Aucun résultat". */
export function pageRange(offset: number, shown: number, total: number): string {
  if (total === 0 || shown === 0) return 'Aucun résultat';
  return `${formatCount(offset + 1)}–${formatCount(offset + shown)} sur ${formatCount(total)}`;
}

/** Whether a page comes before / after the one shown. */
export function hasPrevious(offset: number): boolean {
  return offset > 0;
}
export function hasNext(offset: number, shown: number, total: number): boolean {
  return offset + shown < total;
}

/** The offset of the previous and the next page. */
export function previousOffset(offset: number, limit = PAGE_SIZE): number {
  return Math.max(0, offset - limit);
}
export function nextOffset(offset: number, limit = PAGE_SIZE): number {
  return offset + limit;
}

/**
 * The sort after a click on a column's header: the same column turns the direction round, a
 * new one starts in its natural direction (dates and text ascending).
 */
export function nextSort<S extends string>(
  current: { sort: S; direction: Direction },
  column: S,
  first: Direction = 'asc',
): { sort: S; direction: Direction } {
  if (current.sort === column) return { sort: column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { sort: column, direction: first };
}

/** A header's aria-sort: the sorted column says its direction, the others nothing. */
export function ariaSort<S extends string>(
  current: { sort: S; direction: Direction },
  column: S,
): 'ascending' | 'descending' | undefined {
  if (current.sort !== column) return undefined;
  return current.direction === 'asc' ? 'ascending' : 'descending';
}

/**
 * Keeps only the latest answer: each read takes a ticket, and an answer whose ticket is not
 * the last one given is dropped (the person typed on, or changed the sort, meanwhile). A
 * stale read's failure is dropped too; the latest one's is thrown.
 */
export class Latest {
  #ticket = 0;

  /** Runs `read`; its answer, or `{ stale: true }` when a newer read started since. */
  async run<T>(read: () => Promise<T>): Promise<{ stale: true } | { stale: false; value: T }> {
    const ticket = ++this.#ticket;
    try {
      const value = await read();
      return ticket === this.#ticket ? { stale: false, value } : { stale: true };
    } catch (error) {
      if (ticket !== this.#ticket) return { stale: true };
      throw error;
    }
  }

  /** Makes every read under way stale (the table is going away, or reloads anyway). */
  forget(): void {
    this.#ticket++;
  }
}

/** Runs a read at once when none is under way, else once more when it ends (with what was typed
 *  by then): the first key is answered without waiting, and fast typing costs one query at a
 *  time, never a queue of them. */
export class Coalesced {
  #running = false;
  #again = false;

  constructor(private readonly read: () => Promise<void>) {}

  /** Asks for a read; resolves when the reads it started are done. */
  async request(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    try {
      do {
        this.#again = false;
        await this.read();
      } while (this.#again);
    } finally {
      this.#running = false;
    }
  }
}
