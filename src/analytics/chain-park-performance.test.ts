import { describe, expect, it } from 'vitest';
import {
  competitionRanks,
  industrialConcentrationRate,
  parkPerformance,
  pooledLeadingIndustryConcentration,
} from './chain-park-performance.ts';

describe('park performance', () => {
  const nan = Number.NaN;
  // Three parks: output 1,000 / 900 / unknown, tax 60 / 90 / 10, land 120 / 300 / 100 mu.
  const figures = {
    output: Float64Array.of(1000, 900, nan),
    tax: Float64Array.of(60, 90, 10),
    landMu: Float64Array.of(120, 300, 100),
    leadingOutput: Float64Array.of(700, nan, nan),
  };

  it('gives output and tax per mu and ranks the parks', () => {
    const p = parkPerformance(figures);
    // 1000 / 120 = 8.33…, 900 / 300 = 3; tax 60 / 120 = 0.5, 90 / 300 = 0.3, 10 / 100 = 0.1.
    expect(p.outputPerMu[0]).toBeCloseTo(1000 / 120, 12);
    expect(p.outputPerMu[1]).toBe(3);
    expect(p.outputPerMu[2]).toBeNaN();
    expect(Array.from(p.taxPerMu)).toEqual([0.5, 0.3, 0.1]);
    expect(Array.from(p.outputPerMuRank)).toEqual([1, 2, 0]);
    expect(Array.from(p.taxPerMuRank)).toEqual([1, 2, 3]);
    expect(p.rankedByOutput).toBe(2);
    // Leading industries: 700 of the first park's 1,000.
    expect(p.leadingIndustryConcentration[0]).toBe(0.7);
  });

  it('computes the concentration rates of seed 002', () => {
    // Parks make 1,900 of a region's 2,726 (69.7 %).
    expect(industrialConcentrationRate(1900, 2726)).toBeCloseTo(0.697, 3);
    expect(industrialConcentrationRate(1900, 0)).toBeNull();
    // Only the parks with both figures: 700 / 1000.
    expect(pooledLeadingIndustryConcentration(figures)).toBe(0.7);
  });

  it('ranks ties together', () => {
    expect(Array.from(competitionRanks(Float64Array.of(5, 7, 7, nan, 1)).ranks)).toEqual([3, 1, 1, 0, 4]);
  });
});
