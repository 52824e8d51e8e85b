/**
 * The five maps of a chain desk (五图): chain map, technology roadmap, application-domain map, regional
 * distribution map and investment-attraction route map. Each is drawn from what the store already holds —
 * the template and its diagnosis, the desk's roadmap and application domains, enterprises placed on the
 * chain with their region's centroid, and the opportunities engine's attraction targets — so the maps stay
 * live instead of being redrawn by hand each quarter.
 */
import type { Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';
import { type ChainDiagnosisReport, diagnoseChain } from '../chains/diagnose-chain.ts';
import { resolveScope } from '../chains/resolve.ts';
import { attractionTargets } from '../opportunities/attraction-targets.ts';
import type { DeskRef } from './desk-store.ts';

export const DESK_MAPS = ['chain', 'technology', 'applications', 'regions', 'attraction'] as const;
export type DeskMapName = (typeof DESK_MAPS)[number];

export interface TemplateNode {
  key: string;
  name_zh: string;
  name_en: string | null;
  position: string;
  stage: string | null;
  seq: number;
  suppliers: string[];
}

/** The chain's template: nodes in order, each with the nodes that supply it. */
export async function templateNodes(db: Queryable, chainId: number): Promise<TemplateNode[]> {
  const rows = await db.query<Record<string, unknown>>(
    `select n.code, n.name_zh, n.name_en, n.position, n.stage, n.seq,
       coalesce(array_agg(f.code order by f.code) filter (where f.code is not null), '{}') as suppliers
     from chain_node n left join chain_edge e on e.to_node_id = n.id left join chain_node f on f.id = e.from_node_id
     where n.chain_id = $1 group by n.id order by n.seq, n.code`,
    [chainId],
  );
  return rows.map((r) => ({
    key: String(r.code),
    name_zh: String(r.name_zh),
    name_en: (r.name_en as string | null) ?? null,
    position: String(r.position),
    stage: (r.stage as string | null) ?? null,
    seq: Number(r.seq),
    suppliers: (r.suppliers as string[]) ?? [],
  }));
}

/** The diagnosis of the desk's chain in its scope (the desk is visible: the caller sees its scope). */
export function deskDiagnosis(db: Queryable, desk: DeskRef): Promise<ChainDiagnosisReport> {
  return diagnoseChain(db, desk.chain.code, desk.scope.code);
}

// 1. Chain map -----------------------------------------------------------------------------------------

export async function chainMap(db: Queryable, desk: DeskRef) {
  // One query after another: inside a transaction they share one connection.
  const nodes = await templateNodes(db, desk.chain.id);
  const diagnosis = await deskDiagnosis(db, desk);
  const techCounts = await db.query<{ code: string; technologies: number; bottlenecks: number }>(
    `select n.code, count(*)::int as technologies, count(*) filter (where t.bottleneck)::int as bottlenecks
     from chain_technology t join chain_node n on n.id = t.chain_node_id where t.desk_id = $1 group by n.code`,
    [desk.id],
  );
  const byKey = new Map(diagnosis.nodes.map((n) => [n.key, n]));
  const tech = new Map(techCounts.map((t) => [t.code, t]));
  return {
    desk: desk.code,
    chain: desk.chain,
    scope: desk.scope,
    nodes: nodes.map((n) => {
      const d = byKey.get(n.key);
      return {
        ...n,
        status: d?.status ?? 'missing',
        reasons: d?.reasons ?? [],
        gap_side: d?.gap_side ?? null,
        enterprises: d?.enterprises ?? 0,
        leaders: d?.leaders ?? 0,
        enterprise_names: d?.enterprise_names ?? [],
        technologies: tech.get(n.key)?.technologies ?? 0,
        bottlenecks: tech.get(n.key)?.bottlenecks ?? 0,
      };
    }),
    completeness: diagnosis.completeness,
    local_supporting_rate: diagnosis.local_supporting_rate,
    dependence: { flagged: diagnosis.dependence.flagged, summary: diagnosis.dependence.summary },
  };
}

// 2. Technology roadmap --------------------------------------------------------------------------------

export interface RoadmapTechnology {
  code: string;
  name: string;
  trl: number | null;
  dependence: string | null;
  bottleneck: boolean;
  institutions: string[];
  note: string | null;
  source: string | null;
  quote: string | null;
  tasks: { year: number; title: string; owner: string | null; status: string }[];
}

export async function technologyRoadmap(db: Queryable, desk: DeskRef) {
  const nodes = await templateNodes(db, desk.chain.id);
  const techs = await db.query<Record<string, unknown>>(
    `select t.id, n.code as node, t.code, t.name, t.trl, t.dependence, t.bottleneck, t.institutions, t.note,
         t.source, t.quote
       from chain_technology t join chain_node n on n.id = t.chain_node_id where t.desk_id = $1 order by n.seq, t.code`,
    [desk.id],
  );
  const tasks = await db.query<Record<string, unknown>>(
    `select k.technology_id, k.year, k.title, k.owner, k.status from chain_technology_task k
       join chain_technology t on t.id = k.technology_id where t.desk_id = $1 order by k.year, k.id`,
    [desk.id],
  );
  const partners = await db.query<{ name: string; institution_kind: string | null }>(
    "select name, institution_kind from chain_desk_member where desk_id = $1 and kind = 'partner' order by name",
    [desk.id],
  );
  const tasksOf = new Map<number, RoadmapTechnology['tasks']>();
  for (const k of tasks) {
    const list = tasksOf.get(Number(k.technology_id)) ?? [];
    list.push({
      year: Number(k.year),
      title: String(k.title),
      owner: (k.owner as string | null) ?? null,
      status: String(k.status),
    });
    tasksOf.set(Number(k.technology_id), list);
  }
  const byNode = new Map<string, RoadmapTechnology[]>();
  for (const t of techs) {
    const list = byNode.get(String(t.node)) ?? [];
    list.push({
      code: String(t.code),
      name: String(t.name),
      trl: t.trl === null ? null : Number(t.trl),
      dependence: (t.dependence as string | null) ?? null,
      bottleneck: Boolean(t.bottleneck),
      institutions: (t.institutions as string[]) ?? [],
      note: (t.note as string | null) ?? null,
      source: (t.source as string | null) ?? null,
      quote: (t.quote as string | null) ?? null,
      tasks: tasksOf.get(Number(t.id)) ?? [],
    });
    byNode.set(String(t.node), list);
  }
  const years = [...new Set(tasks.map((k) => Number(k.year)))].sort((a, b) => a - b);
  const institutions = [
    ...new Set([
      ...techs.flatMap((t) => (t.institutions as string[]) ?? []),
      ...partners.filter((p) => p.institution_kind !== 'association').map((p) => p.name),
    ]),
  ].sort();
  return {
    desk: desk.code,
    chain: desk.chain,
    scope: desk.scope,
    /** False when no roadmap has been imported: the web app and the book say "not recorded". */
    recorded: techs.length > 0,
    years,
    institutions,
    technologies: techs.length,
    bottlenecks: techs.filter((t) => t.bottleneck).length,
    nodes: nodes.map((n) => ({
      key: n.key,
      name_zh: n.name_zh,
      name_en: n.name_en,
      position: n.position,
      technologies: byNode.get(n.key) ?? [],
    })),
  };
}

// 3. Application-domain map ----------------------------------------------------------------------------

export async function applicationMap(db: Queryable, desk: DeskRef) {
  const domains = await db.query<Record<string, unknown>>(
    `select a.domain, n.code as node, n.name_zh as node_name_zh, n.name_en as node_name_en, a.market_size,
         a.market_unit, a.market_year, a.source, a.quote
       from chain_application a left join chain_node n on n.id = a.chain_node_id where a.desk_id = $1 order by a.id`,
    [desk.id],
  );
  const nodes = await templateNodes(db, desk.chain.id);
  return {
    desk: desk.code,
    chain: desk.chain,
    scope: desk.scope,
    recorded: domains.length > 0,
    domains: domains.map((d) => ({
      domain: String(d.domain),
      node: (d.node as string | null) ?? null,
      node_name_zh: (d.node_name_zh as string | null) ?? null,
      node_name_en: (d.node_name_en as string | null) ?? null,
      market_size: d.market_size === null ? null : Number(d.market_size),
      market_unit: (d.market_unit as string | null) ?? null,
      market_year: d.market_year === null ? null : Number(d.market_year),
      source: (d.source as string | null) ?? null,
      quote: (d.quote as string | null) ?? null,
    })),
    /** The template's downstream nodes: where the chain's products leave it, per the template. */
    downstream_nodes: nodes
      .filter((n) => n.position === 'downstream')
      .map((n) => ({ key: n.key, name_zh: n.name_zh, name_en: n.name_en })),
  };
}

// 4. Regional distribution map -------------------------------------------------------------------------

/** Each region's centroid, or its nearest ancestor's (and which region it was taken from). */
async function centroidsOf(db: Queryable, regionIds: number[]) {
  if (regionIds.length === 0) return new Map<number, { lon: number; lat: number; from: string }>();
  const rows = await db.query<{ start: number; lon: number; lat: number; code: string }>(
    `with recursive up(start, id, depth) as (
       select id, id, 0 from region where id = any($1::int[])
       union all select u.start, r.parent_id, u.depth + 1 from up u join region r on r.id = u.id
         where r.parent_id is not null and u.depth < 20)
     select distinct on (u.start) u.start, r.lon, r.lat, r.code from up u join region r on r.id = u.id
     where r.lon is not null and r.lat is not null order by u.start, u.depth`,
    [regionIds],
  );
  return new Map(
    rows.map((r) => [Number(r.start), { lon: Number(r.lon), lat: Number(r.lat), from: String(r.code) }]),
  );
}

export async function regionalDistribution(db: Queryable, desk: DeskRef) {
  const scope = await resolveScope(db, desk.scope.code);
  const placements = await db.query<Record<string, unknown>>(
    `select e.id, e.name_zh, e.name_en, e.credit_code, e.region_id, r.code as region_code, r.name_zh as region_name_zh,
       r.name_en as region_name_en, k.code as park_code, n.code as node, n.name_zh as node_name_zh,
       n.name_en as node_name_en, en.role, en.source, en.quote
     from enterprise_node en join chain_node n on n.id = en.chain_node_id join enterprise e on e.id = en.enterprise_id
     join region r on r.id = e.region_id left join park k on k.id = e.park_id
     where n.chain_id = $1 and (e.region_id = any($2::int[]) or e.park_id = any($3::int[]))
     order by n.seq, en.role desc, e.name_zh`,
    [desk.chain.id, scope.regionIds, scope.parkIds],
  );
  const parks = await db.query<Record<string, unknown>>(
    `select k.code, k.name_zh, k.name_en, k.region_id, r.code as region_code from park k join region r on r.id = k.region_id
     where k.id = any($1::int[]) order by k.code`,
    [scope.parkIds],
  );
  // Neighbours: the regions that share a parent with the scope's region — or, when that region has no
  // centroid of its own (a county), with the region above it that has one, so neighbours are apart on a map.
  const home = (await centroidsOf(db, [desk.scope.region_id])).get(desk.scope.region_id);
  const [homeRow] = home
    ? await db.query<{ id: number }>('select id from region where code = $1', [home.from])
    : [];
  const homeId = homeRow ? Number(homeRow.id) : desk.scope.region_id;
  const neighbours = await db.query<Record<string, unknown>>(
    `with recursive home as (select id, parent_id from region where id = $2),
     siblings as (select r.id, r.code, r.name_zh, r.name_en from region r, home
                  where r.parent_id = home.parent_id and r.id <> home.id),
     tree as (select s.id as root, s.id from siblings s
              union select t.root, r.id from region r join tree t on r.parent_id = t.id)
     select s.code, s.name_zh, s.name_en, s.id,
       count(distinct en.enterprise_id)::int as enterprises,
       count(distinct en.enterprise_id) filter (where en.role = 'leader')::int as leaders,
       coalesce(array_agg(distinct n.code) filter (where n.code is not null), '{}') as nodes
     from siblings s left join tree t on t.root = s.id
     left join enterprise e on e.region_id = t.id
     left join enterprise_node en on en.enterprise_id = e.id
       and en.chain_node_id in (select id from chain_node where chain_id = $1)
     left join chain_node n on n.id = en.chain_node_id
     group by s.code, s.name_zh, s.name_en, s.id
     order by enterprises desc, s.code`,
    [desk.chain.id, homeId],
  );
  const regionIds = [
    ...new Set([
      ...placements.map((p) => Number(p.region_id)),
      ...parks.map((p) => Number(p.region_id)),
      ...neighbours.map((n) => Number(n.id)),
      desk.scope.region_id,
    ]),
  ];
  const centroids = await centroidsOf(db, regionIds);
  const at = (regionId: number) => {
    const c = centroids.get(regionId);
    return c ? { lon: c.lon, lat: c.lat, located_by: `centroid of region ${c.from}` } : null;
  };
  const points = placements.map((p) => ({
    name_zh: String(p.name_zh),
    name_en: (p.name_en as string | null) ?? null,
    credit_code: (p.credit_code as string | null) ?? null,
    node: String(p.node),
    node_name_zh: String(p.node_name_zh),
    node_name_en: (p.node_name_en as string | null) ?? null,
    role: String(p.role),
    region_code: String(p.region_code),
    region_name_zh: String(p.region_name_zh),
    region_name_en: (p.region_name_en as string | null) ?? null,
    park_code: (p.park_code as string | null) ?? null,
    position: at(Number(p.region_id)),
    source: (p.source as string | null) ?? null,
    quote: (p.quote as string | null) ?? null,
  }));
  const byNode = new Map<string, number>();
  const byRole = new Map<string, number>();
  for (const p of points) {
    byNode.set(p.node, (byNode.get(p.node) ?? 0) + 1);
    byRole.set(p.role, (byRole.get(p.role) ?? 0) + 1);
  }
  return {
    desk: desk.code,
    chain: desk.chain,
    scope: desk.scope,
    centre: at(desk.scope.region_id),
    method:
      'Enterprises and parks are placed at their region’s centroid (or the nearest region above that has one); the store holds no street addresses.',
    enterprises: points,
    parks: parks.map((k) => ({
      code: String(k.code),
      name_zh: String(k.name_zh),
      name_en: (k.name_en as string | null) ?? null,
      region_code: String(k.region_code),
      position: at(Number(k.region_id)),
    })),
    by_node: [...byNode].map(([node, enterprises]) => ({ node, enterprises })),
    by_role: [...byRole].map(([role, enterprises]) => ({ role, enterprises })),
    neighbours: neighbours.map((n) => ({
      code: String(n.code),
      name_zh: String(n.name_zh),
      name_en: (n.name_en as string | null) ?? null,
      enterprises: Number(n.enterprises),
      leaders: Number(n.leaders),
      nodes: (n.nodes as string[]) ?? [],
      position: at(Number(n.id)),
    })),
  };
}

// 5. Investment-attraction route map --------------------------------------------------------------------

export interface RouteTarget {
  kind: 'enterprise' | 'cluster';
  name: string;
  node: string;
  /** The attraction score (enterprises); clusters are ranked by match, not scored. */
  score: number | null;
  reasons: string[];
  source: string | null;
  quote: string | null;
}

export async function attractionRoute(db: Queryable, desk: DeskRef, visibility?: Visibility) {
  const report = await attractionTargets(db, desk.chain.code, desk.scope.code, { limit: 5, visibility });
  const regions = new Map<
    string,
    {
      code: string;
      name_zh: string;
      name_en: string | null;
      distance_km: number | null;
      targets: RouteTarget[];
    }
  >();
  const stopAt = (region: { code: string; name_zh: string; name_en: string | null }, km: number | null) => {
    const r = regions.get(region.code) ?? { ...region, distance_km: km, targets: [] };
    if (r.distance_km === null && km !== null) r.distance_km = km;
    regions.set(region.code, r);
    return r;
  };
  for (const node of report.nodes) {
    for (const c of node.candidates)
      stopAt(c.region, c.distance_km).targets.push({
        kind: 'enterprise',
        name: c.name,
        node: node.key,
        score: c.score,
        reasons: c.reasons,
        source: null,
        quote: null,
      });
    // Clusters elsewhere on the node's products: where a delegation finds many candidates at once.
    for (const k of node.clusters ?? []) {
      if (!k.region) continue;
      stopAt(k.region, k.distance_km).targets.push({
        kind: 'cluster',
        name: k.name_en ?? k.name_zh,
        node: node.key,
        score: null,
        reasons: [k.reason],
        source: k.source,
        quote: k.quote,
      });
    }
  }
  // The delegation's route: nearest region first, so a trip visits them in one sweep outward.
  const route = [...regions.values()].sort(
    (a, b) => (a.distance_km ?? Number.POSITIVE_INFINITY) - (b.distance_km ?? Number.POSITIVE_INFINITY),
  );
  return {
    desk: desk.code,
    chain: desk.chain,
    scope: desk.scope,
    formula: report.formula,
    distance_from: report.distance_from,
    by_node: report.nodes.map((n) => ({
      key: n.key,
      name_zh: n.name_zh,
      name_en: n.name_en,
      status: n.status,
      candidates_total: n.candidates_total,
      clusters_total: n.clusters_total ?? 0,
      note: n.note,
      candidates: n.candidates.map((c) => ({
        rank: c.rank,
        name: c.name,
        name_en: c.name_en,
        region: c.region,
        distance_km: c.distance_km,
        score: c.score,
        reasons: c.reasons,
      })),
      clusters: (n.clusters ?? []).map((k) => ({
        name_zh: k.name_zh,
        name_en: k.name_en,
        region: k.region,
        distance_km: k.distance_km,
        reason: k.reason,
        source: k.source,
        quote: k.quote,
      })),
    })),
    route: route.map((r, i) => ({ stop: i + 1, ...r })),
  };
}

export async function deskMap(db: Queryable, desk: DeskRef, map: DeskMapName, visibility?: Visibility) {
  switch (map) {
    case 'chain':
      return chainMap(db, desk);
    case 'technology':
      return technologyRoadmap(db, desk);
    case 'applications':
      return applicationMap(db, desk);
    case 'regions':
      return regionalDistribution(db, desk);
    case 'attraction':
      return attractionRoute(db, desk, visibility);
  }
}
