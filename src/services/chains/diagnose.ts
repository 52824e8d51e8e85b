/**
 * One chain × one scope, diagnosed from a loaded workspace: the evidence per node is gathered from the
 * placements, figures and purchases in memory, handed to the analytics (analytics/chain-diagnosis.ts),
 * and the answer is put in the words and codes users know (node keys, names, enterprises, sources).
 */
import {
  buyerSupportingRate,
  CHAIN_POSITIONS,
  type DependenceOptions,
  GAP_SIDES,
  localSupportingRate,
  locationQuotientOf,
  NODE_STATUSES,
  PRESENCE_REASON,
  type PresenceThresholds,
  placeOnChain,
  priceShockStressTest,
  resolvePresenceThresholds,
  SMILE_STAGES,
  type SupportingRate,
} from '../../analytics/chain-diagnosis.ts';
import { INDUSTRY_METRICS, industryValue } from './load-workspace.ts';
import { ChainRequestError } from './resolve.ts';
import {
  type ChainData,
  type ChainWorkspace,
  type EntityFigures,
  enterpriseInScope,
  lowerBound,
  ROLE_LEADER,
  regionWithin,
  type ScopeRef,
  type StatedFigure,
  statedShareNode,
} from './workspace.ts';

export interface ShockRequest {
  /** The node whose price changes (its key); default the node with the largest share of the scope's output. */
  node?: string;
  /** Relative price change, −0.1 = a 10 % fall; default −0.1. */
  priceChange?: number;
  /** Part of the change passed on to the node's local suppliers (0–1); default 0. */
  passThrough?: number;
}

export interface DiagnoseOptions {
  thresholds?: PresenceThresholds;
  dependence?: DependenceOptions;
  shock?: ShockRequest;
}

export const DEFAULT_PRICE_CHANGE = -0.1;

export type NodeRef = {
  key: string;
  name_zh: string;
  name_en: string | null;
  position: string;
  stage: string | null;
};

export type NodeDiagnosis = NodeRef & {
  status: (typeof NODE_STATUSES)[number];
  /** Status is not missing. */
  present: boolean;
  /** Why: the evidence that decided the status, in words. */
  reasons: string[];
  /** For a missing node: upstream or downstream of what the scope has, or unrelated to it. */
  gap_side: 'upstream' | 'downstream' | 'unrelated' | null;
  enterprises: number;
  leaders: number;
  enterprise_names: string[];
  /** Share of the scope's output made on this node (0–1). */
  output_share: number | null;
  output_share_basis: 'enterprise-output' | 'stated' | null;
  location_quotient: number | null;
  location_quotient_industry: string | null;
  /** The node's weight in weighted completeness. */
  weight: number;
};

export type RateOut = {
  rate: number | null;
  local_value: number;
  total_value: number;
  links: number;
  links_without_value: number;
  local_link_share: number | null;
};

export type LeaderDiagnosis = {
  name: string;
  credit_code: string | null;
  nodes: string[];
  local_supporting_rate: RateOut;
  /** Local suppliers the supply links record, largest first. */
  local_suppliers: { name: string; credit_code: string | null; nodes: string[]; value: number | null }[];
  /** Enterprises of the scope on the nodes that supply the leader's nodes, with no recorded link to it. */
  potential_local_suppliers: { name: string; credit_code: string | null; node: string }[];
};

