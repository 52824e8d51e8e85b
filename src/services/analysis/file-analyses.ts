/**
 * The analyses a user runs on a file (`chainatlas analyze …`): read the CSV, call the analytics, write
 * the result as CSV with the columns the peer tools use, so a py-ecomplexity or EconGeo user finds them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import {
  AnalyticsInputError,
  allocationCoefficients,
  complexityRecords,
  diversity,
  ecomplexity,
  ghoshInverse,
  leontiefInverse,
  longToPanel,
  matrix,
  outputMultipliers,
  presence,
  proximity,
  proximityRecords,
  rasmussenLinkages,
  revealedComparativeAdvantage,
  shiftShare,
  technicalCoefficients,
  ubiquity,
} from '../../analytics/index.ts';
import { AnalysisFileError, type LongColumns, type LongCsv, readLongCsv } from './long-csv.ts';

export { AnalysisFileError };

export interface AnalysisOutput {
  /** CSV text of the result, or the result as rows for --json. */
  rows: Record<string, string | number>[];
  columns: string[];
  /** Time spent in the analytics alone (ms), for the user who compares tools. */
  computeMs: number;
  notes: string[];
}

/** Re-raises an analytics input error with the file's line numbers in place of row indices. */
function withLines<T>(file: string, csv: LongCsv, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof AnalyticsInputError) {
      const lines = error.rows.map((r) => csv.lineOf(r));
      throw new AnalysisFileError(
        `${file}${lines.length ? `, line ${lines.join(' and ')}` : ''}: ${error.message}`,
      );
    }
    throw error;
  }
}

const round = (x: number) => (Number.isFinite(x) ? x : '');

export function complexityOfFile(
  file: string,
  columns: LongColumns,
  options: { threshold?: number; duplicates?: 'error' | 'sum' | 'first' },
): AnalysisOutput {
  const csv = readLongCsv(file, columns);
  const started = performance.now();
  const result = withLines(file, csv, () =>
    ecomplexity(csv.table, { rcaThreshold: options.threshold, duplicates: options.duplicates }),
  );
  const computeMs = performance.now() - started;
  const names = [
    'time',
    'location',
    'product',
    'value',
    'rca',
    'mcp',
    'diversity',
    'ubiquity',
    'eci',
    'pci',
    'density',
    'coi',
    'cog',
  ];
  const rows: Record<string, string | number>[] = [];
  for (const r of complexityRecords(result)) {
    rows.push({
      time: r.time,
      location: r.location,
      product: r.product,
      value: r.value,
      rca: round(r.rca),
      mcp: r.mcp,
      diversity: r.diversity,
      ubiquity: r.ubiquity,
      eci: round(r.eci),
      pci: round(r.pci),
      density: round(r.density),
      coi: round(r.coi),
      cog: round(r.cog),
    });
  }
  return {
    rows,
    columns: names,
    computeMs,
    notes: [...result.warnings, ...result.omitted.map((o) => `omitted ${JSON.stringify(o)}`)],
  };
}

export function proximityOfFile(
  file: string,
  columns: LongColumns,
  options: { threshold?: number },
): AnalysisOutput {
  const csv = readLongCsv(file, columns);
  const started = performance.now();
  const result = withLines(file, csv, () => proximity(csv.table, { rcaThreshold: options.threshold }));
  const computeMs = performance.now() - started;
  const rows = [...proximityRecords(result)].map((r) => ({
    time: r.time,
    product_1: r.product1,
    product_2: r.product2,
    proximity: r.proximity,
  }));
  return { rows, columns: ['time', 'product_1', 'product_2', 'proximity'], computeMs, notes: [] };
}

/** RCA / location quotient, presence, diversity and ubiquity per (time, location, product). */
export function specializationOfFile(
  file: string,
  columns: LongColumns,
  options: { threshold?: number },
): AnalysisOutput {
  const csv = readLongCsv(file, columns);
  const started = performance.now();
  const panel = withLines(file, csv, () => longToPanel(csv.table));
  const rows: Record<string, string | number>[] = [];
  panel.periods.forEach((period, t) => {
    const values = panel.values[t]!;
    const rca = revealedComparativeAdvantage(values);
    const m = presence({ rca }, { rcaThreshold: options.threshold ?? 1 });
    const div = diversity(m);
    const ubi = ubiquity(m);
    for (let c = 0; c < values.rows; c++) {
      for (let p = 0; p < values.cols; p++) {
        const k = c * values.cols + p;
        rows.push({
          time: period,
          location: panel.locations[c]!,
          product: panel.products[p]!,
          value: values.data[k]!,
          rca: round(rca.data[k]!),
          mcp: m.data[k]!,
          diversity: div[c]!,
          ubiquity: ubi[p]!,
        });
      }
    }
  });
  return {
    rows,
    columns: ['time', 'location', 'product', 'value', 'rca', 'mcp', 'diversity', 'ubiquity'],
    computeMs: performance.now() - started,
    notes: [],
  };
}

