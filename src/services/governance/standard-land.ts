/**
 * Standard-land contracts on land parcels: record them, record what happened, and check them at each
 * date against the enterprise's actual figures (as of the clock given, so a check date can be tested);
 * the list of contracts due for a check; and idle and inefficient land with its history.
 */
import {
  type ContractFacts,
  type ContractTerms,
  checkContract,
  contractStatus,
} from '../../domain/governance/standard-land.ts';
import type { Db, Queryable } from '../../store/db.ts';
import { type Subject, type Visibility, writeScopeOf } from '../accounts/subject.ts';
import { type Actor, recordAudit } from '../audit.ts';
import { num, OperationError, scopeCovers, visibleFilter } from '../operations/common.ts';

export interface ContractInput {
  code: string;
  parcel_code: string;
  enterprise?: string;
  project_code?: string;
  investment_yuan_per_mu?: number;
  tax_yuan_per_mu?: number;
  output_yuan_per_mu?: number;
  plot_ratio?: number;
  start_due?: string;
  completion_due?: string;
  full_output_due?: string;
  source?: string;
  quote?: string;
}

export interface ContractProgress {
  started_on?: string | null;
  completed_on?: string | null;
  actual_plot_ratio?: number | null;
  actual_investment_yuan?: number | null;
  exempted?: boolean;
  exemption_reason?: string | null;
}

async function parcelWithin(tx: Queryable, subject: Subject, code: string) {
  const [parcel] = await tx.query<{ id: number; park_id: number; region_id: number }>(
    'select l.id, l.park_id, k.region_id from land_parcel l join park k on k.id = l.park_id where l.code = $1',
    [code],
  );
  if (
    !parcel ||
    !scopeCovers(await writeScopeOf(tx, subject), { parkId: parcel.park_id, regionId: parcel.region_id })
  )
    throw new OperationError(404, `no land parcel ${code} within what you may change`);
  return parcel;
}

export async function createStandardLandContract(
  db: Db,
  subject: Subject,
  actor: Actor,
  now: Date,
  input: ContractInput,
) {
  return db.transaction(async (tx) => {
    const parcel = await parcelWithin(tx, subject, input.parcel_code);
    let enterpriseId: number | null = null;
    if (input.enterprise) {
      const [e] = await tx.query<{ id: number }>(
        'select id::float8 as id from enterprise where credit_code = $1 or name_zh = $1 order by id limit 1',
        [input.enterprise],
      );
      if (!e) throw new OperationError(404, `no enterprise ${input.enterprise}`);
      enterpriseId = Number(e.id);
    }
    let projectId: number | null = null;
    if (input.project_code) {
      const [p] = await tx.query<{ id: number }>('select id from project where code = $1', [
        input.project_code,
      ]);
      if (!p) throw new OperationError(404, `no project ${input.project_code}`);
      projectId = p.id;
    }
    const [exists] = await tx.query('select 1 from standard_land_contract where code = $1', [input.code]);
    if (exists) throw new OperationError(409, `standard-land contract ${input.code} already exists`);
    await tx.query(
      `insert into standard_land_contract (code, land_parcel_id, enterprise_id, project_id, investment_yuan_per_mu,
         tax_yuan_per_mu, output_yuan_per_mu, plot_ratio, start_due, completion_due, full_output_due, source, quote,
         created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, $10::date, $11::date, $12, $13, $14)`,
      [
        input.code,
        parcel.id,
        enterpriseId,
        projectId,
        input.investment_yuan_per_mu ?? null,
        input.tax_yuan_per_mu ?? null,
        input.output_yuan_per_mu ?? null,
        input.plot_ratio ?? null,
        input.start_due ?? null,
        input.completion_due ?? null,
        input.full_output_due ?? null,
        input.source ?? null,
        input.quote ?? null,
        now.toISOString(),
      ],
    );
    await recordAudit(tx, actor, 'create', 'standard_land_contract', input.code, null, input);
    return { code: input.code };
  });
}

