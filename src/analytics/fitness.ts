/**
 * Fitness and complexity: Tacchella, Cristelli, Caldarelli, Gabrielli & Pietronero (2012), "A New
 * Metrics for Countries' Fitness and Products' Complexity", Scientific Reports 2: 723. Unlike ECI, a
 * product's complexity is dominated by its least fit producer: a product that weak economies also make
 * cannot need much. Parameters and the order of the updates follow R's economiccomplexity 2.0.0
 * (`complexity_measures(method = "fitness")`), with the extremality of Mariani et al. (2015).
 */
import { AnalyticsInputError } from './input-error.ts';
import type { PresenceMatrix } from './matrix.ts';
import { type PresenceLists, presenceLists } from './presence-lists.ts';

export interface FitnessOptions {
  /**
   * Number of iterations including the starting one (economiccomplexity's default, 20). The map has no
   * fixed point with all values positive on a nested matrix (Pugliese, Zaccaria & Pietronero 2016), so a
   * fixed count, not a tolerance, is what makes results comparable.
   */
  readonly iterations?: number;
  /** γ in Q̃_p = 1 / (Σ_c M_cp F_c^-γ)^(1/γ); 1 is Tacchella et al.'s original; default 1. */
  readonly extremality?: number;
}

export interface FitnessComplexity {
  /** F_c, normalized to mean 1. */
  readonly fitness: Float64Array;
  /** Q_p, normalized to mean 1. */
  readonly complexity: Float64Array;
}

/**
 * Starting from F = Q = 1, repeat (both updates from the previous step's values):
 * F̃_c = Σ_p M_cp Q_p,  Q̃_p = 1 / (Σ_c M_cp F_c^-γ)^(1/γ),  F = F̃ / mean F̃,  Q = Q̃ / mean Q̃.
 * Every product must be present somewhere (its Q̃ would be infinite); a location with no product gets
 * fitness 0.
 */
export function fitnessComplexity(
  m: PresenceMatrix | PresenceLists,
  options: FitnessOptions = {},
): FitnessComplexity {
  const iterations = options.iterations ?? 20;
  const gamma = options.extremality ?? 1;
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new AnalyticsInputError(
      'invalid-option',
      `iterations must be a positive integer, got ${iterations}`,
    );
  }
  if (!(gamma > 0) || !Number.isFinite(gamma)) {
    throw new AnalyticsInputError('invalid-option', `extremality must be a positive number, got ${gamma}`);
  }
  const lists = 'items' in m ? m : presenceLists(m);
  const { rows, cols, start, items } = lists;
  const ubiquity = new Int32Array(cols);
  for (let k = 0; k < items.length; k++) ubiquity[items[k]!]!++;
  const absent = ubiquity.indexOf(0);
  if (absent >= 0) {
    throw new AnalyticsInputError(
      'complexity-undefined',
      `fitness–complexity needs every product to be present somewhere; product ${absent} is present nowhere`,
    );
  }
  let fitness: Float64Array = new Float64Array(rows).fill(1);
  let complexity: Float64Array = new Float64Array(cols).fill(1);
  const inverse = new Float64Array(cols);
  for (let step = 1; step < iterations; step++) {
    const nextFitness = new Float64Array(rows);
    inverse.fill(0);
    for (let c = 0; c < rows; c++) {
      let sum = 0;
      const weight = fitness[c]! ** -gamma;
      for (let k = start[c]!; k < start[c + 1]!; k++) {
        const p = items[k]!;
        sum += complexity[p]!;
        inverse[p]! += weight;
      }
      nextFitness[c] = sum;
    }
    const nextComplexity = new Float64Array(cols);
    for (let p = 0; p < cols; p++) nextComplexity[p] = 1 / inverse[p]! ** (1 / gamma);
    fitness = normalizeToMeanOne(nextFitness, 'fitness');
    complexity = normalizeToMeanOne(nextComplexity, 'complexity');
  }
  return { fitness, complexity };
}

function normalizeToMeanOne(values: Float64Array, what: string): Float64Array {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const average = sum / values.length;
  if (!(average > 0) || !Number.isFinite(average)) {
    throw new AnalyticsInputError(
      'complexity-undefined',
      `${what} collapsed to zero; use fewer iterations (the map has no positive fixed point on this matrix)`,
    );
  }
  for (let i = 0; i < values.length; i++) values[i]! /= average;
  return values;
}
