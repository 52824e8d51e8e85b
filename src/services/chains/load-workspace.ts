/**
 * Loads what chain diagnostics read into memory (workspace.ts), in a fixed number of queries whatever the
 * number of scopes: for one scope (an API or CLI diagnosis) or for the whole store (every region at once).
 */
import { chainStructure, nodeInputWeights } from '../../analytics/chain-diagnosis.ts';
import type { Queryable } from '../../store/db.ts';
import { storeGeneration } from '../store-generation.ts';
import type { ResolvedScope } from './resolve.ts';
import {
  type ChainData,
  type ChainNodeInfo,
  type ChainWorkspace,
  type EnterpriseTable,
  type EntityFigures,
  eulerIntervals,
  type IndustryBreakdown,
  lowerBound,
  matchKey,
  type ParkTable,
  type Purchases,
  type RegionTable,
  ROLE_LEADER,
  ROLE_MEMBER,
  ROLE_SUPPORTING,
  regionWithin,
  type ScopeRef,
  type StatedFigure,
  sortedBy,
} from './workspace.ts';

/** Metrics read as an entity's output, in order of preference (the first one present is used). */
export const OUTPUT_METRICS = ['output_value', 'industrial_output_value', 'revenue'] as const;
/** Metrics read by industry for location quotients, in order of preference. */
export const INDUSTRY_METRICS = [
  'industrial_output_value',
  'output_value',
  'revenue',
  'value_added',
  'industrial_value_added',
  'employees',
  'employment',
] as const;
export const TAX_METRICS = ['tax', 'tax_revenue'] as const;
/** Shares and rates documents state outright; diagnostics quote them with their source. */
export const STATED_METRICS = [
  'output_share',
  'industrial_concentration',
  'parks_output_share',
  'leading_industry_concentration',
  'tax_per_mu',
  'gdp_per_mu',
] as const;
/** Qualifiers under which a whole-entity figure still counts as the entity's total. */
const TOTAL_SCOPES = new Set(['', 'above_designated_size']);
const MU_PER_HECTARE = 15;

export interface LoadOptions {
  /** Chains to load; default every chain. */
  chainIds?: number[];
  /** One scope (its enterprises, their suppliers, the figures it needs); default everything. */
  scope?: ResolvedScope;
  /** Year of enterprise output figures; default the latest year any loaded enterprise has one for. */
  year?: number;
  /** Year of supply links; default the latest year of the loaded links. */
  linksYear?: number;
}

type Ids = number[] | null;

export async function loadChainWorkspace(db: Queryable, options: LoadOptions = {}): Promise<ChainWorkspace> {
  const scope = options.scope;
  const chains = await loadChains(db, options.chainIds ?? null);
  const { regions, regionIndex } = await loadRegions(db);
  const { parks, parkIndex } = await loadParks(db, regionIndex);
  // Enterprises of the scope: a region's (own region or park in its subtree), or a park tree's.
  const scopeRegions: Ids = scope ? scope.regionIds : null;
  const scopeParks: Ids = scope ? scope.parkIds : null;
  const placementRows = await db.query<{ enterprise_id: number; chain_node_id: number; role: string }>(
    `select en.enterprise_id::float8 as enterprise_id, en.chain_node_id, en.role
     from enterprise_node en
     join chain_node n on n.id = en.chain_node_id
     join enterprise e on e.id = en.enterprise_id
     where n.chain_id = any($1::int[])
       and ($2::int[] is null or e.region_id = any($2::int[]) or e.park_id = any($3::int[]))`,
    [chains.map((c) => c.id), scopeRegions, scopeParks],
  );
  const buyerIds = scope ? [...new Set(placementRows.map((p) => Number(p.enterprise_id)))] : null;
  const linkRows = await db.query<{
    buyer_id: number;
    supplier_id: number;
    value: number | null;
    year: number;
  }>(
    `select buyer_id::float8 as buyer_id, supplier_id::float8 as supplier_id, value::float8 as value, year
     from supply_link where $1::float8[] is null or buyer_id = any($1::float8[]::bigint[])`,
    [buyerIds],
  );
  const linksYear = options.linksYear ?? maxOf(linkRows.map((l) => l.year));
  const yearLinks = linkRows.filter((l) => l.year === linksYear);
  const enterpriseIds = scope
    ? [...new Set([...(buyerIds ?? []), ...yearLinks.map((l) => Number(l.supplier_id))])]
    : null;
  const enterprises = await loadEnterprises(db, enterpriseIds, regionIndex, parkIndex);
  const enterpriseIndex = new Map(enterprises.id.map((id, i) => [id, i]));
  const outputYear = await loadEnterpriseOutput(db, enterprises, enterpriseIds, options.year);
  for (const chain of chains)
    indexPlacements(chain, placementRows, enterpriseIndex, enterprises, regions, parks);
  const purchases = indexPurchases(yearLinks, enterpriseIndex, enterprises.id.length, linksYear);
  const { regionFigures, parkFigures } = await loadEntityFigures(db, scope, regions, regionIndex, parks);
  const recordedOutput = scope
    ? await scopeRecordedOutput(db, scope, outputYear, regionIndex, parkIndex)
    : prefixRecordedOutput(enterprises, regions, parks);
  return {
    chains,
    regions,
    regionIndex,
    parks,
    parkIndex,
    enterprises,
    purchases,
    regionFigures,
    parkFigures,
    outputYear,
    recordedOutput,
  };
}

