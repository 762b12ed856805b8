// The inbox list as pages: the first page of a tab (and search), the next ones on demand
// (keyset paging: before_id = the last id shown), and a refresh that keeps what was loaded.
// Pure logic: the fetch is injected, and every change is reported through `onChange`.

export interface PageQuery {
  tab: string;
  search: string;
}

export type FetchPage<T> = (query: PageQuery, limit: number, beforeId: number | null) => Promise<T[]>;

export interface ListState<T> {
  query: PageQuery;
  items: readonly T[];
  /** More pages may follow. */
  hasMore: boolean;
  /** A page is being read. */
  loading: boolean;
  /** The first page of this query has arrived. */
  ready: boolean;
}

export const PAGE_SIZE = 100;
/** A refresh reads back at most this many rows (then pages on again as the user scrolls). */
export const REFRESH_MAX = 1000;

export class PagedList<T extends { id: number }> {
  #state: ListState<T>;
  #generation = 0;
  #fetch: FetchPage<T>;
  #onChange: (state: ListState<T>) => void;
  #onError: (error: unknown) => void;
  #pageSize: number;
  /** The ids shown, kept along with the rows (a page never repeats a row). */
  #ids = new Set<number>();

  constructor(
    fetch: FetchPage<T>,
    onChange: (state: ListState<T>) => void,
    onError: (error: unknown) => void = () => {},
    pageSize = PAGE_SIZE,
  ) {
    this.#fetch = fetch;
    this.#onChange = onChange;
    this.#onError = onError;
    this.#pageSize = pageSize;
    this.#state = { query: { tab: 'all', search: '' }, items: [], hasMore: false, loading: false, ready: false };
  }

  get state(): ListState<T> {
    return this.#state;
  }

  #set(patch: Partial<ListState<T>>): void {
    this.#state = { ...this.#state, ...patch };
    this.#onChange(this.#state);
  }

  /**
   * Shows another tab or search: its first page is read; the rows shown stay until it arrives
   * (no flash of an empty list, and the list keeps the focus).
   */
  async reset(query: PageQuery): Promise<void> {
    const generation = ++this.#generation;
    this.#set({ query: { ...query }, hasMore: false, loading: true, ready: false });
    try {
      const page = await this.#fetch(query, this.#pageSize, null);
      if (generation !== this.#generation) return;
      this.#ids = new Set(page.map((n) => n.id));
      this.#set({ items: page, hasMore: page.length === this.#pageSize, loading: false, ready: true });
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#ids = new Set();
      this.#set({ items: [], loading: false, ready: true });
      this.#onError(error);
    }
  }

  /** Reads the next page, unless one is being read or there is none. */
  async loadMore(): Promise<void> {
    const s = this.#state;
    if (s.loading || !s.hasMore || s.items.length === 0) return;
    const generation = this.#generation;
    const before = s.items[s.items.length - 1].id;
    this.#set({ loading: true });
    try {
      const page = await this.#fetch(s.query, this.#pageSize, before);
      if (generation !== this.#generation) return;
      const fresh = page.filter((n) => !this.#ids.has(n.id));
      for (const n of fresh) this.#ids.add(n.id);
      this.#set({
        items: this.#state.items.concat(fresh),
        hasMore: page.length === this.#pageSize,
        loading: false,
      });
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#set({ loading: false });
      this.#onError(error);
    }
  }

  /**
   * Reads the list again from the top (something changed: an arrival, a read elsewhere), as many
   * rows as were shown (whole pages, at most REFRESH_MAX), so that the scroll position holds.
   */
  async refresh(): Promise<void> {
    const generation = ++this.#generation;
    const shown = Math.max(this.#state.items.length, 1);
    const limit = Math.min(Math.ceil(shown / this.#pageSize) * this.#pageSize, REFRESH_MAX);
    this.#set({ loading: true });
    try {
      const page = await this.#fetch(this.#state.query, limit, null);
      if (generation !== this.#generation) return;
      this.#ids = new Set(page.map((n) => n.id));
      this.#set({ items: page, hasMore: page.length === limit, loading: false, ready: true });
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#set({ loading: false });
      this.#onError(error);
    }
  }

  /** Changes one row in place (read state), without reading anything. */
  patch(id: number, change: (item: T) => T): void {
    const i = this.indexOf(id);
    if (i < 0) return;
    const items = this.#state.items.slice();
    items[i] = change(items[i]);
    this.#set({ items });
  }

  /** Takes one row out (archived, snoozed). */
  remove(id: number): void {
    const i = this.indexOf(id);
    if (i < 0) return;
    const items = this.#state.items.slice();
    items.splice(i, 1);
    this.#ids.delete(id);
    this.#set({ items });
  }

  indexOf(id: number): number {
    return this.#state.items.findIndex((n) => n.id === id);
  }
}
