/**
 * The single entry point, shaped like py-ecomplexity's `ecomplexity()` and `proximity()` (Harvard Growth
 * Lab, develop branch 2023): long rows in, one record per (time, location, product) out with value, rca,
 * rpop, mcp, diversity, ubiquity, eci, pci, density, coi and cog — the same numbers on the same input
 * (see ecomplexity.test.ts), with every edge case decided rather than left to NaN:
 *
 * - a negative or non-numeric value, or a repeated (time, location, product), is an error naming the rows
 *   (`duplicates: 'sum' | 'first'` opts into combining them; see matrix.ts);
 * - a location or product whose values are all zero in a period is left out of that period, as
 *   py-ecomplexity does (`create_full_df`), and listed in `omitted`;
 * - a period whose values are all zero is left out and listed in `omitted`; if nothing is left, an error;
 * - a location with no product passing the presence test (possible with RPOP or a threshold above 1), or a
 *   product no location passes, has no ECI or PCI: it is left out of that period after RCA and presence
 *   are computed (so no other number changes) and listed in `omitted`; py-ecomplexity instead turns the
 *   whole period's ECI/PCI into NaN through the mean;
 * - fewer than two locations or products left, or all locations alike, make ECI undefined: an error naming
 *   the period;
 * - a standard deviation of zero in the COI normalization (every location's outlook the same) gives COI 0.
 */
import {
  type ComplexityIndices,
  economicComplexity,
  mean,
  standardDeviation,
  standardize,
} from './complexity.ts';
import { weightedDensity } from './density.ts';
import { AnalyticsInputError } from './input-error.ts';
import {
  type CodeColumn,
  type LongTable,
  longToPanel,
  type Matrix,
  marginTotals,
  matrix,
  type Panel,
  type PanelOptions,
  type PresenceMatrix,
} from './matrix.ts';
import { complexityOutlookGain, complexityOutlookIndex, densityAndOutlook } from './opportunity.ts';
import { type PresenceLists, presenceLists } from './presence-lists.ts';
import { continuousProximity, productProximity, proximityAndRowSums } from './proximity.ts';
import {
  advantageAndPresence,
  type PresenceTest,
  rpop as perCapitaAdvantage,
  presence,
  revealedComparativeAdvantageFromTotals,
} from './specialization.ts';

/** Population by location (and period, when it changes over time), for RPOP. */
export interface PopulationTable {
  /** Omit when one population applies to every period. */
  readonly time?: CodeColumn;
  readonly location: CodeColumn;
  readonly value: ArrayLike<number>;
}

/** A proximity computed elsewhere (e.g. the world product space, used for a country's regions). */
export interface GivenProximity {
  /** Product codes of the rows and columns of `matrix`. */
  readonly products: readonly string[];
  readonly matrix: Matrix;
}

export interface PresenceChoice {
  /** py-ecomplexity's `presence_test`; default `rca`. `rpop`, `both` and `either` need `population`. */
  readonly presenceTest?: PresenceTest;
  /** RCA at or above which M = 1; default 1 (`rca_mcp_threshold`). */
  readonly rcaThreshold?: number;
  /** RPOP at or above which M = 1; default 1 (`rpop_mcp_threshold`). */
  readonly rpopThreshold?: number;
  /** Needed for RPOP; when given, `rpop` is computed and returned whatever the presence test. */
  readonly population?: PopulationTable;
}

export interface ProximityChoice {
  /** Proximity from the correlation of RCA (RPOP for the `rpop` test) instead of co-occurrence. */
  readonly continuous?: boolean;
  /** P(q | p) instead of the symmetric minimum (py-ecomplexity `asymmetric`). */
  readonly asymmetric?: boolean;
}

export interface EcomplexityOptions extends PanelOptions, PresenceChoice, ProximityChoice {
  /**
   * Use this proximity instead of computing one (py-ecomplexity `proximity_edgelist`). A product missing
   * from it is at proximity 0 to the others and 1 to itself (py-ecomplexity fills NaN the same way), and a
   * warning names it.
   */
  readonly proximity?: GivenProximity;
  /** Eigenvector convergence, see complexity.ts; default 1e-13. */
  readonly tolerance?: number;
}