const maxOf = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => (b > a ? b : a)));

async function loadChains(db: Queryable, chainIds: Ids): Promise<ChainData[]> {
  const chainRows = await db.query<{
    id: number;
    code: string;
    version: number;
    name_zh: string;
    name_en: string | null;
  }>(
    'select id, code, version, name_zh, name_en from chain where $1::int[] is null or id = any($1::int[]) order by code',
    [chainIds],
  );
  const ids = chainRows.map((c) => c.id);
  const nodeRows = await db.query<ChainNodeInfo & { chain_id: number }>(
    `select id, chain_id, code, name_zh, name_en, position, stage, industry_codes, hs_codes, key_products
     from chain_node where chain_id = any($1::int[]) order by chain_id, seq, id`,
    [ids],
  );
  const edgeRows = await db.query<{
    chain_id: number;
    from_node_id: number;
    to_node_id: number;
    input_share: number | null;
  }>(
    'select chain_id, from_node_id, to_node_id, input_share from chain_edge where chain_id = any($1::int[]) order by chain_id, from_node_id, to_node_id',
    [ids],
  );
  return chainRows.map((c) => {
    const nodes = nodeRows
      .filter((n) => n.chain_id === c.id)
      .map(({ chain_id: _, ...n }) => ({ ...n, key_products: n.key_products ?? [] }));
    const at = new Map(nodes.map((n, i) => [n.id, i]));
    const edges = edgeRows
      .filter((e) => e.chain_id === c.id)
      .map((e) => ({ from: at.get(e.from_node_id)!, to: at.get(e.to_node_id)!, share: e.input_share }));
    const structure = chainStructure({
      positions: nodes.map((n) => n.position),
      stages: nodes.map((n) => n.stage),
      edges,
    });
    return {
      ...c,
      nodes,
      edges,
      structure,
      weights: nodeInputWeights(structure),
      nodeMatchKeys: nodes.map((n) => [matchKey(n.code), ...n.key_products.map(matchKey)]),
      placements: emptyPlacements(),
    };
  });
}

const emptyPlacements = () => ({
  enterprise: new Int32Array(0),
  node: new Int32Array(0),
  role: new Uint8Array(0),
  byRegion: new Int32Array(0),
  regionKey: new Int32Array(0),
  byPark: new Int32Array(0),
  parkKey: new Int32Array(0),
  displaced: new Int32Array(0),
  nodesOfEnterprise: new Uint8Array(0),
});

interface LoadedRegions {
  regions: RegionTable;
  regionIndex: Map<number, number>;
}

/**
 * The region tree as last loaded, per store: the gazetteer holds every division of the country (3,466
 * rows with the shipped reference data) and reading it took 30–40 ms of the embedded store's single
 * thread, most of every diagnosis that followed a write. It is kept with the transaction ids that wrote
 * its rows (`xmin`, a handful): it still holds while no row was added, removed or changed, which one
 * counting query checks (about 1–2 ms), and only when the store's generation moved at all.
 */
interface KeptRegions extends LoadedRegions {
  generation: string;
  rows: number;
  writers: string[];
}
const keptRegions = new WeakMap<Queryable, KeptRegions>();

