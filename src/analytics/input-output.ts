/**
 * Input-output analysis: how sectors pull on each other through their purchases. Definitions and
 * notation follow Miller & Blair (2009), Input-Output Analysis: Foundations and Extensions, 2nd ed.,
 * Cambridge University Press — chapter 2 (A, L, multipliers), chapter 12 (Ghosh, linkages, hypothetical
 * extraction) — the textbook that pymrio and IMPLAN document themselves against. Matrices are sectors ×
 * sectors, row = selling sector, column = buying sector.
 */
import { AnalyticsInputError } from './input-error.ts';
import { type Matrix, matrix } from './matrix.ts';

function checkSquare(m: Matrix, what: string): number {
  if (m.rows !== m.cols) {
    throw new AnalyticsInputError(
      'shape-mismatch',
      `${what} must be square (sectors × sectors), got ${m.rows} × ${m.cols}`,
    );
  }
  return m.rows;
}

function checkFlows(flows: Matrix, output: ArrayLike<number>): number {
  const n = checkSquare(flows, 'the flow matrix Z');
  if (output.length !== n) {
    throw new AnalyticsInputError(
      'shape-mismatch',
      `total output needs one value per sector (${n}), got ${output.length}`,
    );
  }
  for (let k = 0; k < n * n; k++) {
    const z = flows.data[k]!;
    if (!(z >= 0) || z === Number.POSITIVE_INFINITY) {
      throw new AnalyticsInputError(
        z < 0 ? 'negative-value' : 'not-a-number',
        `flow from sector ${Math.floor(k / n)} to sector ${k % n} is ${z}; inter-industry flows are amounts ≥ 0`,
      );
    }
  }
  return n;
}

/**
 * Technical coefficients A = Z x̂⁻¹, a_ij = z_ij / x_j (Miller & Blair 2009, eq. 2.4): what sector j buys
 * from i per unit of its output. A sector with no output and no purchases is inert (a zero column);
 * one with purchases but no output is an error.
 */
export function technicalCoefficients(flows: Matrix, output: ArrayLike<number>): Matrix {
  const n = checkFlows(flows, output);
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const x = output[j]!;
    for (let i = 0; i < n; i++) {
      const z = flows.data[i * n + j]!;
      if (z === 0) continue;
      if (!(x > 0) || !Number.isFinite(x)) {
        throw new AnalyticsInputError(
          'zero-total',
          `sector ${j} buys inputs but its total output is ${x}; coefficients need a positive output`,
        );
      }
      out[i * n + j] = z / x;
    }
  }
  return matrix(n, n, out);
}

/**
 * Allocation (direct-output) coefficients B = x̂⁻¹ Z, b_ij = z_ij / x_i (Miller & Blair 2009, eq. 12.6):
 * the share of sector i's output sold to j — the supply-side counterpart of A used by the Ghosh model.
 */
export function allocationCoefficients(flows: Matrix, output: ArrayLike<number>): Matrix {
  const n = checkFlows(flows, output);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const x = output[i]!;
    for (let j = 0; j < n; j++) {
      const z = flows.data[i * n + j]!;
      if (z === 0) continue;
      if (!(x > 0) || !Number.isFinite(x)) {
        throw new AnalyticsInputError(
          'zero-total',
          `sector ${i} sells to other sectors but its total output is ${x}; coefficients need a positive output`,
        );
      }
      out[i * n + j] = z / x;
    }
  }
  return matrix(n, n, out);
}

/**
 * (I − C)⁻¹ for a coefficient matrix C ≥ 0, by Gauss–Jordan elimination with partial pivoting.
 * The inverse exists and is ≥ 0 exactly when the economy is productive (spectral radius of C below 1;
 * Hawkins & Simon 1949; Miller & Blair 2009, §2.3.5), so both failures are errors that say which: a
 * singular I − C (radius exactly 1), or an inverse with a negative entry (radius above 1: no positive
 * output meets a positive final demand).
 */
