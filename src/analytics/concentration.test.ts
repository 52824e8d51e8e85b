import { describe, expect, it } from 'vitest';
import {
  gini,
  herfindahlHirschman,
  hooverIndex,
  krugmanSpecialization,
  normalizedHerfindahlHirschman,
  shannonEntropy,
  topShare,
} from './concentration.ts';
import { AnalyticsInputError } from './input-error.ts';

// Hand-worked: a region whose three industries hold 50, 30 and 20 (shares .5, .3, .2).
const region = [50, 30, 20];

describe('Herfindahl–Hirschman', () => {
  it('sums squared shares: .25 + .09 + .04 = .38 (3,800 on the antitrust scale)', () => {
    expect(herfindahlHirschman(region)).toBeCloseTo(0.38, 15);
    expect(herfindahlHirschman(region, { scale: 10000 })).toBeCloseTo(3800, 10);
  });

  it('normalizes to [0, 1]: (.38 − 1/3) / (1 − 1/3) = .07; one category is fully concentrated', () => {
    expect(normalizedHerfindahlHirschman(region)).toBeCloseTo(0.07, 15);
    expect(normalizedHerfindahlHirschman([10, 10, 10, 10])).toBeCloseTo(0, 15);
    expect(normalizedHerfindahlHirschman([7])).toBe(1);
  });
});

describe('Shannon entropy', () => {
  it('is −Σ s ln s, with 0 ln 0 = 0', () => {
    const expected = -(0.5 * Math.log(0.5) + 0.3 * Math.log(0.3) + 0.2 * Math.log(0.2));
    expect(shannonEntropy(region)).toBeCloseTo(expected, 15);
    expect(shannonEntropy([1, 0, 0])).toBe(0);
  });

  it('is log2 n bits for n equal categories (EconGeo uses bits)', () => {
    expect(shannonEntropy([5, 5, 5, 5], { base: 2 })).toBeCloseTo(2, 15);
  });
});

describe('Gini', () => {
  it('matches EconGeo Gini(c(0, 10, 10, 30, 50)) = 0.48', () => {
    // Σ|x_i − x_j| over ordered pairs = 480; 2 n² mean = 2 · 25 · 20 = 1000.
    expect(gini([0, 10, 10, 30, 50])).toBeCloseTo(0.48, 15);
  });

  it('is 0 for equal values and (n − 1)/n when one holds everything', () => {
    expect(gini([3, 3, 3])).toBeCloseTo(0, 15);
    expect(gini([0, 0, 0, 9])).toBeCloseTo(0.75, 15);
  });
});

describe('Krugman specialization and Hoover', () => {
  it('Krugman: Σ|s − r| of .1 .3 .6 against .5 .3 .2 is .8', () => {
    expect(krugmanSpecialization([10, 30, 60], region)).toBeCloseTo(0.8, 15);
  });

  it('Hoover: EconGeo hoover_index(c(0, 10, 10, 30, 50), c(10, 15, 20, 25, 30)) = 25 (%)', () => {
    // |0 − .1| + |.1 − .15| + |.1 − .2| + |.3 − .25| + |.5 − .3| = .5; half of it is .25.
    expect(hooverIndex([0, 10, 10, 30, 50], [10, 15, 20, 25, 30])).toBeCloseTo(0.25, 15);
    // Without a reference every region counts the same: shares .2 each.
    expect(hooverIndex([0, 0, 0, 0, 5])).toBeCloseTo(0.8, 15);
  });
});

describe('top-k share', () => {
  it('is the share of the k largest (CR2 of 50/30/20 is .8)', () => {
    expect(topShare(region, 2)).toBeCloseTo(0.8, 15);
    expect(topShare(region, 10)).toBeCloseTo(1, 15);
    expect(() => topShare(region, 0)).toThrow(AnalyticsInputError);
  });
});

describe('inputs without shares', () => {
  it('refuses a zero total, negative amounts and NaN instead of answering NaN', () => {
    expect(() => herfindahlHirschman([0, 0])).toThrow(/add up to zero/);
    expect(() => gini([1, -1])).toThrow(AnalyticsInputError);
    expect(() => shannonEntropy([1, Number.NaN])).toThrow(AnalyticsInputError);
    expect(() => krugmanSpecialization([1, 2], [1, 2, 3])).toThrow(/same categories/);
  });
});