async function loadRegions(db: Queryable): Promise<LoadedRegions> {
  const generation = await storeGeneration(db);
  const kept = keptRegions.get(db);
  if (kept) {
    if (kept.generation === generation) return kept;
    const [now] = await db.query<{ rows: number; unknown_writers: number }>(
      `select count(*)::int as rows, count(*) filter (where not (xmin = any($1::xid[])))::int as unknown_writers
       from region`,
      [kept.writers],
    );
    if (now && now.rows === kept.rows && now.unknown_writers === 0) {
      kept.generation = generation;
      return kept;
    }
  }
  // The writers are read before the rows: a write committed in between makes the kept copy look stale
  // (it is read again), never the reverse.
  const [writers] = await db.query<{ ids: string[] | null }>(
    'select array_agg(x::text) as ids from (select distinct xmin as x from region) w',
  );
  const loaded = await readRegions(db);
  keptRegions.set(db, {
    ...loaded,
    generation,
    rows: loaded.regions.code.length,
    writers: writers?.ids ?? [],
  });
  return loaded;
}

async function readRegions(db: Queryable): Promise<LoadedRegions> {
  const rows = await db.query<{
    id: number;
    code: string;
    level: string;
    parent_id: number | null;
    name_zh: string;
    name_en: string | null;
  }>('select id, code, level, parent_id, name_zh, name_en from region order by id');
  const regionIndex = new Map(rows.map((r, i) => [r.id, i]));
  const parent = Int32Array.from(rows, (r) =>
    r.parent_id === null ? -1 : (regionIndex.get(r.parent_id) ?? -1),
  );
  const { tin, tout } = eulerIntervals(parent);
  return {
    regions: {
      id: Int32Array.from(rows, (r) => r.id),
      code: rows.map((r) => r.code),
      level: rows.map((r) => r.level),
      name_zh: rows.map((r) => r.name_zh),
      name_en: rows.map((r) => r.name_en),
      parent,
      tin,
      tout,
    },
    regionIndex,
  };
}

async function loadParks(
  db: Queryable,
  regionIndex: Map<number, number>,
): Promise<{ parks: ParkTable; parkIndex: Map<number, number> }> {
  const rows = await db.query<{
    id: number;
    code: string;
    name_zh: string;
    name_en: string | null;
    region_id: number;
    parent_park_id: number | null;
    planned_ha: number | null;
    available_ha: number | null;
    industry_codes: string[];
    leading_industries: string[];
  }>(
    `select id, code, name_zh, name_en, region_id, parent_park_id,
       coalesce(planned_area_ha::float8, planned_area_mu::float8 / ${MU_PER_HECTARE}) as planned_ha,
       coalesce(available_area_ha::float8, available_area_mu::float8 / ${MU_PER_HECTARE}) as available_ha,
       industry_codes, leading_industries
     from park order by id`,
  );
  const parkIndex = new Map(rows.map((p, i) => [p.id, i]));
  const parent = Int32Array.from(rows, (p) =>
    p.parent_park_id === null ? -1 : (parkIndex.get(p.parent_park_id) ?? -1),
  );
  const { tin, tout } = eulerIntervals(parent);
  const landBasis: ('developed' | 'planned' | null)[] = [];
  const landMu = Float64Array.from(rows, (p) => {
    // Per-mu intensities are of the land in use: the planned area less what is still available.
    if (p.planned_ha !== null && p.available_ha !== null && p.planned_ha > p.available_ha) {
      landBasis.push('developed');
      return (p.planned_ha - p.available_ha) * MU_PER_HECTARE;
    }
    if (p.planned_ha !== null && p.planned_ha > 0) {
      landBasis.push('planned');
      return p.planned_ha * MU_PER_HECTARE;
    }
    landBasis.push(null);
    return Number.NaN;
  });
  return {
    parks: {
      id: Int32Array.from(rows, (p) => p.id),
      code: rows.map((p) => p.code),
      name_zh: rows.map((p) => p.name_zh),
      name_en: rows.map((p) => p.name_en),
      region: Int32Array.from(rows, (p) => regionIndex.get(p.region_id) ?? -1),
      parent,
      tin,
      tout,
      landMu,
      landBasis,
      industry_codes: rows.map((p) => p.industry_codes ?? []),
      leading_industries: rows.map((p) => p.leading_industries ?? []),
    },
    parkIndex,
  };
}

