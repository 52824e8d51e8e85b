import type { Queryable } from '../store/db.ts';
import { ENTITY_VIEWS, type EntityName, type EntityView } from './catalog.ts';

export interface ListQuery {
  filters?: Record<string, string | string[] | undefined>;
  /** Free text matched against the entity's names. */
  q?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export interface ListResult<Row = Record<string, unknown>> {
  items: Row[];
  total: number;
  limit: number;
  offset: number;
}

export class BadQuery extends Error {}

export const MAX_PAGE = 1000;

/** Lists an entity with filters, free-text search, sorting and pagination (whitelisted in catalog.ts). */
export async function listEntities(
  db: Queryable,
  name: EntityName,
  query: ListQuery = {},
): Promise<ListResult> {
  const view: EntityView = ENTITY_VIEWS[name];
  const params: unknown[] = [];
  const where: string[] = [];
  for (const [filter, raw] of Object.entries(query.filters ?? {})) {
    if (raw === undefined || raw === '') continue;
    const expr = view.filters[filter];
    if (!expr)
      throw new BadQuery(
        `unknown filter "${filter}" for ${name}; known: ${Object.keys(view.filters).join(', ')}`,
      );
    const values = (Array.isArray(raw) ? raw : raw.split(',')).map((v) => v.trim()).filter(Boolean);
    params.push(values);
    // "any(...)" filters test membership of the given value in a computed set (e.g. a park's region chain).
    where.push(
      expr.startsWith('any(')
        ? `$${params.length}::text[] && array(select unnest(${expr.slice(4, -1)}))`
        : `(${expr})::text = any($${params.length}::text[])`,
    );
  }
  if (query.q) {
    if (!view.search) throw new BadQuery(`${name} has no free-text search`);
    params.push(`%${query.q}%`);
    where.push(`(${view.search}) ilike $${params.length}`);
  }
  const sortName = query.sort ?? view.defaultSort;
  const sortExpr = view.sorts[sortName];
  if (!sortExpr)
    throw new BadQuery(
      `unknown sort "${sortName}" for ${name}; known: ${Object.keys(view.sorts).join(', ')}`,
    );
  const order = query.order === 'desc' ? 'desc' : 'asc';
  const limit = Math.min(Math.max(1, query.limit ?? 50), MAX_PAGE);
  const offset = Math.max(0, query.offset ?? 0);
  const sql = `select *, count(*) over () as __total from (${view.select}${where.length ? ` where ${where.join(' and ')}` : ''}
    order by ${sortExpr} ${order} nulls last, 1) listed limit ${limit} offset ${offset}`;
  const rows = await db.query<Record<string, unknown>>(sql, params as never[]);
  let total = Number(rows[0]?.__total ?? 0);
  if (rows.length === 0 && offset > 0) {
    const [count] = await db.query<{ n: number }>(
      `select count(*)::int as n from (${view.select}${where.length ? ` where ${where.join(' and ')}` : ''}) c`,
      params as never[],
    );
    total = Number(count?.n ?? 0);
  }
  for (const row of rows) delete row.__total;
  return { items: rows, total, limit, offset };
}

/** One entity by its key (code, credit code or id, per catalog.ts), or null. */
export async function getEntity(
  db: Queryable,
  name: EntityName,
  key: string,
): Promise<Record<string, unknown> | null> {
  const view: EntityView = ENTITY_VIEWS[name];
  const rows = await db.query<Record<string, unknown>>(`${view.select} where ${view.key} = $1 limit 1`, [
    key,
  ]);
  return rows[0] ?? null;
}