export type ChainDiagnosis = {
  chain: {
    code: string;
    name_zh: string;
    name_en: string | null;
    version: number;
    nodes: number;
    edges: number;
  };
  scope: { kind: 'region' | 'park'; code: string; name_zh: string; name_en: string | null };
  years: { output: number | null; supply_links: number | null };
  thresholds: { presence: Required<PresenceThresholds>; dependence: Required<DependenceOptions> };
  nodes: NodeDiagnosis[];
  completeness: {
    nodes_total: number;
    nodes_present: number;
    completeness: number;
    weighted_completeness: number;
    weight_basis: 'node-count' | 'input-shares';
    edges_with_stated_share: number;
  };
  missing: NodeRef[];
  weak: NodeRef[];
  /** Missing nodes by their side relative to what the scope has (gap_side). */
  gaps: { upstream: NodeRef[]; downstream: NodeRef[]; unrelated: NodeRef[] };
  coverage: {
    by_position: { position: string; nodes: number; present: number; coverage: number | null }[];
    by_stage: { stage: string; nodes: number; present: number; coverage: number | null }[];
    smile_curve: Record<
      'left' | 'middle' | 'right',
      { nodes: number; present: number; coverage: number | null }
    >;
  };
  leaders: LeaderDiagnosis[];
  local_supporting_rate: RateOut & { buyers: number; note: string };
  dependence: {
    finding: 'single-product' | 'concentrated' | null;
    flagged: boolean;
    top_node: string | null;
    top_share: number | null;
    hhi: number | null;
    hhi_is_lower_bound: boolean;
    chain_hhi: number | null;
    known_share: number;
    /** What the shares are of: the scope's own output figure, its enterprises' recorded output, or stated shares. */
    output_basis: 'scope-figure' | 'recorded-enterprise-output' | 'stated-share' | null;
    /** The stated figures used, with their sources. */
    evidence: StatedFigure[];
    summary: string;
  };
  stress_test: {
    node: string;
    price_change: number;
    pass_through: number;
    node_share: number | null;
    supplier_share: number;
    revenue_change: number | null;
    formula: string;
    note: string;
  } | null;
};

const percentFraction = (f: StatedFigure) =>
  f.unit === 'percent' || f.unit === '%' ? f.value / 100 : f.value;

