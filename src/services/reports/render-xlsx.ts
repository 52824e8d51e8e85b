/**
 * The report as a workbook: one sheet per table (raw numbers with a number format, so totals add up in
 * Excel exactly as in the HTML), then the key facts, problems, next steps and sources. Each figure's
 * footnote numbers sit in the last column of its row.
 */
import ExcelJS from 'exceljs';
import type { Cell, FigureKind, Report, Table } from './report-model.ts';
import type { Writer } from './writer.ts';

const FORMATS: Record<FigureKind, string> = {
  count: '#,##0',
  yuan: '#,##0',
  mu: '#,##0.00',
  ha: '#,##0.00',
  share: '0.0%',
  percent: '0.0',
  plain: '#,##0.##',
};

/** Excel forbids []:*?/\ in sheet names and keeps 31 characters. */
const sheetName = (s: string) => s.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);

function addTable(workbook: ExcelJS.Workbook, table: Table, w: Writer) {
  const sheet = workbook.addWorksheet(sheetName(table.id), { views: [{ rightToLeft: w.rtl }] });
  sheet.addRow([w.t(table.title)]).font = { bold: true, size: 13 };
  const header = sheet.addRow([...table.columns.map((c) => w.t(c)), w.t('section.sources')]);
  header.font = { bold: true };
  table.rows.forEach((row, i) => {
    const notes = new Set<number>();
    const values = row.map((cell: Cell) => {
      if (cell.type === 'number') {
        for (const n of cell.notes ?? []) notes.add(n);
        return cell.value;
      }
      return w.cell(cell);
    });
    const added = sheet.addRow([...values, [...notes].map((n) => `[${n}]`).join(' ')]);
    row.forEach((cell, k) => {
      if (cell.type === 'number') added.getCell(k + 1).numFmt = FORMATS[cell.kind];
    });
    if (table.totalRows?.includes(i)) added.font = { bold: true };
  });
  if (table.note) sheet.addRow([]).getCell(1);
  if (table.note) sheet.addRow([w.t(table.note)]).font = { italic: true };
  sheet.columns.forEach((c, k) => {
    c.width = k === 0 ? 34 : 18;
  });
}

export async function renderXlsx(report: Report, w: Writer): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Chain Atlas';
  for (const table of report.progress) addTable(workbook, table, w);
  const rtl = { views: [{ rightToLeft: w.rtl }] };
  const facts = workbook.addWorksheet('key_facts', rtl);
  facts.addRow([w.t('doc.key_facts'), w.t('section.sources')]).font = { bold: true };
  for (const f of report.facts) facts.addRow([w.t(f.phrase), f.notes.map((n) => `[${n}]`).join(' ')]);
  const problems = workbook.addWorksheet('problems', rtl);
  problems.addRow([
    '#',
    w.t('col.kind'),
    w.t('col.park'),
    w.t('section.problems'),
    w.t('doc.evidence'),
    w.t('section.sources'),
  ]).font = {
    bold: true,
  };
  report.problems.forEach((p, i) => {
    problems.addRow([
      i + 1,
      w.t(`problem_kind.${p.kind}`),
      w.name(p.where),
      w.t(p.statement),
      p.evidence.map((e) => (typeof e === 'string' ? e : w.t(e))).join('\n'),
      p.notes.map((n) => `[${n}]`).join(' '),
    ]);
  });
  const steps = workbook.addWorksheet('next_steps', rtl);
  const opportunities = report.next_steps_sources.includes('opportunities')
    ? w.t('doc.suggestions_opportunities')
    : '';
  steps.addRow([w.t({ key: 'doc.suggestions_note', params: { opportunities } })]).font = { italic: true };
  steps.addRow(['#', w.t('doc.suggestion'), w.t('doc.basis'), w.t('section.sources')]).font = { bold: true };
  report.next_steps.forEach((s, i) => {
    steps.addRow([i + 1, w.t(s.statement), w.t(s.basis), s.notes.map((n) => `[${n}]`).join(' ')]);
  });
  const sources = workbook.addWorksheet('sources', rtl);
  sources.addRow(['#', 'source', 'title', 'quote', 'note']).font = { bold: true };
  for (const f of report.footnotes)
    sources.addRow([f.n, f.source === 'computed' ? w.t('doc.computed') : f.source, f.title, f.quote, f.note]);
  for (const sheet of [facts, problems, steps, sources])
    sheet.columns.forEach((c, k) => {
      c.width = k === 0 ? 8 : 40;
    });
  facts.getColumn(1).width = 90;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
