/**
 * "Enterprise whistles, department responds" (seed 003): an enterprise files a request; a routing rule
 * sends it to a department with a deadline by category; the department answers (or hands it on); an
 * overdue request is escalated; the enterprise closes it with a rating. Every step is one transaction
 * with one audit row, and the request's thread keeps each step with its time and author.
 */
import type { Db, Queryable } from '../../store/db.ts';
import { type Subject, type Visibility, writeScopeOf } from '../accounts/subject.ts';
import { type Actor, recordAudit } from '../audit.ts';
import { type Clock, OperationError, scopeCovers, visibleFilter } from './common.ts';
import { addNotification, deliver, type NewNotification } from './notifications.ts';

const DAY_MS = 86_400_000;

export interface RoutingRuleInput {
  category: string;
  park_code?: string;
  department: string;
  deadline_days: number;
  escalate_to?: string;
}

export interface RoutingRule {
  id: number;
  category: string;
  park_code: string | null;
  department: string;
  deadline_days: number;
  escalate_to: string | null;
}

const RULE_SELECT = `select r.id, r.category, k.code as park_code, r.department, r.deadline_days, r.escalate_to
  from service_routing_rule r left join park k on k.id = r.park_id`;

/** Rules the caller may see: those of parks it sees, and the general ones. */
export async function listRoutingRules(db: Queryable, visibility: Visibility): Promise<RoutingRule[]> {
  const params: unknown[] = [];
  const parkVisible = visibleFilter('parks', 'r.park_id', visibility, params);
  return db.query<RoutingRule>(
    `${RULE_SELECT} where r.park_id is null or ${parkVisible} order by r.category, k.code nulls first`,
    params as never[],
  );
}

/** Creates or replaces the rule for (category, park). A park's rules need write access to the park. */
export async function setRoutingRule(
  db: Db,
  subject: Subject,
  actor: Actor,
  input: RoutingRuleInput,
): Promise<RoutingRule> {
  return db.transaction(async (tx) => {
    let parkId: number | null = null;
    if (input.park_code) {
      const [park] = await tx.query<{ id: number; region_id: number }>(
        'select id, region_id from park where code = $1',
        [input.park_code],
      );
      if (!park) throw new OperationError(404, `no park ${input.park_code}`);
      parkId = Number(park.id);
      if (!scopeCovers(await writeScopeOf(tx, subject), { parkId, regionId: Number(park.region_id) }))
        throw new OperationError(403, `park ${input.park_code} is outside what you may change`);
    } else if (!(await writeScopeOf(tx, subject)).all) {
      throw new OperationError(403, 'a rule for every park needs a system administrator; give park_code');
    }
    const [before] = await tx.query<RoutingRule>(
      `${RULE_SELECT} where r.category = $1 and coalesce(r.park_id, 0) = coalesce($2::int, 0) for update of r`,
      [input.category, parkId],
    );
    if (before) {
      await tx.query(
        'update service_routing_rule set department = $2, deadline_days = $3, escalate_to = $4 where id = $1',
        [before.id, input.department, input.deadline_days, input.escalate_to ?? null],
      );
    } else {
      await tx.query(
        `insert into service_routing_rule (category, park_id, department, deadline_days, escalate_to)
         values ($1, $2, $3, $4, $5)`,
        [input.category, parkId, input.department, input.deadline_days, input.escalate_to ?? null],
      );
    }
    const [after] = await tx.query<RoutingRule>(
      `${RULE_SELECT} where r.category = $1 and coalesce(r.park_id, 0) = coalesce($2::int, 0)`,
      [input.category, parkId],
    );
    await recordAudit(
      tx,
      actor,
      before ? 'update' : 'create',
      'service_routing_rule',
      after!.id,
      before,
      after,
    );
    return after!;
  });
}

/** The most specific rule: the category in the park, the category anywhere, any category in the park, any. */
async function ruleFor(tx: Queryable, category: string, parkId: number | null) {
  const [rule] = await tx.query<{ department: string; deadline_days: number; escalate_to: string | null }>(
    `select department, deadline_days, escalate_to from service_routing_rule
     where (category = $1 or category = '*') and (park_id = $2 or park_id is null)
     order by (category = '*'), (park_id is null) limit 1`,
    [category, parkId],
  );
  return rule ?? null;
}

