/**
 * What chain diagnostics read, held in memory: chain templates, the region tree, parks, enterprises with
 * their output, placements on chain nodes, purchases, and the figures of regions and parks. Loaded from
 * the store in a few queries (load-workspace.ts), either for one scope or for everything, then indexed so
 * that any region or park can be diagnosed on any chain without another query: a region's subtree and a
 * park's sub-parks are intervals of a depth-first numbering, and each chain's placements are sorted by it.
 */
import type { ChainStructure, NodeWeights } from '../../analytics/chain-diagnosis.ts';

export interface ChainNodeInfo {
  id: number;
  code: string;
  name_zh: string;
  name_en: string | null;
  position: string;
  stage: string | null;
  industry_codes: string[];
  hs_codes: string[];
  key_products: string[];
}

export const ROLE_MEMBER = 0;
export const ROLE_SUPPORTING = 1;
export const ROLE_LEADER = 2;
export const ROLES = ['member', 'supporting', 'leader'] as const;

export interface ChainData {
  id: number;
  code: string;
  version: number;
  name_zh: string;
  name_en: string | null;
  nodes: ChainNodeInfo[];
  edges: { from: number; to: number; share: number | null }[];
  structure: ChainStructure;
  weights: NodeWeights;
  /** Node codes, normalized for matching figures' qualifiers (see statedShareNode). */
  nodeMatchKeys: string[][];
  placements: Placements;
}

/** Enterprises on a chain's nodes; one entry per (enterprise, node). */
export interface Placements {
  enterprise: Int32Array;
  node: Int32Array;
  role: Uint8Array;
  /** Placement indices ordered by their enterprise's region (depth-first number), and those numbers. */
  byRegion: Int32Array;
  regionKey: Int32Array;
  /** Placement indices ordered by their enterprise's park (depth-first number), and those numbers. */
  byPark: Int32Array;
  parkKey: Int32Array;
  /** Placements of enterprises whose park lies outside their own region's subtree (checked one by one). */
  displaced: Int32Array;
  /** Per enterprise: on how many of this chain's nodes it sits (its output is split evenly among them). */
  nodesOfEnterprise: Uint8Array;
}

export interface RegionTable {
  id: Int32Array;
  code: string[];
  level: string[];
  name_zh: string[];
  name_en: (string | null)[];
  parent: Int32Array;
  /** Depth-first numbering: r's subtree is the regions d with tin[r] ≤ tin[d] < tout[r]. */
  tin: Int32Array;
  tout: Int32Array;
}

export interface ParkTable {
  id: Int32Array;
  code: string[];
  name_zh: string[];
  name_en: (string | null)[];
  region: Int32Array;
  parent: Int32Array;
  tin: Int32Array;
  tout: Int32Array;
  /** Land the park uses, in mu: planned − available area, or the planned area; NaN unknown. */
  landMu: Float64Array;
  landBasis: ('developed' | 'planned' | null)[];
  industry_codes: string[][];
  leading_industries: string[][];
}

export interface EnterpriseTable {
  id: number[];
  name_zh: string[];
  name_en: (string | null)[];
  credit_code: (string | null)[];
  region: Int32Array;
  park: Int32Array;
  /** Output in the diagnosis year (output_value, else industrial_output_value, else revenue); NaN unknown. */
  output: Float64Array;
}

/** Purchases by buyer, compressed: buyer b's links are offsets[b] … offsets[b+1]−1. */
export interface Purchases {
  offsets: Int32Array;
  supplier: Int32Array;
  value: Float64Array;
  year: number | null;
}

/** A figure with its provenance, as diagnostics quote it. */
export interface StatedFigure {
  metric: string;
  value: number;
  unit: string;
  period: string;
  scope: string;
  industry_code: string | null;
  source: string | null;
  quote: string | null;
  note: string | null;
}

/** One metric of a region or park broken down by industry, in one period. */
export interface IndustryBreakdown {
  metric: string;
  period: string;
  values: Map<string, number>;
  /** The entity's own total of the metric in that period, or the sum of its broadest industry figures. */
  total: number;
  /** Values of codes that have no figure of their own, summed from their sub-codes once asked for. */
  rolledUp?: Map<string, number>;
  /**
   * Location quotients of this entity's codes, once computed (against the one reference region
   * diagnostics compare the entity with: the nearest region above with the same metric and year).
   */
  quotients?: Map<string, number>;
}

export interface EntityFigures {
  /** Output, tax and revenue of the whole entity (no industry), latest year. */
  output?: StatedFigure;
  tax?: StatedFigure;
  revenue?: StatedFigure;
  /** Figures by industry, per metric (latest year of each). */
  industries: Map<string, IndustryBreakdown>;
  /** output_share, industrial_concentration, parks_output_share, leading_industry_concentration … */
  stated: StatedFigure[];
}

