import ExcelJS from 'exceljs';
import {
  BATCH_SIZE,
  type FileInput,
  normalizeColumnName,
  type SourceRow,
  type TableSource,
} from './table-source.ts';

/** Reads an XLSX workbook's first sheet: the first row is the header, the rest are rows. */
export async function openXlsxSource(input: FileInput): Promise<TableSource> {
  const workbook = new ExcelJS.Workbook();
  if (Buffer.isBuffer(input.data)) await workbook.xlsx.load(input.data as unknown as ArrayBuffer);
  else await workbook.xlsx.readFile(input.data.path);
  const sheet = workbook.worksheets[0];
  const rows: SourceRow[] = [];
  let header: string[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells = (row.values as unknown[]).slice(1).map(cellValue);
    if (header.length === 0) {
      header = cells.map((c) => normalizeColumnName(String(c ?? '')));
      return;
    }
    const values: Record<string, unknown> = {};
    header.forEach((name, i) => {
      if (name !== '') values[name] = cells[i];
    });
    rows.push({ rowNumber, values });
  });
  let done = 0;
  return {
    fileName: input.name,
    format: 'xlsx',
    header,
    fractionRead: () => (rows.length === 0 ? 1 : done / rows.length),
    batches: (async function* () {
      for (let i = 0; i < rows.length; i += BATCH_SIZE) {
        const batch = rows.slice(i, i + BATCH_SIZE);
        done = i + batch.length;
        yield batch;
      }
    })(),
  };
}

/** Formula cells give their result, rich text its plain text, hyperlinks their text. */
function cellValue(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as { result?: unknown; richText?: { text: string }[]; text?: unknown };
    if ('result' in v) return cellValue(v.result);
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return v.text;
  }
  return value;
}
