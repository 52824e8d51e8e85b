/**
 * Where a scope (region, park) stands on each node of a chain: strong, present, weak or missing.
 *
 * Two kinds of evidence, each giving a status; the node gets the better of the two.
 * - Enterprises of the scope placed on the node (the chain-chief system's "maps and lists": an industrial
 *   chain is mapped by the enterprises on each link, and a link with one supplier only is fragile):
 *     n = 0 → missing; n = 1, not a chain leader, holding less than `presentOutputShare` of the scope's
 *     output → weak ("one supplier only"); n ≥ 2, or a chain leader, or a share ≥ `presentOutputShare`
 *     → present; n ≥ `strongEnterprises` with at least one chain leader → strong.
 * - Specialization of the scope in the node's industry codes, the location quotient
 *   LQ = (x_s,i / x_s) / (x_r,i / x_r) (Florence 1948; the same ratio as Balassa's 1965 RCA, see
 *   specialization.ts), x being output (or employment) of industry i in the scope s and in a reference
 *   region r that contains it: LQ ≥ `strongLocationQuotient` → strong; ≥ `presentLocationQuotient` (the
 *   Atlas's presence threshold, 1) → present; ≥ `weakLocationQuotient` → weak (activity below the
 *   specialization threshold); below, or unknown → no evidence.
 */
import { AnalyticsInputError } from './input-error.ts';

/** Ordered: a status's index is its level, so "the better of two" is the larger index. */
export const NODE_STATUSES = ['missing', 'weak', 'present', 'strong'] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];
export const MISSING = 0;
export const WEAK = 1;
export const PRESENT = 2;
export const STRONG = 3;

/** Why a node got its status: bits of `NodePresence.reasons`. */
export const PRESENCE_REASON = {
  /** At least `strongEnterprises` enterprises, one of them a chain leader. */
  manyWithLeader: 1,
  /** A chain leader sits on the node. */
  leader: 2,
  /** Two or more enterprises. */
  several: 4,
  /** Exactly one enterprise (and nothing else lifts it): "one supplier only". */
  oneOnly: 8,
  /** The node's enterprises hold at least `presentOutputShare` of the scope's output. */
  outputShare: 16,
  /** LQ ≥ strongLocationQuotient. */
  highlySpecialized: 32,
  /** LQ ≥ presentLocationQuotient. */
  specialized: 64,
  /** weakLocationQuotient ≤ LQ < presentLocationQuotient. */
  belowSpecialization: 128,
} as const;

export interface PresenceThresholds {
  /** Enterprises (with a chain leader among them) that make a node strong; default 3. */
  readonly strongEnterprises?: number;
  /** Share of the scope's output that makes a single-enterprise node present; default 0.10. */
  readonly presentOutputShare?: number;
  /** LQ at or above which the node is strong; default 2. */
  readonly strongLocationQuotient?: number;
  /** LQ at or above which the node is present; default 1 (Hidalgo et al. 2007's presence M = RCA ≥ 1). */
  readonly presentLocationQuotient?: number;
  /** LQ at or above which the node is weak rather than missing; default 0.5. */
  readonly weakLocationQuotient?: number;
}

export const DEFAULT_PRESENCE_THRESHOLDS: Required<PresenceThresholds> = {
  strongEnterprises: 3,
  presentOutputShare: 0.1,
  strongLocationQuotient: 2,
  presentLocationQuotient: 1,
  weakLocationQuotient: 0.5,
};

/** Evidence per node, index = node. NaN where a figure is unknown. */
export interface NodeEvidence {
  /** Enterprises of the scope placed on the node. */
  readonly enterprises: Int32Array;
  /** Of those, the ones with the role chain leader. */
  readonly leaders: Int32Array;
  /** The node's share of the scope's output (0–1), from enterprise figures or a stated share; NaN unknown. */
  readonly outputShare: Float64Array;
  /** The scope's location quotient in the node's industry codes (the largest of them); NaN unknown. */
  readonly locationQuotient: Float64Array;
}

export interface NodePresence {
  /** Index into NODE_STATUSES, per node. */
  readonly status: Uint8Array;
  /** PRESENCE_REASON bits, per node. */
  readonly reasons: Uint16Array;
}

