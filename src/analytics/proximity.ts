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
import {
  popcountPays,
  type RowSumKernel,
  wasmCoOccurrenceRows,
  wasmProximityAndRowSums,
} from './wasm-kernels.ts';

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
 * C = Mᵀ M: how many locations have both p and q (the diagonal is ubiquity). Counted from the presence
 * lists — Σ_c diversity_c² / 2 increments — instead of the dense products² × locations product,
 * because M is sparse; see `coOccurrenceRows` for how.
 */
export function coOccurrence(m: PresenceMatrix | PresenceLists): Matrix<Int32Array> {
  const lists = toLists(m);
  const n = lists.cols;
  const counts = new Int32Array(n * n);
  coOccurrenceRows(lists, (p, row) => {
    for (let q = p; q < n; q++) {
      counts[p * n + q] = row[q]!;
      counts[q * n + p] = row[q]!;
    }
  });
  return matrix(n, n, counts);
}

/**
 * Calls `visit(p, row)` for each product p in order, with row[q] = C_pq for q ≥ p (entries below p are
 * stale; `visit` must not keep the row). Where WebAssembly runs and the matrix is dense enough, the counts
 * are population counts of bitsets (wasm-kernels.ts, 4× faster on world trade). Otherwise row p is
 * counted from the locations that have p: each adds 1 for every product it has from p
 * onwards (its list is sorted, and where p sits in it is noted when the column lists are built). Every
 * increment then lands in one small array that stays in the CPU's L1 cache, where scattering over the
 * whole products × products matrix missed it — half the time on a 3,000 × 1,500 panel.
 */
export function coOccurrenceRows(lists: PresenceLists, visit: (p: number, row: Int32Array) => void): void {
  if (popcountPays(lists) && wasmCoOccurrenceRows(lists, visit)) return;
  coOccurrenceRowsScalar(lists, visit);
}

/** The same by counting over the lists (see `coOccurrenceRows`), without WebAssembly. */
export function coOccurrenceRowsScalar(
  lists: PresenceLists,
  visit: (p: number, row: Int32Array) => void,
): void {
  const n = lists.cols;
  const { rows, start, items } = lists;
  // Column lists: for product p, the positions k in `items` (one per location that has p).
  const columnStart = new Int32Array(n + 1);
  for (let k = 0; k < items.length; k++) columnStart[items[k]! + 1]!++;
  for (let p = 0; p < n; p++) columnStart[p + 1]! += columnStart[p]!;
  const position = new Int32Array(items.length);
  const owner = new Int32Array(items.length);
  const fill = columnStart.slice(0, n);
  for (let c = 0; c < rows; c++) {
    for (let k = start[c]!; k < start[c + 1]!; k++) {
      const slot = fill[items[k]!]!++;
      position[slot] = k;
      owner[slot] = c;
    }
  }
  const row = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    row.fill(0, p);
    for (let s = columnStart[p]!; s < columnStart[p + 1]!; s++) {
      const end = start[owner[s]! + 1]!;
      let j = position[s]!;
      for (; j + 4 <= end; j += 4) {
        row[items[j]!]!++;
        row[items[j + 1]!]!++;
        row[items[j + 2]!]!++;
        row[items[j + 3]!]!++;
      }
      for (; j < end; j++) row[items[j]!]!++;
    }
    visit(p, row);
  }
}

/**
 * Discrete proximity from presence (Hidalgo et al. 2007; py-ecomplexity `calc_discrete_proximity`).
 * The diagonal is 1 (py-ecomplexity fills it with 1 since 2023). A product no location has is 0/0 in the
 * formula; here it is at proximity 0 to every other product (it co-occurs with nothing) and 1 to itself,
 * so it adds nothing to any density instead of turning them all into NaN.
 */
export function productProximity(m: PresenceMatrix | PresenceLists, options: ProximityOptions = {}): Matrix {
  return proximityAndRowSums(m, options).proximity;
}

/**
 * The same, and — when the WebAssembly kernel computed it — the row-sum kernel that still holds it, for
 * density and outlook next (densityAndOutlook's `kernel`), so that it is not copied back in.
 */
export function proximityAndRowSums(
  m: PresenceMatrix | PresenceLists,
  options: ProximityOptions = {},
): { proximity: Matrix; rowSums?: RowSumKernel } {
  const lists = toLists(m);
  const n = lists.cols;
  const ubiquity = new Float64Array(n);
  for (let k = 0; k < lists.items.length; k++) ubiquity[lists.items[k]!]!++;
  const asymmetric = options.asymmetric === true;
  // Population counts and the divisions in WebAssembly where that pays (wasm-kernels.ts); same doubles.
  const counted = popcountPays(lists) ? wasmProximityAndRowSums(lists, ubiquity, asymmetric) : undefined;
  if (counted) return { proximity: matrix(n, n, counted.proximity), rowSums: counted.rowSums };
  return { proximity: countedProximity(lists, ubiquity, asymmetric) };
}

/** Discrete proximity by counting over the lists (no WebAssembly, or a very sparse matrix). */
function countedProximity(lists: PresenceLists, ubiquity: Float64Array, asymmetric: boolean): Matrix {
  const n = lists.cols;
  const out = new Float64Array(n * n);
  // Fill the upper triangle row by row (and, when asymmetric, its transpose), then mirror it in square
  // tiles so that both the reads and the writes of the transpose stay within cache lines.
  coOccurrenceRows(lists, (p, counts) => {
    const up = ubiquity[p]!;
    const row = p * n;
    if (asymmetric) {
      for (let q = p + 1; q < n; q++) {
        out[row + q] = up > 0 ? counts[q]! / up : 0;
        out[q * n + p] = ubiquity[q]! > 0 ? counts[q]! / ubiquity[q]! : 0;
      }
    } else {
      for (let q = p + 1; q < n; q++) {
        const larger = Math.max(up, ubiquity[q]!);
        // min(C/u_q, C/u_p) is C / max(u_p, u_q), the same double either way: division is monotone.
        out[row + q] = larger > 0 ? counts[q]! / larger : 0;
      }
    }
  });
  if (!asymmetric) mirrorUpperTriangle(out, n);
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
