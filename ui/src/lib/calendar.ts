// The calendar's dates: plain days as ISO text ("2026-11-25"), computed in UTC so that no
// time zone or daylight-saving change ever moves a day; weeks start on Monday, as in France.

import { MONTHS, WEEKDAYS } from './french';

/** A plain day, "YYYY-MM-DD". */
export type Day = string;

/** How the calendar shows its days. */
export type CalendarMode = 'month' | 'week';

const DAY_MS = 86_400_000;

function toUtc(day: Day): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

function fromUtc(d: Date): Day {
  return d.toISOString().slice(0, 10);
}

/** The day `n` days after `day` (before it when negative). */
export function addDays(day: Day, n: number): Day {
  return fromUtc(new Date(toUtc(day).getTime() + n * DAY_MS));
}

/** 0 for Monday … 6 for Sunday. */
export function weekdayIndex(day: Day): number {
  return (toUtc(day).getUTCDay() + 6) % 7;
}

/** The Monday of the week holding `day`. */
export function mondayOf(day: Day): Day {
  return addDays(day, -weekdayIndex(day));
}

/** The seven days, Monday to Sunday, of the week holding `day`. */
export function weekOf(day: Day): Day[] {
  const monday = mondayOf(day);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** The first day of the month holding `day`. */
export function monthStart(day: Day): Day {
  return `${day.slice(0, 7)}-01`;
}

/** The first day of the month `n` months after the one holding `day`. */
export function addMonths(day: Day, n: number): Day {
  const d = toUtc(monthStart(day));
  return fromUtc(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)));
}

/** Whether two days are in the same month. */
export function sameMonth(a: Day, b: Day): boolean {
  return a.slice(0, 7) === b.slice(0, 7);
}

/**
 * The month holding `day` as whole weeks, Monday first: from the Monday on or before the 1st to
 * the Sunday on or after the last day (4 to 6 weeks).
 */
export function monthGrid(day: Day): Day[][] {
  const first = monthStart(day);
  const last = addDays(addMonths(first, 1), -1);
  const weeks: Day[][] = [];
  for (let monday = mondayOf(first); monday <= last; monday = addDays(monday, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(monday, i)));
  }
  return weeks;
}

/** The days a view of `mode` around `day` shows: its first and last. */
export function span(mode: CalendarMode, day: Day): { from: Day; to: Day } {
  if (mode === 'week') {
    const days = weekOf(day);
    return { from: days[0], to: days[6] };
  }
  const weeks = monthGrid(day);
  return { from: weeks[0][0], to: weeks[weeks.length - 1][6] };
}

/** The day a step (previous or next) of `mode` leads to from `day`. */
export function step(mode: CalendarMode, day: Day, n: number): Day {
  return mode === 'week' ? addDays(day, 7 * n) : addMonths(day, n);
}

/** Short French names of the weekdays, Monday first: "lun.", "mar."… */
export const WEEKDAY_SHORT = ['lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.', 'dim.'];

/** French names of the weekdays, Monday first. */
export const WEEKDAY_LONG = [...WEEKDAYS.slice(1), WEEKDAYS[0]];

/** "novembre 2026". */
export function monthTitle(day: Day): string {
  const d = toUtc(day);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "mercredi 25 novembre 2026", "mardi 1er décembre 2026". */
export function dayTitle(day: Day): string {
  const d = toUtc(day);
  const n = d.getUTCDate();
  return `${WEEKDAY_LONG[weekdayIndex(day)]} ${n === 1 ? '1er' : n} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "du 23 au 29 novembre 2026", "du 28 décembre 2026 au 3 janvier 2027". */
export function weekTitle(day: Day): string {
  const days = weekOf(day);
  const a = toUtc(days[0]);
  const b = toUtc(days[6]);
  const n = (d: Date) => (d.getUTCDate() === 1 ? '1er' : String(d.getUTCDate()));
  const end = `${n(b)} ${MONTHS[b.getUTCMonth()]} ${b.getUTCFullYear()}`;
  if (a.getUTCFullYear() !== b.getUTCFullYear()) return `du ${n(a)} ${MONTHS[a.getUTCMonth()]} ${a.getUTCFullYear()} au ${end}`;
  if (a.getUTCMonth() !== b.getUTCMonth()) return `du ${n(a)} ${MONTHS[a.getUTCMonth()]} au ${end}`;
  return `du ${n(a)} au ${end}`;
}

/** The day of the month, as a cell shows it ("1er" for the first). */
export function dayNumber(day: Day): string {
  const n = toUtc(day).getUTCDate();
  return n === 1 ? '1er' : String(n);
}

/** Known deadline kinds in French; others are shown from their code ("depot_comptes" → "Depot comptes"). */
const KINDS: Record<string, string> = {
  tva_ca3: 'TVA CA3',
  tva_ca12: 'TVA CA12',
  tva_remboursement: 'Remboursement de TVA',
  dsn: 'DSN',
  is_acompte: 'Acompte d’IS',
  is_solde: 'Solde d’IS',
  cfe: 'CFE',
  cvae: 'CVAE',
  liasse: 'Liasse fiscale',
  depot_comptes: 'Dépôt des comptes',
  controle_fiscal: 'Contrôle fiscal',
  plus_value: 'Plus-value',
  formalite: 'Formalité',
  urssaf: 'URSSAF',
};

/** A deadline kind's name for a person. */
export function kindLabel(kind: string): string {
  const known = KINDS[kind];
  if (known) return known;
  const words = kind.replace(/_/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : kind;
}
