/**
 * Diversification options: the products (industries, chain nodes) a location does not have yet, ranked
 * by how close they are to what it does and what they would bring. The inputs are the engine's own
 * measures, read for one location:
 * - density ω_cp = Σ_q M_cq φ_pq / Σ_q φ_pq (Hidalgo, Klinger, Barabási & Hausmann 2007, "The Product Space
 *   Conditions the Development of Nations", Science 317) and distance d_cp = 1 − ω_cp (Hausmann et al.
 *   2014, The Atlas of Economic Complexity);
 * - PCI (Hidalgo & Hausmann 2009) and COG (Hausmann et al. 2014, technical box "opportunity gain").
 * The "because you have X, Y" list is the decomposition of density itself: each present product q adds
 * φ_pq / Σ_q φ_pq to ω_cp, so the largest terms are the products that make p close. This is what
 * Metroverse shows as the related industries behind a city's "possible entrants".
 */
import { AnalyticsInputError } from './input-error.ts';
import type { Matrix } from './matrix.ts';

/** What orders the options. `density` and `cog` are the engine's measures as they are; see `balanced`. */
export type DiversificationRanking = 'density' | 'cog' | 'pci' | 'balanced';
export const DIVERSIFICATION_RANKINGS: readonly DiversificationRanking[] = [
  'density',
  'cog',
  'pci',
  'balanced',
];

/**
 * Weights of the `balanced` score, on z-scores taken over the location's candidate options:
 * ½ density (feasibility) + ¼ PCI (what the product is worth) + ¼ COG (what it opens). Chain Atlas's own
 * choice, stated so that it can be argued with; the Atlas's "strategic approaches" weigh the same three.
 */
export const BALANCED_WEIGHTS = { density: 0.5, pci: 0.25, cog: 0.25 } as const;

export interface DiversificationInput {
  /** M_cp for the location, one entry per product (1 present, 0 absent). */
  readonly present: ArrayLike<number>;
  /** ω_cp for the location (the engine's density row). */
  readonly density: ArrayLike<number>;
  /** COG_cp for the location (the engine's cog row). */
  readonly cog: ArrayLike<number>;
  /** PCI_p. */
  readonly pci: ArrayLike<number>;
  /** φ, products × products, the one the density was computed with. */
  readonly proximity: Matrix;
}

export interface DiversificationOptionsSettings {
  readonly rankBy?: DiversificationRanking;
  /** How many options to return (default all). */
  readonly limit?: number;
  /** How many present products to name per option (default 3). */
  readonly because?: number;
}

export interface Closeness {
  /** The present product's index. */
  readonly product: number;
  /** φ_pq. */
  readonly proximity: number;
  /** φ_pq / Σ_q φ_pq: the part of ω_cp this product contributes. */
  readonly contribution: number;
}

export interface DiversificationOption {
  readonly product: number;
  /** 1-based position in the ranking. */
  readonly rank: number;
  readonly density: number;
  readonly distance: number;
  readonly pci: number;
  readonly cog: number;
  /** The value the ranking sorted on (density, cog, pci, or the balanced score). */
  readonly score: number;
  /** The balanced score's z-scores, always given so that any ranking can be compared with it. */
  readonly z: { readonly density: number; readonly pci: number; readonly cog: number };
  /** The present products that make this option close, largest contribution first. */
  readonly because: readonly Closeness[];
}

function zScores(values: Float64Array): Float64Array {
  const n = values.length;
  let mean = 0;
  for (let k = 0; k < n; k++) mean += values[k]!;
  mean /= n || 1;
  let variance = 0;
  for (let k = 0; k < n; k++) variance += (values[k]! - mean) ** 2;
  const sd = Math.sqrt(variance / (n || 1));
  const out = new Float64Array(n);
  if (sd > 0) for (let k = 0; k < n; k++) out[k] = (values[k]! - mean) / sd;
  return out;
}

