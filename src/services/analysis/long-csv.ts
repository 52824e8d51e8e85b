/**
 * Reads a long table (time, location, product, value) from CSV for the analyses, with the column names
 * the user gives, checking what the analytics need before they run: named columns present, values that
 * are numbers. Problems name the file, the line and the column.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { EncodedCodes, LongTable } from '../../analytics/index.ts';

export interface LongColumns {
  time?: string;
  location: string;
  product: string;
  value: string;
}

export class AnalysisFileError extends Error {}

export interface LongCsv {
  table: LongTable;
  /** Line in the file of each row (header = line 1), to name rows in the analytics' errors. */
  lineOf(row: number): number;
  rows: number;
}

export function readLongCsv(path: string, columns: LongColumns): LongCsv {
  const bytes = readFileSync(path);
  return readPlainLongCsv(path, bytes, columns) ?? readQuotedLongCsv(path, bytes, columns);
}

/** The header's position of each column the user named, or an error that lists the header. */
function positions(path: string, header: string[], columns: LongColumns) {
  const position = (name: string | undefined, role: string) => {
    if (name === undefined) return -1;
    const at = header.indexOf(name);
    if (at < 0)
      throw new AnalysisFileError(
        `${path}: no column "${name}" for the ${role}; the header has ${header.join(', ')}`,
      );
    return at;
  };
  return {
    t: position(columns.time, 'time'),
    l: position(columns.location, 'location'),
    p: position(columns.product, 'product'),
    v: position(columns.value, 'value'),
  };
}

/** A value cell as a number (empty = 0, a missing value), or an error naming the line and column. */
function numberOf(path: string, text: string, line: number, column: string): number {
  const number = text === '' ? 0 : Number(text);
  if (!Number.isFinite(number)) {
    throw new AnalysisFileError(`${path}, line ${line}, column ${column}: "${text}" — expected a number`);
  }
  return number;
}

/**
 * The common case without a CSV library: every row on one line (no line break inside quotes, no lone
 * carriage return). One pass over the decoded text reads each line's cells — plain, quoted, or quoted
 * with doubled quotes inside — and hands the analytics dictionary-encoded columns (codes once, then a
 * small integer per row), so no string is kept per row and the analytics hash nothing: ≈ 4× faster than
 * csv-parse on world trade (124,336 rows, every cell quoted), which was a fifth of the whole `analyze
 * complexity` run. Answers undefined for anything else (a quote that does not close on its line, a stray
 * quote, a row with the wrong number of cells…): the general parser below then reads the file and
 * reports what is wrong.
 */
function readPlainLongCsv(path: string, bytes: Buffer, columns: LongColumns): LongCsv | undefined {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (/\r(?!\n)/.test(text)) return undefined;
  const quoted = text.includes('"');
  const length = text.length;
  // Cell j of the current line is text[from[j], to[j]), its quotes removed; `escaped[j]` when it holds
  // doubled quotes, to be unescaped when read.
  let width = 0;
  const from: number[] = [];
  const to: number[] = [];
  const escaped: boolean[] = [];
  const push = (a: number, b: number, hasEscapes: boolean) => {
    from[width] = a;
    to[width] = b;
    escaped[width] = hasEscapes;
    width++;
  };
  /** Splits the line text[at, end) into cells; false when it is not plain (see above). */
  const split = (at: number, end: number): boolean => {
    width = 0;
    for (;;) {
      if (quoted && text.charCodeAt(at) === 34) {
        // "…": up to the closing quote; "" inside stands for one quote.
        let close = text.indexOf('"', at + 1);
        let hasEscapes = false;
        while (close >= 0 && close + 1 < end && text.charCodeAt(close + 1) === 34) {
          hasEscapes = true;
          close = text.indexOf('"', close + 2);
        }
        if (close < 0 || close >= end) return false;
        push(at + 1, close, hasEscapes);
        at = close + 1;
        if (at === end) return true;
        if (text.charCodeAt(at) !== 44) return false;
      } else {
        let comma = text.indexOf(',', at);
        if (comma < 0 || comma > end) comma = end;
        if (quoted) {
          const quote = text.indexOf('"', at);
          if (quote >= 0 && quote < comma) return false;
        }
        push(at, comma, false);
        at = comma;
        if (at === end) return true;
      }
      at++; // past the comma
    }
  };
  const code = (codes: CodeDictionary, row: number, j: number) => {
    if (escaped[j]) codes.add(row, cellText(j));
    else codes.addRange(row, text, from[j]!, to[j]!);
  };
  const cellText = (j: number) => {
    const raw = text.slice(from[j]!, to[j]!);
    return escaped[j] ? raw.replaceAll('""', '"') : raw;
  };
  // Lines, without their \r; empty lines are skipped, as csv-parse's skip_empty_lines does.
  let lineStart = 0;
  let lineEnd = 0;
  const nextLine = (): boolean => {
    while (lineStart < length) {
      let end = text.indexOf('\n', lineStart);
      if (end < 0) end = length;
      const next = end + 1;
      if (end > lineStart && text.charCodeAt(end - 1) === 13) end--;
      if (end > lineStart) {
        lineEnd = end;
        return true;
      }
      lineStart = next;
    }
    return false;
  };
  const advance = () => {
    lineStart = text.charCodeAt(lineEnd) === 13 ? lineEnd + 2 : lineEnd + 1;
  };

  if (!nextLine() || !split(lineStart, lineEnd)) return undefined;
  advance();
  const headerWidth = width;
  const header = Array.from({ length: width }, (_, j) => cellText(j).trim());
  const { t, l, p, v } = positions(path, header, columns);
  // At most one row per remaining line break (and one more without a final one).
  let bound = 1;
  for (let at = text.indexOf('\n', lineStart); at >= 0; at = text.indexOf('\n', at + 1)) bound++;
  const time = t >= 0 ? new CodeDictionary(bound) : undefined;
  const location = new CodeDictionary(bound);
  const product = new CodeDictionary(bound);
  const value = new Float64Array(bound);
  let n = 0;
  while (nextLine()) {
    if (!split(lineStart, lineEnd) || width !== headerWidth) return undefined;
    const row = n++;
    if (time) code(time, row, t);
    code(location, row, l);
    code(product, row, p);
    value[row] =
      integerIn(text, from[v]!, to[v]!) ?? numberOf(path, cellText(v).trim(), row + 2, columns.value);
    advance();
  }
  return {
    table: {
      time: time?.column(n),
      location: location.column(n),
      product: product.column(n),
      value: value.subarray(0, n),
    },
    lineOf: (row) => row + 2,
    rows: n,
  };
}

