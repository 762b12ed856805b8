// The workload chart's arithmetic: a person's load as the segments of a stacked bar (late, the
// next 7 days, the rest of the 30 days), and who carries clearly more than the team.

import type { Load, StaffLoad } from './bindings';

/** One segment of a bar: how many, and its share of the chart's widest bar (0 to 100). */
export interface Segment {
  key: 'late' | 'week' | 'month';
  count: number;
  percent: number;
}

/** What a load weighs: late ones and those due within 30 days. */
export function weight(load: Load): number {
  return load.late + load.next_30_days;
}

/** A person's weight, deadlines and tasks together. */
export function personWeight(s: StaffLoad): number {
  return weight(s.deadlines) + weight(s.tasks);
}

/** The segments of one bar, scaled on `max` (the widest bar of the chart). */
export function segments(load: Load, max: number): Segment[] {
  const scale = (n: number) => (max > 0 ? (100 * n) / max : 0);
  const rest = Math.max(0, load.next_30_days - load.next_7_days);
  return [
    { key: 'late', count: load.late, percent: scale(load.late) },
    { key: 'week', count: load.next_7_days, percent: scale(load.next_7_days) },
    { key: 'month', count: rest, percent: scale(rest) },
  ];
}

/** The widest bar of the chart: the largest single load of deadlines or tasks. */
export function widest(staff: StaffLoad[], extra: Load[] = []): number {
  const loads = [...staff.flatMap((s) => [s.deadlines, s.tasks]), ...extra];
  return loads.reduce((m, l) => Math.max(m, weight(l)), 0);
}

/**
 * Who is overloaded: a weight at least 1.5 times the team's mean, and more than a handful
 * (a team with little to do has nobody overloaded).
 */
export function overloaded(staff: StaffLoad[]): Set<number> {
  if (staff.length === 0) return new Set();
  const mean = staff.reduce((sum, s) => sum + personWeight(s), 0) / staff.length;
  return new Set(staff.filter((s) => personWeight(s) >= Math.max(1.5 * mean, 5)).map((s) => s.id));
}
