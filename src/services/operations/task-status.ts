/**
 * A key task's status, computed from its latest review and its due date (pure; no I/O):
 * - done: the latest review says done;
 * - overdue: past its due date and not done;
 * - at_risk: the latest review says blocked, or its progress lags the time elapsed by more than
 *   `lagPoints` percentage points (time elapsed runs from 1 January of the task's year to its due date);
 * - not_started: no review yet, not overdue;
 * - on_track: otherwise.
 */
export type TaskStatus = 'done' | 'overdue' | 'at_risk' | 'not_started' | 'on_track';

export interface TaskFacts {
  year: number | null;
  /** YYYY-MM-DD */
  dueDate: string | null;
  latestStatus: 'not_started' | 'in_progress' | 'done' | 'blocked' | null;
  latestProgress: number | null;
}

export function taskStatus(task: TaskFacts, today: string, lagPoints = 25): TaskStatus {
  if (task.latestStatus === 'done') return 'done';
  if (task.dueDate && task.dueDate < today) return 'overdue';
  if (task.latestStatus === 'blocked') return 'at_risk';
  if (task.latestStatus === null) return 'not_started';
  if (task.dueDate && task.latestProgress !== null) {
    const start = Date.parse(`${task.year ?? Number(task.dueDate.slice(0, 4))}-01-01T00:00:00Z`);
    const due = Date.parse(`${task.dueDate}T00:00:00Z`);
    const now = Date.parse(`${today}T00:00:00Z`);
    if (due > start) {
      const elapsed = Math.min(1, Math.max(0, (now - start) / (due - start))) * 100;
      if (task.latestProgress < elapsed - lagPoints) return 'at_risk';
    }
  }
  return 'on_track';
}

/** Copying a task into next year's list: its code with the year replaced (or the new year appended). */
export function copiedTaskCode(code: string, fromYear: number, toYear: number): string {
  const from = String(fromYear);
  return code.endsWith(from) ? `${code.slice(0, -from.length)}${toYear}` : `${code}-${toYear}`;
}

/** The same day `years` later (29 February becomes 28 February in a common year). */
export function shiftYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}