export function diagnoseInWorkspace(
  ws: ChainWorkspace,
  chain: ChainData,
  scope: ScopeRef,
  options: DiagnoseOptions = {},
): ChainDiagnosis {
  const n = chain.nodes.length;
  const thresholds = resolvePresenceThresholds(options.thresholds);
  const { enterprises: ent, regions, parks } = ws;
  const pl = chain.placements;

  // 1. Placements of the scope's enterprises.
  const inScope: number[] = [];
  if (scope.kind === 'park') {
    const from = lowerBound(pl.parkKey, parks.tin[scope.index]!);
    const to = lowerBound(pl.parkKey, parks.tout[scope.index]!);
    for (let k = from; k < to; k++) inScope.push(pl.byPark[k]!);
  } else {
    const from = lowerBound(pl.regionKey, regions.tin[scope.index]!);
    const to = lowerBound(pl.regionKey, regions.tout[scope.index]!);
    for (let k = from; k < to; k++) inScope.push(pl.byRegion[k]!);
    for (const k of pl.displaced) {
      const e = pl.enterprise[k]!;
      if (!regionWithin(regions, ent.region[e]!, scope.index) && enterpriseInScope(ws, e, scope))
        inScope.push(k);
    }
  }
  const enterprises = new Int32Array(n);
  const leaders = new Int32Array(n);
  const nodeOutput = new Float64Array(n);
  const nodeHasOutput = new Uint8Array(n);
  const namesOnNode: (number[] | undefined)[] = new Array(n);
  const chainEnterprises = new Map<number, number[]>(); // enterprise → its nodes in this chain
  const leaderSet = new Set<number>();
  for (const k of inScope) {
    const e = pl.enterprise[k]!;
    const i = pl.node[k]!;
    enterprises[i]!++;
    const onNode = namesOnNode[i];
    if (onNode) onNode.push(e);
    else namesOnNode[i] = [e];
    if (pl.role[k] === ROLE_LEADER) {
      leaders[i]!++;
      leaderSet.add(e);
    }
    const v = ent.output[e]!;
    if (!Number.isNaN(v)) {
      nodeOutput[i]! += v / pl.nodesOfEnterprise[e]!;
      nodeHasOutput[i] = 1;
    }
    const nodes = chainEnterprises.get(e);
    if (nodes) nodes.push(i);
    else chainEnterprises.set(e, [i]);
  }

  // 2. The scope's output and each node's share of it.
  const figures = scopeFigures(ws, scope);
  let total = Number.NaN;
  let outputBasis: ChainDiagnosis['dependence']['output_basis'] = null;
  if (figures?.output && ws.outputYear !== null && figures.output.period === String(ws.outputYear)) {
    total = figures.output.value;
    outputBasis = 'scope-figure';
  } else {
    const recorded = ws.recordedOutput(scope);
    if (recorded.enterprises > 0 && recorded.sum > 0) {
      total = recorded.sum;
      outputBasis = 'recorded-enterprise-output';
    }
  }
  const share = new Float64Array(n).fill(Number.NaN);
  const shareBasis: NodeDiagnosis['output_share_basis'][] = new Array(n).fill(null);
  if (total > 0) {
    for (let i = 0; i < n; i++) {
      if (nodeHasOutput[i]) {
        share[i] = Math.min(1, nodeOutput[i]! / total);
        shareBasis[i] = 'enterprise-output';
      }
    }
  }
  const evidence: StatedFigure[] = [];
  for (const figure of figures?.stated ?? []) {
    if (figure.metric !== 'output_share') continue;
    const i = statedShareNode(chain, figure);
    if (i < 0 || shareBasis[i] !== null) continue;
    share[i] = Math.min(1, Math.max(0, percentFraction(figure)));
    shareBasis[i] = 'stated';
    evidence.push(figure);
  }

  if (outputBasis === null && evidence.length > 0) outputBasis = 'stated-share';

  // 3. Location quotients of the nodes' industry codes.
  const lq = new Float64Array(n).fill(Number.NaN);
  const lqCode: (string | null)[] = new Array(n).fill(null);
  const reference = lqReference(ws, scope, figures);
  if (reference) {
    // A region is diagnosed on many chains that share industry codes: its quotients are remembered.
    reference.scope.quotients ??= new Map();
    const known = reference.scope.quotients;
    for (let i = 0; i < n; i++) {
      for (const code of chain.nodes[i]!.industry_codes) {
        let q = known.get(code);
        if (q === undefined) {
          q = locationQuotientOf(
            industryValue(reference.scope, code),
            reference.scope.total,
            industryValue(reference.reference, code),
            reference.reference.total,
          );
          known.set(code, q);
        }
        if (!Number.isNaN(q) && !(q <= lq[i]!)) {
          lq[i] = q;
          lqCode[i] = code;
        }
      }
    }
  }
  // 4. Statuses, completeness, gaps, dependence.
  const output = { share, lowerBound: new Uint8Array(n), value: nodeOutput };
  const placed = placeOnChain({
    structure: chain.structure,
    weights: chain.weights,
    evidence: { enterprises, leaders, outputShare: share, locationQuotient: lq },
    output,
    thresholds,
    dependence: options.dependence,
  });
  const nodeRefs = refsOf(chain);
  const ref = (i: number): NodeRef => nodeRefs[i]!;
  const nameOf = (e: number) => ent.name_en[e] ?? ent.name_zh[e]!;
  // Objects are written out field by field: spreading `ref(i)` into a literal took V8 ~20 µs an object.
  const nodes: NodeDiagnosis[] = chain.nodes.map((node, i) => {
    const status = placed.presence.status[i]!;
    const side = placed.gapSide[i]!;
    return {
      key: node.code,
      name_zh: node.name_zh,
      name_en: node.name_en,
      position: node.position,
      stage: node.stage,
      status: NODE_STATUSES[status]!,
      present: status > 0,
      reasons: reasonWords(
        placed.presence.reasons[i]!,
        {
          count: enterprises[i]!,
          leaders: leaders[i]!,
          share: share[i]!,
          stated: shareBasis[i] === 'stated',
          lq: lq[i]!,
          lqCode: lqCode[i]!,
        },
        thresholds,
      ),
      gap_side: side === 0 ? null : (GAP_SIDES[side] as 'upstream' | 'downstream' | 'unrelated'),
      enterprises: enterprises[i]!,
      leaders: leaders[i]!,
      enterprise_names: namesOnNode[i]?.map(nameOf) ?? [],
      output_share: Number.isNaN(share[i]!) ? null : share[i]!,
      output_share_basis: shareBasis[i]!,
      location_quotient: Number.isNaN(lq[i]!) ? null : lq[i]!,
      location_quotient_industry: lqCode[i]!,
      weight: chain.weights.weights[i]!,
    };
  });
  const c = placed.completeness;
  const refs = (list: Int32Array) => Array.from(list, ref);
  const sides: NodeRef[][] = [[], [], [], []];
  for (let i = 0; i < n; i++) sides[placed.gapSide[i]!]!.push(ref(i));
  const d = placed.dependence;

  // 5. Local supporting rate, over the purchases of the scope's chain enterprises.
  const buyers = [...chainEnterprises.keys()];
  const buyerIndex = new Map<number, number>();
  for (let b = 0; b < buyers.length; b++) buyerIndex.set(buyers[b]!, b);
  const { offsets, supplier, value } = ws.purchases;
  let linkCount = 0;
  for (const e of buyers) linkCount += offsets[e + 1]! - offsets[e]!;
  const linkBuyer = new Int32Array(linkCount);
  const linkLocal = new Uint8Array(linkCount);
  const linkValue = new Float64Array(linkCount);
  const linkSupplier = new Int32Array(linkCount);
  for (let b = 0, k = 0; b < buyers.length; b++) {
    const e = buyers[b]!;
    for (let j = offsets[e]!; j < offsets[e + 1]!; j++, k++) {
      const s = supplier[j]!;
      linkBuyer[k] = b;
      linkLocal[k] = s >= 0 && enterpriseInScope(ws, s, scope) ? 1 : 0;
      linkValue[k] = value[j]!;
      linkSupplier[k] = s;
    }
  }
  const supply = localSupportingRate({ buyer: linkBuyer, local: linkLocal, value: linkValue }, buyers.length);
  const leadersOut: LeaderDiagnosis[] = [...leaderSet].map((e) => {
    const b = buyerIndex.get(e)!;
    const myNodes = chainEnterprises.get(e)!;
    const linked = new Map<number, number | null>();
    for (let k = 0; k < linkBuyer.length; k++) {
      if (linkBuyer[k] !== b || linkLocal[k] !== 1) continue;
      const s = linkSupplier[k]!;
      const v = Number.isNaN(linkValue[k]!) ? null : linkValue[k]!;
      linked.set(s, v === null ? (linked.get(s) ?? null) : (linked.get(s) ?? 0) + v);
    }
    const supplierNodes = new Set<number>();
    for (let k = 0; k < chain.structure.edgeTo.length; k++) {
      if (myNodes.includes(chain.structure.edgeTo[k]!)) supplierNodes.add(chain.structure.edgeFrom[k]!);
    }
    const potential: LeaderDiagnosis['potential_local_suppliers'] = [];
    for (const i of supplierNodes) {
      for (const s of namesOnNode[i] ?? []) {
        if (s !== e && !linked.has(s))
          potential.push({ name: nameOf(s), credit_code: ent.credit_code[s]!, node: chain.nodes[i]!.code });
      }
    }
    return {
      name: nameOf(e),
      credit_code: ent.credit_code[e]!,
      nodes: myNodes.map((i) => chain.nodes[i]!.code),
      local_supporting_rate: rateOut(buyerSupportingRate(supply, b)),
      local_suppliers: [...linked.entries()]
        .sort((x, y) => (y[1] ?? -1) - (x[1] ?? -1))
        .map(([s, v]) => ({
          name: nameOf(s),
          credit_code: ent.credit_code[s]!,
          nodes: (chainEnterprises.get(s) ?? []).map((i) => chain.nodes[i]!.code),
          value: v,
        })),
      potential_local_suppliers: potential,
    };
  });

  // 6. Stress test on the requested node, or the one the scope depends on most.
  const shock = options.shock ?? {};
  let shockNode = d.topNode;
  if (shock.node !== undefined) {
    shockNode = chain.nodes.findIndex((x) => x.code === shock.node);
    if (shockNode < 0) {
      throw new ChainRequestError(
        `node ${shock.node} is not a node of chain ${chain.code}: ${chain.nodes.map((x) => x.code).join(', ')}`,
        400,
      );
    }
  }
  let stress: ChainDiagnosis['stress_test'] = null;
  if (shockNode >= 0) {
    const suppliers: number[] = [];
    for (let k = 0; k < chain.structure.edgeTo.length; k++) {
      const u = chain.structure.edgeFrom[k]!;
      if (chain.structure.edgeTo[k] === shockNode && placed.presence.status[u]! > 0) suppliers.push(u);
    }
    const t = priceShockStressTest(output, shockNode, shock.priceChange ?? DEFAULT_PRICE_CHANGE, {
      passThrough: shock.passThrough ?? 0,
      suppliers,
    });
    stress = {
      node: chain.nodes[shockNode]!.code,
      price_change: t.priceChange,
      pass_through: t.passThrough,
      node_share: t.nodeShare,
      supplier_share: t.supplierShare,
      revenue_change: t.revenueChange,
      formula: t.formula,
      note:
        'First order: quantities unchanged; Δp the price change on the node, s_n its share of the scope’s output, ' +
        'ρ the pass-through to its local suppliers u (their shares s_u).',
    };
  }

  const topKey = d.topNode >= 0 ? chain.nodes[d.topNode]!.code : null;
  return {
    chain: {
      code: chain.code,
      name_zh: chain.name_zh,
      name_en: chain.name_en,
      version: chain.version,
      nodes: n,
      edges: chain.edges.length,
    },
    scope: scopeInfo(ws, scope),
    years: { output: ws.outputYear, supply_links: ws.purchases.year },
    thresholds: {
      presence: thresholds,
      dependence: d.thresholds,
    },
    nodes,
    completeness: {
      nodes_total: c.nodesTotal,
      nodes_present: c.nodesPresent,
      completeness: c.completeness,
      weighted_completeness: c.weightedCompleteness,
      weight_basis: c.weights.basis,
      edges_with_stated_share: c.weights.statedEdges,
    },
    missing: refs(c.missing),
    weak: refs(c.weak),
    gaps: { upstream: sides[1]!, downstream: sides[2]!, unrelated: sides[3]! },
    coverage: {
      by_position: CHAIN_POSITIONS.map((position, k) => {
        const g = c.byPosition[k]!;
        return { position, nodes: g.nodes, present: g.present, coverage: g.coverage };
      }),
      by_stage: SMILE_STAGES.map((stage, k) => {
        const g = c.byStage[k]!;
        return { stage, nodes: g.nodes, present: g.present, coverage: g.coverage };
      }),
      smile_curve: { left: c.smileCurve.left, middle: c.smileCurve.middle, right: c.smileCurve.right },
    },
    leaders: leadersOut,
    local_supporting_rate: {
      rate: supply.rate,
      local_value: supply.localValue,
      total_value: supply.totalValue,
      links: supply.links,
      links_without_value: supply.linksWithoutValue,
      local_link_share: supply.localLinkShare,
      buyers: buyers.length,
      note:
        supply.links === 0
          ? 'no supply links recorded for the scope’s chain enterprises; import supply_links to measure it'
          : 'local purchases of the scope’s chain enterprises ÷ all their purchases (links with a value)',
    },
    dependence: {
      finding: d.finding,
      flagged: d.flagged,
      top_node: topKey,
      top_share: d.topShare,
      hhi: d.hhi,
      hhi_is_lower_bound: d.hhiIsLowerBound,
      chain_hhi: d.chainHhi,
      known_share: d.knownShare,
      output_basis: outputBasis,
      evidence,
      summary: dependenceSummary(d.finding, topKey, d.topShare, d.hhi, d.thresholds),
    },
    stress_test: stress,
  };
}

