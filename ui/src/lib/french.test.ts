import { describe, expect, it } from 'vitest';
import {
  formatSiren,
  fromLocalInputValue,
  longDate,
  longDateTime,
  newAlerts,
  plural,
  relativeTime,
  shortDate,
  timeOfDay,
  toLocalInputValue,
  typography,
  untilPhrase,
} from './french';
import { fixedClock } from './clock';

// Wednesday 25 November 2026, 11:00 in Paris.
const now = fixedClock('2026-11-25T10:00:00Z').now();
const nb = (s: string) => s.replace(/\u00a0/g, ' ');

describe('relativeTime', () => {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

  it('says "à l’instant" under a minute, and for a time slightly ahead', () => {
    expect(relativeTime(ago(0), now)).toBe('à l’instant');
    expect(relativeTime(new Date(now.getTime() + 5000), now)).toBe('à l’instant');
    expect(relativeTime(new Date(now.getTime() - 59_000), now)).toBe('à l’instant');
  });

  it('counts minutes, then hours the same day', () => {
    expect(nb(relativeTime(ago(1), now))).toBe('il y a 1 min');
    expect(nb(relativeTime(ago(25), now))).toBe('il y a 25 min');
    expect(nb(relativeTime(ago(60), now))).toBe('il y a 1 h');
    expect(nb(relativeTime(ago(125), now))).toBe('il y a 2 h');
    expect(nb(relativeTime('2026-11-25T00:30:00Z', now))).toBe('il y a 9 h');
  });

  it('says "hier" for the day before, but hours for late last night', () => {
    expect(relativeTime('2026-11-24T08:00:00Z', now)).toBe('hier');
    expect(relativeTime('2026-11-23T23:30:00Z', now)).toBe('hier'); // 00:30 on the 24th in Paris
    const justAfterMidnight = new Date('2026-11-24T23:30:00Z'); // 00:30 on the 25th in Paris
    expect(nb(relativeTime('2026-11-24T21:00:00Z', justAfterMidnight))).toBe('il y a 2 h');
  });

  it('counts calendar days within the week, then gives the date', () => {
    expect(nb(relativeTime('2026-11-22T17:00:00Z', now))).toBe('il y a 3 jours');
    expect(nb(relativeTime('2026-11-19T09:00:00Z', now))).toBe('il y a 6 jours');
    expect(relativeTime('2026-11-12T09:00:00Z', now)).toBe('le 12 novembre');
    expect(relativeTime('2025-12-01T09:00:00Z', now)).toBe('le 1er décembre 2025');
  });

  it('gives nothing for a date it cannot read', () => {
    expect(relativeTime('pas une date', now)).toBe('');
  });
});

describe('dates', () => {
  it('writes long dates the French way, 1er included', () => {
    expect(longDate('2026-11-30')).toBe('lundi 30 novembre 2026');
    expect(longDate('2026-12-01')).toBe('mardi 1er décembre 2026');
    expect(longDate('2027-08-15')).toBe('dimanche 15 août 2027');
  });

  it('reads a calendar date as that day wherever the clock is', () => {
    // Not shifted to the 29th by a UTC parse.
    expect(longDate('2026-11-30')).toContain('30 novembre');
  });

  it('writes times as "9 h" and "15 h 30", in local time', () => {
    expect(nb(timeOfDay('2026-11-25T08:00:00Z'))).toBe('9 h');
    expect(nb(timeOfDay('2026-11-25T14:30:00Z'))).toBe('15 h 30');
    expect(nb(timeOfDay('2026-11-25T14:05:00Z'))).toBe('15 h 05');
    expect(nb(longDateTime('2026-12-01T13:30:00Z'))).toBe('mardi 1er décembre 2026 à 14 h 30');
  });

  it('drops the year of this year in short dates', () => {
    expect(shortDate('2026-11-30', now)).toBe('30 novembre');
    expect(shortDate('2027-01-01', now)).toBe('1er janvier 2027');
  });

  it('puts no-break spaces where French typography wants them', () => {
    expect(timeOfDay('2026-11-25T14:30:00Z')).toBe('15\u00a0h\u00a030');
  });
});

