import type { Db, Queryable } from '../store/db.ts';
import type { Visibility } from './accounts/subject.ts';
import { ENTITY_VIEWS, type EntityName, type EntityView } from './catalog.ts';

export interface ListQuery {
  filters?: Record<string, string | string[] | undefined>;
  /** Free text matched against the entity's names. */
  q?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
  /** The caller's visibility; absent for trusted callers (the local CLI, services). */
  visibility?: Visibility;
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
  const scope = visibilityClause(view, query.visibility, params);
  if (scope) where.push(scope);
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
  const whereSql = where.length ? ` where ${where.join(' and ')}` : '';
  const sql = `${withKey(view)}${whereSql} order by ${sortExpr} ${order} nulls last, 1 limit ${limit} offset ${offset}`;
  return planned(db, view, async (q) => {
    const items = await q.query<Record<string, unknown>>(sql, params as never[]);
    // A page shorter than the limit ends the list, so it tells the total without counting; only a full
    // page (or an empty one past the end) needs the count, which also lets the page stop at its limit
    // instead of reading every matching row (as `count(*) over ()` did).
    let total = offset + items.length;
    if (items.length === limit || (items.length === 0 && offset > 0)) {
      const [count] = await q.query<{ n: number }>(
        `select count(*)::int as n from (${view.select}${whereSql}) c`,
        params as never[],
      );
      total = Number(count?.n ?? 0);
    }
    return { items, total, limit, offset };
  });
}

/**
 * Views joining many tables (indicators and targets name their entity through five optional joins) cost
 * PostgreSQL more to plan than to run: 15–70 ms of planning on the embedded store for a 100-row page,
 * against 2–3 ms with the join order searched only among the first three tables (`join_collapse_limit`).
 * Their joins are written fact table first, then look-ups by key, which is the order worth keeping.
 */
const MANY_JOINS = 8;
const COLLAPSE_LIMIT = 3;
function planned<T>(db: Queryable, view: EntityView, read: (q: Queryable) => Promise<T>): Promise<T> {
  const tables = (view.select.match(/\bjoin\b/gi)?.length ?? 0) + 1;
  if (tables < MANY_JOINS || !('transaction' in db)) return read(db);
  return (db as Db).transaction(async (tx) => {
    await tx.query(`set local join_collapse_limit = ${COLLAPSE_LIMIT}`);
    return read(tx);
  });
}

/** The view with its key as a first column `key`: what GET /api/<entity>/<key> takes. */
function withKey(view: EntityView): string {
  return view.select.replace(/^\s*select\s/i, `select (${view.key})::text as key, `);
}

/**
 * The SQL condition limiting an entity to what a caller may see, its parameters appended to `params`;
 * null when nothing needs hiding.
 */
function visibilityClause(
  view: EntityView,
  visibility: Visibility | undefined,
  params: unknown[],
): string | null {
  if (!visibility || visibility.all || !view.visible) return null;
  const types = { regions: 'int', parks: 'int', enterprises: 'bigint', departments: 'text' } as const;
  const slots: Record<string, string> = {};
  // Only the sets the condition names become parameters: a statement may not carry unused ones.
  for (const name of Object.keys(types) as (keyof typeof types)[]) {
    if (!view.visible.includes(`{${name}}`)) continue;
    params.push(visibility[name]);
    slots[name] = `$${params.length}::${types[name]}[]`;
  }
  return view.visible.replace(
    /\{(regions|parks|enterprises|departments)\}/g,
    (_, name: string) => slots[name]!,
  );
}

/** One entity by its key (code, credit code or id, per catalog.ts), or null — also when the caller may not see it. */
export async function getEntity(
  db: Queryable,
  name: EntityName,
  key: string,
  visibility?: Visibility,
): Promise<Record<string, unknown> | null> {
  const view: EntityView = ENTITY_VIEWS[name];
  const params: unknown[] = [key];
  const scope = visibilityClause(view, visibility, params);
  const rows = await planned(db, view, (q) =>
    q.query<Record<string, unknown>>(
      `${withKey(view)} where ${view.key} = $1${scope ? ` and ${scope}` : ''} limit 1`,
      params as never[],
    ),
  );
  return rows[0] ?? null;
}
