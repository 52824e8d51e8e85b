/**
 * Totals a park committee reports: the project pipeline by stage, chain and park; land by status with
 * standard land built and sold; incentives by granting level and kind. Each total counts only rows the
 * caller may list, and sits beside the figure the reports state when there is one.
 */
import type { Db, Queryable } from '../../store/db.ts';
import { type Subject, type Visibility, writeScopeOf } from '../accounts/subject.ts';
import { type Actor, recordAudit } from '../audit.ts';
import { OperationError, scopeCovers, visibleFilter } from './common.ts';

interface Bucket {
  key: string | null;
  projects: number;
  planned_investment_yuan: number;
  completed_investment_yuan: number;
}

const toBucket = (r: Record<string, unknown>): Bucket => ({
  key: (r.key as string | null) ?? null,
  projects: Number(r.projects),
  planned_investment_yuan: Number(r.planned ?? 0),
  completed_investment_yuan: Number(r.completed ?? 0),
});

/** Figures a report states for a park (projects_count, projects_planned_investment, …). */
async function reportedFor(
  db: Queryable,
  visibility: Visibility,
  parkCode: string | undefined,
  metrics: string[],
) {
  if (!parkCode) return [];
  const params: unknown[] = [parkCode, metrics];
  const visible = visibleFilter('indicators', 'i.id', visibility, params);
  return db
    .query<Record<string, unknown>>(
      `select m.code as metric, i.period, i.scope, i.value, i.unit, i.note, i.source, i.quote from indicator i
     join metric m on m.id = i.metric_id join park k on i.entity_kind = 'park' and k.id = i.entity_id
     where k.code = $1 and m.code = any($2::text[]) and ${visible} order by m.code, i.period`,
      params as never[],
    )
    .then((rows) =>
      rows.map((r) => ({ ...r, metric: String(r.metric), period: String(r.period), value: Number(r.value) })),
    );
}

export async function projectPipeline(
  db: Queryable,
  visibility: Visibility,
  today: string,
  filters: { park_code?: string; chain_code?: string; stage?: string; stalled_days?: number } = {},
) {
  const params: unknown[] = [filters.park_code ?? null, filters.chain_code ?? null, filters.stage ?? null];
  const visible = visibleFilter('projects', 'p.id', visibility, params);
  const from = `from project p left join park k on k.id = p.park_id left join chain_node n on n.id = p.chain_node_id
    left join chain c on c.id = coalesce(p.chain_id, n.chain_id)
    where ($1::text is null or k.code = $1) and ($2::text is null or c.code = $2) and ($3::text is null or p.stage = $3)
      and ${visible}`;
  const totals = (key: string) =>
    db.query<Record<string, unknown>>(
      `select ${key} as key, count(*)::int as projects, sum(p.planned_investment_yuan) as planned,
         sum(p.completed_investment_yuan) as completed ${from} group by 1 order by 1 nulls last`,
      params as never[],
    );
  const [byStage, byChain, byPark, all] = await Promise.all([
    totals('p.stage'),
    totals('c.code'),
    totals('k.code'),
    totals("'all'"),
  ]);
  const stalledDays = filters.stalled_days ?? 180;
  const watch = await db.query<Record<string, unknown>>(
    `select p.code, p.name_zh, k.code as park_code, p.stage, p.stage_since, p.blockers ${from}
       and (p.blockers is not null or (p.stage in ('planned', 'signed', 'approved', 'under_construction')
            and p.stage_since is not null and p.stage_since < $${params.length + 1}::date - $${params.length + 2}::int))
     order by p.code`,
    [...params, today, stalledDays] as never[],
  );
  return {
    total: all[0]
      ? toBucket(all[0])
      : { key: 'all', projects: 0, planned_investment_yuan: 0, completed_investment_yuan: 0 },
    by_stage: byStage.map(toBucket),
    by_chain: byChain.map(toBucket),
    by_park: byPark.map(toBucket),
    blocked_or_stalled: watch,
    stalled_after_days: stalledDays,
    reported: await reportedFor(db, visibility, filters.park_code, [
      'projects_count',
      'projects_planned_investment',
    ]),
  };
}

/** Moves a project to a stage (recording since when) and/or sets its blockers. */
export async function updateProject(
  db: Db,
  subject: Subject,
  actor: Actor,
  today: string,
  code: string,
  input: { stage?: string; blockers?: string | null },
) {
  return db.transaction(async (tx) => {
    const [before] = await tx.query<Record<string, unknown>>(
      `select p.id, p.code, p.stage, p.stage_since, p.blockers, p.park_id, coalesce(p.region_id, k.region_id) as region_id
       from project p left join park k on k.id = p.park_id where p.code = $1 for update of p`,
      [code],
    );
    if (
      !before ||
      !scopeCovers(await writeScopeOf(tx, subject), {
        parkId: before.park_id as number,
        regionId: before.region_id as number,
      })
    )
      throw new OperationError(404, `no project ${code} within what you may change`);
    const stage = input.stage ?? (before.stage as string);
    const [after] = await tx.query<Record<string, unknown>>(
      `update project set stage = $2, stage_since = case when stage = $2 then stage_since else $3::date end,
         blockers = $4 where id = $1 returning code, stage, stage_since, blockers`,
      [
        before.id as number,
        stage,
        today,
        input.blockers === undefined ? (before.blockers as string | null) : input.blockers,
      ],
    );
    const { id: _i, park_id: _p, region_id: _r, ...shown } = before;
    await recordAudit(tx, actor, 'update', 'project', code, shown, after);
    return after;
  });
}

