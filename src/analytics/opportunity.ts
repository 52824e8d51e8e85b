/**
 * Complexity outlook: how much complexity lies close to what a location already does (COI), and how
 * much moving into one more product would bring it nearer to other complex products (COG). Hausmann,
 * Hidalgo et al. (2014), The Atlas of Economic Complexity, technical box; formulas and unstandardized
 * values exactly as py-ecomplexity's `coicog.py` (itself a translation of the Growth Lab's Stata code).
 */
import { isSymmetric, proximityRowSums, transpose } from './density.ts';
import { AnalyticsInputError } from './input-error.ts';
import { type Matrix, matrix, type PresenceMatrix } from './matrix.ts';
import { type PresenceLists, presenceLists, rowSums, sumSelectedRows } from './presence-lists.ts';
import type { RowSumKernel } from './wasm-kernels.ts';

function toLists(m: PresenceMatrix | PresenceLists): PresenceLists {
  return 'items' in m ? m : presenceLists(m);
}

/**
 * COI_c = Σ_p ω_cp (1 − M_cp) PCI_p with ω the density. Unstandardized: py-ecomplexity computes it with
 * the unstandardized PCI and then z-scores it (`ecomplexity()` does the same), which makes the result
 * independent of the PCI's scale.
 */
export function complexityOutlookIndex(
  m: PresenceMatrix | PresenceLists,
  densityMatrix: Matrix,
  pci: ArrayLike<number>,
): Float64Array {
  const lists = toLists(m);
  const { rows, cols } = lists;
  checkShape(densityMatrix, rows, cols, pci.length);
  const out = new Float64Array(rows);
  const d = densityMatrix.data;
  const { start, items } = lists;
  for (let c = 0; c < rows; c++) {
    // All products, then take back the ones c has: the lists are short, the rows are not.
    let sum = 0;
    const offset = c * cols;
    for (let p = 0; p < cols; p++) sum += d[offset + p]! * pci[p]!;
    for (let k = start[c]!; k < start[c + 1]!; k++) sum -= d[offset + items[k]!]! * pci[items[k]!]!;
    out[c] = sum;
  }
  return out;
}

/**
 * COG_cp = (1 − M_cp) Σ_q (1 − M_cq) φ_qp PCI_q / Σ_r φ_qr: the complexity of the products q the location
 * lacks, weighted by how much p would raise their density. Written as (1 − M_cp)(T_p − Σ_{q: M_cq = 1} W_qp)
 * with W_qp = φ_qp PCI_q / Σ_r φ_qr and T its column sums, so the work is over the products a location
 * has (the sparse side) rather than those it lacks. Unstandardized; `ecomplexity()` divides it by the
 * standard deviation of the raw ECI, as py-ecomplexity does.
 */
export function complexityOutlookGain(
  m: PresenceMatrix | PresenceLists,
  proximity: Matrix,
  pci: ArrayLike<number>,
): Matrix {
  const lists = toLists(m);
  const n = proximity.rows;
  checkShape(proximity, n, lists.cols, pci.length);
  const weights = outlookWeights(proximityRowSums(proximity), pci);
  const { weighted } = sumSelectedRows(lists, proximity.data, n, weights);
  return matrix(lists.rows, n, finishOutlookGain(lists, proximity, weights, weighted!));
}

export interface OutlookOptions {
  /** Whether φ = φᵀ; checked when not given. A symmetric φ lets density and COG share one pass. */
  readonly symmetric?: boolean;
  /** COG is divided by this (ecomplexity() passes the raw ECI's standard deviation); default 1. */
  readonly cogDivisor?: number;
  /**
   * The row-sum kernel already holding this proximity (proximityAndRowSums), so that it is not copied
   * into the WebAssembly memory again; it must come with the same `proximity`, unmodified.
   */
  readonly kernel?: RowSumKernel;
}

/**
 * Density, COI and COG together, the costliest step of the suite. With a symmetric proximity, density and
 * COG are sums of the same proximity rows over a location's products, so one pass produces both and the
 * rows are read once; the finishing (normalizing density, COG's complement, COI's sum) is one more pass.
 * An asymmetric proximity takes two passes over the rows. COI is unstandardized, as in
 * `complexityOutlookIndex`.
 */
