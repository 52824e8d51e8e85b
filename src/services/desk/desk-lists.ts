/**
 * The five lists of a chain desk (五清单): enterprises, projects, clusters, problems and policies. Each is
 * one table with its columns, rows and totals; the same object answers the API and makes the CSV/XLSX
 * file, so a file's totals are the API's by construction (and the test checks it).
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Queryable } from '../../store/db.ts';
import { OUTPUT_METRICS } from '../chains/load-workspace.ts';
import { resolveScope } from '../chains/resolve.ts';
import { neutralizeFormula } from '../export-entities.ts';
import { taskStatus } from '../operations/task-status.ts';
import { deskDiagnosis } from './desk-maps.ts';
import type { DeskRef } from './desk-store.ts';

export const DESK_LISTS = ['enterprises', 'projects', 'clusters', 'problems', 'policies'] as const;
export type DeskListName = (typeof DESK_LISTS)[number];
export const LIST_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

export type Cell = string | number | boolean | null;

export interface DeskList {
  desk: string;
  list: DeskListName;
  columns: string[];
  rows: Record<string, Cell>[];
  total: number;
  /** Sums and counts of the list (the XLSX file's totals sheet holds the same numbers). */
  totals: Record<string, number>;
}

const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const day = (v: unknown): string | null =>
  v === null || v === undefined
    ? null
    : v instanceof Date
      ? v.toISOString().slice(0, 10)
      : String(v).slice(0, 10);