describe('untilPhrase', () => {
  it('says the time today, "demain" tomorrow, the day later', () => {
    expect(nb(untilPhrase('2026-11-25T14:30:00Z', now))).toBe('jusqu’à 15 h 30');
    expect(nb(untilPhrase('2026-11-26T08:00:00Z', now))).toBe('jusqu’à demain 9 h');
    expect(nb(untilPhrase('2026-11-30T08:00:00Z', now))).toBe('jusqu’au lundi 30 novembre à 9 h');
  });
});

describe('counts and numbers', () => {
  it('uses the singular for 0 and 1, as French does', () => {
    expect(nb(newAlerts(1))).toBe('1 nouvelle alerte');
    expect(nb(newAlerts(3))).toBe('3 nouvelles alertes');
    expect(nb(plural(0, 'reportée', 'reportées'))).toBe('0 reportée');
    expect(nb(plural(2, 'reportée', 'reportées'))).toBe('2 reportées');
  });

  it('groups a SIREN by three, and leaves anything else alone', () => {
    expect(nb(formatSiren('412345670'))).toBe('412 345 670');
    expect(nb(formatSiren('412 345 670'))).toBe('412 345 670');
    expect(formatSiren('ABC')).toBe('ABC');
  });

  it('round-trips datetime-local values in local time', () => {
    const d = fromLocalInputValue('2026-11-26T14:00');
    expect(d?.toISOString()).toBe('2026-11-26T13:00:00.000Z');
    expect(toLocalInputValue(new Date('2026-11-26T13:00:00Z'))).toBe('2026-11-26T14:00');
    expect(fromLocalInputValue('2026-11-26')).toBeNull();
    expect(fromLocalInputValue('')).toBeNull();
  });
});

describe('typography', () => {
  it('binds guillemets and colons to their words, and curls apostrophes', () => {
    expect(typography("X n'a pas transmis « Relevés », demandé : oui ; non ?")).toBe(
      'X n’a pas transmis «\u00a0Relevés\u00a0», demandé\u00a0: oui\u202f; non\u202f?',
    );
    expect(typography('Rien à changer.')).toBe('Rien à changer.');
  });
});

describe('dayAndTime', () => {
  it('says the weekday, the date without the current year, and the time', async () => {
    const { dayAndTime } = await import('./french');
    const now = new Date(2026, 10, 25, 10, 0);
    expect(dayAndTime(new Date(2026, 10, 25, 15, 0), now)).toBe('mercredi 25 novembre à 15\u00a0h');
    expect(dayAndTime(new Date(2027, 0, 1, 9, 30), now)).toBe('vendredi 1er janvier 2027 à 9\u00a0h\u00a030');
  });
});

describe('wallClock', () => {
  it('reads an instant in the cabinet’s zone, whatever the computer’s', async () => {
    const { wallClock, dayAndTime } = await import('./french');
    // 07:30 UTC is 08:30 in Paris in winter, 09:30 in summer.
    const winter = wallClock('2026-11-26T07:30:00Z', 'Europe/Paris');
    expect([winter.getDate(), winter.getHours(), winter.getMinutes()]).toEqual([26, 8, 30]);
    const summer = wallClock('2026-07-01T07:30:00Z', 'Europe/Paris');
    expect(summer.getHours()).toBe(9);
    expect(dayAndTime(winter, wallClock('2026-11-25T09:00:00Z', 'Europe/Paris'))).toBe('jeudi 26 novembre à 8\u00a0h\u00a030');
    // An unknown zone falls back to the instant itself.
    expect(wallClock('2026-11-26T07:30:00Z', 'Nowhere/Nothing').getTime()).toBe(Date.parse('2026-11-26T07:30:00Z'));
  });
});
