/**
 * Per-mu efficiency grading (亩均效益综合评价) on typed arrays: each enterprise's indicators (ratios of
 * its figures), points against each indicator's benchmark, bonus and penalty items, its score, its rank
 * in its group and its grade band — or why it has none (exempt: grade T; missing inputs, listed; graded
 * with its landlord; below the scheme's minimum land). No I/O.
 *
 * The score follows the form every published scheme we reproduce uses (Huangyan's 计算说明, Huai'an's
 * 评价办法; docs/governance.md): score = Σ min(cap, value ÷ benchmark) × weight + adjustments, with
 * value ÷ benchmark turned over for indicators where less is better.
 */
import {
  type Benchmark,
  type FigureCode,
  type GradingScheme,
  type Grouping,
  SIZE_CLASSES,
  type SizeClass,
} from '../domain/governance/scheme.ts';

export const STATUS = { graded: 0, exempt: 1, incomplete: 2, merged: 3, ineligible: 4 } as const;
export const STATUS_NAMES = ['graded', 'exempt', 'incomplete', 'merged', 'ineligible'] as const;
export type GradingStatus = (typeof STATUS_NAMES)[number];
/** How an item's points were obtained. */
export const ITEM = { computed: 0, missing: 1, zeroFilled: 2, averageFilled: 3, noBenchmark: 4 } as const;

/** One year's enterprises: figures in base units (yuan, mu, tce, kWh, t, persons); NaN where missing. */
export interface GradingPanel {
  count: number;
  figures: Partial<Record<FigureCode, Float64Array>>;
  /** 1 above designated size, 0 below. */
  aboveSize: Uint8Array;
  /** Group ids for 'county' and 'park' grouping (−1: none; an enterprise without one forms no group with others). */
  county: Int32Array;
  park: Int32Array;
  industryCode?: readonly (string | null)[];
  /** Year production started (NaN unknown). */
  productionStartYear?: Float64Array;
  /** 1 where the enterprise's land is still under construction. */
  landUnderConstruction?: Uint8Array;
  /** Index of the landlord whose parcel a tenant uses (−1 none). */
  landlord?: Int32Array;
  /** Per-enterprise flags for the year (bonus and penalty items). */
  flags?: Record<string, Uint8Array>;
}

export interface GradingOptions {
  /** The assessment year (for exemptions by years in production). */
  year: number;
  /** Last year's enterprises, for benchmarks derived from the previous year. */
  previous?: GradingPanel;
}

export interface GradingResult {
  status: Uint8Array;
  /** Index into scheme.formulas (−1 none). */
  formula: Int8Array;
  /** Index into scheme.exemptions (−1 none). */
  exemption: Int16Array;
  score: Float64Array;
  /** Index into scheme.bands.grades (−1 none). */
  grade: Int16Array;
  /** 1-based rank within the ranking group (ties share the better rank); 0 when not ranked. */
  rank: Int32Array;
  groupSize: Int32Array;
  /** Items per enterprise (the widest formula's item count); row i starts at i × width. */
  width: number;
  itemValue: Float64Array;
  itemBenchmark: Float64Array;
  itemPoints: Float64Array;
  itemState: Uint8Array;
  adjustment: Float64Array;
  /** The figures the items were computed from: the panel's, with tenants' added to their landlord's. */
  figures: GradingPanel['figures'];
}

const groupOf = (panel: GradingPanel, grouping: Grouping, i: number): number =>
  grouping === 'run' ? 0 : grouping === 'county' ? panel.county[i]! : panel.park[i]!;

const sizeClassOf = (panel: GradingPanel, i: number): SizeClass =>
  panel.aboveSize[i] === 1 ? 'above_size' : 'below_size';

/** The index of the formula that applies to a size class (−1 when none does). */
export const formulaIndexOf = (scheme: GradingScheme, sizeClass: SizeClass): number =>
  scheme.formulas.findIndex((f) => f.appliesTo.includes(sizeClass));