async function loadEnterprises(
  db: Queryable,
  ids: Ids,
  regionIndex: Map<number, number>,
  parkIndex: Map<number, number>,
): Promise<EnterpriseTable> {
  const rows = await db.query<{
    id: number;
    name_zh: string;
    name_en: string | null;
    credit_code: string | null;
    region_id: number;
    park_id: number | null;
  }>(
    `select id::float8 as id, name_zh, name_en, credit_code, region_id, park_id from enterprise
     where $1::float8[] is null or id = any($1::float8[]::bigint[]) order by id`,
    [ids],
  );
  return {
    id: rows.map((r) => Number(r.id)),
    name_zh: rows.map((r) => r.name_zh),
    name_en: rows.map((r) => r.name_en),
    credit_code: rows.map((r) => r.credit_code),
    region: Int32Array.from(rows, (r) => regionIndex.get(r.region_id) ?? -1),
    park: Int32Array.from(rows, (r) => (r.park_id === null ? -1 : (parkIndex.get(r.park_id) ?? -1))),
    output: new Float64Array(rows.length).fill(Number.NaN),
  };
}

/** Fills `enterprises.output` for the year (given, or the latest with a figure) and returns the year. */
async function loadEnterpriseOutput(
  db: Queryable,
  enterprises: EnterpriseTable,
  ids: Ids,
  year: number | undefined,
): Promise<number | null> {
  const rows = await db.query<{ id: number; metric: string; year: number; value: number }>(
    `select i.entity_id::float8 as id, m.code as metric, i.period::int as year, i.value
     from indicator i join metric m on m.id = i.metric_id
     where i.entity_kind = 'enterprise' and i.industry_id is null and i.scope = '' and m.code = any($1::text[])
       and i.period ~ '^[0-9]{4}$' and ($2::float8[] is null or i.entity_id = any($2::float8[]::bigint[]))`,
    [[...OUTPUT_METRICS], ids],
  );
  const chosen = year ?? maxOf(rows.map((r) => r.year));
  if (chosen === null) return null;
  const at = new Map(enterprises.id.map((id, i) => [id, i]));
  const rank = new Float64Array(enterprises.id.length).fill(Number.POSITIVE_INFINITY);
  for (const r of rows) {
    if (r.year !== chosen) continue;
    const i = at.get(Number(r.id));
    const preference = OUTPUT_METRICS.indexOf(r.metric as (typeof OUTPUT_METRICS)[number]);
    if (i === undefined || preference >= rank[i]!) continue;
    rank[i] = preference;
    enterprises.output[i] = r.value;
  }
  return chosen;
}

function indexPlacements(
  chain: ChainData,
  rows: { enterprise_id: number; chain_node_id: number; role: string }[],
  enterpriseIndex: Map<number, number>,
  enterprises: EnterpriseTable,
  regions: RegionTable,
  parks: ParkTable,
) {
  const nodeAt = new Map(chain.nodes.map((n, i) => [n.id, i]));
  const mine = rows.filter(
    (r) => nodeAt.has(r.chain_node_id) && enterpriseIndex.has(Number(r.enterprise_id)),
  );
  const enterprise = Int32Array.from(mine, (r) => enterpriseIndex.get(Number(r.enterprise_id))!);
  const node = Int32Array.from(mine, (r) => nodeAt.get(r.chain_node_id)!);
  const role = Uint8Array.from(mine, (r) =>
    r.role === 'leader' ? ROLE_LEADER : r.role === 'supporting' ? ROLE_SUPPORTING : ROLE_MEMBER,
  );
  const regionOf = Int32Array.from(enterprise, (e) => {
    const r = enterprises.region[e]!;
    return r >= 0 ? regions.tin[r]! : -1;
  });
  const parkOf = Int32Array.from(enterprise, (e) => {
    const p = enterprises.park[e]!;
    return p >= 0 ? parks.tin[p]! : -1;
  });
  const byRegion = sortedBy(regionOf);
  const byPark = sortedBy(parkOf);
  const displaced: number[] = [];
  const nodesOfEnterprise = new Uint8Array(enterprises.id.length);
  for (let k = 0; k < enterprise.length; k++) {
    const e = enterprise[k]!;
    nodesOfEnterprise[e] = Math.min(255, nodesOfEnterprise[e]! + 1);
    const p = enterprises.park[e]!;
    if (p >= 0 && !regionWithin(regions, parks.region[p]!, enterprises.region[e]!)) displaced.push(k);
  }
  chain.placements = {
    enterprise,
    node,
    role,
    byRegion: byRegion.order,
    regionKey: byRegion.sortedKeys,
    byPark: byPark.order,
    parkKey: byPark.sortedKeys,
    displaced: Int32Array.from(displaced),
    nodesOfEnterprise,
  };
}

