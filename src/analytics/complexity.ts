/**
 * Economic and product complexity (ECI, PCI): Hidalgo & Hausmann (2009), "The building blocks of economic
 * complexity", PNAS 106: 10570–10575, in the eigenvector form of Hausmann, Hidalgo et al. (2014), The
 * Atlas of Economic Complexity, and exactly as py-ecomplexity computes it (`calc_eci_pci` and the
 * normalization in `ecomplexity()`). Also the method of reflections, the iteration the eigenvector is
 * the limit of.
 */
import { AnalyticsInputError } from './input-error.ts';
import type { PresenceMatrix } from './matrix.ts';
import { columnLists, type PresenceLists, presenceLists } from './presence-lists.ts';
import { leadingEigenpair } from './symmetric-eigen.ts';

function toLists(m: PresenceMatrix | PresenceLists): PresenceLists {
  return 'items' in m ? m : presenceLists(m);
}

/** Diversity and ubiquity from the lists, refusing rows or columns that are all zero. */
function degrees(lists: PresenceLists, what: string): { diversity: Float64Array; ubiquity: Float64Array } {
  const { rows, cols, start, items } = lists;
  const diversity = new Float64Array(rows);
  const ubiquity = new Float64Array(cols);
  for (let c = 0; c < rows; c++) {
    diversity[c] = start[c + 1]! - start[c]!;
    for (let k = start[c]!; k < start[c + 1]!; k++) ubiquity[items[k]!]!++;
  }
  const emptyLocation = diversity.indexOf(0);
  if (emptyLocation >= 0) {
    throw new AnalyticsInputError(
      'complexity-undefined',
      `${what} needs every location to have at least one product; location ${emptyLocation} has none`,
    );
  }
  const emptyProduct = ubiquity.indexOf(0);
  if (emptyProduct >= 0) {
    throw new AnalyticsInputError(
      'complexity-undefined',
      `${what} needs every product to be present somewhere; product ${emptyProduct} is present nowhere`,
    );
  }
  return { diversity, ubiquity };
}

/** Σ_{k ∈ [from, to)} values[index[k]], four at a time. */
function gatherSum(values: Float64Array, index: Int32Array, from: number, to: number): number {
  let sum = 0;
  let k = from;
  for (; k + 4 <= to; k += 4) {
    sum += values[index[k]!]! + values[index[k + 1]!]! + values[index[k + 2]!]! + values[index[k + 3]!]!;
  }
  for (; k < to; k++) sum += values[index[k]!]!;
  return sum;
}

/** kp_p = (1/u_p) Σ_c M_cp kc_c: the average over the locations that have p. */
function averageOverLocations(lists: PresenceLists, ubiquity: Float64Array, kc: Float64Array): Float64Array {
  const { rows, start, items } = lists;
  const kp = new Float64Array(lists.cols);
  for (let c = 0; c < rows; c++) {
    const value = kc[c]!;
    for (let k = start[c]!; k < start[c + 1]!; k++) kp[items[k]!]! += value;
  }
  for (let p = 0; p < kp.length; p++) kp[p]! /= ubiquity[p]!;
  return kp;
}

