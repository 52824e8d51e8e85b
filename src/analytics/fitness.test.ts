import { describe, expect, it } from 'vitest';
import { methodOfReflections } from './complexity.ts';
import { fitnessComplexity } from './fitness.ts';
import { matrix } from './matrix.ts';

// A nested 2 × 2 matrix: location 0 makes both products, location 1 only product 0.
const nested = matrix(2, 2, Uint8Array.of(1, 1, 1, 0));

describe('fitness–complexity (Tacchella et al. 2012)', () => {
  it('follows the map step by step (worked by hand)', () => {
    // Step 1 from F = Q = 1: F̃ = (2, 1) → F = (4/3, 2/3); Q̃ = (1/(1 + 1), 1/1) → Q = (2/3, 4/3).
    let r = fitnessComplexity(nested, { iterations: 2 });
    expect([...r.fitness]).toEqual([expect.closeTo(4 / 3, 14), expect.closeTo(2 / 3, 14)]);
    expect([...r.complexity]).toEqual([expect.closeTo(2 / 3, 14), expect.closeTo(4 / 3, 14)]);
    // Step 2, both from step 1: F̃ = (2, 2/3) → F = (1.5, .5); Q̃ = (1/(3/4 + 3/2), 1/(3/4)) → Q = (.5, 1.5).
    r = fitnessComplexity(nested, { iterations: 3 });
    expect([...r.fitness]).toEqual([expect.closeTo(1.5, 14), expect.closeTo(0.5, 14)]);
    expect([...r.complexity]).toEqual([expect.closeTo(0.5, 14), expect.closeTo(1.5, 14)]);
  });

  it('refuses a product nobody makes and bad options', () => {
    expect(() => fitnessComplexity(matrix(2, 2, Uint8Array.of(1, 0, 1, 0)))).toThrow(
      /product 1 is present nowhere/,
    );
    expect(() => fitnessComplexity(nested, { iterations: 0 })).toThrow(/positive integer/);
    expect(() => fitnessComplexity(nested, { extremality: 0 })).toThrow(/extremality/);
  });
});

describe('method of reflections (Hidalgo & Hausmann 2009)', () => {
  it('reads k_c at order iterations − 2 and k_p at order iterations − 1', () => {
    // M = [[1, 1, 0], [1, 0, 1], [1, 0, 0]]: d = (2, 2, 1), u = (3, 1, 1).
    const m = matrix(3, 3, Uint8Array.of(1, 1, 0, 1, 0, 1, 1, 0, 0));
    const r = methodOfReflections(m, { iterations: 3 });
    // k_c,1 = mean ubiquity of the products: (3 + 1)/2, (3 + 1)/2, 3.
    expect([...r.locationOrder]).toEqual([2, 2, 3]);
    // k_p,1 = mean diversity of the makers: 5/3, 2, 2; k_p,2 = mean of k_c,1 over the makers: 7/3, 2, 2.
    expect([...r.productOrder]).toEqual([expect.closeTo(7 / 3, 14), 2, 2]);
    // Standardized with R's sample standard deviation: mean 2.2̅, sd = √(1/3)… for (7/3, 2, 2).
    const mean = (7 / 3 + 4) / 3;
    const sd = Math.sqrt(((7 / 3 - mean) ** 2 + 2 * (2 - mean) ** 2) / 2);
    expect(r.pci[0]).toBeCloseTo((7 / 3 - mean) / sd, 14);
  });
});
