import type { Queryable } from '../store/db.ts';
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
  const sql = `select *, count(*) over () as __total from (${withKey(view)}${where.length ? ` where ${where.join(' and ')}` : ''}
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
  const rows = await db.query<Record<string, unknown>>(
    `${withKey(view)} where ${view.key} = $1${scope ? ` and ${scope}` : ''} limit 1`,
    params as never[],
  );
  return rows[0] ?? null;
}
