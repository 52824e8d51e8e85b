/**
 * The periodic sweep: escalates overdue service requests and puts overdue tasks and stalled projects into
 * the inboxes. Idempotent — a second run at the same time changes nothing. Run by the CLI (`chainatlas ops
 * sweep`), by `POST /api/ops/sweep`, or on a timer by whoever runs the server.
 */
import type { Db } from '../../store/db.ts';
import { type Actor, recordAudit } from '../audit.ts';
import type { Clock } from './common.ts';
import { addNotification, deliver, type NewNotification } from './notifications.ts';
import { escalateOverdueRequests } from './service-requests.ts';

export async function runOperationsSweep(
  db: Db,
  actor: Actor,
  clock: Clock,
  options: { stalledDays?: number } = {},
) {
  const { escalated } = await escalateOverdueRequests(db, actor, clock);
  const now = clock();
  const today = now.toISOString().slice(0, 10);
  const stalledDays = options.stalledDays ?? 180;
  const created: (NewNotification | null)[] = [];
  await db.transaction(async (tx) => {
    const overdueTasks = await tx.query<{
      code: string;
      title: string;
      due_date: unknown;
      region_id: number | null;
      park_id: number | null;
      owner_department: string | null;
    }>(
      `select t.code, t.title, t.due_date, pl.region_id, pl.park_id, t.owner_department from task t join plan pl on pl.id = t.plan_id
       where t.due_date < $1::date and coalesce((select status from task_review r where r.task_id = t.id
                                                 order by reviewed_on desc limit 1), '') <> 'done'`,
      [today],
    );
    for (const t of overdueTasks) {
      const due = t.due_date instanceof Date ? t.due_date.toISOString().slice(0, 10) : String(t.due_date);
      created.push(
        await addNotification(tx, now, {
          kind: 'task_overdue',
          entity: 'task',
          entityCode: t.code,
          message: `task ${t.code} "${t.title}"${t.owner_department ? ` (${t.owner_department})` : ''} was due ${due} and is not done`,
          parkId: t.park_id,
          regionId: t.park_id === null ? t.region_id : null,
          dedupKey: `task_overdue:${t.code}:${due}`,
        }),
      );
    }
    const stalled = await tx.query<{
      code: string;
      name_zh: string;
      stage: string;
      stage_since: unknown;
      park_id: number | null;
      region_id: number | null;
    }>(
      `select code, name_zh, stage, stage_since, park_id, region_id from project
       where stage in ('planned', 'signed', 'approved', 'under_construction') and stage_since is not null
         and stage_since < $1::date - $2::int and (park_id is not null or region_id is not null)`,
      [today, stalledDays],
    );
    for (const p of stalled) {
      const since =
        p.stage_since instanceof Date ? p.stage_since.toISOString().slice(0, 10) : String(p.stage_since);
      created.push(
        await addNotification(tx, now, {
          kind: 'project_stalled',
          entity: 'project',
          entityCode: p.code,
          message: `project ${p.code} ${p.name_zh} has been ${p.stage} since ${since} (over ${stalledDays} days)`,
          parkId: p.park_id,
          regionId: p.park_id === null ? p.region_id : null,
          dedupKey: `project_stalled:${p.code}:${p.stage}:${since}`,
        }),
      );
    }
    const fresh = created.filter((n): n is NewNotification => n !== null);
    if (fresh.length > 0)
      await recordAudit(tx, actor, 'sweep', 'notification', null, null, {
        at: now.toISOString(),
        notifications: fresh.map((n) => n.dedupKey),
      });
  });
  await deliver(created);
  const fresh = created.filter((n): n is NewNotification => n !== null);
  return {
    at: now.toISOString(),
    escalated,
    notified: {
      task_overdue: fresh.filter((n) => n.kind === 'task_overdue').length,
      project_stalled: fresh.filter((n) => n.kind === 'project_stalled').length,
    },
  };
}
