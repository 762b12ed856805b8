// Dates, times, counts and numbers written the way French accounting staff read them.
// Everything is computed in the local time zone of the computer (the cabinet's, in practice).

/** No-break space: "15 h 30", "Vérification faite : …". */
export const NBSP = '\u00a0';
/** Narrow no-break space, before ; ! ? in French typography. */
export const NNBSP = '\u202f';

/** Days of the week, Sunday first (as `Date.getDay()` numbers them). */
export const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
/** Months, January first. */
export const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** A calendar date ("2026-11-30") as a local midnight; an instant as itself. */
export function toDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (plain) return new Date(Number(plain[1]), Number(plain[2]) - 1, Number(plain[3]));
  return new Date(value);
}

function dayOrdinal(day: number): string {
  return day === 1 ? '1er' : String(day);
}

/** "lundi 30 novembre 2026", "mardi 1er décembre 2026". */
export function longDate(value: string | Date): string {
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return `${WEEKDAYS[d.getDay()]} ${dayOrdinal(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
}

/** "30 novembre", "1er décembre 2025" (the year only when it is not the current one). */
export function shortDate(value: string | Date, now: Date): string {
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const base = `${dayOrdinal(d.getDate())} ${MONTHS[d.getMonth()]}`;
  return d.getFullYear() === now.getFullYear() ? base : `${base} ${d.getFullYear()}`;
}

/** "9 h", "15 h 30". */
export function timeOfDay(value: string | Date): string {
  const d = toDate(value);
  const h = d.getHours();
  const m = d.getMinutes();
  return m === 0 ? `${h}${NBSP}h` : `${h}${NBSP}h${NBSP}${String(m).padStart(2, '0')}`;
}

/**
 * The wall-clock time of `value` in `timeZone` (an IANA name such as "Europe/Paris"), as a Date
 * whose local fields read that time: for showing a cabinet's schedules in the cabinet's time,
 * whatever the computer's zone.
 */
export function wallClock(value: string | Date, timeZone: string): Date {
  const d = toDate(value);
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(d);
  } catch {
    // An unknown zone: the computer's own.
    return d;
  }
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return new Date(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
}

/** "mercredi 25 novembre à 15 h" (the year only when it is not the current one). */
export function dayAndTime(value: string | Date, now: Date): string {
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return `${WEEKDAYS[d.getDay()]} ${shortDate(d, now)} à ${timeOfDay(d)}`;
}

/** "mardi 1er décembre 2026 à 14 h 30". */
export function longDateTime(value: string | Date): string {
  return `${longDate(value)} à ${timeOfDay(value)}`;
}

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Whole calendar days from `a` to `b` (local time; daylight saving changes do not count). */
export function calendarDaysBetween(a: Date, b: Date): number {
  return Math.round((startOfDay(b) - startOfDay(a)) / 86_400_000);
}

/**
 * How long ago something happened, as a list shows it: "à l'instant", "il y a 5 min",
 * "il y a 2 h", "hier", "il y a 3 jours", then the date ("12 novembre").
 */
export function relativeTime(value: string | Date, now: Date): string {
  const at = toDate(value);
  if (Number.isNaN(at.getTime())) return '';
  const seconds = (now.getTime() - at.getTime()) / 1000;
  if (seconds < 60) return 'à l’instant';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `il y a ${minutes}${NBSP}min`;
  const days = calendarDaysBetween(at, now);
  const hours = Math.floor(minutes / 60);
  if (days === 0 || hours < 6) return `il y a ${hours}${NBSP}h`;
  if (days === 1) return 'hier';
  if (days < 7) return `il y a ${days}${NBSP}jours`;
  return `le ${shortDate(at, now)}`;
}

/**
 * The end of a pause, after "jusqu'à": "15 h 30" today, "demain 9 h", else
 * "jeudi 3 décembre à 9 h" (used as "jusqu'au jeudi 3 décembre à 9 h").
 */
export function untilPhrase(until: string | Date, now: Date): string {
  const at = toDate(until);
  const days = calendarDaysBetween(now, at);
  if (days <= 0) return `jusqu’à ${timeOfDay(at)}`;
  if (days === 1) return `jusqu’à demain ${timeOfDay(at)}`;
  return `jusqu’au ${WEEKDAYS[at.getDay()]} ${dayOrdinal(at.getDate())} ${MONTHS[at.getMonth()]} à ${timeOfDay(at)}`;
}

/** "1 alerte", "3 alertes" (French: 0 and 1 take the singular). */
export function plural(n: number, singular: string, pluralForm: string): string {
  return `${n}${NBSP}${Math.abs(n) < 2 ? singular : pluralForm}`;
}

/** "3 nouvelles alertes", "1 nouvelle alerte". */
export function newAlerts(n: number): string {
  return plural(n, 'nouvelle alerte', 'nouvelles alertes');
}

/** "123 456 789" (a SIREN grouped by three). */
export function formatSiren(siren: string): string {
  const digits = siren.replace(/\s+/g, '');
  return /^\d{9}$/.test(digits) ? digits.replace(/(\d{3})(?=\d)/g, `$1${NBSP}`) : siren;
}

/** A value for <input type="datetime-local"> ("2026-11-25T14:00"), in local time. */
export function toLocalInputValue(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Parses an <input type="datetime-local"> value as local time; null when incomplete. */
export function fromLocalInputValue(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * French typography for text written with plain spaces (the engine's titles and bodies):
 * no-break spaces inside « » and before : ; ! ?, so that they never start a line.
 */
export function typography(text: string): string {
  return text
    .replace(/« /g, `«${NBSP}`)
    .replace(/ »/g, `${NBSP}»`)
    .replace(/ :/g, `${NBSP}:`)
    .replace(/ ([;!?])/g, `${NNBSP}$1`)
    .replace(/'/g, '’');
}
