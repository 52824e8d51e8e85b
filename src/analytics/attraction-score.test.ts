/** The investment-attraction score as docs/opportunities.md states it: Σ w_i s_i over five parts in [0, 1]. */
import { describe, expect, it } from 'vitest';
import {
  ATTRACTION_WEIGHTS,
  attractionScore,
  candidatePool,
  checkWeights,
  chordKm,
  greatCircleKm,
  growthPart,
  rankByAttraction,
  sizePart,
  topCandidates,
  unitVectors,
} from './attraction-score.ts';

describe('attraction score', () => {
  it('measures great-circle distance (Lijiang → Puyang about 1,500 km)', () => {
    expect(greatCircleKm(0, 0, 0, 1)).toBeCloseTo(111.195, 2);
    const km = greatCircleKm(100.23, 26.86, 115.03, 35.76);
    expect(km).toBeGreaterThan(1500);
    expect(km).toBeLessThan(1800);
    const v = unitVectors([100.23, 115.03], [26.86, 35.76]);
    expect(chordKm(v, 0, 1)).toBeCloseTo(km, 6);
  });

  it('adds the weighted parts and scores unknown figures as 0', () => {
    const s = attractionScore(
      { output: 99, growth: 0, distanceKm: 500, leaderLinks: 2, inputShare: 0.5 },
      99,
    );
    expect(s.parts).toEqual({ size: 1, growth: 0.5, distance: 0.5, links: 1, input_share: 0.5 });
    expect(s.score).toBeCloseTo(0.3 + 0.15 * 0.5 + 0.2 * 0.5 + 0.2 + 0.15 * 0.5, 12);
    const unknown = attractionScore(
      {
        output: Number.NaN,
        growth: Number.NaN,
        distanceKm: Number.NaN,
        leaderLinks: 0,
        inputShare: Number.NaN,
      },
      99,
    );
    expect(unknown.score).toBe(0);
    expect(unknown.unknown).toEqual(['size', 'growth', 'distance', 'input_share']);
  });

  it('ranks high scores first and checks the weights', () => {
    const near = attractionScore(
      { output: 1, growth: 0, distanceKm: 10, leaderLinks: 0, inputShare: 1 },
      100,
    );
    const far = attractionScore(
      { output: 1, growth: 0, distanceKm: 3000, leaderLinks: 0, inputShare: 1 },
      100,
    );
    expect(rankByAttraction([far, near])).toEqual([1, 0]);
    expect(() => checkWeights(ATTRACTION_WEIGHTS)).not.toThrow();
    expect(() => checkWeights({ ...ATTRACTION_WEIGHTS, size: 0.9 })).toThrow(/add up to/);
  });
});

describe('topCandidates', () => {
  it('keeps the best by the same score as attractionScore', () => {
    const outputs = [10, 1000, 0, 50, 5];
    const growths = [0.1, -0.1, 0.3, Number.NaN, 0];
    const region = Int32Array.from([1, 2, 3, 4, 0]);
    const km = [0, 100, 2000, 50, 800];
    const linkMark = Int32Array.from([0, 0, 7, 0, 0]);
    const pool = candidatePool(outputs, growths, region);
    const scope = { distanceKm: km, linkMark, linkValue: 7, skipRegion: 0 };
    const chosen = new Int32Array(2);
    const scores = new Float64Array(2);
    const count = topCandidates(pool, [0, 1, 2, 3, 4], scope, 0.5, ATTRACTION_WEIGHTS, 2, chosen, scores);
    // Candidate 4 is in the scope's own region: skipped.
    const full = [0, 1, 2, 3].map((e) =>
      attractionScore(
        {
          output: outputs[e]!,
          growth: growths[e]!,
          distanceKm: km[region[e]!]!,
          leaderLinks: linkMark[e] === 7 ? 1 : 0,
          inputShare: 0.5,
        },
        1000,
      ),
    );
    const expected = rankByAttraction(full).slice(0, 2);
    expect(count).toBe(2);
    expect([...chosen]).toEqual(expected);
    expect(scores[0]).toBeCloseTo(full[expected[0]!]!.score, 12);
    expect(sizePart(1000, 1000)).toBe(1);
    expect(growthPart(Number.NaN)).toBe(0);
  });
});
