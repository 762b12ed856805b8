import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  dayTitle,
  kindLabel,
  mondayOf,
  monthGrid,
  monthTitle,
  span,
  step,
  weekOf,
  weekTitle,
  weekdayIndex,
} from './calendar';

describe('days', () => {
  it('steps over month, year and daylight-saving changes without moving a day', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    // The nights the clocks change in Paris.
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(addMonths('2026-11-25', 1)).toBe('2026-12-01');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-01');
    expect(addMonths('2027-01-31', -1)).toBe('2026-12-01');
  });

  it('numbers the weekdays from Monday', () => {
    expect(weekdayIndex('2026-11-23')).toBe(0); // a Monday
    expect(weekdayIndex('2026-11-29')).toBe(6); // a Sunday
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    expect(mondayOf('2026-11-23')).toBe('2026-11-23');
  });
});

describe('the week of a date', () => {
  it('runs Monday to Sunday around the date', () => {
    expect(weekOf('2026-11-25')).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
  });

  it('crosses a year', () => {
    const week = weekOf('2027-01-01');
    expect(week[0]).toBe('2026-12-28');
    expect(week[6]).toBe('2027-01-03');
    expect(weekTitle('2027-01-01')).toBe('du 28 décembre 2026 au 3 janvier 2027');
    expect(weekTitle('2026-11-25')).toBe('du 23 au 29 novembre 2026');
    expect(weekTitle('2026-12-01')).toBe('du 30 novembre au 6 décembre 2026');
  });
});

describe('the month grid', () => {
  it('is whole weeks starting on Monday, holding every day of the month', () => {
    const grid = monthGrid('2026-11-25');
    expect(grid.length).toBe(6); // November 2026 starts on a Sunday
    expect(grid[0][0]).toBe('2026-10-26');
    expect(grid[0][6]).toBe('2026-11-01');
    expect(grid[5][6]).toBe('2026-12-06');
    for (const week of grid) {
      expect(week.length).toBe(7);
      expect(weekdayIndex(week[0])).toBe(0);
    }
    const days = grid.flat();
    expect(days.filter((d) => d.startsWith('2026-11')).length).toBe(30);
  });

  it('crosses year boundaries', () => {
    const december = monthGrid('2026-12-10');
    expect(december[0][0]).toBe('2026-11-30');
    expect(december[december.length - 1][6]).toBe('2027-01-03');
    const january = monthGrid('2027-01-31');
    expect(january[0][0]).toBe('2026-12-28');
    expect(january[january.length - 1][6]).toBe('2027-01-31');
    expect(january.length).toBe(5);
  });

  it('takes four weeks for a February starting on Monday', () => {
    const grid = monthGrid('2027-02-14');
    expect(grid.length).toBe(4);
    expect(grid[0][0]).toBe('2027-02-01');
    expect(grid[3][6]).toBe('2027-02-28');
  });

  it('gives the span the engine is asked for, and steps by month or week', () => {
    expect(span('month', '2026-11-25')).toEqual({ from: '2026-10-26', to: '2026-12-06' });
    expect(span('week', '2026-11-25')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(step('month', '2026-11-25', 1)).toBe('2026-12-01');
    expect(step('month', '2026-01-10', -1)).toBe('2025-12-01');
    expect(step('week', '2026-12-30', 1)).toBe('2027-01-06');
  });
});

describe('French names', () => {
  it('names months, days and kinds', () => {
    expect(monthTitle('2026-11-25')).toBe('novembre 2026');
    expect(dayTitle('2026-11-25')).toBe('mercredi 25 novembre 2026');
    expect(dayTitle('2026-12-01')).toBe('mardi 1er décembre 2026');
    expect(dayTitle('2026-11-29')).toBe('dimanche 29 novembre 2026');
    expect(kindLabel('tva_ca3')).toBe('TVA CA3');
    expect(kindLabel('depot_greffe')).toBe('Depot greffe');
  });
});