function inverseOfIdentityMinus(c: Matrix, what: string): Matrix {
  const n = checkSquare(c, what);
  let scale = 0;
  for (let k = 0; k < n * n; k++) {
    const v = c.data[k]!;
    if (!(v >= 0) || v === Number.POSITIVE_INFINITY) {
      throw new AnalyticsInputError(
        v < 0 ? 'negative-value' : 'not-a-number',
        `${what}: coefficient (${Math.floor(k / n)}, ${k % n}) is ${v}; coefficients are numbers ≥ 0`,
      );
    }
    scale = Math.max(scale, v);
  }
  // Augmented [I − C | I], reduced in place to [I | (I − C)⁻¹].
  const width = 2 * n;
  const a = new Float64Array(n * width);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a[i * width + j] = (i === j ? 1 : 0) - c.data[i * n + j]!;
    a[i * width + n + i] = 1;
  }
  const tolerance = 1e-12 * Math.max(1, scale) * n;
  for (let col = 0; col < n; col++) {
    let pivotRow = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(a[r * width + col]!) > Math.abs(a[pivotRow * width + col]!)) pivotRow = r;
    }
    const pivot = a[pivotRow * width + col]!;
    if (Math.abs(pivot) <= tolerance) {
      throw new AnalyticsInputError(
        'singular-matrix',
        `${what}: I − ${what.slice(0, 1)} is singular (no unique solution); the sectors' coefficients reach exactly 1, so some output feeds only itself — check for a sector whose inputs equal its output`,
      );
    }
    if (pivotRow !== col) {
      for (let j = 0; j < width; j++) {
        const t = a[col * width + j]!;
        a[col * width + j] = a[pivotRow * width + j]!;
        a[pivotRow * width + j] = t;
      }
    }
    for (let j = 0; j < width; j++) a[col * width + j]! /= pivot;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = a[r * width + col]!;
      if (factor === 0) continue;
      for (let j = 0; j < width; j++) a[r * width + j]! -= factor * a[col * width + j]!;
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = a[i * width + n + j]!;
      if (v < -1e-9 || (i === j && v < 1 - 1e-9)) {
        throw new AnalyticsInputError(
          'non-productive',
          `${what}: the economy is not productive (Hawkins–Simon conditions fail): producing one more unit for final demand would need more than one unit of inputs in total; check coefficients that add up to more than 1`,
        );
      }
      out[i * n + j] = Math.max(v, 0);
    }
  }
  return matrix(n, n, out);
}

/** Leontief inverse L = (I − A)⁻¹ (Miller & Blair 2009, eq. 2.10): total output per unit of final demand. */
export function leontiefInverse(technical: Matrix): Matrix {
  return inverseOfIdentityMinus(technical, 'A (technical coefficients)');
}

/** Ghosh inverse G = (I − B)⁻¹ (Ghosh 1958; Miller & Blair 2009, eq. 12.8): output per unit of primary input. */
export function ghoshInverse(allocation: Matrix): Matrix {
  return inverseOfIdentityMinus(allocation, 'B (allocation coefficients)');
}

/**
 * Simple output multipliers m_j = Σ_i l_ij (Miller & Blair 2009, §6.2.1): the total output across the
 * economy that one unit of final demand for sector j calls forth.
 */
export function outputMultipliers(leontief: Matrix): Float64Array {
  const n = checkSquare(leontief, 'L');
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j]! += leontief.data[i * n + j]!;
  return out;
}

/**
 * Where a sector stands by its linkages (Rasmussen 1956; Hirschman 1958): `key` pulls on its suppliers and
 * pushes its buyers more than the average sector, `backward-oriented` (strong buyer) and
 * `forward-oriented` (strong supplier) do one of the two, `weak` neither.
 */
export type SectorRole = 'key' | 'backward-oriented' | 'forward-oriented' | 'weak';

export interface Linkages {
  /** Power of dispersion U_j = n Σ_i l_ij / Σ_ij l_ij (> 1: above-average pull on suppliers). */
  readonly backward: Float64Array;
  /** Sensitivity of dispersion U_i = n Σ_j m_ij / Σ_ij m_ij with m = L or G (> 1: above-average push). */
  readonly forward: Float64Array;
  readonly roles: readonly SectorRole[];
}

/**
 * Rasmussen (1956) normalized linkages (Miller & Blair 2009, §12.2). Backward from the column sums of L.
 * Forward from the row sums of L by default, as Rasmussen did; pass the Ghosh inverse as `forwardFrom` for
 * the supply-side measure Miller & Blair recommend (§12.2.2), since a row of L answers "how much does i
 * produce when every sector's final demand rises by one", not "how much does i's output feed others".
 */
export function rasmussenLinkages(
  leontief: Matrix,
  options: { readonly forwardFrom?: Matrix } = {},
): Linkages {
  const n = checkSquare(leontief, 'L');
  const forwardSource = options.forwardFrom ?? leontief;
  if (forwardSource.rows !== n || forwardSource.cols !== n) {
    throw new AnalyticsInputError(
      'shape-mismatch',
      'the forward-linkage matrix must have the same sectors as L',
    );
  }
  const backward = normalizedSums(leontief, 'columns');
  const forward = normalizedSums(forwardSource, 'rows');
  const roles: SectorRole[] = [];
  for (let j = 0; j < n; j++) {
    const b = backward[j]! > 1;
    const f = forward[j]! > 1;
    roles.push(b && f ? 'key' : b ? 'backward-oriented' : f ? 'forward-oriented' : 'weak');
  }
  return { backward, forward, roles };
}

function normalizedSums(m: Matrix, along: 'rows' | 'columns'): Float64Array {
  const n = m.rows;
  const sums = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = m.data[i * n + j]!;
      sums[along === 'rows' ? i : j]! += v;
      total += v;
    }
  }
  if (!(total > 0))
    throw new AnalyticsInputError('zero-total', 'the inverse sums to zero; linkages are undefined');
  for (let i = 0; i < n; i++) sums[i] = (n * sums[i]!) / total;
  return sums;
}

