/**
 * `chainatlas db restore`: a backup file into an empty store at the backup's schema, all or nothing.
 *
 * The file is read twice: once to check all of it (read-backup.ts) before the store is touched, then
 * inside one transaction that locks every table, checks that the store holds no workspace data,
 * empties what a new store is seeded with (reference data, built-in metrics), writes every row back
 * from its text form, sets the columns that refer forward (cycles, self-references) once all rows are in,
 * and puts each identity sequence back where it stood. Anything wrong rolls the whole of it back.
 */
import type { Db, Queryable } from '../../store/db.ts';
import { listMigrations } from '../../store/migrate.ts';
import { RestoreRefused, type SchemaEntry, type TableHeader, TEXT_FORM_SETTINGS } from './format.ts';
import { type BackupContents, readBackup } from './read-backup.ts';
import { quoteIdent, readTables, type TableInfo } from './tables.ts';

export interface RestoreProgress {
  table: string;
  rowsDone: number;
  rowsTotal: number;
}

export interface RestoreSummary {
  tables: number;
  rows: number;
  schema: string | null;
  seconds: number;
}

/** Checks the whole file (gzip, structure, every row, counts and hashes) without touching any store. */
export function verifyBackup(file: string): Promise<BackupContents> {
  return readBackup(file, {}, { parseRows: true });
}

/**
 * Tables a new store is given by its migrations and first start (the gazetteer, classifications, units,
 * built-in metrics): present in an "empty" store, replaced by the backup's own rows.
 */
const SEEDED_TABLES = new Set(['schema_migration', 'region', 'industry', 'unit']);

/** Workspace tables that hold rows, with their counts: a store to restore into has none. */
export async function workspaceRows(db: Queryable, tables: Iterable<string>): Promise<string[]> {
  const found: string[] = [];
  for (const name of tables) {
    if (SEEDED_TABLES.has(name)) continue;
    const where = name === 'metric' ? " where source is distinct from 'built-in'" : '';
    const [row] = await db.query<{ n: number }>(`select count(*)::int as n from ${quoteIdent(name)}${where}`);
    if (Number(row?.n) > 0) found.push(`${name} (${row!.n})`);
  }
  return found;
}