const REFS = new WeakMap<ChainData, NodeRef[]>();
/** A chain's node references, made once and shared by every diagnosis of the chain (they are read only). */
function refsOf(chain: ChainData): NodeRef[] {
  let refs = REFS.get(chain);
  if (!refs) {
    refs = chain.nodes.map((node) => ({
      key: node.code,
      name_zh: node.name_zh,
      name_en: node.name_en,
      position: node.position,
      stage: node.stage,
    }));
    REFS.set(chain, refs);
  }
  return refs;
}

function rateOut(r: SupportingRate): RateOut {
  return {
    rate: r.rate,
    local_value: r.localValue,
    total_value: r.totalValue,
    links: r.links,
    links_without_value: r.linksWithoutValue,
    local_link_share: r.localLinkShare,
  };
}

function scopeFigures(ws: ChainWorkspace, scope: ScopeRef): EntityFigures | undefined {
  return scope.kind === 'park'
    ? ws.parkFigures.get(ws.parks.id[scope.index]!)
    : ws.regionFigures.get(ws.regions.id[scope.index]!);
}

function scopeInfo(ws: ChainWorkspace, scope: ScopeRef): ChainDiagnosis['scope'] {
  const t = scope.kind === 'park' ? ws.parks : ws.regions;
  return {
    kind: scope.kind,
    code: t.code[scope.index]!,
    name_zh: t.name_zh[scope.index]!,
    name_en: t.name_en[scope.index]!,
  };
}

