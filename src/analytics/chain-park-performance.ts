/**
 * Park performance as China's park evaluations measure it and seed 002 (Hunan, 2019) reports it: output
 * and tax per mu of land ("tax output intensity per unit area was 99,000 yuan/mu"), the parks' industrial
 * concentration ("industrial concentration of the parks in the province reached 69.7 %"), the
 * concentration of leading industries ("60.8 %"), and a park's rank among its peers.
 *
 * Definitions (the ones Hunan's park statistics use):
 * - output per mu = output value ÷ land area in mu; tax per mu = tax ÷ land area in mu;
 * - industrial concentration rate (园区工业集中度) = industrial output of the region's parks ÷ the
 *   region's industrial output: how much of the region's industry sits in parks;
 * - leading-industry concentration (主导产业集中度) = output of a park's leading industries ÷ the park's
 *   industrial output, and for several parks Σ leading ÷ Σ output.
 */
import { AnalyticsInputError } from './input-error.ts';

/** One entry per park; NaN where a figure is unknown. */
export interface ParkFigures {
  readonly output: Float64Array;
  readonly tax: Float64Array;
  /** Land the park uses, in mu (1 mu = 1/15 ha). */
  readonly landMu: Float64Array;
  /** Output of the park's leading industries (its industry codes). */
  readonly leadingOutput: Float64Array;
}

export interface ParkPerformance {
  readonly outputPerMu: Float64Array;
  readonly taxPerMu: Float64Array;
  readonly leadingIndustryConcentration: Float64Array;
  /** 1 = highest; parks tied share a rank ("1, 2, 2, 4"); 0 = not ranked (figure unknown). */
  readonly outputPerMuRank: Int32Array;
  readonly taxPerMuRank: Int32Array;
  /** Parks that have each figure, i.e. the size of the ranking. */
  readonly rankedByOutput: number;
  readonly rankedByTax: number;
}

export function parkPerformance(figures: ParkFigures): ParkPerformance {
  const n = figures.output.length;
  if (figures.tax.length !== n || figures.landMu.length !== n || figures.leadingOutput.length !== n) {
    throw new AnalyticsInputError(
      'shape-mismatch',
      'output, tax, landMu and leadingOutput need one entry per park',
    );
  }
  const outputPerMu = new Float64Array(n);
  const taxPerMu = new Float64Array(n);
  const leading = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const land = figures.landMu[i]!;
    outputPerMu[i] = land > 0 ? figures.output[i]! / land : Number.NaN;
    taxPerMu[i] = land > 0 ? figures.tax[i]! / land : Number.NaN;
    const out = figures.output[i]!;
    leading[i] = out > 0 ? figures.leadingOutput[i]! / out : Number.NaN;
  }
  const byOutput = competitionRanks(outputPerMu);
  const byTax = competitionRanks(taxPerMu);
  return {
    outputPerMu,
    taxPerMu,
    leadingIndustryConcentration: leading,
    outputPerMuRank: byOutput.ranks,
    taxPerMuRank: byTax.ranks,
    rankedByOutput: byOutput.ranked,
    rankedByTax: byTax.ranked,
  };
}

/** Industrial concentration rate: parks' industrial output ÷ the region's; null when either is unknown. */
export function industrialConcentrationRate(parksOutput: number, regionOutput: number): number | null {
  if (!(regionOutput > 0) || !(parksOutput >= 0)) return null;
  return parksOutput / regionOutput;
}

/** Leading-industry concentration of several parks together: Σ leading output ÷ Σ output over parks with both. */
export function pooledLeadingIndustryConcentration(figures: ParkFigures): number | null {
  let leading = 0;
  let output = 0;
  for (let i = 0; i < figures.output.length; i++) {
    const o = figures.output[i]!;
    const l = figures.leadingOutput[i]!;
    if (o > 0 && l >= 0) {
      output += o;
      leading += l;
    }
  }
  return output > 0 ? leading / output : null;
}

/** Standard competition ranking, largest first; NaN is not ranked (0). */
export function competitionRanks(values: Float64Array): { ranks: Int32Array; ranked: number } {
  const order: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) order.push(i);
  order.sort((a, b) => values[b]! - values[a]!);
  const ranks = new Int32Array(values.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const prev = k > 0 ? order[k - 1]! : -1;
    ranks[i] = prev >= 0 && values[prev] === values[i] ? ranks[prev]! : k + 1;
  }
  return { ranks, ranked: order.length };
}
