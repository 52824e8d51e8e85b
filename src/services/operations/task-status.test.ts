import { describe, expect, it } from 'vitest';
import { copiedTaskCode, shiftYears, taskStatus } from './task-status.ts';

describe('task status', () => {
  const base = { year: 2025, dueDate: '2025-12-31', latestStatus: null, latestProgress: null } as const;
  it('computes done, overdue, at risk, not started and on track', () => {
    expect(taskStatus({ ...base, latestStatus: 'done', latestProgress: 100 }, '2026-03-01')).toBe('done');
    expect(taskStatus({ ...base, latestStatus: 'in_progress', latestProgress: 90 }, '2026-01-01')).toBe(
      'overdue',
    );
    expect(taskStatus({ ...base, latestStatus: 'blocked', latestProgress: 50 }, '2025-06-01')).toBe(
      'at_risk',
    );
    expect(taskStatus(base, '2025-06-01')).toBe('not_started');
    // Mid-year (≈ 50 % of the time elapsed): 20 % done lags by more than 25 points; 40 % does not.
    expect(taskStatus({ ...base, latestStatus: 'in_progress', latestProgress: 20 }, '2025-07-02')).toBe(
      'at_risk',
    );
    expect(taskStatus({ ...base, latestStatus: 'in_progress', latestProgress: 40 }, '2025-07-02')).toBe(
      'on_track',
    );
  });
  it('names and dates copied tasks', () => {
    expect(copiedTaskCode('LJ-KT-2024-07', 2024, 2025)).toBe('LJ-KT-2024-07-2025');
    expect(copiedTaskCode('LJ-KT-07-2024', 2024, 2025)).toBe('LJ-KT-07-2025');
    expect(shiftYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(shiftYears('2024-06-30', 1)).toBe('2025-06-30');
  });
});
