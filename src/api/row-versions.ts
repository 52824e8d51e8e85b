/**
 * Concurrent edits (issue 11, item 5; docs/reliability.md, "Concurrent edits"). Every entity row carries
 * `row_version` (migration 0008: a trigger adds one on each update that changes the row). GET of one
 * entity answers it as a strong ETag (`"3"`); a write sends it back as `If-Match: "3"` or as a
 * `row_version` field of its body. When the row has moved on, the write changes nothing and is answered
 * 409 with the current version, so a second client never overwrites a change it has not seen.
 *
 * A write without either still works (last writer wins), so scripts and clients written before versions
 * keep working; a client that wants no lost update sends the version.
 *
 * Why a row lock and not a version check in the UPDATE: the services (ledgers.ts, tasks.ts, …) own their
 * statements, and several writes change child rows (a review, a response) rather than the row itself.
 * The guard takes the row `for update` first — a concurrent writer with the same version waits, then sees
 * the new one and is refused — runs the service inside the same transaction, and adds one to the version
 * when the service did not change the row itself, so every accepted write gives a new ETag.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { EntityName } from '../services/catalog.ts';
import type { Db, Queryable, SqlParam } from '../store/db.ts';
import { withinTransaction } from '../store/within-transaction.ts';

/** Where GET /api/<entity>/:key finds the row's version: the table whose `id` the view returns. */
const VERSIONED_TABLES: Partial<Record<EntityName, string>> = {
  regions: 'region',
  industries: 'industry',
  units: 'unit',
  metrics: 'metric',
  documents: 'document',
  parks: 'park',
  chains: 'chain',
  chain_nodes: 'chain_node',
  clusters: 'cluster',
  enterprises: 'enterprise',
  supply_links: 'supply_link',
  indicators: 'indicator',
  targets: 'target',
  plans: 'plan',
  actions: 'action',
  tasks: 'task',
  task_reviews: 'task_review',
  projects: 'project',
  land_parcels: 'land_parcel',
  incentives: 'incentive',
  service_requests: 'service_request',
  enclave_agreements: 'enclave_agreement',
  problems: 'problem',
};

export const etag = (version: number) => `"${version}"`;

/** The body field a versioned write accepts besides If-Match (spread into the route's body schema). */
export const rowVersionField = {
  row_version: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('the version you read (the ETag of GET); or send it as If-Match; 409 when it is stale'),
};

/** The version of an entity row GET /api/<entity>/:key returned (units have a code, the rest an id). */
export async function entityVersion(
  db: Queryable,
  name: EntityName,
  row: Record<string, unknown>,
): Promise<number | null> {
  const table = VERSIONED_TABLES[name];
  if (!table) return null;
  const [found] =
    table === 'unit'
      ? await db.query<{ v: number }>('select row_version as v from unit where code = $1', [String(row.code)])
      : row.id === undefined || row.id === null
        ? []
        : await db.query<{ v: number }>(`select row_version as v from ${table} where id = $1`, [
            Number(row.id),
          ]);
  return found ? Number(found.v) : null;
}

/** Adds `row_version` to each listed row that has an `id` of `table` (lists a client edits from). */
export async function withVersions<Row extends { id?: unknown }>(
  db: Queryable,
  table: string,
  rows: Row[],
): Promise<(Row & { row_version?: number })[]> {
  const ids = rows.map((r) => Number(r.id)).filter((id) => Number.isFinite(id));
  if (ids.length === 0) return rows;
  const found = await db.query<{ id: number; v: number }>(
    `select id::bigint as id, row_version as v from ${table} where id = any($1::bigint[])`,
    [ids],
  );
  const byId = new Map(found.map((f) => [Number(f.id), Number(f.v)]));
  return rows.map((r) => ({ ...r, row_version: byId.get(Number(r.id)) }));
}

export class BadVersion extends Error {}

/**
 * The version(s) the caller read: from If-Match (`"3"`, `W/"3"`, `3`, a list, or `*` for "any that
 * exists") or from a `row_version` field of the JSON body; null when it sent neither.
 */
