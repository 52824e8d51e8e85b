import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { FileFormatError } from './structured-source.ts';
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
  const data = Buffer.isBuffer(input.data) ? input.data : readFileSync(input.data.path);
  checkInflatedSize(input.name, data);
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (error) {
    // A truncated or damaged file, or a zip that is no workbook: ExcelJS and JSZip say why.
    throw new FileFormatError(
      `${input.name}: not a readable XLSX workbook (${(error as Error).message}); save it again from the spreadsheet`,
    );
  }
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

/** What an XLSX file may inflate to: far above any real import, far below what exhausts memory. */
export const MAX_XLSX_INFLATED_BYTES = 256 * 1024 * 1024;

/**
 * Refuses a zip bomb before inflating anything: sums the uncompressed sizes the zip's central directory
 * declares (APPNOTE.TXT 4.3.12, 4.3.16). A zip that lies about its sizes is caught by JSZip's own
 * size check only after inflating; the upload limit bounds how large that can get.
 */
function checkInflatedSize(name: string, data: Buffer): void {
  const eocd = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > data.length) return; // not a whole zip: the reader says so
  const entries = data.readUInt16LE(eocd + 10);
  let at = data.readUInt32LE(eocd + 16);
  let total = 0;
  for (let i = 0; i < entries && at + 46 <= data.length; i++) {
    if (data.readUInt32LE(at) !== 0x02014b50) break;
    total += data.readUInt32LE(at + 24);
    at += 46 + data.readUInt16LE(at + 28) + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
  if (total > MAX_XLSX_INFLATED_BYTES) {
    throw new FileFormatError(
      `${name}: the workbook inflates to ${total.toLocaleString('en-US')} bytes, over the limit of ${MAX_XLSX_INFLATED_BYTES.toLocaleString('en-US')}; is it a zip bomb? Split real data into several files`,
    );
  }
}
