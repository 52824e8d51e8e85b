/**
 * The WebAssembly kernels give exactly what the scalar loops give (bit for bit, on random inputs of
 * awkward shapes), and they are in use on this engine — so the fast path cannot be lost silently.
 */
import { describe, expect, it } from 'vitest';
import { densityAndOutlook } from './opportunity.ts';
import { type PresenceLists, presenceLists, sumSelectedRowsScalar } from './presence-lists.ts';
import { coOccurrenceRowsScalar, productProximity, proximityAndRowSums } from './proximity.ts';
import { symmetricEigen, tridiagonalEigen } from './symmetric-eigen.ts';
import { wasmCoOccurrenceRows, wasmKernelsAvailable, wasmProximity, wasmRowSums } from './wasm-kernels.ts';

function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomLists(rows: number, cols: number, share: number, seed: number): PresenceLists {
  const random = generator(seed);
  const data = new Uint8Array(rows * cols);
  for (let k = 0; k < data.length; k++) data[k] = random() < share ? 1 : 0;
  return presenceLists({ rows, cols, data });
}

function randomValues(length: number, seed: number): Float64Array {
  const random = generator(seed);
  return Float64Array.from({ length }, () => random() * 2 - 0.5);
}

/** Index of the first element that differs bit for bit (NaN-safe), or −1. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return -2;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return k;
  return -1;
}

describe('WebAssembly kernels', () => {
  it('run on this engine (Node ≥ 16.4 has WebAssembly SIMD)', () => {
    expect(wasmKernelsAvailable()).toBe(true);
  });

  // Odd and even widths (the SIMD rows are padded to pairs), lists of every length modulo 8.
  for (const [rows, width, share] of [
    [23, 29, 0.4],
    [17, 30, 0.6],
    [9, 1, 0.7],
    [40, 64, 0.9],
  ] as const) {
    it(`row sums equal the scalar loop bit for bit (${rows} × ${width})`, () => {
      const lists = randomLists(rows, width, share, rows * width);
      const source = randomValues(width * width, 5);
      const weights = randomValues(width, 6);
      const kernel = wasmRowSums(source, width)!;
      const plain = kernel.selected(lists)!;
      expect(firstDifference(plain.sums, sumSelectedRowsScalar(lists, source, width).sums)).toBe(-1);
      const both = kernel.selected(lists, weights)!;
      const scalar = sumSelectedRowsScalar(lists, source, width, weights);
      expect(firstDifference(both.sums, scalar.sums)).toBe(-1);
      expect(firstDifference(both.weighted!, scalar.weighted!)).toBe(-1);
      const finish = {
        inverseRowSums: randomValues(width, 7),
        columnTotals: randomValues(width, 8),
        pci: randomValues(width, 9),
        scale: 0.37,
      };
      const finished = kernel.selected(lists, weights, finish)!;
      const finishedScalar = sumSelectedRowsScalar(lists, source, width, weights, finish);
      expect(firstDifference(finished.sums, finishedScalar.sums)).toBe(-1);
      expect(firstDifference(finished.weighted!, finishedScalar.weighted!)).toBe(-1);
      expect(firstDifference(finished.outlook!, finishedScalar.outlook!)).toBe(-1);
      const all = {
        rows: 1,
        start: Int32Array.of(0, width),
        items: Int32Array.from({ length: width }, (_, q) => q),
      };
      expect(
        firstDifference(
          kernel.total(weights)!.weighted!,
          sumSelectedRowsScalar(all, source, width, weights).weighted!,
        ),
      ).toBe(-1);
    });
  }

  it('keeps each source apart when several kernels share the memory', () => {
    const lists = randomLists(31, 21, 0.5, 1);
    const first = randomValues(21 * 21, 2);
    const second = randomValues(21 * 21, 3);
    const a = wasmRowSums(first, 21)!;
    const b = wasmRowSums(second, 21)!;
    const fromA = a.selected(lists)!.sums;
    b.selected(lists)!;
    wasmProximity(lists, new Float64Array(21).fill(1), false);
    expect(firstDifference(a.selected(lists)!.sums, fromA)).toBe(-1);
    expect(firstDifference(fromA, sumSelectedRowsScalar(lists, first, 21).sums)).toBe(-1);
  });

  // 300 locations: 6 words a product, an unrolled function; 700: 12 words, the looping one.
  it.each([300, 700])(
    'co-occurrence by population count equals counting over the lists (%i locations)',
    (locations) => {
      const lists = randomLists(locations, 37, 0.3, 4);
      const expected: number[][] = [];
      coOccurrenceRowsScalar(lists, (p, row) => {
        expected.push([...row.subarray(p)]);
      });
      const counted: number[][] = [];
      expect(wasmCoOccurrenceRows(lists, (p, row) => counted.push([...row.subarray(p)]))).toBe(true);
      expect(counted).toEqual(expected);
    },
  );

  // An odd product count pads the kernel's rows, an even one does not; 200 locations take an unrolled
  // pair-count function, 600 the looping one.
  it.each([
    [200, 23],
    [200, 24],
    [600, 23],
  ])(
    'proximity from population counts equals the divisions of the scalar loop, bit for bit (%i × %i)',
    (rows, cols) => {
      // Product 5 no location has (0 to the others, 1 to itself).
      const random = generator(12);
      const data = new Uint8Array(rows * cols);
      for (let k = 0; k < data.length; k++) data[k] = k % cols !== 5 && random() < 0.35 ? 1 : 0;
      const lists = presenceLists({ rows, cols, data });
      const ubiquity = new Float64Array(cols);
      for (const q of lists.items) ubiquity[q]!++;
      for (const asymmetric of [false, true]) {
        const expected = new Float64Array(cols * cols);
        coOccurrenceRowsScalar(lists, (p, counts) => {
          expected[p * cols + p] = 1;
          for (let q = p + 1; q < cols; q++) {
            const up = ubiquity[p]!;
            const uq = ubiquity[q]!;
            if (asymmetric) {
              expected[p * cols + q] = up > 0 ? counts[q]! / up : 0;
              expected[q * cols + p] = uq > 0 ? counts[q]! / uq : 0;
            } else {
              const larger = Math.max(up, uq);
              expected[p * cols + q] = larger > 0 ? counts[q]! / larger : 0;
              expected[q * cols + p] = expected[p * cols + q]!;
            }
          }
        });
        expect(firstDifference(wasmProximity(lists, ubiquity, asymmetric)!, expected)).toBe(-1);
        expect(firstDifference(productProximity(lists, { asymmetric }).data, expected)).toBe(-1);
      }
    },
  );
});

describe('proximity handed to density and outlook in the kernel memory', () => {
  it('gives the same density, COG and COI as copying the proximity in, bit for bit', () => {
    const lists = randomLists(150, 41, 0.3, 9);
    const pci = Float64Array.from({ length: 41 }, (_, p) => Math.sin(p + 1));
    const { proximity, rowSums } = proximityAndRowSums(lists);
    expect(rowSums?.source).toBe(proximity.data);
    const handed = densityAndOutlook(lists, proximity, pci, { symmetric: true, kernel: rowSums });
    const copied = densityAndOutlook(lists, productProximity(lists), pci, { symmetric: true });
    expect(firstDifference(handed.density.data, copied.density.data)).toBe(-1);
    expect(firstDifference(handed.cog.data, copied.cog.data)).toBe(-1);
    expect(firstDifference(handed.coi, copied.coi)).toBe(-1);
  });

  it('ignores a kernel that holds another matrix, and copies again when another kernel ran in between', () => {
    const lists = randomLists(120, 30, 0.3, 10);
    const other = randomLists(120, 30, 0.5, 11);
    const pci = Float64Array.from({ length: 30 }, (_, p) => Math.cos(p));
    const expected = densityAndOutlook(lists, productProximity(lists), pci, { symmetric: true });
    const { proximity, rowSums } = proximityAndRowSums(lists);
    // A kernel on other's proximity, passed with this one: not used.
    const foreign = proximityAndRowSums(other).rowSums;
    const withForeign = densityAndOutlook(lists, proximity, pci, { symmetric: true, kernel: foreign });
    expect(firstDifference(withForeign.density.data, expected.density.data)).toBe(-1);
    // The right kernel after other kernels used the memory: it copies the proximity back in.
    proximityAndRowSums(other);
    const afterOthers = densityAndOutlook(lists, proximity, pci, { symmetric: true, kernel: rowSums });
    expect(firstDifference(afterOthers.density.data, expected.density.data)).toBe(-1);
    expect(firstDifference(afterOthers.cog.data, expected.cog.data)).toBe(-1);
  });
});

describe('tridiagonal eigen-decomposition (implicit QL)', () => {
  it('agrees with Jacobi on the same matrix, and its vectors are eigenvectors', () => {
    for (const size of [1, 2, 5, 20, 40]) {
      const diagonal = randomValues(size, size);
      const off = randomValues(size, size + 100);
      if (size === 20) off[7] = 0; // a matrix that splits into two blocks
      const { values, vectors } = tridiagonalEigen(diagonal, off, size);
      const dense = new Float64Array(size * size);
      for (let i = 0; i < size; i++) {
        dense[i * size + i] = diagonal[i]!;
        if (i + 1 < size) {
          dense[i * size + i + 1] = off[i]!;
          dense[(i + 1) * size + i] = off[i]!;
        }
      }
      const jacobi = symmetricEigen(Float64Array.from(dense), size).values;
      const sorted = (v: Float64Array) => [...v].sort((a, b) => a - b);
      const expected = sorted(jacobi);
      sorted(values).forEach((v, i) => {
        expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-12);
      });
      for (let j = 0; j < size; j++) {
        let norm = 0;
        for (let i = 0; i < size; i++) {
          let av = 0;
          for (let k = 0; k < size; k++) av += dense[i * size + k]! * vectors[k * size + j]!;
          expect(Math.abs(av - values[j]! * vectors[i * size + j]!)).toBeLessThan(1e-12);
          norm += vectors[i * size + j]! ** 2;
        }
        expect(Math.abs(norm - 1)).toBeLessThan(1e-12);
      }
    }
  });
});