function formulaIndexByClass(scheme: GradingScheme): Record<SizeClass, number> {
  const out = {} as Record<SizeClass, number>;
  for (const c of SIZE_CLASSES) out[c] = formulaIndexOf(scheme, c);
  return out;
}

/** An indicator's value for enterprise i, NaN when a figure is missing or the denominator is not positive. */
function indicatorValue(
  scheme: GradingScheme,
  code: string,
  figures: GradingPanel['figures'],
  i: number,
): number {
  const def = scheme.indicators.find((d) => d.code === code)!;
  const num = figures[def.numerator]?.[i] ?? Number.NaN;
  const den = figures[def.denominator]?.[i] ?? Number.NaN;
  if (Number.isNaN(num) || Number.isNaN(den) || !(den > 0)) return Number.NaN;
  return (num / den) * def.scale;
}

/** Tenants graded on their landlord's parcel: their figures (not their land) are added to the landlord's. */
function mergeTenants(
  scheme: GradingScheme,
  panel: GradingPanel,
): { figures: GradingPanel['figures']; merged: Uint8Array } {
  const merged = new Uint8Array(panel.count);
  if (scheme.tenants !== 'landlord_parcel' || !panel.landlord) return { figures: panel.figures, merged };
  const figures: GradingPanel['figures'] = {};
  for (const [code, values] of Object.entries(panel.figures))
    figures[code as FigureCode] = Float64Array.from(values!);
  const land = panel.figures.land_area;
  for (let i = 0; i < panel.count; i++) {
    const host = panel.landlord[i]!;
    if (host < 0 || host === i) continue;
    const ownLand = land?.[i] ?? Number.NaN;
    if (ownLand > 0) continue; // a tenant with land of its own is graded on it
    merged[i] = 1;
    for (const [code, values] of Object.entries(figures)) {
      if (code === 'land_area') continue;
      const v = values![i]!;
      if (Number.isNaN(v)) continue;
      const h = values![host]!;
      values![host] = Number.isNaN(h) ? v : h + v;
    }
  }
  return { figures, merged };
}

function exemptionOf(scheme: GradingScheme, panel: GradingPanel, year: number, i: number): number {
  return scheme.exemptions.findIndex((e) => {
    if (e.kind === 'industry') {
      const code = panel.industryCode?.[i];
      return !!code && e.prefixes.some((p) => code.startsWith(p));
    }
    if (e.kind === 'new_firm') {
      const start = panel.productionStartYear?.[i] ?? Number.NaN;
      return !Number.isNaN(start) && year - start < e.yearsBelow;
    }
    return panel.landUnderConstruction?.[i] === 1;
  });
}

