/**
 * Growth: how fast a figure moved, how fast it must move to reach a target by a date (Hubei's "7 tn yuan
 * by 2027, 10 tn by 2030"), and why a region's industries grew — the shift-share decomposition into the
 * nation's growth, the industry mix and the region's own competitive effect.
 *
 * A growth rate from a base of zero (or from a negative base, for rates compounded over years) has no
 * meaning; the functions answer `null` there rather than Infinity or NaN, so a table of many series can be
 * computed in one go and the gaps shown as gaps.
 */
import { AnalyticsInputError } from './input-error.ts';
import { type Matrix, matrix } from './matrix.ts';

/**
 * Year-on-year (period-on-period) growth (current − previous) / |previous|; null when previous is 0.
 * Dividing by the absolute value keeps the sign meaning "better": a loss shrinking from −10 to −5 is +50 %.
 */
export function yearOnYear(current: number, previous: number): number | null {
  checkFinite(current, 'current value');
  checkFinite(previous, 'previous value');
  if (previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

/**
 * Compound annual growth rate (end / start)^(1 / years) − 1. `years` may be fractional (see
 * `yearsBetween`). null when start ≤ 0 or end < 0: a compounded rate cannot cross zero.
 */
export function compoundAnnualGrowth(start: number, end: number, years: number): number | null {
  checkFinite(start, 'start value');
  checkFinite(end, 'end value');
  checkYears(years);
  if (start <= 0 || end < 0) return null;
  return (end / start) ** (1 / years) - 1;
}

/**
 * The CAGR a figure needs from now to reach a target in `years` — the same formula as
 * `compoundAnnualGrowth`, read forward: (target / current)^(1 / years) − 1. Negative when the target is
 * below the current value.
 */
export function requiredAnnualGrowth(current: number, target: number, years: number): number | null {
  return compoundAnnualGrowth(current, target, years);
}

/**
 * Years between two dates ('YYYY-MM-DD' or a Date), counting 365.2425 days a year (the Gregorian mean),
 * for CAGRs between dates that are not year ends: 2023-12-31 → 2027-12-31 is 4.0.
 */
export function yearsBetween(from: string | Date, to: string | Date): number {
  const start = typeof from === 'string' ? Date.parse(`${from}T00:00:00Z`) : from.getTime();
  const end = typeof to === 'string' ? Date.parse(`${to}T00:00:00Z`) : to.getTime();
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw new AnalyticsInputError(
      'invalid-option',
      `dates must be YYYY-MM-DD, got ${String(from)} and ${String(to)}`,
    );
  }
  return (end - start) / (365.2425 * 86_400_000);
}

function checkFinite(v: number, what: string): void {
  if (!Number.isFinite(v)) throw new AnalyticsInputError('not-a-number', `the ${what} is ${v}, not a number`);
}

function checkYears(years: number): void {
  if (!(years > 0) || !Number.isFinite(years)) {
    throw new AnalyticsInputError('invalid-option', `the number of years must be positive, got ${years}`);
  }
}

/** The three effects of a shift-share decomposition, each regions × industries; they add up to `change`. */
export interface ShiftShare {
  /** e⁰_ri · G: what the region's industry would have gained growing like the whole nation. */
  readonly nationalGrowth: Matrix;
  /** e⁰_ri · (g_i − G): the extra from being in an industry that grows faster or slower nationally. */
  readonly industryMix: Matrix;
  /** e⁰_ri · (g_ri − g_i): the region's own over- or under-performance in the industry. */
  readonly competitive: Matrix;
  /** e¹_ri − e⁰_ri. */
  readonly change: Matrix;
}

export interface ShiftShareOptions {
  /**
   * National totals by industry at the start and the end, when the regions given are not the whole
   * nation (a province's prefectures against China). Default: the sums over the regions given.
   */
  readonly nation?: { readonly start: ArrayLike<number>; readonly end: ArrayLike<number> };
}

/**
 * Classic shift-share (Dunn 1960; Esteban-Marquillas 1972's notation): with national growth
 * G = E¹/E⁰ − 1 and industry growth g_i = E¹_i/E⁰_i − 1,
 * Δe_ri = e⁰_ri G + e⁰_ri (g_i − G) + e⁰_ri (g_ri − g_i).
 * The competitive effect is computed as Δe − national − mix, so that the three add up exactly and an
 * industry that is new in the region (e⁰ = 0, no growth rate) shows its whole gain as competitive.
 * An industry absent nationally at the start has no growth rate either; its mix effect is 0 (e⁰_ri is 0
 * there too when the nation is the sum of the regions).
 */
export function shiftShare(start: Matrix, end: Matrix, options: ShiftShareOptions = {}): ShiftShare {
  if (start.rows !== end.rows || start.cols !== end.cols) {
    throw new AnalyticsInputError(
      'shape-mismatch',
      `start and end must have the same regions × industries; got ${start.rows} × ${start.cols} and ${end.rows} × ${end.cols}`,
    );
  }
  const { rows, cols } = start;
  const nationStart = options.nation?.start ?? columnSums(start);
  const nationEnd = options.nation?.end ?? columnSums(end);
  if (nationStart.length !== cols || nationEnd.length !== cols) {
    throw new AnalyticsInputError('shape-mismatch', `national totals need one value per industry (${cols})`);
  }
  let totalStart = 0;
  let totalEnd = 0;
  for (let i = 0; i < cols; i++) {
    checkFinite(nationStart[i]!, `national start value of industry ${i}`);
    checkFinite(nationEnd[i]!, `national end value of industry ${i}`);
    totalStart += nationStart[i]!;
    totalEnd += nationEnd[i]!;
  }
  if (!(totalStart > 0)) {
    throw new AnalyticsInputError(
      'zero-total',
      'the national total at the start is zero: there is no growth rate',
    );
  }
  const national = totalEnd / totalStart - 1;
  const industryGrowth = new Float64Array(cols);
  for (let i = 0; i < cols; i++) {
    industryGrowth[i] = nationStart[i]! > 0 ? nationEnd[i]! / nationStart[i]! - 1 : national;
  }
  const size = rows * cols;
  const nationalEffect = new Float64Array(size);
  const mix = new Float64Array(size);
  const competitive = new Float64Array(size);
  const change = new Float64Array(size);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < cols; i++) {
      const k = r * cols + i;
      const e0 = start.data[k]!;
      const e1 = end.data[k]!;
      checkFinite(e0, `start value of region ${r}, industry ${i}`);
      checkFinite(e1, `end value of region ${r}, industry ${i}`);
      nationalEffect[k] = e0 * national;
      mix[k] = e0 * (industryGrowth[i]! - national);
      change[k] = e1 - e0;
      competitive[k] = change[k]! - nationalEffect[k]! - mix[k]!;
    }
  }
  return {
    nationalGrowth: matrix(rows, cols, nationalEffect),
    industryMix: matrix(rows, cols, mix),
    competitive: matrix(rows, cols, competitive),
    change: matrix(rows, cols, change),
  };
}

