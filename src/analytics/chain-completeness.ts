/**
 * How much of a chain a scope has: completeness (the share of nodes present, weighted by input shares
 * where the template states them), the missing and weak nodes, and coverage by position (upstream,
 * midstream, downstream) and along the smile curve (Shih 1992; Hunan's parks "extend to both ends of the
 * smile curve", seed 002).
 */

import { MISSING, WEAK } from './chain-presence.ts';
import { CHAIN_POSITIONS, type ChainStructure, SMILE_STAGES } from './chain-structure.ts';
import { AnalyticsInputError } from './input-error.ts';

export interface NodeWeights {
  /** Weight per node; all 1 when the template states no input share. */
  readonly weights: Float64Array;
  /** `node-count` (no share stated anywhere) or `input-shares`. */
  readonly basis: 'node-count' | 'input-shares';
  /** Edges of the template with a stated share. */
  readonly statedEdges: number;
}

/**
 * Weight of each node by what it supplies. With no share stated, every node weighs 1 and weighted
 * completeness is the plain share of nodes. Once a template states shares, a node weighs the sum of the
 * input shares it supplies, w_f = Σ_t a_ft, where a_ft is the stated share of t's purchased inputs that
 * come from f, and an edge without a stated share gets an equal part of what t's stated shares leave,
 * (1 − Σ stated a_·t) / (unstated edges into t). A node that supplies no other node (a final product or
 * service) weighs 1: all of its value is the chain's. So a node supplying all the inputs of one other node
 * weighs as much as a final product, and one supplying 10 % of them weighs 0.1.
 */
export function nodeInputWeights(structure: ChainStructure): NodeWeights {
  const n = structure.nodeCount;
  const { edgeFrom, edgeTo, edgeShare } = structure;
  let statedEdges = 0;
  for (let e = 0; e < edgeShare.length; e++) if (!Number.isNaN(edgeShare[e]!)) statedEdges++;
  const weights = new Float64Array(n).fill(1);
  if (statedEdges === 0) return { weights, basis: 'node-count', statedEdges };
  const statedInto = new Float64Array(n);
  const unstatedInto = new Int32Array(n);
  const outDegree = new Int32Array(n);
  for (let e = 0; e < edgeTo.length; e++) {
    const s = edgeShare[e]!;
    if (Number.isNaN(s)) unstatedInto[edgeTo[e]!]!++;
    else statedInto[edgeTo[e]!]! += s;
    outDegree[edgeFrom[e]!]!++;
  }
  for (let i = 0; i < n; i++) if (outDegree[i]! > 0) weights[i] = 0;
  for (let e = 0; e < edgeTo.length; e++) {
    const to = edgeTo[e]!;
    const s = edgeShare[e]!;
    weights[edgeFrom[e]!]! += Number.isNaN(s) ? Math.max(0, 1 - statedInto[to]!) / unstatedInto[to]! : s;
  }
  return { weights, basis: 'input-shares', statedEdges };
}

export interface Coverage {
  /** Nodes in the group. */
  readonly nodes: number;
  /** Of those, nodes whose status is not missing. */
  readonly present: number;
  /** present / nodes; null for a group without nodes. */
  readonly coverage: number | null;
}

export interface ChainCompleteness {
  readonly nodesTotal: number;
  readonly nodesPresent: number;
  /** nodesPresent / nodesTotal. */
  readonly completeness: number;
  /** Σ w_i [present_i] / Σ w_i with the weights of `nodeInputWeights`; equals `completeness` on node-count basis. */
  readonly weightedCompleteness: number;
  readonly weights: NodeWeights;
  /** Node indices whose status is missing, in node order. */
  readonly missing: Int32Array;
  /** Node indices whose status is weak, in node order. */
  readonly weak: Int32Array;
  /** One entry per CHAIN_POSITIONS. */
  readonly byPosition: readonly Coverage[];
  /** One entry per SMILE_STAGES. */
  readonly byStage: readonly Coverage[];
  /**
   * The smile curve in three parts: its left end (rnd, design), its bottom (materials, components,
   * assembly) and its right end (distribution, services).
   */
  readonly smileCurve: { readonly left: Coverage; readonly middle: Coverage; readonly right: Coverage };
}

