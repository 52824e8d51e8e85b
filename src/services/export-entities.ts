/**
 * Export: an entity's rows as CSV, XLSX or JSON, with the same columns the API lists (provenance
 * included), so a spreadsheet user gets back what they keep and where each figure came from.
 */

import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Queryable } from '../store/db.ts';
import type { Visibility } from './accounts/subject.ts';
import type { EntityName } from './catalog.ts';
import { listEntities, MAX_PAGE } from './list-entities.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface Exported {
  body: Buffer;
  contentType: string;
  rows: number;
}

async function allRows(db: Queryable, name: EntityName, visibility?: Visibility) {
  const rows: Record<string, unknown>[] = [];
  for (let offset = 0; ; offset += MAX_PAGE) {
    const page = await listEntities(db, name, { visibility, limit: MAX_PAGE, offset });
    rows.push(...page.items);
    if (page.items.length < MAX_PAGE) return rows;
  }
}

/**
 * A text cell that a spreadsheet would run as a formula (OWASP's CSV-injection rule: it starts with
 * = + - @, a tab or a carriage return) gets a leading apostrophe, so Excel, LibreOffice and Sheets show it
 * as text. Numbers stay numbers: a negative amount is not text and is not touched.
 */
export function neutralizeFormula(v: unknown): unknown {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

const cell = (v: unknown) =>
  neutralizeFormula(Array.isArray(v) ? v.join(';') : v instanceof Date ? v.toISOString().slice(0, 10) : v);

export async function exportEntities(
  db: Queryable,
  name: EntityName,
  format: ExportFormat,
  visibility?: Visibility,
): Promise<Exported> {
  const rows = await allRows(db, name, visibility);
  const columns = rows[0] ? Object.keys(rows[0]) : [];
  if (format === 'json') {
    return {
      body: Buffer.from(JSON.stringify({ kind: name, rows }, null, 2)),
      contentType: 'application/json',
      rows: rows.length,
    };
  }
  if (format === 'csv') {
    const body = stringify(
      rows.map((r) => columns.map((c) => cell(r[c]))),
      { header: true, columns, bom: true },
    );
    return { body: Buffer.from(body), contentType: 'text/csv; charset=utf-8', rows: rows.length };
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(name);
  sheet.columns = columns.map((c) => ({
    header: c,
    key: c,
    width: Math.min(40, Math.max(10, c.length + 2)),
  }));
  for (const r of rows) sheet.addRow(Object.fromEntries(columns.map((c) => [c, cell(r[c])])));
  sheet.getRow(1).font = { bold: true };
  const body = Buffer.from(await workbook.xlsx.writeBuffer());
  return {
    body,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    rows: rows.length,
  };
}
