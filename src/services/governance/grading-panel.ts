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
/** Each metric's figure and its place in that figure's order of preference. */
const METRIC_PREFERENCE = new Map<string, { figure: FigureCode; rank: number }>();
for (const [figure, metrics] of Object.entries(FIGURE_METRICS) as [FigureCode, string[]][])
  metrics.forEach((m, rank) => {
    if (!METRIC_PREFERENCE.has(m)) METRIC_PREFERENCE.set(m, { figure, rank });
  });
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
  park_code: string | null;
  county_id: number;
  county_name: string | null;
  industry_code: string | null;
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

type EnterpriseRow = {
  id: number;
  region_id: number;
  park_id: number | null;
  park_code: string | null;
  industry_code: string | null;
  above: boolean | null;
  /** The year production started. */
  started: number | null;
  under_construction: boolean | null;
  landlord: number | null;
  /** False for an enterprise read only for the previous year's county benchmarks. */
  in_scope: boolean;
};

/** An enterprise as loadGradingPanels selects it: EnterpriseRow's fields in the select's order, less park_code. */
type EnterpriseTuple = [
  id: number,
  region_id: number,
  park_id: number | null,
  industry_code: string | null,
  above: boolean | null,
  started: number | null,
  under_construction: boolean | null,
  landlord: number | null,
  in_scope: boolean,
];

/** Which enterprises the previous year's panel holds: none, the scope's, or every one in the scope's counties. */
export type PreviousYear = 'none' | 'scope' | 'counties';

/**
 * The enterprises of a scope with their figures for `year` and, when a scheme derives benchmarks from the
 * previous year, the previous year's panel too: of the same enterprises, or of every enterprise in the
 * scope's counties when the benchmark is a county's. Both years are read in one pass (one query for the
 * enterprises, one for the figures of both years): for a province that halves the time of reading them.
 */
export async function loadGradingPanels(
  db: Queryable,
  scope: GradingScope,
  year: number,
  previousYear: PreviousYear,
  /** The figures the scheme reads: only their metrics are fetched. */
  figures: readonly FigureCode[],
): Promise<LoadedPanel & { previous?: GradingPanel }> {
  // The same condition selects the enterprises, their figures and their flags: joining on it is much
  // cheaper than sending 50,000 ids back as an array (= any() over a large array).
  const scopeParams = [
    scope.kind === 'park' ? scope.parkIds : null,
    scope.kind === 'region' ? scope.regionIds : null,
  ];
  const inScope = (e: string) => `(($1::int[] is not null and ${e}.park_id = any($1::int[]))
        or ($2::int[] is not null and ${e}.region_id = any($2::int[])))`;
  const READ =
    previousYear === 'counties'
      ? `(${inScope('e')} or e.region_id in (select s.region_id from enterprise s where ${inScope('s')}))`
      : inScope('e');
  // A province's 50,000 enterprises come back as one JSON text of arrays: PGlite materializes a wide
  // result row by row, which costs seconds at this size, and objects would repeat every key 50,000 times.
  // The park's code is looked up here, not joined: parks are few, and a join the planner thought cheap
  // (a park table it had no statistics for) scanned it again for each of 50,000 enterprises.
  const [json] = await db.query<{ rows: string }>(
    `select coalesce(json_agg(json_build_array(e.id, e.region_id, e.park_id, e.industry_code,
              e.above_designated_size, extract(year from g.production_started_on), g.land_under_construction,
              g.landlord_enterprise_id, ${inScope('e')}) order by e.id), '[]')::text as rows
     from enterprise e left join enterprise_grading_profile g on g.enterprise_id = e.id
     where ${READ}`,
    scopeParams,
  );
  const parks = await db.query<{ id: number; code: string }>('select id, code from park');
  const parkCode = new Map(parks.map((p) => [Number(p.id), p.code]));
  const rows = (JSON.parse(json!.rows) as EnterpriseTuple[]).map(
    (t): EnterpriseRow => ({
      id: t[0],
      region_id: t[1],
      park_id: t[2],
      park_code: t[2] === null ? null : (parkCode.get(t[2]) ?? null),
      industry_code: t[3],
      above: t[4],
      started: t[5],
      under_construction: t[6],
      landlord: t[7],
      in_scope: t[8],
    }),
  );
  const county = await countyOf(db);
  const periods = previousYear === 'none' ? [String(year)] : [String(year), String(year - 1)];
  // Metrics by id: the condition on metric_id and period then matches indicator_metric_period_idx, and
  // the planner reads only the scheme's figures (a preset reads 4 to 9 of a province's 10 × 2 years)
  // instead of every figure of each enterprise through the entity index.
  const metricRows = await db.query<{ id: number; code: string }>(
    'select id, code from metric where code = any($1::text[])',
    [figures.flatMap((f) => FIGURE_METRICS[f])],
  );
  const metricCode = new Map(metricRows.map((m) => [Number(m.id), m.code]));
  const aggregated = await db.query<{
    period: string;
    metric_id: number;
    unit: string;
    ids: string;
    vals: string;
  }>(
    // One row per year, metric and unit with its enterprises and values as two binary strings (each id and
    // value in its 8-byte send form, in base64): a province's 400,000 figures as JSON objects took twice as
    // long as arrays' text, and the text form's decimal digits took longer to write and to read back than
    // the bytes. Both aggregates of a group see its rows in the same order (the executor feeds each input
    // row to every aggregate in turn), so the k-th id goes with the k-th value.
    `select i.period, i.metric_id, i.unit,
            encode(string_agg(int8send(i.entity_id), ''::bytea), 'base64') as ids,
            encode(string_agg(float8send(i.value), ''::bytea), 'base64') as vals
     from indicator i join enterprise e on e.id = i.entity_id
     where i.metric_id = any($3::int[]) and i.period = any($4::text[]) and i.entity_kind = 'enterprise'
       and i.scope = '' and i.industry_id is null and ${READ}
     group by i.period, i.metric_id, i.unit`,
    [...scopeParams, [...metricCode.keys()], periods],
  );
  const figureRows = aggregated.map((f) => ({ ...f, metric: metricCode.get(Number(f.metric_id))! }));
  const flagRows = await db.query<{ enterprise_id: number; flag: string }>(
    `select f.enterprise_id::float8 as enterprise_id, f.flag from enterprise_grading_flag f
     join enterprise e on e.id = f.enterprise_id where f.year = $3 and ${inScope('e')}`,
    [...scopeParams, year],
  );

  const current = rows.filter((r) => r.in_scope);
  const loaded = panelOf(
    current,
    county,
    figureRows.filter((f) => f.period === String(year)),
    flagRows,
  );
  if (previousYear === 'none') return loaded;
  const previous = panelOf(
    previousYear === 'counties' ? rows : current,
    county,
    figureRows.filter((f) => f.period === String(year - 1)),
    [],
  );
  return { ...loaded, previous: previous.panel };
}

