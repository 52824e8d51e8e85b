/**
 * Dependence of a scope's output on one node (one product) of a chain, and what a price change on that
 * node does to the scope's revenue. Seed 003: Huaping's output "rests on monocrystalline silicon, which
 * leaves it directly exposed to the price of a single product"; the price fall cost the park −42 % of its
 * revenue growth in 2024.
 */
import { herfindahlHirschman } from './concentration.ts';
import { AnalyticsInputError } from './input-error.ts';

/** The scope's output by node, index = node. */
export interface OutputByNode {
  /** Share of the scope's total output (0–1) made on the node; NaN unknown. */
  readonly share: Float64Array;
  /** 1 where the share is a lower bound ("more than 80 %", as documents state it). */
  readonly lowerBound: Uint8Array;
  /** Output amounts, where enterprise figures give them (for the concentration within the chain). */
  readonly value?: Float64Array;
}

export interface DependenceOptions {
  /** A node holding at least this share of the scope's output is a single-product dependence; default 0.5. */
  readonly topShareThreshold?: number;
  /**
   * HHI at or above which the scope's output is concentrated; default 0.25, the "highly concentrated"
   * line (2,500 points) of the U.S. DOJ/FTC Horizontal Merger Guidelines (2010).
   */
  readonly hhiThreshold?: number;
}

export const DEFAULT_DEPENDENCE_OPTIONS: Required<DependenceOptions> = {
  topShareThreshold: 0.5,
  hhiThreshold: 0.25,
};

export interface Dependence {
  /** The node with the largest known share; −1 when no share is known. */
  readonly topNode: number;
  readonly topShare: number | null;
  readonly topShareIsLowerBound: boolean;
  /** Σ of the known shares: how much of the scope's output the figures place on the chain's nodes. */
  readonly knownShare: number;
  /**
   * Herfindahl–Hirschman index of the scope's output over nodes, H = Σ s_i² (Hirschman 1945; Herfindahl
   * 1950). Where part of the output is not placed on a node (1 − knownShare), that part is taken as spread
   * over many small products, so H is a lower bound (`hhiIsLowerBound`). Null when no share is known.
   */
  readonly hhi: number | null;
  readonly hhiIsLowerBound: boolean;
  /** HHI of the chain's placed output over its nodes (concentration.ts), from amounts; null without amounts. */
  readonly chainHhi: number | null;
  /** `single-product` when topShare ≥ topShareThreshold, `concentrated` when only hhi ≥ hhiThreshold. */
  readonly finding: 'single-product' | 'concentrated' | null;
  readonly flagged: boolean;
  readonly thresholds: Required<DependenceOptions>;
}

export function outputDependence(output: OutputByNode, options: DependenceOptions = {}): Dependence {
  const thresholds = {
    topShareThreshold: options.topShareThreshold ?? DEFAULT_DEPENDENCE_OPTIONS.topShareThreshold,
    hhiThreshold: options.hhiThreshold ?? DEFAULT_DEPENDENCE_OPTIONS.hhiThreshold,
  };
  for (const [name, v] of Object.entries(thresholds)) {
    if (!(v > 0 && v <= 1))
      throw new AnalyticsInputError('invalid-option', `${name} must be in (0, 1], got ${v}`);
  }
  const n = output.share.length;
  if (output.lowerBound.length !== n || (output.value && output.value.length !== n)) {
    throw new AnalyticsInputError('shape-mismatch', 'share, lowerBound and value need one entry per node');
  }
  let topNode = -1;
  let topShare = -1;
  let knownShare = 0;
  let hhi = 0;
  let anyBound = false;
  for (let i = 0; i < n; i++) {
    const s = output.share[i]!;
    if (Number.isNaN(s)) continue;
    if (!(s >= 0 && s <= 1 + 1e-9)) {
      throw new AnalyticsInputError('invalid-option', `node ${i} has output share ${s}; shares are 0–1`, [i]);
    }
    knownShare += s;
    hhi += s * s;
    if (output.lowerBound[i] === 1) anyBound = true;
    if (s > topShare) {
      topShare = s;
      topNode = i;
    }
  }
  let chainHhi: number | null = null;
  if (output.value) {
    let positive = 0;
    for (let i = 0; i < n; i++) if (output.value[i]! > 0) positive++;
    if (positive > 0) {
      const placed = new Float64Array(positive);
      for (let i = 0, k = 0; i < n; i++) if (output.value[i]! > 0) placed[k++] = output.value[i]!;
      chainHhi = herfindahlHirschman(placed);
    }
  }
  const known = topNode >= 0;
  const single = known && topShare >= thresholds.topShareThreshold;
  const concentrated = known && hhi >= thresholds.hhiThreshold;
  return {
    topNode,
    topShare: known ? topShare : null,
    topShareIsLowerBound: known && output.lowerBound[topNode] === 1,
    knownShare: Math.min(1, knownShare),
    hhi: known ? hhi : null,
    hhiIsLowerBound: known && (anyBound || knownShare < 1 - 1e-9),
    chainHhi,
    finding: single ? 'single-product' : concentrated ? 'concentrated' : null,
    flagged: single || concentrated,
    thresholds,
  };
}

