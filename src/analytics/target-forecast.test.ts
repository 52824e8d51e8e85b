import { describe, expect, it } from 'vitest';
import { requiredAnnualGrowth } from './growth.ts';
import { forecastTrend, studentT90, targetStatus } from './target-forecast.ts';

describe('forecastTrend', () => {
  it('recovers an exact constant-growth series with a zero-width interval', () => {
    const obs = [2020, 2021, 2022, 2023].map((t, i) => ({ t, value: 100 * 1.1 ** i }));
    const f = forecastTrend(obs, 2027);
    expect(f.method).toBe('log_linear_ols');
    expect(f.trendGrowth).toBeCloseTo(0.1, 12);
    expect(f.value).toBeCloseTo(100 * 1.1 ** 7, 8);
    expect(f.lower).toBeCloseTo(f.value!, 8);
    expect(f.upper).toBeCloseTo(f.value!, 8);
  });

  it('matches a hand-computed OLS fit and 80 % prediction interval', () => {
    // ln values 0, 0.2, 0.3, 0.6 at t = 0..3: slope 0.19, intercept −0.01, SSE 0.007, s = √0.0035.
    const obs = [0, 0.2, 0.3, 0.6].map((y, t) => ({ t, value: Math.exp(y) }));
    const f = forecastTrend(obs, 5);
    const fit = -0.01 + 0.19 * 5;
    const half = 1.886 * Math.sqrt(0.0035) * Math.sqrt(1 + 1 / 4 + (5 - 1.5) ** 2 / 5);
    expect(Math.log(f.value!)).toBeCloseTo(fit, 10);
    expect(Math.log(f.upper!)).toBeCloseTo(fit + half, 10);
    expect(Math.log(f.lower!)).toBeCloseTo(fit - half, 10);
    expect(f.description).toMatch(/least squares/);
  });

  it('carries a two-point CAGR forward without an interval; no forecast from one point', () => {
    const two = forecastTrend(
      [
        { t: 2023, value: 100 },
        { t: 2025, value: 121 },
      ],
      2027,
    );
    expect(two.method).toBe('two_point_cagr');
    expect(two.trendGrowth).toBeCloseTo(0.1, 12);
    expect(two.value).toBeCloseTo(146.41, 8);
    expect(two.upper).toBeNull();
    const one = forecastTrend([{ t: 2025, value: 5 }], 2030);
    expect(one).toMatchObject({ method: 'none', value: null, lower: null });
    expect(one.description).toMatch(/at least two observations/);
  });

  it('refuses non-positive values', () => {
    expect(() => forecastTrend([{ t: 1, value: 0 }], 2)).toThrow(/positive/);
  });

  it('uses Student t quantiles', () => {
    expect(studentT90(1)).toBe(3.078);
    expect(studentT90(30)).toBe(1.31);
    expect(studentT90(1000)).toBeCloseTo(1.2824, 3);
  });
});

describe('targetStatus', () => {
  it('classifies by the forecast and its interval', () => {
    expect(targetStatus(10, 11, { value: null, upper: null })).toBe('achieved');
    expect(targetStatus(10, 5, { value: 10.5, upper: 12 })).toBe('on_track');
    expect(targetStatus(10, 5, { value: 9, upper: 10.5 })).toBe('at_risk');
    expect(targetStatus(10, 5, { value: 8, upper: 9 })).toBe('off_track');
    expect(targetStatus(10, 5, { value: 9.8, upper: null })).toBe('at_risk');
    expect(targetStatus(10, 5, { value: null, upper: null })).toBe('unknown');
  });

  it("reproduces Hubei's required growth: 5 tn (2025) to 10 tn by 2030 is doubling in five years", () => {
    expect(requiredAnnualGrowth(5, 10, 5)).toBeCloseTo(2 ** 0.2 - 1, 12);
  });
});