/** The engine's typed arrays for the given enterprises, their figures (as loadGradingPanels reads them) and flags. */
function panelOf(
  rows: EnterpriseRow[],
  county: (regionId: number) => { id: number; name: string | null },
  figureRows: { metric: string; unit: string; ids: string; vals: string }[],
  flagRows: { enterprise_id: number; flag: string }[],
): LoadedPanel {
  const n = rows.length;
  const index = new Map(rows.map((r, i) => [Number(r.id), i]));
  const figures: GradingPanel['figures'] = {};
  // Per figure and enterprise, the rank of the metric its value came from: the first metric listed wins.
  const chosenRank = new Map<FigureCode, Int8Array>();
  for (const f of figureRows) {
    const preference = METRIC_PREFERENCE.get(f.metric);
    if (!preference) continue;
    const { figure, rank } = preference;
    const factor = figure === 'land_area' && f.unit === 'ha' ? MU_PER_HECTARE : 1;
    figures[figure] ??= new Float64Array(n).fill(Number.NaN);
    const column = figures[figure]!;
    let ranks = chosenRank.get(figure);
    if (!ranks) {
      ranks = new Int8Array(n).fill(127);
      chosenRank.set(figure, ranks);
    }
    const ids = sent(f.ids);
    const values = sent(f.vals);
    for (let at = 0; at < ids.byteLength; at += 8) {
      // An int8 as two halves (ids stay far below 2^53), a float8 whole; both big-endian as sent.
      const i = index.get(ids.getInt32(at) * 2 ** 32 + ids.getUint32(at + 4));
      if (i === undefined || ranks[i]! <= rank) continue;
      ranks[i] = rank;
      column[i] = values.getFloat64(at) * factor;
    }
  }
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
      rows.map((r) => (r.started === null ? Number.NaN : Number(r.started))),
    ),
    landUnderConstruction: Uint8Array.from(rows.map((r) => (r.under_construction ? 1 : 0))),
    landlord: Int32Array.from(
      rows.map((r) => (r.landlord === null ? -1 : (index.get(Number(r.landlord)) ?? -1))),
    ),
    flags,
  };
  return { panel, enterprises };
}

/** The bytes of a base64 text (what encode(…, 'base64') returns; its line breaks are skipped). */
function sent(base64: string): DataView {
  const bytes = Buffer.from(base64, 'base64');
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