/** out = M v for a square M. */
function multiply(m: Matrix, v: ArrayLike<number>): Float64Array {
  const n = m.rows;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += m.data[i * n + j]! * v[j]!;
    out[i] = s;
  }
  return out;
}

/** out = vᵀ M for a square M. */
function multiplyLeft(v: ArrayLike<number>, m: Matrix): Float64Array {
  const n = m.rows;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j]! += v[i]! * m.data[i * n + j]!;
  return out;
}

const sum = (v: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return s;
};

export interface Extraction {
  /** Output of every sector with the economy as it is (x = L f, or x' = v' G). */
  readonly output: Float64Array;
  /** Output of every sector with the sector extracted (0 for the extracted sector itself when complete). */
  readonly outputWithout: Float64Array;
  /** Total output lost, Σ x − Σ x̄: the sector's total linkage (Miller & Blair 2009, eq. 12.23). */
  readonly loss: number;
  /** loss / Σ x. */
  readonly lossShare: number;
}

/**
 * Hypothetical extraction (Strassert 1968; Miller & Lahr 2001; Miller & Blair 2009, §12.2.5): how much
 * less the economy would produce without sector j.
 * - `complete` (default): row and column j removed from A and j's final demand dropped — the economy
 *   without the sector at all; the loss includes the sector's own output.
 * - `backward` (Dietzenbacher, van der Linden & Steenge 1993): column j of A set to 0 — j buys nothing
 *   from the region (imports its inputs); the loss is its backward linkage.
 * For the forward (supply-side) extraction see `forwardExtraction`.
 */
export function hypotheticalExtraction(
  technical: Matrix,
  finalDemand: ArrayLike<number>,
  sector: number,
  options: { readonly mode?: 'complete' | 'backward' } = {},
): Extraction {
  const n = checkSquare(technical, 'A');
  checkSector(sector, n, finalDemand.length);
  const output = multiply(leontiefInverse(technical), finalDemand);
  let outputWithout: Float64Array;
  if ((options.mode ?? 'complete') === 'complete') {
    const keep = Array.from({ length: n }, (_, i) => i).filter((i) => i !== sector);
    const reduced = new Float64Array((n - 1) * (n - 1));
    keep.forEach((i, r) => {
      keep.forEach((j, c) => {
        reduced[r * (n - 1) + c] = technical.data[i * n + j]!;
      });
    });
    const partial =
      n === 1
        ? new Float64Array(0)
        : multiply(
            leontiefInverse(matrix(n - 1, n - 1, reduced)),
            keep.map((i) => finalDemand[i]!),
          );
    outputWithout = new Float64Array(n);
    keep.forEach((i, r) => {
      outputWithout[i] = partial[r]!;
    });
  } else {
    const cut = new Float64Array(technical.data);
    for (let i = 0; i < n; i++) cut[i * n + sector] = 0;
    outputWithout = multiply(leontiefInverse(matrix(n, n, cut)), finalDemand);
  }
  return summarize(output, outputWithout);
}

/**
 * Forward extraction (Dietzenbacher, van der Linden & Steenge 1993; Miller & Blair 2009, §12.2.5): row j
 * of the allocation matrix B set to 0 — j sells nothing to the region's other sectors, which must import
 * what it supplied — with outputs from the Ghosh model x' = v' (I − B)⁻¹ for primary inputs v.
 */
export function forwardExtraction(
  allocation: Matrix,
  primaryInputs: ArrayLike<number>,
  sector: number,
): Extraction {
  const n = checkSquare(allocation, 'B');
  checkSector(sector, n, primaryInputs.length);
  const output = multiplyLeft(primaryInputs, ghoshInverse(allocation));
  const cut = new Float64Array(allocation.data);
  for (let j = 0; j < n; j++) cut[sector * n + j] = 0;
  const outputWithout = multiplyLeft(primaryInputs, ghoshInverse(matrix(n, n, cut)));
  return summarize(output, outputWithout);
}

function checkSector(sector: number, n: number, vectorLength: number): void {
  if (vectorLength !== n) {
    throw new AnalyticsInputError(
      'shape-mismatch',
      `the vector needs one value per sector (${n}), got ${vectorLength}`,
    );
  }
  if (!Number.isInteger(sector) || sector < 0 || sector >= n) {
    throw new AnalyticsInputError(
      'invalid-option',
      `sector must be an index from 0 to ${n - 1}, got ${sector}`,
    );
  }
}

function summarize(output: Float64Array, outputWithout: Float64Array): Extraction {
  const total = sum(output);
  const loss = total - sum(outputWithout);
  return { output, outputWithout, loss, lossShare: total > 0 ? loss / total : 0 };
}