export async function recordContractProgress(
  db: Db,
  subject: Subject,
  actor: Actor,
  code: string,
  input: ContractProgress,
) {
  return db.transaction(async (tx) => {
    const [contract] = await tx.query<Record<string, unknown>>(
      `select c.id, l.code as parcel_code, c.started_on::text, c.completed_on::text, c.actual_plot_ratio,
         c.actual_investment_yuan, c.exempted, c.exemption_reason
       from standard_land_contract c join land_parcel l on l.id = c.land_parcel_id where c.code = $1 for update of c`,
      [code],
    );
    if (!contract)
      throw new OperationError(404, `no standard-land contract ${code} within what you may change`);
    await parcelWithin(tx, subject, contract.parcel_code as string);
    const next = { ...contract, ...input };
    if (next.exempted && !next.exemption_reason)
      throw new OperationError(
        400,
        'an exempted contract needs the reason it is exempted (exemption_reason)',
      );
    await tx.query(
      `update standard_land_contract set started_on = $2::date, completed_on = $3::date, actual_plot_ratio = $4,
         actual_investment_yuan = $5, exempted = $6, exemption_reason = $7 where id = $1`,
      [
        contract.id as number,
        next.started_on ?? null,
        next.completed_on ?? null,
        next.actual_plot_ratio ?? null,
        next.actual_investment_yuan ?? null,
        Boolean(next.exempted),
        next.exemption_reason ?? null,
      ],
    );
    const { id: _, parcel_code: _p, ...before } = contract;
    await recordAudit(tx, actor, 'update', 'standard_land_contract', code, before, input);
    return { code, ...input };
  });
}

/**
 * Every contract the caller may see, checked as of `today`, with its status and shortfalls. `dueWithinDays`
 * keeps the contracts with a check due by then (past checks included): the list for the next inspection.
 */