export interface ServiceRequestView {
  id: number;
  code: string;
  enterprise_name: string;
  enterprise_credit_code: string | null;
  park_code: string | null;
  category: string;
  text: string;
  attachments: unknown[];
  department: string | null;
  status: 'open' | 'routed' | 'answered' | 'closed';
  filed_at: string | null;
  deadline_at: string | null;
  deadline_days: number | null;
  answered_at: string | null;
  closed_at: string | null;
  escalation_level: number;
  escalated_at: string | null;
  escalate_to: string | null;
  response: string | null;
  rating: number | null;
  rating_comment: string | null;
  /** Past its deadline and not answered, at the clock's time. */
  overdue: boolean;
  events?: {
    at: string;
    kind: string;
    actor: string;
    department: string | null;
    text: string | null;
  }[];
}

const REQUEST_SELECT = `select s.id, s.code, e.name_zh as enterprise_name, e.credit_code as enterprise_credit_code,
    k.code as park_code, s.category, s.text, s.attachments, s.department, s.status, s.filed_at, s.deadline_at,
    s.deadline_days, s.answered_at, s.closed_at, s.escalation_level, s.escalated_at, s.escalate_to, s.response,
    s.rating, s.rating_comment, s.enterprise_id, s.park_id, e.region_id as enterprise_region_id,
    coalesce(s.park_id, e.park_id) as place_park_id
  from service_request s join enterprise e on e.id = s.enterprise_id left join park k on k.id = s.park_id`;

type RequestRow = ServiceRequestView & {
  enterprise_id: number;
  park_id: number | null;
  enterprise_region_id: number;
  place_park_id: number | null;
};

function view(row: RequestRow, now: Date): ServiceRequestView {
  const { enterprise_id: _e, park_id: _p, enterprise_region_id: _r, place_park_id: _pp, ...rest } = row;
  const deadline = row.deadline_at ? new Date(row.deadline_at) : null;
  return {
    ...rest,
    id: Number(row.id),
    escalation_level: Number(row.escalation_level),
    deadline_days: row.deadline_days === null ? null : Number(row.deadline_days),
    rating: row.rating === null ? null : Number(row.rating),
    overdue: deadline !== null && !row.answered_at && row.status !== 'closed' && deadline < now,
  };
}

async function loadVisible(
  tx: Queryable,
  visibility: Visibility,
  code: string,
  lock = false,
): Promise<RequestRow> {
  const params: unknown[] = [code];
  const visible = visibleFilter('service_requests', 's.id', visibility, params);
  const [row] = await tx.query<RequestRow>(
    `${REQUEST_SELECT} where s.code = $1 and ${visible}${lock ? ' for update of s' : ''}`,
    params as never[],
  );
  if (!row) throw new OperationError(404, `no service request ${code}`);
  return row;
}

/** One request with its thread, or 404 when the caller may not see it. */
export async function getServiceRequest(
  db: Queryable,
  visibility: Visibility,
  code: string,
  now: Date,
): Promise<ServiceRequestView> {
  const row = await loadVisible(db, visibility, code);
  const events = await db.query<NonNullable<ServiceRequestView['events']>[number]>(
    'select at, kind, actor, department, text from service_request_event where request_id = $1 order by id',
    [row.id],
  );
  return { ...view(row, now), events };
}

