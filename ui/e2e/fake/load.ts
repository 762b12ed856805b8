// The fake shell's deadlines and tasks for "Calendrier" and "Charge": a small cabinet's
// échéances and tâches around the fixed today (2026-11-25), answered by the engine's rules
// (closeness against the alert horizon, days grouped, open ones first, buckets at 7 and 30 days).

import type {
  CalendarDay_Serialize as CalendarDay,
  CalendarEntry_Serialize as CalendarEntry,
  CalendarFilter_Deserialize as CalendarFilter,
  Closeness,
  DeadlineCalendar_Serialize as DeadlineCalendar,
  DeadlineStatus,
  Load,
  PersonRef,
  Role,
  StaffLoad,
  Workload,
} from '../../src/lib/bindings';
import { CLIENTS } from './data';

interface Person extends PersonRef {
  role: Role;
}

const STAFF: Person[] = [
  { id: 1, name: 'Claire Moreau', role: 'expert', active: true },
  { id: 2, name: 'Julien Lefèvre', role: 'collaborateur', active: true },
  { id: 3, name: 'Nadia Benali', role: 'assistant', active: true },
  { id: 4, name: 'Philippe Garnier', role: 'expert', active: true },
  { id: 5, name: 'Sophie Martin', role: 'collaborateur', active: true },
  { id: 6, name: 'Paul Ancien', role: 'collaborateur', active: false },
];

interface FakeDeadline {
  id: number;
  client: keyof typeof CLIENTS;
  kind: string;
  label: string;
  due: string;
  status: DeadlineStatus;
  assignee: number | null;
}

interface FakeTask {
  due: string;
  done: boolean;
  assignee: number | null;
}

const DAY = 86_400_000;

function addDays(date: string, days: number): string {
  return new Date(new Date(`${date}T12:00:00Z`).getTime() + days * DAY).toISOString().slice(0, 10);
}

const MONTH_NAMES = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** The deadlines of a small cabinet from late October to early January. */
function deadlines(today: string): FakeDeadline[] {
  const out: FakeDeadline[] = [];
  let id = 100;
  const push = (client: keyof typeof CLIENTS, kind: string, label: string, due: string, assignee: number | null, status?: DeadlineStatus) => {
    const late = due < today;
    out.push({ id: id++, client, kind, label, due, assignee, status: status ?? (late ? 'faite' : 'a_faire') });
  };
  // Monthly VAT (CA3) on the 15th-ish and DSN on the 5th and 15th, for three months.
  for (const [month, year] of [
    ['10', '2026'],
    ['11', '2026'],
    ['12', '2026'],
  ] as const) {
    const previous = MONTH_NAMES[(Number(month) + 10) % 12];
    push('boulangerie', 'tva_ca3', `TVA CA3 ${previous}`, `${year}-${month}-16`, 2);
    push('zinc', 'tva_ca3', `TVA CA3 ${previous}`, `${year}-${month}-16`, 2);
    push('garage', 'tva_ca3', `TVA CA3 ${previous}`, `${year}-${month}-19`, 5);
    push('pharmacie', 'tva_ca3', `TVA CA3 ${previous}`, `${year}-${month}-19`, 5);
    push('boulangerie', 'dsn', `DSN ${previous}`, `${year}-${month}-05`, 3);
    push('zinc', 'dsn', `DSN ${previous}`, `${year}-${month}-05`, 3);
    push('transports', 'dsn', `DSN ${previous}`, `${year}-${month}-16`, 3);
  }
  // The busy end of November: six on the 30th, so that a month cell says "+3".
  push('transports', 'is_acompte', 'Acompte d’IS n°4', '2026-11-30', 2);
  push('nexa', 'is_acompte', 'Acompte d’IS n°4', '2026-11-30', 2);
  push('girard', 'is_acompte', 'Acompte d’IS n°4', '2026-11-30', 1);
  push('editions', 'is_acompte', 'Acompte d’IS n°4', '2026-11-30', 5);
  push('horizon', 'is_acompte', 'Acompte d’IS n°4', '2026-11-30', null);
  push('atelier', 'is_acompte', 'Acompte d’IS n°4', '2026-11-30', 2, 'faite');
  // Around today: late, today, tomorrow, within the horizon, later.
  push('girard', 'urssaf', 'Régularisation URSSAF suite à mise en demeure', addDays(today, -11), 5, 'depassee');
  push('nexa', 'tva_remboursement', 'Demande de remboursement de crédit de TVA (3519)', addDays(today, -3), 2, 'en_cours');
  push('boulangerie', 'depot_comptes', 'Dépôt des comptes annuels au greffe', today, 3);
  push('zinc', 'controle_fiscal', 'Réponse à la proposition de rectification', addDays(today, 1), 1, 'en_cours');
  push('tilleuls', 'plus_value', 'Déclaration de plus-value immobilière (2048-IMM)', addDays(today, 3), null);
  push('horizon', 'formalite', 'Dépôt au greffe du transfert de siège social', addDays(today, 6), 4);
  push('pharmacie', 'cfe', 'Solde de CFE 2026', '2026-12-15', 4);
  push('garage', 'cfe', 'Solde de CFE 2026', '2026-12-15', 4);
  push('fabre', 'cfe', 'Solde de CFE 2026', '2026-12-15', 6);
  push('atelier', 'tva_ca12', 'Acompte de TVA CA12 décembre', '2026-12-15', 5);
  push('editions', 'liasse', 'Liasse fiscale 2026 (exercice clos au 30/09)', '2026-12-31', 1);
  push('transports', 'cvae', 'Acompte de CVAE', '2026-12-15', 2);
  push('girard', 'dsn', 'DSN décembre', '2027-01-05', 3);
  return out;
}