function indexPurchases(
  links: { buyer_id: number; supplier_id: number; value: number | null }[],
  enterpriseIndex: Map<number, number>,
  enterpriseCount: number,
  year: number | null,
): Purchases {
  const offsets = new Int32Array(enterpriseCount + 1);
  const kept = links.filter((l) => enterpriseIndex.has(Number(l.buyer_id)));
  for (const l of kept) offsets[enterpriseIndex.get(Number(l.buyer_id))! + 1]!++;
  for (let i = 0; i < enterpriseCount; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, enterpriseCount);
  const supplier = new Int32Array(kept.length);
  const value = new Float64Array(kept.length);
  for (const l of kept) {
    const k = fill[enterpriseIndex.get(Number(l.buyer_id))!]!++;
    supplier[k] = enterpriseIndex.get(Number(l.supplier_id)) ?? -1;
    value[k] = l.value === null ? Number.NaN : Number(l.value);
  }
  return { offsets, supplier, value, year };
}

interface FigureRow {
  entity_kind: 'region' | 'park';
  entity_id: number;
  industry_code: string | null;
  metric: string;
  period: string;
  period_end: string;
  scope: string;
  value: number;
  unit: string;
  source: string | null;
  quote: string | null;
  note: string | null;
}

/**
 * Figures of regions and parks: output, tax and revenue, figures by industry (for location quotients) and
 * stated shares. For one scope: the scope's region and those above it, and the parks its park
 * performance compares (the parks of the scope's province, or of the region scope).
 */
async function loadEntityFigures(
  db: Queryable,
  scope: ResolvedScope | undefined,
  regions: RegionTable,
  regionIndex: Map<number, number>,
  parks: ParkTable,
): Promise<{ regionFigures: Map<number, EntityFigures>; parkFigures: Map<number, EntityFigures> }> {
  let regionIds: Ids = null;
  let parkIds: Ids = null;
  if (scope) {
    regionIds = [scope.regionId, ...scope.ancestorRegionIds];
    parkIds = peerParkIds(scope, regions, regionIndex, parks);
  }
  const metrics = [...new Set([...OUTPUT_METRICS, ...INDUSTRY_METRICS, ...TAX_METRICS, ...STATED_METRICS])];
  const rows = await db.query<FigureRow>(
    `select i.entity_kind, i.entity_id::int as entity_id, ind.code as industry_code, m.code as metric, i.period,
       i.period_end::text as period_end, i.scope, i.value, i.unit, i.source, i.quote, i.note
     from indicator i join metric m on m.id = i.metric_id left join industry ind on ind.id = i.industry_id
     where i.entity_kind in ('region', 'park') and m.code = any($1::text[])
       and ($2::int[] is null or (i.entity_kind = 'region' and i.entity_id = any($2::int[]))
            or (i.entity_kind = 'park' and i.entity_id = any($3::int[])))
     order by i.period_end desc, i.id`,
    [metrics, regionIds, parkIds ?? []],
  );
  const regionFigures = new Map<number, EntityFigures>();
  const parkFigures = new Map<number, EntityFigures>();
  const grouped = new Map<string, FigureRow[]>();
  for (const r of rows) {
    const key = `${r.entity_kind}:${r.entity_id}`;
    const list = grouped.get(key);
    if (list) list.push(r);
    else grouped.set(key, [r]);
  }
  for (const [key, list] of grouped) {
    const [kind, id] = key.split(':');
    (kind === 'region' ? regionFigures : parkFigures).set(Number(id), entityFigures(list));
  }
  return { regionFigures, parkFigures };
}

