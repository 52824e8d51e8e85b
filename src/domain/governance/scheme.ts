/**
 * A per-mu efficiency grading scheme (亩均效益综合评价办法) as data: the indicators (each a ratio of two
 * enterprise figures), one formula per size class (a weight, a benchmark and an optional cap per
 * indicator), bonus and penalty items, exemptions (grade T), eligibility, and the grade bands. Schemes
 * are versioned YAML files (data/governance/schemes/*.yaml, docs/governance.md); this module reads one
 * and checks it whole, and every error names the file, the line and the reason, as the chain templates'
 * loader does (docs/chain-templates.md).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { z } from 'zod';

/** Enterprise figures a scheme can divide, with the units each may be written in (factor to the base unit). */
export const FIGURE_UNITS = {
  tax: { yuan: 1, '10k_yuan': 1e4 },
  value_added: { yuan: 1, '10k_yuan': 1e4 },
  revenue: { yuan: 1, '10k_yuan': 1e4 },
  rnd_expenditure: { yuan: 1, '10k_yuan': 1e4 },
  output_value: { yuan: 1, '10k_yuan': 1e4 },
  land_area: { mu: 1, ha: 15 },
  energy_consumption: { tce: 1 },
  electricity_consumption: { kwh: 1, '10k_kwh': 1e4 },
  pollutant_emissions: { t: 1, kg: 0.001 },
  employees: { person: 1 },
} as const;
export type FigureCode = keyof typeof FIGURE_UNITS;
export const FIGURE_CODES = Object.keys(FIGURE_UNITS) as FigureCode[];