async function addEvent(
  tx: Queryable,
  requestId: number,
  at: Date,
  kind: string,
  actor: Actor,
  department: string | null,
  text: string | null,
) {
  await tx.query(
    `insert into service_request_event (request_id, at, kind, actor, user_id, department, text)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [requestId, at, kind, actor.name, actor.userId, department, text],
  );
}

export interface FileRequestInput {
  category: string;
  text: string;
  attachments?: { name: string; size?: number; type?: string; url?: string }[];
  /** Needed only by a user who speaks for several enterprises: its credit code or name. */
  enterprise?: string;
  /** The chain the request concerns (a chain template's code), when the enterprise says so. */
  chain?: string;
}

/** An enterprise user files a request; the routing rule (if any) gives its department and deadline. */
export async function fileServiceRequest(
  db: Db,
  subject: Subject,
  actor: Actor,
  clock: Clock,
  input: FileRequestInput,
): Promise<ServiceRequestView> {
  const enterpriseIds = subject.memberships
    .filter((m) => m.role === 'enterprise_user' && m.enterpriseId !== null)
    .map((m) => Number(m.enterpriseId));
  if (enterpriseIds.length === 0)
    throw new OperationError(403, 'only an enterprise user files service requests (others import them)');
  const now = clock();
  const notifications: (NewNotification | null)[] = [];
  const filed = await db.transaction(async (tx) => {
    const enterprises = await tx.query<{ id: number; park_id: number | null; name_zh: string }>(
      `select id, park_id, name_zh from enterprise where id = any($1::bigint[])
       and ($2::text is null or credit_code = $2 or name_zh = $2)`,
      [enterpriseIds, input.enterprise ?? null],
    );
    if (enterprises.length === 0) throw new OperationError(404, `you do not speak for ${input.enterprise}`);
    if (enterprises.length > 1)
      throw new OperationError(400, 'you speak for several enterprises: say which one (enterprise)');
    const enterprise = enterprises[0]!;
    const parkId = enterprise.park_id === null ? null : Number(enterprise.park_id);
    const rule = await ruleFor(tx, input.category, parkId);
    const [chain] = input.chain
      ? await tx.query<{ id: number }>('select id from chain where code = $1', [input.chain])
      : [];
    if (input.chain && !chain) throw new OperationError(400, `no chain ${input.chain}`);
    const day = now.toISOString().slice(0, 10);
    const [{ n }] = (await tx.query<{ n: number }>(
      "select count(*)::int as n from service_request where code like 'SR-' || $1 || '-%'",
      [day.replace(/-/g, '')],
    )) as [{ n: number }];
    const code = `SR-${day.replace(/-/g, '')}-${String(Number(n) + 1).padStart(4, '0')}`;
    const deadline = rule ? new Date(now.getTime() + rule.deadline_days * DAY_MS) : null;
    const [inserted] = await tx.query<{ id: number }>(
      `insert into service_request (code, enterprise_id, park_id, category, text, attachments, department, filed_on,
         deadline, status, filed_by, filed_at, routed_at, deadline_at, deadline_days, escalate_to, chain_id, source)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'filed in Chain Atlas')
       returning id`,
      [
        code,
        enterprise.id,
        parkId,
        input.category,
        input.text,
        JSON.stringify(input.attachments ?? []),
        rule?.department ?? null,
        day,
        deadline ? deadline.toISOString().slice(0, 10) : null,
        rule ? 'routed' : 'open',
        actor.userId,
        now,
        rule ? now : null,
        deadline,
        rule?.deadline_days ?? null,
        rule?.escalate_to ?? null,
        chain ? Number(chain.id) : null,
      ],
    );
    const id = Number(inserted!.id);
    await addEvent(tx, id, now, 'filed', actor, null, input.text);
    if (rule) await addEvent(tx, id, now, 'routed', actor, rule.department, `rule for ${input.category}`);
    const message = `${enterprise.name_zh} filed ${code} (${input.category})${rule ? ` — due ${deadline!.toISOString().slice(0, 10)}` : ' — no routing rule: route it by hand'}`;
    notifications.push(
      await addNotification(tx, now, {
        kind: 'request_new',
        entity: 'service_request',
        entityCode: code,
        message,
        department: rule?.department ?? null,
        parkId,
        dedupKey: `request_new:${code}`,
      }),
    );
    const row = await loadVisible(
      tx,
      { all: true, regions: [], parks: [], enterprises: [], departments: [] },
      code,
    );
    const after = view(row, now);
    await recordAudit(tx, actor, 'file', 'service_request', code, null, after);
    return after;
  });
  await deliver(notifications);
  return filed;
}

/** The department the request is routed to, or a writer whose scope holds the request's park or enterprise. */
async function mayHandle(tx: Queryable, subject: Subject, row: RequestRow): Promise<boolean> {
  if (
    row.department !== null &&
    subject.memberships.some((m) => m.role === 'department_officer' && m.department === row.department)
  )
    return true;
  const scope = await writeScopeOf(tx, subject);
  return (
    scopeCovers(scope, { parkId: row.place_park_id, regionId: row.enterprise_region_id }) ||
    scopeCovers(scope, { parkId: row.park_id })
  );
}

async function change(
  db: Db,
  _subject: Subject,
  visibility: Visibility,
  actor: Actor,
  clock: Clock,
  code: string,
  work: (
    tx: Queryable,
    row: RequestRow,
    now: Date,
  ) => Promise<{ action: string; notifications?: (NewNotification | null)[] }>,
): Promise<ServiceRequestView> {
  const now = clock();
  const notifications: (NewNotification | null)[] = [];
  const result = await db.transaction(async (tx) => {
    const row = await loadVisible(tx, visibility, code, true);
    const before = view(row, now);
    const { action, notifications: created } = await work(tx, row, now);
    notifications.push(...(created ?? []));
    const after = view(
      await loadVisible(tx, { all: true, regions: [], parks: [], enterprises: [], departments: [] }, code),
      now,
    );
    await recordAudit(tx, actor, action, 'service_request', code, before, after);
    return after;
  });
  await deliver(notifications);
  return result;
}

/** The department answers: the request is answered (the first answer's time is its response time). */
export function respondToServiceRequest(
  db: Db,
  subject: Subject,
  visibility: Visibility,
  actor: Actor,
  clock: Clock,
  code: string,
  text: string,
) {
  return change(db, subject, visibility, actor, clock, code, async (tx, row, now) => {
    if (!(await mayHandle(tx, subject, row)))
      throw new OperationError(
        403,
        `only ${row.department ?? 'the park'} or the park's officers answer ${code}`,
      );
    if (row.status === 'closed') throw new OperationError(409, `${code} is closed`);
    await tx.query(
      `update service_request set status = 'answered', response = $2, answered_at = coalesce(answered_at, $3)
       where id = $1`,
      [row.id, text, now],
    );
    await addEvent(tx, row.id, now, 'response', actor, row.department, text);
    const n = await addNotification(tx, now, {
      kind: 'request_answered',
      entity: 'service_request',
      entityCode: code,
      message: `${row.department ?? 'the park'} answered ${code}`,
      enterpriseId: Number(row.enterprise_id),
      dedupKey: `request_answered:${code}:${now.toISOString()}`,
    });
    return { action: 'respond', notifications: [n] };
  });
}

