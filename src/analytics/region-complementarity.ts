/**
 * Complementary regions on one chain: regions strong where a region is missing and missing where it is
 * strong — partners for sharing opportunities instead of competing for the same node (Hubei's "share,
 * not compete"), and candidate enclave ("flying economy", 飞地经济) pairings.
 *
 * Each region's node statuses (chain diagnostics: 0 missing, 1 weak, 2 present, 3 strong) give two sets:
 * lacks(r) = missing nodes, has(r) = nodes with any enterprise (status ≥ weak) — a weak node is still a
 * foothold a partner can build on, and a region is only said to lack what it has nothing of. For a region a and a partner b:
 *
 *   gives(b→a) = lacks(a) ∩ has(b)      takes(a→b) = has(a) ∩ lacks(b)
 *   pairing(a, b) = (W(gives) + W(takes)) / W(all nodes)
 *
 * with W the sum of the nodes' weights (the template's input shares, or 1 each): the part of the chain on
 * which the two regions complete each other, in [0, 1]. A pairing is mutual when both sets are non-empty,
 * and an enclave candidate when it is mutual and b is strong on at least one node a lacks (a strong
 * region can seed an enclave park in its partner, which in return supplies what b lacks).
 *
 * Sets are bit masks (32 nodes a word) and W is read from per-byte tables of weight sums, so comparing a
 * region with 3,000 others is a few thousand word operations per chain.
 */
import { AnalyticsInputError } from './input-error.ts';

export const STATUS_MISSING = 0;
export const STATUS_WEAK = 1;
export const STATUS_PRESENT = 2;
export const STATUS_STRONG = 3;

export interface NodeMasks {
  readonly regions: number;
  readonly nodes: number;
  readonly words: number;
  readonly lacks: Uint32Array;
  readonly has: Uint32Array;
  readonly strong: Uint32Array;
  /** Weight-sum tables: table[(word · 4 + byte) · 256 + value] = Σ weights of the nodes set in that byte. */
  readonly table: Float64Array;
  readonly totalWeight: number;
  readonly weights: Float64Array;
}

/** Builds the masks from statuses (regions × nodes, row-major) and node weights (default 1 each). */
export function nodeMasks(
  status: Uint8Array,
  regions: number,
  nodes: number,
  weights?: ArrayLike<number>,
): NodeMasks {
  if (status.length !== regions * nodes) {
    throw new AnalyticsInputError(
      'shape-mismatch',
      `statuses: ${status.length} values for ${regions} regions × ${nodes} nodes`,
    );
  }
  if (weights && weights.length !== nodes) {
    throw new AnalyticsInputError(
      'shape-mismatch',
      `node weights: ${weights.length} values for ${nodes} nodes`,
    );
  }
  const w = new Float64Array(nodes);
  let totalWeight = 0;
  for (let n = 0; n < nodes; n++) {
    const value = weights ? Number(weights[n]) : 1;
    if (!(value >= 0))
      throw new AnalyticsInputError('invalid-option', `node ${n}: weight ${value} must be ≥ 0`);
    w[n] = value;
    totalWeight += value;
  }
  const words = Math.max(1, Math.ceil(nodes / 32));
  const lacks = new Uint32Array(regions * words);
  const has = new Uint32Array(regions * words);
  const strong = new Uint32Array(regions * words);
  for (let r = 0; r < regions; r++) {
    for (let n = 0; n < nodes; n++) {
      const s = status[r * nodes + n]!;
      const slot = r * words + (n >>> 5);
      const bit = 1 << (n & 31);
      if (s >= STATUS_WEAK) has[slot]! |= bit;
      else lacks[slot]! |= bit;
      if (s === STATUS_STRONG) strong[slot]! |= bit;
    }
  }
  const table = new Float64Array(words * 4 * 256);
  for (let word = 0; word < words; word++) {
    for (let byte = 0; byte < 4; byte++) {
      const base = (word * 4 + byte) * 256;
      for (let v = 1; v < 256; v++) {
        let sum = 0;
        for (let b = 0; b < 8; b++) {
          const n = word * 32 + byte * 8 + b;
          if (v & (1 << b) && n < nodes) sum += w[n]!;
        }
        table[base + v] = sum;
      }
    }
  }
  return { regions, nodes, words, lacks, has, strong, table, totalWeight, weights: w };
}

function maskWeight(table: Float64Array, word: number, bits: number): number {
  const base = word * 1024;
  return (
    table[base + (bits & 255)]! +
    table[base + 256 + ((bits >>> 8) & 255)]! +
    table[base + 512 + ((bits >>> 16) & 255)]! +
    table[base + 768 + (bits >>> 24)]!
  );
}

export interface Pairing {
  readonly partner: number;
  /** pairing(a, b) in [0, 1]. */
  readonly score: number;
  /** W(gives) and W(takes), the two terms of the score's numerator. */
  readonly gives_weight: number;
  readonly takes_weight: number;
  readonly total_weight: number;
  /** Node indices: partner has what the region lacks; region has what the partner lacks; partner strong there. */
  readonly gives: readonly number[];
  readonly takes: readonly number[];
  readonly strong_gives: readonly number[];
  readonly mutual: boolean;
  readonly enclave_candidate: boolean;
}

