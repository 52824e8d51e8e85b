/**
 * Product proximity — the product space of Hidalgo, Klinger, Barabási & Hausmann (2007), "The Product
 * Space Conditions the Development of Nations", Science 317: 482–487 — and the variants py-ecomplexity
 * offers (`calc_proximity.py`): asymmetric conditional probabilities and a continuous version from the
 * correlation of RCA. Two products are close when the locations that have one tend to have the other,
 * which is the evidence that they need similar capabilities.
 */
import { AnalyticsInputError } from './input-error.ts';
import { type Matrix, matrix, type PresenceMatrix } from './matrix.ts';
import { type PresenceLists, presenceLists } from './presence-lists.ts';

export interface ProximityOptions {
  /**
   * false (default): φ_pq = min{P(q | p), P(p | q)} = C_pq / max(u_p, u_q), symmetric (Hidalgo et al. 2007).
   * true: φ_pq = P(q | p) = C_pq / u_p, row p read as "given p, how likely is q" (py-ecomplexity's
   * `asymmetric=True`, which returns the transpose of C / u_q).
   */
  readonly asymmetric?: boolean;
}

function toLists(m: PresenceMatrix | PresenceLists): PresenceLists {
  return 'items' in m ? m : presenceLists(m);
}

/**
 * C = Mᵀ M: how many locations have both p and q (the diagonal is ubiquity). Counted from each location's
 * list of products — Σ_c diversity_c² / 2 increments — instead of the dense products² × locations
 * product, because M is sparse; a location with d products adds to d(d+1)/2 cells of the upper triangle.
 */
export function coOccurrence(m: PresenceMatrix | PresenceLists): Matrix<Int32Array> {
  const lists = toLists(m);
  const n = lists.cols;
  const upper = upperCoOccurrence(lists);
  const counts = new Int32Array(n * n);
  for (let p = 0; p < n; p++) {
    for (let q = p; q < n; q++) {
      const v = upper[p * n + q]!;
      counts[p * n + q] = v;
      counts[q * n + p] = v;
    }
  }
  return matrix(n, n, counts);
}

/**
 * The upper triangle (q ≥ p) of Mᵀ M, row-major n × n. Counts fit 16 bits whenever there are fewer than
 * 65,536 locations, which halves the memory the increments touch (785² counts then fit in L2 cache).
 */
function upperCoOccurrence(lists: PresenceLists): Uint16Array | Int32Array {
  const n = lists.cols;
  const { start, items } = lists;
  const counts = lists.rows < 65536 ? new Uint16Array(n * n) : new Int32Array(n * n);
  for (let c = 0; c < lists.rows; c++) {
    const end = start[c + 1]!;
    for (let i = start[c]!; i < end; i++) {
      const row = items[i]! * n;
      let j = i;
      // Four increments per pass: the addresses are independent, so they overlap in the CPU.
      for (; j + 4 <= end; j += 4) {
        const a = row + items[j]!;
        const b = row + items[j + 1]!;
        const c2 = row + items[j + 2]!;
        const d = row + items[j + 3]!;
        counts[a]!++;
        counts[b]!++;
        counts[c2]!++;
        counts[d]!++;
      }
      for (; j < end; j++) counts[row + items[j]!]!++;
    }
  }
  return counts;
}

/**
 * Discrete proximity from presence (Hidalgo et al. 2007; py-ecomplexity `calc_discrete_proximity`).
 * The diagonal is 1 (py-ecomplexity fills it with 1 since 2023). A product no location has is 0/0 in the
 * formula; here it is at proximity 0 to every other product (it co-occurs with nothing) and 1 to itself,
 * so it adds nothing to any density instead of turning them all into NaN.
 */
