/**
 * The analyses a user runs on a file (`chainatlas analyze …`): read the CSV, call the analytics, write
 * the result as CSV with the columns the peer tools use, so a py-ecomplexity or EconGeo user finds them.
 */
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import {
  AnalyticsInputError,
  allocationCoefficients,
  complexityRecords,
  diversity,
  type EcomplexityResult,
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
  /** rows.length, known without building `rows` where they are made only on demand. */
  rowCount: number;
  columns: string[];
  /** Time spent in the analytics alone (ms), for the user who compares tools. */
  computeMs: number;
  notes: string[];
  /**
   * The CSV straight from the result's arrays, as UTF-8 chunks handed to `write` (each valid only during
   * the call), where an analysis has a faster way to it than formatting `rows`; the same text either way.
   */
  csv?: (write: (chunk: Uint8Array) => void) => void;
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

const COMPLEXITY_COLUMNS = [
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
  let rows: Record<string, string | number>[] | undefined;
  const rowCount = result.periods.reduce((sum, p) => sum + p.locations.length * p.products.length, 0);
  return {
    // One object per (time, location, product) only when asked for (--json): 177,410 of them for world
    // trade, which the CSV below does without.
    get rows() {
      rows ??= complexityRows(result);
      return rows;
    },
    rowCount,
    columns: COMPLEXITY_COLUMNS,
    computeMs,
    notes: [...result.warnings, ...result.omitted.map((o) => `omitted ${JSON.stringify(o)}`)],
    csv: (write) => writeComplexityCsv(result, write),
  };
}

function complexityRows(result: EcomplexityResult): Record<string, string | number>[] {
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
  return rows;
}

/**
 * `complexityRows` as CSV (the same text `csvText` would make of them), written from the typed arrays
 * into bytes. Printing doubles is what costs (the shortest decimal that reads back as the same double,
 * ≈ 0.16 µs each), so what depends on the location or the product only — its code, diversity, ECI, COI;
 * ubiquity, PCI — is encoded once per location or product, not once per row; and the rows go into a
 * byte buffer rather than 177,410 strings to join and encode: 0.55 s → about 0.2 s on world trade.
 */
function writeComplexityCsv(result: EcomplexityResult, write: (chunk: Uint8Array) => void): void {
  const out = new CsvBytes(write);
  const utf8 = new TextEncoder();
  const encode = (text: string) => utf8.encode(text);
  // Zero is the commonest double here (RCA of a cell with no value, COG of a product already had).
  const number = (x: number) => (x === 0 ? '0' : Number.isFinite(x) ? String(x) : '');
  out.bytes(encode(`${COMPLEXITY_COLUMNS.join(',')}\n`));
  for (const period of result.periods) {
    const { locations, products } = period;
    const n = products.length;
    const productHead = products.map((code) => encode(`${cell(code)},`));
    // A product's own cells: its code; ",ubiquity," after the location's diversity; "pci," after its ECI.
    const productUbiquity = products.map((_, p) => encode(`,${period.ubiquity[p]},`));
    const productPci = products.map((_, p) => encode(`${number(period.pci[p]!)},`));
    const value = period.value.data;
    const rca = period.rca.data;
    const mcp = period.mcp.data;
    const density = period.density.data;
    const cog = period.cog.data;
    for (let c = 0; c < locations.length; c++) {
      const prefix = encode(`${cell(period.time)},${cell(locations[c]!)},`);
      const diversity = encode(`,${period.diversity[c]}`);
      const eci = encode(`${number(period.eci[c]!)},`);
      const coi = encode(`,${number(period.coi[c]!)},`);
      for (let p = 0; p < n; p++) {
        const k = c * n + p;
        // time,location,product,value,rca,mcp,diversity,ubiquity,eci,pci,density,coi,cog
        out.bytes(prefix);
        out.bytes(productHead[p]!);
        out.ascii(String(value[k]));
        out.ascii(',');
        out.ascii(number(rca[k]!));
        out.ascii(mcp[k] === 1 ? ',1' : ',0');
        out.bytes(diversity);
        out.bytes(productUbiquity[p]!);
        out.bytes(eci);
        out.bytes(productPci[p]!);
        out.ascii(number(density[k]!));
        out.bytes(coi);
        out.ascii(number(cog[k]!));
        out.ascii('\n');
      }
    }
  }
  out.end();
}

/**
 * Bytes collected in a 1 MiB buffer and handed on when it fills: no string per row, no copy of the whole
 * output. Short pieces are copied by a loop, which beats `set` and `Buffer.write` at a dozen bytes.
 */
class CsvBytes {
  private readonly buffer = new Uint8Array(1 << 20);
  private length = 0;
  constructor(private readonly write: (chunk: Uint8Array) => void) {}

  /** Short text known to be ASCII (a printed number, a separator). */
  ascii(text: string): void {
    const n = text.length;
    if (this.length + n > this.buffer.length) this.drain();
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < n; i++) buffer[at++] = text.charCodeAt(i);
    this.length = at;
  }

  /** Text already encoded as UTF-8. */
  bytes(piece: Uint8Array): void {
    const n = piece.length;
    if (this.length + n > this.buffer.length) {
      this.drain();
      if (n > this.buffer.length) {
        this.write(piece);
        return;
      }
    }
    if (n > 16) {
      this.buffer.set(piece, this.length);
      this.length += n;
      return;
    }
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < n; i++) buffer[at++] = piece[i]!;
    this.length = at;
  }

  end(): void {
    this.drain();
  }

  private drain(): void {
    if (this.length > 0) this.write(this.buffer.subarray(0, this.length));
    this.length = 0;
  }
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
  return {
    rows,
    rowCount: rows.length,
    columns: ['time', 'product_1', 'product_2', 'proximity'],
    computeMs,
    notes: [],
  };
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
    rowCount: rows.length,
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
    rowCount: rows.length,
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
    rowCount: rows.length,
    columns: ['sector', 'output_multiplier', 'backward_linkage', 'forward_linkage', 'role'],
    computeMs: performance.now() - started,
    notes: ['forward linkages from the Ghosh inverse (Miller & Blair 2009, §12.2.2)'],
  };
}

export function writeCsv(path: string, output: AnalysisOutput): void {
  if (!output.csv) {
    writeFileSync(path, csvText(output));
    return;
  }
  const fd = openSync(path, 'w');
  try {
    output.csv((chunk) => {
      for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done);
    });
  } finally {
    closeSync(fd);
  }
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
  if (output.csv) {
    const chunks: Buffer[] = [];
    output.csv((chunk) => chunks.push(Buffer.from(chunk)));
    return Buffer.concat(chunks).toString('utf8');
  }
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