export function expectedVersion(request: FastifyRequest): number[] | '*' | null {
  const header = request.headers['if-match'];
  const body = request.body as { row_version?: unknown } | undefined;
  const fromBody = body && typeof body === 'object' ? body.row_version : undefined;
  let fromHeader: number[] | '*' | null = null;
  if (typeof header === 'string' && header.trim()) {
    if (header.trim() === '*') fromHeader = '*';
    else {
      fromHeader = header.split(',').map((part) => {
        const text = part
          .trim()
          .replace(/^W\//, '')
          .replace(/^"(.*)"$/, '$1');
        const n = Number(text);
        if (!/^\d+$/.test(text) || n < 1)
          throw new BadVersion(`If-Match ${JSON.stringify(header)}: expected the ETag of a GET, e.g. "3"`);
        return n;
      });
    }
  }
  if (fromBody === undefined || fromBody === null) return fromHeader;
  if (typeof fromBody !== 'number' || !Number.isInteger(fromBody) || fromBody < 1)
    throw new BadVersion(
      `row_version ${JSON.stringify(fromBody)}: expected a whole number ≥ 1 (the ETag of a GET)`,
    );
  if (fromHeader !== null && fromHeader !== '*' && !fromHeader.includes(fromBody))
    throw new BadVersion(`If-Match ${header} and row_version ${fromBody} disagree; send one of them`);
  return [fromBody];
}

/** The request body without `row_version`, for services that take the body as it is. */
export function withoutVersion<T>(body: T): T {
  if (!body || typeof body !== 'object') return body;
  const { row_version: _ignored, ...rest } = body as Record<string, unknown>;
  return rest as T;
}

export interface VersionedRow {
  /** The table, e.g. 'project'. */
  table: string;
  /** A condition on the table picking the one row, with its parameters ($1, …). */
  where: string;
  params: SqlParam[];
  /** How the 409 names it, e.g. 'project HP-2025-01'. */
  label: string;
  /**
   * Whether the caller may see the row (a 409 would tell them it exists and its version); when it says
   * no, the answer is the 404 the service gives. Absent: every caller of the route may see it.
   */
  visible?: (tx: Queryable) => Promise<boolean>;
}

class StaleWrite extends Error {
  constructor(
    readonly current: number | null,
    message: string,
  ) {
    super(message);
  }
}

class NotVisible extends Error {}

/**
 * Runs `work` (a service call) as a write guarded by the row's version; answers 409 on a stale one and
 * sets the ETag of the row after the write.
 */
export async function versionedWrite<T>(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  row: VersionedRow,
  work: (db: Db) => Promise<T>,
): Promise<T | FastifyReply> {
  let expected: number[] | '*' | null;
  try {
    expected = expectedVersion(request);
  } catch (error) {
    if (error instanceof BadVersion) return reply.status(400).send({ error: error.message });
    throw error;
  }
  const select = `select row_version from ${row.table} where ${row.where}`;
  try {
    const { result, version } = await db.transaction(async (tx) => {
      const [before] = await tx.query<{ row_version: number }>(`${select} for update`, row.params);
      const current = before ? Number(before.row_version) : null;
      if (expected !== null) {
        const stale = current === null || (expected !== '*' && !expected.includes(current));
        if (stale) {
          if (current !== null && row.visible && !(await row.visible(tx))) throw new NotVisible();
          throw new StaleWrite(
            current,
            current === null
              ? `${row.label} does not exist (any more); nothing was changed`
              : `${row.label} was changed by someone else since you read it (you sent version ${expected === '*' ? '*' : expected.join(', ')}, it is now at ${current}); nothing was changed — read it again and redo your change`,
          );
        }
      }
      const result = await work(withinTransaction(db, tx));
      const [after] = await tx.query<{ row_version: number }>(select, row.params);
      let version = after ? Number(after.row_version) : null;
      if (current !== null && version === current) {
        // The service changed child rows only (a review, a response): still a new version of the entity.
        const [bumped] = await tx.query<{ row_version: number }>(
          `update ${row.table} set row_version = row_version + 1 where ${row.where} returning row_version`,
          row.params,
        );
        version = bumped ? Number(bumped.row_version) : version;
      }
      return { result, version };
    });
    if (version !== null) reply.header('etag', etag(version));
    return result;
  } catch (error) {
    if (error instanceof StaleWrite) {
      if (error.current !== null) reply.header('etag', etag(error.current));
      return reply.status(409).send({ error: error.message, current_version: error.current });
    }
    if (error instanceof NotVisible) return reply.status(404).send({ error: `no ${row.label}` });
    throw error;
  }
}