export interface StressTestOptions {
  /**
   * ρ, the part of the price change passed on to the node's local suppliers' revenue (0–1); default 0:
   * only the node's own revenue moves in the short run.
   */
  readonly passThrough?: number;
  /** Nodes that supply the shocked node and are present in the scope (their shares enter with ρ). */
  readonly suppliers?: readonly number[];
}

export interface StressTest {
  readonly node: number;
  /** Δp, the relative price change (−0.3 = prices fall 30 %). */
  readonly priceChange: number;
  readonly passThrough: number;
  /** s_n, the node's share of the scope's revenue (or output, where revenue is not known). */
  readonly nodeShare: number | null;
  /** Σ s_u over the local suppliers with a known share. */
  readonly supplierShare: number;
  /** ΔR/R, the scope's relative revenue change; null when the node's share is unknown. */
  readonly revenueChange: number | null;
  /** True when a share entering the formula is a lower bound: the change is then at least this large. */
  readonly isBound: boolean;
  /** The formula with its numbers. */
  readonly formula: string;
}

/**
 * First-order price-shock stress test: quantities stay as they are in the short run, so revenue moves
 * with price on the shocked node, and with a pass-through ρ on its local suppliers:
 *
 *   ΔR/R = Δp × (s_n + ρ × Σ_u s_u)
 *
 * s_n being the node's share of the scope's revenue and u the nodes supplying n that are present in the
 * scope. This is the partial-equilibrium "price effect" of input-output price models (Leontief 1986, ch. 19)
 * restricted to the shocked sales; it omits quantity responses, which soften or deepen the effect.
 */
export function priceShockStressTest(
  output: OutputByNode,
  node: number,
  priceChange: number,
  options: StressTestOptions = {},
): StressTest {
  const n = output.share.length;
  if (!(Number.isInteger(node) && node >= 0 && node < n)) {
    throw new AnalyticsInputError('invalid-option', `node ${node} is not one of the chain's ${n} nodes`);
  }
  if (!(priceChange >= -1) || !Number.isFinite(priceChange)) {
    throw new AnalyticsInputError('invalid-option', `a price change is ≥ −1 (−100 %), got ${priceChange}`);
  }
  const rho = options.passThrough ?? 0;
  if (!(rho >= 0 && rho <= 1))
    throw new AnalyticsInputError('invalid-option', `passThrough must be 0–1, got ${rho}`);
  const nodeShare = output.share[node]!;
  let supplierShare = 0;
  let isBound = output.lowerBound[node] === 1;
  const supplierTerms: string[] = [];
  for (const u of options.suppliers ?? []) {
    const s = output.share[u];
    if (s === undefined || Number.isNaN(s) || u === node) continue;
    supplierShare += s;
    supplierTerms.push(fmt(s));
    if (output.lowerBound[u] === 1 && rho > 0) isBound = true;
  }
  if (Number.isNaN(nodeShare)) {
    return {
      node,
      priceChange,
      passThrough: rho,
      nodeShare: null,
      supplierShare,
      revenueChange: null,
      isBound: false,
      formula: "ΔR/R = Δp × (s_n + ρ × Σ s_u): the node's share of the scope's revenue (s_n) is not known",
    };
  }
  const revenueChange = priceChange * (nodeShare + rho * supplierShare);
  const sum = supplierTerms.length === 0 ? '0' : supplierTerms.join(' + ');
  const formula =
    `ΔR/R = Δp × (s_n + ρ × Σ s_u) = ${fmt(priceChange)} × (${fmt(nodeShare)} + ${fmt(rho)} × (${sum})) ` +
    `= ${isBound ? (revenueChange < 0 ? '≤ ' : '≥ ') : ''}${fmt(revenueChange)}`;
  return { node, priceChange, passThrough: rho, nodeShare, supplierShare, revenueChange, isBound, formula };
}

/** Numbers in formulas: up to 4 decimals, no trailing zeros, a true minus sign. */
function fmt(x: number): string {
  const r = Math.round(x * 1e4) / 1e4;
  return (Object.is(r, -0) ? 0 : r).toString().replace('-', '−');
}