/** The cell text[from, to) as a number when it is plain digits (at most 15: exact in a double). */
function integerIn(text: string, from: number, to: number): number | undefined {
  if (to <= from || to - from > 15) return undefined;
  let x = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    x = x * 10 + digit;
  }
  return x;
}

/**
 * A code column as it is read: each code once, and per row the position of its code — the analytics'
 * dictionary-encoded `EncodedCodes`, which they take without hashing a string per row.
 */
class CodeDictionary {
  private readonly seen: Record<string, number> = Object.create(null);
  private readonly codes: string[] = [];
  private readonly index: Int32Array;
  private previous = '';
  private previousId = -1;

  constructor(rows: number) {
    this.index = new Int32Array(rows);
  }

  /**
   * The code text[from, to) for `row`. Long tables come grouped (by location, often by period), so it is
   * first compared in place with the previous row's code, and sliced out only when it differs.
   */
  addRange(row: number, text: string, from: number, to: number): void {
    const previous = this.previous;
    if (this.previousId >= 0 && to - from === previous.length && text.startsWith(previous, from)) {
      this.index[row] = this.previousId;
      return;
    }
    this.add(row, text.slice(from, to));
  }

  add(row: number, code: string): void {
    let id = this.seen[code];
    if (id === undefined) {
      id = this.codes.length;
      this.seen[code] = id;
      this.codes.push(code);
    }
    this.index[row] = id;
    this.previous = code;
    this.previousId = id;
  }

  column(rows: number): EncodedCodes {
    return { dictionary: this.codes, index: this.index.subarray(0, rows) };
  }
}

/** Any RFC 4180 file (quoted cells, line breaks inside quotes), through csv-parse. */
function readQuotedLongCsv(path: string, bytes: Buffer, columns: LongColumns): LongCsv {
  let records: string[][];
  try {
    records = parse(bytes, { bom: true, skip_empty_lines: true, relax_column_count: false });
  } catch (error) {
    // csv-parse names the line ("Invalid Record Length: expect 4, got 3 on line 3"); add the file.
    throw new AnalysisFileError(`${path}: ${(error as Error).message}`);
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  const { t, l, p, v } = positions(path, header, columns);
  const n = records.length - 1;
  const time = t >= 0 ? new Array<string>(n) : undefined;
  const location = new Array<string>(n);
  const product = new Array<string>(n);
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const record = records[i + 1]!;
    if (time) time[i] = record[t]!;
    location[i] = record[l]!;
    product[i] = record[p]!;
    value[i] = numberOf(path, record[v]!.trim(), i + 2, columns.value);
  }
  return { table: { time, location, product, value }, lineOf: (row) => row + 2, rows: n };
}