/** Why a location, a product or a whole period is missing from the output. */
export interface Omission {
  readonly time: string;
  readonly kind: 'location' | 'product' | 'period';
  /** The location or product code ('' for a period). */
  readonly code: string;
  /** `no-value`: all its values are zero; `no-presence`: nothing passes the presence test. */
  readonly reason: 'no-value' | 'no-presence';
}

export interface PeriodComplexity {
  readonly time: string;
  /** Locations and products kept in this period (sorted); every matrix below is locations × products. */
  readonly locations: readonly string[];
  readonly products: readonly string[];
  readonly value: Matrix;
  readonly rca: Matrix;
  /** Present when a population was given. */
  readonly rpop?: Matrix;
  readonly mcp: PresenceMatrix;
  readonly diversity: Int32Array;
  readonly ubiquity: Int32Array;
  readonly eci: Float64Array;
  readonly pci: Float64Array;
  readonly density: Matrix;
  readonly coi: Float64Array;
  readonly cog: Matrix;
  /** Products × products, as used for density and COG. */
  readonly proximity: Matrix;
  /** Second-largest eigenvalue behind ECI (near 1: the network nearly splits into separate groups). */
  readonly eigenvalue: number;
}

export interface EcomplexityResult {
  readonly periods: readonly PeriodComplexity[];
  readonly omitted: readonly Omission[];
  readonly warnings: readonly string[];
}

/** One output record, the columns py-ecomplexity returns. */
export interface ComplexityRecord {
  time: string;
  location: string;
  product: string;
  value: number;
  rca: number;
  rpop?: number;
  mcp: number;
  diversity: number;
  ubiquity: number;
  eci: number;
  pci: number;
  density: number;
  coi: number;
  cog: number;
}

/** Long rows → every complexity column for every period (py-ecomplexity `ecomplexity()`). */
export function ecomplexity(table: LongTable, options: EcomplexityOptions = {}): EcomplexityResult {
  // The panel is ours alone, so each period's matrix may be compacted in place.
  return runPanel(longToPanel(table, options), options, true);
}

/** The same from matrices already built (e.g. by a service from the store); the panel is not modified. */
export function ecomplexityOfPanel(panel: Panel, options: EcomplexityOptions = {}): EcomplexityResult {
  return runPanel(panel, options, false);
}

function runPanel(panel: Panel, options: EcomplexityOptions, mayOverwrite: boolean): EcomplexityResult {
  const population = populationByPeriod(panel, options);
  const periods: PeriodComplexity[] = [];
  const omitted: Omission[] = [];
  const warnings: string[] = [];
  for (let t = 0; t < panel.periods.length; t++) {
    const period = complexityOfPeriod(panel, t, options, {
      population: population?.[t],
      omitted,
      warnings,
      mayOverwrite,
    });
    if (period) periods.push(period);
  }
  if (periods.length === 0) {
    throw new AnalyticsInputError('empty-input', 'every period is empty: all values are zero');
  }
  return { periods, omitted, warnings };
}

export interface PeriodContext {
  /** Population of the panel's locations in this period (NaN where unknown), needed for RPOP. */
  readonly population?: Float64Array;
  /** Appended to: what was left out of the period, and why. */
  readonly omitted?: Omission[];
  /** Appended to: warnings (e.g. products missing from a given proximity). */
  readonly warnings?: string[];
  /** The period's matrix in the panel may be overwritten (compacted in place); default false. */
  readonly mayOverwrite?: boolean;
}

/**
 * One period, for callers that stream a long panel (each period's output is several dense
 * locations × products matrices; keeping all of them for 10 years of 3,000 × 1,500 would take GBs).
 * Returns undefined for a period whose values are all zero (noted in `context.omitted`).
 */
