/**
 * Reads a long table (time, location, product, value) from CSV for the analyses, with the column names
 * the user gives, checking what the analytics need before they run: named columns present, values that
 * are numbers. Problems name the file, the line and the column.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { LongTable } from '../../analytics/index.ts';

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
  const records = parse(readFileSync(path), {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: false,
  }) as string[][];
  const header = (records[0] ?? []).map((h) => h.trim());
  const position = (name: string | undefined, role: string) => {
    if (name === undefined) return -1;
    const at = header.indexOf(name);
    if (at < 0)
      throw new AnalysisFileError(
        `${path}: no column "${name}" for the ${role}; the header has ${header.join(', ')}`,
      );
    return at;
  };
  const t = position(columns.time, 'time');
  const l = position(columns.location, 'location');
  const p = position(columns.product, 'product');
  const v = position(columns.value, 'value');
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
    const text = record[v]!.trim();
    const number = text === '' ? 0 : Number(text);
    if (!Number.isFinite(number)) {
      throw new AnalysisFileError(
        `${path}, line ${i + 2}, column ${columns.value}: "${text}" — expected a number`,
      );
    }
    value[i] = number;
  }
  return { table: { time, location, product, value }, lineOf: (row) => row + 2, rows: n };
}
