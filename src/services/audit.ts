/**
 * The audit trail: every mutation writes one row (who, when, what, before and after) in the same
 * transaction as the change itself, so there is no change without its record and no record without
 * its change.
 */
import type { Queryable } from '../store/db.ts';

export interface Actor {
  userId: number | null;
  /** A readable name: the user name, or "cli@host" for the local command line. */
  name: string;
}

export async function recordAudit(
  tx: Queryable,
  actor: Actor,
  action: string,
  entity: string,
  entityId: string | number | null,
  before: unknown,
  after: unknown,
): Promise<void> {
  await tx.query(
    `insert into audit_log (user_id, actor, action, entity, entity_id, before, after)
     values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
    [
      actor.userId,
      actor.name,
      action,
      entity,
      entityId === null ? null : String(entityId),
      before === undefined ? null : JSON.stringify(before),
      after === undefined ? null : JSON.stringify(after),
    ],
  );
}

/** Strips secrets from a row before it goes into the trail. */
export function withoutSecrets<T extends Record<string, unknown>>(
  row: T | null | undefined,
): Partial<T> | null {
  if (!row) return null;
  const {
    password_hash: _p,
    token_hash: _t,
    id_hash: _s,
    csrf_token: _c,
    ...rest
  } = row as Record<string, unknown>;
  return rest as Partial<T>;
}
