import { describe, expect, it } from 'vitest';
import {
  compoundAnnualGrowth,
  dynamicShiftShare,
  requiredAnnualGrowth,
  shiftShare,
  yearOnYear,
  yearsBetween,
} from './growth.ts';
import { matrix } from './matrix.ts';

describe('growth rates', () => {
  it('year on year, with a zero base answered as null', () => {
    // Seed 001: 840 k vehicles, +87.7 % → the year before was 840 / 1.877.
    expect(yearOnYear(840, 840 / 1.877)).toBeCloseTo(0.877, 12);
    expect(yearOnYear(5, 0)).toBeNull();
    expect(yearOnYear(-5, -10)).toBeCloseTo(0.5, 15);
  });

  it('CAGR: 100 → 121 in two years is 10 %; no rate across zero', () => {
    expect(compoundAnnualGrowth(100, 121, 2)).toBeCloseTo(0.1, 15);
    expect(compoundAnnualGrowth(0, 5, 3)).toBeNull();
    expect(compoundAnnualGrowth(-1, 5, 3)).toBeNull();
    expect(() => compoundAnnualGrowth(1, 2, 0)).toThrow(/years must be positive/);
  });

  it('required CAGR to a target: Hubei 7 tn (2027) → 10 tn (2030) needs (10/7)^(1/3) − 1', () => {
    expect(requiredAnnualGrowth(7, 10, 3)).toBeCloseTo((10 / 7) ** (1 / 3) - 1, 15);
    expect(requiredAnnualGrowth(7, 10, yearsBetween('2027-12-31', '2030-12-31'))).toBeCloseTo(0.1262, 3);
  });

  it('counts years between dates', () => {
    expect(yearsBetween('2023-12-31', '2027-12-31')).toBeCloseTo(4, 2);
    expect(() => yearsBetween('2023-13-45', '2024-01-01')).toThrow(/YYYY-MM-DD/);
  });
});

// Hand-worked shift-share: regions R1, R2 × industries A, B.
// National A 300 → 330 (g = .10), B 200 → 230 (g = .15), total 500 → 560 (G = .12).
const start = matrix(2, 2, Float64Array.of(100, 50, 200, 150));
const end = matrix(2, 2, Float64Array.of(120, 70, 210, 160));

describe('shift-share (classic)', () => {
  it('splits each change into national growth, industry mix and competitive effect', () => {
    const s = shiftShare(start, end);
    const close = (a: Float64Array, b: number[]) => {
      for (const [k, v] of b.entries()) expect(a[k]).toBeCloseTo(v, 10);
    };
    close(s.nationalGrowth.data, [12, 6, 24, 18]);
    close(s.industryMix.data, [-2, 1.5, -4, 4.5]);
    // R1·A: 100 × (.20 − .10) = 10; R2·B: 150 × (10/150 − .15) = −12.5.
    close(s.competitive.data, [10, 12.5, -10, -12.5]);
    close(s.change.data, [20, 20, 10, 10]);
  });

  it('puts all of a new industry’s gain into the competitive effect', () => {
    const s = shiftShare(matrix(1, 2, Float64Array.of(0, 10)), matrix(1, 2, Float64Array.of(5, 10)));
    // The nation grows 10 → 15 (G = .5); industry 1 is new, industry 2 stays at 10.
    expect([...s.nationalGrowth.data]).toEqual([0, 5]);
    expect([...s.industryMix.data]).toEqual([0, -5]);
    expect([...s.competitive.data]).toEqual([5, 0]);
  });

  it('uses national totals when the regions are not the whole nation', () => {
    const s = shiftShare(start, end, { nation: { start: [1000, 1000], end: [1100, 1000] } });
    // G = 2100/2000 − 1 = .05; g_A = .10, g_B = 0.
    expect(s.nationalGrowth.data[0]).toBeCloseTo(5, 12);
    expect(s.industryMix.data[1]).toBeCloseTo(50 * -0.05, 12);
  });
});

describe('shift-share (dynamic, Barff & Knight 1988)', () => {
  it('is the sum of the year-by-year classic decompositions', () => {
    const middle = matrix(2, 2, Float64Array.of(110, 60, 190, 170));
    const d = dynamicShiftShare([start, middle, end]);
    const a = shiftShare(start, middle);
    const b = shiftShare(middle, end);
    for (let k = 0; k < 4; k++) {
      expect(d.nationalGrowth.data[k]).toBeCloseTo(a.nationalGrowth.data[k]! + b.nationalGrowth.data[k]!, 10);
      expect(d.competitive.data[k]).toBeCloseTo(a.competitive.data[k]! + b.competitive.data[k]!, 10);
      const total = d.nationalGrowth.data[k]! + d.industryMix.data[k]! + d.competitive.data[k]!;
      expect(total).toBeCloseTo(end.data[k]! - start.data[k]!, 10);
    }
  });
});
