/**
 * Clusters to canvass for a chain's missing or weak node: industrial clusters elsewhere that work the same
 * chain, or a chain with a node that makes the same product (HS code) or belongs to the same industry
 * class (GB/T 4754). They answer the case the enterprise list cannot: a node no enterprise outside the
 * scope is recorded on (Huaping's PV modules and storage batteries), where the seeds still name the places
 * that make such things ("Yibin becoming a power battery capital"). A delegation goes to a cluster before it
 * knows which firm to meet, so the chain chief's route map lists both.
 *
 * Ranking is lexicographic and stated: the match (same product > same chain > same industry class), then the
 * cluster's tier (world-class first), then distance from the scope. Each row carries the match and the
 * source sentence of the cluster, so the reader sees why it is there.
 */

import type { Queryable } from '../../store/db.ts';

export const CLUSTER_MATCHES = ['product', 'chain', 'industry'] as const;
export type ClusterMatch = (typeof CLUSTER_MATCHES)[number];

const TIER_ORDER = ['world_class', 'national', 'provincial', 'emerging', 'traditional', 'other'];

export const CLUSTER_RANKING =
  'clusters rank by match (same product HS code > works the same chain > same GB/T 4754 industry class), ' +
  'then tier (world-class, national, provincial, emerging, traditional, other), then distance from the scope';

export interface CandidateClusterRow {
  rank: number;
  code: string;
  name_zh: string;
  name_en: string | null;
  tier: string | null;
  region: { code: string; name_zh: string; name_en: string | null } | null;
  park: string | null;
  match: ClusterMatch;
  /** The chain (and node, for product and industry matches) through which the cluster matches. */
  via: { chain: string; node: string | null; codes: string[] };
  distance_km: number | null;
  source: string | null;
  quote: string | null;
  reason: string;
}

/** A node of the asked chain, with the codes that say what it makes. */
export interface NodeCodes {
  key: string;
  hs_codes: string[];
  industry_codes: string[];
}

/** One (cluster, chain node) pair as the store holds it. */
export interface ClusterNodeFact {
  chain: string;
  node: string;
  hs_codes: string[];
  industry_codes: string[];
}

/**
 * The best match of one cluster for one node, from the (cluster, node) pairs of the chains it works:
 * pure, so the rule is tested on its own.
 */
export function bestMatch(
  target: NodeCodes,
  targetChain: string,
  facts: readonly ClusterNodeFact[],
): { match: ClusterMatch; via: CandidateClusterRow['via'] } | null {
  let best: { match: ClusterMatch; via: CandidateClusterRow['via'] } | null = null;
  const better = (m: ClusterMatch) =>
    !best || CLUSTER_MATCHES.indexOf(m) < CLUSTER_MATCHES.indexOf(best.match);
  for (const f of facts) {
    const hs = f.hs_codes.filter((c) => target.hs_codes.includes(c));
    const industry = f.industry_codes.filter((c) => target.industry_codes.includes(c) && isManufacturing(c));
    if (f.chain === targetChain && f.node === target.key) {
      // A product match through another chain is more specific than "works this chain".
      if (better('chain')) best = { match: 'chain', via: { chain: f.chain, node: null, codes: [] } };
    } else if (f.chain !== targetChain && hs.length > 0) {
      if (better('product')) best = { match: 'product', via: { chain: f.chain, node: f.node, codes: hs } };
    } else if (f.chain !== targetChain && industry.length > 0) {
      if (better('industry'))
        best = { match: 'industry', via: { chain: f.chain, node: f.node, codes: industry } };
    }
  }
  return best;
}

/**
 * GB/T 4754 manufacturing divisions are 13–43. A shared service class (testing, power supply, R&D) says
 * little about what a cluster makes — every chain has an O&M or testing node — so only manufacturing
 * classes count as an industry match.
 */
export function isManufacturing(industryCode: string): boolean {
  const division = Number(industryCode.slice(0, 2));
  return division >= 13 && division <= 43;
}

interface ClusterRow {
  cluster_id: number;
  code: string;
  name_zh: string;
  name_en: string | null;
  tier: string | null;
  source: string | null;
  quote: string | null;
  park_code: string | null;
  park_id: number | null;
  region_id: number | null;
  region_code: string | null;
  region_name_zh: string | null;
  region_name_en: string | null;
  chain: string;
  node: string;
  hs_codes: string[];
  industry_codes: string[];
}

