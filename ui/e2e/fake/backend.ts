// A fake Vigie shell for the browser tests, installed before the app loads (page.addInitScript):
// it answers every command of src/lib/bindings.ts from notifications held in memory, through
// @tauri-apps/api/mocks (mockIPC, events mocked), and lets the test drive it through
// window.__vigieFake (arrivals, snoozes coming back, failures, events).

import { mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import type {
  CabinetStaff,
  ErrorPayload,
  Notification_Serialize as Notification,
  Pause,
  Subject_Serialize as Subject,
  TabCounts,
  UserView,
} from '../../src/lib/bindings';
import { CABINET, DIRECTORY_DEMO, DIRECTORY_TWO, arrival, bulkInbox, demoInbox, iso, type FakeNotification } from './data';
import { FakeJobs, FakeSettings, FakeSmtp } from './jobs';
import { FakeLoad } from './load';
import { FakeFirm } from './firm';
import { FakeImport } from './import';
import { FakeExport } from './export';
import { FakePreferences } from './settings-more';
import { FakeCalendar } from './calendar';

export interface Scenario {
  /** The fixed "now" (RFC 3339). */
  now: string;
  /** This computer's user at start: the demo's expert, a chosen user, or none (first run). */
  user: 'demo' | 'chosen' | null;
  /** The staff directory of the first-run screen. */
  directory?: 'demo' | 'two' | 'empty';
  /** The notifications: the demo's, none, or that many generated. */
  inbox?: 'demo' | 'empty' | { bulk: number };
  /** `session` fails with this until `retry_open` has succeeded. */
  sessionError?: ErrorPayload;
  /** How many times `retry_open` fails (with sessionError) before it succeeds. */
  retryFailures?: number;
  popups?: Pause;
  /** Notifications "Vérifier maintenant" creates. */
  checkCreates?: number;
}

interface Call {
  cmd: string;
  args: unknown;
}

declare global {
  interface Window {
    __VIGIE_FAKE__?: Scenario;
    __vigieFake: FakeBackend;
  }
}

const DEFAULT: Scenario = { now: '2026-11-25T10:00:00Z', user: 'demo', directory: 'demo', inbox: 'demo' };

class FakeBackend {
  scenario: Scenario;
  now: Date;
  today: string;
  user: UserView | null;
  /** Every notification, by id ascending (arrivals get higher ids). */
  notifications: FakeNotification[] = [];
  calls: Call[] = [];
  failures = new Map<string, ErrorPayload>();
  storeOpen: boolean;
  retryFailures: number;
  popups: Pause;
  autostart = false;
  arrivals = 0;
  jobs: FakeJobs;
  smtp = new FakeSmtp();
  settings = new FakeSettings();
  load: FakeLoad;
  firm: FakeFirm;
  importer = new FakeImport();
  exports: FakeExport;
  preferences = new FakePreferences(() => this.user);
  calendar: FakeCalendar;

  constructor(scenario: Scenario) {
    this.scenario = { ...DEFAULT, ...scenario };
    this.now = new Date(this.scenario.now);
    this.today = this.scenario.now.slice(0, 10);
    this.storeOpen = !this.scenario.sessionError;
    this.retryFailures = this.scenario.retryFailures ?? 0;
    this.popups = this.scenario.popups ?? { paused: 'no' };
    this.jobs = new FakeJobs(this.now);
    this.load = new FakeLoad(this.today);
    this.firm = new FakeFirm(this.now, this.today);
    this.calendar = new FakeCalendar(this.firm, this.today);
    this.exports = new FakeExport(this.today);
    this.user =
      this.scenario.user === 'demo'
        ? { name: 'Claire Moreau', email: 'claire.moreau@cabinet-demo.fr', cabinet: CABINET, demo: true }
        : this.scenario.user === 'chosen'
          ? { name: 'Julien Lefèvre', email: 'julien.lefevre@cabinet-demo.fr', cabinet: CABINET, demo: false }
          : null;
    if (this.user) this.seed();
  }

  seed(): void {
    const inbox = this.scenario.inbox ?? 'demo';
    if (inbox === 'demo') this.notifications = demoInbox(this.now, this.today);
    else if (inbox === 'empty') this.notifications = [];
    else this.notifications = bulkInbox(inbox.bulk, this.now, this.today);
  }

  // ---- what the tests drive ----

  /** The next call of `cmd` fails with this error. */
  failNext(cmd: string, error: ErrorPayload): void {
    this.failures.set(cmd, error);
  }

  /** `n` notifications arrive (a check elsewhere); the shell says so. */
  async arrive(n: number): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = this.nextId();
      this.notifications.push(arrival(this.arrivals++, id, this.now, this.today));
      ids.push(id);
    }
    await this.emitInboxChanged(n);
    return ids;
  }

  /** Every snoozed notification comes back, unread (their time has come). */
  async wakeSnoozed(): Promise<number> {
    const back = this.notifications.filter((n) => n.snoozed_until);
    for (const n of back) {
      n.snoozed_until = null;
      n.read = false;
    }
    await this.emitInboxChanged(back.length);
    return back.length;
  }

  async emit(event: string, payload: unknown): Promise<void> {
    await emit(event, payload);
  }

  emitInboxChanged(arrived: number): Promise<void> {
    return emit('inbox-changed', { unread: this.unread(), arrived });
  }

  commands(): string[] {
    return this.calls.map((c) => c.cmd);
  }

  // ---- the shell ----

  nextId(): number {
    return this.notifications.reduce((m, n) => Math.max(m, n.id), 0) + 1;
  }

  unread(): number {
    return this.notifications.filter((n) => !n.read && !n.archived_at && !n.snoozed_until).length;
  }

  inTab(n: FakeNotification, tab: string): boolean {
    if (tab === 'archived') return !!n.archived_at;
    if (n.archived_at || n.snoozed_until) return false;
    if (tab === 'all') return true;
    if (tab === 'unread') return !n.read;
    return n.kind === tab;
  }

  counts(): TabCounts {
    const c = (tab: string) => this.notifications.filter((n) => this.inTab(n, tab)).length;
    return {
      all: c('all'),
      unread: c('unread'),
      per_kind: {
        echeance_proche: c('echeance_proche'),
        documents_manquants: c('documents_manquants'),
        taches_retard: c('taches_retard'),
        evenement_important: c('evenement_important'),
      },
      archived: c('archived'),
      snoozed: this.notifications.filter((n) => n.snoozed_until && !n.archived_at).length,
    };
  }

  find(id: number): FakeNotification {
    const n = this.notifications.find((x) => x.id === id);
    if (!n) throw { code: 'not_found', message: 'Cette alerte n’existe plus.', details: {} };
    return n;
  }

  plain(n: FakeNotification): Notification {
    const { clientRef: _c, detail: _d, ...rest } = n;
    return { ...rest };
  }

  /** Runs a change; when the unread count moved, the shell says so (as UnreadChanged does). */
  change<T>(run: () => T): T {
    const before = this.unread();
    const result = run();
    if (this.unread() !== before) setTimeout(() => void this.emitInboxChanged(0), 0);
    return result;
  }

  needUser(): void {
    if (!this.storeOpen) throw this.scenario.sessionError;
    if (!this.user) throw { code: 'no_workstation', message: 'Cet ordinateur n’a pas encore d’utilisateur.', details: {} };
  }

  handle(cmd: string, args: Record<string, unknown>): unknown {
    this.calls.push({ cmd, args });
    const failure = this.failures.get(cmd);
    if (failure) {
      this.failures.delete(cmd);
      throw failure;
    }
    switch (cmd) {
      case 'session':
        if (!this.storeOpen) throw this.scenario.sessionError;
        return { user: this.user, unread: this.user ? this.unread() : 0, popups: this.popups };
      case 'retry_open':
        if (this.retryFailures > 0) {
          this.retryFailures--;
          throw this.scenario.sessionError;
        }
        this.storeOpen = true;
        return null;
      case 'staff_directory': {
        const d = this.scenario.directory ?? 'demo';
        const list: CabinetStaff[] = d === 'demo' ? DIRECTORY_DEMO : d === 'two' ? DIRECTORY_TWO : [];
        return list;
      }
      case 'choose_user': {
        const { email, cabinet } = args as { email: string; cabinet: string };
        const all = [...DIRECTORY_TWO];
        const member = all.find((c) => c.cabinet === cabinet)?.members.find((m) => m.email === email);
        if (!member) throw { code: 'not_found', message: 'Cette personne n’est pas dans ce cabinet.', details: {} };
        this.user = { name: member.name, email, cabinet, demo: false };
        this.seed();
        return this.user;
      }
      case 'start_demo':
        this.user = { name: 'Claire Moreau', email: 'claire.moreau@cabinet-demo.fr', cabinet: CABINET, demo: true };
        this.scenario.inbox = 'demo';
        this.seed();
        return this.user;
      case 'leave_demo': {
        const was = !!this.user?.demo;
        this.user = null;
        this.notifications = [];
        return was;
      }
      case 'inbox': {
        this.needUser();
        const f = (args.filter ?? {}) as { tab?: string; search?: string | null; limit?: number | null; before_id?: number | null };
        const tab = f.tab ?? 'all';
        const search = fold(f.search ?? '');
        const limit = f.limit ?? 100;
        // Newest first from before_id down, without copying the whole inbox (10,000 rows in
        // the scrolling test share the page's thread and heap with the window).
        const list = this.notifications;
        let i = list.length - 1;
        if (f.before_id != null) {
          let lo = 0;
          let hi = list.length;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (list[mid].id < f.before_id) lo = mid + 1;
            else hi = mid;
          }
          i = lo - 1;
        }
        const rows: Notification[] = [];
        for (; i >= 0 && rows.length < limit; i--) {
          const n = list[i];
          if (!this.inTab(n, tab)) continue;
          if (search && !fold(n.title).includes(search) && !fold(n.client ?? '').includes(search)) continue;
          rows.push(this.plain(n));
        }
        return rows;
      }
      case 'tab_counts':
        this.needUser();
        return this.counts();
      case 'open_notification': {
        this.needUser();
        const n = this.find(args.id as number);
        this.change(() => (n.read = true));
        const subject: Subject = { notification: this.plain(n), client: n.clientRef, detail: n.detail };
        return subject;
      }
      case 'mark_read':
        this.needUser();
        this.change(() => (this.find(args.id as number).read = true));
        return null;
      case 'mark_unread':
        this.needUser();
        this.change(() => (this.find(args.id as number).read = false));
        return null;
      case 'mark_all_read': {
        this.needUser();
        const tab = args.tab as string;
        return this.change(() => {
          const rows = this.notifications.filter((n) => this.inTab(n, tab) && !n.read);
          for (const n of rows) n.read = true;
          return rows.length;
        });
      }
      case 'snooze': {
        this.needUser();
        const until = args.until as { for: string; at?: string };
        const at =
          until.for === 'one_hour'
            ? new Date(this.now.getTime() + 3_600_000)
            : until.for === 'tomorrow_morning'
              ? new Date(`${addDay(this.today)}T08:00:00Z`)
              : new Date(until.at as string);
        this.change(() => (this.find(args.id as number).snoozed_until = iso(at)));
        return null;
      }
      case 'unsnooze':
        this.needUser();
        this.change(() => (this.find(args.id as number).snoozed_until = null));
        return null;
      case 'archive':
        this.needUser();
        this.change(() => (this.find(args.id as number).archived_at = iso(this.now)));
        return null;
      case 'unarchive':
        this.needUser();
        this.change(() => (this.find(args.id as number).archived_at = null));
        return null;
      case 'check_now': {
        this.needUser();
        const created = this.scenario.checkCreates ?? 0;
        if (created > 0) setTimeout(() => void this.arrive(created), 0);
        return { outcome: 'ok', created, error: null };
      }
      case 'mute_popups': {
        const span = args.span as string;
        const until = span === 'one_hour' ? new Date(this.now.getTime() + 3_600_000) : new Date(`${addDay(this.today)}T08:00:00Z`);
        this.popups = { paused: 'until', until: iso(until) };
        return this.popups;
      }
      case 'resume_popups':
        this.popups = { paused: 'no' };
        return null;
      case 'about':
        return {
          version: '0.1.0',
          data_dir: '/home/claire/.local/share/vigie',
          log_dir: '/home/claire/.local/share/vigie/logs',
        };
      case 'open_folder':
        return null;
      case 'plugin:autostart|is_enabled':
        return this.autostart;
      case 'plugin:autostart|enable':
        this.autostart = true;
        return null;
      case 'plugin:autostart|disable':
        this.autostart = false;
        return null;
      default: {
        this.needUser();
        let answer = this.jobs.handle(cmd, args);
        if (answer === undefined) answer = this.smtp.handle(cmd, args);
        if (answer === undefined) answer = this.settings.handle(cmd, args);
        if (answer === undefined) answer = this.load.handle(cmd, args);
        if (answer === undefined) answer = this.calendar.handle(cmd, args);
        if (answer === undefined) answer = this.firm.handle(cmd, args);
        if (answer === undefined) answer = this.importer.handle(cmd, args);
        if (answer === undefined) answer = this.exports.handle(cmd, args);
        if (answer === undefined) answer = this.preferences.handle(cmd, args);
        if (answer !== undefined) return answer;
        throw { code: 'internal', message: `Commande inconnue du faux Vigie : ${cmd}`, details: {} };
      }
    }
  }
}

/** Case and accents ignored, as the engine's search does. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

function addDay(date: string): string {
  return new Date(new Date(`${date}T12:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
}

const fake = new FakeBackend(window.__VIGIE_FAKE__ ?? DEFAULT);
window.__vigieFake = fake;
mockWindows('main');
mockIPC((cmd, args) => fake.handle(cmd, (args ?? {}) as Record<string, unknown>), { shouldMockEvents: true });
