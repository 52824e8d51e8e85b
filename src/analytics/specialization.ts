/**
 * What a location is specialized in: revealed comparative advantage (RCA, called the location quotient
 * when the values are jobs), its per-capita sibling RPOP, and the binary presence matrix M that the
 * relatedness and complexity measures are built on, with diversity and ubiquity, its row and column counts.
 */
import { AnalyticsInputError } from './input-error.ts';
import { type Matrix, marginTotals, matrix, type PresenceMatrix } from './matrix.ts';
import type { PresenceLists } from './presence-lists.ts';

/**
 * Balassa's (1965) revealed comparative advantage:
 * RCA_cp = (x_cp / Σ_p x_cp) / (Σ_c x_cp / Σ_cp x_cp).
 * Computed in py-ecomplexity's order of operations (`ComplexityData.calculate_rca`) so that a value sitting
 * exactly on the threshold falls on the same side. A location or product whose total is zero has no share
 * to compare; it gets RCA 0 rather than py-ecomplexity's NaN (`ecomplexity()` leaves such rows out).
 */
export function revealedComparativeAdvantage(values: Matrix): Matrix {
  const { rowTotals, colTotals } = marginTotals(values);
  return revealedComparativeAdvantageFromTotals(values, rowTotals, colTotals);
}

/** The same, with the margins already at hand (ecomplexity() needs them before, to drop empty rows). */
export function revealedComparativeAdvantageFromTotals(
  values: Matrix,
  rowTotals: Float64Array,
  colTotals: Float64Array,
): Matrix {
  const { rows, cols, data } = values;
  let total = 0;
  for (let j = 0; j < cols; j++) total += colTotals[j]!;
  if (!(total > 0)) {
    throw new AnalyticsInputError('zero-total', 'RCA needs a positive total; every value is zero');
  }
  const productShare = new Float64Array(cols);
  for (let j = 0; j < cols; j++) productShare[j] = colTotals[j]! / total;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const rowTotal = rowTotals[i]!;
    if (rowTotal === 0) continue;
    const offset = i * cols;
    for (let j = 0; j < cols; j++) {
      const x = data[offset + j]!;
      // Most cells of a regional table are zero; two divisions are the costly part, so skip them there.
      if (x !== 0 && productShare[j]! > 0) out[offset + j] = x / rowTotal / productShare[j]!;
    }
  }
  return matrix(rows, cols, out);
}

/**
 * RCA, presence by RCA ≥ threshold, and the presence lists in one pass over the cells — the default path
 * of `ecomplexity()`, where three passes over a 3,000 × 1,500 period (RCA, then M, then M's lists) cost
 * more than the arithmetic. Same formula and order of operations as `revealedComparativeAdvantage`.
 */
export function advantageAndPresence(
  values: Matrix,
  rowTotals: Float64Array,
  colTotals: Float64Array,
  threshold: number,
): { rca: Matrix; mcp: PresenceMatrix; lists: PresenceLists } {
  checkThreshold(threshold, 'rcaThreshold');
  const { rows, cols, data } = values;
  let total = 0;
  for (let j = 0; j < cols; j++) total += colTotals[j]!;
  if (!(total > 0)) {
    throw new AnalyticsInputError('zero-total', 'RCA needs a positive total; every value is zero');
  }
  const productShare = new Float64Array(cols);
  for (let j = 0; j < cols; j++) productShare[j] = colTotals[j]! / total;
  const out = new Float64Array(rows * cols);
  const mcp = new Uint8Array(rows * cols);
  const start = new Int32Array(rows + 1);
  let items = new Int32Array(Math.max(16, (rows * cols) >> 4));
  let n = 0;
  // Where every product has a share (ecomplexity() drops those without), a zero value divides to +0,
  // which is what is stored for it anyway: no test per cell, whose outcome the CPU cannot predict (a
  // third of world trade's cells are zero, in no pattern).
  let everyShare = true;
  for (let j = 0; j < cols; j++) if (!(productShare[j]! > 0)) everyShare = false;
  for (let i = 0; i < rows; i++) {
    start[i] = n;
    const rowTotal = rowTotals[i]!;
    if (rowTotal === 0) continue;
    const offset = i * cols;
    for (let j = 0; j < cols; j++) {
      const x = data[offset + j]!;
      if (!everyShare && (x === 0 || !(productShare[j]! > 0))) continue;
      const rca = x / rowTotal / productShare[j]!;
      out[offset + j] = rca;
      if (rca >= threshold) {
        mcp[offset + j] = 1;
        if (n === items.length) {
          const grown = new Int32Array(items.length * 2);
          grown.set(items);
          items = grown;
        }
        items[n++] = j;
      }
    }
  }
  start[rows] = n;
  return {
    rca: matrix(rows, cols, out),
    mcp: matrix(rows, cols, mcp),
    lists: { rows, cols, start, items: items.slice(0, n) },
  };
}

/**
 * The location quotient of regional science (Florence 1948; EconGeo's `location_quotient`) is the same
 * ratio as Balassa's RCA, read on employment instead of exports.
 */
export const locationQuotient = revealedComparativeAdvantage;

/**
 * RPOP, the per-capita advantage of py-ecomplexity (`ComplexityData.calculate_rpop`):
 * RPOP_cp = (x_cp / pop_c) / (Σ_c x_cp / Σ_c pop_c). A location exports more of p than its population's
 * share of the world would predict. Every location needs a positive population; a product nobody has gets
 * RPOP 0.
 */
