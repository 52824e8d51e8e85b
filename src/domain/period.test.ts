import { describe, expect, it } from 'vitest';
import { parseDay, parsePeriod } from './period.ts';

describe('periods as officials write them', () => {
  it('reads years, quarters, months, year-to-date and spans', () => {
    expect(parsePeriod('2025')).toEqual({
      code: '2025',
      kind: 'year',
      start: '2025-01-01',
      end: '2025-12-31',
    });
    expect(parsePeriod(2025)?.code).toBe('2025');
    expect(parsePeriod('2024Q3')).toEqual({
      code: '2024Q3',
      kind: 'quarter',
      start: '2024-07-01',
      end: '2024-09-30',
    });
    expect(parsePeriod('2024-q1')?.code).toBe('2024Q1');
    expect(parsePeriod('2024-02')).toEqual({
      code: '2024-02',
      kind: 'month',
      start: '2024-02-01',
      end: '2024-02-29',
    });
    // "January–May 2025" (1–5月), as seed 003 reports its growth figures.
    expect(parsePeriod('2025-YTD05')).toEqual({
      code: '2025-YTD05',
      kind: 'ytd',
      start: '2025-01-01',
      end: '2025-05-31',
    });
    expect(parsePeriod('2023..2025')).toEqual({
      code: '2023..2025',
      kind: 'years',
      start: '2023-01-01',
      end: '2025-12-31',
    });
    expect(parsePeriod('2025-06-26')?.kind).toBe('day');
  });

  it('rejects what is not a period', () => {
    for (const bad of ['25', '2025Q5', '2025-13', '2025-YTD13', '2026..2025', 'last year', '2025-02-30']) {
      expect(parsePeriod(bad), bad).toBeNull();
    }
    expect(parseDay('2025/6/3')).toBe('2025-06-03');
  });
});