export async function standardLandContracts(
  db: Queryable,
  visibility: Visibility,
  today: string,
  filters: { park_code?: string; status?: string; due_within_days?: number } = {},
) {
  const params: unknown[] = [filters.park_code ?? null];
  const visible = visibleFilter('land_parcels', 'l.id', visibility, params);
  const rows = await db.query<Record<string, unknown>>(
    `select c.code, l.code as parcel_code, k.code as park_code, l.area_mu, c.enterprise_id::float8 as enterprise_id,
       e.name_zh as enterprise, e.credit_code, p.code as project_code, p.completed_investment_yuan,
       c.investment_yuan_per_mu, c.tax_yuan_per_mu, c.output_yuan_per_mu, c.plot_ratio, c.start_due::text,
       c.completion_due::text, c.full_output_due::text, c.started_on::text, c.completed_on::text, c.actual_plot_ratio,
       c.actual_investment_yuan, c.exempted, c.exemption_reason, c.source, c.quote
     from standard_land_contract c join land_parcel l on l.id = c.land_parcel_id join park k on k.id = l.park_id
     left join enterprise e on e.id = c.enterprise_id left join project p on p.id = c.project_id
     where ($1::text is null or k.code = $1) and ${visible} order by c.code`,
    params as never[],
  );
  const ids = rows.map((r) => r.enterprise_id).filter((x) => x !== null) as number[];
  const figures = await db.query<{ enterprise_id: number; metric: string; period: string; value: number }>(
    `select i.entity_id::float8 as enterprise_id, m.code as metric, i.period, i.value from indicator i
     join metric m on m.id = i.metric_id
     where i.entity_kind = 'enterprise' and i.entity_id = any($1::float8[]::bigint[]) and i.period ~ '^[0-9]{4}$'
       and i.scope = '' and i.industry_id is null
       and m.code = any(array['tax', 'tax_revenue', 'output_value', 'industrial_output_value'])`,
    [ids],
  );
  const horizon = filters.due_within_days === undefined ? null : addDays(today, filters.due_within_days);
  const out = rows.map((r) => {
    const eid = r.enterprise_id === null ? null : Number(r.enterprise_id);
    const mine = figures.filter((f) => Number(f.enterprise_id) === eid);
    const pick = (codes: string[]) => {
      const byYear: Record<number, number> = {};
      for (const code of [...codes].reverse())
        for (const f of mine) if (f.metric === code) byYear[Number(f.period)] = Number(f.value);
      return byYear;
    };
    const terms: ContractTerms = {
      area_mu: Number(r.area_mu),
      investment_yuan_per_mu: num(r.investment_yuan_per_mu),
      tax_yuan_per_mu: num(r.tax_yuan_per_mu),
      output_yuan_per_mu: num(r.output_yuan_per_mu),
      plot_ratio: num(r.plot_ratio),
      start_due: r.start_due as string | null,
      completion_due: r.completion_due as string | null,
      full_output_due: r.full_output_due as string | null,
      exempted: Boolean(r.exempted),
      exemption_reason: r.exemption_reason as string | null,
    };
    const facts: ContractFacts = {
      started_on: r.started_on as string | null,
      completed_on: r.completed_on as string | null,
      actual_plot_ratio: num(r.actual_plot_ratio),
      // The park's recorded figure, else the linked project's completed investment.
      actual_investment_yuan: num(r.actual_investment_yuan) ?? num(r.completed_investment_yuan),
      tax_by_year: pick(['tax', 'tax_revenue']),
      output_by_year: pick(['output_value', 'industrial_output_value']),
    };
    const checkpoints = checkContract(terms, facts, today);
    const due = checkpoints.filter((c) => horizon !== null && c.due <= horizon);
    return {
      code: r.code as string,
      parcel_code: r.parcel_code as string,
      park_code: r.park_code as string,
      area_mu: terms.area_mu,
      enterprise: r.enterprise as string | null,
      credit_code: r.credit_code as string | null,
      project_code: r.project_code as string | null,
      commitments: {
        investment_yuan_per_mu: terms.investment_yuan_per_mu,
        tax_yuan_per_mu: terms.tax_yuan_per_mu,
        output_yuan_per_mu: terms.output_yuan_per_mu,
        plot_ratio: terms.plot_ratio,
        start_due: terms.start_due,
        completion_due: terms.completion_due,
        full_output_due: terms.full_output_due,
      },
      status: contractStatus(terms, checkpoints),
      exemption_reason: terms.exempted ? terms.exemption_reason : null,
      checkpoints,
      due_checks: due.map((c) => c.kind),
      source: r.source as string | null,
      quote: r.quote as string | null,
    };
  });
  return out.filter(
    (c) => (!filters.status || c.status === filters.status) && (horizon === null || c.due_checks.length > 0),
  );
}

function addDays(date: string, n: number): string {
  return new Date(Date.parse(date) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Idle, inefficient and revitalized land with each parcel's history, and the areas by status. */
export async function idleLand(db: Queryable, visibility: Visibility, filters: { park_code?: string } = {}) {
  const params: unknown[] = [filters.park_code ?? null];
  const visible = visibleFilter('land_parcels', 'l.id', visibility, params);
  const parcels = await db.query<Record<string, unknown>>(
    `select l.id, l.code, k.code as park_code, l.name, l.area_mu, l.status, l.intended_use, l.holder_name, l.note,
       l.source, l.quote
     from land_parcel l join park k on k.id = l.park_id
     where l.status in ('idle', 'inefficient', 'revitalized') and ($1::text is null or k.code = $1) and ${visible}
     order by l.status, l.area_mu desc, l.code`,
    params as never[],
  );
  const history = await db.query<Record<string, unknown>>(
    `select land_parcel_id, on_date::text, status, note, source, quote from land_parcel_history
     where land_parcel_id = any($1::int[]) order by land_parcel_id, on_date, id`,
    [parcels.map((p) => p.id)],
  );
  const totals: Record<string, number> = {};
  const items = parcels.map(({ id, ...p }) => {
    const status = p.status as string;
    totals[status] = (totals[status] ?? 0) + Number(p.area_mu);
    return {
      ...p,
      code: p.code as string,
      name: p.name as string | null,
      status,
      area_mu: Number(p.area_mu),
      history: history.filter((h) => h.land_parcel_id === id).map(({ land_parcel_id: _, ...h }) => h),
    };
  });
  return { items, area_mu_by_status: totals };
}