/** Open and finished tasks, for the workload. */
function tasks(today: string): FakeTask[] {
  const out: FakeTask[] = [];
  const add = (assignee: number | null, offsets: number[], done = false) => {
    for (const days of offsets) out.push({ due: addDays(today, days), done, assignee });
  };
  add(2, [-6, -2, 0, 1, 2, 4, 5, 9, 12, 15, 18, 22]);
  add(1, [-1, 3, 8, 20]);
  add(3, [-4, 2, 6, 14, 25]);
  add(5, [1, 10, 27]);
  add(4, [21]);
  add(null, [-8, 3, 16]);
  add(2, [-10, -3, 1], true);
  add(6, [2, 5]);
  return out;
}

function closeness(status: DeadlineStatus, due: string, today: string, horizon: number): Closeness {
  if (status === 'faite') return 'done';
  if (due < today) return 'late';
  if (due === today) return 'today';
  return due <= addDays(today, horizon) ? 'soon' : 'later';
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

export class FakeLoad {
  today: string;
  horizon = 7;
  deadlines: FakeDeadline[];
  tasks: FakeTask[];

  constructor(today: string) {
    this.today = today;
    this.deadlines = deadlines(today);
    this.tasks = tasks(today);
  }

  entry(d: FakeDeadline): CalendarEntry {
    const person = STAFF.find((s) => s.id === d.assignee);
    return {
      id: d.id,
      client: CLIENTS[d.client],
      kind: d.kind,
      label: d.label,
      due_date: d.due,
      status: d.status,
      assignee: person ? { id: person.id, name: person.name, active: person.active } : null,
      closeness: closeness(d.status, d.due, this.today, this.horizon),
    };
  }

  calendar(from: string, to: string, filter: CalendarFilter): DeadlineCalendar {
    const span = (new Date(`${to}T00:00:00Z`).getTime() - new Date(`${from}T00:00:00Z`).getTime()) / DAY;
    if (span < 0 || span > 62) {
      throw {
        code: 'invalid_input',
        message: `La valeur saisie n'est pas acceptée : the calendar from ${from} to ${to} spans more than 62 days: ask for a month or a week`,
        details: {},
      };
    }
    const inSpan = this.deadlines.filter(
      (d) => d.due >= from && d.due <= to && (filter.assignee_id == null || d.assignee === filter.assignee_id),
    );
    const kinds = [...new Set(inSpan.map((d) => d.kind))].sort();
    const kind = filter.kind ? fold(filter.kind) : '';
    const entries = inSpan
      .filter((d) => !kind || d.kind === kind)
      .map((d) => this.entry(d))
      .sort(
        (a, b) =>
          a.due_date.localeCompare(b.due_date) ||
          Number(a.closeness === 'done') - Number(b.closeness === 'done') ||
          fold(a.client.name).localeCompare(fold(b.client.name)) ||
          a.kind.localeCompare(b.kind) ||
          a.id - b.id,
      );
    const perDay = Math.min(filter.per_day ?? 500, 500);
    const days: CalendarDay[] = [];
    for (const e of entries) {
      let day = days[days.length - 1];
      if (!day || day.date !== e.due_date) {
        day = { date: e.due_date, total: 0, open: 0, entries: [] };
        days.push(day);
      }
      day.total++;
      if (e.closeness !== 'done') day.open++;
      if (day.entries.length < perDay) day.entries.push(e);
    }
    return { from, to, today: this.today, horizon_days: this.horizon, total: entries.length, days, kinds };
  }

  workload(): Workload {
    const week = addDays(this.today, 7);
    const month = addDays(this.today, 30);
    const count = (items: { due: string; open: boolean; assignee: number | null }[], who: (a: number | null) => boolean): Load => {
      const mine = items.filter((i) => i.open && who(i.assignee) && i.due < month);
      return {
        late: mine.filter((i) => i.due < this.today).length,
        next_7_days: mine.filter((i) => i.due >= this.today && i.due < week).length,
        next_30_days: mine.filter((i) => i.due >= this.today).length,
      };
    };
    const ds = this.deadlines.map((d) => ({ due: d.due, open: d.status !== 'faite', assignee: d.assignee }));
    const ts = this.tasks.map((t) => ({ due: t.due, open: !t.done, assignee: t.assignee }));
    const active = STAFF.filter((s) => s.active);
    const pressing = (l: Load) => l.late + l.next_30_days;
    const staff: StaffLoad[] = active
      .map((s) => ({
        id: s.id,
        name: s.name,
        role: s.role,
        deadlines: count(ds, (a) => a === s.id),
        tasks: count(ts, (a) => a === s.id),
      }))
      .sort((a, b) => pressing(b.deadlines) + pressing(b.tasks) - (pressing(a.deadlines) + pressing(a.tasks)));
    const nobody = (a: number | null) => a === null || !active.some((s) => s.id === a);
    return {
      today: this.today,
      week_end: addDays(this.today, 6),
      month_end: addDays(this.today, 29),
      staff,
      unassigned_deadlines: count(ds, nobody),
      unassigned_tasks: count(ts, nobody),
    };
  }

  /** Answers the load commands; undefined for any other. */
  handle(cmd: string, args: Record<string, unknown>): unknown {
    switch (cmd) {
      case 'deadline_calendar':
        return this.calendar(args.from as string, args.to as string, (args.filter ?? {}) as CalendarFilter);
      case 'workload':
        return this.workload();
      default:
        return undefined;
    }
  }
}