export function complexityOfPeriod(
  panel: Panel,
  t: number,
  options: EcomplexityOptions = {},
  context: PeriodContext = {},
): PeriodComplexity | undefined {
  const omitted = context.omitted ?? [];
  const warnings = context.warnings ?? [];
  const prepared = preparePeriod(panel, t, options, context.population, omitted, context.mayOverwrite);
  if (!prepared) return undefined;
  const { time, locations, products, value, rca, rpop, mcp, lists } = prepared;
  let complexity: ComplexityIndices;
  try {
    complexity = economicComplexity(lists, { tolerance: options.tolerance });
  } catch (error) {
    if (error instanceof AnalyticsInputError) {
      throw new AnalyticsInputError(error.problem, `period ${time || '(single)'}: ${error.message}`);
    }
    throw error;
  }
  // The discrete proximity comes with the row-sum kernel that still holds it, for density and COG.
  const computed =
    options.proximity || options.continuous
      ? undefined
      : proximityAndRowSums(lists, { asymmetric: options.asymmetric });
  const proximity = options.proximity
    ? reindexProximity(options.proximity, products, time, warnings)
    : options.continuous
      ? continuousProximity(options.presenceTest === 'rpop' ? rpop! : rca)
      : computed!.proximity;
  const pciRaw = complexity.productRaw;
  // COG is divided by the raw ECI's standard deviation, as py-ecomplexity does after the Stata package.
  const eciSpread = standardDeviation(complexity.locationRaw);
  let densityMatrix: Matrix;
  let cog: Matrix;
  let coiRaw: Float64Array;
  if (options.continuous) {
    // py-ecomplexity weights density by RCA (RPOP) when proximity is continuous; COG still uses M.
    densityMatrix = weightedDensity(options.presenceTest === 'rpop' ? rpop! : rca, proximity);
    cog = complexityOutlookGain(lists, proximity, pciRaw);
    for (let k = 0; k < cog.data.length; k++) cog.data[k]! /= eciSpread;
    coiRaw = complexityOutlookIndex(lists, densityMatrix, pciRaw);
  } else {
    // Computed proximity is symmetric unless asked otherwise; a given one is checked.
    const symmetric = options.proximity ? undefined : !options.asymmetric;
    const outlook = densityAndOutlook(lists, proximity, pciRaw, {
      symmetric,
      cogDivisor: eciSpread,
      kernel: computed?.rowSums,
    });
    densityMatrix = outlook.density;
    cog = outlook.cog;
    coiRaw = outlook.coi;
  }
  const coiSpread = standardDeviation(coiRaw);
  const coi = coiSpread > 0 ? standardize(coiRaw, mean(coiRaw), coiSpread) : new Float64Array(coiRaw.length);
  return {
    time,
    locations,
    products,
    value,
    rca,
    rpop,
    mcp,
    diversity: countPerRow(lists),
    ubiquity: countPerColumn(lists),
    eci: complexity.eci,
    pci: complexity.pci,
    density: densityMatrix,
    coi,
    cog,
    proximity,
    eigenvalue: complexity.eigenvalue,
  };
}

export interface ProximityResult {
  readonly periods: readonly { time: string; products: readonly string[]; proximity: Matrix }[];
  readonly omitted: readonly Omission[];
}

/** Product proximity per period from long rows (py-ecomplexity `proximity()`). */
export function proximity(
  table: LongTable,
  options: Omit<EcomplexityOptions, 'proximity'> = {},
): ProximityResult {
  const panel = longToPanel(table, options);
  const population = populationByPeriod(panel, options);
  const periods: { time: string; products: readonly string[]; proximity: Matrix }[] = [];
  const omitted: Omission[] = [];
  for (let t = 0; t < panel.periods.length; t++) {
    const prepared = preparePeriod(panel, t, options, population?.[t], omitted, true);
    if (!prepared) continue;
    const { rca, rpop, lists } = prepared;
    periods.push({
      time: prepared.time,
      products: prepared.products,
      proximity: options.continuous
        ? continuousProximity(options.presenceTest === 'rpop' ? rpop! : rca)
        : productProximity(lists, { asymmetric: options.asymmetric }),
    });
  }
  if (periods.length === 0) {
    throw new AnalyticsInputError('empty-input', 'every period is empty: all values are zero');
  }
  return { periods, omitted };
}