export function productProximity(m: PresenceMatrix | PresenceLists, options: ProximityOptions = {}): Matrix {
  const lists = toLists(m);
  const n = lists.cols;
  const c = upperCoOccurrence(lists);
  const out = new Float64Array(n * n);
  const ubiquity = new Float64Array(n);
  for (let p = 0; p < n; p++) ubiquity[p] = c[p * n + p]!;
  // Fill the upper triangle row by row, then mirror it in square tiles so that both the reads and the
  // writes of the transpose stay within cache lines.
  for (let p = 0; p < n; p++) {
    const up = ubiquity[p]!;
    const row = p * n;
    if (options.asymmetric) {
      if (up === 0) continue;
      for (let q = p + 1; q < n; q++) {
        out[row + q] = c[row + q]! / up;
        out[q * n + p] = ubiquity[q]! > 0 ? c[row + q]! / ubiquity[q]! : 0;
      }
    } else {
      for (let q = p + 1; q < n; q++) {
        const larger = Math.max(up, ubiquity[q]!);
        // min(C/u_q, C/u_p) is C / max(u_p, u_q), the same double either way: division is monotone.
        out[row + q] = larger > 0 ? c[row + q]! / larger : 0;
      }
    }
  }
  if (!options.asymmetric) mirrorUpperTriangle(out, n);
  for (let p = 0; p < n; p++) out[p * n + p] = 1;
  return matrix(n, n, out);
}

function mirrorUpperTriangle(a: Float64Array, n: number): void {
  const tile = 32;
  for (let p0 = 0; p0 < n; p0 += tile) {
    for (let q0 = p0; q0 < n; q0 += tile) {
      const pEnd = Math.min(n, p0 + tile);
      const qEnd = Math.min(n, q0 + tile);
      for (let p = p0; p < pEnd; p++) {
        for (let q = Math.max(q0, p + 1); q < qEnd; q++) a[q * n + p] = a[p * n + q]!;
      }
    }
  }
}

/**
 * Continuous proximity, py-ecomplexity `calc_continuous_proximity`: φ_pq = (1 + ρ_pq) / 2 with ρ the
 * Pearson correlation of the RCA (or RPOP) columns of p and q across locations. A column that does not
 * vary has no correlation; it is taken as ρ = 0 (φ = ½) with the others and 1 with itself, where
 * py-ecomplexity gives NaN.
 */
export function continuousProximity(advantage: Matrix): Matrix {
  const { rows, cols, data } = advantage;
  if (rows < 2) {
    throw new AnalyticsInputError(
      'shape-mismatch',
      'a correlation across locations needs at least two locations',
    );
  }
  // Standardize each column (centred, unit norm) so that the correlation is a plain dot product.
  const z = new Float64Array(rows * cols);
  for (let p = 0; p < cols; p++) {
    let mean = 0;
    for (let c = 0; c < rows; c++) mean += data[c * cols + p]!;
    mean /= rows;
    let norm = 0;
    for (let c = 0; c < rows; c++) {
      const d = data[c * cols + p]! - mean;
      z[c * cols + p] = d;
      norm += d * d;
    }
    norm = Math.sqrt(norm);
    for (let c = 0; c < rows; c++) z[c * cols + p] = norm > 0 ? z[c * cols + p]! / norm : 0;
  }
  const corr = new Float64Array(cols * cols);
  for (let c = 0; c < rows; c++) {
    const offset = c * cols;
    for (let p = 0; p < cols; p++) {
      const zp = z[offset + p]!;
      if (zp === 0) continue;
      const row = p * cols;
      for (let q = p; q < cols; q++) corr[row + q]! += zp * z[offset + q]!;
    }
  }
  const out = new Float64Array(cols * cols);
  for (let p = 0; p < cols; p++) {
    out[p * cols + p] = 1;
    for (let q = p + 1; q < cols; q++) {
      const rho = Math.max(-1, Math.min(1, corr[p * cols + q]!));
      const value = (1 + rho) / 2;
      out[p * cols + q] = value;
      out[q * cols + p] = value;
    }
  }
  return matrix(cols, cols, out);
}