/**
 * The figures location quotients compare: the scope's own breakdown by industry (first metric of
 * INDUSTRY_METRICS it has), against the nearest region above it with a breakdown of the same metric and
 * period (for a park, its own region first).
 */
function lqReference(ws: ChainWorkspace, scope: ScopeRef, figures: EntityFigures | undefined) {
  if (!figures || figures.industries.size === 0) return null;
  for (const metric of INDUSTRY_METRICS) {
    const own = figures.industries.get(metric);
    if (!own || !(own.total > 0)) continue;
    let r = scope.kind === 'park' ? ws.parks.region[scope.index]! : ws.regions.parent[scope.index]!;
    while (r >= 0) {
      const above = ws.regionFigures.get(ws.regions.id[r]!)?.industries.get(metric);
      if (above && above.period === own.period && above.total > 0) return { scope: own, reference: above };
      r = ws.regions.parent[r]!;
    }
  }
  return null;
}

const NO_EVIDENCE = 'no enterprise of the scope on the node, and no industry figures';
const pct = (x: number) => `${(Math.round(x * 1000) / 10).toString()} %`;

function reasonWords(
  bits: number,
  e: { count: number; leaders: number; share: number; stated: boolean; lq: number; lqCode: string | null },
  t: Required<PresenceThresholds>,
): string[] {
  const { count, leaders, share, lq, lqCode } = e;
  if (count === 0 && Number.isNaN(lq)) return [NO_EVIDENCE];
  const R = PRESENCE_REASON;
  const out: string[] = [];
  if (count > 0) out.push(`${count} enterprise${count === 1 ? '' : 's'} of the scope on the node`);
  if (bits & R.manyWithLeader) out.push(`at least ${t.strongEnterprises} enterprises with a chain leader`);
  else if (bits & R.leader)
    out.push(`${leaders === 1 ? 'a chain leader' : `${leaders} chain leaders`} on the node`);
  if (bits & R.outputShare)
    out.push(
      `${pct(share)} of the scope's output${e.stated ? ' (stated in a document)' : ''} (≥ ${pct(t.presentOutputShare)})`,
    );
  if (bits & R.oneOnly) out.push('one enterprise only, not a chain leader');
  if (bits & R.highlySpecialized)
    out.push(`location quotient ${lq.toFixed(2)} in ${lqCode} (≥ ${t.strongLocationQuotient})`);
  else if (bits & R.specialized)
    out.push(`location quotient ${lq.toFixed(2)} in ${lqCode} (≥ ${t.presentLocationQuotient})`);
  else if (bits & R.belowSpecialization)
    out.push(`location quotient ${lq.toFixed(2)} in ${lqCode}, below ${t.presentLocationQuotient}`);
  if (out.length === 0) out.push(`no enterprise on the node; location quotient ${lq.toFixed(2)}`);
  return out;
}

function dependenceSummary(
  finding: string | null,
  top: string | null,
  topShare: number | null,
  hhi: number | null,
  t: Required<DependenceOptions>,
): string {
  if (top === null || topShare === null || hhi === null) {
    return 'no output figures place the scope’s output on the chain’s nodes; dependence not measured';
  }
  if (finding === 'single-product') {
    return `single-product dependence: ${top} makes ${pct(topShare)} of the scope’s output (threshold ${pct(t.topShareThreshold)})`;
  }
  if (finding === 'concentrated') {
    return `output concentrated on few nodes: HHI ${hhi.toFixed(3)} (threshold ${t.hhiThreshold})`;
  }
  return `no dependence flagged: largest node ${top} at ${pct(topShare)}, HHI ${hhi.toFixed(3)}`;
}
