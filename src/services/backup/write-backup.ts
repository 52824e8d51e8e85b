/** `chainatlas db backup`: every table of the store, in one consistent snapshot, to a backup file (format.ts). */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Db, Queryable } from '../../store/db.ts';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupHeader,
  type BackupTrailer,
  type SchemaEntry,
  type SequenceState,
  type TableEnd,
  type TableHeader,
  TEXT_FORM_SETTINGS,
} from './format.ts';
import { dependencyOrder, quoteIdent, readTables } from './tables.ts';

export interface BackupProgress {
  table: string;
  rowsDone: number;
  rowsTotal: number;
}

export interface BackupSummary {
  tables: number;
  rows: number;
  schema: string | null;
  seconds: number;
}

const FETCH_ROWS = 5000;

/**
 * Writes the backup to `out` (a file, an HTTP response) and ends it. Reads run in one transaction —
 * repeatable read on a server — so the file is one moment of the store even while others write.
 * On the embedded store other requests wait while it reads (PGlite runs one transaction at a time).
 */
export async function writeBackup(
  db: Db,
  out: Writable,
  onProgress: (p: BackupProgress) => void = () => {},
): Promise<BackupSummary> {
  const started = performance.now();
  const gzip = createGzip();
  const written = pipeline(gzip, out);
  // Surfaced by `written`; without a handler an early failure of `out` would be an unhandled rejection.
  written.catch(() => {});
  const put = async (text: string) => {
    if (!gzip.write(text)) await once(gzip, 'drain');
  };
  let summary: Omit<BackupSummary, 'seconds'>;
  try {
    summary = await db.transaction(async (tx) => {
      if (db.kind === 'postgres')
        await tx.query('set transaction isolation level repeatable read, read only');
      for (const sql of TEXT_FORM_SETTINGS) await tx.query(sql);
      const tables = await readTables(tx);
      const order = dependencyOrder(tables);
      const schema = await tx.query<SchemaEntry>(
        'select version, name, checksum from schema_migration order by version',
      );
      const counts: { name: string; rows: number }[] = [];
      for (const name of order) {
        const [row] = await tx.query<{ n: number }>(`select count(*)::int as n from ${quoteIdent(name)}`);
        counts.push({ name, rows: Number(row?.n ?? 0) });
      }
      const rowsTotal = counts.reduce((n, t) => n + t.rows, 0);
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        format_version: BACKUP_FORMAT_VERSION,
        created_at: new Date().toISOString(),
        source: db.kind,
        schema,
        tables: counts,
      };
      await put(`${JSON.stringify(header)}\n`);
      let rowsDone = 0;
      for (const name of order) {
        const table = tables.get(name)!;
        const tableHeader: TableHeader = {
          table: name,
          columns: table.columns,
          types: table.types,
          sequences: await sequenceStates(tx, table.identities),
        };
        await put(`${JSON.stringify(tableHeader)}\n`);
        const hash = createHash('sha256');
        let rows = 0;
        const values = table.columns.map((c) => `${quoteIdent(c)}::text`).join(', ');
        const orderBy = table.primaryKey.length
          ? ` order by ${table.primaryKey.map(quoteIdent).join(', ')}`
          : '';
        await tx.query(
          `declare chainatlas_backup no scroll cursor for select to_json(array[${values}])::text as r from ${quoteIdent(name)}${orderBy}`,
        );
        for (;;) {
          const batch = await tx.query<{ r: string }>(`fetch forward ${FETCH_ROWS} from chainatlas_backup`);
          if (batch.length === 0) break;
          let text = '';
          for (const { r } of batch) {
            const line = `${r}\n`;
            hash.update(line);
            text += line;
          }
          await put(text);
          rows += batch.length;
          rowsDone += batch.length;
          onProgress({ table: name, rowsDone, rowsTotal });
        }
        await tx.query('close chainatlas_backup');
        const end: TableEnd = { table_end: name, rows, sha256: hash.digest('hex') };
        await put(`${JSON.stringify(end)}\n`);
      }
      const trailer: BackupTrailer = { backup_end: true, tables: order.length, rows: rowsDone };
      await put(`${JSON.stringify(trailer)}\n`);
      onProgress({ table: '', rowsDone, rowsTotal });
      return { tables: order.length, rows: rowsDone, schema: schema.at(-1)?.name ?? null };
    });
  } catch (error) {
    gzip.destroy(error as Error);
    throw error;
  }
  gzip.end();
  await written;
  return { ...summary, seconds: (performance.now() - started) / 1000 };
}

async function sequenceStates(
  tx: Queryable,
  identities: { column: string; sequence: string }[],
): Promise<SequenceState[]> {
  const out: SequenceState[] = [];
  for (const { column, sequence } of identities) {
    // The name comes from pg_get_serial_sequence, already schema-qualified and quoted where needed.
    const [row] = await tx.query<{ last_value: string; is_called: boolean }>(
      `select last_value::text as last_value, is_called from ${sequence}`,
    );
    if (row) out.push({ column, last_value: row.last_value, is_called: row.is_called });
  }
  return out;
}
