/**
 * The investment-attraction list of the chain chief system (链长制 招商清单) as a file: CSV (UTF-8 with a
 * byte-order mark so that Excel reads the Chinese names) or an XLSX workbook with the list and a sheet
 * stating the score's formula and weights, so the file carries the numbers that produced its order.
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { ATTRACTION_PARTS } from '../../analytics/attraction-score.ts';
import { ATTRACTION_LIST_COLUMNS, type AttractionReport, attractionListRows } from './attraction-targets.ts';

export type AttractionListFormat = 'csv' | 'xlsx';

export function attractionListFileName(report: AttractionReport, format: AttractionListFormat): string {
  return `attraction-list_${report.chain.code}_${report.scope.code}.${format}`;
}

export function attractionListCsv(report: AttractionReport): string {
  return `\ufeff${stringify([[...ATTRACTION_LIST_COLUMNS], ...attractionListRows(report)])}`;
}

export async function attractionListXlsx(report: AttractionReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const list = workbook.addWorksheet('attraction list');
  list.addRow([
    `${report.chain.name_zh} (${report.chain.code}) — ${report.scope.name_zh} (${report.scope.code})`,
  ]).font = {
    bold: true,
    size: 13,
  };
  list.addRow([...ATTRACTION_LIST_COLUMNS]).font = { bold: true };
  for (const row of attractionListRows(report)) list.addRow(row);
  const basis = workbook.addWorksheet('score');
  basis.addRow(['formula', report.formula]);
  for (const part of ATTRACTION_PARTS) basis.addRow([`weight ${part}`, report.weights[part]]);
  basis.addRow(['chain leaders of the scope', report.leaders.join(', ')]);
  basis.addRow([
    'distance measured from',
    report.distance_from
      ? `${report.distance_from.region} (${report.distance_from.lon}, ${report.distance_from.lat})`
      : 'unknown',
  ]);
  for (const node of report.nodes)
    if (node.note) basis.addRow([`node ${node.key} (${node.status})`, node.note]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