/** The parks a scope's park performance ranks: those of the park's province, or of the region scope. */
export function peerParkIds(
  scope: ResolvedScope,
  regions: RegionTable,
  regionIndex: Map<number, number>,
  parks: ParkTable,
): number[] {
  let top = regionIndex.get(scope.regionId) ?? -1;
  if (scope.kind === 'park') {
    // Climb to the province (or the highest region below the country).
    while (top >= 0 && regions.parent[top]! >= 0 && regions.level[regions.parent[top]!] !== 'country') {
      top = regions.parent[top]!;
    }
  }
  if (top < 0) return scope.parkIds;
  const out: number[] = [];
  for (let p = 0; p < parks.id.length; p++)
    if (regionWithin(regions, parks.region[p]!, top)) out.push(parks.id[p]!);
  return out;
}

const asStated = (r: FigureRow): StatedFigure => ({
  metric: r.metric,
  value: r.value,
  unit: r.unit,
  period: r.period,
  scope: r.scope,
  industry_code: r.industry_code,
  source: r.source,
  quote: r.quote,
  note: r.note,
});

const ANNUAL = /^[0-9]{4}$/;

/** One entity's figures (rows newest first). */
function entityFigures(rows: FigureRow[]): EntityFigures {
  const out: EntityFigures = { industries: new Map(), stated: [] };
  const totals = new Map<string, FigureRow>();
  const pick = (metrics: readonly string[]) => {
    let best: FigureRow | undefined;
    for (const metric of metrics) {
      const r = rows.find(
        (x) =>
          x.metric === metric &&
          x.industry_code === null &&
          TOTAL_SCOPES.has(x.scope) &&
          ANNUAL.test(x.period),
      );
      if (r && (!best || r.period > best.period)) best = r;
    }
    return best ? asStated(best) : undefined;
  };
  out.output = pick(OUTPUT_METRICS);
  out.tax = pick(TAX_METRICS);
  out.revenue = pick(['revenue']);
  for (const r of rows) {
    if ((STATED_METRICS as readonly string[]).includes(r.metric)) out.stated.push(asStated(r));
    if (!ANNUAL.test(r.period)) continue;
    if (r.industry_code === null) {
      if (TOTAL_SCOPES.has(r.scope) && !totals.has(`${r.metric}:${r.period}`))
        totals.set(`${r.metric}:${r.period}`, r);
      continue;
    }
    if (!TOTAL_SCOPES.has(r.scope)) continue;
    let breakdown = out.industries.get(r.metric);
    if (!breakdown) {
      breakdown = { metric: r.metric, period: r.period, values: new Map(), total: Number.NaN };
      out.industries.set(r.metric, breakdown);
    }
    // Rows come newest first: the first period seen is the latest; older ones are left out.
    if (r.period === breakdown.period && !breakdown.values.has(r.industry_code)) {
      breakdown.values.set(r.industry_code, r.value);
    }
  }
  for (const b of out.industries.values()) {
    b.total = totals.get(`${b.metric}:${b.period}`)?.value ?? broadestSum(b.values);
  }
  return out;
}

/** Sum of the figures of the broadest industry level present (divisions before groups before classes). */
function broadestSum(values: Map<string, number>): number {
  let shortest = Number.POSITIVE_INFINITY;
  for (const code of values.keys()) shortest = Math.min(shortest, code.length);
  let sum = 0;
  for (const [code, v] of values) if (code.length === shortest) sum += v;
  return sum;
}

/** The value of an industry code in a breakdown: the code's own figure, else the sum of its broadest sub-codes. */
export function industryValue(breakdown: IndustryBreakdown, code: string): number {
  const own = breakdown.values.get(code);
  if (own !== undefined) return own;
  // Many chains ask the same region for the same codes: the roll-up is remembered.
  const known = breakdown.rolledUp?.get(code);
  if (known !== undefined) return known;
  const value = rollUp(breakdown, code);
  breakdown.rolledUp ??= new Map();
  breakdown.rolledUp.set(code, value);
  return value;
}

function rollUp(breakdown: IndustryBreakdown, code: string): number {
  let shortest = Number.POSITIVE_INFINITY;
  for (const c of breakdown.values.keys())
    if (c.length > code.length && c.startsWith(code)) shortest = Math.min(shortest, c.length);
  if (shortest === Number.POSITIVE_INFINITY) return Number.NaN;
  let sum = 0;
  for (const [c, v] of breakdown.values) if (c.length === shortest && c.startsWith(code)) sum += v;
  return sum;
}

