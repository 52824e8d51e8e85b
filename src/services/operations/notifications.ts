/**
 * The in-app inbox: notifications addressed to a scope (a department, a park, a region, an enterprise),
 * seen by whoever sees that scope. Writers add them inside their own transaction; after it commits, the
 * caller hands what was created to `deliver`, the hook point for webhooks and other channels.
 */
import type { Db, Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';
import { type Actor, recordAudit } from '../audit.ts';
import { OperationError } from './common.ts';

export const NOTIFICATION_KINDS = [
  'task_overdue',
  'request_new',
  'request_overdue',
  'request_answered',
  'project_stalled',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NewNotification {
  kind: NotificationKind;
  entity: 'task' | 'service_request' | 'project';
  entityCode: string;
  message: string;
  department?: string | null;
  parkId?: number | null;
  regionId?: number | null;
  enterpriseId?: number | null;
  /** The same key twice is one notification (a sweep that runs twice does not notify twice). */
  dedupKey: string;
}

export interface Notification {
  id: number;
  at: string;
  kind: NotificationKind;
  entity: string;
  entity_code: string;
  message: string;
  department: string | null;
  park_code: string | null;
  region_code: string | null;
  read_at: string | null;
}

/** Adds a notification unless its dedup key exists; returns it when it was new. */
export async function addNotification(
  tx: Queryable,
  at: Date,
  n: NewNotification,
): Promise<NewNotification | null> {
  const rows = await tx.query(
    `insert into notification (at, kind, entity, entity_code, message, department, park_id, region_id, enterprise_id, dedup_key)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict (dedup_key) do nothing returning id`,
    [
      at,
      n.kind,
      n.entity,
      n.entityCode,
      n.message,
      n.department ?? null,
      n.parkId ?? null,
      n.regionId ?? null,
      n.enterpriseId ?? null,
      n.dedupKey,
    ],
  );
  return rows.length > 0 ? n : null;
}

/** A channel notifications are sent to after their transaction commits (a webhook, e-mail, a message bus). */
export type NotificationSink = (notifications: readonly NewNotification[]) => Promise<void>;

const sinks: NotificationSink[] = [];

/** Adds a channel; returns a function that removes it. */
export function addNotificationSink(sink: NotificationSink): () => void {
  sinks.push(sink);
  return () => {
    const i = sinks.indexOf(sink);
    if (i >= 0) sinks.splice(i, 1);
  };
}

/**
 * What a webhook receiver sees: the domain's codes and words, not the store's row ids (a receiver cannot
 * resolve those). The addressed department is named; parks, regions and enterprises are addressed by id in
 * the store, so the message names the entity instead.
 */
function webhookShape(n: NewNotification) {
  return {
    kind: n.kind,
    entity: n.entity,
    entity_code: n.entityCode,
    message: n.message,
    department: n.department ?? null,
    dedup_key: n.dedupKey,
  };
}

/**
 * A sink that POSTs `{notifications: [...]}` as JSON to a URL (set CHAINATLAS_NOTIFY_WEBHOOK to enable it
 * for the server). A failing hook never fails the change that caused it: the inbox has the notification.
 */
export function webhookSink(url: string, log: (line: string) => void = () => {}): NotificationSink {
  return async (notifications) => {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ notifications: notifications.map(webhookShape) }),
        signal: AbortSignal.timeout(5000),
      });
      if (!response.ok) log(`notification webhook ${url} answered ${response.status}`);
    } catch (error) {
      log(`notification webhook ${url} failed: ${(error as Error).message}`);
    }
  };
}

/** Sends committed notifications to every sink; never throws. */
export async function deliver(notifications: readonly (NewNotification | null)[]): Promise<void> {
  const fresh = notifications.filter((n): n is NewNotification => n !== null);
  if (fresh.length === 0) return;
  await Promise.all(sinks.map((sink) => sink(fresh).catch(() => {})));
}

function addressedTo(visibility: Visibility, params: unknown[]): string {
  if (visibility.all) return 'true';
  params.push(visibility.departments, visibility.parks, visibility.regions, visibility.enterprises);
  const n = params.length;
  return `(n.department = any($${n - 3}::text[]) or n.park_id = any($${n - 2}::int[])
           or n.region_id = any($${n - 1}::int[]) or n.enterprise_id = any($${n}::bigint[]))`;
}

/** The caller's inbox, newest first. */
export async function inbox(
  db: Queryable,
  visibility: Visibility,
  options: { unreadOnly?: boolean; limit?: number } = {},
): Promise<{ items: Notification[]; unread: number }> {
  const params: unknown[] = [];
  const where = addressedTo(visibility, params);
  const items = await db.query<Notification>(
    `select n.id::int as id, n.at, n.kind, n.entity, n.entity_code, n.message, n.department,
            k.code as park_code, r.code as region_code, n.read_at
     from notification n left join park k on k.id = n.park_id left join region r on r.id = n.region_id
     where ${where}${options.unreadOnly ? ' and n.read_at is null' : ''}
     order by n.at desc, n.id desc limit ${Math.min(Math.max(options.limit ?? 100, 1), 1000)}`,
    params as never[],
  );
  const [count] = await db.query<{ n: number }>(
    `select count(*)::int as n from notification n where ${where} and n.read_at is null`,
    params as never[],
  );
  return { items, unread: Number(count?.n ?? 0) };
}

/** Marks one notification of the caller's inbox read (for everyone who shares that inbox). */
export async function markRead(db: Db, visibility: Visibility, actor: Actor, id: number, at: Date) {
  await db.transaction(async (tx) => {
    const params: unknown[] = [id];
    const where = addressedTo(visibility, params);
    const [before] = await tx.query<{ id: number; read_at: string | null }>(
      `select n.id::int as id, n.read_at from notification n where n.id = $1 and ${where} for update`,
      params as never[],
    );
    if (!before) throw new OperationError(404, `no notification ${id} in your inbox`);
    if (before.read_at) return;
    await tx.query('update notification set read_at = $2 where id = $1', [id, at]);
    await recordAudit(tx, actor, 'read', 'notification', id, before, { ...before, read_at: at });
  });
}
