/**
 * Plans → actions → key tasks: each task's computed status, the overdue list, counts and completion rates
 * per year (recorded tasks beside the counts a report states), reviews, and next year's list copied from
 * this year's.
 */
import type { Db, Queryable } from '../../store/db.ts';
import { type Subject, type Visibility, writeScopeOf } from '../accounts/subject.ts';
import { type Actor, recordAudit } from '../audit.ts';
import { OperationError, scopeCovers, visibleFilter } from './common.ts';
import { copiedTaskCode, shiftYears, type TaskStatus, taskStatus } from './task-status.ts';

export interface TaskWithStatus {
  code: string;
  plan_code: string;
  action_code: string | null;
  year: number | null;
  title: string;
  owner_department: string | null;
  lead_official: string | null;
  due_date: string | null;
  target_metric: string | null;
  target_value: number | null;
  target_unit: string | null;
  last_review: { reviewed_on: string; status: string; progress: number | null; note: string | null } | null;
  status: TaskStatus;
}

const day = (v: unknown) =>
  v === null || v === undefined
    ? null
    : v instanceof Date
      ? v.toISOString().slice(0, 10)
      : String(v).slice(0, 10);

export async function tasksWithStatus(
  db: Queryable,
  visibility: Visibility,
  today: string,
  filters: { plan_code?: string; year?: number; status?: TaskStatus; region_code?: string } = {},
): Promise<TaskWithStatus[]> {
  const params: unknown[] = [filters.plan_code ?? null, filters.year ?? null, filters.region_code ?? null];
  const visible = visibleFilter('tasks', 't.id', visibility, params);
  const rows = await db.query<Record<string, unknown>>(
    `select t.code, pl.code as plan_code, a.code as action_code, t.year, t.title, t.owner_department, t.lead_official,
       t.due_date, t.target_metric, t.target_value, t.target_unit,
       v.reviewed_on, v.status as review_status, v.progress, v.note
     from task t join plan pl on pl.id = t.plan_id left join action a on a.id = t.action_id
     left join park k on k.id = pl.park_id
     left join lateral (select reviewed_on, status, progress, note from task_review r where r.task_id = t.id
                        order by reviewed_on desc limit 1) v on true
     where ($1::text is null or pl.code = $1) and ($2::int is null or t.year = $2)
       and ($3::text is null or pl.region_id = (select id from region where code = $3)
            or k.region_id in (with recursive tree(id) as (select id from region where code = $3
                 union select r.id from region r join tree on r.parent_id = tree.id) select id from tree))
       and ${visible}
     order by t.year nulls last, t.code`,
    params as never[],
  );
  const tasks = rows.map((r): TaskWithStatus => {
    const review = r.reviewed_on
      ? {
          reviewed_on: day(r.reviewed_on)!,
          status: r.review_status as string,
          progress: r.progress === null ? null : Number(r.progress),
          note: (r.note as string | null) ?? null,
        }
      : null;
    return {
      code: r.code as string,
      plan_code: r.plan_code as string,
      action_code: (r.action_code as string | null) ?? null,
      year: r.year === null ? null : Number(r.year),
      title: r.title as string,
      owner_department: (r.owner_department as string | null) ?? null,
      lead_official: (r.lead_official as string | null) ?? null,
      due_date: day(r.due_date),
      target_metric: (r.target_metric as string | null) ?? null,
      target_value: r.target_value === null ? null : Number(r.target_value),
      target_unit: (r.target_unit as string | null) ?? null,
      last_review: review,
      status: taskStatus(
        {
          year: r.year === null ? null : Number(r.year),
          dueDate: day(r.due_date),
          latestStatus: (review?.status ?? null) as never,
          latestProgress: review?.progress ?? null,
        },
        today,
      ),
    };
  });
  return filters.status ? tasks.filter((t) => t.status === filters.status) : tasks;
}

export interface YearSummary {
  year: number;
  /** Tasks held in the store. */
  recorded: { tasks: number; done: number; overdue: number; at_risk: number; completion_rate: number | null };
  /** What the region's reports state (indicators key_tasks_count and key_tasks_completion_rate). */
  reported: {
    tasks: number | null;
    completion_rate: number | null;
    source: string | null;
    quote: string | null;
  } | null;
}

/** Counts and completion per year: recorded tasks, and the counts the region's reports give. */
export async function taskSummary(
  db: Queryable,
  visibility: Visibility,
  today: string,
  filters: { plan_code?: string; region_code?: string } = {},
): Promise<YearSummary[]> {
  const tasks = await tasksWithStatus(db, visibility, today, filters);
  const years = new Map<number, YearSummary>();
  const entry = (year: number) => {
    let e = years.get(year);
    if (!e) {
      e = {
        year,
        recorded: { tasks: 0, done: 0, overdue: 0, at_risk: 0, completion_rate: null },
        reported: null,
      };
      years.set(year, e);
    }
    return e;
  };
  for (const t of tasks) {
    if (t.year === null) continue;
    const r = entry(t.year).recorded;
    r.tasks++;
    if (t.status === 'done') r.done++;
    if (t.status === 'overdue') r.overdue++;
    if (t.status === 'at_risk') r.at_risk++;
  }
  for (const e of years.values())
    e.recorded.completion_rate = e.recorded.tasks ? e.recorded.done / e.recorded.tasks : null;
  if (filters.region_code) {
    const params: unknown[] = [filters.region_code];
    const visible = visibleFilter('indicators', 'i.id', visibility, params);
    const reported = await db.query<{
      metric: string;
      period: string;
      value: number;
      source: string;
      quote: string;
    }>(
      `select m.code as metric, i.period, i.value, i.source, i.quote from indicator i
       join metric m on m.id = i.metric_id join region r on i.entity_kind = 'region' and r.id = i.entity_id
       where r.code = $1 and m.code in ('key_tasks_count', 'key_tasks_completion_rate') and i.period ~ '^[0-9]{4}$'
         and ${visible}
       order by i.period`,
      params as never[],
    );
    for (const row of reported) {
      const e = entry(Number(row.period));
      e.reported ??= { tasks: null, completion_rate: null, source: row.source, quote: row.quote };
      if (row.metric === 'key_tasks_count') e.reported.tasks = Number(row.value);
      // Reports give percentages; the summary gives shares like the recorded rate.
      else e.reported.completion_rate = Number(row.value) / 100;
    }
  }
  return [...years.values()].sort((a, b) => a.year - b.year);
}