/** Hands the request to another department (its deadline stays: the enterprise's clock keeps running). */
export function reassignServiceRequest(
  db: Db,
  subject: Subject,
  visibility: Visibility,
  actor: Actor,
  clock: Clock,
  code: string,
  department: string,
  note?: string,
) {
  return change(db, subject, visibility, actor, clock, code, async (tx, row, now) => {
    if (!(await mayHandle(tx, subject, row)))
      throw new OperationError(
        403,
        `only ${row.department ?? 'the park'} or the park's officers reassign ${code}`,
      );
    if (row.status === 'closed') throw new OperationError(409, `${code} is closed`);
    await tx.query(
      `update service_request set department = $2, routed_at = $3,
         status = case when status = 'open' then 'routed' else status end where id = $1`,
      [row.id, department, now],
    );
    await addEvent(tx, row.id, now, 'reassigned', actor, department, note ?? null);
    const n = await addNotification(tx, now, {
      kind: 'request_new',
      entity: 'service_request',
      entityCode: code,
      message: `${code} was handed to ${department}${note ? `: ${note}` : ''}`,
      department,
      dedupKey: `request_new:${code}:${department}:${now.toISOString()}`,
    });
    return { action: 'reassign', notifications: [n] };
  });
}

/** The enterprise that filed the request closes it with a rating from 1 to 5. */
export function closeServiceRequest(
  db: Db,
  subject: Subject,
  visibility: Visibility,
  actor: Actor,
  clock: Clock,
  code: string,
  rating: number,
  comment?: string,
) {
  return change(db, subject, visibility, actor, clock, code, async (tx, row, now) => {
    const own = subject.memberships.some(
      (m) => m.role === 'enterprise_user' && Number(m.enterpriseId) === Number(row.enterprise_id),
    );
    if (!own) throw new OperationError(403, `only the enterprise that filed ${code} closes it`);
    if (row.status === 'closed') throw new OperationError(409, `${code} is already closed`);
    if (row.status !== 'answered') throw new OperationError(409, `${code} has no answer yet`);
    await tx.query(
      `update service_request set status = 'closed', closed_at = $2, rating = $3, rating_comment = $4 where id = $1`,
      [row.id, now, rating, comment ?? null],
    );
    await addEvent(tx, row.id, now, 'closed', actor, row.department, comment ?? `rated ${rating}`);
    return { action: 'close' };
  });
}

/**
 * Escalates every request past its deadline and still unanswered: its escalation level rises, the park's
 * officers (and the rule's supervising department) are notified, and the request stays with its
 * department. A request still unanswered one more deadline period later is escalated again.
 */
