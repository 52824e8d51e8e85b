/**
 * Proximity, density, complexity outlook and the eigen machinery, on
 * (a) a 3 × 4 presence matrix worked by hand, and
 * (b) random matrices against naive transcriptions of py-ecomplexity's formulas (dense loops, no
 *     shortcuts), which is what the optimized code (sparse lists, unrolled sums, fused passes) must equal.
 */
import { describe, expect, it } from 'vitest';
import { economicComplexity } from './complexity.ts';
import { density, distance, relatednessDensity, weightedDensity } from './density.ts';
import { type Matrix, matrix, type PresenceMatrix } from './matrix.ts';
import { complexityOutlookGain, complexityOutlookIndex, densityAndOutlook } from './opportunity.ts';
import { presenceLists } from './presence-lists.ts';
import { continuousProximity, coOccurrence, productProximity } from './proximity.ts';
import { leadingEigenpair, symmetricEigen } from './symmetric-eigen.ts';

// Locations × products:   p0 p1 p2 p3
const hand = matrix(3, 4, Uint8Array.of(1, 1, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1));
// Ubiquity 3, 2, 1, 1; co-occurrences C01 = 2, C02 = 1, C03 = 1, C12 = 1, C13 = C23 = 0.

function expectMatrix(actual: Matrix, expected: number[], digits = 14) {
  expect(actual.data.length).toBe(expected.length);
  for (const [k, v] of expected.entries()) expect(actual.data[k]).toBeCloseTo(v, digits);
}

describe('proximity (Hidalgo et al. 2007)', () => {
  it('co-occurrence counts', () => {
    expect([...coOccurrence(hand).data]).toEqual([3, 2, 1, 1, 2, 2, 1, 0, 1, 1, 1, 0, 1, 0, 0, 1]);
  });

  it('symmetric: C_pq / max(u_p, u_q), diagonal 1', () => {
    expectMatrix(productProximity(hand), [
      1,
      2 / 3,
      1 / 3,
      1 / 3,
      2 / 3,
      1,
      1 / 2,
      0,
      1 / 3,
      1 / 2,
      1,
      0,
      1 / 3,
      0,
      0,
      1,
    ]);
  });

  it('asymmetric: row p is P(q | p) = C_pq / u_p', () => {
    expectMatrix(productProximity(hand, { asymmetric: true }), [
      1,
      2 / 3,
      1 / 3,
      1 / 3,
      1,
      1,
      1 / 2,
      0,
      1,
      1,
      1,
      0,
      1,
      0,
      0,
      1,
    ]);
  });

  it('a product no location has is close to nothing but itself (not NaN)', () => {
    const m = matrix(2, 2, Uint8Array.of(1, 0, 1, 0));
    expect([...productProximity(m).data]).toEqual([1, 0, 0, 1]);
    expect([...productProximity(m, { asymmetric: true }).data]).toEqual([1, 0, 0, 1]);
  });

  it('continuous: (1 + Pearson correlation of RCA columns) / 2; a constant column counts as uncorrelated', () => {
    const rca = matrix(3, 3, Float64Array.of(1, 3, 5, 2, 2, 5, 3, 1, 5));
    expectMatrix(continuousProximity(rca), [1, 0, 0.5, 0, 1, 0.5, 0.5, 0.5, 1]);
  });
});

describe('density and distance', () => {
  it('location 1 (has p0, p1): density of p2 = (1/3 + 1/2) / (1/3 + 1/2 + 1) = 5/11', () => {
    const d = density(hand, productProximity(hand));
    expect(d.data[1 * 4 + 2]).toBeCloseTo(5 / 11, 15);
    expect(d.data[1 * 4 + 3]).toBeCloseTo(1 / 4, 15);
    expect(d.data[1 * 4 + 0]).toBeCloseTo(5 / 7, 15);
    expect(distance(d).data[1 * 4 + 2]).toBeCloseTo(6 / 11, 15);
  });

  it('relatedness density is EconGeo’s 0–100 scale of the same share', () => {
    const rd = relatednessDensity(hand, productProximity(hand));
    expect(rd.data[1 * 4 + 2]).toBeCloseTo(500 / 11, 12);
  });
});

// A seeded generator, so the random cases are the same on every run.
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function randomPresence(rows: number, cols: number, share: number, seed: number): PresenceMatrix {
  const random = generator(seed);
  const data = new Uint8Array(rows * cols);
  for (let k = 0; k < data.length; k++) data[k] = random() < share ? 1 : 0;
  // Every location and product present at least once, as ecomplexity() guarantees.
  for (let c = 0; c < rows; c++) data[c * cols + (c % cols)] = 1;
  for (let p = 0; p < cols; p++) data[(p % rows) * cols + p] = 1;
  return matrix(rows, cols, data);
}