export function rpop(values: Matrix, population: ArrayLike<number>): Matrix {
  const { rows, cols, data } = values;
  if (population.length !== rows) {
    throw new AnalyticsInputError(
      'shape-mismatch',
      `RPOP needs one population per location: ${rows} locations, ${population.length} populations`,
    );
  }
  let worldPopulation = 0;
  for (let i = 0; i < rows; i++) {
    const pop = population[i]!;
    if (!(pop > 0) || pop === Number.POSITIVE_INFINITY) {
      throw new AnalyticsInputError(
        'missing-population',
        `location ${i} has population ${String(pop)}; RPOP needs a positive population for every location`,
      );
    }
    worldPopulation += pop;
  }
  const { colTotals } = marginTotals(values);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const pop = population[i]!;
    const offset = i * cols;
    for (let j = 0; j < cols; j++) {
      const perCapitaWorld = colTotals[j]! / worldPopulation;
      if (perCapitaWorld > 0) out[offset + j] = data[offset + j]! / pop / perCapitaWorld;
    }
  }
  return matrix(rows, cols, out);
}

/**
 * Which test decides that a location "has" a product (py-ecomplexity's `presence_test`):
 * - `rca`: RCA ≥ rcaThreshold (the Atlas of Economic Complexity);
 * - `rpop`: RPOP ≥ rpopThreshold (for locations of very different size, e.g. cities);
 * - `both`: both tests pass. py-ecomplexity adds the two 0/1 indicators, which makes M = 2 where both pass
 *   and counts such products twice in diversity; here M stays binary;
 * - `either`: at least one passes.
 */
export type PresenceTest = 'rca' | 'rpop' | 'both' | 'either';

export interface PresenceOptions {
  /** Default `rca`. */
  readonly test?: PresenceTest;
  /** RCA at or above which a product is present; default 1. */
  readonly rcaThreshold?: number;
  /** RPOP at or above which a product is present; default 1. */
  readonly rpopThreshold?: number;
}

/** Presence M_cp from RCA and/or RPOP (Hidalgo et al. 2007; thresholds inclusive as in py-ecomplexity). */
export function presence(
  advantage: { readonly rca?: Matrix; readonly rpop?: Matrix },
  options: PresenceOptions = {},
): PresenceMatrix {
  const test = options.test ?? 'rca';
  const rcaThreshold = checkThreshold(options.rcaThreshold ?? 1, 'rcaThreshold');
  const rpopThreshold = checkThreshold(options.rpopThreshold ?? 1, 'rpopThreshold');
  const needRca = test !== 'rpop';
  const needRpop = test !== 'rca';
  const { rca, rpop: perCapita } = advantage;
  if (needRca && !rca) throw new AnalyticsInputError('invalid-option', `presence test '${test}' needs RCA`);
  if (needRpop && !perCapita) {
    throw new AnalyticsInputError(
      'missing-population',
      `presence test '${test}' needs RPOP, hence population`,
    );
  }
  const shape = (rca ?? perCapita)!;
  if (rca && perCapita && (rca.rows !== perCapita.rows || rca.cols !== perCapita.cols)) {
    throw new AnalyticsInputError('shape-mismatch', 'RCA and RPOP matrices differ in shape');
  }
  const size = shape.rows * shape.cols;
  const out = new Uint8Array(size);
  // One loop per test: this runs over every cell of every period, so no test is decided per cell.
  const a = rca?.data;
  const b = perCapita?.data;
  if (test === 'rca') {
    for (let k = 0; k < size; k++) if (a![k]! >= rcaThreshold) out[k] = 1;
  } else if (test === 'rpop') {
    for (let k = 0; k < size; k++) if (b![k]! >= rpopThreshold) out[k] = 1;
  } else if (test === 'both') {
    for (let k = 0; k < size; k++) if (a![k]! >= rcaThreshold && b![k]! >= rpopThreshold) out[k] = 1;
  } else {
    for (let k = 0; k < size; k++) if (a![k]! >= rcaThreshold || b![k]! >= rpopThreshold) out[k] = 1;
  }
  return matrix(shape.rows, shape.cols, out);
}

function checkThreshold(value: number, name: string): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new AnalyticsInputError('invalid-option', `${name} must be a positive number, got ${value}`);
  }
  return value;
}

/** Diversity k_c,0 = Σ_p M_cp: how many products a location has (Hidalgo & Hausmann 2009). */
export function diversity(m: PresenceMatrix): Int32Array {
  const out = new Int32Array(m.rows);
  const { data, cols } = m;
  for (let i = 0; i < m.rows; i++) {
    let count = 0;
    for (let j = i * cols, end = j + cols; j < end; j++) count += data[j]!;
    out[i] = count;
  }
  return out;
}

/** Ubiquity k_p,0 = Σ_c M_cp: how many locations have a product (Hidalgo & Hausmann 2009). */
export function ubiquity(m: PresenceMatrix): Int32Array {
  const out = new Int32Array(m.cols);
  const { data, cols } = m;
  for (let i = 0; i < m.rows; i++) {
    const offset = i * cols;
    for (let j = 0; j < cols; j++) out[j]! += data[offset + j]!;
  }
  return out;
}
