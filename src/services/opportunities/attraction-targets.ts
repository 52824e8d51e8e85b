/**
 * Investment-attraction targets (`GET /api/opportunities/attract`, `chainatlas opportunities attract`):
 * for each missing or weak node of a chain in a park or region, the enterprises elsewhere on that node,
 * ranked by the attraction score of analytics/attraction-score.ts, each with the parts that produced its
 * score and the reasons in words. The same rows make the chain chief system's investment-attraction list.
 */

import {
  ATTRACTION_PARTS,
  ATTRACTION_WEIGHTS,
  type AttractionPart,
  type AttractionWeights,
  attractionScore,
  checkWeights,
  DISTANCE_SCALE_KM,
  greatCircleKm,
  rankByAttraction,
} from '../../analytics/attraction-score.ts';
import { compoundAnnualGrowth } from '../../analytics/index.ts';
import { AnalyticsInputError } from '../../analytics/input-error.ts';
import type { Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';
import { diagnoseInWorkspace } from '../chains/diagnose.ts';
import { loadChainWorkspace, OUTPUT_METRICS } from '../chains/load-workspace.ts';
import { ChainRequestError, resolveChain, resolveScope } from '../chains/resolve.ts';
import {
  enterpriseInScope,
  parkWithin,
  ROLE_LEADER,
  ROLES,
  regionWithin,
  type ScopeRef,
} from '../chains/workspace.ts';
import { type CandidateClusterRow, CLUSTER_RANKING, candidateClusters } from './candidate-clusters.ts';
import { checkScopeVisible, loadCentroids, regionVisible } from './common.ts';

export interface AttractionOptions {
  /** Candidates per node (default 10). */
  limit?: number;
  /** Also weak nodes (default true); missing nodes always. */
  includeWeak?: boolean;
  weights?: Partial<AttractionWeights>;
  visibility?: Visibility;
}

export interface AttractionCandidateRow {
  rank: number;
  name: string;
  name_en: string | null;
  credit_code: string | null;
  role: (typeof ROLES)[number];
  region: { code: string; name_zh: string; name_en: string | null };
  park: string | null;
  output: number | null;
  output_year: number | null;
  growth: number | null;
  growth_years: [number, number] | null;
  distance_km: number | null;
  leader_links: { leader: string; direction: 'supplies' | 'buys from'; value: number | null }[];
  score: number;
  parts: Record<AttractionPart, number>;
  unknown: AttractionPart[];
  reasons: string[];
}

export interface AttractionNode {
  key: string;
  name_zh: string;
  name_en: string | null;
  status: 'missing' | 'weak';
  position: string;
  input_share: number | null;
  candidates_total: number;
  candidates: AttractionCandidateRow[];
  /** Clusters elsewhere to canvass for the node (candidate-clusters.ts), ranked. */
  clusters_total: number;
  clusters: CandidateClusterRow[];
  /** Why the list is empty, when it is. */
  note: string | null;
}

export interface AttractionReport {
  chain: { code: string; name_zh: string; name_en: string | null };
  scope: { kind: 'region' | 'park'; code: string; name_zh: string; name_en: string | null };
  weights: AttractionWeights;
  formula: string;
  cluster_ranking: string;
  distance_from: { region: string; lon: number; lat: number } | null;
  leaders: string[];
  nodes: AttractionNode[];
}

export const ATTRACTION_FORMULA =
  'score = Σ w_i·s_i; size s = ln(1+output)/ln(1+largest output on the chain); growth s = clamp((CAGR+0.2)/0.4); ' +
  `distance s = 1/(1+km/${DISTANCE_SCALE_KM}); links s = 1 if linked to a chain leader of the scope; ` +
  'input share s = node weight / largest node weight; an unknown part scores 0';

function resolveWeights(partial: Partial<AttractionWeights> | undefined): AttractionWeights {
  const weights = { ...ATTRACTION_WEIGHTS, ...partial };
  try {
    checkWeights(weights);
  } catch (error) {
    if (error instanceof AnalyticsInputError) throw new ChainRequestError(error.message, 400);
    throw error;
  }
  return weights;
}

/** Output growth per enterprise: CAGR between its first and last yearly output figure (preferred metric). */
async function outputGrowth(
  db: Queryable,
  ids: number[],
): Promise<Map<number, { growth: number; from: number; to: number }>> {
  const rows = await db.query<{ id: number; metric: string; year: number; value: number }>(
    `select i.entity_id::float8 as id, m.code as metric, i.period::int as year, i.value::float8 as value
     from indicator i join metric m on m.id = i.metric_id
     where i.entity_kind = 'enterprise' and i.industry_id is null and i.scope = '' and m.code = any($1::text[])
       and i.period ~ '^[0-9]{4}$' and i.entity_id = any($2::float8[]::bigint[])`,
    [[...OUTPUT_METRICS], ids],
  );
  const series = new Map<string, { year: number; value: number }[]>();
  for (const r of rows) {
    const key = `${Number(r.id)}|${r.metric}`;
    const list = series.get(key) ?? [];
    list.push({ year: r.year, value: Number(r.value) });
    series.set(key, list);
  }
  const out = new Map<number, { growth: number; from: number; to: number }>();
  for (const id of ids) {
    for (const metric of OUTPUT_METRICS) {
      const list = series.get(`${id}|${metric}`);
      if (!list || list.length < 2) continue;
      list.sort((a, b) => a.year - b.year);
      const first = list[0]!;
      const last = list[list.length - 1]!;
      const g = compoundAnnualGrowth(first.value, last.value, last.year - first.year);
      if (g !== null) out.set(id, { growth: g, from: first.year, to: last.year });
      break;
    }
  }
  return out;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const fmt = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 3 });