/** py-ecomplexity, literally: phi = (M'M) / ubiquity[newaxis, :]; min(phi, phi') or phi'. */
function naiveProximity(m: PresenceMatrix, asymmetric: boolean): Float64Array {
  const { rows, cols, data } = m;
  const u = new Float64Array(cols);
  for (let c = 0; c < rows; c++) for (let p = 0; p < cols; p++) u[p]! += data[c * cols + p]!;
  const phi = new Float64Array(cols * cols);
  for (let p = 0; p < cols; p++) {
    for (let q = 0; q < cols; q++) {
      let co = 0;
      for (let c = 0; c < rows; c++) co += data[c * cols + p]! * data[c * cols + q]!;
      phi[p * cols + q] = co / u[q]!;
    }
  }
  const out = new Float64Array(cols * cols);
  for (let p = 0; p < cols; p++) {
    for (let q = 0; q < cols; q++) {
      out[p * cols + q] = asymmetric ? phi[q * cols + p]! : Math.min(phi[p * cols + q]!, phi[q * cols + p]!);
    }
  }
  return out;
}

/** calc_density: mcp @ (prox.T / prox.sum(axis=1)[newaxis, :]). */
function naiveDensity(weights: ArrayLike<number>, rows: number, prox: Float64Array, n: number): Float64Array {
  const den = new Float64Array(n);
  for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) den[p]! += prox[p * n + q]!;
  const out = new Float64Array(rows * n);
  for (let c = 0; c < rows; c++) {
    for (let p = 0; p < n; p++) {
      let s = 0;
      for (let q = 0; q < n; q++) s += weights[c * n + q]! * (prox[p * n + q]! / den[p]!);
      out[c * n + p] = s;
    }
  }
  return out;
}

/** coicog.py: coi = ((density * (1 - M)) * pci).sum(1); cog = (1-M) * ((1-M) @ (prox * (pci / prox.sum(1))[:, None])). */
function naiveOutlook(m: PresenceMatrix, dens: Float64Array, prox: Float64Array, pci: Float64Array) {
  const { rows, cols: n, data } = m;
  const rowSum = new Float64Array(n);
  for (let q = 0; q < n; q++) for (let r = 0; r < n; r++) rowSum[q]! += prox[q * n + r]!;
  const coi = new Float64Array(rows);
  const cog = new Float64Array(rows * n);
  for (let c = 0; c < rows; c++) {
    for (let p = 0; p < n; p++) {
      coi[c]! += dens[c * n + p]! * (1 - data[c * n + p]!) * pci[p]!;
      let s = 0;
      for (let q = 0; q < n; q++) s += (1 - data[c * n + q]!) * prox[q * n + p]! * (pci[q]! / rowSum[q]!);
      cog[c * n + p] = (1 - data[c * n + p]!) * s;
    }
  }
  return { coi, cog };
}

function expectArrayClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-12) {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let k = 0; k < expected.length; k++) {
    worst = Math.max(worst, Math.abs(actual[k]! - expected[k]!) / Math.max(1, Math.abs(expected[k]!)));
  }
  expect(worst).toBeLessThanOrEqual(tolerance);
}

describe('optimized kernels equal the naive formulas', () => {
  // 37 locations × 29 products: lists of every length modulo 8 exercise the unrolled loop's remainder.
  const m = randomPresence(37, 29, 0.3, 7);
  const lists = presenceLists(m);
  const pci = Float64Array.from({ length: 29 }, (_, p) => Math.sin(p) * 2);

  for (const asymmetric of [false, true]) {
    it(`proximity, density, COI and COG (${asymmetric ? 'asymmetric' : 'symmetric'})`, () => {
      const prox = productProximity(lists, { asymmetric });
      const expectedProx = naiveProximity(m, asymmetric);
      // Division is exact to the last bit either way, so the proximities are identical.
      expect([...prox.data]).toEqual([...expectedProx]);
      const expectedDensity = naiveDensity(m.data, 37, prox.data, 29);
      expectArrayClose(density(lists, prox).data, expectedDensity);
      const both = densityAndOutlook(m, prox, pci);
      expectArrayClose(both.density.data, expectedDensity);
      const { coi, cog } = naiveOutlook(m, expectedDensity, prox.data, pci);
      expectArrayClose(both.cog.data, cog);
      expectArrayClose(both.coi, coi);
      const scaled = densityAndOutlook(m, prox, pci, { cogDivisor: 4 });
      expectArrayClose(
        scaled.cog.data,
        Float64Array.from(cog, (v) => v / 4),
      );
      expectArrayClose(complexityOutlookGain(lists, prox, pci).data, cog);
      expectArrayClose(complexityOutlookIndex(lists, both.density, pci), coi);
    });
  }

  it('weighted (continuous) density', () => {
    const random = generator(3);
    const weights = matrix(
      5,
      6,
      Float64Array.from({ length: 30 }, () => (random() < 0.4 ? 0 : random() * 3)),
    );
    const prox = continuousProximity(weights);
    expectArrayClose(weightedDensity(weights, prox).data, naiveDensity(weights.data, 5, prox.data, 6));
  });
});

