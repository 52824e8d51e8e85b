/**
 * The leading eigenpair of a symmetric positive semi-definite operator, given only as "multiply by a
 * vector" — restarted Lanczos with full reorthogonalization (Golub & Van Loan, Matrix Computations, 4th
 * ed., §10.1 and §10.3). Economic complexity needs one eigenvector (the second of a matrix whose first is
 * known), so the O(n³) dense eigen-decomposition py-ecomplexity runs (`np.linalg.eig`) is replaced by a
 * few dozen products with a sparse matrix: O(nnz · k) instead of O(n³).
 */
import { AnalyticsInputError } from './input-error.ts';

/** out = A · x for the symmetric operator A (out is zeroed by the caller's implementation). */
export type SymmetricOperator = (x: Float64Array, out: Float64Array) => void;

export interface EigenOptions {
  /** Unit vectors the result must be orthogonal to (known eigenvectors to deflate). */
  readonly deflate?: readonly Float64Array[];
  /** Stop when ‖A y − θ y‖ ≤ tolerance · max(1, |θ|); default 1e-13. */
  readonly tolerance?: number;
  /** Krylov subspace size before a restart; default 40. */
  readonly subspace?: number;
  /** Give up (with an error, never a half-converged vector) after this many restarts; default 200. */
  readonly maxRestarts?: number;
}

