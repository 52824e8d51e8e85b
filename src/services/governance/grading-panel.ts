/**
 * Reads what a grading run needs from the store into the engine's typed arrays: the enterprises of a
 * scope (a park and its sub-parks, or a region and everything in it), their figures for a year, their
 * profiles (production start, land under construction, landlord), flags, and the county each belongs to.
 */
import type { GradingPanel } from '../../analytics/per-mu-grading.ts';
import type { FigureCode } from '../../domain/governance/scheme.ts';
import type { Queryable } from '../../store/db.ts';
import { OperationError } from '../operations/common.ts';

/** Metrics read for each figure, in order of preference (the first one present is used). */
export const FIGURE_METRICS: Record<FigureCode, string[]> = {
  tax: ['tax', 'tax_revenue'],
  value_added: ['value_added', 'industrial_value_added'],
  revenue: ['revenue'],
  rnd_expenditure: ['rnd_expenditure'],
  output_value: ['output_value', 'industrial_output_value'],
  land_area: ['land_area'],
  energy_consumption: ['energy_consumption'],
  electricity_consumption: ['electricity_consumption'],
  pollutant_emissions: ['pollutant_emissions'],
  employees: ['employees', 'employment'],
};
/** Land is stored in hectares; schemes read mu. */
const MU_PER_HECTARE = 15;

export interface GradingScope {
  kind: 'park' | 'region';
  code: string;
  parkId: number | null;
  regionId: number | null;
  /** Park ids of the scope (the park and its sub-parks), or region ids (the region's subtree). */
  parkIds: number[];
  regionIds: number[];
}

export async function resolveGradingScope(db: Queryable, code: string): Promise<GradingScope> {
  const [park] = await db.query<{ id: number; region_id: number }>(
    'select id, region_id from park where code = $1',
    [code],
  );
  if (park) {
    const rows = await db.query<{ id: number }>(
      `with recursive tree(id) as (select $1::int union select p.id from park p join tree t on p.parent_park_id = t.id)
       select id from tree`,
      [park.id],
    );
    return {
      kind: 'park',
      code,
      parkId: park.id,
      regionId: null,
      parkIds: rows.map((r) => r.id),
      regionIds: [],
    };
  }
  const [region] = await db.query<{ id: number }>('select id from region where code = $1', [code]);
  if (!region) throw new OperationError(404, `no park or region with the code ${code}`);
  const rows = await db.query<{ id: number }>(
    `with recursive tree(id) as (select $1::int union select r.id from region r join tree t on r.parent_id = t.id)
     select id from tree`,
    [region.id],
  );
  return {
    kind: 'region',
    code,
    parkId: null,
    regionId: region.id,
    parkIds: [],
    regionIds: rows.map((r) => r.id),
  };
}

export interface PanelEnterprise {
  id: number;
  name_zh: string;
  name_en: string | null;
  credit_code: string | null;
  park_code: string | null;
  county_id: number;
  county_name: string | null;
  industry_code: string | null;
}

/** Runs a query and returns its rows, fetched as one JSON array (see loadGradingPanel). */
async function jsonRows<T>(db: Queryable, sql: string, params: unknown[]): Promise<T[]> {
  const [row] = await db.query<{ rows: string }>(
    `select coalesce(json_agg(q), '[]')::text as rows from (${sql}) q`,
    params as never[],
  );
  return JSON.parse(row!.rows) as T[];
}

export interface LoadedPanel {
  panel: GradingPanel;
  enterprises: PanelEnterprise[];
}

/**
 * The group a scheme calls "the county" for an enterprise: the region it is registered in. Counties are the
 * lowest level of the region tree, so a firm registered in a county is grouped by that county, and one
 * known only at prefecture level forms its prefecture's group.
 */
async function countyOf(db: Queryable): Promise<(regionId: number) => { id: number; name: string | null }> {
  const regions = await db.query<{ id: number; name_zh: string }>('select id, name_zh from region');
  const names = new Map(regions.map((r) => [r.id, r.name_zh]));
  return (regionId) => ({ id: regionId, name: names.get(regionId) ?? null });
}

/**
 * The enterprises of a scope (or of the given counties) with their figures for `year`. `counties` widens the
 * panel to whole counties, for benchmarks a scheme derives from a county's previous year.
 */