export async function escalateOverdueRequests(
  db: Db,
  actor: Actor,
  clock: Clock,
): Promise<{ escalated: { code: string; level: number; department: string | null }[] }> {
  const now = clock();
  const notifications: (NewNotification | null)[] = [];
  const escalated = await db.transaction(async (tx) => {
    const rows = await tx.query<RequestRow>(
      `${REQUEST_SELECT} where s.status in ('open', 'routed') and s.answered_at is null and s.deadline_at < $1
         and (s.escalated_at is null or s.escalated_at + make_interval(days => coalesce(s.deadline_days, 1)) <= $1)
       order by s.deadline_at, s.id for update of s`,
      [now],
    );
    const out: { code: string; level: number; department: string | null }[] = [];
    for (const row of rows) {
      const before = view(row, now);
      const level = Number(row.escalation_level) + 1;
      await tx.query('update service_request set escalation_level = $2, escalated_at = $3 where id = $1', [
        row.id,
        level,
        now,
      ]);
      await addEvent(
        tx,
        row.id,
        now,
        'escalated',
        actor,
        row.escalate_to ?? row.department,
        `overdue since ${new Date(row.deadline_at!).toISOString().slice(0, 10)}; escalation level ${level}`,
      );
      const message = `${row.code} (${row.category}) is overdue with ${row.department ?? 'no department'} since ${new Date(row.deadline_at!).toISOString().slice(0, 10)}: escalation level ${level}`;
      for (const [suffix, to] of [
        ['park', { parkId: row.place_park_id === null ? null : Number(row.place_park_id) }],
        ['department', { department: row.department }],
        ['supervisor', { department: row.escalate_to }],
      ] as const) {
        if (Object.values(to).every((v) => v === null || v === undefined)) continue;
        notifications.push(
          await addNotification(tx, now, {
            kind: 'request_overdue',
            entity: 'service_request',
            entityCode: row.code,
            message,
            ...to,
            dedupKey: `request_overdue:${row.code}:${level}:${suffix}`,
          }),
        );
      }
      const after = { ...before, escalation_level: level, escalated_at: now.toISOString() };
      await recordAudit(tx, actor, 'escalate', 'service_request', row.code, before, after);
      out.push({ code: row.code, level, department: row.department });
    }
    return out;
  });
  await deliver(notifications);
  return { escalated };
}

export interface DepartmentStatistics {
  department: string | null;
  requests: number;
  open: number;
  answered: number;
  closed: number;
  /** Answered at or before the deadline, among those answered with a deadline. */
  answered_on_time: number;
  on_time_rate: number | null;
  overdue_unanswered: number;
  escalated: number;
  mean_response_hours: number | null;
  median_response_hours: number | null;
  mean_rating: number | null;
  rated: number;
}

/**
 * Per department: how many requests, how fast they were answered (filing to first answer) and how many on
 * time, how many are overdue, how they were rated. Requests imported without times count in the totals.
 */
export async function serviceRequestStatistics(
  db: Queryable,
  visibility: Visibility,
  now: Date,
  filters: { park_code?: string } = {},
): Promise<DepartmentStatistics[]> {
  const params: unknown[] = [now, filters.park_code ?? null];
  const visible = visibleFilter('service_requests', 's.id', visibility, params);
  const rows = await db.query<Record<string, unknown>>(
    `select s.department,
       count(*)::int as requests,
       count(*) filter (where s.status in ('open', 'routed'))::int as open,
       count(*) filter (where s.status in ('answered', 'closed'))::int as answered,
       count(*) filter (where s.status = 'closed')::int as closed,
       count(*) filter (where s.answered_at is not null and s.deadline_at is not null
                          and s.answered_at <= s.deadline_at)::int as answered_on_time,
       count(*) filter (where s.answered_at is not null and s.deadline_at is not null)::int as answered_with_deadline,
       count(*) filter (where s.answered_at is null and s.status <> 'closed' and s.deadline_at < $1)::int
         as overdue_unanswered,
       count(*) filter (where s.escalation_level > 0)::int as escalated,
       avg(extract(epoch from (s.answered_at - s.filed_at)) / 3600.0) as mean_response_hours,
       percentile_cont(0.5) within group (order by extract(epoch from (s.answered_at - s.filed_at)) / 3600.0)
         as median_response_hours,
       avg(s.rating)::float8 as mean_rating,
       count(s.rating)::int as rated
     from service_request s left join park k on k.id = s.park_id
     where ($2::text is null or k.code = $2) and ${visible}
     group by s.department order by s.department nulls last`,
    params as never[],
  );
  return rows.map((r) => {
    const withDeadline = Number(r.answered_with_deadline);
    const onTime = Number(r.answered_on_time);
    const hours = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);
    return {
      department: (r.department as string | null) ?? null,
      requests: Number(r.requests),
      open: Number(r.open),
      answered: Number(r.answered),
      closed: Number(r.closed),
      answered_on_time: onTime,
      on_time_rate: withDeadline > 0 ? onTime / withDeadline : null,
      overdue_unanswered: Number(r.overdue_unanswered),
      escalated: Number(r.escalated),
      mean_response_hours: hours(r.mean_response_hours),
      median_response_hours: hours(r.median_response_hours),
      mean_rating: r.mean_rating === null ? null : Number(r.mean_rating),
      rated: Number(r.rated),
    };
  });
}