/** The options of one location, ranked; ties keep the next measure (density → COG → PCI) then the index. */
export function diversificationOptions(
  input: DiversificationInput,
  settings: DiversificationOptionsSettings = {},
): DiversificationOption[] {
  const { present, density, cog, pci, proximity } = input;
  const n = present.length;
  if (
    density.length !== n ||
    cog.length !== n ||
    pci.length !== n ||
    proximity.rows !== n ||
    proximity.cols !== n
  ) {
    throw new AnalyticsInputError(
      'shape-mismatch',
      `diversification options need rows of one length: presence ${n}, density ${density.length}, cog ${cog.length}, pci ${pci.length}, proximity ${proximity.rows} × ${proximity.cols}`,
    );
  }
  const rankBy = settings.rankBy ?? 'density';
  if (!DIVERSIFICATION_RANKINGS.includes(rankBy)) {
    throw new AnalyticsInputError(
      'invalid-option',
      `rank by ${rankBy}: expected one of ${DIVERSIFICATION_RANKINGS.join(', ')}`,
    );
  }
  const becauseCount = Math.max(0, settings.because ?? 3);
  const candidates: number[] = [];
  const presentList: number[] = [];
  for (let p = 0; p < n; p++) (present[p]! > 0 ? presentList : candidates).push(p);
  const m = candidates.length;
  const dv = new Float64Array(m);
  const pv = new Float64Array(m);
  const gv = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const p = candidates[k]!;
    dv[k] = density[p]!;
    pv[k] = pci[p]!;
    gv[k] = cog[p]!;
  }
  const zd = zScores(dv);
  const zp = zScores(pv);
  const zg = zScores(gv);
  const score = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    score[k] =
      rankBy === 'density'
        ? dv[k]!
        : rankBy === 'cog'
          ? gv[k]!
          : rankBy === 'pci'
            ? pv[k]!
            : BALANCED_WEIGHTS.density * zd[k]! +
              BALANCED_WEIGHTS.pci * zp[k]! +
              BALANCED_WEIGHTS.cog * zg[k]!;
  }
  const order = Array.from({ length: m }, (_, k) => k);
  order.sort(
    (a, b) =>
      score[b]! - score[a]! ||
      dv[b]! - dv[a]! ||
      gv[b]! - gv[a]! ||
      pv[b]! - pv[a]! ||
      candidates[a]! - candidates[b]!,
  );
  const limit = Math.min(m, settings.limit ?? m);
  const phi = proximity.data;
  const out: DiversificationOption[] = [];
  for (let r = 0; r < limit; r++) {
    const k = order[r]!;
    const p = candidates[k]!;
    out.push({
      product: p,
      rank: r + 1,
      density: dv[k]!,
      distance: 1 - dv[k]!,
      pci: pv[k]!,
      cog: gv[k]!,
      score: score[k]!,
      z: { density: zd[k]!, pci: zp[k]!, cog: zg[k]! },
      because: closestPresent(phi, n, p, presentList, becauseCount),
    });
  }
  return out;
}

/** The present products q with the largest φ_pq (row p of φ, as density reads it), and their share of Σ_q φ_pq. */
function closestPresent(
  phi: Float64Array,
  n: number,
  p: number,
  presentList: number[],
  count: number,
): Closeness[] {
  if (count === 0) return [];
  let rowSum = 0;
  const row = p * n;
  for (let q = 0; q < n; q++) rowSum += phi[row + q]!;
  const best: Closeness[] = [];
  for (const q of presentList) {
    const value = phi[row + q]!;
    if (!(value > 0)) continue;
    if (best.length === count && value <= best[count - 1]!.proximity) continue;
    const entry = { product: q, proximity: value, contribution: rowSum > 0 ? value / rowSum : 0 };
    let at = best.length;
    while (at > 0 && best[at - 1]!.proximity < value) at--;
    best.splice(at, 0, entry);
    if (best.length > count) best.pop();
  }
  return best;
}
