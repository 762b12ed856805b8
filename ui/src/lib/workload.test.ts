import { describe, expect, it } from 'vitest';
import type { Load, StaffLoad } from './bindings';
import { overloaded, personWeight, segments, widest } from './workload';

const load = (late: number, next_7_days: number, next_30_days: number): Load => ({ late, next_7_days, next_30_days });
const person = (id: number, deadlines: Load, tasks: Load): StaffLoad => ({ id, name: `P${id}`, role: 'collaborateur', deadlines, tasks });

describe('the workload bars', () => {
  it('split a load into late, the 7 days and the rest of the 30 days, scaled on the widest bar', () => {
    expect(segments(load(1, 2, 5), 12)).toEqual([
      { key: 'late', count: 1, percent: (100 * 1) / 12 },
      { key: 'week', count: 2, percent: (100 * 2) / 12 },
      { key: 'month', count: 3, percent: 25 },
    ]);
    expect(segments(load(0, 0, 0), 0).map((s) => s.percent)).toEqual([0, 0, 0]);
  });

  it('take the widest bar among deadlines, tasks and the unassigned', () => {
    const staff = [person(1, load(1, 2, 5), load(2, 5, 10)), person(2, load(0, 0, 3), load(0, 0, 0))];
    expect(widest(staff)).toBe(12);
    expect(widest(staff, [load(10, 3, 3)])).toBe(13);
    expect(widest([])).toBe(0);
    expect(personWeight(staff[0])).toBe(18);
  });

  it('call overloaded whoever carries one and a half times the mean, not a quiet team', () => {
    const staff = [
      person(1, load(1, 2, 5), load(2, 5, 10)), // 18
      person(2, load(0, 1, 4), load(1, 2, 4)), // 9
      person(3, load(0, 1, 4), load(0, 1, 3)), // 7
    ];
    expect([...overloaded(staff)]).toEqual([1]); // mean 11.3: 17 and more
    const quiet = [person(1, load(0, 1, 3), load(0, 0, 0)), person(2, load(0, 0, 0), load(0, 0, 0))];
    expect(overloaded(quiet).size).toBe(0); // 3 is twice the mean, but only 3
    expect(overloaded([]).size).toBe(0);
  });
});
