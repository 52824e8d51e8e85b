/**
 * What the operations services share: the clock they are given (so deadlines and escalation can be tested
 * and replayed), errors a caller can act on, and the visibility rule of each entity — taken from
 * catalog.ts, so an aggregate never counts a row its caller could not list.
 */
import type { Queryable } from '../../store/db.ts';
import type { Visibility, WriteScope } from '../accounts/subject.ts';
import { ENTITY_VIEWS, type EntityName, type EntityView } from '../catalog.ts';

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** An error the caller caused; `status` is the HTTP status the API answers with. */
export class OperationError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 422,
    message: string,
  ) {
    super(message);
  }
  /** Read by the API's error handler, which answers with this status and the message. */
  get statusCode(): number {
    return this.status;
  }
}

const SLOT_TYPES = { regions: 'int', parks: 'int', enterprises: 'bigint', departments: 'text' } as const;

/**
 * `<idColumn> in (ids the caller may see of <entity>)` with its parameters appended to `params`, or
 * `true` when the caller sees everything. Uses the entity's list view and its `visible` rule verbatim.
 */
export function visibleFilter(
  entity: EntityName,
  idColumn: string,
  visibility: Visibility | undefined,
  params: unknown[],
): string {
  const view: EntityView = ENTITY_VIEWS[entity];
  if (!visibility || visibility.all || !view.visible) return 'true';
  const slots: Record<string, string> = {};
  for (const name of Object.keys(SLOT_TYPES) as (keyof typeof SLOT_TYPES)[]) {
    if (!view.visible.includes(`{${name}}`)) continue;
    params.push(visibility[name]);
    slots[name] = `$${params.length}::${SLOT_TYPES[name]}[]`;
  }
  const rule = view.visible.replace(
    /\{(regions|parks|enterprises|departments)\}/g,
    (_, n: string) => slots[n]!,
  );
  return `${idColumn} in (select v.id from (${view.select} where ${rule}) v)`;
}

/** Whether a write scope covers a park (by id) or a region (by id); null ids are covered only by `all`. */
export function scopeCovers(scope: WriteScope, place: { parkId?: number | null; regionId?: number | null }) {
  if (scope.all) return true;
  if (place.parkId != null && scope.parks.includes(Number(place.parkId))) return true;
  if (place.regionId != null && scope.regions.includes(Number(place.regionId))) return true;
  return false;
}

export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Queries a list of rows and returns the first, or throws a 404 naming what was looked for. */
export async function oneOr404<T>(db: Queryable, sql: string, params: unknown[], what: string): Promise<T> {
  const [row] = await db.query<T>(sql, params as never[]);
  if (!row) throw new OperationError(404, `no ${what}`);
  return row;
}