export interface PairingSettings {
  /** How many partners (default 10). */
  readonly limit?: number;
  /** Only partners in this list (e.g. regions of one level); default all but the region itself. */
  readonly among?: ArrayLike<number>;
}

function nodesOf(mask: Uint32Array, offset: number, words: number, nodes: number): number[] {
  const out: number[] = [];
  for (let word = 0; word < words; word++) {
    let bits = mask[offset + word]!;
    while (bits !== 0) {
      const low = bits & -bits;
      const n = word * 32 + (31 - Math.clz32(low));
      if (n < nodes) out.push(n);
      bits ^= low;
    }
  }
  return out;
}

/** The best partners of region `a`, highest score first (ties: more gives, then lower index). */
export function complementaryRegions(masks: NodeMasks, a: number, settings: PairingSettings = {}): Pairing[] {
  const { regions, nodes, words, lacks, has, strong, table, totalWeight } = masks;
  if (!(a >= 0 && a < regions))
    throw new AnalyticsInputError('invalid-option', `region ${a} is not among ${regions}`);
  const limit = Math.max(0, settings.limit ?? 10);
  if (limit === 0 || totalWeight === 0) return [];
  const among = settings.among;
  const count = among ? among.length : regions;
  // Keep the best `limit` by insertion into a short sorted list: limit ≪ regions.
  const bestScore: number[] = [];
  const bestGives: number[] = [];
  const bestPartner: number[] = [];
  const offsetA = a * words;
  const lacksA0 = lacks[offsetA]!;
  const hasA0 = has[offsetA]!;
  // Numerator of the current last place once the list is full: cheaper partners are skipped unscored.
  let floor = 0;
  for (let k = 0; k < count; k++) {
    const b = among ? among[k]! : k;
    if (b === a) continue;
    const offsetB = b * words;
    let gives = 0;
    let takes = 0;
    if (words === 1) {
      // Chains of up to 32 nodes (all templates so far): one word, the table lookups inlined.
      const g = lacksA0 & has[offsetB]!;
      const t = hasA0 & lacks[offsetB]!;
      if (g !== 0)
        gives =
          table[g & 255]! +
          table[256 + ((g >>> 8) & 255)]! +
          table[512 + ((g >>> 16) & 255)]! +
          table[768 + (g >>> 24)]!;
      if (t !== 0)
        takes =
          table[t & 255]! +
          table[256 + ((t >>> 8) & 255)]! +
          table[512 + ((t >>> 16) & 255)]! +
          table[768 + (t >>> 24)]!;
    } else {
      for (let word = 0; word < words; word++) {
        const g = lacks[offsetA + word]! & has[offsetB + word]!;
        const t = has[offsetA + word]! & lacks[offsetB + word]!;
        if (g !== 0) gives += maskWeight(table, word, g);
        if (t !== 0) takes += maskWeight(table, word, t);
      }
    }
    const sum = gives + takes;
    if (sum <= 0 || sum < floor) continue;
    const score = sum / totalWeight;
    const size = bestScore.length;
    if (
      size === limit &&
      (score < bestScore[size - 1]! || (score === bestScore[size - 1]! && gives <= bestGives[size - 1]!))
    )
      continue;
    let at = size;
    while (
      at > 0 &&
      (bestScore[at - 1]! < score || (bestScore[at - 1]! === score && bestGives[at - 1]! < gives))
    )
      at--;
    bestScore.splice(at, 0, score);
    bestGives.splice(at, 0, gives);
    bestPartner.splice(at, 0, b);
    if (bestScore.length > limit) {
      bestScore.pop();
      bestGives.pop();
      bestPartner.pop();
    }
    if (bestScore.length === limit) floor = bestScore[limit - 1]! * totalWeight * (1 - 1e-12);
  }
  const out: Pairing[] = [];
  const scratch = new Uint32Array(words * 3);
  for (let k = 0; k < bestPartner.length; k++) {
    const b = bestPartner[k]!;
    const offsetB = b * words;
    for (let word = 0; word < words; word++) {
      scratch[word] = lacks[offsetA + word]! & has[offsetB + word]!;
      scratch[words + word] = has[offsetA + word]! & lacks[offsetB + word]!;
      scratch[2 * words + word] = lacks[offsetA + word]! & strong[offsetB + word]!;
    }
    const gives = nodesOf(scratch, 0, words, nodes);
    const takes = nodesOf(scratch, words, words, nodes);
    const strongGives = nodesOf(scratch, 2 * words, words, nodes);
    const mutual = gives.length > 0 && takes.length > 0;
    let givesWeight = 0;
    let takesWeight = 0;
    for (const n of gives) givesWeight += masks.weights[n]!;
    for (const n of takes) takesWeight += masks.weights[n]!;
    out.push({
      partner: b,
      score: bestScore[k]!,
      gives_weight: givesWeight,
      takes_weight: takesWeight,
      total_weight: totalWeight,
      gives,
      takes,
      strong_gives: strongGives,
      mutual,
      enclave_candidate: mutual && strongGives.length > 0,
    });
  }
  return out;
}
