/**
 * Fidelity to py-ecomplexity (Harvard Growth Lab, develop branch, April 2023) on the world trade table of
 * R's economiccomplexity 2.0.0 (data/trade/README.md), and the treatment of bad input.
 *
 * Tolerance: |ours − reference| ≤ rel · |reference| + 1e-9, with rel = 1e-6 for rca, eci, pci and the
 * proximity matrix and 1e-4 for density, coi and cog (the acceptance figures); mcp, diversity and
 * ubiquity must be equal. The absolute 1e-9 covers values near zero, whose relative error means nothing:
 * the reference is printed with 10 significant digits.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { economicComplexity, methodOfReflections } from './complexity.ts';
import {
  complexityRecords,
  type EcomplexityResult,
  ecomplexity,
  type PeriodComplexity,
  proximity,
  proximityRecords,
} from './ecomplexity.ts';
import { fitnessComplexity } from './fitness.ts';
import { AnalyticsInputError } from './input-error.ts';

const dataFile = (name: string) => new URL(`../../data/trade/${name}`, import.meta.url);

function readCsv(name: string): string[][] {
  const raw = readFileSync(dataFile(name));
  const text = name.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split(',').map((cell) => (cell.startsWith('"') ? cell.slice(1, -1) : cell)));
}

interface Trade {
  location: string[];
  product: string[];
  value: number[];
}

function loadTrade(): Trade {
  const rows = readCsv('world_trade_avg_1998_to_2000.csv').slice(1);
  return {
    location: rows.map((r) => r[0]!),
    product: rows.map((r) => r[1]!),
    value: rows.map((r) => Number(r[2])),
  };
}

const RELATIVE: Record<string, number> = {
  rca: 1e-6,
  eci: 1e-6,
  pci: 1e-6,
  density: 1e-4,
  coi: 1e-4,
  cog: 1e-4,
};
const ABSOLUTE = 1e-9;

function columnValue(period: PeriodComplexity, column: string, c: number, p: number): number {
  const k = c * period.products.length + p;
  switch (column) {
    case 'rca':
      return period.rca.data[k]!;
    case 'mcp':
      return period.mcp.data[k]!;
    case 'diversity':
      return period.diversity[c]!;
    case 'ubiquity':
      return period.ubiquity[p]!;
    case 'eci':
      return period.eci[c]!;
    case 'pci':
      return period.pci[p]!;
    case 'density':
      return period.density.data[k]!;
    case 'coi':
      return period.coi[c]!;
    case 'cog':
      return period.cog.data[k]!;
    default:
      return period.value.data[k]!;
  }
}

function expectNoNaN(result: EcomplexityResult): void {
  let notFinite = 0;
  for (const period of result.periods) {
    const arrays = [
      period.value.data,
      period.rca.data,
      period.rpop?.data ?? [],
      period.density.data,
      period.cog.data,
      period.eci,
      period.pci,
      period.coi,
      period.proximity.data,
    ];
    for (const array of arrays) for (const v of array) if (!Number.isFinite(v)) notFinite++;
  }
  expect(notFinite).toBe(0);
}

describe('ecomplexity() on world trade, against py-ecomplexity', () => {
  let trade: Trade;
  let result: EcomplexityResult;
  let period: PeriodComplexity;

  beforeAll(() => {
    trade = loadTrade();
    result = ecomplexity({ time: '2000', ...trade });
    period = result.periods[0]!;
  });

  it('keeps all 226 countries and 785 products, and omits nothing', () => {
    expect(period.locations.length).toBe(226);
    expect(period.products.length).toBe(785);
    expect(result.omitted).toEqual([]);
    expect(result.warnings).toEqual([]);
    expectNoNaN(result);
  });

  it('matches every column of the reference output (177,410 rows)', () => {
    const rows = readCsv('reference/ecomplexity.csv.gz');
    const header = rows[0]!;
    const columns = ['value', 'rca', 'mcp', 'diversity', 'ubiquity', 'eci', 'pci', 'density', 'coi', 'cog'];
    const at = Object.fromEntries(columns.map((name) => [name, header.indexOf(name)]));
    const countryAt = header.indexOf('country');
    const productAt = header.indexOf('product');
    const locationIndex = new Map(period.locations.map((code, i) => [code, i]));
    const productIndex = new Map(period.products.map((code, i) => [code, i]));
    const worst: Record<string, number> = {};
    for (const row of rows.slice(1)) {
      const c = locationIndex.get(row[countryAt]!);
      const p = productIndex.get(row[productAt]!);
      if (c === undefined || p === undefined)
        throw new Error(`reference row ${row.join(',')} is not in the output`);
      for (const column of columns) {
        const expected = Number(row[at[column]!]);
        const actual = columnValue(period, column, c, p);
        const relative = RELATIVE[column] ?? 0;
        const excess =
          Math.abs(actual - expected) - (relative * Math.abs(expected) + (relative ? ABSOLUTE : 0));
        worst[column] = Math.max(worst[column] ?? Number.NEGATIVE_INFINITY, excess);
      }
    }
    expect(rows.length - 1).toBe(177_410);
    // Every column within its tolerance: the largest excess over the tolerance is ≤ 0.
    for (const column of columns)
      expect({ column, excess: worst[column]! <= 0 }).toEqual({ column, excess: true });
  });

  it('matches the reference proximity matrix (785 × 785)', () => {
    const rows = readCsv('reference/proximity.csv.gz').slice(1);
    const { products, proximity: phi } = period;
    const n = products.length;
    const index = new Map(products.map((code, i) => [code, i]));
    expect(rows.length).toBe(n * n);
    let worst = 0;
    for (const row of rows) {
      const p = index.get(row[1]!)!;
      const q = index.get(row[2]!)!;
      const expected = Number(row[3]);
      worst = Math.max(
        worst,
        Math.abs(phi.data[p * n + q]! - expected) - (1e-6 * Math.abs(expected) + ABSOLUTE),
      );
    }
    expect(worst).toBeLessThanOrEqual(0);
    // The proximity() entry point gives the same matrix.
    const alone = proximity({ time: '2000', ...trade }).periods[0]!.proximity;
    expect(firstDifference(alone.data, phi.data)).toBe(-1);
  });

  it('lists one record per (time, location, product), like py-ecomplexity', () => {
    let count = 0;
    let first: unknown;
    for (const record of complexityRecords(result)) {
      if (count === 0) first = record;
      count++;
    }
    expect(count).toBe(177_410);
    expect(first).toMatchObject({ time: '2000', location: 'afg', product: '0011', value: 30068, mcp: 0 });
  });

  it('method of reflections ranks countries like ECI; fitness like diversity', () => {
    const lists = period.mcp;
    const reflections = methodOfReflections(lists);
    expect(correlation(reflections.eci, period.eci)).toBeGreaterThan(0.99);
    const { fitness } = fitnessComplexity(lists);
    expect(fitness.every((f) => Number.isFinite(f) && f >= 0)).toBe(true);
    // Fitness ranks countries by diversity more than by ECI (Tacchella et al. 2012): Spearman ρ ≈ .99.
    expect(correlation(ranks(fitness), ranks(period.diversity))).toBeGreaterThan(0.95);
    expect(firstDifference(economicComplexity(lists).eci, period.eci)).toBe(-1);
  });

  it('treats a location with no exports as py-ecomplexity does: left out, nothing else changes', () => {
    const extra = ['0011', '0012', '0013'];
    const withEmpty = ecomplexity({
      time: '2000',
      location: [...trade.location, ...extra.map(() => 'zzz')],
      product: [...trade.product, ...extra],
      value: [...trade.value, 0, 0, 0],
    });
    expect(withEmpty.omitted).toEqual([{ time: '2000', kind: 'location', code: 'zzz', reason: 'no-value' }]);
    const again = withEmpty.periods[0]!;
    expect(again.locations).toEqual(period.locations);
    expect(firstDifference(again.eci, period.eci)).toBe(-1);
    expect(firstDifference(again.cog.data, period.cog.data)).toBe(-1);
  });
});

/** Index of the first element that differs (bit for bit), or −1; deep equality is slow on big arrays. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

function ranks(values: ArrayLike<number>): Float64Array {
  const order = Array.from(values, (_, i) => i).sort((x, y) => values[x]! - values[y]!);
  const out = new Float64Array(values.length);
  order.forEach((i, rank) => {
    out[i] = rank;
  });
  return out;
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n;
    mb += b[i]! / n;
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

// Four locations × five products over two years, small enough to reason about.
const small = {
  time: [] as number[],
  location: [] as string[],
  product: [] as string[],
  value: [] as number[],
};
const grid = [
  [50, 10, 0, 5, 1],
  [5, 40, 20, 0, 2],
  [0, 5, 30, 25, 3],
  [10, 0, 5, 40, 30],
];
for (const year of [2019, 2020]) {
  grid.forEach((row, c) => {
    row.forEach((v, p) => {
      small.time.push(year);
      small.location.push(`L${c}`);
      small.product.push(`P${p}`);
      small.value.push(v * (year === 2020 ? 1 + (c + p) / 10 : 1));
    });
  });
}

function problemOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof AnalyticsInputError) return `${error.problem}: ${error.message}`;
    throw error;
  }
  return 'no error';
}

describe('ecomplexity() on bad input: a clear error or a documented treatment, never NaN', () => {
  it('computes every period of a panel', () => {
    const result = ecomplexity(small);
    expect(result.periods.map((p) => p.time)).toEqual(['2019', '2020']);
    expectNoNaN(result);
  });

  it('lists proximities per period like py-ecomplexity’s proximity(): every ordered pair, diagonal 1', () => {
    const records = [...proximityRecords(proximity(small))];
    expect(records.length).toBe(2 * 5 * 5);
    expect(records[0]).toEqual({ time: '2019', product1: 'P0', product2: 'P0', proximity: 1 });
    const p01 = records.find((r) => r.time === '2019' && r.product1 === 'P0' && r.product2 === 'P1')!;
    const p10 = records.find((r) => r.time === '2019' && r.product1 === 'P1' && r.product2 === 'P0')!;
    expect(p01.proximity).toBe(p10.proximity);
  });

  it('refuses a negative value, naming the row', () => {
    const value = [...small.value];
    value[7] = -1;
    expect(problemOf(() => ecomplexity({ ...small, value }))).toMatch(
      /^negative-value: row 7: value -1 for \(2019, L1, P2\)/,
    );
  });

  it('refuses duplicate rows unless told how to combine them', () => {
    const doubled = {
      time: [...small.time, 2019],
      location: [...small.location, 'L0'],
      product: [...small.product, 'P0'],
      value: [...small.value, 7],
    };
    expect(problemOf(() => ecomplexity(doubled))).toMatch(
      /^duplicate-row: rows 0 and 40 both give \(2019, L0, P0\)/,
    );
    const summed = ecomplexity(doubled, { duplicates: 'sum' }).periods[0]!;
    expect(summed.value.data[0]).toBe(57);
    const first = ecomplexity(doubled, { duplicates: 'first' }).periods[0]!;
    expect(first.value.data[0]).toBe(50);
  });

  it('leaves out an all-zero year and says so; an all-zero table is an error', () => {
    const zeroYear = {
      time: [...small.time, ...grid.flat().map(() => 2021)],
      location: [...small.location, ...grid.flatMap((row, c) => row.map(() => `L${c}`))],
      product: [...small.product, ...grid.flatMap((row) => row.map((_, p) => `P${p}`))],
      value: [...small.value, ...grid.flat().map(() => 0)],
    };
    const result = ecomplexity(zeroYear);
    expect(result.periods.map((p) => p.time)).toEqual(['2019', '2020']);
    expect(result.omitted).toEqual([{ time: '2021', kind: 'period', code: '', reason: 'no-value' }]);
    expect(problemOf(() => ecomplexity({ ...small, value: small.value.map(() => 0) }))).toMatch(
      /^empty-input/,
    );
  });

  it('leaves out a product nobody exports in one year only', () => {
    const value = small.value.map((v, i) => (small.time[i] === 2020 && small.product[i] === 'P4' ? 0 : v));
    const result = ecomplexity({ ...small, value });
    expect(result.omitted).toEqual([{ time: '2020', kind: 'product', code: 'P4', reason: 'no-value' }]);
    expect(result.periods[1]!.products).toEqual(['P0', 'P1', 'P2', 'P3']);
    expectNoNaN(result);
  });

  it('leaves out a location with no product passing the presence test (RPOP), where py-ecomplexity gives NaN', () => {
    // L3 is very populous: its per-capita exports are below the world's for every product.
    const population = { location: ['L0', 'L1', 'L2', 'L3'], value: [1, 1, 1, 1000] };
    const result = ecomplexity(small, { presenceTest: 'rpop', population });
    expect(result.omitted).toContainEqual({
      time: '2019',
      kind: 'location',
      code: 'L3',
      reason: 'no-presence',
    });
    const first = result.periods[0]!;
    expect(first.locations).toEqual(['L0', 'L1', 'L2']);
    expect(first.rpop).toBeDefined();
    expectNoNaN(result);
  });

  it('needs a population for RPOP tests, for every location', () => {
    expect(problemOf(() => ecomplexity(small, { presenceTest: 'both' }))).toMatch(/^missing-population/);
    const partial = { location: ['L0', 'L1', 'L2'], value: [1, 1, 1] };
    expect(problemOf(() => ecomplexity(small, { presenceTest: 'rpop', population: partial }))).toMatch(
      /^missing-population: period 2019: location L3 has no population/,
    );
  });

  it('says which period has no ECI when all locations are alike', () => {
    const alike = { location: ['a', 'a', 'b', 'b'], product: ['p', 'q', 'p', 'q'], value: [1, 1, 2, 2] };
    expect(problemOf(() => ecomplexity(alike))).toMatch(
      /^complexity-undefined: period \(single\): .*same products/,
    );
  });

  it('supports the continuous and asymmetric proximity variants and a given proximity', () => {
    for (const options of [{ continuous: true }, { asymmetric: true }])
      expectNoNaN(ecomplexity(small, options));
    const base = ecomplexity(small).periods[0]!;
    // Given back the proximity it computed, ecomplexity() reproduces its own numbers.
    const same = ecomplexity(small, { proximity: { products: base.products, matrix: base.proximity } })
      .periods[0]!;
    expect(firstDifference(same.density.data, base.density.data)).toBe(-1);
    expect(firstDifference(same.cog.data, base.cog.data)).toBe(-1);
    // A product missing from the given matrix is close to nothing but itself, with a warning naming it.
    const given = ecomplexity(small, {
      proximity: { products: ['P0', 'P1', 'P2', 'P3', 'P9'], matrix: base.proximity },
    });
    expect(given.warnings[0]).toMatch(/P4/);
    expectNoNaN(given);
  });
});