/** kc_c = (1/d_c) Σ_p M_cp kp_p: the average over the products c has. */
function averageOverProducts(lists: PresenceLists, diversity: Float64Array, kp: Float64Array): Float64Array {
  const { rows, start, items } = lists;
  const kc = new Float64Array(rows);
  for (let c = 0; c < rows; c++) {
    let sum = 0;
    for (let k = start[c]!; k < start[c + 1]!; k++) sum += kp[items[k]!]!;
    kc[c] = sum / diversity[c]!;
  }
  return kc;
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

/** Standard deviation; population (÷n, numpy's default) unless `sample` (÷(n−1), R's `sd`). */
export function standardDeviation(values: ArrayLike<number>, sample = false): number {
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i]! - m) ** 2;
  return Math.sqrt(sum / (values.length - (sample ? 1 : 0)));
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ma = mean(a);
  const mb = mean(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** (x − centre) / spread, element-wise, into a new array. */
export function standardize(values: ArrayLike<number>, centre: number, spread: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = (values[i]! - centre) / spread;
  return out;
}

export interface ComplexityOptions {
  /** Eigenvector convergence: residual ≤ tolerance (the matrix's largest eigenvalue is 1); default 1e-13. */
  readonly tolerance?: number;
}

export interface ComplexityIndices {
  /** ECI, standardized with its own mean and population standard deviation. */
  readonly eci: Float64Array;
  /** PCI, standardized with ECI's mean and standard deviation (py-ecomplexity, after the Stata package). */
  readonly pci: Float64Array;
  /**
   * The unstandardized vectors, with py-ecomplexity's sign and the relation kc = (1/d) M kp that COI and
   * COG need: locationRaw = kc, productRaw = kp (any positive scale; outlook measures do not depend on it).
   */
  readonly locationRaw: Float64Array;
  readonly productRaw: Float64Array;
  /** The second-largest eigenvalue of M̃ (the largest is 1). Close to 1: the network nearly splits in two. */
  readonly eigenvalue: number;
}

/**
 * ECI and PCI as py-ecomplexity computes them. kp is the eigenvector of the second-largest eigenvalue of
 * M̃_pp = Σ_c M_cp M_cp' / (d_c u_p); kc = (1/d) M kp; both take the sign that makes kc correlate
 * positively with diversity; ECI = (kc − mean kc) / sd kc and PCI = (kp − mean kc) / sd kc, so that a
 * location's ECI is the mean PCI of its products.
 *
 * How it is computed differs, not what: M̃_cc = D⁻¹ M U⁻¹ Mᵀ is similar to the symmetric
 * S = D^-½ M U⁻¹ Mᵀ D^-½, whose largest eigenvector (eigenvalue 1) is known, √d. The second is found by
 * Lanczos on S with √d deflated, multiplying by the sparse M (O(nnz) per step) instead of forming and
 * fully decomposing the dense products × products matrix; then kc = D^-½ y, kp = U⁻¹ Mᵀ kc, and kc is
 * recomputed as (1/d) M kp so that the two keep py-ecomplexity's scale relation.
 *
 * Every location needs at least one product and every product one location (ecomplexity() removes the
 * others first, as py-ecomplexity does). Fewer than two locations, or locations that all have the same
 * products (second eigenvalue 0), leave ECI undefined: an error, not NaN.
 */
export function economicComplexity(
  m: PresenceMatrix | PresenceLists,
  options: ComplexityOptions = {},
): ComplexityIndices {
  const lists = toLists(m);
  const { rows, cols, start, items } = lists;
  if (rows < 2 || cols < 2) {
    throw new AnalyticsInputError(
      'complexity-undefined',
      `ECI needs at least two locations and two products; got ${rows} × ${cols}`,
    );
  }
  const { diversity, ubiquity } = degrees(lists, 'ECI');
  const rootD = new Float64Array(rows);
  for (let c = 0; c < rows; c++) rootD[c] = Math.sqrt(diversity[c]!);
  const scaled = new Float64Array(rows);
  const productSide = new Float64Array(cols);
  const byProduct = columnLists(lists);
  const columnStart = byProduct.start;
  const columnItems = byProduct.items;
  // out = S x = D^-½ M U⁻¹ Mᵀ D^-½ x, through the product side. Both halves gather (the product side from
  // the column lists, the location side from the row lists) instead of scattering into the product side:
  // 2× faster on world trade, 3× on a 3,000 × 1,500 panel, where this is most of ECI's time.
  const apply = (x: Float64Array, out: Float64Array) => {
    for (let c = 0; c < rows; c++) scaled[c] = x[c]! / rootD[c]!;
    for (let p = 0; p < cols; p++) {
      productSide[p] = gatherSum(scaled, columnItems, columnStart[p]!, columnStart[p + 1]!) / ubiquity[p]!;
    }
    for (let c = 0; c < rows; c++)
      out[c] = gatherSum(productSide, items, start[c]!, start[c + 1]!) / rootD[c]!;
  };
  const top = new Float64Array(rootD);
  let norm = 0;
  for (let c = 0; c < rows; c++) norm += top[c]! * top[c]!;
  norm = Math.sqrt(norm);
  for (let c = 0; c < rows; c++) top[c]! /= norm;
  const { value, vector } = leadingEigenpair(apply, rows, {
    deflate: [top],
    tolerance: options.tolerance ?? 1e-13,
  });
  if (!(value > 1e-12)) {
    throw new AnalyticsInputError(
      'complexity-undefined',
      'ECI is undefined: every location has the same products, so there is nothing to tell them apart',
    );
  }
  const kcFirst = new Float64Array(rows);
  for (let c = 0; c < rows; c++) kcFirst[c] = vector[c]! / rootD[c]!;
  const kp = averageOverLocations(lists, ubiquity, kcFirst);
  const kc = averageOverProducts(lists, diversity, kp);
  // np.sign(np.corrcoef(diversity, kc)): a zero correlation would zero both vectors there; keep the sign.
  if (pearson(diversity, kc) < 0) {
    for (let c = 0; c < rows; c++) kc[c] = -kc[c]!;
    for (let p = 0; p < cols; p++) kp[p] = -kp[p]!;
  }
  const centre = mean(kc);
  const spread = standardDeviation(kc);
  return {
    eci: standardize(kc, centre, spread),
    pci: standardize(kp, centre, spread),
    locationRaw: kc,
    productRaw: kp,
    eigenvalue: value,
  };
}

export interface ReflectionOptions {
  /**
   * Number of reflection columns as in R's economiccomplexity (`iterations`, default 20): ECI is read at
   * order iterations − 2 (even: a generalized diversity) and PCI at order iterations − 1 (odd: the
   * generalized diversity of the locations that make the product). At least 3.
   */
  readonly iterations?: number;
}

export interface Reflections {
  /** k_c,N at N = iterations − 2. */
  readonly locationOrder: Float64Array;
  /** k_p,N at N = iterations − 1. */
  readonly productOrder: Float64Array;
  /** Both standardized by their own mean and sample standard deviation (R's `sd`), as economiccomplexity. */
  readonly eci: Float64Array;
  readonly pci: Float64Array;
}

/**
 * Method of reflections (Hidalgo & Hausmann 2009): k_c,0 = d_c, k_p,0 = u_p, and
 * k_c,N = (1/d_c) Σ_p M_cp k_p,N−1, k_p,N = (1/u_p) Σ_c M_cp k_c,N−1; read as economiccomplexity 2.0.0's
 * `complexity_measures(method = "reflections")`. Its ranking converges to the eigenvector ECI's.
 */
export function methodOfReflections(
  m: PresenceMatrix | PresenceLists,
  options: ReflectionOptions = {},
): Reflections {
  const iterations = options.iterations ?? 20;
  if (!Number.isInteger(iterations) || iterations < 3) {
    throw new AnalyticsInputError('invalid-option', `iterations must be an integer ≥ 3, got ${iterations}`);
  }
  const lists = toLists(m);
  const { diversity, ubiquity } = degrees(lists, 'the method of reflections');
  let kc: Float64Array = new Float64Array(diversity);
  let kp: Float64Array = new Float64Array(ubiquity);
  let locationOrder = kc;
  // Orders 1 … iterations − 1, each from the previous order of the other side.
  for (let order = 1; order < iterations; order++) {
    const nextKc = averageOverProducts(lists, diversity, kp);
    const nextKp = averageOverLocations(lists, ubiquity, kc);
    kc = nextKc;
    kp = nextKp;
    if (order === iterations - 2) locationOrder = kc;
  }
  const productOrder = kp;
  const spreadC = standardDeviation(locationOrder, true);
  const spreadP = standardDeviation(productOrder, true);
  if (!(spreadC > 0) || !(spreadP > 0)) {
    throw new AnalyticsInputError(
      'complexity-undefined',
      'the reflections do not vary: every location has the same products',
    );
  }
  return {
    locationOrder,
    productOrder,
    eci: standardize(locationOrder, mean(locationOrder), spreadC),
    pci: standardize(productOrder, mean(productOrder), spreadP),
  };
}