export async function restoreBackup(
  db: Db,
  file: string,
  options: { contents?: BackupContents; onProgress?: (p: RestoreProgress) => void } = {},
): Promise<RestoreSummary> {
  const started = performance.now();
  const contents = options.contents ?? (await verifyBackup(file));
  const { header } = contents;
  const onProgress = options.onProgress ?? (() => {});
  await db.transaction(async (tx) => {
    for (const sql of TEXT_FORM_SETTINGS) await tx.query(sql);
    const target = await tx.query<SchemaEntry>(
      'select version, name, checksum from schema_migration order by version',
    );
    checkSchema(header.schema, target);
    const tables = await readTables(tx);
    checkTables(contents.tables, tables);
    const names = contents.tables.map((t) => t.table);
    // Nobody writes between the check and the restore (on a server other sessions wait, then see it whole).
    await tx.query(`lock table ${names.map(quoteIdent).join(', ')} in access exclusive mode`);
    const occupied = await workspaceRows(tx, names);
    if (occupied.length > 0)
      throw new RestoreRefused(
        `the store already holds workspace data (${occupied.join(', ')}); restore only into an empty store — a new data folder (--data) or a new database — so nothing in it is overwritten`,
      );
    await tx.query(`truncate ${names.map(quoteIdent).join(', ')}`);
    // Rows come back as they were: triggers that derive rows or stamp them (a status history, the row
    // version of migration 0008) already did so when the rows were first written, and their output is in
    // the backup. Foreign keys (internal triggers) stay checked. Re-enabled before commit; a rollback
    // undoes the change anyway.
    const triggered = await tablesWithUserTriggers(tx);
    for (const name of triggered) await tx.query(`alter table ${quoteIdent(name)} disable trigger user`);

    const restored = new Set<string>();
    const fixups = new Map<
      string,
      { table: TableInfo; deferred: number[]; keys: number[]; rows: string[] }
    >();
    let rowsDone = 0;
    let insert = '';
    let deferred: number[] = [];
    await readBackup(file, {
      table(t) {
        const info = tables.get(t.table)!;
        deferred = deferredColumns(info, restored);
        const values = info.columns.map((_column, i) =>
          deferred.includes(i) ? `null::${info.types[i]}` : `(e->>${i})::${info.types[i]}`,
        );
        insert = `insert into ${quoteIdent(t.table)} (${info.columns.map(quoteIdent).join(', ')}) overriding system value
                  select ${values.join(', ')} from json_array_elements($1::json) e`;
        if (deferred.length)
          fixups.set(t.table, {
            table: info,
            deferred,
            keys: info.primaryKey.map((k) => info.columns.indexOf(k)),
            rows: [],
          });
      },
      async rows(t, lines) {
        await tx.query(insert, [`[${lines.join(',')}]`]);
        const fix = fixups.get(t.table);
        if (fix) {
          for (const line of lines) {
            const row = JSON.parse(line) as (string | null)[];
            if (fix.deferred.some((i) => row[i] !== null))
              fix.rows.push(JSON.stringify([...fix.keys, ...fix.deferred].map((i) => row[i])));
          }
        }
        rowsDone += lines.length;
        onProgress({ table: t.table, rowsDone, rowsTotal: contents.rows });
      },
      tableEnd(end) {
        restored.add(end.table_end);
      },
    });
    for (const [name, fix] of fixups) await applyFixups(tx, name, fix);
    for (const t of contents.tables) await restoreSequences(tx, t, tables.get(t.table)!);
    for (const name of triggered) await tx.query(`alter table ${quoteIdent(name)} enable trigger user`);
    for (const t of header.tables) {
      const [row] = await tx.query<{ n: number }>(`select count(*)::int as n from ${quoteIdent(t.name)}`);
      if (Number(row?.n) !== t.rows)
        throw new Error(`restored ${row?.n} rows of ${t.name} where the backup holds ${t.rows}; rolled back`);
    }
  });
  onProgress({ table: '', rowsDone: contents.rows, rowsTotal: contents.rows });
  return {
    tables: contents.tables.length,
    rows: contents.rows,
    schema: header.schema.at(-1)?.name ?? null,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * The backup's schema against the store's. They must be the same migrations: a store that is behind is
 * first migrated as far as the backup (migrateToBackup), one that is ahead cannot be taken back.
 */
export function checkSchema(backup: SchemaEntry[], target: SchemaEntry[]) {
  const known = new Map(listMigrations().map((m) => [m.version, m]));
  const unknown = backup.filter((m) => known.get(m.version)?.checksum !== m.checksum);
  if (unknown.length > 0)
    throw new RestoreRefused(
      `the backup's schema has migrations this Chain Atlas does not have (${unknown.map((m) => m.name).join(', ')}); restore it with the Chain Atlas version that made it, or a newer one`,
    );
  const same =
    backup.length === target.length &&
    backup.every((m, i) => m.version === target[i]!.version && m.checksum === target[i]!.checksum);
  if (same) return;
  const last = (list: SchemaEntry[]) => list.at(-1)?.name ?? 'none';
  const ahead = target.some((m) => !backup.some((b) => b.version === m.version));
  throw new RestoreRefused(
    ahead
      ? `this store's schema (${last(target)}) is newer than the backup's (${last(backup)}); restore into a new, empty data folder or database instead: \`chainatlas db restore\` migrates a new store only as far as the backup, restores it, then migrates it forward`
      : `this store's schema (${last(target)}) differs from the backup's (${last(backup)})`,
  );
}

function checkTables(backup: TableHeader[], target: Map<string, TableInfo>) {
  for (const t of backup) {
    const info = target.get(t.table);
    if (!info) throw new RestoreRefused(`the backup holds table ${t.table}, which this store does not have`);
    if (info.columns.join(',') !== t.columns.join(',') || info.types.join(',') !== t.types.join(','))
      throw new RestoreRefused(
        `table ${t.table}: the backup has columns (${t.columns.join(', ')}) and this store (${info.columns.join(', ')}) — not the same schema`,
      );
  }
  const missing = [...target.keys()].filter((name) => !backup.some((t) => t.table === name));
  if (missing.length > 0)
    throw new RestoreRefused(
      `this store has tables the backup lacks (${missing.join(', ')}): not the same schema`,
    );
}

/** Columns of foreign keys to a table not restored yet (or to itself): written null, set afterwards. */
function deferredColumns(info: TableInfo, restored: Set<string>): number[] {
  const out: number[] = [];
  for (const fk of info.foreignKeys) {
    if (fk.references !== info.name && restored.has(fk.references)) continue;
    for (const column of fk.columns) {
      if (info.notNull.has(column) || info.primaryKey.includes(column))
        throw new Error(
          `cannot restore ${info.name}: ${column} refers to ${fk.references}, which comes later, and may not be null`,
        );
      out.push(info.columns.indexOf(column));
    }
  }
  if (out.length && !info.primaryKey.length)
    throw new Error(`cannot restore ${info.name}: it refers forward and has no primary key to set it by`);
  return [...new Set(out)];
}

async function applyFixups(
  tx: Queryable,
  name: string,
  fix: { table: TableInfo; deferred: number[]; keys: number[]; rows: string[] },
) {
  const { table, deferred, keys } = fix;
  const set = deferred.map(
    (col, j) => `${quoteIdent(table.columns[col]!)} = (e->>${keys.length + j})::${table.types[col]}`,
  );
  const where = keys.map(
    (col, j) => `t.${quoteIdent(table.columns[col]!)} = (e->>${j})::${table.types[col]}`,
  );
  const sql = `update ${quoteIdent(name)} t set ${set.join(', ')} from json_array_elements($1::json) e where ${where.join(' and ')}`;
  for (let i = 0; i < fix.rows.length; i += 2000)
    await tx.query(sql, [`[${fix.rows.slice(i, i + 2000).join(',')}]`]);
}

async function tablesWithUserTriggers(tx: Queryable): Promise<string[]> {
  const rows = await tx.query<{ name: string }>(
    `select distinct c.relname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid
     join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and not t.tgisinternal order by 1`,
  );
  return rows.map((r) => r.name);
}

async function restoreSequences(tx: Queryable, t: TableHeader, info: TableInfo) {
  for (const state of t.sequences) {
    const identity = info.identities.find((i) => i.column === state.column);
    if (!identity) continue;
    const [row] = await tx.query<{ max: string | null }>(
      `select max(${quoteIdent(state.column)})::text as max from ${quoteIdent(t.table)}`,
    );
    // Never below a row's id, whatever the file says.
    const max = row?.max ? BigInt(row.max) : 0n;
    const last = BigInt(state.last_value);
    if (max > last)
      await tx.query('select setval($1::regclass, $2::bigint, true)', [identity.sequence, max.toString()]);
    else
      await tx.query('select setval($1::regclass, $2::bigint, $3)', [
        identity.sequence,
        last.toString(),
        state.is_called,
      ]);
  }
}