export function resolvePresenceThresholds(options: PresenceThresholds = {}): Required<PresenceThresholds> {
  const d = DEFAULT_PRESENCE_THRESHOLDS;
  const t: Required<PresenceThresholds> = {
    strongEnterprises: options.strongEnterprises ?? d.strongEnterprises,
    presentOutputShare: options.presentOutputShare ?? d.presentOutputShare,
    strongLocationQuotient: options.strongLocationQuotient ?? d.strongLocationQuotient,
    presentLocationQuotient: options.presentLocationQuotient ?? d.presentLocationQuotient,
    weakLocationQuotient: options.weakLocationQuotient ?? d.weakLocationQuotient,
  };
  if (!(Number.isInteger(t.strongEnterprises) && t.strongEnterprises >= 2)) {
    throw new AnalyticsInputError(
      'invalid-option',
      `strongEnterprises must be an integer ≥ 2, got ${t.strongEnterprises}`,
    );
  }
  if (!(t.presentOutputShare > 0 && t.presentOutputShare <= 1)) {
    throw new AnalyticsInputError(
      'invalid-option',
      `presentOutputShare must be in (0, 1], got ${t.presentOutputShare}`,
    );
  }
  if (
    !(
      t.weakLocationQuotient > 0 &&
      t.weakLocationQuotient <= t.presentLocationQuotient &&
      t.presentLocationQuotient <= t.strongLocationQuotient
    )
  ) {
    throw new AnalyticsInputError(
      'invalid-option',
      `location-quotient thresholds must satisfy 0 < weak ≤ present ≤ strong; got ${t.weakLocationQuotient}, ${t.presentLocationQuotient}, ${t.strongLocationQuotient}`,
    );
  }
  return t;
}

/** Status and reasons of every node from its evidence (rule in the file's comment and docs/chain-diagnostics.md). */
export function nodePresence(evidence: NodeEvidence, options: PresenceThresholds = {}): NodePresence {
  const t = resolvePresenceThresholds(options);
  const n = evidence.enterprises.length;
  if (
    evidence.leaders.length !== n ||
    evidence.outputShare.length !== n ||
    evidence.locationQuotient.length !== n
  ) {
    throw new AnalyticsInputError('shape-mismatch', 'node evidence arrays must all have one entry per node');
  }
  const status = new Uint8Array(n);
  const reasons = new Uint16Array(n);
  const R = PRESENCE_REASON;
  for (let i = 0; i < n; i++) {
    const count = evidence.enterprises[i]!;
    const leaders = evidence.leaders[i]!;
    const share = evidence.outputShare[i]!;
    const lq = evidence.locationQuotient[i]!;
    let byEnterprises = MISSING;
    let why = 0;
    if (count > 0) {
      if (leaders > 0) why |= R.leader;
      if (count >= 2) why |= R.several;
      if (share >= t.presentOutputShare) why |= R.outputShare;
      if (count >= t.strongEnterprises && leaders > 0) {
        byEnterprises = STRONG;
        why |= R.manyWithLeader;
      } else if (why !== 0) byEnterprises = PRESENT;
      else {
        byEnterprises = WEAK;
        why |= R.oneOnly;
      }
    }
    let bySpecialization = MISSING;
    if (lq >= t.strongLocationQuotient) {
      bySpecialization = STRONG;
      why |= R.highlySpecialized;
    } else if (lq >= t.presentLocationQuotient) {
      bySpecialization = PRESENT;
      why |= R.specialized;
    } else if (lq >= t.weakLocationQuotient) {
      bySpecialization = WEAK;
      why |= R.belowSpecialization;
    }
    status[i] = byEnterprises > bySpecialization ? byEnterprises : bySpecialization;
    reasons[i] = why;
  }
  return { status, reasons };
}

/**
 * LQ of one industry in one scope against a reference region that contains it:
 * (scopeValue / scopeTotal) / (referenceValue / referenceTotal) — the location quotient of regional
 * science (Florence 1948), i.e. `locationQuotient` of specialization.ts for a single cell whose totals are
 * known. NaN when a total or the reference value is not positive (there is nothing to compare with).
 */
export function locationQuotientOf(
  scopeValue: number,
  scopeTotal: number,
  referenceValue: number,
  referenceTotal: number,
): number {
  if (!(scopeTotal > 0 && referenceValue > 0 && referenceTotal > 0) || !(scopeValue >= 0)) return Number.NaN;
  return scopeValue / scopeTotal / (referenceValue / referenceTotal);
}
