/**
 * How close a location already is to a product: the share of the product's neighbourhood in the product
 * space that the location has. The measure behind "which industries could this city move into next".
 */
import { type Matrix, matrix, type PresenceMatrix } from './matrix.ts';
import { type PresenceLists, presenceLists, sumSelectedRows } from './presence-lists.ts';

function toLists(m: PresenceMatrix | PresenceLists): PresenceLists {
  return 'items' in m ? m : presenceLists(m);
}

/** true when φ = φᵀ exactly, which lets density read proximity rows as they are. */
export function isSymmetric(m: Matrix): boolean {
  const { rows: n, data } = m;
  if (m.cols !== n) return false;
  for (let p = 0; p < n; p++) {
    for (let q = p + 1; q < n; q++) if (data[p * n + q] !== data[q * n + p]) return false;
  }
  return true;
}

export function transpose(m: Matrix): Matrix {
  const { rows, cols, data } = m;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j]!;
  }
  return matrix(cols, rows, out);
}

/** Row sums of φ, the denominator of density; a product close to nothing gets 0 and then density 0. */
export function proximityRowSums(proximity: Matrix): Float64Array {
  const { rows, cols, data } = proximity;
  const out = new Float64Array(rows);
  for (let p = 0; p < rows; p++) {
    let sum = 0;
    for (let q = p * cols, end = q + cols; q < end; q++) sum += data[q]!;
    out[p] = sum;
  }
  return out;
}

/** Divides column p of a locations × products matrix by rowSums[p] (0 where the sum is 0). */
export function divideColumns(values: Float64Array, rows: number, sums: Float64Array): void {
  const cols = sums.length;
  const inverse = new Float64Array(cols);
  for (let p = 0; p < cols; p++) inverse[p] = sums[p]! > 0 ? 1 / sums[p]! : 0;
  for (let c = 0; c < rows; c++) {
    const offset = c * cols;
    for (let p = 0; p < cols; p++) values[offset + p]! *= inverse[p]!;
  }
}

/**
 * Density (Hidalgo et al. 2007), exactly as py-ecomplexity's `calc_density`:
 * ω_cp = Σ_q M_cq φ_pq / Σ_q φ_pq — the proximity-weighted share of p's neighbours that c has, in [0, 1].
 * The work is Σ_c diversity_c × products (see `sumSelectedRows`); an asymmetric φ is transposed once so
 * the inner loop still reads contiguous rows.
 */
export function density(m: PresenceMatrix | PresenceLists, proximity: Matrix): Matrix {
  const lists = toLists(m);
  const n = proximity.rows;
  const source = isSymmetric(proximity) ? proximity : transpose(proximity);
  const { sums } = sumSelectedRows(lists, source.data, n);
  divideColumns(sums, lists.rows, proximityRowSums(proximity));
  return matrix(lists.rows, n, sums);
}

/**
 * Density weighted by a continuous advantage instead of 0/1 presence — py-ecomplexity's
 * `calc_density(rca_or_mcp=rca)` when proximity is continuous: ω_cp = Σ_q RCA_cq φ_pq / Σ_q φ_pq.
 * Not bounded by 1.
 */
export function weightedDensity(weights: Matrix, proximity: Matrix): Matrix {
  const { rows, cols, data } = weights;
  const source = isSymmetric(proximity) ? proximity : transpose(proximity);
  const phi = source.data;
  const out = new Float64Array(rows * cols);
  const acc = new Float64Array(cols);
  for (let c = 0; c < rows; c++) {
    acc.fill(0);
    const offset = c * cols;
    for (let q = 0; q < cols; q++) {
      const w = data[offset + q]!;
      if (w === 0) continue;
      const row = q * cols;
      for (let p = 0; p < cols; p++) acc[p]! += w * phi[row + p]!;
    }
    out.set(acc, offset);
  }
  divideColumns(out, rows, proximityRowSums(proximity));
  return matrix(rows, cols, out);
}

/**
 * Relatedness density on EconGeo's 0–100 scale (`relatedness_density`; Boschma, Balland & Kogler 2015):
 * RD_cp = 100 · Σ_q M_cq R_qp / Σ_q R_qp, with R any industry–industry relatedness (for instance
 * `productProximity`). EconGeo rounds to two decimals; here the value is left unrounded.
 */
export function relatednessDensity(m: PresenceMatrix | PresenceLists, relatedness: Matrix): Matrix {
  const lists = toLists(m);
  const n = relatedness.cols;
  const { sums } = sumSelectedRows(lists, relatedness.data, n);
  const colSums = new Float64Array(n);
  const r = relatedness.data;
  for (let q = 0; q < relatedness.rows; q++) {
    for (let p = 0; p < n; p++) colSums[p]! += r[q * n + p]!;
  }
  divideColumns(sums, lists.rows, colSums);
  for (let k = 0; k < sums.length; k++) sums[k]! *= 100;
  return matrix(lists.rows, n, sums);
}

/**
 * Distance (Hausmann et al. 2014, The Atlas of Economic Complexity): d_cp = Σ_q (1 − M_cq) φ_pq / Σ_q φ_pq
 * = 1 − density. How much of p's neighbourhood the location still lacks.
 */
export function distance(densityMatrix: Matrix): Matrix {
  const out = new Float64Array(densityMatrix.data.length);
  for (let k = 0; k < out.length; k++) out[k] = 1 - densityMatrix.data[k]!;
  return matrix(densityMatrix.rows, densityMatrix.cols, out);
}