export interface ChainWorkspace {
  chains: ChainData[];
  regions: RegionTable;
  regionIndex: Map<number, number>;
  parks: ParkTable;
  parkIndex: Map<number, number>;
  enterprises: EnterpriseTable;
  purchases: Purchases;
  regionFigures: Map<number, EntityFigures>;
  parkFigures: Map<number, EntityFigures>;
  /** The year of enterprise output figures used; null when there are none. */
  outputYear: number | null;
  /**
   * Recorded output of the enterprises of a scope (Σ of their output figures) and how many have one.
   * Computed by prefix sums over everything loaded, or given by the loader for a single scope.
   */
  recordedOutput(scope: ScopeRef): { sum: number; enterprises: number };
}

export type ScopeRef = { kind: 'region'; index: number } | { kind: 'park'; index: number };

/** Depth-first numbering of a forest given by parent indices (−1 = root); iterative, so deep trees are fine. */
export function eulerIntervals(parent: Int32Array): { tin: Int32Array; tout: Int32Array } {
  const n = parent.length;
  const childCount = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) childCount[parent[i]! + 1]!++;
  // Children lists in CSR form; slot 0 holds the roots.
  const start = new Int32Array(n + 2);
  for (let i = 0; i <= n; i++) start[i + 1] = start[i]! + childCount[i]!;
  const fill = start.slice(0, n + 1);
  const children = new Int32Array(n);
  for (let i = 0; i < n; i++) children[fill[parent[i]! + 1]!++] = i;
  const tin = new Int32Array(n).fill(-1);
  const tout = new Int32Array(n);
  let clock = 0;
  const stack: number[] = [];
  const cursor = new Int32Array(n + 1);
  const visit = (root: number) => {
    stack.push(root);
    tin[root] = clock++;
    while (stack.length > 0) {
      const v = stack[stack.length - 1]!;
      const slot = v + 1;
      const k = start[slot]! + cursor[slot]!;
      if (k < start[slot + 1]!) {
        cursor[slot]!++;
        const c = children[k]!;
        if (tin[c] === -1) {
          tin[c] = clock++;
          stack.push(c);
        }
      } else {
        tout[v] = clock;
        stack.pop();
      }
    }
  };
  for (let k = start[0]!; k < start[1]!; k++) visit(children[k]!);
  // Nodes on a parent cycle are unreachable from a root; number them as roots of their own.
  for (let i = 0; i < n; i++) if (tin[i] === -1) visit(i);
  return { tin, tout };
}

/** True when region d is r or below it. */
export const regionWithin = (regions: RegionTable, d: number, r: number) =>
  d >= 0 && regions.tin[d]! >= regions.tin[r]! && regions.tin[d]! < regions.tout[r]!;

/** True when park q is p or one of its sub-parks (parent_park_id). */
export const parkWithin = (parks: ParkTable, q: number, p: number) =>
  q >= 0 && parks.tin[q]! >= parks.tin[p]! && parks.tin[q]! < parks.tout[p]!;

/** Whether enterprise e belongs to a scope: a region's subtree (its own region or its park's), or a park tree. */
export function enterpriseInScope(ws: ChainWorkspace, e: number, scope: ScopeRef): boolean {
  const park = ws.enterprises.park[e]!;
  if (scope.kind === 'park') return parkWithin(ws.parks, park, scope.index);
  if (regionWithin(ws.regions, ws.enterprises.region[e]!, scope.index)) return true;
  return park >= 0 && regionWithin(ws.regions, ws.parks.region[park]!, scope.index);
}

/** Sorts placement indices by a key per placement; returns the order and the sorted keys. */
export function sortedBy(keys: Int32Array): { order: Int32Array; sortedKeys: Int32Array } {
  const order = Int32Array.from(keys.keys());
  order.sort((a, b) => keys[a]! - keys[b]! || a - b);
  const sortedKeys = new Int32Array(order.length);
  for (let k = 0; k < order.length; k++) sortedKeys[k] = keys[order[k]!]!;
  return { order, sortedKeys };
}

/** First index k with sorted[k] ≥ value. */
export function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Lower-case words joined by '_': how node codes, products and figures' qualifiers are compared. */
export function matchKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[^a-z0-9\u4e00-\u9fff]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * The node a stated share belongs to: the figure's industry code is one of the node's codes, or its
 * qualifier (`scope`, e.g. `longi_wuxing_monocrystalline_silicon`) contains the node's code or one of its
 * key products as whole words. When several nodes match, the one with the longest match wins (so
 * "monocrystalline_silicon_wafers" is read as wafers, not as the ingots); a tie is no match.
 */
export function statedShareNode(chain: ChainData, figure: StatedFigure): number {
  if (figure.industry_code) {
    const hits = chain.nodes.flatMap((n, i) => (n.industry_codes.includes(figure.industry_code!) ? [i] : []));
    if (hits.length === 1) return hits[0]!;
  }
  const qualifier = `_${matchKey(figure.scope)}_`;
  if (qualifier === '__') return -1;
  let best = -1;
  let bestLength = 0;
  let tie = false;
  chain.nodeMatchKeys.forEach((keys, i) => {
    for (const key of keys) {
      if (key.length === 0 || !qualifier.includes(`_${key}_`)) continue;
      if (key.length > bestLength) {
        best = i;
        bestLength = key.length;
        tie = false;
      } else if (key.length === bestLength && best !== i) tie = true;
    }
  });
  return tie ? -1 : best;
}
