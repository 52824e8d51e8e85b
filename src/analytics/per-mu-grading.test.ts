/**
 * Edge cases of the grading engine that the presets do not reach (the presets' hand-worked scores are in
 * test/governance-schemes.test.ts): ties, indicators where less is better, zero-filled items, a group
 * without a benchmark, ranking apart by size class, the current-year median, and stable results.
 */
import { describe, expect, it } from 'vitest';
import { parseScheme } from '../domain/governance/scheme.ts';
import {
  type GradingPanel,
  gradeEnterprises,
  gradeLetter,
  ITEM,
  STATUS,
  storedItemNumbers,
  storedItems,
  storedItemsOf,
} from './per-mu-grading.ts';

const scheme = (formulaItems: string, extra = '') =>
  parseScheme(
    `code: t
version: 1
name_zh: t
source: { title: t, issuer: i, date: 2024-01-01, url: u, quotes: [q] }
indicators:
  - { code: tax_per_mu, name_zh: 亩均税收, numerator: tax, denominator: land_area }
  - { code: energy_per_tax, name_zh: 单位税收能耗, numerator: energy_consumption, denominator: tax, direction: lower }
formulas:
  - applies_to: [above_size, below_size]
    weights_total: 100
    items:
${formulaItems}
${extra}`,
    't.yaml',
  );

function panel(tax: number[], land: number[], extra: Partial<GradingPanel> = {}): GradingPanel {
  const n = tax.length;
  return {
    count: n,
    figures: { tax: Float64Array.from(tax), land_area: Float64Array.from(land) },
    aboveSize: new Uint8Array(n).fill(1),
    county: new Int32Array(n),
    park: new Int32Array(n).fill(-1),
    ...extra,
  };
}

describe('per-mu grading engine', () => {
  it('ties share the better rank and the better band', () => {
    const s = scheme(
      '      - { indicator: tax_per_mu, weight: 100, benchmark: { fixed: 10 } }',
      'bands:\n  by: percentile\n  grades:\n    - { grade: A, top_percent: 25 }\n    - { grade: B, top_percent: 100 }\n',
    );
    // Scores 100, 100, 50, 20: ranks 1, 1, 3, 4; A holds ranks ≤ 1 (25 % of 4).
    const r = gradeEnterprises(s, panel([10, 10, 5, 2], [1, 1, 1, 1]), { year: 2024 });
    expect([...r.rank]).toEqual([1, 1, 3, 4]);
    expect([0, 1, 2, 3].map((i) => gradeLetter(s, r, i))).toEqual(['A', 'A', 'B', 'B']);
  });

  it('less is better: the ratio is benchmark ÷ value', () => {
    const s = scheme(
      '      - { indicator: tax_per_mu, weight: 50, benchmark: { fixed: 10 } }\n      - { indicator: energy_per_tax, weight: 50, benchmark: { fixed: 2 } }',
    );
    const p = panel([10], [1]);
    p.figures.energy_consumption = Float64Array.from([40]); // 40 / 10 = 4 per unit of tax; 2 ÷ 4 × 50 = 25
    const r = gradeEnterprises(s, p, { year: 2024 });
    expect(r.score[0]).toBeCloseTo(50 + 25, 12);
  });

  it('zero-filled items count 0 and say so; a group without a benchmark is listed, not scored', () => {
    const zero = scheme(
      '      - { indicator: tax_per_mu, weight: 100, benchmark: { fixed: 10 }, when_missing: zero }',
    );
    const r = gradeEnterprises(zero, panel([Number.NaN, 10], [1, 1]), { year: 2024 });
    expect([r.score[0], r.itemState[0]]).toEqual([0, ITEM.zeroFilled]);
    const derived = scheme(
      '      - { indicator: tax_per_mu, weight: 100, benchmark: { derived: { year: previous, group: county, multiplier: 2 } } }',
    );
    const previous = panel([10], [1], { county: Int32Array.from([1]) });
    const now = panel([10, 10], [1, 1], { county: Int32Array.from([1, 2]) });
    const d = gradeEnterprises(derived, now, { year: 2024, previous });
    expect(d.score[0]).toBeCloseTo(50, 12); // 10 ÷ (2 × 10) × 100
    expect([d.status[1], d.itemState[1 * d.width]]).toEqual([STATUS.incomplete, ITEM.noBenchmark]);
  });

  it('without bands, each size class is ranked apart; the current-year median is a benchmark too', () => {
    const s = scheme(
      '      - { indicator: tax_per_mu, weight: 100, benchmark: { derived: { statistic: median, year: current } } }',
    );
    // Median of 1, 2, 3, 4 = 2.5.
    const p = panel([1, 2, 3, 4], [1, 1, 1, 1], { aboveSize: Uint8Array.from([1, 1, 0, 0]) });
    const r = gradeEnterprises(s, p, { year: 2024 });
    expect([...r.score].map((x) => Math.round(x * 1e9) / 1e9)).toEqual([40, 80, 120, 160]);
    expect([...r.rank]).toEqual([2, 1, 2, 1]);
    expect([...r.groupSize]).toEqual([2, 2, 2, 2]);
  });

  it('gives the same answer twice (no state kept between runs)', () => {
    const s = scheme('      - { indicator: tax_per_mu, weight: 100, benchmark: { fixed: 3 } }');
    const p = panel([1, 5, 9], [1, 1, 1]);
    expect([...gradeEnterprises(s, p, { year: 2024 }).score]).toEqual([
      ...gradeEnterprises(s, p, { year: 2024 }).score,
    ]);
  });

  it('stores items as five numbers each (missing figures as null, no formula as none) and reads them back', () => {
    const s = scheme(
      '      - { indicator: tax_per_mu, weight: 50, benchmark: { fixed: 10 } }\n      - { indicator: energy_per_tax, weight: 50, benchmark: { fixed: 2 }, when_missing: zero }',
    );
    const p = panel([10, 7.25, Number.NaN, 1e-7], [1, 3, 2, 0.5]);
    p.figures.energy_consumption = Float64Array.from([40, Number.NaN, 3, 1e21]);
    const r = gradeEnterprises(s, p, { year: 2024 });
    const numbers = storedItemNumbers(s, r);
    for (let i = 0; i < p.count; i++) {
      expect(numbers(i)).toEqual(storedItems(s, r, i).flat());
      expect(storedItemsOf(numbers(i))).toEqual(storedItems(s, r, i));
    }
    expect(numbers(2).slice(0, 5)).toEqual([null, 2, 10, null, ITEM.missing]);
    r.formula[0] = -1;
    expect(numbers(0)).toEqual([]);
  });
});
