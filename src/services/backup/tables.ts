/**
 * What a backup reads from the store's own catalog rather than from a list kept by hand: every table of
 * the public schema, its columns and types, its primary key, identity sequences and foreign keys — so a
 * table that a later migration adds is backed up without anyone remembering to add it here.
 */
import type { Queryable } from '../../store/db.ts';

export interface TableInfo {
  name: string;
  /** Stored columns in their table order (generated columns are left out: the store computes them). */
  columns: string[];
  /** format_type of each column, for the cast that reads a value's text form back. */
  types: string[];
  /** Columns nobody may leave null. */
  notNull: Set<string>;
  primaryKey: string[];
  /** Identity columns and their sequences. */
  identities: { column: string; sequence: string }[];
  /** Single- or multi-column foreign keys: the referencing columns and the referenced table. */
  foreignKeys: { columns: string[]; references: string }[];
}

export async function readTables(tx: Queryable): Promise<Map<string, TableInfo>> {
  const columns = await tx.query<{
    table: string;
    column: string;
    type: string;
    not_null: boolean;
    identity: boolean;
  }>(
    `select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type,
            a.attnotnull as not_null, a.attidentity <> '' as identity
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
     where n.nspname = 'public' and c.relkind in ('r', 'p')
     order by c.relname, a.attnum`,
  );
  const tables = new Map<string, TableInfo>();
  for (const c of columns) {
    let t = tables.get(c.table);
    if (!t) {
      t = {
        name: c.table,
        columns: [],
        types: [],
        notNull: new Set(),
        primaryKey: [],
        identities: [],
        foreignKeys: [],
      };
      tables.set(c.table, t);
    }
    t.columns.push(c.column);
    t.types.push(c.type);
    if (c.not_null) t.notNull.add(c.column);
    if (c.identity) {
      const [seq] = await tx.query<{ name: string | null }>('select pg_get_serial_sequence($1, $2) as name', [
        `public.${quoteIdent(c.table)}`,
        c.column,
      ]);
      if (seq?.name) t.identities.push({ column: c.column, sequence: seq.name });
    }
  }
  const constraints = await tx.query<{
    table: string;
    kind: string;
    columns: string[];
    references: string | null;
  }>(
    `select c.relname as table, k.contype as kind,
            array(select a.attname::text from unnest(k.conkey) with ordinality u(attnum, i)
                  join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum order by u.i) as columns,
            r.relname as references
     from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
     left join pg_class r on r.oid = k.confrelid
     where n.nspname = 'public' and k.contype in ('p', 'f')
     order by c.relname, k.conname`,
  );
  for (const k of constraints) {
    const t = tables.get(k.table);
    if (!t) continue;
    if (k.kind === 'p') t.primaryKey = k.columns;
    else if (k.references) t.foreignKeys.push({ columns: k.columns, references: k.references });
  }
  return tables;
}

/**
 * Tables in an order where each comes after the tables it refers to. A table in a cycle (document ↔
 * region) or referring to itself (region.parent_id) cannot be ordered so; the restore writes those
 * columns null first and sets them once every row is in (restore-backup.ts).
 */
export function dependencyOrder(tables: Map<string, TableInfo>): string[] {
  const remaining = new Set([...tables.keys()].sort());
  const order: string[] = [];
  while (remaining.size > 0) {
    const unplaced = (name: string) =>
      tables.get(name)!.foreignKeys.filter((fk) => fk.references !== name && remaining.has(fk.references));
    const ready = [...remaining].find((name) => unplaced(name).length === 0);
    // A cycle: of the tables whose references to unplaced tables may all be null, the one with fewest.
    const breakable = [...remaining]
      .filter((name) =>
        unplaced(name).every((fk) => fk.columns.every((c) => !tables.get(name)!.notNull.has(c))),
      )
      .sort((a, b) => unplaced(a).length - unplaced(b).length);
    const next = ready ?? breakable[0] ?? [...remaining][0]!;
    order.push(next);
    remaining.delete(next);
  }
  return order;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