function statistic(
  values: number[],
  nums: number[],
  dens: number[],
  kind: 'mean' | 'median' | 'aggregate',
): number {
  if (values.length === 0) return Number.NaN;
  if (kind === 'mean') return values.reduce((a, b) => a + b, 0) / values.length;
  if (kind === 'aggregate') {
    const d = dens.reduce((a, b) => a + b, 0);
    return d > 0 ? nums.reduce((a, b) => a + b, 0) / d : Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A derived benchmark for each group: the statistic of the indicator over the formula's enterprises × multiplier. */
function derivedBenchmarks(
  scheme: GradingScheme,
  indicator: string,
  b: Extract<Benchmark, { kind: 'derived' }>,
  panel: GradingPanel,
  figures: GradingPanel['figures'],
  include: (i: number) => boolean,
): Map<number, number> {
  const def = scheme.indicators.find((d) => d.code === indicator)!;
  const byGroup = new Map<number, { values: number[]; nums: number[]; dens: number[] }>();
  for (let i = 0; i < panel.count; i++) {
    if (!include(i)) continue;
    const v = indicatorValue(scheme, indicator, figures, i);
    if (Number.isNaN(v)) continue;
    const g = groupOf(panel, b.group, i);
    let acc = byGroup.get(g);
    if (!acc) {
      acc = { values: [], nums: [], dens: [] };
      byGroup.set(g, acc);
    }
    acc.values.push(v);
    acc.nums.push(figures[def.numerator]![i]! * def.scale);
    acc.dens.push(figures[def.denominator]![i]!);
  }
  const out = new Map<number, number>();
  for (const [g, acc] of byGroup)
    out.set(g, statistic(acc.values, acc.nums, acc.dens, b.statistic) * b.multiplier);
  return out;
}

/** Grades every enterprise of the panel by the scheme. */
export function gradeEnterprises(
  scheme: GradingScheme,
  panel: GradingPanel,
  options: GradingOptions,
): GradingResult {
  const n = panel.count;
  const width = Math.max(...scheme.formulas.map((f) => f.items.length));
  const result: GradingResult = {
    status: new Uint8Array(n),
    formula: new Int8Array(n).fill(-1),
    exemption: new Int16Array(n).fill(-1),
    score: new Float64Array(n).fill(Number.NaN),
    grade: new Int16Array(n).fill(-1),
    rank: new Int32Array(n),
    groupSize: new Int32Array(n),
    width,
    itemValue: new Float64Array(n * width).fill(Number.NaN),
    itemBenchmark: new Float64Array(n * width).fill(Number.NaN),
    itemPoints: new Float64Array(n * width).fill(Number.NaN),
    itemState: new Uint8Array(n * width),
    adjustment: new Float64Array(n),
    figures: panel.figures,
  };
  const byClass = formulaIndexByClass(scheme);
  const { figures, merged } = mergeTenants(scheme, panel);
  result.figures = figures;
  const land = figures.land_area;

  for (let i = 0; i < n; i++) {
    const f = byClass[sizeClassOf(panel, i)];
    result.formula[i] = f;
    if (merged[i]) {
      result.status[i] = STATUS.merged;
      continue;
    }
    const e = exemptionOf(scheme, panel, options.year, i);
    if (e >= 0) {
      result.exemption[i] = e;
      result.status[i] = STATUS.exempt;
      continue;
    }
    const min = scheme.minLandMu[sizeClassOf(panel, i)];
    const area = land?.[i] ?? Number.NaN;
    if (min !== undefined && area < min) result.status[i] = STATUS.ineligible;
  }
  const graded = (i: number) => result.status[i] === STATUS.graded;

  scheme.formulas.forEach((formula, fi) => {
    const members: number[] = [];
    for (let i = 0; i < n; i++) if (result.formula[i] === fi && graded(i)) members.push(i);
    // Benchmarks: fixed and derived first, then those taken from another item's benchmark.
    const benchmarkOf = new Map<string, (i: number) => number>();
    for (const item of formula.items) {
      const b = item.benchmark;
      if (b.kind === 'fixed') benchmarkOf.set(item.indicator, () => b.value);
      else if (b.kind === 'derived') {
        const previous = b.year === 'previous';
        const source = previous ? options.previous : panel;
        let groups = new Map<number, number>();
        if (source) {
          const prevByClass = previous ? formulaIndexByClass(scheme) : byClass;
          const srcFigures = previous ? source.figures : figures;
          groups = derivedBenchmarks(scheme, item.indicator, b, source, srcFigures, (i) =>
            previous ? prevByClass[sizeClassOf(source, i)] === fi : result.formula[i] === fi && graded(i),
          );
        }
        benchmarkOf.set(item.indicator, (i) => groups.get(groupOf(panel, b.group, i)) ?? Number.NaN);
      }
    }
    const resolve = (code: string, depth: number): ((i: number) => number) => {
      const known = benchmarkOf.get(code);
      if (known) return known;
      const item = formula.items.find((x) => x.indicator === code)!;
      const b = item.benchmark as Extract<Benchmark, { kind: 'from' }>;
      // parseScheme refuses cycles; the depth guard keeps a hand-built scheme from looping.
      if (depth > formula.items.length) return () => Number.NaN;
      const base = resolve(b.indicator, depth + 1);
      const fn = (i: number) => base(i) * b.multiplier;
      benchmarkOf.set(code, fn);
      return fn;
    };

    formula.items.forEach((item, k) => {
      const bench = resolve(item.indicator, 0);
      const def = scheme.indicators.find((d) => d.code === item.indicator)!;
      let sum = 0;
      let count = 0;
      for (const i of members) {
        const at = i * width + k;
        const value = indicatorValue(scheme, item.indicator, figures, i);
        const benchmark = bench(i);
        result.itemValue[at] = value;
        result.itemBenchmark[at] = benchmark;
        if (Number.isNaN(benchmark) || !(benchmark > 0)) {
          result.itemState[at] = ITEM.noBenchmark;
          continue;
        }
        if (Number.isNaN(value)) {
          result.itemState[at] = ITEM.missing;
          continue;
        }
        let ratio =
          def.direction === 'higher' ? value / benchmark : value > 0 ? benchmark / value : Number.NaN;
        if (Number.isNaN(ratio)) {
          result.itemState[at] = ITEM.missing;
          continue;
        }
        if (item.capRatio !== undefined && ratio > item.capRatio) ratio = item.capRatio;
        const points = ratio * item.weight;
        result.itemPoints[at] = points;
        sum += points;
        count++;
      }
      // Missing inputs are filled only where the scheme says how; otherwise they stay listed.
      const average = count > 0 ? sum / count : Number.NaN;
      for (const i of members) {
        const at = i * width + k;
        if (result.itemState[at] !== ITEM.missing) continue;
        if (item.whenMissing === 'zero') {
          result.itemPoints[at] = 0;
          result.itemState[at] = ITEM.zeroFilled;
        } else if (item.whenMissing === 'class_average_points' && !Number.isNaN(average)) {
          result.itemPoints[at] = average;
          result.itemState[at] = ITEM.averageFilled;
        }
      }
    });

    for (const i of members) {
      let total = 0;
      let complete = true;
      for (let k = 0; k < formula.items.length; k++) {
        const p = result.itemPoints[i * width + k]!;
        if (Number.isNaN(p)) complete = false;
        else total += p;
      }
      if (!complete) {
        result.status[i] = STATUS.incomplete;
        continue;
      }
      let adj = 0;
      for (const a of scheme.adjustments) if (panel.flags?.[a.flag]?.[i] === 1) adj += a.points;
      if (scheme.adjustmentCap?.max !== undefined) adj = Math.min(adj, scheme.adjustmentCap.max);
      if (scheme.adjustmentCap?.min !== undefined) adj = Math.max(adj, scheme.adjustmentCap.min);
      result.adjustment[i] = adj;
      total += adj;
      if (scheme.scoreCap !== undefined) total = Math.min(total, scheme.scoreCap);
      result.score[i] = total;
    }
  });

  rankAndBand(scheme, panel, result);
  return result;
}

/** Ranks graded enterprises within their group (and size class, where the bands say so) and gives each its band. */
function rankAndBand(scheme: GradingScheme, panel: GradingPanel, result: GradingResult) {
  const bands = scheme.bands;
  const grouping = bands?.group ?? 'run';
  const separate = bands ? bands.separateSizeClasses : true;
  const groups = new Map<string, number[]>();
  for (let i = 0; i < panel.count; i++) {
    if (result.status[i] !== STATUS.graded) continue;
    const key = `${groupOf(panel, grouping, i)}|${separate ? panel.aboveSize[i] : 0}`;
    let list = groups.get(key);
    if (!list) {
      list = [];
      groups.set(key, list);
    }
    list.push(i);
  }
  for (const members of groups.values()) {
    members.sort((a, b) => result.score[b]! - result.score[a]! || a - b);
    const size = members.length;
    let rank = 0;
    members.forEach((i, position) => {
      if (position === 0 || result.score[i] !== result.score[members[position - 1]!]) rank = position + 1;
      result.rank[i] = rank;
      result.groupSize[i] = size;
      if (!bands) return;
      if (bands.by === 'percentile') {
        // "前20%": rank ≤ 20 % of the group; ties share the better band.
        result.grade[i] = bands.grades.findIndex((g) => rank <= (size * g.topPercent) / 100 + 1e-9);
      } else {
        result.grade[i] = bands.grades.findIndex((g) => result.score[i]! >= g.minScore);
      }
    });
  }
}

/** The letter of a result's grade: its band, T when exempt, null otherwise. */
export function gradeLetter(scheme: GradingScheme, result: GradingResult, i: number): string | null {
  if (result.status[i] === STATUS.exempt) return 'T';
  const g = result.grade[i]!;
  return g >= 0 && scheme.bands ? scheme.bands.grades[g]!.grade : null;
}

export interface ItemBreakdown {
  indicator: string;
  name_zh: string;
  numerator: { figure: FigureCode; value: number | null };
  denominator: { figure: FigureCode; value: number | null };
  value: number | null;
  benchmark: number | null;
  weight: number;
  capRatio: number | null;
  points: number | null;
  state: 'computed' | 'missing' | 'zero_filled' | 'average_filled' | 'no_benchmark';
  /** The arithmetic, e.g. "24.5 ÷ 24.097 × 30 = 30.502". */
  formula: string;
}

/**
 * One item of a result as a grading run keeps it: the two figures the indicator was computed from, the
 * benchmark the enterprise was held to, its points, and how they were obtained (an ITEM code). Everything
 * else the breakdown shows (names, the indicator's value, the arithmetic) follows from the scheme, so a run
 * stores five numbers per item rather than the text — a province's 50,000 breakdowns as text took most of
 * a run's time to write.
 */
export type StoredItem = [
  numerator: number | null,
  denominator: number | null,
  benchmark: number | null,
  points: number | null,
  state: number,
];

const ITEM_STATES = ['computed', 'missing', 'zero_filled', 'average_filled', 'no_benchmark'] as const;
const fmt = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 1e4) / 1e4) : '—');
const orNull = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? null : x);