const LEFT_END = new Set([SMILE_STAGES.indexOf('rnd'), SMILE_STAGES.indexOf('design')]);
const RIGHT_END = new Set([SMILE_STAGES.indexOf('distribution'), SMILE_STAGES.indexOf('services')]);

/** Completeness and coverage of a chain from its nodes' statuses (index into NODE_STATUSES). */
export function chainCompleteness(
  structure: ChainStructure,
  status: Uint8Array,
  weights: NodeWeights = nodeInputWeights(structure),
): ChainCompleteness {
  const n = structure.nodeCount;
  if (status.length !== n) {
    throw new AnalyticsInputError(
      'shape-mismatch',
      `one status per node: ${n} nodes, ${status.length} statuses`,
    );
  }
  if (n === 0) throw new AnalyticsInputError('empty-input', 'a chain without nodes has no completeness');
  const positionCounts = new Int32Array(CHAIN_POSITIONS.length * 2);
  const stageCounts = new Int32Array(SMILE_STAGES.length * 2);
  const ends = new Int32Array(6);
  let present = 0;
  let missingCount = 0;
  let weakCount = 0;
  let weighted = 0;
  let weightTotal = 0;
  for (let i = 0; i < n; i++) {
    const isPresent = status[i] !== MISSING ? 1 : 0;
    present += isPresent;
    if (status[i] === MISSING) missingCount++;
    else if (status[i] === WEAK) weakCount++;
    const w = weights.weights[i]!;
    weightTotal += w;
    weighted += w * isPresent;
    const p = structure.position[i]!;
    positionCounts[2 * p]!++;
    positionCounts[2 * p + 1]! += isPresent;
    const s = structure.stage[i]!;
    if (s >= 0) {
      stageCounts[2 * s]!++;
      stageCounts[2 * s + 1]! += isPresent;
      const part = LEFT_END.has(s) ? 0 : RIGHT_END.has(s) ? 2 : 1;
      ends[2 * part]!++;
      ends[2 * part + 1]! += isPresent;
    }
  }
  const missing = new Int32Array(missingCount);
  const weak = new Int32Array(weakCount);
  for (let i = 0, m = 0, w = 0; i < n; i++) {
    if (status[i] === MISSING) missing[m++] = i;
    else if (status[i] === WEAK) weak[w++] = i;
  }
  const coverage = (counts: Int32Array, k: number): Coverage => ({
    nodes: counts[2 * k]!,
    present: counts[2 * k + 1]!,
    coverage: counts[2 * k]! > 0 ? counts[2 * k + 1]! / counts[2 * k]! : null,
  });
  return {
    nodesTotal: n,
    nodesPresent: present,
    completeness: present / n,
    weightedCompleteness: weightTotal > 0 ? weighted / weightTotal : present / n,
    weights,
    missing,
    weak,
    byPosition: CHAIN_POSITIONS.map((_, k) => coverage(positionCounts, k)),
    byStage: SMILE_STAGES.map((_, k) => coverage(stageCounts, k)),
    smileCurve: { left: coverage(ends, 0), middle: coverage(ends, 1), right: coverage(ends, 2) },
  };
}

/** Where a missing node lies relative to the nodes a scope has (see `gapSides`). */
export const GAP_SIDES = ['none', 'upstream', 'downstream', 'unrelated'] as const;
export const GAP_NONE = 0;
export const GAP_UPSTREAM = 1;
export const GAP_DOWNSTREAM = 2;
export const GAP_UNRELATED = 3;

