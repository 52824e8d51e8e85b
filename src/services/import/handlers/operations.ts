/** Plans, actions, tasks and reviews; projects, land, incentives, service requests, enclaves, problems. */
import type { ImportRow } from '../../../domain/import-rows.ts';
import { resolveEnterprises } from '../enterprise-resolver.ts';
import type { ImportContext } from '../import-context.ts';
import { PROVENANCE_COLUMNS } from '../import-context.ts';
import { bothAreas } from '../units.ts';
import { type ColumnSpec, upsertRows } from '../upsert.ts';
import { type KindHandler, NOTHING_WRITTEN } from './handler.ts';

/** Writes rows keyed by their `code` column (the common case); `types` gives each column's SQL type. */
async function upsertByCode(
  ctx: ImportContext,
  table: string,
  types: Record<string, string>,
  rows: Record<string, unknown>[],
) {
  if (ctx.failed) return NOTHING_WRITTEN;
  const columns: ColumnSpec[] = [
    ...Object.entries(types).map(([name, type]) => ({ name, type })),
    ...PROVENANCE_COLUMNS,
  ];
  return upsertRows(ctx.tx, { table, conflict: '(code)', columns }, rows);
}

/** A plan, problem or cluster belongs to a region or a park: at least one must be given and exist. */
async function placeOf(
  ctx: ImportContext,
  rowNumber: number,
  regionCode?: string,
  parkCode?: string,
  required = true,
) {
  const [regions, parks] = await Promise.all([ctx.lookups.regions(), ctx.lookups.parks()]);
  if (required && !regionCode && !parkCode)
    ctx.error(rowNumber, 'region_code', undefined, 'a region_code or a park_code');
  const region = ctx.ref(regions, regionCode, rowNumber, 'region_code', 'a region code (GB/T 2260)');
  const park = ctx.ref(parks, parkCode, rowNumber, 'park_code', 'a park code');
  return { region_id: region?.id ?? null, park_id: park?.id ?? null };
}

async function chainNodeOf(ctx: ImportContext, rowNumber: number, chainCode?: string, nodeCode?: string) {
  const [chains, nodes] = await Promise.all([ctx.lookups.chains(), ctx.lookups.nodes()]);
  const chainId = ctx.ref(chains, chainCode, rowNumber, 'chain_code', 'a chain code');
  if (nodeCode && !chainCode)
    ctx.error(rowNumber, 'chain_code', undefined, 'the chain the node_code belongs to');
  const nodeId =
    nodeCode && chainCode
      ? ctx.ref(nodes, `${chainCode}/${nodeCode}`, rowNumber, 'node_code', `a node of chain ${chainCode}`)
      : undefined;
  return { chain_id: chainId ?? null, chain_node_id: nodeId ?? null };
}