/** The stored items of enterprise i (empty when no formula applies to it). */
export function storedItems(scheme: GradingScheme, result: GradingResult, i: number): StoredItem[] {
  const f = result.formula[i]!;
  if (f < 0) return [];
  return scheme.formulas[f]!.items.map((item, k): StoredItem => {
    const at = i * result.width + k;
    const def = scheme.indicators.find((d) => d.code === item.indicator)!;
    return [
      orNull(result.figures[def.numerator]?.[i]),
      orNull(result.figures[def.denominator]?.[i]),
      orNull(result.itemBenchmark[at]),
      orNull(result.itemPoints[at]),
      result.itemState[at]!,
    ];
  });
}

/**
 * The stored items of each enterprise as the store keeps them (migration 0015): one array of numbers,
 * the five of each item in turn — equal to storedItems(scheme, result, i).flat(). A grading run writes
 * 50,000 of them; the figure columns of each formula's items are looked up once.
 */
export function storedItemNumbers(
  scheme: GradingScheme,
  result: GradingResult,
): (i: number) => (number | null)[] {
  const none = new Float64Array(0);
  const columns = scheme.formulas.map((formula) =>
    formula.items.map((item) => {
      const def = scheme.indicators.find((d) => d.code === item.indicator)!;
      return [result.figures[def.numerator] ?? none, result.figures[def.denominator] ?? none] as const;
    }),
  );
  return (i) => {
    const f = result.formula[i]!;
    if (f < 0) return [];
    const numbers: (number | null)[] = [];
    columns[f]!.forEach(([numerator, denominator], k) => {
      const at = i * result.width + k;
      numbers.push(
        orNull(numerator[i]),
        orNull(denominator[i]),
        orNull(result.itemBenchmark[at]),
        orNull(result.itemPoints[at]),
        result.itemState[at]!,
      );
    });
    return numbers;
  };
}

