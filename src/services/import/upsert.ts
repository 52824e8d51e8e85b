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
 * Inserts or updates many rows in one statement: the rows travel as one JSON parameter and
 * jsonb_to_recordset turns them back into typed columns. One statement per batch keeps a large import
 * fast on both PGlite and a server, and `(xmax = 0)` tells a fresh insert from an update.
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
  const sql = `insert into ${spec.table} (${names.join(', ')})
    select ${names.join(', ')} from jsonb_to_recordset($1::jsonb) as r(${recordType})
    on conflict ${spec.conflict} do ${updates.length > 0 ? `update set ${updates.join(', ')}` : 'nothing'}
    returning (xmax = 0) as inserted${spec.returning ? `, ${spec.returning}` : ''}`;
  const result = await db.query<R & { inserted: boolean }>(sql, [JSON.stringify(rows)]);
  const inserted = result.filter((r) => r.inserted).length;
  return { inserted, updated: result.length - inserted, rows: result };
}
