import { describe, expect, it } from 'vitest';
import { AnalyticsInputError } from './input-error.ts';

import { marginTotals, matrix } from './matrix.ts';
import { presenceLists } from './presence-lists.ts';
import {
  advantageAndPresence,
  diversity,
  locationQuotient,
  presence,
  revealedComparativeAdvantage,
  rpop,
  ubiquity,
} from './specialization.ts';

// Two regions × three industries, worked by hand:
// totals: region A 100, region B 300; industries 60, 140, 200; world 400.
// RCA_A,1 = (40/100) / (60/400) = 0.4 / 0.15 = 8/3; RCA_B,3 = (180/300) / (200/400) = 1.2.
const values = matrix(2, 3, Float64Array.of(40, 40, 20, 20, 100, 180));

describe('revealedComparativeAdvantage (Balassa 1965)', () => {
  it('matches the hand-worked shares', () => {
    const rca = revealedComparativeAdvantage(values).data;
    const expected = [0.4 / 0.15, 0.4 / 0.35, 0.2 / 0.5, 20 / 300 / 0.15, 100 / 300 / 0.35, 180 / 300 / 0.5];
    for (const [k, v] of expected.entries()) expect(rca[k]).toBeCloseTo(v, 12);
    expect(locationQuotient).toBe(revealedComparativeAdvantage);
  });

  it('gives 0, not NaN, to a location or product with no value at all', () => {
    const rca = revealedComparativeAdvantage(matrix(2, 2, Float64Array.of(0, 0, 3, 0))).data;
    expect([...rca]).toEqual([0, 0, 1, 0]);
  });

  it('refuses an all-zero matrix', () => {
    expect(() => revealedComparativeAdvantage(matrix(1, 2, new Float64Array(2)))).toThrow(
      AnalyticsInputError,
    );
  });
});

describe('rpop (py-ecomplexity calculate_rpop)', () => {
  it('compares per-capita values with the world per-capita value', () => {
    // Populations 10 and 30: world per-capita of industry 1 = 60 / 40 = 1.5; region A has 40 / 10 = 4.
    const r = rpop(values, [10, 30]).data;
    expect(r[0]).toBeCloseTo(4 / 1.5, 12);
    expect(r[5]).toBeCloseTo(180 / 30 / (200 / 40), 12);
  });

  it('refuses a missing or non-positive population', () => {
    expect(() => rpop(values, [10, 0])).toThrow(/location 1 has population 0/);
    expect(() => rpop(values, [10])).toThrow(AnalyticsInputError);
  });
});

describe('presence, diversity and ubiquity', () => {
  const rca = revealedComparativeAdvantage(values);
  const perCapita = rpop(values, [10, 30]);

  it('marks RCA ≥ threshold, threshold inclusive', () => {
    expect([...presence({ rca }).data]).toEqual([1, 1, 0, 0, 0, 1]);
    // RCA_B,3 is exactly 1.2: at the threshold it counts.
    expect([...presence({ rca }, { rcaThreshold: 1.2 }).data]).toEqual([1, 0, 0, 0, 0, 1]);
  });

  it('combines RCA and RPOP tests as rpop / both (all must pass) / either', () => {
    // Populations 30 and 10 make RPOP differ from RCA: A = [.889, .381, .133], B = [1.333, 2.857, 3.6].
    const other = rpop(values, [30, 10]);
    expect([...presence({ rpop: other }, { test: 'rpop' }).data]).toEqual([0, 0, 0, 1, 1, 1]);
    expect([...presence({ rca, rpop: other }, { test: 'both' }).data]).toEqual([0, 0, 0, 0, 0, 1]);
    expect([...presence({ rca, rpop: other }, { test: 'either' }).data]).toEqual([1, 1, 0, 1, 1, 1]);
    expect([...presence({ rca, rpop: other }, { test: 'both', rpopThreshold: 3 }).data]).toEqual([
      0, 0, 0, 0, 0, 1,
    ]);
    expect([...presence({ rca, rpop: perCapita }, { test: 'rpop' }).data]).toEqual([1, 1, 0, 0, 0, 1]);
  });

  it('needs RPOP for the rpop tests and a positive threshold', () => {
    expect(() => presence({ rca }, { test: 'both' })).toThrow(/needs RPOP/);
    expect(() => presence({ rca }, { rcaThreshold: 0 })).toThrow(/positive/);
  });

  it('counts products per location and locations per product', () => {
    const m = presence({ rca });
    expect([...diversity(m)]).toEqual([2, 1]);
    expect([...ubiquity(m)]).toEqual([1, 1, 1]);
  });
});

describe('advantageAndPresence (one pass for ecomplexity())', () => {
  it('gives the same RCA, presence and lists as the three separate steps', () => {
    let state = 12345;
    const random = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 4294967296;
    };
    const m = matrix(
      23,
      31,
      Float64Array.from({ length: 23 * 31 }, () => (random() < 0.6 ? 0 : Math.round(random() * 1000))),
    );
    const { rowTotals, colTotals } = marginTotals(m);
    for (const threshold of [1, 1.5]) {
      const fused = advantageAndPresence(m, rowTotals, colTotals, threshold);
      const rca = revealedComparativeAdvantage(m);
      const mcp = presence({ rca }, { rcaThreshold: threshold });
      expect([...fused.rca.data]).toEqual([...rca.data]);
      expect([...fused.mcp.data]).toEqual([...mcp.data]);
      const lists = presenceLists(mcp);
      expect([...fused.lists.start]).toEqual([...lists.start]);
      expect([...fused.lists.items]).toEqual([...lists.items]);
    }
  });
});