/** Recorded output of one scope's enterprises, computed in the store (no need to load them all). */
async function scopeRecordedOutput(
  db: Queryable,
  scope: ResolvedScope,
  year: number | null,
  regionIndex: Map<number, number>,
  parkIndex: Map<number, number>,
): Promise<(ref: ScopeRef) => { sum: number; enterprises: number }> {
  let result = { sum: 0, enterprises: 0 };
  if (year !== null) {
    const rows = await db.query<{ id: number; metric: string; value: number }>(
      `select i.entity_id::float8 as id, m.code as metric, i.value
       from indicator i join metric m on m.id = i.metric_id join enterprise e on e.id = i.entity_id
       where i.entity_kind = 'enterprise' and i.industry_id is null and i.scope = '' and i.period = $1
         and m.code = any($2::text[]) and (e.region_id = any($3::int[]) or e.park_id = any($4::int[]))`,
      [String(year), [...OUTPUT_METRICS], scope.regionIds, scope.parkIds],
    );
    const best = new Map<number, { rank: number; value: number }>();
    for (const r of rows) {
      const rank = OUTPUT_METRICS.indexOf(r.metric as (typeof OUTPUT_METRICS)[number]);
      const seen = best.get(Number(r.id));
      if (!seen || rank < seen.rank) best.set(Number(r.id), { rank, value: r.value });
    }
    for (const { value } of best.values())
      result = { sum: result.sum + value, enterprises: result.enterprises + 1 };
  }
  const own: ScopeRef =
    scope.kind === 'park'
      ? { kind: 'park', index: parkIndex.get(scope.id) ?? -1 }
      : { kind: 'region', index: regionIndex.get(scope.id) ?? -1 };
  return (ref) =>
    ref.kind === own.kind && ref.index === own.index ? result : { sum: Number.NaN, enterprises: 0 };
}

/**
 * Recorded output of any scope when everything is loaded: enterprises ordered by their region's (and,
 * apart, their park's) depth-first number with running sums, so a subtree's total is two look-ups.
 * Enterprises whose park lies outside their region's subtree are added one by one.
 */
function prefixRecordedOutput(
  enterprises: EnterpriseTable,
  regions: RegionTable,
  parks: ParkTable,
): (ref: ScopeRef) => { sum: number; enterprises: number } {
  const n = enterprises.id.length;
  const build = (key: (e: number) => number) => {
    const keys = new Int32Array(n);
    for (let e = 0; e < n; e++) keys[e] = key(e);
    const { order, sortedKeys } = sortedBy(keys);
    const sums = new Float64Array(n + 1);
    const counts = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) {
      const v = enterprises.output[order[k]!]!;
      const has = Number.isNaN(v) ? 0 : 1;
      sums[k + 1] = sums[k]! + (has ? v : 0);
      counts[k + 1] = counts[k]! + has;
    }
    return (from: number, to: number) => {
      const a = lowerBound(sortedKeys, from);
      const b = lowerBound(sortedKeys, to);
      return { sum: sums[b]! - sums[a]!, enterprises: counts[b]! - counts[a]! };
    };
  };
  const byRegion = build((e) => (enterprises.region[e]! >= 0 ? regions.tin[enterprises.region[e]!]! : -1));
  const byPark = build((e) => (enterprises.park[e]! >= 0 ? parks.tin[enterprises.park[e]!]! : -1));
  const displaced: number[] = [];
  for (let e = 0; e < n; e++) {
    const p = enterprises.park[e]!;
    if (p >= 0 && !regionWithin(regions, parks.region[p]!, enterprises.region[e]!)) displaced.push(e);
  }
  return (ref) => {
    if (ref.kind === 'park') return byPark(parks.tin[ref.index]!, parks.tout[ref.index]!);
    const total = byRegion(regions.tin[ref.index]!, regions.tout[ref.index]!);
    for (const e of displaced) {
      const v = enterprises.output[e]!;
      if (
        !Number.isNaN(v) &&
        regionWithin(regions, parks.region[enterprises.park[e]!]!, ref.index) &&
        !regionWithin(regions, enterprises.region[e]!, ref.index)
      ) {
        total.sum += v;
        total.enterprises++;
      }
    }
    return total;
  };
}