export interface Eigenpair {
  readonly value: number;
  /** Unit length. */
  readonly vector: Float64Array;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function subtractProjection(w: Float64Array, v: Float64Array): void {
  const c = dot(w, v);
  for (let i = 0; i < w.length; i++) w[i]! -= c * v[i]!;
}

function normalize(v: Float64Array): number {
  const norm = Math.sqrt(dot(v, v));
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return norm;
}

/** A fixed pseudo-random start (splitmix-style), so every run gives the same vector, bit for bit. */
function startVector(n: number): Float64Array {
  const v = new Float64Array(n);
  let state = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    v[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  }
  return v;
}

/** Largest eigenvalue (and its unit eigenvector) of a symmetric PSD operator on the deflated space. */
export function leadingEigenpair(apply: SymmetricOperator, n: number, options: EigenOptions = {}): Eigenpair {
  const deflate = options.deflate ?? [];
  const tolerance = options.tolerance ?? 1e-13;
  const maxRestarts = options.maxRestarts ?? 200;
  const dimension = n - deflate.length;
  if (dimension < 1) {
    throw new AnalyticsInputError(
      'complexity-undefined',
      'no eigenvector is left once the known ones are removed',
    );
  }
  const m = Math.max(1, Math.min(options.subspace ?? 40, dimension));
  const basis = Array.from({ length: m + 1 }, () => new Float64Array(n));
  const alpha = new Float64Array(m);
  const beta = new Float64Array(m);
  const w = new Float64Array(n);
  let start = startVector(n);

  for (let restart = 0; restart <= maxRestarts; restart++) {
    const v0 = basis[0]!;
    v0.set(start);
    for (const d of deflate) subtractProjection(v0, d);
    if (normalize(v0) === 0) {
      // The start happened to lie in the deflated space; any other direction will do.
      v0.set(startVector(n + 1).subarray(1));
      for (const d of deflate) subtractProjection(v0, d);
      normalize(v0);
    }
    for (let j = 0; j < m; j++) {
      const vj = basis[j]!;
      w.fill(0);
      apply(vj, w);
      alpha[j] = dot(w, vj);
      // Full reorthogonalization, twice ("twice is enough", Parlett): Krylov vectors lose orthogonality
      // exactly as the wanted eigenvector converges, and the deflated directions must stay out.
      for (let pass = 0; pass < 2; pass++) {
        for (const d of deflate) subtractProjection(w, d);
        for (let i = 0; i <= j; i++) subtractProjection(w, basis[i]!);
      }
      const b = Math.sqrt(dot(w, w));
      beta[j] = b;
      const steps = j + 1;
      const invariant = b <= 1e-14 * Math.max(1, Math.abs(alpha[j]!));
      // The Ritz pair of a small tridiagonal matrix costs less than a product with the operator (world
      // trade: 64,000 gathers), so from the eighth step on it is checked after every step, stopping at
      // the first that converged rather than up to three products later.
      if (invariant || steps === m || steps >= 8 || steps % 4 === 0) {
        const ritz = bestRitzPair(alpha, beta, steps);
        const residual = invariant ? 0 : Math.abs(b * ritz.lastComponent);
        if (residual <= tolerance * Math.max(1, Math.abs(ritz.value)) || steps === m) {
          const y = new Float64Array(n);
          for (let i = 0; i < steps; i++) {
            const s = ritz.coefficients[i]!;
            const vi = basis[i]!;
            for (let k = 0; k < n; k++) y[k]! += s * vi[k]!;
          }
          normalize(y);
          if (residual <= tolerance * Math.max(1, Math.abs(ritz.value)))
            return { value: ritz.value, vector: y };
          start = y;
          break;
        }
      }
      const next = basis[j + 1]!;
      for (let i = 0; i < n; i++) next[i] = w[i]! / b;
    }
  }
  throw new AnalyticsInputError(
    'complexity-undefined',
    'the eigenvector did not converge; the two largest eigenvalues are too close to tell apart',
  );
}

/** The largest eigenvalue of the Lanczos tridiagonal matrix and its eigenvector's coefficients. */
function bestRitzPair(
  alpha: Float64Array,
  beta: Float64Array,
  steps: number,
): { value: number; coefficients: Float64Array; lastComponent: number } {
  const { values, vectors } = tridiagonalEigen(alpha, beta, steps);
  let best = 0;
  for (let i = 1; i < steps; i++) if (values[i]! > values[best]!) best = i;
  const coefficients = new Float64Array(steps);
  for (let i = 0; i < steps; i++) coefficients[i] = vectors[i * steps + best]!;
  return { value: values[best]!, coefficients, lastComponent: coefficients[steps - 1]! };
}

/**
 * Eigen-decomposition of the small symmetric tridiagonal matrix of a Lanczos run by the implicit QL
 * algorithm with Wilkinson shifts (Bowdler, Martin, Reinsch & Wilkinson 1968, EISPACK `tql2`; Golub & Van
 * Loan §8.3): O(size²) per eigenvalue, where cyclic Jacobi on the same matrix costs O(size³) per sweep —
 * a tenth of ECI's time on world trade before. Returns eigenvalues and the eigenvectors as columns of a
 * row-major size × size matrix.
 */
export function tridiagonalEigen(
  diagonal: Float64Array,
  offDiagonal: Float64Array,
  size: number,
): { values: Float64Array; vectors: Float64Array } {
  const n = size;
  const d = Float64Array.from(diagonal.subarray(0, n));
  // e[i] couples i and i + 1; e[n − 1] = 0.
  const e = new Float64Array(n);
  for (let i = 0; i + 1 < n; i++) e[i] = offDiagonal[i]!;
  const z = new Float64Array(n * n);
  for (let i = 0; i < n; i++) z[i * n + i] = 1;
  for (let l = 0; l < n; l++) {
    for (let iteration = 0; ; iteration++) {
      // The first negligible coupling at or after l splits off the block l … m.
      let m = l;
      for (; m + 1 < n; m++) {
        const scale = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * scale) break;
      }
      if (m === l) break;
      if (iteration === 60) {
        throw new AnalyticsInputError('complexity-undefined', 'the tridiagonal eigenvalues did not converge');
      }
      // Wilkinson shift from the leading 2 × 2 block, then a QL sweep of plane rotations from m up to l.
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // Underflow: the block splits here; deflate and start again.
          d[i + 1]! -= p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        for (let k = 0; k < n; k++) {
          const zk1 = z[k * n + i + 1]!;
          const zk = z[k * n + i]!;
          z[k * n + i + 1] = s * zk + c * zk1;
          z[k * n + i] = c * zk - s * zk1;
        }
      }
      if (r === 0 && i >= l) continue;
      d[l]! -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return { values: d, vectors: z };
}

/** Cyclic Jacobi eigen-decomposition of a dense symmetric matrix (overwrites `a`). */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let k = 0; k < a.length; k++) scale += a[k]! * a[k]!;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! * a[p * n + q]!;
    if (off <= 1e-32 * scale || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const app = a[p * n + p]!;
        const aqq = a[q * n + q]!;
        const tau = (aqq - app) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let r = 0; r < n; r++) {
          const arp = a[r * n + p]!;
          const arq = a[r * n + q]!;
          a[r * n + p] = c * arp - s * arq;
          a[r * n + q] = s * arp + c * arq;
        }
        for (let r = 0; r < n; r++) {
          const apr = a[p * n + r]!;
          const aqr = a[q * n + r]!;
          a[p * n + r] = c * apr - s * aqr;
          a[q * n + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < n; r++) {
          const vrp = v[r * n + p]!;
          const vrq = v[r * n + q]!;
          v[r * n + p] = c * vrp - s * vrq;
          v[r * n + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
  return { values, vectors: v };
}