export async function attractionTargets(
  db: Queryable,
  chainText: string,
  scopeCode: string,
  options: AttractionOptions = {},
): Promise<AttractionReport> {
  const weights = resolveWeights(options.weights);
  const limit = options.limit ?? 10;
  const chainRef = await resolveChain(db, chainText);
  const scope = await resolveScope(db, scopeCode);
  checkScopeVisible(scope, options.visibility);
  // Candidates live anywhere: the chain is loaded for every region, then the scope is diagnosed in it.
  const ws = await loadChainWorkspace(db, { chainIds: [chainRef.id] });
  const chain = ws.chains[0];
  const index = scope.kind === 'park' ? ws.parkIndex.get(scope.id) : ws.regionIndex.get(scope.id);
  if (index === undefined || !chain)
    throw new ChainRequestError(`scope ${scopeCode} or chain ${chainText} vanished while loading`);
  const ref: ScopeRef = { kind: scope.kind, index };
  const diagnosis = diagnoseInWorkspace(ws, chain, ref);
  const centroids = await loadCentroids(db, ws.regions);
  const home = scope.kind === 'park' ? ws.parks.region[index]! : index;
  const homeKnown = home >= 0 && centroids.from[home]! >= 0;

  const { enterprises: ent, purchases } = ws;
  const pl = chain.placements;
  const inScope = new Uint8Array(ent.id.length);
  for (let e = 0; e < ent.id.length; e++) inScope[e] = enterpriseInScope(ws, e, ref) ? 1 : 0;
  const leaders = new Set<number>();
  for (let k = 0; k < pl.enterprise.length; k++)
    if (pl.role[k] === ROLE_LEADER && inScope[pl.enterprise[k]!]) leaders.add(pl.enterprise[k]!);
  // Links with the scope's leaders, both directions: leader buys from e, or e buys from the leader.
  const linksOf = new Map<number, AttractionCandidateRow['leader_links']>();
  const addLink = (e: number, link: AttractionCandidateRow['leader_links'][number]) => {
    const list = linksOf.get(e) ?? [];
    list.push(link);
    linksOf.set(e, list);
  };
  for (let b = 0; b < ent.id.length; b++) {
    for (let k = purchases.offsets[b]!; k < purchases.offsets[b + 1]!; k++) {
      const s = purchases.supplier[k]!;
      const value = Number.isFinite(purchases.value[k]!) ? purchases.value[k]! : null;
      if (leaders.has(b) && !leaders.has(s))
        addLink(s, { leader: ent.name_zh[b]!, direction: 'supplies', value });
      if (leaders.has(s) && !leaders.has(b))
        addLink(b, { leader: ent.name_zh[s]!, direction: 'buys from', value });
    }
  }
  const maxWeight = Math.max(...chain.weights.weights);
  const statedShares = chain.weights.basis === 'input-shares';
  let largestOutput = 0;
  for (let k = 0; k < pl.enterprise.length; k++) {
    const e = pl.enterprise[k]!;
    if (!inScope[e] && ent.output[e]! > largestOutput) largestOutput = ent.output[e]!;
  }
  const targetNodes = diagnosis.nodes.filter(
    (n) => n.status === 'missing' || (options.includeWeak !== false && n.status === 'weak'),
  );
  const nodeIndex = new Map(chain.nodes.map((n, i) => [n.code, i]));
  const candidateIds = new Set<number>();
  for (let k = 0; k < pl.enterprise.length; k++)
    if (!inScope[pl.enterprise[k]!]) candidateIds.add(ent.id[pl.enterprise[k]!]!);
  const growth = await outputGrowth(db, [...candidateIds]);

  const nodes: AttractionNode[] = targetNodes.map((node) => {
    const i = nodeIndex.get(node.key)!;
    const inputShare = statedShares && maxWeight > 0 ? chain.weights.weights[i]! / maxWeight : Number.NaN;
    const placements: number[] = [];
    for (let k = 0; k < pl.enterprise.length; k++)
      if (pl.node[k] === i && !inScope[pl.enterprise[k]!]) placements.push(k);
    const scored = placements.map((k) => {
      const e = pl.enterprise[k]!;
      const region =
        ent.region[e]! >= 0 ? ent.region[e]! : ent.park[e]! >= 0 ? ws.parks.region[ent.park[e]!]! : -1;
      const there = region >= 0 && centroids.from[region]! >= 0;
      const km =
        homeKnown && there
          ? greatCircleKm(
              centroids.lon[home]!,
              centroids.lat[home]!,
              centroids.lon[region]!,
              centroids.lat[region]!,
            )
          : Number.NaN;
      const g = growth.get(ent.id[e]!);
      const links = linksOf.get(e) ?? [];
      const s = attractionScore(
        {
          output: ent.output[e]!,
          growth: g?.growth ?? Number.NaN,
          distanceKm: km,
          leaderLinks: links.length,
          inputShare,
        },
        largestOutput,
        weights,
      );
      return { k, e, region, km, g, links, s };
    });
    const order = rankByAttraction(scored.map((c) => c.s));
    const candidates = order.slice(0, limit).map((at, r): AttractionCandidateRow => {
      const c = scored[at]!;
      const e = c.e;
      const visible = c.region < 0 || regionVisible(options.visibility, ws.regions.id[c.region]!);
      const output = Number.isFinite(ent.output[e]!) ? ent.output[e]! : null;
      const reasons: string[] = [];
      const part = (p: AttractionPart, text: string) =>
        reasons.push(`${text} → ${p} ${c.s.parts[p].toFixed(3)} × weight ${weights[p]}`);
      if (output !== null)
        part(
          'size',
          visible
            ? `output ${fmt(output)} in ${ws.outputYear}`
            : 'output on record (figure withheld: outside your roles)',
        );
      else part('size', 'no output figure on record');
      if (c.g) part('growth', `output grew ${pct(c.g.growth)} a year ${c.g.from}–${c.g.to}`);
      else part('growth', 'no output series to measure growth');
      if (Number.isFinite(c.km))
        part('distance', `${fmt(Math.round(c.km))} km from ${scope.code} (region centroids)`);
      else part('distance', 'no centroid for one of the two regions');
      if (c.links.length > 0)
        part(
          'links',
          c.links
            .map((l) => `${l.direction} ${l.leader}${l.value === null ? '' : ` (${fmt(l.value)})`}`)
            .join('; '),
        );
      else
        part(
          'links',
          leaders.size > 0
            ? 'no supply link with the scope’s chain leaders'
            : 'the scope has no chain leader yet',
        );
      if (Number.isFinite(inputShare))
        part('input_share', `node weight ${fmt(chain.weights.weights[i]!)} of at most ${fmt(maxWeight)}`);
      else part('input_share', 'the template states no input shares');
      return {
        rank: r + 1,
        name: ent.name_zh[e]!,
        name_en: ent.name_en[e]!,
        credit_code: ent.credit_code[e]!,
        role: ROLES[pl.role[c.k]!]!,
        region:
          c.region >= 0
            ? {
                code: ws.regions.code[c.region]!,
                name_zh: ws.regions.name_zh[c.region]!,
                name_en: ws.regions.name_en[c.region]!,
              }
            : { code: '', name_zh: '', name_en: null },
        park: ent.park[e]! >= 0 ? ws.parks.code[ent.park[e]!]! : null,
        output: visible ? output : null,
        output_year: output === null ? null : ws.outputYear,
        growth: c.g?.growth ?? null,
        growth_years: c.g ? [c.g.from, c.g.to] : null,
        distance_km: Number.isFinite(c.km) ? c.km : null,
        leader_links: c.links,
        score: c.s.score,
        parts: { ...c.s.parts },
        unknown: [...c.s.unknown],
        reasons,
      };
    });
    return {
      key: node.key,
      name_zh: node.name_zh,
      name_en: node.name_en,
      status: node.status as 'missing' | 'weak',
      position: node.position,
      input_share: Number.isFinite(inputShare) ? inputShare : null,
      candidates_total: placements.length,
      candidates,
      clusters_total: 0,
      clusters: [],
      note: placements.length === 0 ? 'no enterprise outside the scope is recorded on this node' : null,
    };
  });
  await addClusters(db, nodes, {
    chainId: chainRef.id,
    chainCode: chain.code,
    excluded: ({ parkId, regionId }) => {
      const d = regionId === null ? undefined : ws.regionIndex.get(regionId);
      if (scope.kind === 'park') {
        const q = parkId === null ? undefined : ws.parkIndex.get(parkId);
        if (q !== undefined) return parkWithin(ws.parks, q, index);
        // A region-wide cluster around the park is not "elsewhere".
        const parkRegion = ws.parks.region[index]!;
        return d !== undefined && parkRegion >= 0 && regionWithin(ws.regions, parkRegion, d);
      }
      return d !== undefined && (regionWithin(ws.regions, d, index) || regionWithin(ws.regions, index, d));
    },
    distanceKm: (regionId) => {
      const d = regionId === null ? undefined : ws.regionIndex.get(regionId);
      if (!homeKnown || d === undefined || centroids.from[d]! < 0) return null;
      return greatCircleKm(centroids.lon[home]!, centroids.lat[home]!, centroids.lon[d]!, centroids.lat[d]!);
    },
    limit,
  });
  // Nodes with candidate enterprises first, then those with clusters to canvass, then the template's order.
  const rankOf = (n: AttractionNode) => (n.candidates.length > 0 ? 0 : n.clusters.length > 0 ? 1 : 2);
  nodes.sort((a, b) => rankOf(a) - rankOf(b));
  return {
    chain: { code: chain.code, name_zh: chain.name_zh, name_en: chain.name_en },
    scope: { kind: scope.kind, code: scope.code, name_zh: scope.name_zh, name_en: scope.name_en },
    weights,
    formula: ATTRACTION_FORMULA,
    cluster_ranking: CLUSTER_RANKING,
    distance_from: homeKnown
      ? {
          region: ws.regions.code[centroids.from[home]!]!,
          lon: centroids.lon[home]!,
          lat: centroids.lat[home]!,
        }
      : null,
    leaders: [...leaders].map((e) => ent.name_zh[e]!),
    nodes,
  };
}

