/**
 * Investment-attraction score: which enterprise elsewhere, on a node a scope lacks, to approach first.
 * The "招商图谱 / investment-attraction list" of the chain chief system ranks candidates by scale, growth,
 * distance and existing ties; Chain Atlas states the rule as a weighted sum of five parts, each in [0, 1]:
 *
 *   score = Σ_i w_i · s_i,   Σ_i w_i = 1 (default weights in ATTRACTION_WEIGHTS)
 *
 * - size      s = ln(1 + output) / ln(1 + largest output among all candidates of the chain);
 * - growth    s = clamp((g + 0.2) / 0.4, 0, 1), g the compound annual output growth (−20 % → 0, +20 % → 1);
 * - distance  s = 1 / (1 + d / 500 km), d the great-circle distance between region centroids (haversine);
 * - links     s = 1 when the candidate already supplies or buys from one of the scope's chain leaders, else 0
 *             (Loudi's "Sany came and its suppliers followed": a tie that exists moves more easily);
 * - input share s = the node's share of the chain's inputs (the template's weights normalized to max 1).
 *
 * A part whose figure is unknown scores 0 and its reason says so: a candidate is never ranked up on
 * figures nobody has. Every candidate carries its parts, weights and reasons, so the ranking can be
 * re-derived by hand.
 */
import { AnalyticsInputError } from './input-error.ts';

export const ATTRACTION_PARTS = ['size', 'growth', 'distance', 'links', 'input_share'] as const;
export type AttractionPart = (typeof ATTRACTION_PARTS)[number];
export type AttractionWeights = Readonly<Record<AttractionPart, number>>;

export const ATTRACTION_WEIGHTS: AttractionWeights = {
  size: 0.3,
  growth: 0.15,
  distance: 0.2,
  links: 0.2,
  input_share: 0.15,
};

/** Half-score distance: at 500 km the distance part is ½ (roughly a province's reach). */
export const DISTANCE_SCALE_KM = 500;
/** Growth that maps to 0 and to 1 on the growth part. */
export const GROWTH_FLOOR = -0.2;
export const GROWTH_CEILING = 0.2;
const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km between two lon/lat points (haversine, mean Earth radius of IUGG). */
export function greatCircleKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Unit vectors of lon/lat points (x, y, z per point), for distance tables: the great-circle distance is
 * 2R·asin(|u − v| / 2), the same as the haversine (its a = |u − v|² / 4) with no trigonometry per pair.
 */
export function unitVectors(lon: ArrayLike<number>, lat: ArrayLike<number>): Float64Array {
  const out = new Float64Array(lon.length * 3);
  const rad = Math.PI / 180;
  for (let i = 0; i < lon.length; i++) {
    const phi = lat[i]! * rad;
    const lambda = lon[i]! * rad;
    out[3 * i] = Math.cos(phi) * Math.cos(lambda);
    out[3 * i + 1] = Math.cos(phi) * Math.sin(lambda);
    out[3 * i + 2] = Math.sin(phi);
  }
  return out;
}

/** Great-circle km between points i and j of `unitVectors`. */
export function chordKm(vectors: Float64Array, i: number, j: number): number {
  const dx = vectors[3 * i]! - vectors[3 * j]!;
  const dy = vectors[3 * i + 1]! - vectors[3 * j + 1]!;
  const dz = vectors[3 * i + 2]! - vectors[3 * j + 2]!;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(dx * dx + dy * dy + dz * dz) / 2));
}

export interface AttractionCandidate {
  /** Output in the latest year (any currency unit, the same for all); NaN unknown. */
  readonly output: number;
  /** Compound annual growth of output; NaN unknown. */
  readonly growth: number;
  /** Distance to the scope in km; NaN when a centroid is missing. */
  readonly distanceKm: number;
  /** Supply links with the scope's chain leaders (either direction). */
  readonly leaderLinks: number;
  /** The node's input share normalized to [0, 1]; NaN when the template states none. */
  readonly inputShare: number;
}

export interface AttractionScore {
  readonly score: number;
  /** Each part in [0, 1] (0 where unknown), before weighting. */
  readonly parts: Readonly<Record<AttractionPart, number>>;
  /** Which parts had no figure. */
  readonly unknown: readonly AttractionPart[];
}

export function checkWeights(weights: AttractionWeights): void {
  let sum = 0;
  for (const part of ATTRACTION_PARTS) {
    const w = weights[part];
    if (!(w >= 0) || !Number.isFinite(w)) {
      throw new AnalyticsInputError(
        'invalid-option',
        `attraction weight ${part} = ${w}: expected a number ≥ 0`,
      );
    }
    sum += w;
  }
  if (Math.abs(sum - 1) > 1e-9) {
    throw new AnalyticsInputError(
      'invalid-option',
      `attraction weights add up to ${sum}; they must add up to 1`,
    );
  }
}