export interface ClusterSearch {
  chain: string;
  nodes: NodeCodes[];
  /** Whether a cluster's place is inside the scope, or a region that contains it (not "elsewhere"). */
  excluded: (place: { parkId: number | null; regionId: number | null }) => boolean;
  /** Kilometres from the scope to a region (its centroid or its nearest ancestor's); null when unknown. */
  distanceKm: (regionId: number | null) => number | null;
  limit: number;
}

/** Candidate clusters per node key, ranked. */
export async function candidateClusters(
  db: Queryable,
  search: ClusterSearch,
): Promise<Map<string, { total: number; rows: CandidateClusterRow[] }>> {
  const rows = await db.query<ClusterRow>(
    `select c.id as cluster_id, c.code, c.name_zh, c.name_en, c.tier, c.source, c.quote,
            p.code as park_code, p.id as park_id, r.id as region_id, r.code as region_code,
            r.name_zh as region_name_zh, r.name_en as region_name_en,
            ch.code as chain, n.code as node, n.hs_codes, n.industry_codes
     from cluster c
     join cluster_chain cc on cc.cluster_id = c.id
     join chain ch on ch.id = cc.chain_id
     join chain_node n on n.chain_id = ch.id
     left join park p on p.id = c.park_id
     left join region r on r.id = coalesce(c.region_id, p.region_id)
     order by c.code, ch.code, n.seq`,
  );
  const byCluster = new Map<number, ClusterRow[]>();
  for (const r of rows) {
    if (search.excluded({ parkId: r.park_id, regionId: r.region_id })) continue;
    const list = byCluster.get(r.cluster_id) ?? [];
    list.push(r);
    byCluster.set(r.cluster_id, list);
  }
  const out = new Map<string, { total: number; rows: CandidateClusterRow[] }>();
  for (const node of search.nodes) {
    const found: CandidateClusterRow[] = [];
    for (const facts of byCluster.values()) {
      const m = bestMatch(node, search.chain, facts);
      if (!m) continue;
      const c = facts[0]!;
      const km = search.distanceKm(c.region_id);
      found.push({
        rank: 0,
        code: c.code,
        name_zh: c.name_zh,
        name_en: c.name_en,
        tier: c.tier,
        region: c.region_code
          ? { code: c.region_code, name_zh: c.region_name_zh ?? '', name_en: c.region_name_en }
          : null,
        park: c.park_code,
        match: m.match,
        via: m.via,
        distance_km: km,
        source: c.source,
        quote: c.quote,
        reason: reasonOf(m, node.key, km, c),
      });
    }
    found.sort(
      (a, b) =>
        CLUSTER_MATCHES.indexOf(a.match) - CLUSTER_MATCHES.indexOf(b.match) ||
        tierRank(a.tier) - tierRank(b.tier) ||
        (a.distance_km ?? Number.POSITIVE_INFINITY) - (b.distance_km ?? Number.POSITIVE_INFINITY) ||
        a.code.localeCompare(b.code),
    );
    out.set(node.key, {
      total: found.length,
      rows: found.slice(0, search.limit).map((row, i) => ({ ...row, rank: i + 1 })),
    });
  }
  return out;
}

const tierRank = (tier: string | null) => {
  const i = TIER_ORDER.indexOf(tier ?? 'other');
  return i < 0 ? TIER_ORDER.length : i;
};

function reasonOf(
  m: { match: ClusterMatch; via: CandidateClusterRow['via'] },
  node: string,
  km: number | null,
  c: ClusterRow,
): string {
  const what =
    m.match === 'chain'
      ? `works the ${m.via.chain} chain, which ${node} belongs to (no node-level record)`
      : m.match === 'product'
        ? `works the ${m.via.chain} chain, whose node ${m.via.node} makes the same product (HS ${m.via.codes.join(', ')})`
        : `works the ${m.via.chain} chain, whose node ${m.via.node} is in the same industry class (GB/T 4754 ${m.via.codes.join(', ')})`;
  const where = km === null ? 'distance unknown' : `${Math.round(km).toLocaleString('en-US')} km away`;
  const tier = c.tier ? `tier ${c.tier}` : 'tier not recorded';
  const said = c.quote ? `; ${c.source ?? 'source'}: "${c.quote}"` : '';
  return `${what}; ${tier}; ${where}${said}`;
}
