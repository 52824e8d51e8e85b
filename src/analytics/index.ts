/**
 * Chain Atlas analytics: pure functions on typed arrays, no I/O. Services load from the store, call
 * these, and write results back; see docs/analytics.md for every metric's definition and source.
 */

// Chain diagnostics (issue 4): presence, completeness, supporting rate, dependence, park performance.
export * from './chain-diagnosis.ts';
export {
  type ComplexityIndices,
  economicComplexity,
  methodOfReflections,
  type Reflections,
} from './complexity.ts';
export {
  gini,
  herfindahlHirschman,
  hooverIndex,
  krugmanSpecialization,
  normalizedHerfindahlHirschman,
  shannonEntropy,
  shares,
  topShare,
} from './concentration.ts';
export { density, distance, relatednessDensity, weightedDensity } from './density.ts';
export {
  type ComplexityRecord,
  complexityOfPeriod,
  complexityRecords,
  type EcomplexityOptions,
  type EcomplexityResult,
  ecomplexity,
  ecomplexityOfPanel,
  type GivenProximity,
  type Omission,
  type PeriodComplexity,
  type PeriodContext,
  type PopulationTable,
  type ProximityResult,
  proximity,
  proximityRecords,
} from './ecomplexity.ts';
export { type FitnessComplexity, fitnessComplexity } from './fitness.ts';
export {
  compoundAnnualGrowth,
  dynamicShiftShare,
  requiredAnnualGrowth,
  type ShiftShare,
  type ShiftShareOptions,
  shiftShare,
  yearOnYear,
  yearsBetween,
} from './growth.ts';
export { AnalyticsInputError, type AnalyticsInputProblem } from './input-error.ts';
export {
  allocationCoefficients,
  type Extraction,
  forwardExtraction,
  ghoshInverse,
  hypotheticalExtraction,
  type Linkages,
  leontiefInverse,
  outputMultipliers,
  rasmussenLinkages,
  type SectorRole,
  technicalCoefficients,
} from './input-output.ts';
export {
  type CodeColumn,
  columnOf,
  type DuplicateRows,
  type EncodedCodes,
  type LongTable,
  longToPanel,
  type Matrix,
  marginTotals,
  matrix,
  type Panel,
  type PanelOptions,
  type PresenceMatrix,
  rowOf,
} from './matrix.ts';
export {
  complexityOutlookGain,
  complexityOutlookIndex,
  densityAndOutlook,
  type OutlookOptions,
} from './opportunity.ts';
export { type PresenceLists, presenceLists } from './presence-lists.ts';
export { continuousProximity, coOccurrence, type ProximityOptions, productProximity } from './proximity.ts';
export {
  diversity,
  locationQuotient,
  type PresenceOptions,
  type PresenceTest,
  presence,
  revealedComparativeAdvantage,
  rpop,
  ubiquity,
} from './specialization.ts';