/** Scores one candidate; `largestOutput` is the largest known output among the candidates compared. */
export function attractionScore(
  c: AttractionCandidate,
  largestOutput: number,
  weights: AttractionWeights = ATTRACTION_WEIGHTS,
): AttractionScore {
  const unknown: AttractionPart[] = [];
  const sizeKnown = Number.isFinite(c.output) && c.output >= 0 && largestOutput > 0;
  const growthKnown = Number.isFinite(c.growth);
  const distanceKnown = Number.isFinite(c.distanceKm) && c.distanceKm >= 0;
  const shareKnown = Number.isFinite(c.inputShare);
  if (!sizeKnown) unknown.push('size');
  if (!growthKnown) unknown.push('growth');
  if (!distanceKnown) unknown.push('distance');
  if (!shareKnown) unknown.push('input_share');
  const size = sizeKnown ? Math.log1p(c.output) / Math.log1p(largestOutput) : 0;
  const growth = growthPart(c.growth);
  const distance = distanceKnown ? 1 / (1 + c.distanceKm / DISTANCE_SCALE_KM) : 0;
  const links = c.leaderLinks > 0 ? 1 : 0;
  const inputShare = shareKnown ? Math.min(1, Math.max(0, c.inputShare)) : 0;
  const parts = { size, growth, distance, links, input_share: inputShare };
  let score = 0;
  for (const part of ATTRACTION_PARTS) score += weights[part] * parts[part];
  return { score, parts, unknown };
}

/** Indices of candidates by score (high first); ties by the part order above, then by index. */
export function rankByAttraction(scores: readonly AttractionScore[]): number[] {
  const order = scores.map((_, k) => k);
  order.sort((a, b) => {
    const sa = scores[a]!;
    const sb = scores[b]!;
    if (sb.score !== sa.score) return sb.score - sa.score;
    for (const part of ATTRACTION_PARTS)
      if (sb.parts[part] !== sa.parts[part]) return sb.parts[part] - sa.parts[part];
    return a - b;
  });
  return order;
}

/** The size part of `attractionScore`, alone. */
export const sizePart = (output: number, largestOutput: number) =>
  Number.isFinite(output) && output >= 0 && largestOutput > 0
    ? Math.log1p(output) / Math.log1p(largestOutput)
    : 0;

/** The growth part of `attractionScore`, alone. */
export const growthPart = (growth: number) =>
  Number.isFinite(growth)
    ? Math.min(1, Math.max(0, (growth - GROWTH_FLOOR) / (GROWTH_CEILING - GROWTH_FLOOR)))
    : 0;

/**
 * Many candidates at once, for ranking every region × node (bench/opportunities.ts): per enterprise the
 * parts that do not depend on the scope, already weighted (w_size·s_size + w_growth·s_growth), and its region.
 */
export interface CandidatePool {
  readonly base: Float64Array;
  readonly region: Int32Array;
}

export function candidatePool(
  output: ArrayLike<number>,
  growth: ArrayLike<number>,
  region: Int32Array,
  weights: AttractionWeights = ATTRACTION_WEIGHTS,
): CandidatePool {
  let largest = 0;
  for (let e = 0; e < output.length; e++) if (output[e]! > largest) largest = output[e]!;
  const base = new Float64Array(output.length);
  for (let e = 0; e < output.length; e++)
    base[e] = weights.size * sizePart(output[e]!, largest) + weights.growth * growthPart(growth[e]!);
  return { base, region };
}

export interface ScopeView {
  /** Distance in km from the scope to each region (by region index); NaN or < 0 unknown. */
  readonly distanceKm: ArrayLike<number>;
  /** Candidates whose linkMark equals linkValue have a supply link with the scope's chain leaders. */
  readonly linkMark: Int32Array;
  readonly linkValue: number;
  /** Candidates of this region are the scope's own and skipped (−1: none). */
  readonly skipRegion: number;
}

/**
 * The best `limit` candidates (enterprise indices) of one node for one scope, by the score of
 * `attractionScore` (the same sum, without an object per candidate). Writes the chosen enterprises and
 * their scores best first; returns how many. On equal scores the earlier candidate wins.
 */
export function topCandidates(
  pool: CandidatePool,
  candidates: ArrayLike<number>,
  scope: ScopeView,
  inputShare: number,
  weights: AttractionWeights,
  limit: number,
  outCandidates: Int32Array,
  outScores: Float64Array,
): number {
  const shared = Number.isFinite(inputShare) ? weights.input_share * Math.min(1, Math.max(0, inputShare)) : 0;
  const { base, region } = pool;
  const { distanceKm, linkMark, linkValue, skipRegion } = scope;
  const wd = weights.distance;
  const wl = weights.links;
  let count = 0;
  let floor = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < candidates.length; k++) {
    const e = candidates[k]!;
    const r = region[e]!;
    if (r === skipRegion) continue;
    const km = r >= 0 ? distanceKm[r]! : Number.NaN;
    const score =
      base[e]! +
      (km >= 0 ? wd * (1 / (1 + km / DISTANCE_SCALE_KM)) : 0) +
      (linkMark[e] === linkValue ? wl : 0) +
      shared;
    if (!(score > floor)) continue;
    let at = count < limit ? count++ : count - 1;
    while (at > 0 && outScores[at - 1]! < score) {
      outScores[at] = outScores[at - 1]!;
      outCandidates[at] = outCandidates[at - 1]!;
      at--;
    }
    outScores[at] = score;
    outCandidates[at] = e;
    if (count === limit) floor = outScores[limit - 1]!;
  }
  return count;
}