/** Fills each node's clusters to canvass, and says so in the note of a node without enterprises. */
async function addClusters(
  db: Queryable,
  nodes: AttractionNode[],
  search: {
    chainId: number;
    chainCode: string;
    excluded: (place: { parkId: number | null; regionId: number | null }) => boolean;
    distanceKm: (regionId: number | null) => number | null;
    limit: number;
  },
): Promise<void> {
  if (nodes.length === 0) return;
  const codes = await db.query<{ code: string; hs_codes: string[]; industry_codes: string[] }>(
    'select code, hs_codes, industry_codes from chain_node where chain_id = $1',
    [search.chainId],
  );
  const byKey = new Map(codes.map((c) => [c.code, c]));
  const found = await candidateClusters(db, {
    chain: search.chainCode,
    nodes: nodes.map((n) => ({
      key: n.key,
      hs_codes: byKey.get(n.key)?.hs_codes ?? [],
      industry_codes: byKey.get(n.key)?.industry_codes ?? [],
    })),
    excluded: search.excluded,
    distanceKm: search.distanceKm,
    limit: search.limit,
  });
  for (const node of nodes) {
    const clusters = found.get(node.key);
    if (!clusters) continue;
    node.clusters_total = clusters.total;
    node.clusters = clusters.rows;
    if (node.candidates_total === 0 && clusters.total > 0)
      node.note = `no enterprise outside the scope is recorded on this node; ${clusters.total} cluster(s) elsewhere to canvass`;
  }
}