/** Every (time, location, product) record, in period, location, product order (for CSV writers). */
export function* complexityRecords(result: EcomplexityResult): Generator<ComplexityRecord> {
  for (const period of result.periods) {
    const { locations, products } = period;
    const nProd = products.length;
    for (let c = 0; c < locations.length; c++) {
      for (let p = 0; p < nProd; p++) {
        const k = c * nProd + p;
        const record: ComplexityRecord = {
          time: period.time,
          location: locations[c]!,
          product: products[p]!,
          value: period.value.data[k]!,
          rca: period.rca.data[k]!,
          mcp: period.mcp.data[k]!,
          diversity: period.diversity[c]!,
          ubiquity: period.ubiquity[p]!,
          eci: period.eci[c]!,
          pci: period.pci[p]!,
          density: period.density.data[k]!,
          coi: period.coi[c]!,
          cog: period.cog.data[k]!,
        };
        if (period.rpop) record.rpop = period.rpop.data[k]!;
        yield record;
      }
    }
  }
}

/** Every (time, product 1, product 2) proximity, as py-ecomplexity's `proximity()` lists them. */
export function* proximityRecords(
  result: ProximityResult,
): Generator<{ time: string; product1: string; product2: string; proximity: number }> {
  for (const period of result.periods) {
    const n = period.products.length;
    for (let p = 0; p < n; p++) {
      for (let q = 0; q < n; q++) {
        yield {
          time: period.time,
          product1: period.products[p]!,
          product2: period.products[q]!,
          proximity: period.proximity.data[p * n + q]!,
        };
      }
    }
  }
}

interface PreparedPeriod {
  time: string;
  locations: string[];
  products: string[];
  value: Matrix;
  rca: Matrix;
  rpop: Matrix | undefined;
  mcp: PresenceMatrix;
  lists: PresenceLists;
}

/** Drop empty rows/columns, RCA/RPOP, presence, drop rows/columns without presence. */
function preparePeriod(
  panel: Panel,
  t: number,
  options: PresenceChoice,
  population: Float64Array | undefined,
  omitted: Omission[],
  mayOverwrite = false,
): PreparedPeriod | undefined {
  const time = panel.periods[t]!;
  const values = panel.values[t]!;
  const { rowTotals, colTotals } = marginTotals(values);
  const keepRows = indicesWhere(rowTotals, (v) => v > 0);
  const keepCols = indicesWhere(colTotals, (v) => v > 0);
  if (keepRows.length === 0) {
    omitted.push({ time, kind: 'period', code: '', reason: 'no-value' });
    return undefined;
  }
  noteOmissions(omitted, time, 'location', panel.locations, rowTotals.length, keepRows, 'no-value');
  noteOmissions(omitted, time, 'product', panel.products, colTotals.length, keepCols, 'no-value');
  // A panel ecomplexity() built itself may be compacted in place: dropping a few empty regions should not
  // cost a copy (and the page faults) of the whole year.
  let value = mayOverwrite ? compactRows(values, keepRows, keepCols) : submatrix(values, keepRows, keepCols);
  let locations = keepRows.map((i) => panel.locations[i]!);
  let products = keepCols.map((j) => panel.products[j]!);
  // Dropped rows and columns were all zeros, so the kept ones keep their totals.
  const keptRowTotals = Float64Array.from(keepRows, (i) => rowTotals[i]!);
  const keptColTotals = Float64Array.from(keepCols, (j) => colTotals[j]!);
  const test = options.presenceTest ?? 'rca';
  const fused =
    test === 'rca'
      ? advantageAndPresence(value, keptRowTotals, keptColTotals, options.rcaThreshold ?? 1)
      : undefined;
  let rca = fused?.rca ?? revealedComparativeAdvantageFromTotals(value, keptRowTotals, keptColTotals);
  let rpop: Matrix | undefined;
  if (population) {
    const pop = new Float64Array(keepRows.length);
    keepRows.forEach((i, k) => {
      const v = population[i]!;
      if (!(v > 0) || !Number.isFinite(v)) {
        throw new AnalyticsInputError(
          'missing-population',
          `period ${time || '(single)'}: location ${panel.locations[i]} has ${Number.isNaN(v) ? 'no population' : `population ${v}`}; RPOP needs a positive population for every location with values`,
        );
      }
      pop[k] = v;
    });
    rpop = perCapitaAdvantage(value, pop);
  }
  let mcp =
    fused?.mcp ??
    presence(
      { rca, rpop },
      {
        test: options.presenceTest,
        rcaThreshold: options.rcaThreshold,
        rpopThreshold: options.rpopThreshold,
      },
    );
  const lists = fused?.lists ?? presenceLists(mcp);
  const div = countPerRow(lists);
  const ubi = countPerColumn(lists);
  const presentRows = indicesWhere(div, (v) => v > 0);
  const presentCols = indicesWhere(ubi, (v) => v > 0);
  if (presentRows.length === div.length && presentCols.length === ubi.length) {
    return { time, locations, products, value, rca, rpop, mcp, lists };
  }
  noteOmissions(omitted, time, 'location', locations, div.length, presentRows, 'no-presence');
  noteOmissions(omitted, time, 'product', products, ubi.length, presentCols, 'no-presence');
  value = submatrix(value, presentRows, presentCols);
  rca = submatrix(rca, presentRows, presentCols);
  rpop = rpop && submatrix(rpop, presentRows, presentCols);
  mcp = submatrix(mcp, presentRows, presentCols);
  locations = presentRows.map((i) => locations[i]!);
  products = presentCols.map((j) => products[j]!);
  return { time, locations, products, value, rca, rpop, mcp, lists: presenceLists(mcp) };
}