/** Classic shift-share between two periods of the file, per (location, product). */
export function shiftShareOfFile(
  file: string,
  columns: LongColumns,
  options: { start: string; end: string },
): AnalysisOutput {
  const csv = readLongCsv(file, columns);
  const started = performance.now();
  const panel = withLines(file, csv, () => longToPanel(csv.table));
  const at = (period: string) => {
    const t = panel.periods.indexOf(period);
    if (t < 0)
      throw new AnalysisFileError(`${file}: no period ${period}; the file has ${panel.periods.join(', ')}`);
    return panel.values[t]!;
  };
  const result = withLines(file, csv, () => shiftShare(at(options.start), at(options.end)));
  const rows: Record<string, string | number>[] = [];
  for (let c = 0; c < panel.locations.length; c++) {
    for (let p = 0; p < panel.products.length; p++) {
      const k = c * panel.products.length + p;
      rows.push({
        location: panel.locations[c]!,
        product: panel.products[p]!,
        start: at(options.start).data[k]!,
        end: at(options.end).data[k]!,
        change: result.change.data[k]!,
        national_growth: result.nationalGrowth.data[k]!,
        industry_mix: result.industryMix.data[k]!,
        competitive: result.competitive.data[k]!,
      });
    }
  }
  return {
    rows,
    columns: [
      'location',
      'product',
      'start',
      'end',
      'change',
      'national_growth',
      'industry_mix',
      'competitive',
    ],
    computeMs: performance.now() - started,
    notes: [
      `periods ${options.start} → ${options.end}; national totals are the sums over the file's locations`,
    ],
  };
}

/**
 * Input-output from a transactions table: a CSV whose header is `sector, <sector 1> … <sector n>,
 * total_output` and whose rows are the supplying sectors (intermediate flows z_ij from row i to column j).
 */
export function inputOutputOfFile(file: string): AnalysisOutput {
  const records = parse(readFileSync(file), { bom: true, skip_empty_lines: true }) as string[][];
  const header = records[0] ?? [];
  const sectors = header.slice(1, -1).map((s) => s.trim());
  if (header[0]?.trim() !== 'sector' || header.at(-1)?.trim() !== 'total_output' || sectors.length === 0) {
    throw new AnalysisFileError(`${file}: expected the header "sector, <sectors…>, total_output"`);
  }
  const n = sectors.length;
  if (records.length - 1 !== n)
    throw new AnalysisFileError(
      `${file}: expected ${n} sector rows (one per column), got ${records.length - 1}`,
    );
  const flows = new Float64Array(n * n);
  const output = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const record = records[i + 1]!;
    if (record[0]?.trim() !== sectors[i]) {
      throw new AnalysisFileError(
        `${file}, line ${i + 2}: expected sector ${sectors[i]} (rows in the same order as the columns)`,
      );
    }
    for (let j = 0; j <= n; j++) {
      const value = Number(record[j + 1]);
      if (!Number.isFinite(value) || value < 0) {
        throw new AnalysisFileError(
          `${file}, line ${i + 2}, column ${header[j + 1]}: "${record[j + 1]}" — expected a number ≥ 0`,
        );
      }
      if (j < n) flows[i * n + j] = value;
      else output[i] = value;
    }
  }
  const started = performance.now();
  const z = matrix(n, n, flows);
  const run = <T>(f: () => T) => {
    try {
      return f();
    } catch (error) {
      if (error instanceof AnalyticsInputError) throw new AnalysisFileError(`${file}: ${error.message}`);
      throw error;
    }
  };
  const a = run(() => technicalCoefficients(z, output));
  const l = run(() => leontiefInverse(a));
  const g = run(() => ghoshInverse(allocationCoefficients(z, output)));
  const multipliers = outputMultipliers(l);
  const linkages = rasmussenLinkages(l, { forwardFrom: g });
  const rows = sectors.map((sector, j) => ({
    sector,
    output_multiplier: multipliers[j]!,
    backward_linkage: linkages.backward[j]!,
    forward_linkage: linkages.forward[j]!,
    role: linkages.roles[j]!,
  }));
  return {
    rows,
    columns: ['sector', 'output_multiplier', 'backward_linkage', 'forward_linkage', 'role'],
    computeMs: performance.now() - started,
    notes: ['forward linkages from the Ghosh inverse (Miller & Blair 2009, §12.2.2)'],
  };
}

export function writeCsv(path: string, output: AnalysisOutput): void {
  writeFileSync(path, csvText(output));
}

/** A text cell needs quotes only when it holds a comma, a quote or a line break (RFC 4180). */
const cell = (v: string | number) =>
  typeof v === 'number' ? String(v) : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;

/**
 * The result as CSV. Written by hand rather than with csv-stringify: for the 177,410 rows of world
 * trade the library took a second, this loop takes a tenth of that, and these cells are plain numbers
 * and codes.
 */
export function csvText(output: AnalysisOutput): string {
  const lines = new Array<string>(output.rows.length + 1);
  lines[0] = output.columns.map(cell).join(',');
  for (let i = 0; i < output.rows.length; i++) {
    const row = output.rows[i]!;
    let line = '';
    for (let j = 0; j < output.columns.length; j++) {
      if (j > 0) line += ',';
      line += cell(row[output.columns[j]!] ?? '');
    }
    lines[i + 1] = line;
  }
  return `${lines.join('\n')}\n`;
}
