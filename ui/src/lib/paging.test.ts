import { describe, expect, it } from 'vitest';
import { PagedList, type ListState, type PageQuery } from './paging';

interface Row {
  id: number;
  tab: string;
}

/** A backend of `n` rows (ids 1..n), newest (highest id) first, with keyset paging. */
function backend(n: number) {
  let rows: Row[] = Array.from({ length: n }, (_, i) => ({ id: i + 1, tab: i % 2 ? 'odd' : 'even' }));
  const calls: { query: PageQuery; limit: number; before: number | null }[] = [];
  const fetch = async (query: PageQuery, limit: number, before: number | null) => {
    calls.push({ query, limit, before });
    return rows
      .filter((r) => query.tab === 'all' || r.tab === query.tab)
      .filter((r) => before === null || r.id < before)
      .sort((a, b) => b.id - a.id)
      .slice(0, limit);
  };
  return {
    fetch,
    calls,
    add: (id: number) => rows.push({ id, tab: id % 2 ? 'even' : 'odd' }),
    drop: (id: number) => (rows = rows.filter((r) => r.id !== id)),
  };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('PagedList', () => {
  it('reads the first page, then the next ones with before_id = the last id shown', async () => {
    const b = backend(250);
    const states: ListState<Row>[] = [];
    const list = new PagedList<Row>(b.fetch, (s) => states.push(s));
    await list.reset({ tab: 'all', search: '' });
    expect(list.state.items).toHaveLength(100);
    expect(list.state.items[0].id).toBe(250);
    expect(list.state.hasMore).toBe(true);
    expect(list.state.ready).toBe(true);
    await list.loadMore();
    expect(b.calls[1]).toEqual({ query: { tab: 'all', search: '' }, limit: 100, before: 151 });
    await list.loadMore();
    expect(list.state.items).toHaveLength(250);
    expect(list.state.items.at(-1)?.id).toBe(1);
    expect(list.state.hasMore).toBe(false);
    // Nothing more to read: no call.
    await list.loadMore();
    expect(b.calls).toHaveLength(3);
    // The list said it was loading in between.
    expect(states.some((s) => s.loading)).toBe(true);
  });

  it('reads one page at a time', async () => {
    const b = backend(300);
    const list = new PagedList<Row>(b.fetch, () => {});
    await list.reset({ tab: 'all', search: '' });
    await Promise.all([list.loadMore(), list.loadMore(), list.loadMore()]);
    expect(b.calls).toHaveLength(2);
    expect(list.state.items).toHaveLength(200);
  });

  it('drops a page that arrives for a tab no longer shown', async () => {
    const slow = deferred<Row[]>();
    let first = true;
    const list = new PagedList<Row>(
      (query) => {
        if (first) {
          first = false;
          return slow.promise;
        }
        return Promise.resolve([{ id: 7, tab: query.tab }]);
      },
      () => {},
    );
    const a = list.reset({ tab: 'even', search: '' });
    await list.reset({ tab: 'odd', search: '' });
    slow.resolve([{ id: 99, tab: 'even' }]);
    await a;
    expect(list.state.query.tab).toBe('odd');
    expect(list.state.items.map((r) => r.id)).toEqual([7]);
  });

  it('refreshes as many rows as were shown, new ones on top', async () => {
    const b = backend(250);
    const list = new PagedList<Row>(b.fetch, () => {});
    await list.reset({ tab: 'all', search: '' });
    await list.loadMore();
    b.add(251);
    b.add(252);
    b.drop(249);
    await list.refresh();
    expect(b.calls.at(-1)?.limit).toBe(200);
    expect(list.state.items.slice(0, 3).map((r) => r.id)).toEqual([252, 251, 250]);
    expect(list.state.items.some((r) => r.id === 249)).toBe(false);
    expect(list.state.items).toHaveLength(200);
    expect(list.state.hasMore).toBe(true);
  });

  it('patches and removes rows in place', async () => {
    const b = backend(5);
    const list = new PagedList<Row & { read?: boolean }>(b.fetch, () => {});
    await list.reset({ tab: 'all', search: '' });
    list.patch(3, (r) => ({ ...r, read: true }));
    expect(list.state.items.find((r) => r.id === 3)?.read).toBe(true);
    list.remove(4);
    expect(list.state.items.map((r) => r.id)).toEqual([5, 3, 2, 1]);
    list.remove(42);
    expect(list.state.items).toHaveLength(4);
    expect(list.state.hasMore).toBe(false);
  });

  it('reports a failed read and stays usable', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const list = new PagedList<Row>(
      async () => {
        if (fail) throw { code: 'store_locked', message: 'Occupé' };
        return [{ id: 1, tab: 'all' }];
      },
      () => {},
      (e) => errors.push(e),
    );
    await list.reset({ tab: 'all', search: '' });
    expect(errors).toHaveLength(1);
    expect(list.state.loading).toBe(false);
    expect(list.state.ready).toBe(true);
    fail = false;
    await list.refresh();
    expect(list.state.items).toHaveLength(1);
  });
});

describe('PagedList and overlapping pages', () => {
  it('never shows a row twice, even if a page repeats one', async () => {
    const pages = [
      [{ id: 5 }, { id: 4 }],
      [{ id: 4 }, { id: 3 }],
      [{ id: 2 }],
    ];
    let call = 0;
    const list = new PagedList<{ id: number }>(async () => pages[call++] ?? [], () => {}, () => {}, 2);
    await list.reset({ tab: 'all', search: '' });
    await list.loadMore();
    await list.loadMore();
    expect(list.state.items.map((r) => r.id)).toEqual([5, 4, 3, 2]);
    list.remove(3);
    expect(list.state.items.map((r) => r.id)).toEqual([5, 4, 2]);
  });
});

describe('PagedList.reset', () => {
  it('keeps the rows shown until the new first page arrives', async () => {
    const b = backend(10);
    const seen: ListState<Row>[] = [];
    const list = new PagedList<Row>(b.fetch, (s) => seen.push(s));
    await list.reset({ tab: 'all', search: '' });
    seen.length = 0;
    await list.reset({ tab: 'odd', search: '' });
    expect(seen[0]).toMatchObject({ loading: true, ready: false });
    expect(seen[0].items).toHaveLength(10);
    expect(seen[0].query.tab).toBe('odd');
    expect(list.state.items.map((r) => r.id)).toEqual([10, 8, 6, 4, 2]);
  });
});
