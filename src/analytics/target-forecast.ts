/**
 * Targets: where a figure will be at its due date if it keeps its trend, how sure that is, and whether the
 * target is on track. Required growth itself is `requiredAnnualGrowth` in growth.ts (not repeated here).
 *
 * Method (stated in every answer, so a planner can check it):
 * - three or more observations: a log-linear trend, ln(value) = a + b·t fitted by ordinary least squares
 *   (constant growth, the usual way to extrapolate an economic aggregate), and an 80 % prediction
 *   interval at the due date, exp(â + b̂·t ± t₀.₉,ₙ₋₂ · s · √(1 + 1/n + (t − t̄)² / Sₜₜ)) — the textbook
 *   interval for a new observation of a simple regression (e.g. Montgomery, Peck & Vining, "Introduction
 *   to Linear Regression Analysis", §2.5), taken back through exp;
 * - two observations: their CAGR carried forward; no interval (no residual to measure the spread);
 * - fewer: no forecast.
 * Values must be positive (a log-linear trend of a figure that is zero or negative has no meaning).
 */
import { AnalyticsInputError } from './input-error.ts';

export interface Observation {
  /** Time in years (fractional years allowed, e.g. 2024.5 or years since an origin). */
  readonly t: number;
  readonly value: number;
}

export type ForecastMethod = 'log_linear_ols' | 'two_point_cagr' | 'none';

export interface TrendForecast {
  readonly method: ForecastMethod;
  /** The method in words, for the answer a user reads. */
  readonly description: string;
  readonly observations: number;
  /** Forecast at the due time; null when there are too few observations. */
  readonly value: number | null;
  /** 80 % prediction interval; null with fewer than three observations. */
  readonly lower: number | null;
  readonly upper: number | null;
  readonly intervalLevel: 0.8;
  /** The trend's annual growth rate, e^b − 1 (or the two-point CAGR). */
  readonly trendGrowth: number | null;
}

export type TargetStatus = 'achieved' | 'on_track' | 'at_risk' | 'off_track' | 'unknown';

/** Two-sided 80 % interval: the 0.9 quantile of Student's t with `df` degrees of freedom. */
export function studentT90(df: number): number {
  if (!(df >= 1))
    throw new AnalyticsInputError('invalid-option', `degrees of freedom must be ≥ 1, got ${df}`);
  const table = [
    3.078, 1.886, 1.638, 1.533, 1.476, 1.44, 1.415, 1.397, 1.383, 1.372, 1.363, 1.356, 1.35, 1.345, 1.341,
    1.337, 1.333, 1.33, 1.328, 1.325, 1.323, 1.321, 1.319, 1.318, 1.316, 1.315, 1.314, 1.313, 1.311, 1.31,
  ];
  const whole = Math.floor(df);
  if (whole <= table.length) return table[whole - 1]!;
  // Cornish–Fisher expansion around z₀.₉ = 1.28155 (error < 0.001 beyond 30 degrees of freedom).
  const z = 1.2815516;
  return z + (z ** 3 + z) / (4 * whole);
}

/** Forecast of a positive series at time `at` from its trend (see the module's comment for the method). */
export function forecastTrend(observations: readonly Observation[], at: number): TrendForecast {
  if (!Number.isFinite(at)) throw new AnalyticsInputError('not-a-number', `the due time is ${at}`);
  for (const o of observations) {
    if (!Number.isFinite(o.t) || !Number.isFinite(o.value)) {
      throw new AnalyticsInputError('not-a-number', `observation at ${o.t} is ${o.value}, not a number`);
    }
    if (o.value <= 0) {
      throw new AnalyticsInputError(
        'invalid-option',
        `a log-linear trend needs positive values; the observation at ${o.t} is ${o.value}`,
      );
    }
  }
  const sorted = [...observations].sort((a, b) => a.t - b.t);
  const n = sorted.length;
  const base = { observations: n, intervalLevel: 0.8 as const };
  if (n < 2 || sorted[0]!.t === sorted[n - 1]!.t) {
    return {
      ...base,
      method: 'none',
      description: `no forecast: a trend needs at least two observations at different times (${n} given)`,
      value: null,
      lower: null,
      upper: null,
      trendGrowth: null,
    };
  }
  if (n === 2) {
    const [a, b] = sorted as [Observation, Observation];
    const growth = (b.value / a.value) ** (1 / (b.t - a.t)) - 1;
    return {
      ...base,
      method: 'two_point_cagr',
      description:
        'the CAGR between the two observations carried forward to the due date; no interval (two points leave no residual to measure the spread)',
      value: b.value * (1 + growth) ** (at - b.t),
      lower: null,
      upper: null,
      trendGrowth: growth,
    };
  }
  const ts = sorted.map((o) => o.t);
  const ys = sorted.map((o) => Math.log(o.value));
  const tMean = ts.reduce((s, t) => s + t, 0) / n;
  const yMean = ys.reduce((s, y) => s + y, 0) / n;
  let stt = 0;
  let sty = 0;
  for (let i = 0; i < n; i++) {
    stt += (ts[i]! - tMean) ** 2;
    sty += (ts[i]! - tMean) * (ys[i]! - yMean);
  }
  const slope = sty / stt;
  const intercept = yMean - slope * tMean;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ys[i]! - intercept - slope * ts[i]!) ** 2;
  const s = Math.sqrt(sse / (n - 2));
  const fit = intercept + slope * at;
  const half = studentT90(n - 2) * s * Math.sqrt(1 + 1 / n + (at - tMean) ** 2 / stt);
  return {
    ...base,
    method: 'log_linear_ols',
    description:
      'log-linear trend ln(value) = a + b·year fitted by ordinary least squares over the observations, extrapolated to the due date; 80 % prediction interval from the residuals (Student t, n − 2 degrees of freedom), taken back through exp',
    value: Math.exp(fit),
    lower: Math.exp(fit - half),
    upper: Math.exp(fit + half),
    trendGrowth: Math.exp(slope) - 1,
  };
}

/**
 * On track when the forecast reaches the target; at risk when only the interval's upper end does (or, with
 * no interval, when the forecast falls short by less than `tolerance` of the target); off track otherwise.
 * A target already reached by the latest value is "achieved"; without a forecast the status is unknown.
 */
export function targetStatus(
  target: number,
  latest: number | null,
  forecast: Pick<TrendForecast, 'value' | 'upper'>,
  tolerance = 0.05,
): TargetStatus {
  if (latest !== null && latest >= target) return 'achieved';
  if (forecast.value === null) return 'unknown';
  if (forecast.value >= target) return 'on_track';
  if (forecast.upper !== null) return forecast.upper >= target ? 'at_risk' : 'off_track';
  return forecast.value >= target * (1 - tolerance) ? 'at_risk' : 'off_track';
}