function countBy(rows: Record<string, Cell>[], column: string, prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) {
    const key = `${prefix}${r[column] ?? 'none'}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

const sum = (rows: Record<string, Cell>[], column: string) =>
  rows.reduce((t, r) => t + (typeof r[column] === 'number' ? (r[column] as number) : 0), 0);

async function scopeOf(db: Queryable, desk: DeskRef) {
  const scope = await resolveScope(db, desk.scope.code);
  // Regions above the scope: a province's incentive or cluster covers the prefectures in it.
  return { ...scope, aboveIds: scope.ancestorRegionIds };
}

// 1. Enterprises -------------------------------------------------------------------------------------

export async function enterpriseList(db: Queryable, desk: DeskRef): Promise<DeskList> {
  const scope = await scopeOf(db, desk);
  const rows = await db.query<Record<string, unknown>>(
    `select e.id, e.name_zh, e.name_en, e.credit_code, n.code as node, n.name_zh as node_name, en.role, e.size_class,
       k.code as park_code, r.code as region_code, o.value as output, o.unit as output_unit, o.period as output_year,
       en.source, en.quote
     from enterprise_node en join chain_node n on n.id = en.chain_node_id join enterprise e on e.id = en.enterprise_id
     join region r on r.id = e.region_id left join park k on k.id = e.park_id
     left join lateral (
       select i.value, i.unit, i.period from indicator i join metric m on m.id = i.metric_id
       where i.entity_kind = 'enterprise' and i.entity_id = e.id and m.code = any($4::text[])
         and i.industry_id is null and i.scope = '' and i.period ~ '^[0-9]{4}$'
       order by i.period desc, array_position($4::text[], m.code) limit 1) o on true
     where n.chain_id = $1 and (e.region_id = any($2::int[]) or e.park_id = any($3::int[]))
     order by n.seq, case en.role when 'leader' then 0 when 'supporting' then 1 else 2 end, e.name_zh`,
    [desk.chain.id, scope.regionIds, scope.parkIds, [...OUTPUT_METRICS]],
  );
  const list = rows.map((r) => ({
    name_zh: s(r.name_zh),
    name_en: s(r.name_en),
    credit_code: s(r.credit_code),
    node: s(r.node),
    node_name: s(r.node_name),
    role: s(r.role),
    size_class: s(r.size_class),
    park: s(r.park_code),
    region: s(r.region_code),
    output: n(r.output),
    output_unit: s(r.output_unit),
    output_year: s(r.output_year),
    source: s(r.source),
    quote: s(r.quote),
  }));
  return {
    desk: desk.code,
    list: 'enterprises',
    columns: Object.keys(list[0] ?? EMPTY.enterprises),
    rows: list,
    total: list.length,
    totals: {
      rows: list.length,
      enterprises: new Set(rows.map((r) => String(r.id))).size,
      leaders: list.filter((r) => r.role === 'leader').length,
      output: sum(list, 'output'),
      ...countBy(list, 'role', 'role_'),
    },
  };
}

// 2. Projects ----------------------------------------------------------------------------------------

export async function projectList(db: Queryable, desk: DeskRef): Promise<DeskList> {
  const scope = await scopeOf(db, desk);
  const rows = await db.query<Record<string, unknown>>(
    `select p.code, p.name_zh, p.name_en, p.stage, n.code as node, k.code as park_code,
       coalesce(ie.name_zh, p.investor_name) as investor, p.planned_investment_yuan, p.completed_investment_yuan,
       p.start_date, p.due_date, p.stage_since, p.blockers, p.source, p.quote
     from project p left join chain_node n on n.id = p.chain_node_id left join park k on k.id = p.park_id
     left join enterprise ie on ie.id = p.investor_id
     where coalesce(p.chain_id, n.chain_id) = $1
       and (p.park_id = any($3::int[]) or (p.park_id is null and p.region_id = any($2::int[])))
     order by case p.stage when 'planned' then 0 when 'signed' then 1 when 'approved' then 2
       when 'under_construction' then 3 when 'completed' then 4 when 'operating' then 5 else 6 end, p.code`,
    [desk.chain.id, scope.regionIds, scope.parkIds],
  );
  const list = rows.map((r) => ({
    code: s(r.code),
    name_zh: s(r.name_zh),
    name_en: s(r.name_en),
    stage: s(r.stage),
    node: s(r.node),
    park: s(r.park_code),
    investor: s(r.investor),
    planned_investment_yuan: n(r.planned_investment_yuan),
    completed_investment_yuan: n(r.completed_investment_yuan),
    start_date: day(r.start_date),
    due_date: day(r.due_date),
    blockers: s(r.blockers),
    source: s(r.source),
    quote: s(r.quote),
  }));
  return {
    desk: desk.code,
    list: 'projects',
    columns: Object.keys(list[0] ?? EMPTY.projects),
    rows: list,
    total: list.length,
    totals: {
      rows: list.length,
      planned_investment_yuan: sum(list, 'planned_investment_yuan'),
      completed_investment_yuan: sum(list, 'completed_investment_yuan'),
      ...countBy(list, 'stage', 'stage_'),
    },
  };
}

// 3. Clusters ----------------------------------------------------------------------------------------

export async function clusterList(db: Queryable, desk: DeskRef): Promise<DeskList> {
  const scope = await scopeOf(db, desk);
  const rows = await db.query<Record<string, unknown>>(
    `select c.code, c.name_zh, c.name_en, c.tier, r.code as region_code, k.code as park_code,
       (select string_agg(ch.code, '; ' order by ch.code) from cluster_chain cc2 join chain ch on ch.id = cc2.chain_id
        where cc2.cluster_id = c.id) as member_chains, c.source, c.quote
     from cluster c join cluster_chain cc on cc.cluster_id = c.id and cc.chain_id = $1
     left join region r on r.id = c.region_id left join park k on k.id = c.park_id
     where c.park_id = any($3::int[]) or c.region_id = any($2::int[]) or c.region_id = any($4::int[])
     order by c.code`,
    [desk.chain.id, scope.regionIds, scope.parkIds, scope.aboveIds],
  );
  const list = rows.map((r) => ({
    code: s(r.code),
    name_zh: s(r.name_zh),
    name_en: s(r.name_en),
    tier: s(r.tier),
    region: s(r.region_code),
    park: s(r.park_code),
    member_chains: s(r.member_chains),
    source: s(r.source),
    quote: s(r.quote),
  }));
  return {
    desk: desk.code,
    list: 'clusters',
    columns: Object.keys(list[0] ?? EMPTY.clusters),
    rows: list,
    total: list.length,
    totals: { rows: list.length, ...countBy(list, 'tier', 'tier_') },
  };
}

// 4. Problems ----------------------------------------------------------------------------------------

export const PROBLEM_KINDS = ['diagnosis', 'recorded', 'overdue_task', 'late_request', 'bottleneck'] as const;

/**
 * Problems from five places, each with its owner (who must act; null = not recorded) and its evidence:
 * the chain diagnosis (missing and weak nodes, single-product dependence), problems recorded for the
 * chain in the scope, overdue key tasks of the scope's plans and service requests past their deadline in the
 * scope (those of this chain and those that name no chain), and open bottleneck technologies of the roadmap.
 */
export async function problemList(db: Queryable, desk: DeskRef, today: string): Promise<DeskList> {
  const scope = await scopeOf(db, desk);
  const [deskRow] = await db.query<{ chief_name: string | null }>(
    'select chief_name from chain_desk where id = $1',
    [desk.id],
  );
  const chainOwner = deskRow?.chief_name ? `chain chief ${deskRow.chief_name}` : null;
  const rows: Record<string, Cell>[] = [];
  const diagnosis = await deskDiagnosis(db, desk);
  for (const node of diagnosis.nodes) {
    // Weak nodes, and missing ones next to what the scope has (upstream or downstream of it): a missing
    // node unrelated to anything present is the chain's reach, not yet a problem of this desk.
    if (
      node.status === 'missing'
        ? node.gap_side === 'unrelated' || node.gap_side === null
        : node.status !== 'weak'
    )
      continue;
    rows.push({
      kind: 'diagnosis',
      key: `node:${node.key}`,
      title: `${node.status} node: ${node.name_en ?? node.name_zh}`,
      node: node.key,
      owner: chainOwner,
      status: 'open',
      due: null,
      evidence: node.reasons.join(' ') || null,
      source: 'chain diagnosis',
      quote: null,
    });
  }
  if (diagnosis.dependence.flagged)
    rows.push({
      kind: 'diagnosis',
      key: 'dependence',
      title: 'output depends on one node',
      node: diagnosis.dependence.top_node,
      owner: chainOwner,
      status: 'open',
      due: null,
      evidence: diagnosis.dependence.summary,
      source: 'chain diagnosis',
      quote: diagnosis.dependence.evidence[0]?.quote ?? null,
    });
  const recorded = await db.query<Record<string, unknown>>(
    `select p.code, p.title, p.description, n.code as node, p.status, p.source, p.quote from problem p
     left join chain_node n on n.id = p.chain_node_id
     where p.status = 'open' and (p.chain_id = $1 or n.chain_id = $1)
       and (p.park_id = any($3::int[]) or (p.park_id is null and p.region_id = any($2::int[])))
     order by p.code`,
    [desk.chain.id, scope.regionIds, scope.parkIds],
  );
  for (const p of recorded)
    rows.push({
      kind: 'recorded',
      key: `problem:${p.code}`,
      title: s(p.title),
      node: s(p.node),
      owner: chainOwner,
      status: 'open',
      due: null,
      evidence: s(p.description) ?? s(p.quote),
      source: s(p.source),
      quote: s(p.quote),
    });
  // Tasks and requests of the scope that serve this chain, and those that name no chain (migration 0012):
  // an untagged row is the scope's, as every row was before tasks and requests could carry a chain, so it
  // stays on each desk of the scope; a row tagged with another chain belongs to that chain's desk only.
  const tasks = await db.query<Record<string, unknown>>(
    `select t.code, t.title, t.year, t.due_date, t.owner_department, t.lead_official, pl.code as plan_code,
       v.status as review_status, v.progress, v.note, c.code as chain_code
     from task t join plan pl on pl.id = t.plan_id left join chain c on c.id = t.chain_id
     left join lateral (select status, progress, note from task_review r where r.task_id = t.id
                        order by reviewed_on desc limit 1) v on true
     where (pl.park_id = any($2::int[]) or pl.region_id = any($1::int[]))
       and (t.chain_id is null or t.chain_id = $3)
     order by t.due_date nulls last, t.code`,
    [scope.regionIds, scope.parkIds, desk.chain.id],
  );
  for (const t of tasks) {
    const status = taskStatus(
      {
        year: n(t.year),
        dueDate: day(t.due_date),
        latestStatus: (t.review_status as never) ?? null,
        latestProgress: n(t.progress),
      },
      today,
    );
    if (status !== 'overdue') continue;
    rows.push({
      kind: 'overdue_task',
      key: `task:${t.code}`,
      title: s(t.title),
      node: null,
      owner: s(t.owner_department) ?? s(t.lead_official),
      status: 'overdue',
      due: day(t.due_date),
      evidence: `key task ${t.code} of plan ${t.plan_code}${t.chain_code ? ` (chain ${t.chain_code})` : ''}, due ${day(t.due_date)}; latest review: ${t.review_status ? `${t.review_status}${t.progress === null ? '' : ` ${t.progress} %`}${t.note ? ` — ${t.note}` : ''}` : 'none'}`,
      source: s(t.plan_code),
      quote: null,
    });
  }
  const requests = await db.query<Record<string, unknown>>(
    `select q.code, q.category, q.text, q.department, coalesce(q.deadline_at::date, q.deadline) as deadline, q.status,
       e.name_zh as enterprise, c.code as chain_code
     from service_request q join enterprise e on e.id = q.enterprise_id left join chain c on c.id = q.chain_id
     where q.status in ('open', 'routed') and q.closed_at is null
       and coalesce(q.deadline_at::date, q.deadline) < $3::date
       and (q.park_id = any($2::int[]) or e.park_id = any($2::int[]) or e.region_id = any($1::int[]))
       and (q.chain_id is null or q.chain_id = $4)
     order by deadline, q.code`,
    [scope.regionIds, scope.parkIds, today, desk.chain.id],
  );
  for (const q of requests)
    rows.push({
      kind: 'late_request',
      key: `request:${q.code}`,
      title: `${q.category}: ${String(q.text).slice(0, 120)}`,
      node: null,
      owner: s(q.department),
      status: s(q.status),
      due: day(q.deadline),
      evidence: `service request ${q.code} from ${q.enterprise}${q.chain_code ? ` (chain ${q.chain_code})` : ''}, deadline ${day(q.deadline)}, still ${q.status}`,
      source: s(q.code),
      quote: null,
    });
  const bottlenecks = await db.query<Record<string, unknown>>(
    `select t.code, t.name, n.code as node, t.trl, t.dependence, t.institutions, t.source, t.quote
     from chain_technology t join chain_node n on n.id = t.chain_node_id
     where t.desk_id = $1 and t.bottleneck
       -- open: no task against it yet, or a task not done
       and (not exists (select 1 from chain_technology_task k where k.technology_id = t.id)
            or exists (select 1 from chain_technology_task k where k.technology_id = t.id and k.status <> 'done'))
     order by t.code`,
    [desk.id],
  );
  for (const b of bottlenecks) {
    const institutions = (b.institutions as string[]) ?? [];
    rows.push({
      kind: 'bottleneck',
      key: `technology:${b.code}`,
      title: `bottleneck technology: ${b.name}`,
      node: s(b.node),
      owner: institutions.length > 0 ? institutions.join('; ') : chainOwner,
      status: 'open',
      due: null,
      evidence: `maturity TRL ${b.trl ?? 'not recorded'}; dependence ${b.dependence ?? 'not recorded'}`,
      source: s(b.source),
      quote: s(b.quote),
    });
  }
  return {
    desk: desk.code,
    list: 'problems',
    columns: Object.keys(rows[0] ?? EMPTY.problems),
    rows,
    total: rows.length,
    totals: { rows: rows.length, ...countBy(rows, 'kind', 'kind_') },
  };
}

// 5. Policies ----------------------------------------------------------------------------------------

/** Incentives granted in or to the scope (or by the regions above it) and the plans that apply to it. */
export async function policyList(db: Queryable, desk: DeskRef): Promise<DeskList> {
  const scope = await scopeOf(db, desk);
  const parkCodes = (
    await db.query<{ code: string }>('select code from park where id = any($1::int[])', [scope.parkIds])
  ).map((p) => p.code);
  const incentives = await db.query<Record<string, unknown>>(
    `select i.code, i.kind, i.granting_level, r.code as region_code, i.recipient_kind, i.recipient_code,
       i.amount_yuan, i.period, i.purpose, i.source, i.quote
     from incentive i left join region r on r.id = i.granting_region_id
     where (i.recipient_kind = 'park' and i.recipient_code = any($3::text[]))
        -- to the parks of a region, or to no one named: granted by the scope's region or one above it
        or ((i.recipient_kind = 'parks' or i.recipient_kind is null)
            and (i.granting_region_id = any($1::int[]) or i.granting_region_id = any($2::int[])))
        or (i.recipient_kind = 'project' and i.recipient_code in (
              select p.code from project p left join chain_node pn on pn.id = p.chain_node_id
              where coalesce(p.chain_id, pn.chain_id) = $4
                and (p.park_id = any($5::int[]) or p.region_id = any($1::int[]))))
        or (i.recipient_kind = 'enterprise' and i.recipient_code in (
              select coalesce(e.credit_code, e.name_zh) from enterprise_node en join enterprise e on e.id = en.enterprise_id
              join chain_node n on n.id = en.chain_node_id
              where n.chain_id = $4 and (e.region_id = any($1::int[]) or e.park_id = any($5::int[]))))
     order by i.code`,
    [scope.regionIds, scope.aboveIds, parkCodes, desk.chain.id, scope.parkIds],
  );
  const plans = await db.query<Record<string, unknown>>(
    `select p.code, p.name_zh, p.name_en, p.period, p.issued_by, p.source, p.quote from plan p
     where p.park_id = any($3::int[]) or p.region_id = any($1::int[]) or p.region_id = any($2::int[])
     order by p.code`,
    [scope.regionIds, scope.aboveIds, scope.parkIds],
  );
  const rows: Record<string, Cell>[] = [
    ...incentives.map((i) => ({
      kind: 'incentive',
      code: s(i.code),
      title: s(i.purpose) ?? `${i.kind} (${i.granting_level})`,
      level: s(i.granting_level),
      instrument: s(i.kind),
      recipient: s(i.recipient_code),
      amount_yuan: n(i.amount_yuan),
      period: s(i.period),
      source: s(i.source),
      quote: s(i.quote),
    })),
    ...plans.map((p) => ({
      kind: 'policy_document',
      code: s(p.code),
      title: s(p.name_en) ?? s(p.name_zh),
      level: s(p.issued_by),
      instrument: 'plan',
      recipient: null,
      amount_yuan: null,
      period: s(p.period),
      source: s(p.source),
      quote: s(p.quote),
    })),
  ];
  return {
    desk: desk.code,
    list: 'policies',
    columns: Object.keys(rows[0] ?? EMPTY.policies),
    rows,
    total: rows.length,
    totals: {
      rows: rows.length,
      incentives: incentives.length,
      policy_documents: plans.length,
      amount_yuan: sum(rows, 'amount_yuan'),
    },
  };
}

/** Column sets of empty lists (so an empty file still has its header). */
const EMPTY: Record<DeskListName, Record<string, null>> = {
  enterprises: Object.fromEntries(
    'name_zh name_en credit_code node node_name role size_class park region output output_unit output_year source quote'
      .split(' ')
      .map((c) => [c, null]),
  ),
  projects: Object.fromEntries(
    'code name_zh name_en stage node park investor planned_investment_yuan completed_investment_yuan start_date due_date blockers source quote'
      .split(' ')
      .map((c) => [c, null]),
  ),
  clusters: Object.fromEntries(
    'code name_zh name_en tier region park member_chains source quote'.split(' ').map((c) => [c, null]),
  ),
  problems: Object.fromEntries(
    'kind key title node owner status due evidence source quote'.split(' ').map((c) => [c, null]),
  ),
  policies: Object.fromEntries(
    'kind code title level instrument recipient amount_yuan period source quote'
      .split(' ')
      .map((c) => [c, null]),
  ),
};

export function deskList(db: Queryable, desk: DeskRef, list: DeskListName, today: string): Promise<DeskList> {
  switch (list) {
    case 'enterprises':
      return enterpriseList(db, desk);
    case 'projects':
      return projectList(db, desk);
    case 'clusters':
      return clusterList(db, desk);
    case 'problems':
      return problemList(db, desk, today);
    case 'policies':
      return policyList(db, desk);
  }
}

export function deskListFileName(list: DeskList, format: 'csv' | 'xlsx') {
  return `${list.desk}_${list.list}.${format}`.replace(/[^\w.-]+/g, '_');
}

/** CSV: a byte-order mark (Excel reads the Chinese), the header, the rows; totals stay in the API/XLSX. */
export function deskListCsv(list: DeskList): string {
  return `\ufeff${stringify([
    list.columns,
    ...list.rows.map((r) => list.columns.map((c) => neutralizeFormula(r[c]) as Cell)),
  ])}`;
}

/** XLSX: the list (header on row 1, one row per item) and a "totals" sheet with the API's totals. */
export async function deskListXlsx(list: DeskList): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(list.list);
  sheet.addRow(list.columns).font = { bold: true };
  for (const r of list.rows) sheet.addRow(list.columns.map((c) => neutralizeFormula(r[c]) as Cell));
  const totals = workbook.addWorksheet('totals');
  totals.addRow(['total', 'value']).font = { bold: true };
  for (const [key, value] of Object.entries(list.totals)) totals.addRow([key, value]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