export const plans: KindHandler<ImportRow<'plans'>> = {
  key: (r) => r.code,
  async write(rows, ctx) {
    const out = [];
    for (const { row, rowNumber } of rows) {
      out.push({
        code: row.code,
        name_zh: row.name_zh,
        name_en: row.name_en ?? null,
        ...(await placeOf(ctx, rowNumber, row.region_code, row.park_code)),
        period: row.period?.code ?? null,
        period_start: row.period?.start ?? null,
        period_end: row.period?.end ?? null,
        issued_by: row.issued_by ?? null,
        issued_on: row.issued_on ?? null,
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    const result = await upsertByCode(
      ctx,
      'plan',
      {
        code: 'text',
        name_zh: 'text',
        name_en: 'text',
        region_id: 'integer',
        park_id: 'integer',
        period: 'text',
        period_start: 'date',
        period_end: 'date',
        issued_by: 'text',
        issued_on: 'date',
      },
      out,
    );
    ctx.lookups.invalidate('plans');
    return result;
  },
};

export const actions: KindHandler<ImportRow<'actions'>> = {
  key: (r) => `${r.plan_code}/${r.code}`,
  async write(rows, ctx) {
    const planMap = await ctx.lookups.plans();
    const out = [];
    for (const { row, rowNumber } of rows) {
      const planId = ctx.ref(planMap, row.plan_code, rowNumber, 'plan_code', 'a plan code');
      out.push({
        plan_id: planId,
        code: row.code,
        seq: row.seq ?? null,
        name_zh: row.name_zh,
        name_en: row.name_en ?? null,
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    if (ctx.failed) return NOTHING_WRITTEN;
    return upsertRows(
      ctx.tx,
      {
        table: 'action',
        conflict: '(plan_id, code)',
        columns: [
          { name: 'plan_id', type: 'integer' },
          { name: 'code', type: 'text' },
          { name: 'seq', type: 'integer' },
          { name: 'name_zh', type: 'text' },
          { name: 'name_en', type: 'text' },
          ...PROVENANCE_COLUMNS,
        ],
      },
      out,
    );
  },
};

export const tasks: KindHandler<ImportRow<'tasks'>> = {
  key: (r) => r.code,
  async write(rows, ctx) {
    const planMap = await ctx.lookups.plans();
    const actionRows = await ctx.tx.query<{ id: number; plan_id: number; code: string }>(
      'select id, plan_id, code from action',
    );
    const actionMap = new Map(actionRows.map((a) => [`${a.plan_id}/${a.code}`, Number(a.id)]));
    const chainMap = await ctx.lookups.chains();
    const out = [];
    for (const { row, rowNumber } of rows) {
      const planId = ctx.ref(planMap, row.plan_code, rowNumber, 'plan_code', 'a plan code');
      const actionId =
        planId !== undefined && row.action_code
          ? ctx.ref(
              actionMap,
              `${planId}/${row.action_code}`,
              rowNumber,
              'action_code',
              `an action of plan ${row.plan_code}`,
            )
          : undefined;
      out.push({
        code: row.code,
        plan_id: planId,
        action_id: actionId ?? null,
        year: row.year ?? null,
        title: row.title,
        owner_department: row.owner_department ?? null,
        lead_official: row.lead_official ?? null,
        due_date: row.due_date ?? null,
        target_metric: row.target_metric ?? null,
        target_value: row.target_value ?? null,
        target_unit: row.target_unit ?? null,
        measures: row.measures ?? null,
        chain_id: ctx.ref(chainMap, row.chain_code, rowNumber, 'chain_code', 'a chain code') ?? null,
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    const result = await upsertByCode(
      ctx,
      'task',
      {
        code: 'text',
        plan_id: 'integer',
        action_id: 'integer',
        year: 'integer',
        title: 'text',
        owner_department: 'text',
        lead_official: 'text',
        due_date: 'date',
        target_metric: 'text',
        target_value: 'double precision',
        target_unit: 'text',
        measures: 'text',
        chain_id: 'integer',
      },
      out,
    );
    ctx.lookups.invalidate('tasks');
    return result;
  },
};

export const taskReviews: KindHandler<ImportRow<'task_reviews'>> = {
  key: (r) => `${r.task_code}@${r.reviewed_on}`,
  async write(rows, ctx) {
    const taskMap = await ctx.lookups.tasks();
    const out = [];
    for (const { row, rowNumber } of rows) {
      const taskId = ctx.ref(taskMap, row.task_code, rowNumber, 'task_code', 'a task code');
      out.push({
        task_id: taskId,
        reviewed_on: row.reviewed_on,
        status: row.status,
        progress: row.progress ?? null,
        note: row.note ?? null,
        evidence: row.evidence ?? null,
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    if (ctx.failed) return NOTHING_WRITTEN;
    return upsertRows(
      ctx.tx,
      {
        table: 'task_review',
        conflict: '(task_id, reviewed_on)',
        columns: [
          { name: 'task_id', type: 'integer' },
          { name: 'reviewed_on', type: 'date' },
          { name: 'status', type: 'text' },
          { name: 'progress', type: 'numeric' },
          { name: 'note', type: 'text' },
          { name: 'evidence', type: 'text' },
          ...PROVENANCE_COLUMNS,
        ],
      },
      out,
    );
  },
};

export const projects: KindHandler<ImportRow<'projects'>> = {
  key: (r) => r.code,
  async write(rows, ctx) {
    const investors = await resolveEnterprises(
      ctx,
      rows
        .map(({ row, rowNumber }) => ({
          rowNumber,
          creditCode: row.investor_credit_code,
          // A name alone may be an investor not (yet) in the store: kept as text, linked when found.
          name: undefined,
          codeColumn: 'investor_credit_code',
          nameColumn: 'investor_name',
        }))
        .filter((m) => m.creditCode),
    );
    let next = 0;
    const out = [];
    for (const { row, rowNumber } of rows) {
      const investor = row.investor_credit_code ? investors[next++] : undefined;
      if (row.due_date && row.start_date && row.due_date < row.start_date) {
        ctx.error(
          rowNumber,
          'due_date',
          row.due_date,
          `a due date on or after the start date ${row.start_date}`,
        );
      }
      const planned = ctx.amount(row.planned_investment, row.money_unit, rowNumber, 'money_unit', 'money');
      const completed = ctx.amount(
        row.completed_investment,
        row.money_unit,
        rowNumber,
        'money_unit',
        'money',
      );
      out.push({
        code: row.code,
        name_zh: row.name_zh,
        name_en: row.name_en ?? null,
        ...(await placeOf(ctx, rowNumber, row.region_code, row.park_code, false)),
        investor_id: investor?.id ?? null,
        investor_name: row.investor_name ?? null,
        ...(await chainNodeOf(ctx, rowNumber, row.chain_code, row.node_code)),
        planned_investment_yuan: planned?.value ?? null,
        completed_investment_yuan: completed?.value ?? null,
        money_unit_original: row.money_unit ?? null,
        stage: row.stage ?? 'planned',
        phase: row.phase ?? null,
        start_date: row.start_date ?? null,
        due_date: row.due_date ?? null,
        blockers: row.blockers ?? null,
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    const stageSince = ctx.failed ? [] : await stageSinceOf(ctx, rows);
    const result = await upsertByCode(
      ctx,
      'project',
      {
        code: 'text',
        name_zh: 'text',
        name_en: 'text',
        region_id: 'integer',
        park_id: 'integer',
        investor_id: 'bigint',
        investor_name: 'text',
        chain_id: 'integer',
        chain_node_id: 'integer',
        planned_investment_yuan: 'numeric',
        completed_investment_yuan: 'numeric',
        money_unit_original: 'text',
        stage: 'text',
        phase: 'text',
        start_date: 'date',
        due_date: 'date',
        blockers: 'text',
      },
      out,
    );
    if (!ctx.failed) {
      await ctx.tx.query(
        `update project p set stage_since = s.since from unnest($1::text[], $2::date[]) as s(code, since)
         where p.code = s.code`,
        [stageSince.map((s) => s.code), stageSince.map((s) => s.since)],
      );
      // An investor named without a code is linked when exactly one enterprise has that name.
      await ctx.tx.query(
        `update project p set investor_id = e.id from enterprise e
         where p.investor_id is null and p.investor_name is not null and p.code = any($1::text[])
           and (e.name_zh = p.investor_name or e.name_en = p.investor_name)
           and (select count(*) from enterprise x where x.name_zh = p.investor_name or x.name_en = p.investor_name) = 1`,
        [out.map((o) => o.code)],
      );
    }
    return result;
  },
};

/**
 * Since when each imported project sits in its stage, so that the sweep can tell a stalled one: the
 * file's stage_since when given; else the stored date while the stage is unchanged; else today (the
 * day the store learned of the stage).
 */
async function stageSinceOf(ctx: ImportContext, rows: { row: ImportRow<'projects'> }[]) {
  const stored = await ctx.tx.query<{ code: string; stage: string; stage_since: string | null }>(
    `select code, stage, stage_since::text as stage_since from project where code = any($1::text[])`,
    [rows.map(({ row }) => row.code)],
  );
  const byCode = new Map(stored.map((r) => [r.code, r]));
  const today = (await ctx.tx.query<{ today: string }>(`select current_date::text as today`))[0]!.today;
  return rows.map(({ row }) => {
    const before = byCode.get(row.code);
    const unchanged = before !== undefined && before.stage === (row.stage ?? 'planned');
    return { code: row.code, since: row.stage_since ?? (unchanged ? before.stage_since : null) ?? today };
  });
}

export const landParcels: KindHandler<ImportRow<'land_parcels'>> = {
  key: (r) => r.code,
  async write(rows, ctx) {
    const parkMap = await ctx.lookups.parks();
    const buyers = await resolveEnterprises(
      ctx,
      rows
        .filter(({ row }) => row.buyer_credit_code)
        .map(({ row, rowNumber }) => ({
          rowNumber,
          creditCode: row.buyer_credit_code,
          name: undefined,
          codeColumn: 'buyer_credit_code',
          nameColumn: 'holder_name',
        })),
    );
    const projectCodes = rows.flatMap(({ row }) => (row.project_code ? [row.project_code] : []));
    const projectIds = new Map(
      (
        await ctx.tx.query<{ code: string; id: number }>(
          `select code, id from project where code = any($1::text[])`,
          [projectCodes],
        )
      ).map((p) => [p.code, p.id]),
    );
    let nextBuyer = 0;
    const out = [];
    for (const { row, rowNumber } of rows) {
      const park = ctx.ref(parkMap, row.park_code, rowNumber, 'park_code', 'a park code');
      const buyer = row.buyer_credit_code ? buyers[nextBuyer++] : undefined;
      if (row.project_code && !projectIds.has(row.project_code))
        ctx.error(
          rowNumber,
          'project_code',
          row.project_code,
          'the code of a project that exists (import projects first)',
        );
      const area = bothAreas(row.area_ha, row.area_mu);
      if (area.ha === null) ctx.error(rowNumber, 'area_mu', undefined, 'an area: area_mu or area_ha');
      out.push({
        code: row.code,
        park_id: park?.id,
        name: row.name ?? null,
        area_ha: area.ha,
        area_mu: area.mu,
        status: row.status,
        infrastructure_ready: row.infrastructure_ready ?? null,
        intended_use: row.intended_use ?? null,
        sold_on: row.sold_on ?? null,
        holder_name: row.holder_name ?? null,
        note: row.note ?? null,
        road_ready: row.road_ready ?? null,
        water_ready: row.water_ready ?? null,
        power_ready: row.power_ready ?? null,
        gas_ready: row.gas_ready ?? null,
        network_ready: row.network_ready ?? null,
        buyer_enterprise_id: buyer?.id ?? null,
        project_id: row.project_code ? (projectIds.get(row.project_code) ?? null) : null,
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    return upsertByCode(
      ctx,
      'land_parcel',
      {
        code: 'text',
        park_id: 'integer',
        name: 'text',
        area_ha: 'numeric',
        area_mu: 'numeric',
        status: 'text',
        infrastructure_ready: 'boolean',
        intended_use: 'text',
        sold_on: 'date',
        holder_name: 'text',
        note: 'text',
        road_ready: 'boolean',
        water_ready: 'boolean',
        power_ready: 'boolean',
        gas_ready: 'boolean',
        network_ready: 'boolean',
        buyer_enterprise_id: 'bigint',
        project_id: 'integer',
      },
      out,
    );
  },
};

export const incentives: KindHandler<ImportRow<'incentives'>> = {
  key: (r) => r.code,
  async write(rows, ctx) {
    const regionMap = await ctx.lookups.regions();
    const out = [];
    for (const { row, rowNumber } of rows) {
      const region = ctx.ref(
        regionMap,
        row.granting_region_code,
        rowNumber,
        'granting_region_code',
        'a region code',
      );
      const amount = ctx.amount(row.amount, row.money_unit, rowNumber, 'money_unit', 'money_cny');
      out.push({
        code: row.code,
        granting_level: row.granting_level,
        granting_region_id: region?.id ?? null,
        recipient_kind: row.recipient_kind ?? null,
        recipient_code: row.recipient_code ?? null,
        kind: row.kind,
        amount_yuan: amount?.value,
        amount_original: row.amount,
        money_unit_original: row.money_unit ?? 'yuan',
        period: row.period?.code ?? null,
        granted_on: row.granted_on ?? null,
        purpose: row.purpose ?? null,
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    return upsertByCode(
      ctx,
      'incentive',
      {
        code: 'text',
        granting_level: 'text',
        granting_region_id: 'integer',
        recipient_kind: 'text',
        recipient_code: 'text',
        kind: 'text',
        amount_yuan: 'numeric',
        amount_original: 'numeric',
        money_unit_original: 'text',
        period: 'text',
        granted_on: 'date',
        purpose: 'text',
      },
      out,
    );
  },
};

export const serviceRequests: KindHandler<ImportRow<'service_requests'>> = {
  key: (r) => r.code,
  async write(rows, ctx) {
    const enterprises = await resolveEnterprises(
      ctx,
      rows.map(({ row, rowNumber }) => ({
        rowNumber,
        creditCode: row.enterprise_credit_code,
        name: row.enterprise_name,
        regionCode: row.region_code,
        codeColumn: 'enterprise_credit_code',
        nameColumn: 'enterprise_name',
      })),
    );
    const parkMap = await ctx.lookups.parks();
    const chainMap = await ctx.lookups.chains();
    const out = [];
    for (let i = 0; i < rows.length; i++) {
      const { row, rowNumber } = rows[i]!;
      const park = ctx.ref(parkMap, row.park_code, rowNumber, 'park_code', 'a park code');
      if (row.deadline && row.filed_on && row.deadline < row.filed_on) {
        ctx.error(
          rowNumber,
          'deadline',
          row.deadline,
          `a deadline on or after the filing date ${row.filed_on}`,
        );
      }
      out.push({
        code: row.code,
        enterprise_id: enterprises[i]?.id,
        park_id: park?.id ?? null,
        category: row.category,
        text: row.text,
        department: row.department ?? null,
        filed_on: row.filed_on ?? null,
        deadline: row.deadline ?? null,
        status: row.status ?? 'open',
        response: row.response ?? null,
        chain_id: ctx.ref(chainMap, row.chain_code, rowNumber, 'chain_code', 'a chain code') ?? null,
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    return upsertByCode(
      ctx,
      'service_request',
      {
        code: 'text',
        enterprise_id: 'bigint',
        park_id: 'integer',
        category: 'text',
        text: 'text',
        department: 'text',
        filed_on: 'date',
        deadline: 'date',
        status: 'text',
        response: 'text',
        chain_id: 'integer',
      },
      out,
    );
  },
};

export const enclaveAgreements: KindHandler<ImportRow<'enclave_agreements'>> = {
  key: (r) => r.code,
  async write(rows, ctx) {
    const [regionMap, parkMap] = await Promise.all([ctx.lookups.regions(), ctx.lookups.parks()]);
    const out = [];
    for (const { row, rowNumber } of rows) {
      const home = ctx.ref(regionMap, row.home_region_code, rowNumber, 'home_region_code', 'a region code');
      const host = ctx.ref(regionMap, row.host_region_code, rowNumber, 'host_region_code', 'a region code');
      if (home && host && home.id === host.id)
        ctx.error(
          rowNumber,
          'host_region_code',
          row.host_region_code,
          'a host region other than the home region',
        );
      const park = ctx.ref(parkMap, row.park_code, rowNumber, 'park_code', 'a park code');
      out.push({
        code: row.code,
        name: row.name ?? null,
        home_region_id: home?.id,
        host_region_id: host?.id,
        park_id: park?.id ?? null,
        period: row.period?.code ?? null,
        tax_share_home: row.tax_share_home ?? null,
        output_share_home: row.output_share_home ?? null,
        gdp_share_home: row.gdp_share_home ?? null,
        note: row.note ?? null,
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    return upsertByCode(
      ctx,
      'enclave_agreement',
      {
        code: 'text',
        name: 'text',
        home_region_id: 'integer',
        host_region_id: 'integer',
        park_id: 'integer',
        period: 'text',
        tax_share_home: 'numeric',
        output_share_home: 'numeric',
        gdp_share_home: 'numeric',
        note: 'text',
      },
      out,
    );
  },
};

export const problems: KindHandler<ImportRow<'problems'>> = {
  key: (r) => r.code,
  async write(rows, ctx) {
    const out = [];
    for (const { row, rowNumber } of rows) {
      out.push({
        code: row.code,
        title: row.title,
        description: row.description ?? null,
        category: row.category ?? null,
        ...(await placeOf(ctx, rowNumber, row.region_code, row.park_code, false)),
        ...(await chainNodeOf(ctx, rowNumber, row.chain_code, row.node_code)),
        period: row.period?.code ?? null,
        status: row.status ?? 'open',
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    return upsertByCode(
      ctx,
      'problem',
      {
        code: 'text',
        title: 'text',
        description: 'text',
        category: 'text',
        region_id: 'integer',
        park_id: 'integer',
        chain_id: 'integer',
        chain_node_id: 'integer',
        period: 'text',
        status: 'text',
      },
      out,
    );
  },
};