const STANDARD_BUILT = ['standard_ready', 'sold'];

/** Land by park and status, standard land built (ready + sold) and sold, and infrastructure readiness. */
export async function landTotals(
  db: Queryable,
  visibility: Visibility,
  filters: { park_code?: string } = {},
) {
  const params: unknown[] = [filters.park_code ?? null];
  const visible = visibleFilter('land_parcels', 'l.id', visibility, params);
  const rows = await db.query<Record<string, unknown>>(
    `select k.code as park_code, l.status, count(*)::int as parcels, sum(l.area_mu) as area_mu, sum(l.area_ha) as area_ha,
       count(*) filter (where coalesce(l.road_ready and l.water_ready and l.power_ready and l.gas_ready and l.network_ready,
                                       l.infrastructure_ready, false))::int as ready,
       count(*) filter (where l.infrastructure_ready = false or l.road_ready = false or l.water_ready = false
                          or l.power_ready = false or l.gas_ready = false or l.network_ready = false)::int as not_ready
     from land_parcel l join park k on k.id = l.park_id
     where ($1::text is null or k.code = $1) and ${visible}
     group by k.code, l.status order by k.code, l.status`,
    params as never[],
  );
  const parks = new Map<
    string,
    {
      park_code: string;
      by_status: Record<string, unknown>[];
      area_mu: number;
      standard_land_built_mu: number;
      standard_land_sold_mu: number;
      standard_land_unsold_mu: number;
    }
  >();
  for (const r of rows) {
    const code = r.park_code as string;
    let p = parks.get(code);
    if (!p) {
      p = {
        park_code: code,
        by_status: [],
        area_mu: 0,
        standard_land_built_mu: 0,
        standard_land_sold_mu: 0,
        standard_land_unsold_mu: 0,
      };
      parks.set(code, p);
    }
    const mu = Number(r.area_mu);
    p.by_status.push({
      status: r.status,
      parcels: Number(r.parcels),
      area_mu: mu,
      area_ha: Number(r.area_ha),
      infrastructure_ready: Number(r.ready),
      infrastructure_not_ready: Number(r.not_ready),
    });
    p.area_mu += mu;
    if (STANDARD_BUILT.includes(r.status as string)) p.standard_land_built_mu += mu;
    if (r.status === 'sold') p.standard_land_sold_mu += mu;
    if (r.status === 'standard_ready') p.standard_land_unsold_mu += mu;
  }
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return {
    parks: [...parks.values()].map((p) => ({
      ...p,
      area_mu: round(p.area_mu),
      standard_land_built_mu: round(p.standard_land_built_mu),
      standard_land_sold_mu: round(p.standard_land_sold_mu),
      standard_land_unsold_mu: round(p.standard_land_unsold_mu),
    })),
    method:
      'standard land built = parcels ready as standard land (standard_ready) + parcels sold; areas summed in mu as imported (hectares = mu / 15)',
  };
}

/** Incentives by granting level, kind and recipient; filters narrow to a kind, a recipient kind or a region's tree. */
export async function incentiveTotals(
  db: Queryable,
  visibility: Visibility,
  filters: { kind?: string; recipient_kind?: string; within?: string; recipient_code?: string } = {},
) {
  const params: unknown[] = [
    filters.kind ?? null,
    filters.recipient_kind ?? null,
    filters.within ?? null,
    filters.recipient_code ?? null,
  ];
  const visible = visibleFilter('incentives', 'x.id', visibility, params);
  const from = `from incentive x where ($1::text is null or x.kind = $1) and ($2::text is null or x.recipient_kind = $2)
    and ($4::text is null or x.recipient_code = $4)
    and ($3::text is null or x.granting_region_id in (with recursive tree(id) as (select id from region where code = $3
         union select r.id from region r join tree on r.parent_id = tree.id) select id from tree))
    and ${visible}`;
  const group = (key: string) =>
    db
      .query<Record<string, unknown>>(
        `select ${key} as key, count(*)::int as grants, sum(x.amount_yuan) as amount_yuan ${from} group by 1 order by 1`,
        params as never[],
      )
      .then((rows) =>
        rows.map((r) => ({
          key: r.key as string,
          grants: Number(r.grants),
          amount_yuan: Number(r.amount_yuan),
        })),
      );
  const [byLevel, byKind, byRecipient, all] = await Promise.all([
    group('x.granting_level'),
    group('x.kind'),
    group("coalesce(x.recipient_code, x.recipient_kind, 'not stated')"),
    group("'all'"),
  ]);
  return {
    total_yuan: all[0]?.amount_yuan ?? 0,
    grants: all[0]?.grants ?? 0,
    by_level: byLevel,
    by_kind: byKind,
    by_recipient: byRecipient,
  };
}