export const SIZE_CLASSES = ['above_size', 'below_size'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];
/** Groups within which benchmarks are derived and enterprises ranked. */
export const GROUPINGS = ['run', 'county', 'park'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export interface IndicatorDef {
  code: string;
  name_zh: string;
  name_en?: string;
  numerator: FigureCode;
  denominator: FigureCode;
  /** Factor that turns base-unit figures into the indicator's stated unit. */
  scale: number;
  unit?: string;
  /** 'higher' (default): more is better; 'lower': the ratio is benchmark ÷ value. */
  direction: 'higher' | 'lower';
}

export type Benchmark =
  | { kind: 'fixed'; value: number }
  | {
      kind: 'derived';
      statistic: 'mean' | 'median' | 'aggregate';
      year: 'previous' | 'current';
      group: Grouping;
      multiplier: number;
    }
  | { kind: 'from'; indicator: string; multiplier: number };

export interface FormulaItem {
  indicator: string;
  weight: number;
  benchmark: Benchmark;
  /** Largest value ÷ benchmark counted (e.g. 1.5: at most 1.5 × weight points); none when absent. */
  capRatio?: number;
  /** What to do when a figure is missing: list it (no score), count zero, or give the class's average points. */
  whenMissing: 'list' | 'zero' | 'class_average_points';
}

export interface Formula {
  appliesTo: SizeClass[];
  weightsTotal: number;
  items: FormulaItem[];
}

export interface Adjustment {
  code: string;
  name_zh: string;
  points: number;
  /** The per-enterprise flag (recorded for the year) that triggers it. */
  flag: string;
}

export type Exemption =
  | { code: string; kind: 'industry'; prefixes: string[]; name_zh?: string }
  | { code: string; kind: 'new_firm'; yearsBelow: number; name_zh?: string }
  | { code: string; kind: 'land_under_construction'; name_zh?: string };

export type Bands =
  | {
      by: 'percentile';
      group: Grouping;
      separateSizeClasses: boolean;
      grades: { grade: string; topPercent: number }[];
    }
  | {
      by: 'score';
      group: Grouping;
      separateSizeClasses: boolean;
      grades: { grade: string; minScore: number }[];
    };

export interface SchemeSource {
  title: string;
  issuer: string;
  date: string;
  url: string;
  quotes: string[];
  notes: string[];
}

export interface GradingScheme {
  code: string;
  version: number;
  name_zh: string;
  name_en?: string;
  /** The year whose figures the scheme grades (a preset's benchmarks are for that year). */
  assessmentYear?: number;
  source: SchemeSource;
  indicators: IndicatorDef[];
  formulas: Formula[];
  adjustments: Adjustment[];
  adjustmentCap?: { min?: number; max?: number };
  scoreCap?: number;
  /** Enterprises of a size class with less land than this are outside the evaluation (not graded, not T). */
  minLandMu: Partial<Record<SizeClass, number>>;
  exemptions: Exemption[];
  /** 'landlord_parcel': a tenant without land of its own is graded with its landlord, on the landlord's parcel. */
  tenants: 'separately' | 'landlord_parcel';
  bands?: Bands;
}

/** One thing wrong with a scheme file: where and why. */
export interface SchemeIssue {
  file: string;
  line: number | undefined;
  path: string;
  reason: string;
}

export class SchemeError extends Error {
  constructor(readonly issues: SchemeIssue[]) {
    super(issues.map(formatSchemeIssue).join('\n'));
  }
}

export const formatSchemeIssue = (i: SchemeIssue) =>
  `${i.file}${i.line ? `, line ${i.line}` : ''}: ${i.path ? `${i.path}: ` : ''}${i.reason}`;

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SNAKE = /^[a-z][a-z0-9_]*$/;
/** Weights are written with a few decimals; a sum this close to the total is the total. */
const WEIGHT_TOLERANCE = 1e-6;

const positive = z.number().finite().positive();
const benchmarkSchema = z.union([
  z.object({ fixed: positive }).strict(),
  z
    .object({
      derived: z
        .object({
          statistic: z.enum(['mean', 'median', 'aggregate']).default('mean'),
          year: z.enum(['previous', 'current']),
          group: z.enum(GROUPINGS).default('run'),
          multiplier: positive.default(1),
        })
        .strict(),
    })
    .strict(),
  z.object({ from: z.object({ indicator: z.string(), multiplier: positive.default(1) }).strict() }).strict(),
]);

const rawSchema = z
  .object({
    code: z.string().regex(KEBAB, 'a kebab-case code (letters, digits, dashes)'),
    version: z.number().int().min(1),
    name_zh: z.string().min(1),
    name_en: z.string().optional(),
    assessment_year: z.number().int().min(1990).max(2200).optional(),
    source: z
      .object({
        title: z.string().min(1),
        issuer: z.string().min(1),
        date: z
          .union([z.string(), z.date()])
          .transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
        url: z.string().min(1),
        quotes: z.array(z.string().min(1)).min(1),
        notes: z.array(z.string()).default([]),
      })
      .strict(),
    indicators: z
      .array(
        z
          .object({
            code: z.string().regex(SNAKE, 'a snake_case code'),
            name_zh: z.string().min(1),
            name_en: z.string().optional(),
            numerator: z.string(),
            denominator: z.string(),
            numerator_unit: z.string().optional(),
            denominator_unit: z.string().optional(),
            unit: z.string().optional(),
            direction: z.enum(['higher', 'lower']).default('higher'),
          })
          .strict(),
      )
      .min(1),
    formulas: z
      .array(
        z
          .object({
            applies_to: z.array(z.enum(SIZE_CLASSES)).min(1),
            weights_total: positive,
            items: z
              .array(
                z
                  .object({
                    indicator: z.string(),
                    weight: positive,
                    benchmark: benchmarkSchema,
                    cap_ratio: positive.optional(),
                    when_missing: z.enum(['list', 'zero', 'class_average_points']).default('list'),
                  })
                  .strict(),
              )
              .min(1),
          })
          .strict(),
      )
      .min(1),
    adjustments: z
      .array(
        z
          .object({
            code: z.string().regex(SNAKE, 'a snake_case code'),
            name_zh: z.string().min(1),
            points: z.number().finite(),
            flag: z.string().regex(SNAKE, 'a snake_case flag'),
          })
          .strict(),
      )
      .default([]),
    adjustment_cap: z.object({ min: z.number().optional(), max: z.number().optional() }).strict().optional(),
    score_cap: positive.optional(),
    eligibility: z
      .object({
        above_size_min_land_mu: z.number().finite().min(0).optional(),
        below_size_min_land_mu: z.number().finite().min(0).optional(),
      })
      .strict()
      .optional(),
    exemptions: z
      .array(
        z.union([
          z
            .object({
              code: z.string(),
              name_zh: z.string().optional(),
              industry_prefixes: z
                .array(z.string().regex(/^\d{2,4}$/, 'GB/T 4754 codes of 2–4 digits'))
                .min(1),
            })
            .strict(),
          z
            .object({
              code: z.string(),
              name_zh: z.string().optional(),
              years_in_production_below: positive,
            })
            .strict(),
          z
            .object({
              code: z.string(),
              name_zh: z.string().optional(),
              land_under_construction: z.literal(true),
            })
            .strict(),
        ]),
      )
      .default([]),
    tenants: z.enum(['separately', 'landlord_parcel']).default('separately'),
    bands: z
      .object({
        by: z.enum(['percentile', 'score']),
        group: z.enum(GROUPINGS).default('run'),
        separate_size_classes: z.boolean().default(false),
        grades: z
          .array(
            z
              .object({
                grade: z.string().regex(/^[A-SU-Z]$/, 'one capital letter (T is reserved for exemptions)'),
                top_percent: z.number().finite().gt(0).max(100).optional(),
                min_score: z.number().finite().optional(),
              })
              .strict(),
          )
          .min(2),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Lines of the YAML nodes, by path ("formulas.0.items.1.weight"). */
function lineIndex(text: string) {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true });
  const lines = new Map<string, number>();
  const visit = (node: unknown, path: string) => {
    const range = (node as YamlNode | null)?.range;
    if (range && !lines.has(path)) lines.set(path, counter.linePos(range[0]).line);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const at = path ? `${path}.${key}` : key;
        const keyRange = (pair.key as YamlNode | null)?.range;
        if (keyRange) lines.set(at, counter.linePos(keyRange[0]).line);
        visit(pair.value, at);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        visit(item, path ? `${path}.${i}` : String(i));
      });
    }
  };
  visit(doc.contents, '');
  return { doc, counter, lineOf: (path: (string | number)[]) => nearestLine(lines, path) };
}