async function planInScope(tx: Queryable, subject: Subject, planCode: string) {
  const [plan] = await tx.query<{ id: number; region_id: number | null; park_id: number | null }>(
    'select id, region_id, park_id from plan where code = $1',
    [planCode],
  );
  if (!plan) throw new OperationError(404, `no plan ${planCode}`);
  const scope = await writeScopeOf(tx, subject);
  if (!scopeCovers(scope, { parkId: plan.park_id, regionId: plan.region_id }))
    throw new OperationError(404, `no plan ${planCode} within what you may change`);
  return plan;
}

/**
 * Next year's list from this year's: each task (or each unfinished one) copied with the year in its code,
 * its due date a year on, and a link to the task it continues. Tasks already copied are skipped.
 */
export async function copyTasksForward(
  db: Db,
  subject: Subject,
  actor: Actor,
  today: string,
  input: { plan_code: string; from_year: number; to_year: number; unfinished_only?: boolean },
): Promise<{ created: string[]; skipped: string[] }> {
  if (input.to_year <= input.from_year) throw new OperationError(400, 'to_year must come after from_year');
  return db.transaction(async (tx) => {
    const plan = await planInScope(tx, subject, input.plan_code);
    const all = { all: true, regions: [], parks: [], enterprises: [], departments: [] };
    const tasks = await tasksWithStatus(tx, all, today, {
      plan_code: input.plan_code,
      year: input.from_year,
    });
    const created: string[] = [];
    const skipped: string[] = [];
    for (const t of tasks) {
      if (input.unfinished_only && t.status === 'done') continue;
      const code = copiedTaskCode(t.code, input.from_year, input.to_year);
      const rows = await tx.query<Record<string, unknown>>(
        `insert into task (code, plan_id, action_id, year, title, owner_department, lead_official, due_date, target_metric,
           target_value, target_unit, measures, chain_id, copied_from_id, source)
         select $1, plan_id, action_id, $2, title, owner_department, lead_official, $3::date, target_metric, target_value,
           target_unit, measures, chain_id, id, 'copied forward from ' || code
         from task where code = $4 and plan_id = $5
         on conflict (code) do nothing
         returning code, year, title, due_date, copied_from_id`,
        [
          code,
          input.to_year,
          t.due_date ? shiftYears(t.due_date, input.to_year - input.from_year) : null,
          t.code,
          plan.id,
        ],
      );
      if (rows.length === 0) {
        skipped.push(code);
        continue;
      }
      await recordAudit(tx, actor, 'copy_forward', 'task', code, null, rows[0]);
      created.push(code);
    }
    return { created, skipped };
  });
}

export interface ReviewInput {
  reviewed_on: string;
  status: 'not_started' | 'in_progress' | 'done' | 'blocked';
  progress?: number;
  note?: string;
  evidence?: string;
}

/** Records (or corrects) a task's review of a day. */
export async function reviewTask(
  db: Db,
  subject: Subject,
  actor: Actor,
  taskCode: string,
  input: ReviewInput,
) {
  return db.transaction(async (tx) => {
    const [task] = await tx.query<{ id: number; plan_code: string }>(
      'select t.id, pl.code as plan_code from task t join plan pl on pl.id = t.plan_id where t.code = $1',
      [taskCode],
    );
    if (!task) throw new OperationError(404, `no task ${taskCode}`);
    await planInScope(tx, subject, task.plan_code).catch(() => {
      throw new OperationError(404, `no task ${taskCode} within what you may change`);
    });
    const [before] = await tx.query(
      'select reviewed_on, status, progress, note, evidence from task_review where task_id = $1 and reviewed_on = $2',
      [task.id, input.reviewed_on],
    );
    const [after] = await tx.query(
      `insert into task_review (task_id, reviewed_on, status, progress, note, evidence, source)
       values ($1, $2, $3, $4, $5, $6, 'reviewed in Chain Atlas')
       on conflict (task_id, reviewed_on) do update set status = excluded.status, progress = excluded.progress,
         note = excluded.note, evidence = excluded.evidence
       returning reviewed_on, status, progress, note, evidence`,
      [
        task.id,
        input.reviewed_on,
        input.status,
        input.progress ?? null,
        input.note ?? null,
        input.evidence ?? null,
      ],
    );
    await recordAudit(
      tx,
      actor,
      before ? 'update' : 'create',
      'task_review',
      `${taskCode}@${input.reviewed_on}`,
      before ?? null,
      after,
    );
    return after;
  });
}
