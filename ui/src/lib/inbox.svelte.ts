// The inbox screen's state: tab, search, the paged list, the selection, the open notification,
// the counts and the pop-up pause; every command goes through here, errors become toasts.

import {
  commands,
  type MuteFor,
  type Notification_Serialize as Notification,
  type Pause,
  type SnoozeFor,
  type Subject_Serialize as Subject,
  type TabCounts,
  type UserView,
} from './bindings';
import { call, toPayload, type Answer } from './api';
import type { Clock } from './clock';
import { longDateTime, newAlerts, plural, timeOfDay, untilPhrase, NBSP } from './french';
import { PagedList, type ListState } from './paging';
import { type TabId } from './tabs';
import { toasts } from './toasts.svelte';

/** The search waits this long after the last key before reading the list. */
export const SEARCH_DEBOUNCE_MS = 150;

export type SnoozeChoice = 'one_hour' | 'tomorrow_morning' | { at: Date };

export class InboxState {
  readonly clock: Clock;
  user = $state<UserView | null>(null);
  pause = $state<Pause>({ paused: 'no' });
  counts = $state<TabCounts | null>(null);
  tab = $state<TabId>('all');
  /** What the search box holds (the list follows it after the debounce). */
  search = $state('');
  list = $state.raw<ListState<Notification>>({
    query: { tab: 'all', search: '' },
    items: [],
    hasMore: false,
    loading: false,
    ready: false,
  });
  selectedId = $state<number | null>(null);
  openedId = $state<number | null>(null);
  opened = $state.raw<Subject | null>(null);
  opening = $state(false);
  /** Single-pane layout: the detail is shown instead of the list. */
  showDetail = $state(false);
  /** The text of the polite live region ("3 nouvelles alertes"). */
  announcement = $state('');
  now = $state(new Date());
  checking = $state(false);

  #pages: PagedList<Notification>;
  #searchTimer: ReturnType<typeof setTimeout> | null = null;
  #lastIndex = 0;
  #openToken = 0;