/** Stored items from the store's array of numbers (five per item, see storedItemNumbers). */
export function storedItemsOf(numbers: readonly (number | null)[]): StoredItem[] {
  const items: StoredItem[] = [];
  for (let k = 0; k + 5 <= numbers.length; k += 5) {
    const [numerator, denominator, benchmark, points, state] = numbers.slice(k, k + 5);
    items.push([numerator!, denominator!, benchmark!, points!, state!]);
  }
  return items;
}

export interface Breakdown {
  items: ItemBreakdown[];
  adjustment: number;
  score: number | null;
  missing: FigureCode[];
}

/**
 * A result shown item by item from its stored items: inputs, value, benchmark, points and the arithmetic,
 * with the missing figures named (none for an exempt or merged enterprise, whose items were not computed).
 */
export function explainItems(
  scheme: GradingScheme,
  formulaIndex: number,
  stored: readonly StoredItem[],
  outcome: { status: GradingStatus; adjustment: number },
): Breakdown {
  const formula = scheme.formulas[formulaIndex];
  if (!formula || stored.length === 0)
    return { items: [], adjustment: outcome.adjustment, score: null, missing: [] };
  // Items were evaluated only for enterprises in the grading (an ineligible one is listed with its inputs).
  const evaluated = outcome.status === 'graded' || outcome.status === 'incomplete';
  const items = formula.items.map((item, k): ItemBreakdown => {
    const [num, den, benchmark, points, stateCode] = stored[k]!;
    const def = scheme.indicators.find((d) => d.code === item.indicator)!;
    const value = evaluated && num !== null && den !== null && den > 0 ? (num / den) * def.scale : null;
    const state = ITEM_STATES[stateCode]!;
    const v = value ?? Number.NaN;
    const b = benchmark ?? Number.NaN;
    const ratio = def.direction === 'higher' ? `${fmt(v)} ÷ ${fmt(b)}` : `${fmt(b)} ÷ ${fmt(v)}`;
    const capped = item.capRatio !== undefined ? `min(${item.capRatio}, ${ratio})` : ratio;
    return {
      indicator: item.indicator,
      name_zh: def.name_zh,
      numerator: { figure: def.numerator, value: num },
      denominator: { figure: def.denominator, value: den },
      value,
      benchmark,
      weight: item.weight,
      capRatio: item.capRatio ?? null,
      points,
      state,
      formula:
        state === 'computed'
          ? `${capped} × ${item.weight} = ${fmt(points ?? Number.NaN)}`
          : state === 'average_filled'
            ? `class average points = ${fmt(points ?? Number.NaN)}`
            : state === 'zero_filled'
              ? 'missing, counted as 0'
              : state === 'no_benchmark'
                ? 'no benchmark for this group'
                : 'missing input',
    };
  });
  // The formula's score, summed as gradeEnterprises sums it (a score corrected on objection is the result's, not this).
  let score: number | null = null;
  if (outcome.status === 'graded') {
    score = items.reduce((sum, item) => sum + (item.points ?? 0), 0) + outcome.adjustment;
    if (scheme.scoreCap !== undefined) score = Math.min(score, scheme.scoreCap);
  }
  return {
    items,
    adjustment: outcome.adjustment,
    score,
    missing: missingFigures(scheme, formulaIndex, stored, outcome.status),
  };
}

/** The figures a result lacked, in the formula's order (none for an exempt or merged enterprise: it was not scored). */
export function missingFigures(
  scheme: GradingScheme,
  formulaIndex: number,
  stored: readonly StoredItem[],
  status: GradingStatus,
): FigureCode[] {
  const formula = scheme.formulas[formulaIndex];
  if (!formula || status === 'exempt' || status === 'merged') return [];
  const missing = new Set<FigureCode>();
  formula.items.forEach((item, k) => {
    const def = scheme.indicators.find((d) => d.code === item.indicator)!;
    if (stored[k]?.[0] === null) missing.add(def.numerator);
    if (stored[k]?.[1] === null) missing.add(def.denominator);
  });
  return [...missing];
}

/** One enterprise's score shown item by item, with its inputs and the missing figures named. */
export function scoreBreakdown(scheme: GradingScheme, result: GradingResult, i: number): Breakdown {
  return explainItems(scheme, result.formula[i]!, storedItems(scheme, result, i), {
    status: STATUS_NAMES[result.status[i]!]!,
    adjustment: result.adjustment[i]!,
  });
}