/**
 * The side of the scope's own segment on which each missing node lies — seed 003's "the upstream and
 * downstream ends are outside": with P the nodes present (status not missing),
 * - upstream: a missing node from which a node of P can be reached along the edges (it supplies, directly
 *   or not, what the scope makes);
 * - downstream: a missing node reachable from P (it makes something out of what the scope makes), or one
 *   that supplies such a node without being upstream of P (the other inputs the scope would need to go
 *   further down: PV modules need module materials as well as cells);
 * - unrelated: neither (a branch the scope's segment does not touch), and every missing node when P is
 *   empty.
 * Present nodes get `none`. Template positions are another reading; both are reported.
 */
export function gapSides(structure: ChainStructure, status: Uint8Array): Uint8Array {
  const n = structure.nodeCount;
  const { suppliersStart, suppliers, buyersStart, buyers } = adjacency(structure);
  const side = new Uint8Array(n);
  const upstreamOfPresent = new Uint8Array(n);
  const downstreamSide = new Uint8Array(n);
  const stack = new Int32Array(n * 2 + 1);
  let top = 0;
  // Ancestors of P: walk edges backwards from every present node, through missing nodes.
  for (let i = 0; i < n; i++) if (status[i] !== MISSING) stack[top++] = i;
  const anyPresent = top > 0;
  while (top > 0) {
    const v = stack[--top]!;
    for (let k = suppliersStart[v]!; k < suppliersStart[v + 1]!; k++) {
      const u = suppliers[k]!;
      if (!upstreamOfPresent[u] && status[u] === MISSING) {
        upstreamOfPresent[u] = 1;
        stack[top++] = u;
      }
    }
  }
  // Descendants of P.
  for (let i = 0; i < n; i++) if (status[i] !== MISSING) stack[top++] = i;
  while (top > 0) {
    const v = stack[--top]!;
    for (let k = buyersStart[v]!; k < buyersStart[v + 1]!; k++) {
      const w = buyers[k]!;
      if (!downstreamSide[w] && status[w] === MISSING && !upstreamOfPresent[w]) {
        downstreamSide[w] = 1;
        stack[top++] = w;
      }
    }
  }
  // Other inputs of the downstream side, and their own suppliers, unless they are upstream of P.
  for (let i = 0; i < n; i++) if (downstreamSide[i]) stack[top++] = i;
  while (top > 0) {
    const v = stack[--top]!;
    for (let k = suppliersStart[v]!; k < suppliersStart[v + 1]!; k++) {
      const u = suppliers[k]!;
      if (!downstreamSide[u] && !upstreamOfPresent[u] && status[u] === MISSING) {
        downstreamSide[u] = 1;
        stack[top++] = u;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (status[i] !== MISSING) side[i] = GAP_NONE;
    else if (!anyPresent) side[i] = GAP_UNRELATED;
    else side[i] = upstreamOfPresent[i] ? GAP_UPSTREAM : downstreamSide[i] ? GAP_DOWNSTREAM : GAP_UNRELATED;
  }
  return side;
}

interface Adjacency {
  suppliersStart: Int32Array;
  suppliers: Int32Array;
  buyersStart: Int32Array;
  buyers: Int32Array;
}

const ADJACENCY = new WeakMap<ChainStructure, Adjacency>();

/** Each node's suppliers and buyers in compressed lists, built once per template. */
function adjacency(structure: ChainStructure): Adjacency {
  let a = ADJACENCY.get(structure);
  if (a) return a;
  const n = structure.nodeCount;
  const { edgeFrom, edgeTo } = structure;
  const compress = (key: Int32Array, other: Int32Array) => {
    const start = new Int32Array(n + 1);
    for (let e = 0; e < key.length; e++) start[key[e]! + 1]!++;
    for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
    const fill = start.slice(0, n);
    const list = new Int32Array(key.length);
    for (let e = 0; e < key.length; e++) list[fill[key[e]!]!++] = other[e]!;
    return { start, list };
  };
  const into = compress(edgeTo, edgeFrom);
  const out = compress(edgeFrom, edgeTo);
  a = { suppliersStart: into.start, suppliers: into.list, buyersStart: out.start, buyers: out.list };
  ADJACENCY.set(structure, a);
  return a;
}