  constructor(clock: Clock) {
    this.clock = clock;
    this.now = clock.now();
    this.#pages = new PagedList<Notification>(
      (query, limit, beforeId) =>
        call(() =>
          commands.inbox({
            tab: query.tab,
            search: query.search.trim() || null,
            limit,
            before_id: beforeId,
          }),
        ),
      (state) => this.#listChanged(state),
      (error) => this.fail(error),
    );
  }

  /** Starts on the session's user: counts and the first page. */
  async start(user: UserView, pause: Pause): Promise<void> {
    // With the list's 'vigie:first-rows': the inbox's first paint, for the benchmarks.
    performance.mark('vigie:inbox-start');
    this.user = user;
    this.pause = pause;
    // The first page asked first: the rows do not wait for the counts.
    await Promise.all([this.#pages.reset({ tab: this.tab, search: this.search }), this.refreshCounts()]);
  }

  get items(): readonly Notification[] {
    return this.list.items;
  }

  get selectedIndex(): number {
    return this.selectedId === null ? -1 : this.list.items.findIndex((n) => n.id === this.selectedId);
  }

  /** The notification the keyboard actions apply to: the selected one, else the open one. */
  get target(): Notification | null {
    const id = this.selectedId ?? this.openedId;
    if (id === null) return null;
    return this.list.items.find((n) => n.id === id) ?? (this.opened?.notification.id === id ? this.opened.notification : null);
  }

  fail(error: unknown): void {
    toasts.error(toPayload(error).message);
  }

  tick(): void {
    this.now = this.clock.now();
  }

  #listChanged(state: ListState<Notification>): void {
    this.list = state;
    if (this.selectedId !== null) {
      const i = state.items.findIndex((n) => n.id === this.selectedId);
      if (i >= 0) {
        this.#lastIndex = i;
      } else if (state.ready && !state.loading) {
        // The selected row left the list (read in "Non lues", archived elsewhere): its neighbour.
        this.selectedId = state.items.length
          ? state.items[Math.min(this.#lastIndex, state.items.length - 1)].id
          : null;
      }
    }
  }

  async refreshCounts(): Promise<void> {
    try {
      this.counts = await call(() => commands.tabCounts());
    } catch (error) {
      this.fail(error);
    }
  }

  /** The shell said the inbox changed: counts and list again, arrivals announced. */
  async inboxChanged(arrived: number): Promise<void> {
    if (arrived > 0) this.announce(newAlerts(arrived));
    this.tick();
    await Promise.all([this.refreshCounts(), this.#pages.refresh()]);
  }

  announce(text: string): void {
    // Emptied first, and filled a moment later, so that screen readers notice the change even
    // when the same sentence comes twice in a row.
    this.announcement = '';
    setTimeout(() => (this.announcement = text), 100);
  }

  setTab(tab: TabId): void {
    if (tab === this.tab) return;
    this.tab = tab;
    this.selectedId = null;
    this.#lastIndex = 0;
    void this.#pages.reset({ tab, search: this.search });
  }

  /** The search box changed: the list follows after the debounce (at once when `now`). */
  setSearch(text: string, now = false): void {
    this.search = text;
    if (this.#searchTimer) clearTimeout(this.#searchTimer);
    const run = () => {
      this.#searchTimer = null;
      this.selectedId = null;
      this.#lastIndex = 0;
      void this.#pages.reset({ tab: this.tab, search: this.search });
    };
    if (now) run();
    else this.#searchTimer = setTimeout(run, SEARCH_DEBOUNCE_MS);
  }

  loadMore(): void {
    void this.#pages.loadMore();
  }

  select(id: number | null): void {
    this.selectedId = id;
    if (id !== null) {
      const i = this.list.items.findIndex((n) => n.id === id);
      if (i >= 0) this.#lastIndex = i;
    }
  }

  /** Moves the selection by `delta` rows (clamped), or to the first row when none is selected. */
  move(delta: number): void {
    const items = this.list.items;
    if (!items.length) return;
    const i = this.selectedIndex;
    const next = i < 0 ? 0 : Math.max(0, Math.min(items.length - 1, i + delta));
    this.select(items[next].id);
    if (next >= items.length - 5) this.loadMore();
  }

  selectEdge(last: boolean): void {
    const items = this.list.items;
    if (!items.length) return;
    this.select(items[last ? items.length - 1 : 0].id);
    if (last) this.loadMore();
  }

  /** Opens a notification: its subject in the detail pane; it is marked read. */
  async open(id: number): Promise<void> {
    const token = ++this.#openToken;
    this.select(id);
    this.openedId = id;
    this.opening = true;
    this.showDetail = true;
    try {
      const subject = await call(() => commands.openNotification(id));
      if (token !== this.#openToken) return;
      this.opened = subject;
      this.#pages.patch(id, (n) => ({ ...n, read: true }));
      void this.refreshCounts();
    } catch (error) {
      if (token !== this.#openToken) return;
      this.openedId = null;
      this.opened = null;
      this.showDetail = false;
      this.fail(error);
    } finally {
      if (token === this.#openToken) this.opening = false;
    }
  }

  /** A pop-up was clicked (or the tray asked for the inbox): show that notification. */
  async showNotification(id: number | null): Promise<void> {
    if (id === null) {
      this.showDetail = false;
      return;
    }
    const inList = this.list.items.some((n) => n.id === id);
    if (!inList && (this.tab !== 'all' || this.search)) {
      this.tab = 'all';
      this.search = '';
      if (this.#searchTimer) clearTimeout(this.#searchTimer);
      await this.#pages.reset({ tab: 'all', search: '' });
    }
    await this.open(id);
  }

  closeDetail(): void {
    this.showDetail = false;
  }

  #forget(id: number): void {
    const i = this.list.items.findIndex((n) => n.id === id);
    const wasSelected = this.selectedId === id;
    this.#pages.remove(id);
    if (wasSelected) {
      const items = this.list.items;
      this.selectedId = items.length ? items[Math.min(Math.max(i, 0), items.length - 1)].id : null;
    }
    if (this.openedId === id) {
      this.openedId = null;
      this.opened = null;
      this.showDetail = false;
    }
  }

  async markRead(id: number): Promise<void> {
    try {
      await call(() => commands.markRead(id));
      this.#pages.patch(id, (n) => ({ ...n, read: true }));
      if (this.opened?.notification.id === id) {
        this.opened = { ...this.opened, notification: { ...this.opened.notification, read: true } };
      }
      void this.refreshCounts();
    } catch (error) {
      this.fail(error);
    }
  }

  async markUnread(id: number): Promise<void> {
    try {
      await call(() => commands.markUnread(id));
      this.#pages.patch(id, (n) => ({ ...n, read: false }));
      if (this.opened?.notification.id === id) {
        this.opened = { ...this.opened, notification: { ...this.opened.notification, read: false } };
      }
      toasts.info('Alerte marquée comme non lue.');
      void this.refreshCounts();
    } catch (error) {
      this.fail(error);
    }
  }

  /** Archives (or, in "Archivées", takes out of the archive), with "Annuler" in the toast. */
  async toggleArchive(id: number): Promise<void> {
    const archived = this.tab === 'archived' || !!this.list.items.find((n) => n.id === id)?.archived_at;
    try {
      if (archived) {
        await call(() => commands.unarchive(id));
        this.#forget(id);
        toasts.info('Alerte remise dans la boîte de réception.');
      } else {
        await call(() => commands.archive(id));
        this.#forget(id);
        toasts.info('Alerte archivée.', { label: 'Annuler', run: () => this.#undo(() => commands.unarchive(id)) });
      }
      void this.refreshCounts();
    } catch (error) {
      this.fail(error);
    }
  }

  async snooze(id: number, choice: SnoozeChoice): Promise<boolean> {
    let until: SnoozeFor;
    let when: string;
    if (choice === 'one_hour') {
      until = { for: 'one_hour' };
      when = `jusqu’à ${timeOfDay(new Date(this.clock.now().getTime() + 3_600_000))}`;
    } else if (choice === 'tomorrow_morning') {
      until = { for: 'tomorrow_morning' };
      when = `jusqu’à demain 9${NBSP}h`;
    } else {
      until = { for: 'until', at: choice.at.toISOString() };
      when = `jusqu’au ${longDateTime(choice.at)}`;
    }
    try {
      await call(() => commands.snooze(id, until));
      this.#forget(id);
      toasts.info(`Alerte reportée ${when}.`, { label: 'Annuler', run: () => this.#undo(() => commands.unsnooze(id)) });
      void this.refreshCounts();
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  async #undo(run: () => Promise<Answer<null>>): Promise<void> {
    try {
      await call(run);
      await Promise.all([this.refreshCounts(), this.#pages.refresh()]);
    } catch (error) {
      this.fail(error);
    }
  }

  async markAllRead(): Promise<void> {
    try {
      const n = await call(() => commands.markAllRead(this.tab));
      toasts.info(
        n === 0
          ? 'Rien à marquer comme lu.'
          : `${plural(n, 'alerte marquée comme lue', 'alertes marquées comme lues')}.`,
      );
      await Promise.all([this.refreshCounts(), this.#pages.refresh()]);
      if (this.opened && !this.opened.notification.read) {
        this.opened = { ...this.opened, notification: { ...this.opened.notification, read: true } };
      }
    } catch (error) {
      this.fail(error);
    }
  }

  async checkNow(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const done = await call(() => commands.checkNow());
      if (done.outcome === 'failed' || done.outcome === 'interrupted') {
        // `done.error` is the engine's log text (English): the journal has it, the toast says where.
        toasts.error('La vérification n’a pas abouti. Le détail est dans le journal (À propos, dossier des journaux).');
      } else if (done.outcome === 'skipped') {
        toasts.info(`Les alertes du cabinet sont en pause${NBSP}: rien n’a été vérifié.`);
      } else {
        toasts.info(
          done.created > 0
            ? `Vérification faite${NBSP}: ${newAlerts(done.created)}.`
            : `Vérification faite${NBSP}: rien de nouveau.`,
        );
      }
    } catch (error) {
      this.fail(error);
    } finally {
      this.checking = false;
    }
  }

  async mute(span: MuteFor): Promise<void> {
    try {
      this.pause = await call(() => commands.mutePopups(span));
      this.tick();
    } catch (error) {
      this.fail(error);
    }
  }

  async resume(): Promise<void> {
    try {
      await call(() => commands.resumePopups());
      this.pause = { paused: 'no' };
    } catch (error) {
      this.fail(error);
    }
  }

  popupsChanged(mutedUntil: string | null): void {
    this.pause = mutedUntil ? { paused: 'until', until: mutedUntil } : { paused: 'no' };
  }

  /** "Pop-ups suspendues jusqu'à 15 h 30", or null when they show. */
  get pauseText(): string | null {
    const p = this.pause;
    if (p.paused === 'no') return null;
    if (p.paused === 'indefinite') return 'Pop-ups suspendues';
    const until = new Date(p.until);
    if (until.getTime() <= this.now.getTime()) return null;
    return `Pop-ups suspendues ${untilPhrase(until, this.now)}`;
  }
}