export function densityAndOutlook(
  m: PresenceMatrix | PresenceLists,
  proximity: Matrix,
  pci: ArrayLike<number>,
  options: OutlookOptions = {},
): { density: Matrix; cog: Matrix; coi: Float64Array } {
  const lists = toLists(m);
  const n = proximity.rows;
  checkShape(proximity, n, lists.cols, pci.length);
  const kernel = rowSums(proximity.data, n, options.kernel);
  const cogScale = 1 / (options.cogDivisor ?? 1);
  const pciValues = Float64Array.from(pci);
  let sums: Float64Array;
  let weighted: Float64Array;
  let coi: Float64Array;
  if (options.symmetric ?? isSymmetric(proximity)) {
    // φ = φᵀ: its row sums are its column sums, which the kernel adds up in the same order as the rest.
    // Density's and COG's sums then come from the same rows in one pass, and are finished (normalized,
    // complemented, COI summed) while each location's rows are still in cache.
    const denominators = kernel.total().sums;
    const weights = outlookWeights(denominators, pciValues);
    const finish = {
      inverseRowSums: inverses(denominators),
      columnTotals: kernel.total(weights).weighted!,
      pci: pciValues,
      scale: cogScale,
    };
    const both = kernel.selected(lists, weights, finish);
    sums = both.sums;
    weighted = both.weighted!;
    coi = both.outlook!;
  } else {
    // Two passes: density reads the columns of φ (rows of its transpose), COG its rows.
    const denominators = proximityRowSums(proximity);
    const weights = outlookWeights(denominators, pciValues);
    const inverseRowSums = inverses(denominators);
    const columnTotals = kernel.total(weights).weighted!;
    weighted = kernel.selected(lists, weights).weighted!;
    sums = sumSelectedRows(lists, transpose(proximity).data, n).sums;
    coi = new Float64Array(lists.rows);
    for (let c = 0; c < lists.rows; c++) {
      const offset = c * n;
      let outlook = 0;
      for (let p = 0; p < n; p++) {
        const k = offset + p;
        const d = sums[k]! * inverseRowSums[p]!;
        sums[k] = d;
        outlook += d * pciValues[p]!;
        weighted[k] = (columnTotals[p]! - weighted[k]!) * cogScale;
      }
      coi[c] = outlook;
    }
  }
  // Products the location has: no COI contribution, no COG.
  const { start, items } = lists;
  for (let c = 0; c < lists.rows; c++) {
    const offset = c * n;
    let outlook = coi[c]!;
    for (let j = start[c]!; j < start[c + 1]!; j++) {
      const k = offset + items[j]!;
      outlook -= sums[k]! * pciValues[items[j]!]!;
      weighted[k] = 0;
    }
    coi[c] = outlook;
  }
  return { density: matrix(lists.rows, n, sums), cog: matrix(lists.rows, n, weighted), coi };
}

/** 1 / x, or 0 where x is 0 (a product close to nothing has density 0). */
function inverses(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let p = 0; p < out.length; p++) out[p] = values[p]! > 0 ? 1 / values[p]! : 0;
  return out;
}

/** PCI_q / Σ_r φ_qr (0 for a product close to nothing). */
function outlookWeights(rowSums: Float64Array, pci: ArrayLike<number>): Float64Array {
  const weights = new Float64Array(rowSums.length);
  for (let q = 0; q < weights.length; q++) weights[q] = rowSums[q]! > 0 ? pci[q]! / rowSums[q]! : 0;
  return weights;
}

/** From Σ_{q present} W_qp to COG, in place: (1 − M_cp)(T_p − that sum). */
function finishOutlookGain(
  lists: PresenceLists,
  proximity: Matrix,
  weights: Float64Array,
  presentSums: Float64Array,
): Float64Array {
  const n = proximity.rows;
  const columnTotals = outlookColumnTotals(proximity, weights);
  const { start, items } = lists;
  for (let c = 0; c < lists.rows; c++) {
    const offset = c * n;
    for (let p = 0; p < n; p++) presentSums[offset + p] = columnTotals[p]! - presentSums[offset + p]!;
    for (let k = start[c]!; k < start[c + 1]!; k++) presentSums[offset + items[k]!] = 0;
  }
  return presentSums;
}

/** T_p = Σ_q W_qp, accumulated row by row so that φ is read in order. */
function outlookColumnTotals(proximity: Matrix, weights: Float64Array): Float64Array {
  const n = proximity.rows;
  const phi = proximity.data;
  const totals = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    const w = weights[q]!;
    if (w === 0) continue;
    const row = q * n;
    for (let p = 0; p < n; p++) totals[p]! += phi[row + p]! * w;
  }
  return totals;
}

function checkShape(m: Matrix, rows: number, cols: number, pciLength: number): void {
  if (m.rows !== rows || m.cols !== cols || pciLength !== cols) {
    throw new AnalyticsInputError(
      'shape-mismatch',
      `expected a ${rows} × ${cols} matrix and ${cols} PCI values, got ${m.rows} × ${m.cols} and ${pciLength}`,
    );
  }
}
