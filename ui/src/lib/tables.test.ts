import { describe, expect, it } from 'vitest';
import {
  Coalesced,
  Latest,
  ariaSort,
  buildQuery,
  formatCount,
  hasNext,
  hasPrevious,
  nextOffset,
  nextSort,
  pageRange,
  previousOffset,
} from './tables';

const nb = (s: string) => s.replace(/\u00a0/g, ' ');

describe('the paging line', () => {
  it('says which rows of how many, grouped the French way', () => {
    expect(nb(pageRange(0, 50, 1240))).toBe('1–50 sur 1 240');
    expect(nb(pageRange(1200, 40, 1240))).toBe('1 201–1 240 sur 1 240');
    expect(pageRange(0, 7, 7)).toBe('1–7 sur 7');
    expect(pageRange(0, 0, 0)).toBe('Aucun résultat');
  });

  it('groups figures by three', () => {
    expect(nb(formatCount(0))).toBe('0');
    expect(nb(formatCount(999))).toBe('999');
    expect(nb(formatCount(1000))).toBe('1 000');
    expect(nb(formatCount(1234567))).toBe('1 234 567');
  });

  it('knows when a previous or next page exists, and where it starts', () => {
    expect(hasPrevious(0)).toBe(false);
    expect(hasPrevious(50)).toBe(true);
    expect(hasNext(0, 50, 1240)).toBe(true);
    expect(hasNext(1200, 40, 1240)).toBe(false);
    expect(hasNext(0, 7, 7)).toBe(false);
    expect(previousOffset(50)).toBe(0);
    expect(previousOffset(20)).toBe(0);
    expect(nextOffset(50)).toBe(100);
  });
});

describe('the query a table sends', () => {
  it('trims the search and leaves out empty filters', () => {
    const query = buildQuery({
      search: '  dupont ',
      sort: 'client',
      direction: 'desc',
      filter: { client_id: 3, assignee_id: null, status: '', due_from: '2026-11-01' },
      offset: 100,
    });
    expect(query).toEqual({
      search: 'dupont',
      sort: 'client',
      direction: 'desc',
      filter: { client_id: 3, due_from: '2026-11-01' },
      limit: 50,
      offset: 100,
    });
  });

  it('leaves the search out when it is blank, and sends a false value (inactive staff only)', () => {
    const query = buildQuery({ search: '   ', sort: 'name', direction: 'asc', filter: { open_only: true, active: false, role: null }, offset: -5 });
    expect(query).not.toHaveProperty('search');
    expect(query.filter).toEqual({ open_only: true, active: false });
    expect(query.offset).toBe(0);
  });
});

describe('sorting by a header', () => {
  it('turns the direction round on the same column, and starts a new one in its direction', () => {
    expect(nextSort({ sort: 'due_date', direction: 'asc' }, 'due_date')).toEqual({ sort: 'due_date', direction: 'desc' });
    expect(nextSort({ sort: 'due_date', direction: 'desc' }, 'due_date')).toEqual({ sort: 'due_date', direction: 'asc' });
    expect(nextSort({ sort: 'due_date', direction: 'desc' }, 'client')).toEqual({ sort: 'client', direction: 'asc' });
    expect(nextSort({ sort: 'name', direction: 'asc' }, 'active', 'desc')).toEqual({ sort: 'active', direction: 'desc' });
  });

  it('says aria-sort on the sorted column only', () => {
    expect(ariaSort({ sort: 'client', direction: 'asc' }, 'client')).toBe('ascending');
    expect(ariaSort({ sort: 'client', direction: 'desc' }, 'client')).toBe('descending');
    expect(ariaSort({ sort: 'client', direction: 'desc' }, 'label')).toBeUndefined();
  });
});

describe('keeping only the latest answer', () => {
  function deferred<T>() {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  }

  it('drops an answer that arrives after a newer read started', async () => {
    const latest = new Latest();
    const slow = deferred<string>();
    const fast = deferred<string>();
    const first = latest.run(() => slow.promise);
    const second = latest.run(() => fast.promise);
    fast.resolve('du');
    slow.resolve('d');
    expect(await second).toEqual({ stale: false, value: 'du' });
    expect(await first).toEqual({ stale: true });
  });

  it('throws the latest read’s failure, and drops a stale one’s', async () => {
    const latest = new Latest();
    const old = deferred<string>();
    const first = latest.run(() => old.promise);
    const second = latest.run(() => Promise.reject(new Error('refusé')));
    old.reject(new Error('trop tard'));
    await expect(first).resolves.toEqual({ stale: true });
    await expect(second).rejects.toThrow('refusé');
  });

  it('makes reads under way stale when forgotten', async () => {
    const latest = new Latest();
    const read = latest.run(() => Promise.resolve(1));
    latest.forget();
    expect(await read).toEqual({ stale: true });
  });
});

describe('Coalesced', () => {
  it('reads at once, and once more after the read under way, however many keys came meanwhile', async () => {
    const started: number[] = [];
    const finish: (() => void)[] = [];
    const reads = new Coalesced(
      () =>
        new Promise<void>((resolve) => {
          started.push(started.length + 1);
          finish.push(resolve);
        }),
    );
    const first = reads.request();
    expect(started).toEqual([1]);
    void reads.request();
    void reads.request();
    void reads.request();
    expect(started).toEqual([1]);
    finish[0]();
    await new Promise((r) => setTimeout(r));
    expect(started).toEqual([1, 2]);
    finish[1]();
    await first;
    expect(started).toEqual([1, 2]);
    // Idle again: the next key reads at once.
    void reads.request();
    expect(started).toEqual([1, 2, 3]);
    finish[2]();
  });
});