describe('ECI and PCI (eigenvector of the second-largest eigenvalue)', () => {
  const m = randomPresence(41, 67, 0.25, 11);
  const { rows, cols, data } = m;
  const result = economicComplexity(m);
  const d = new Float64Array(rows);
  const u = new Float64Array(cols);
  for (let c = 0; c < rows; c++) {
    for (let p = 0; p < cols; p++) {
      d[c]! += data[c * cols + p]!;
      u[p]! += data[c * cols + p]!;
    }
  }

  it('kp is an eigenvector of M̃_pp = Σ_c M_cp M_cp′ / (d_c u_p) for its second-largest eigenvalue', () => {
    const kp = result.productRaw;
    const mpp = new Float64Array(cols * cols);
    for (let p = 0; p < cols; p++) {
      for (let q = 0; q < cols; q++) {
        let s = 0;
        for (let c = 0; c < rows; c++) s += (data[c * cols + p]! * data[c * cols + q]!) / d[c]!;
        mpp[p * cols + q] = s / u[p]!;
      }
    }
    const norm = Math.hypot(...kp);
    for (let p = 0; p < cols; p++) {
      let s = 0;
      for (let q = 0; q < cols; q++) s += mpp[p * cols + q]! * kp[q]!;
      expect(Math.abs(s - result.eigenvalue * kp[p]!) / norm).toBeLessThan(1e-10);
    }
    // All eigenvalues of the symmetric form D_u^½ M̃_pp D_u^-½, by dense Jacobi (an independent method).
    const sym = new Float64Array(cols * cols);
    for (let p = 0; p < cols; p++) {
      for (let q = 0; q < cols; q++) sym[p * cols + q] = mpp[p * cols + q]! * Math.sqrt(u[p]! / u[q]!);
    }
    const values = [...symmetricEigen(sym, cols).values].sort((a, b) => b - a);
    expect(values[0]).toBeCloseTo(1, 10);
    expect(result.eigenvalue).toBeCloseTo(values[1]!, 10);
  });

  it('ECI correlates positively with diversity, and is the mean PCI of the location’s products', () => {
    let cov = 0;
    const meanD = d.reduce((a, b) => a + b, 0) / rows;
    for (let c = 0; c < rows; c++) cov += (d[c]! - meanD) * result.eci[c]!;
    expect(cov).toBeGreaterThan(0);
    for (let c = 0; c < rows; c++) {
      let s = 0;
      for (let p = 0; p < cols; p++) s += data[c * cols + p]! * result.pci[p]!;
      expect(s / d[c]!).toBeCloseTo(result.eci[c]!, 10);
    }
    const mean = result.eci.reduce((a, b) => a + b, 0) / rows;
    const sd = Math.sqrt(result.eci.reduce((a, b) => a + (b - mean) ** 2, 0) / rows);
    expect(mean).toBeCloseTo(0, 12);
    expect(sd).toBeCloseTo(1, 12);
  });

  it('refuses what has no ECI: one location, all locations alike, an empty row', () => {
    expect(() => economicComplexity(matrix(1, 3, Uint8Array.of(1, 1, 0)))).toThrow(/at least two locations/);
    expect(() => economicComplexity(matrix(2, 2, Uint8Array.of(1, 1, 1, 1)))).toThrow(/same products/);
    expect(() => economicComplexity(matrix(2, 2, Uint8Array.of(1, 1, 0, 0)))).toThrow(/location 1 has none/);
  });
});

describe('eigen solvers', () => {
  it('Jacobi finds the eigenvalues of a symmetric matrix', () => {
    // [[2, 1], [1, 2]] has eigenvalues 3 and 1.
    const { values } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    expect([...values].sort()).toEqual([expect.closeTo(1, 14), expect.closeTo(3, 14)]);
  });

  it('Lanczos finds the largest eigenpair outside a deflated vector', () => {
    const diagonal = Float64Array.of(5, 4, 3, 2, 1);
    const apply = (x: Float64Array, out: Float64Array) => {
      for (let i = 0; i < 5; i++) out[i] = diagonal[i]! * x[i]!;
    };
    const e1 = Float64Array.of(1, 0, 0, 0, 0);
    const { value, vector } = leadingEigenpair(apply, 5, { deflate: [e1] });
    expect(value).toBeCloseTo(4, 12);
    expect(Math.abs(vector[1]!)).toBeCloseTo(1, 12);
  });
});
