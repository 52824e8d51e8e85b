import type { Queryable } from '../../store/db.ts';

export interface ColumnSpec {
  name: string;
  /** The PostgreSQL type the JSON value is read as: text, integer, bigint, numeric, boolean, date, text[] … */
  type: string;
}

export interface UpsertSpec {
  table: string;
  columns: ColumnSpec[];
  /** The ON CONFLICT target, e.g. "(code)" or "(region_id, name_zh) where credit_code is null". */
  conflict: string;
  /** Columns not overwritten on update (the key itself). Defaults to the columns named in `conflict`. */
  keep?: string[];
  /** Extra SQL returned per row, e.g. "id". */
  returning?: string;
}

export interface UpsertResult<R> {
  inserted: number;
  updated: number;
  rows: R[];
}

/**
 * Inserts or updates many rows in one statement. One statement per batch keeps a large import fast on
 * both PGlite and a server, and `(xmax = 0)` tells a fresh insert from an update.
 */
export async function upsertRows<R = Record<string, unknown>>(
  db: Queryable,
  spec: UpsertSpec,
  rows: Record<string, unknown>[],
): Promise<UpsertResult<R>> {
  if (rows.length === 0) return { inserted: 0, updated: 0, rows: [] };
  const names = spec.columns.map((c) => c.name);
  const keep = new Set(
    spec.keep ?? names.filter((n) => new RegExp(`\\b${n}\\b`).test(spec.conflict.split(' where ')[0]!)),
  );
  const updates = names.filter((n) => !keep.has(n)).map((n) => `${n} = excluded.${n}`);
  const recordType = spec.columns.map((c) => `${c.name} ${c.type}`).join(', ');
  // Scalar columns travel as one typed array each (unnest), the cheapest form for both stores; a table
  // with array columns (text[]) cannot be unnested row-wise, so its rows travel as JSON instead.
  const columnar = spec.columns.every((c) => !c.type.endsWith('[]'));
  const source = columnar
    ? `unnest(${spec.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')}) as r(${names.join(', ')})`
    : `jsonb_to_recordset($1::jsonb) as r(${recordType})`;
  const insert = `insert into ${spec.table} (${names.join(', ')})
    select ${names.join(', ')} from ${source}
    on conflict ${spec.conflict} do ${updates.length > 0 ? `update set ${updates.join(', ')}` : 'nothing'}
    returning (xmax = 0) as inserted${spec.returning ? `, ${spec.returning}` : ''}`;
  const param = columnar ? names.map((n) => rows.map((r) => r[n] ?? null)) : [JSON.stringify(rows)];
  if (spec.returning) {
    const result = await db.query<R & { inserted: boolean }>(insert, param);
    const inserted = result.filter((r) => r.inserted).length;
    return { inserted, updated: result.length - inserted, rows: result };
  }
  // Without RETURNING columns, count in the database: shipping one boolean per row back costs more
  // than the insert itself on a large import.
  const [count] = await db.query<{ inserted: number; total: number }>(
    `with written as (${insert}) select count(*) filter (where inserted)::int as inserted, count(*)::int as total from written`,
    param,
  );
  const inserted = Number(count?.inserted ?? 0);
  return { inserted, updated: Number(count?.total ?? 0) - inserted, rows: [] };
}