export const ATTRACTION_LIST_COLUMNS = [
  'node',
  'node_status',
  'rank',
  'enterprise',
  'enterprise_en',
  'credit_code',
  'region',
  'park',
  'score',
  ...ATTRACTION_PARTS.map((p) => `s_${p}`),
  'output',
  'growth',
  'distance_km',
  'reasons',
  'kind',
  'cluster_match',
] as const;

/**
 * The rows of the investment-attraction list (招商清单): one per node × candidate enterprise, then one per
 * node × cluster to canvass (kind "cluster": its name in the enterprise columns, no score, the match).
 */
export function attractionListRows(report: AttractionReport): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  for (const node of report.nodes) {
    for (const c of node.candidates) {
      rows.push([
        node.key,
        node.status,
        c.rank,
        c.name,
        c.name_en,
        c.credit_code,
        c.region.code,
        c.park,
        c.score,
        ...ATTRACTION_PARTS.map((p) => c.parts[p]),
        c.output,
        c.growth,
        c.distance_km === null ? null : Math.round(c.distance_km),
        c.reasons.join(' | '),
        'enterprise',
        null,
      ]);
    }
    for (const c of node.clusters) {
      rows.push([
        node.key,
        node.status,
        c.rank,
        c.name_zh,
        c.name_en,
        null,
        c.region?.code ?? null,
        c.park,
        null,
        ...ATTRACTION_PARTS.map(() => null),
        null,
        null,
        c.distance_km === null ? null : Math.round(c.distance_km),
        c.reason,
        'cluster',
        c.match,
      ]);
    }
  }
  return rows;
}