function nearestLine(lines: Map<string, number>, path: (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const line = lines.get(path.slice(0, n).join('.'));
    if (line !== undefined) return line;
  }
  return undefined;
}

/**
 * Reads and checks a scheme. Throws SchemeError listing every problem found (parse errors, unknown keys
 * or values, unknown indicators or figures, weights that do not add up to the formula's total, a size
 * class without a formula or with two, circular benchmarks, bands out of order).
 */
export function parseScheme(text: string, file: string): GradingScheme {
  const { doc, lineOf } = lineIndex(text);
  if (doc.errors.length > 0) {
    throw new SchemeError(
      doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0]?.line,
        path: '',
        reason: `not valid YAML (${e.message.split('\n')[0]})`,
      })),
    );
  }
  const raw = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const parsed = rawSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SchemeError(
      parsed.error.issues.map((issue) => {
        const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
        const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
        return {
          file,
          line: lineOf(keys.length ? [...path, keys[0]!] : path),
          path: path.join('.'),
          reason:
            issue.code === 'unrecognized_keys'
              ? `unknown key${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`
              : issue.message,
        };
      }),
    );
  }
  const r = parsed.data;
  const issues: SchemeIssue[] = [];
  const fail = (path: (string | number)[], reason: string) =>
    issues.push({ file, line: lineOf(path), path: path.join('.'), reason });

  const indicators: IndicatorDef[] = [];
  const indicatorCodes = new Set<string>();
  r.indicators.forEach((ind, i) => {
    if (indicatorCodes.has(ind.code))
      fail(['indicators', i, 'code'], `indicator ${ind.code} is defined twice`);
    indicatorCodes.add(ind.code);
    let scale = 1;
    for (const side of ['numerator', 'denominator'] as const) {
      const figure = ind[side];
      if (!(FIGURE_CODES as string[]).includes(figure)) {
        fail(['indicators', i, side], `unknown figure ${figure} (one of ${FIGURE_CODES.join(', ')})`);
        continue;
      }
      const units = FIGURE_UNITS[figure as FigureCode] as Record<string, number>;
      const unit = ind[`${side}_unit`];
      const factor = unit === undefined ? 1 : units[unit];
      if (factor === undefined) {
        fail(
          ['indicators', i, `${side}_unit`],
          `unit ${unit} for ${figure} (one of ${Object.keys(units).join(', ')})`,
        );
        continue;
      }
      scale *= side === 'numerator' ? 1 / factor : factor;
    }
    if (ind.numerator === ind.denominator)
      fail(['indicators', i], 'an indicator divides two different figures');
    indicators.push({
      code: ind.code,
      name_zh: ind.name_zh,
      name_en: ind.name_en,
      numerator: ind.numerator as FigureCode,
      denominator: ind.denominator as FigureCode,
      scale,
      unit: ind.unit,
      direction: ind.direction,
    });
  });

  const covered = new Map<SizeClass, number>();
  const formulas: Formula[] = r.formulas.map((f, fi) => {
    for (const c of f.applies_to) {
      if (covered.has(c))
        fail(['formulas', fi, 'applies_to'], `${c} already has a formula (formulas.${covered.get(c)})`);
      covered.set(c, fi);
    }
    const items: FormulaItem[] = [];
    const seen = new Set<string>();
    let total = 0;
    f.items.forEach((item, ii) => {
      const at = ['formulas', fi, 'items', ii];
      if (!indicatorCodes.has(item.indicator))
        fail([...at, 'indicator'], `unknown indicator ${item.indicator} (not in indicators)`);
      if (seen.has(item.indicator))
        fail([...at, 'indicator'], `indicator ${item.indicator} appears twice in this formula`);
      seen.add(item.indicator);
      total += item.weight;
      const b = item.benchmark;
      const benchmark: Benchmark =
        'fixed' in b
          ? { kind: 'fixed', value: b.fixed }
          : 'derived' in b
            ? { kind: 'derived', ...b.derived }
            : { kind: 'from', ...b.from };
      if (benchmark.kind === 'from' && !f.items.some((o) => o.indicator === benchmark.indicator))
        fail(
          [...at, 'benchmark', 'from', 'indicator'],
          `benchmark from ${benchmark.indicator}, which is not an item of this formula`,
        );
      items.push({
        indicator: item.indicator,
        weight: item.weight,
        benchmark,
        capRatio: item.cap_ratio,
        whenMissing: item.when_missing,
      });
    });
    if (Math.abs(total - f.weights_total) > WEIGHT_TOLERANCE)
      fail(
        ['formulas', fi, 'weights_total'],
        `the weights add up to ${round(total)}, but the scheme requires ${f.weights_total}`,
      );
    // A benchmark taken from another item's benchmark must end at one that is fixed or derived.
    const cycle = benchmarkCycle(items);
    if (cycle) {
      const ii = items.findIndex((x) => x.indicator === cycle[0]);
      fail(['formulas', fi, 'items', ii, 'benchmark'], `circular benchmark: ${cycle.join(' → ')}`);
    }
    return { appliesTo: f.applies_to, weightsTotal: f.weights_total, items };
  });
  for (const c of SIZE_CLASSES)
    if (!covered.has(c)) fail(['formulas'], `no formula applies to ${c} enterprises`);

  const adjustmentCodes = new Set<string>();
  r.adjustments.forEach((a, i) => {
    if (adjustmentCodes.has(a.code))
      fail(['adjustments', i, 'code'], `adjustment ${a.code} is defined twice`);
    adjustmentCodes.add(a.code);
  });

  const exemptions: Exemption[] = r.exemptions.map((e) =>
    'industry_prefixes' in e
      ? { code: e.code, name_zh: e.name_zh, kind: 'industry', prefixes: e.industry_prefixes }
      : 'years_in_production_below' in e
        ? { code: e.code, name_zh: e.name_zh, kind: 'new_firm', yearsBelow: e.years_in_production_below }
        : { code: e.code, name_zh: e.name_zh, kind: 'land_under_construction' },
  );

  let bands: Bands | undefined;
  if (r.bands) {
    const b = r.bands;
    const grades = new Set<string>();
    b.grades.forEach((g, i) => {
      if (grades.has(g.grade)) fail(['bands', 'grades', i, 'grade'], `grade ${g.grade} appears twice`);
      grades.add(g.grade);
      const want = b.by === 'percentile' ? 'top_percent' : 'min_score';
      const other = b.by === 'percentile' ? 'min_score' : 'top_percent';
      if (g[want] === undefined) fail(['bands', 'grades', i], `a ${want} (bands are by ${b.by})`);
      if (g[other] !== undefined) fail(['bands', 'grades', i, other], `no ${other} (bands are by ${b.by})`);
    });
    if (b.by === 'percentile') {
      const tops = b.grades.map((g) => g.top_percent ?? Number.NaN);
      tops.forEach((t, i) => {
        if (i > 0 && !(t > tops[i - 1]!))
          fail(
            ['bands', 'grades', i, 'top_percent'],
            `percent bands rise from the best grade to the worst (${t} after ${tops[i - 1]})`,
          );
      });
      if (tops.at(-1) !== 100)
        fail(
          ['bands', 'grades', b.grades.length - 1, 'top_percent'],
          'the last band ends at 100 (every enterprise gets a grade)',
        );
      bands = {
        by: 'percentile',
        group: b.group,
        separateSizeClasses: b.separate_size_classes,
        grades: b.grades.map((g) => ({ grade: g.grade, topPercent: g.top_percent ?? 100 })),
      };
    } else {
      const mins = b.grades.map((g) => g.min_score ?? Number.NaN);
      mins.forEach((m, i) => {
        if (i > 0 && !(m < mins[i - 1]!))
          fail(
            ['bands', 'grades', i, 'min_score'],
            `score bands fall from the best grade to the worst (${m} after ${mins[i - 1]})`,
          );
      });
      bands = {
        by: 'score',
        group: b.group,
        separateSizeClasses: b.separate_size_classes,
        grades: b.grades.map((g) => ({ grade: g.grade, minScore: g.min_score ?? Number.NEGATIVE_INFINITY })),
      };
    }
  }
  if (issues.length > 0) throw new SchemeError(issues);
  return {
    code: r.code,
    version: r.version,
    name_zh: r.name_zh,
    name_en: r.name_en,
    assessmentYear: r.assessment_year,
    source: r.source,
    indicators,
    formulas,
    adjustments: r.adjustments.map((a) => ({
      code: a.code,
      name_zh: a.name_zh,
      points: a.points,
      flag: a.flag,
    })),
    adjustmentCap: r.adjustment_cap,
    scoreCap: r.score_cap,
    minLandMu: {
      above_size: r.eligibility?.above_size_min_land_mu,
      below_size: r.eligibility?.below_size_min_land_mu,
    },
    exemptions,
    tenants: r.tenants,
    bands,
  };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** The first chain of "benchmark from" references that comes back to where it started, if any. */
export function benchmarkCycle(items: FormulaItem[]): string[] | null {
  const next = new Map<string, string>();
  for (const item of items)
    if (item.benchmark.kind === 'from') next.set(item.indicator, item.benchmark.indicator);
  for (const start of next.keys()) {
    const path = [start];
    let at = next.get(start);
    while (at !== undefined) {
      path.push(at);
      if (at === start) return path;
      if (path.length > next.size + 1) break;
      at = next.get(at);
    }
  }
  return null;
}

/** The formula that grades an enterprise of a size class. */
export const formulaFor = (scheme: GradingScheme, sizeClass: SizeClass): Formula =>
  scheme.formulas.find((f) => f.appliesTo.includes(sizeClass))!;
