/**
 * The two-sector example of Miller & Blair (2009), Input-Output Analysis, 2nd ed., §2.3 (Table 2.3):
 * Z = [150 500; 200 100], f = (350, 1700), x = (1000, 2000). By hand:
 * A = [.15 .25; .20 .05], det(I − A) = .85 · .95 − .25 · .20 = .7575,
 * L = (1 / .7575) [.95 .25; .20 .85] ≈ [1.254 .330; .264 1.122] (the book's figures),
 * B = x̂⁻¹Z = [.15 .50; .10 .05], G = (1 / .7575) [.95 .50; .10 .85], value added v = (650, 1400).
 */
import { describe, expect, it } from 'vitest';
import { AnalyticsInputError } from './input-error.ts';
import {
  allocationCoefficients,
  forwardExtraction,
  ghoshInverse,
  hypotheticalExtraction,
  leontiefInverse,
  outputMultipliers,
  rasmussenLinkages,
  technicalCoefficients,
} from './input-output.ts';
import { matrix } from './matrix.ts';

const Z = matrix(2, 2, Float64Array.of(150, 500, 200, 100));
const x = [1000, 2000];
const f = [350, 1700];
const det = 0.85 * 0.95 - 0.25 * 0.2;
const TOLERANCE = 1e-9;

function expectClose(actual: ArrayLike<number>, expected: number[]) {
  expect(actual.length).toBe(expected.length);
  for (const [k, v] of expected.entries()) expect(Math.abs(actual[k]! - v)).toBeLessThanOrEqual(TOLERANCE);
}

describe('Miller & Blair (2009) §2.3, two sectors, to 1e-9', () => {
  const A = technicalCoefficients(Z, x);
  const L = leontiefInverse(A);
  const B = allocationCoefficients(Z, x);
  const G = ghoshInverse(B);

  it('technical coefficients and the Leontief inverse', () => {
    expectClose(A.data, [0.15, 0.25, 0.2, 0.05]);
    expectClose(L.data, [0.95 / det, 0.25 / det, 0.2 / det, 0.85 / det]);
    // L f reproduces total output.
    expectClose([L.data[0]! * f[0]! + L.data[1]! * f[1]!, L.data[2]! * f[0]! + L.data[3]! * f[1]!], x);
  });

  it('output multipliers are the column sums of L', () => {
    expectClose(outputMultipliers(L), [1.15 / det, 1.1 / det]);
  });

  it('Ghosh: allocation coefficients and inverse', () => {
    expectClose(B.data, [0.15, 0.5, 0.1, 0.05]);
    expectClose(G.data, [0.95 / det, 0.5 / det, 0.1 / det, 0.85 / det]);
  });

  it('Rasmussen linkages: n · sums / total; sector 1 is key, sector 2 weak', () => {
    const links = rasmussenLinkages(L);
    expectClose(links.backward, [(2 * 1.15) / 2.25, (2 * 1.1) / 2.25]);
    expectClose(links.forward, [(2 * 1.2) / 2.25, (2 * 1.05) / 2.25]);
    expect(links.roles).toEqual(['key', 'weak']);
    const supply = rasmussenLinkages(L, { forwardFrom: G });
    expectClose(supply.forward, [(2 * 1.45) / 2.4, (2 * 0.95) / 2.4]);
  });

  it('hypothetical extraction of sector 1', () => {
    // Complete: only sector 2 is left, x̄₂ = 1700 / .95.
    const complete = hypotheticalExtraction(A, f, 0);
    expectClose(complete.output, x);
    expectClose(complete.outputWithout, [0, 1700 / 0.95]);
    expect(Math.abs(complete.loss - (3000 - 1700 / 0.95))).toBeLessThanOrEqual(TOLERANCE);
    // Backward: sector 1 buys nothing locally; x̄₂ = 1700 / .95, x̄₁ = 350 + .25 x̄₂.
    const backward = hypotheticalExtraction(A, f, 0, { mode: 'backward' });
    expectClose(backward.outputWithout, [350 + (0.25 * 1700) / 0.95, 1700 / 0.95]);
    // Forward: sector 1 sells nothing locally; x̄₂ = 1400 / .95, x̄₁ = 650 + .1 x̄₂.
    const forward = forwardExtraction(B, [650, 1400], 0);
    expectClose(forward.output, x);
    expectClose(forward.outputWithout, [650 + (0.1 * 1400) / 0.95, 1400 / 0.95]);
    expect(forward.lossShare).toBeCloseTo(forward.loss / 3000, 15);
  });
});

describe('systems that have no answer are errors, not NaN', () => {
  it('singular I − A', () => {
    const error = (() => {
      try {
        leontiefInverse(matrix(2, 2, Float64Array.of(0.5, 0.5, 0.5, 0.5)));
      } catch (e) {
        return e as AnalyticsInputError;
      }
    })();
    expect(error).toBeInstanceOf(AnalyticsInputError);
    expect(error?.problem).toBe('singular-matrix');
  });

  it('non-productive A (coefficients above 1 in total)', () => {
    expect(() => leontiefInverse(matrix(2, 2, Float64Array.of(0.6, 0.6, 0.6, 0.6)))).toThrow(
      /not productive/,
    );
  });

  it('negative coefficients and a sector with inputs but no output', () => {
    expect(() => leontiefInverse(matrix(1, 1, Float64Array.of(-0.1)))).toThrow(AnalyticsInputError);
    expect(() => technicalCoefficients(Z, [1000, 0])).toThrow(
      /sector 1 buys inputs but its total output is 0/,
    );
    expect(() => technicalCoefficients(matrix(2, 2, Float64Array.of(1, -1, 0, 0)), x)).toThrow(/≥ 0/);
  });

  it('an inert sector (no output, no inputs) is a zero column', () => {
    const A = technicalCoefficients(matrix(2, 2, Float64Array.of(10, 0, 5, 0)), [100, 0]);
    expect([...A.data]).toEqual([0.1, 0, 0.05, 0]);
  });
});
