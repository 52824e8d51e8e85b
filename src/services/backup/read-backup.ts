/**
 * Reads a backup file (format.ts) line by line and checks all of it: gzip's CRC, the order of header,
 * table sections and trailer, every row's shape, each table's row count and hash. Whatever is wrong is
 * a BackupFileError naming the file, the line and what was expected.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupFileError,
  type BackupHeader,
  type BackupTrailer,
  type TableEnd,
  type TableHeader,
} from './format.ts';

export interface BackupVisitor {
  header?(header: BackupHeader): Promise<void> | void;
  table?(table: TableHeader): Promise<void> | void;
  /** A batch of row lines of the current table, each a JSON array as written (unparsed). */
  rows?(table: TableHeader, lines: string[]): Promise<void> | void;
  tableEnd?(end: TableEnd): Promise<void> | void;
}

export interface BackupContents {
  header: BackupHeader;
  tables: TableHeader[];
  rows: number;
}

const BATCH_ROWS = 2000;
const BATCH_CHARS = 4 * 1024 * 1024;

/**
 * Reads `file` to its end, calling `visitor` as it goes. `parseRows` checks each row's JSON and width
 * (the verifying pass does; the restoring pass relies on the hashes matching the verified ones).
 */
export async function readBackup(
  file: string,
  visitor: BackupVisitor = {},
  options: { parseRows?: boolean } = {},
): Promise<BackupContents> {
  const fail = (line: number | null, detail: string): never => {
    throw new BackupFileError(file, line, detail);
  };
  let header: BackupHeader | null = null;
  let trailer: BackupTrailer | null = null;
  const tables: TableHeader[] = [];
  let current: TableHeader | null = null;
  let hash = createHash('sha256');
  let tableRows = 0;
  let totalRows = 0;
  let batch: string[] = [];
  let batchChars = 0;
  let lineNo = 0;

  const flush = async () => {
    if (batch.length && current) await visitor.rows?.(current, batch);
    batch = [];
    batchChars = 0;
  };

  const onLine = async (line: string) => {
    lineNo++;
    if (trailer) fail(lineNo, 'text after the end marker: the file was altered');
    if (!header) {
      const value = parseJson(line, lineNo, fail) as Partial<BackupHeader> | null;
      if (!value || value.format !== BACKUP_FORMAT)
        fail(
          lineNo,
          'not a Chain Atlas backup (its first line is not the backup header); make one with `chainatlas db backup FILE`',
        );
      if (typeof value!.format_version !== 'number' || value!.format_version > BACKUP_FORMAT_VERSION)
        fail(
          lineNo,
          `backup format ${value!.format_version} is newer than this Chain Atlas reads (${BACKUP_FORMAT_VERSION}); upgrade Chain Atlas first`,
        );
      if (!Array.isArray(value!.schema) || !Array.isArray(value!.tables))
        fail(lineNo, 'the header lacks its schema or table list');
      header = value as BackupHeader;
      await visitor.header?.(header);
      return;
    }
    if (line.startsWith('[')) {
      if (!current) fail(lineNo, 'a row outside any table section');
      if (options.parseRows) {
        const row = parseJson(line, lineNo, fail);
        if (!Array.isArray(row) || row.length !== current!.columns.length)
          fail(lineNo, `a row of ${current!.table} should be a list of ${current!.columns.length} values`);
        for (const v of row as unknown[])
          if (v !== null && typeof v !== 'string')
            fail(lineNo, `a row of ${current!.table} holds ${JSON.stringify(v)}; values are text or null`);
      }
      hash.update(`${line}\n`);
      tableRows++;
      batch.push(line);
      batchChars += line.length;
      if (batch.length >= BATCH_ROWS || batchChars >= BATCH_CHARS) await flush();
      return;
    }
    const value = parseJson(line, lineNo, fail) as Record<string, unknown>;
    if (typeof value?.table === 'string') {
      if (current) fail(lineNo, `table ${value.table} starts before ${current.table} ends`);
      const t = value as unknown as TableHeader;
      if (!Array.isArray(t.columns) || !Array.isArray(t.types) || t.columns.length !== t.types.length)
        fail(lineNo, `the section of ${t.table} lacks its columns and types`);
      const expected = header.tables[tables.length];
      if (expected?.name !== t.table)
        fail(lineNo, `table ${t.table} where the header lists ${expected?.name ?? 'no more tables'}`);
      current = { ...t, sequences: Array.isArray(t.sequences) ? t.sequences : [] };
      tables.push(current);
      hash = createHash('sha256');
      tableRows = 0;
      await visitor.table?.(current);
      return;
    }
    if (typeof value?.table_end === 'string') {
      if (!current || current.table !== value.table_end)
        fail(lineNo, `the end of ${value.table_end} outside its section`);
      await flush();
      const end = value as unknown as TableEnd;
      if (end.rows !== tableRows)
        fail(
          lineNo,
          `table ${end.table_end} has ${tableRows} rows where the file says ${end.rows}: rows were lost or added`,
        );
      if (end.rows !== header.tables[tables.length - 1]!.rows)
        fail(
          lineNo,
          `table ${end.table_end} has ${end.rows} rows where the header says ${header.tables[tables.length - 1]!.rows}`,
        );
      if (hash.digest('hex') !== end.sha256)
        fail(
          lineNo,
          `the rows of ${end.table_end} do not match their checksum: the file was altered or damaged`,
        );
      totalRows += tableRows;
      current = null;
      await visitor.tableEnd?.(end);
      return;
    }
    if (value?.backup_end === true) {
      if (current) fail(lineNo, `the end marker inside the section of ${current.table}`);
      const t = value as unknown as BackupTrailer;
      if (t.tables !== tables.length || tables.length !== header.tables.length || t.rows !== totalRows)
        fail(
          lineNo,
          `the end marker counts ${t.tables} tables and ${t.rows} rows; the file holds ${tables.length} and ${totalRows}`,
        );
      trailer = t;
      return;
    }
    fail(lineNo, 'expected a table header, a row, a table end or the end marker');
  };

  try {
    if (statSync(file).size === 0) fail(null, 'the file is empty: not a Chain Atlas backup');
  } catch (error) {
    if (error instanceof BackupFileError) throw error;
    fail(null, describeReadError(error as NodeJS.ErrnoException));
  }
  const gunzip = createGunzip();
  const input = createReadStream(file);
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  const chunks = gunzip[Symbol.asyncIterator]();
  let pending = '';
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (error) {
        // Only the reading and inflating fail here; a visitor's error (the store's) passes through as it is.
        throw new BackupFileError(file, null, describeReadError(error as NodeJS.ErrnoException));
      }
      if (next.done) break;
      pending += decoder.write(next.value);
      let at = pending.indexOf('\n');
      let from = 0;
      while (at !== -1) {
        await onLine(pending.slice(from, at));
        from = at + 1;
        at = pending.indexOf('\n', from);
      }
      pending = pending.slice(from);
    }
    pending += decoder.end();
    if (pending) await onLine(pending);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  if (!header) fail(null, 'the file is empty: not a Chain Atlas backup');
  if (!trailer)
    fail(
      null,
      'the file ends before its end marker: it is cut short (an interrupted backup, copy or download?)',
    );
  return { header: header!, tables, rows: totalRows };
}

function parseJson(line: string, lineNo: number, fail: (line: number, detail: string) => never): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return fail(lineNo, `not valid JSON (${line.length > 60 ? `${line.slice(0, 60)}…` : line})`);
  }
}

function describeReadError(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return 'no such file';
  if (error.code === 'EISDIR') return 'a folder, not a backup file';
  if (error.code === 'Z_BUF_ERROR' || /unexpected end of file/.test(error.message))
    return 'the file is cut short (its gzip stream ends early): an interrupted backup, copy or download?';
  if (/incorrect header check/.test(error.message))
    return 'not a gzip file, so not a Chain Atlas backup (make one with `chainatlas db backup FILE`)';
  if (error.code === 'Z_DATA_ERROR')
    return `the file is damaged (gzip: ${error.message}); use another copy of the backup`;
  return `cannot read it: ${error.message}`;
}
