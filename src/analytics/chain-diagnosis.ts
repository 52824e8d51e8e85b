/**
 * The chain diagnostics' single entry point (as py-ecomplexity's `ecomplexity` is for complexity): a
 * scope's evidence on every node of one chain in, every node's status, the chain's completeness and
 * coverage and the scope's dependence out. Local supporting rate (chain-supply.ts), stress tests
 * (chain-dependence.ts) and park performance (chain-park-performance.ts) take other inputs and are called
 * beside it.
 */
import {
  type ChainCompleteness,
  chainCompleteness,
  gapSides,
  type NodeWeights,
  nodeInputWeights,
} from './chain-completeness.ts';
import {
  type Dependence,
  type DependenceOptions,
  type OutputByNode,
  outputDependence,
} from './chain-dependence.ts';
import {
  type NodeEvidence,
  type NodePresence,
  nodePresence,
  type PresenceThresholds,
} from './chain-presence.ts';
import type { ChainStructure } from './chain-structure.ts';

export interface ChainPlacementInput {
  readonly structure: ChainStructure;
  /** The template's node weights, when the caller places many scopes on one chain (computed once). */
  readonly weights?: NodeWeights;
  readonly evidence: NodeEvidence;
  readonly output: OutputByNode;
  readonly thresholds?: PresenceThresholds;
  readonly dependence?: DependenceOptions;
}

export interface ChainPlacement {
  readonly presence: NodePresence;
  readonly completeness: ChainCompleteness;
  /** Per node, index into GAP_SIDES: where a missing node lies relative to what the scope has. */
  readonly gapSide: Uint8Array;
  readonly dependence: Dependence;
}

export function placeOnChain(input: ChainPlacementInput): ChainPlacement {
  const presence = nodePresence(input.evidence, input.thresholds);
  const completeness = chainCompleteness(
    input.structure,
    presence.status,
    input.weights ?? nodeInputWeights(input.structure),
  );
  const dependence = outputDependence(input.output, input.dependence);
  return { presence, completeness, gapSide: gapSides(input.structure, presence.status), dependence };
}

export type { ChainCompleteness, Coverage, NodeWeights } from './chain-completeness.ts';
export { chainCompleteness, GAP_SIDES, gapSides, nodeInputWeights } from './chain-completeness.ts';
export type {
  Dependence,
  DependenceOptions,
  OutputByNode,
  StressTest,
  StressTestOptions,
} from './chain-dependence.ts';
export { DEFAULT_DEPENDENCE_OPTIONS, outputDependence, priceShockStressTest } from './chain-dependence.ts';
export type { ParkFigures, ParkPerformance } from './chain-park-performance.ts';
export {
  competitionRanks,
  industrialConcentrationRate,
  parkPerformance,
  pooledLeadingIndustryConcentration,
} from './chain-park-performance.ts';
export type { NodeEvidence, NodePresence, NodeStatus, PresenceThresholds } from './chain-presence.ts';
export {
  DEFAULT_PRESENCE_THRESHOLDS,
  locationQuotientOf,
  NODE_STATUSES,
  nodePresence,
  PRESENCE_REASON,
  resolvePresenceThresholds,
} from './chain-presence.ts';
export type { ChainStructure, ChainStructureInput } from './chain-structure.ts';
export { CHAIN_POSITIONS, chainStructure, SMILE_STAGES, suppliersOf } from './chain-structure.ts';
export type { LocalSupportingRate, PurchaseLinks, SupportingRate } from './chain-supply.ts';
export { buyerSupportingRate, localSupportingRate } from './chain-supply.ts';