export async function loadGradingPanel(
  db: Queryable,
  where: { scope?: GradingScope; counties?: number[] },
  year: number,
): Promise<LoadedPanel> {
  const scope = where.scope;
  // The same condition selects the enterprises, their figures and their flags: joining on it is much
  // cheaper than sending 50,000 ids back as an array (= any() over a large array).
  const scopeParams = [
    scope?.kind === 'park' ? scope.parkIds : null,
    scope?.kind === 'region' ? scope.regionIds : (where.counties ?? null),
  ];
  const IN_SCOPE = `(($1::int[] is not null and e.park_id = any($1::int[]))
        or ($2::int[] is not null and e.region_id = any($2::int[])))`;
  type EnterpriseRow = {
    id: number;
    name_zh: string;
    name_en: string | null;
    credit_code: string | null;
    region_id: number;
    park_id: number | null;
    park_code: string | null;
    industry_code: string | null;
    above: boolean | null;
    started: string | null;
    under_construction: boolean | null;
    landlord: number | null;
  };
  // Province-sized panels come back as one JSON text: PGlite materializes a wide result row by row, and
  // 50,000 rows (or 400,000 figures) cost seconds that way, against a fraction of one as a single value.
  const rows = await jsonRows<EnterpriseRow>(
    db,
    `select e.id::float8 as id, e.name_zh, e.name_en, e.credit_code, e.region_id, e.park_id, k.code as park_code,
            e.industry_code, e.above_designated_size as above, g.production_started_on::text as started,
            g.land_under_construction as under_construction, g.landlord_enterprise_id::float8 as landlord
     from enterprise e left join park k on k.id = e.park_id
     left join enterprise_grading_profile g on g.enterprise_id = e.id
     where ${IN_SCOPE} order by e.id`,
    scopeParams,
  );
  const county = await countyOf(db);
  const n = rows.length;
  const index = new Map(rows.map((r, i) => [Number(r.id), i]));
  const figures: GradingPanel['figures'] = {};
  const metricCodes = Object.values(FIGURE_METRICS).flat();
  const figureRows = await jsonRows<{ entity_id: number; metric: string; value: number; unit: string }>(
    db,
    `select i.entity_id::float8 as entity_id, m.code as metric, i.value, i.unit
     from indicator i join metric m on m.id = i.metric_id join enterprise e on e.id = i.entity_id
     where i.entity_kind = 'enterprise' and ${IN_SCOPE} and i.period = $3
       and i.scope = '' and i.industry_id is null and m.code = any($4::text[])`,
    [...scopeParams, String(year), metricCodes],
  );
  const preference = new Map<string, { figure: FigureCode; rank: number }>();
  for (const [figure, metrics] of Object.entries(FIGURE_METRICS) as [FigureCode, string[]][])
    metrics.forEach((m, rank) => {
      if (!preference.has(m)) preference.set(m, { figure, rank });
    });
  const chosenRank = new Map<string, number>();
  for (const f of figureRows) {
    const i = index.get(Number(f.entity_id));
    const pref = preference.get(f.metric);
    if (i === undefined || !pref) continue;
    const key = `${i}|${pref.figure}`;
    if ((chosenRank.get(key) ?? Number.POSITIVE_INFINITY) <= pref.rank) continue;
    chosenRank.set(key, pref.rank);
    figures[pref.figure] ??= new Float64Array(n).fill(Number.NaN);
    const column = figures[pref.figure]!;
    column[i] =
      pref.figure === 'land_area' && f.unit === 'ha' ? Number(f.value) * MU_PER_HECTARE : Number(f.value);
  }
  const flagRows = await db.query<{ enterprise_id: number; flag: string }>(
    `select f.enterprise_id::float8 as enterprise_id, f.flag from enterprise_grading_flag f
     join enterprise e on e.id = f.enterprise_id where f.year = $3 and ${IN_SCOPE}`,
    [...scopeParams, year],
  );
  const flags: Record<string, Uint8Array> = {};
  for (const f of flagRows) {
    const i = index.get(Number(f.enterprise_id));
    if (i === undefined) continue;
    flags[f.flag] ??= new Uint8Array(n);
    flags[f.flag]![i] = 1;
  }
  const enterprises: PanelEnterprise[] = rows.map((r) => {
    const c = county(r.region_id);
    return {
      id: Number(r.id),
      name_zh: r.name_zh,
      name_en: r.name_en,
      credit_code: r.credit_code,
      park_code: r.park_code,
      county_id: c.id,
      county_name: c.name,
      industry_code: r.industry_code,
    };
  });
  const panel: GradingPanel = {
    count: n,
    figures,
    aboveSize: Uint8Array.from(rows.map((r) => (r.above ? 1 : 0))),
    county: Int32Array.from(enterprises.map((e) => e.county_id)),
    park: Int32Array.from(rows.map((r) => r.park_id ?? -1)),
    industryCode: rows.map((r) => r.industry_code),
    productionStartYear: Float64Array.from(
      rows.map((r) => (r.started ? Number(r.started.slice(0, 4)) : Number.NaN)),
    ),
    landUnderConstruction: Uint8Array.from(rows.map((r) => (r.under_construction ? 1 : 0))),
    landlord: Int32Array.from(
      rows.map((r) => (r.landlord === null ? -1 : (index.get(Number(r.landlord)) ?? -1))),
    ),
    flags,
  };
  return { panel, enterprises };
}