/**
 * Dynamic shift-share (Barff & Knight 1988, "Dynamic shift-share analysis", Growth and Change 19): the
 * classic decomposition for each pair of consecutive periods, summed, so that a long span is not judged
 * by its first year's industry mix alone. `periods` in time order; `nation`, when given, one entry per
 * period.
 */
export function dynamicShiftShare(
  periods: readonly Matrix[],
  options: { readonly nation?: readonly ArrayLike<number>[] } = {},
): ShiftShare {
  if (periods.length < 2) {
    throw new AnalyticsInputError('shape-mismatch', 'a dynamic shift-share needs at least two periods');
  }
  if (options.nation && options.nation.length !== periods.length) {
    throw new AnalyticsInputError('shape-mismatch', 'national totals are needed for every period');
  }
  const first = periods[0]!;
  const size = first.rows * first.cols;
  const sums = [
    new Float64Array(size),
    new Float64Array(size),
    new Float64Array(size),
    new Float64Array(size),
  ];
  for (let t = 1; t < periods.length; t++) {
    const nation = options.nation ? { start: options.nation[t - 1]!, end: options.nation[t]! } : undefined;
    const step = shiftShare(periods[t - 1]!, periods[t]!, { nation });
    [step.nationalGrowth, step.industryMix, step.competitive, step.change].forEach((m, j) => {
      const target = sums[j]!;
      for (let k = 0; k < size; k++) target[k]! += m.data[k]!;
    });
  }
  return {
    nationalGrowth: matrix(first.rows, first.cols, sums[0]!),
    industryMix: matrix(first.rows, first.cols, sums[1]!),
    competitive: matrix(first.rows, first.cols, sums[2]!),
    change: matrix(first.rows, first.cols, sums[3]!),
  };
}

function columnSums(m: Matrix): Float64Array {
  const out = new Float64Array(m.cols);
  for (let r = 0; r < m.rows; r++) for (let i = 0; i < m.cols; i++) out[i]! += m.data[r * m.cols + i]!;
  return out;
}