/** Moves the kept rows to the front of the same buffer (columns are dropped by copying). */
function compactRows(m: Matrix, rows: number[], cols: number[]): Matrix {
  if (cols.length !== m.cols) return submatrix(m, rows, cols);
  if (rows.length === m.rows) return m;
  rows.forEach((i, k) => {
    if (i !== k) m.data.copyWithin(k * m.cols, i * m.cols, (i + 1) * m.cols);
  });
  return matrix(rows.length, m.cols, m.data.subarray(0, rows.length * m.cols));
}

function indicesWhere(values: ArrayLike<number>, keep: (v: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (keep(values[i]!)) out.push(i);
  return out;
}

function noteOmissions(
  omitted: Omission[],
  time: string,
  kind: 'location' | 'product',
  codes: readonly string[],
  count: number,
  kept: number[],
  reason: Omission['reason'],
): void {
  if (kept.length === count) return;
  let next = 0;
  for (let i = 0; i < count; i++) {
    if (kept[next] === i) next++;
    else omitted.push({ time, kind, code: codes[i]!, reason });
  }
}

function submatrix<T extends Float64Array | Uint8Array>(
  m: Matrix<T>,
  rows: number[],
  cols: number[],
): Matrix<T> {
  if (rows.length === m.rows && cols.length === m.cols) return m;
  const data = new (m.data.constructor as { new (n: number): T })(rows.length * cols.length);
  if (cols.length === m.cols) {
    // Only rows dropped (the usual case: a few regions without data): copy whole rows.
    rows.forEach((i, k) => {
      data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), k * m.cols);
    });
    return matrix(rows.length, cols.length, data);
  }
  let k = 0;
  for (const i of rows) {
    const offset = i * m.cols;
    for (const j of cols) data[k++] = m.data[offset + j]!;
  }
  return matrix(rows.length, cols.length, data);
}

function countPerRow(lists: PresenceLists): Int32Array {
  const out = new Int32Array(lists.rows);
  for (let c = 0; c < lists.rows; c++) out[c] = lists.start[c + 1]! - lists.start[c]!;
  return out;
}

function countPerColumn(lists: PresenceLists): Int32Array {
  const out = new Int32Array(lists.cols);
  for (let k = 0; k < lists.items.length; k++) out[lists.items[k]!]!++;
  return out;
}

