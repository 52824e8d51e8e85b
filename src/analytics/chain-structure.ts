/**
 * A chain template as the chain diagnostics read it: nodes numbered 0…n−1 with their position in the flow
 * of goods and their smile-curve stage, and the supplier → buyer edges with the input share each carries
 * where the template states one. Typed arrays, so that thousands of scopes can be placed on the same
 * template without allocating per node.
 */
import { CHAIN_POSITIONS, SMILE_STAGES } from '../domain/vocabulary.ts';
import { AnalyticsInputError } from './input-error.ts';

export { CHAIN_POSITIONS, SMILE_STAGES };
export type ChainPosition = (typeof CHAIN_POSITIONS)[number];
export type SmileStage = (typeof SMILE_STAGES)[number];

export interface ChainStructure {
  readonly nodeCount: number;
  /** Index into CHAIN_POSITIONS (0 upstream, 1 midstream, 2 downstream). */
  readonly position: Uint8Array;
  /** Index into SMILE_STAGES (0 rnd … 6 services); −1 where the template gives no stage. */
  readonly stage: Int8Array;
  /** Edge e: node edgeFrom[e] supplies node edgeTo[e]. */
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  /** Share of edgeTo's purchased inputs that come from edgeFrom (0–1); NaN where not stated. */
  readonly edgeShare: Float64Array;
}

export interface ChainStructureInput {
  readonly positions: readonly string[];
  readonly stages: readonly (string | null)[];
  readonly edges: readonly { readonly from: number; readonly to: number; readonly share?: number | null }[];
}

/** Builds the typed form of a template from node positions, stages and edges given by node index. */
export function chainStructure(input: ChainStructureInput): ChainStructure {
  const n = input.positions.length;
  if (input.stages.length !== n) {
    throw new AnalyticsInputError(
      'shape-mismatch',
      `one stage per node: ${n} positions, ${input.stages.length} stages`,
    );
  }
  const position = new Uint8Array(n);
  const stage = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const p = CHAIN_POSITIONS.indexOf(input.positions[i] as ChainPosition);
    if (p < 0) {
      throw new AnalyticsInputError(
        'invalid-option',
        `node ${i} has position ${String(input.positions[i])}; expected ${CHAIN_POSITIONS.join(', ')}`,
        [i],
      );
    }
    position[i] = p;
    const s = input.stages[i];
    stage[i] = s === null || s === undefined ? -1 : SMILE_STAGES.indexOf(s as SmileStage);
    if (s !== null && s !== undefined && stage[i]! < 0) {
      throw new AnalyticsInputError(
        'invalid-option',
        `node ${i} has stage ${s}; expected ${SMILE_STAGES.join(', ')}`,
        [i],
      );
    }
  }
  const m = input.edges.length;
  const edgeFrom = new Int32Array(m);
  const edgeTo = new Int32Array(m);
  const edgeShare = new Float64Array(m).fill(Number.NaN);
  input.edges.forEach((e, k) => {
    if (!(e.from >= 0 && e.from < n && e.to >= 0 && e.to < n) || e.from === e.to) {
      throw new AnalyticsInputError(
        'invalid-option',
        `edge ${k} (${e.from} → ${e.to}) must join two different nodes of the ${n}`,
        [k],
      );
    }
    edgeFrom[k] = e.from;
    edgeTo[k] = e.to;
    if (e.share !== null && e.share !== undefined) {
      if (!(e.share >= 0 && e.share <= 1)) {
        throw new AnalyticsInputError(
          'invalid-option',
          `edge ${k} has input share ${e.share}; expected 0–1`,
          [k],
        );
      }
      edgeShare[k] = e.share;
    }
  });
  return { nodeCount: n, position, stage, edgeFrom, edgeTo, edgeShare };
}

/** The nodes that supply `node` directly (its in-neighbours), in edge order. */
export function suppliersOf(structure: ChainStructure, node: number): number[] {
  const out: number[] = [];
  for (let e = 0; e < structure.edgeTo.length; e++)
    if (structure.edgeTo[e] === node) out.push(structure.edgeFrom[e]!);
  return out;
}