/** Population aligned with the panel's locations, per period (NaN where none is given). */
function populationByPeriod(panel: Panel, options: PresenceChoice): Float64Array[] | undefined {
  const test = options.presenceTest ?? 'rca';
  if (!options.population) {
    if (test !== 'rca') {
      throw new AnalyticsInputError(
        'missing-population',
        `presence test '${test}' compares values per inhabitant; give a population table`,
      );
    }
    return undefined;
  }
  const table = options.population;
  const rows = table.value.length;
  const byPeriod = panel.periods.map(() => new Float64Array(panel.locations.length).fill(Number.NaN));
  const periodIndex = new Map(panel.periods.map((code, t) => [code, t]));
  const timeOf = codeReader(table.time, rows, 'population time');
  const locationOf = codeReader(table.location, rows, 'population location');
  const seen = panel.periods.map(() => new Uint8Array(panel.locations.length));
  for (let i = 0; i < rows; i++) {
    const v = table.value[i]!;
    if (!(v > 0) || !Number.isFinite(v)) {
      throw new AnalyticsInputError(
        'missing-population',
        `population row ${i}: ${String(v)} for ${locationOf(i)} is not a positive number`,
        [i],
      );
    }
    const location = panel.locationIndex.get(locationOf(i));
    if (location === undefined) continue;
    const time = timeOf(i);
    const targets = time === undefined ? panel.periods.map((_, t) => t) : [periodIndex.get(time)];
    for (const t of targets) {
      if (t === undefined) continue;
      if (seen[t]![location] === 1) {
        throw new AnalyticsInputError(
          'duplicate-row',
          `population row ${i}: a second population for ${locationOf(i)}${time === undefined ? '' : ` in ${time}`}`,
          [i],
        );
      }
      seen[t]![location] = 1;
      byPeriod[t]![location] = v;
    }
  }
  return byPeriod;
}

/** Reads row i's code of a column in any of its shapes (the population table is small). */
function codeReader(column: CodeColumn | undefined, rows: number, name: string): (i: number) => string {
  if (column === undefined) return () => undefined as unknown as string;
  if (typeof column === 'string' || typeof column === 'number') return () => String(column);
  if (!Array.isArray(column) && typeof column === 'object' && 'dictionary' in column) {
    if (column.index.length !== rows) {
      throw new AnalyticsInputError('shape-mismatch', `the ${name} column does not have ${rows} rows`);
    }
    return (i) => String(column.dictionary[column.index[i]!]);
  }
  const values = column as readonly (string | number)[];
  if (values.length !== rows) {
    throw new AnalyticsInputError('shape-mismatch', `the ${name} column does not have ${rows} rows`);
  }
  return (i) => String(values[i]);
}

function reindexProximity(
  given: GivenProximity,
  products: readonly string[],
  time: string,
  warnings: string[],
): Matrix {
  const n = products.length;
  const size = given.products.length;
  if (given.matrix.rows !== size || given.matrix.cols !== size) {
    throw new AnalyticsInputError(
      'shape-mismatch',
      `the given proximity has ${size} product codes but a ${given.matrix.rows} × ${given.matrix.cols} matrix`,
    );
  }
  const position = new Map(given.products.map((code, i) => [code, i]));
  const index = products.map((code) => position.get(code) ?? -1);
  const missing = products.filter((_, k) => index[k] === -1);
  if (missing.length > 0) {
    warnings.push(
      `period ${time || '(single)'}: ${missing.length} product(s) missing from the given proximity (${missing
        .slice(0, 5)
        .join(', ')}${missing.length > 5 ? ', …' : ''}) are taken as close to nothing but themselves`,
    );
  }
  const out = new Float64Array(n * n);
  const source = given.matrix.data;
  for (let p = 0; p < n; p++) {
    const ip = index[p]!;
    out[p * n + p] = 1;
    if (ip < 0) continue;
    for (let q = 0; q < n; q++) {
      const iq = index[q]!;
      if (iq < 0) continue;
      const v = source[ip * size + iq]!;
      if (!(v >= 0) || !Number.isFinite(v)) {
        throw new AnalyticsInputError(
          'not-a-number',
          `the given proximity of ${products[p]} and ${products[q]} is ${v}; proximities are numbers ≥ 0`,
        );
      }
      out[p * n + q] = v;
    }
  }
  return matrix(n, n, out);
}
