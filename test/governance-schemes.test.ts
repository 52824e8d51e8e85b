/**
 * Grading schemes (issue 14): a malformed scheme is refused with file, line and reason; each shipped
 * preset reproduces scores worked by hand from the published text it cites, with percentile bands, T
 * cases and missing inputs. No store: the schemes and the engine are pure.
 *
 * Sources (quoted in the YAML files):
 *  - huangyan-2023: 黄岩区深化"亩均论英雄"改革工作领导小组办公室, 2022年度工业企业综合评价结果公示,
 *    附件2 工业企业综合评价得分计算说明 (2023-09-25), https://www.chacewang.com/newsdetail/news430850.html
 *    规上: 亩均税收÷24.097×30 + 亩均增加值÷136.16×20 + 单位能耗增加值÷2.694×20 + 单位排放增加值÷4929.81×10
 *          + 全员劳动生产率÷18.14×10 + R&D占主营业务收入比重÷0.0302×10;
 *    规下: 亩均税收÷11.5932×50 + 单位用电税收÷0.2352×50; 规上无排放数据的按规上企业此项平均得分赋分.
 *  - huaian-2024: 淮安市工信局,《淮安市工业企业资源集约利用综合评价办法》政策解读 (2024-05-31),
 *    http://at2000.net/col/16801_148235/art/17171712/1717377730245iH6Bz1NN.html
 *    亩均税收45%、亩均销售收入35%、绿色发展(单位能耗税收)20%; 基准值 = 各县(区)上年度平均值 × 2;
 *    A 前20%, B 20–60%, C 60–95%, D 后5%; T: 水电气供给企业, 投产不到2年的新办企业; 规下企业占地 ≥ 3 亩.
 */
import { describe, expect, it } from 'vitest';
import {
  type GradingPanel,
  gradeEnterprises,
  gradeLetter,
  STATUS,
  scoreBreakdown,
} from '../src/analytics/per-mu-grading.ts';
import type { FigureCode } from '../src/domain/governance/scheme.ts';
import { parseScheme, SchemeError } from '../src/domain/governance/scheme.ts';
import { presetCodes, presetScheme } from '../src/services/governance/schemes.ts';

const WAN = 1e4; // 万元 → yuan

interface Firm {
  name: string;
  above: boolean;
  county?: number;
  industry?: string;
  started?: number;
  figures: Partial<Record<FigureCode, number | null>>;
}

function panelOf(firms: Firm[]): GradingPanel {
  const n = firms.length;
  const figures: GradingPanel['figures'] = {};
  for (const [i, f] of firms.entries())
    for (const [code, v] of Object.entries(f.figures)) {
      figures[code as FigureCode] ??= new Float64Array(n).fill(Number.NaN);
      figures[code as FigureCode]![i] = v ?? Number.NaN;
    }
  return {
    count: n,
    figures,
    aboveSize: Uint8Array.from(firms.map((f) => (f.above ? 1 : 0))),
    county: Int32Array.from(firms.map((f) => f.county ?? 1)),
    park: new Int32Array(n).fill(-1),
    industryCode: firms.map((f) => f.industry ?? null),
    productionStartYear: Float64Array.from(firms.map((f) => f.started ?? Number.NaN)),
  };
}

const MINIMAL = `code: test-scheme
version: 1
name_zh: 测试
source: { title: t, issuer: i, date: 2024-01-01, url: u, quotes: [q] }
indicators:
  - { code: tax_per_mu, name_zh: 亩均税收, numerator: tax, denominator: land_area }
  - { code: sales_per_mu, name_zh: 亩均销售, numerator: revenue, denominator: land_area }
formulas:
  - applies_to: [above_size, below_size]
    weights_total: 100
    items:
      - { indicator: tax_per_mu, weight: 60, benchmark: { fixed: 10 } }
      - { indicator: sales_per_mu, weight: 40, benchmark: { fixed: 100 } }
`;

function issuesOf(text: string, file = 'schemes/test-scheme.yaml') {
  try {
    parseScheme(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(SchemeError);
    return (error as SchemeError).issues;
  }
  throw new Error('the scheme was accepted');
}

describe('a malformed scheme is refused with file, line and reason', () => {
  it('accepts the minimal scheme', () => {
    expect(parseScheme(MINIMAL, 'x.yaml').formulas[0]!.items).toHaveLength(2);
  });

  it('weights that do not add up to the total the scheme requires', () => {
    const issues = issuesOf(MINIMAL.replace('weight: 40', 'weight: 30'));
    expect(issues).toEqual([
      {
        file: 'schemes/test-scheme.yaml',
        line: 10,
        path: 'formulas.0.weights_total',
        reason: 'the weights add up to 90, but the scheme requires 100',
      },
    ]);
  });

  it('an unknown indicator in a formula, and an unknown figure in an indicator', () => {
    const issues = issuesOf(
      MINIMAL.replace('{ indicator: sales_per_mu', '{ indicator: sales_per_acre').replace(
        'numerator: revenue',
        'numerator: turnover',
      ),
    );
    expect(issues.map((i) => [i.line, i.path, i.reason])).toEqual([
      [7, 'indicators.1.numerator', expect.stringContaining('unknown figure turnover')],
      [13, 'formulas.0.items.1.indicator', 'unknown indicator sales_per_acre (not in indicators)'],
    ]);
  });

  it('a circular benchmark (each item takes its benchmark from the other)', () => {
    const issues = issuesOf(
      MINIMAL.replace(
        'benchmark: { fixed: 10 }',
        'benchmark: { from: { indicator: sales_per_mu, multiplier: 0.1 } }',
      ).replace(
        'benchmark: { fixed: 100 }',
        'benchmark: { from: { indicator: tax_per_mu, multiplier: 10 } }',
      ),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        line: 12,
        path: 'formulas.0.items.0.benchmark',
        reason: 'circular benchmark: tax_per_mu → sales_per_mu → tax_per_mu',
      }),
    ]);
  });

  it('a benchmark taken from itself is circular too', () => {
    const issues = issuesOf(
      MINIMAL.replace('benchmark: { fixed: 10 }', 'benchmark: { from: { indicator: tax_per_mu } }'),
    );
    expect(issues[0]!.reason).toBe('circular benchmark: tax_per_mu → tax_per_mu');
    expect(issues[0]!.line).toBe(12);
  });

  it('unknown keys, a size class without a formula, bands out of order, a YAML syntax error', () => {
    expect(issuesOf(MINIMAL.replace('version: 1', 'version: 1\nweights: 100'))).toEqual([
      expect.objectContaining({ line: 3, reason: 'unknown key weights' }),
    ]);
    expect(issuesOf(MINIMAL.replace('[above_size, below_size]', '[above_size]'))).toEqual([
      expect.objectContaining({
        line: 8,
        path: 'formulas',
        reason: 'no formula applies to below_size enterprises',
      }),
    ]);
    const bands = `${MINIMAL}bands:\n  by: percentile\n  grades:\n    - { grade: A, top_percent: 60 }\n    - { grade: B, top_percent: 20 }\n    - { grade: C, top_percent: 90 }\n`;
    expect(issuesOf(bands).map((i) => [i.line, i.reason])).toEqual([
      [18, 'percent bands rise from the best grade to the worst (20 after 60)'],
      [19, 'the last band ends at 100 (every enterprise gets a grade)'],
    ]);
    const broken = issuesOf(MINIMAL.replace('  - { code: tax_per_mu', '  - { code: tax_per_mu ['));
    expect(broken[0]!.reason).toMatch(/^not valid YAML/);
    expect(broken[0]!.line).toBe(6);
  });

  it('the message names file, line and reason', () => {
    try {
      parseScheme(MINIMAL.replace('weight: 40', 'weight: 30'), 'data/governance/schemes/x.yaml');
    } catch (error) {
      expect((error as Error).message).toBe(
        'data/governance/schemes/x.yaml, line 10: formulas.0.weights_total: the weights add up to 90, but the scheme requires 100',
      );
    }
  });

  it('every shipped preset loads, cites its source and quotes it', () => {
    expect(presetCodes()).toEqual(expect.arrayContaining(['huaian-2024', 'huangyan-2022', 'huangyan-2023']));
    for (const code of presetCodes()) {
      const s = presetScheme(code);
      expect(s.source.url).toMatch(/^https?:\/\//);
      expect(s.source.quotes.length).toBeGreaterThan(0);
      // Every fixed benchmark of a preset is written in one of its quotes.
      for (const f of s.formulas)
        for (const item of f.items)
          if (item.benchmark.kind === 'fixed')
            expect(s.source.quotes.join(' ')).toContain(`÷${item.benchmark.value}×${item.weight}`);
    }
  });
});

describe('huangyan-2023 reproduces hand-worked scores', () => {
  const scheme = presetScheme('huangyan-2023');
  // Above designated size. Figures in 万元, mu, tce, tonnes, persons (the engine takes yuan: × 1e4).
  const above = (
    name: string,
    land: number,
    tax: number,
    va: number,
    energy: number,
    emissions: number | null,
    employees: number | null,
    rnd: number,
    revenue: number,
  ): Firm => ({
    name,
    above: true,
    figures: {
      land_area: land,
      tax: tax * WAN,
      value_added: va * WAN,
      energy_consumption: energy,
      pollutant_emissions: emissions,
      employees,
      rnd_expenditure: rnd * WAN,
      revenue: revenue * WAN,
    },
  });
  const below = (name: string, land: number, tax: number, kwh: number): Firm => ({
    name,
    above: false,
    figures: { land_area: land, tax: tax * WAN, electricity_consumption: kwh },
  });
  const firms = [
    above('A1', 50, 1200, 6800, 2500, 1.5, 400, 900, 30000),
    above('A2', 120, 1800, 9600, 6000, 3, 800, 600, 40000),
    above('A3', 30, 1500, 6000, 1500, null, 250, 500, 12000),
    above('A4', 80, 400, 3200, 2000, 0.8, 300, 100, 16000),
    above('A5', 200, 6000, 30000, 9000, 5, 1500, 2400, 80000),
    above('A6', 60, 900, 5000, 2000, null, null, 300, 20000),
    below('B1', 10, 100, 4_000_000),
    below('B2', 20, 150, 8_000_000),
    below('B3', 5, 80, 3_000_000),
    below('B4', 15, 60, 2_500_000),
    below('B5', 8, 120, 6_000_000),
  ];
  const panel = panelOf(firms);
  const result = gradeEnterprises(scheme, panel, { year: 2022 });
  const score = (name: string) => result.score[firms.findIndex((f) => f.name === name)]!;

  it('above designated size: six items against the fixed benchmarks', () => {
    // A1: 1200/50 = 24 → 24/24.097×30 = 29.879238; 6800/50 = 136 → 136/136.16×20 = 19.976498;
    //     6800/2500 = 2.72 → 2.72/2.694×20 = 20.193022; 6800/1.5 = 4533.33 → ÷4929.81×10 = 9.195757;
    //     6800/400 = 17 → 17/18.14×10 = 9.371555; 900/30000 = 0.03 → 0.03/0.0302×10 = 9.933775. Σ = 98.549844
    expect(score('A1')).toBeCloseTo(
      (24 / 24.097) * 30 +
        (136 / 136.16) * 20 +
        (2.72 / 2.694) * 20 +
        (6800 / 1.5 / 4929.81) * 10 +
        (17 / 18.14) * 10 +
        (0.03 / 0.0302) * 10,
      9,
    );
    expect(score('A1')).toBeCloseTo(98.549844, 5);
    // A2: 15/24.097×30 = 18.674524; 80/136.16×20 = 11.750881; 1.6/2.694×20 = 11.878248;
    //     3200/4929.81×10 = 6.491122; 12/18.14×10 = 6.615215; 0.015/0.0302×10 = 4.966887. Σ = 60.376878
    expect(score('A2')).toBeCloseTo(60.376878, 5);
    // A4: 5 → 6.224841; 40 → 5.875441; 1.6 → 11.878248; 4000 → 8.113903; 10.6667 → 5.880191;
    //     0.00625 → 2.069536. Σ = 40.04216
    expect(score('A4')).toBeCloseTo(40.04216, 5);
    // A5: 30 → 37.349048; 150 → 22.032902; 3.3333 → 24.74635; 6000 → 12.170854; 20 → 11.025358;
    //     0.03 → 9.933775. Σ = 117.258288
    expect(score('A5')).toBeCloseTo(117.258288, 5);
  });

  it('no emission figure: the class average of that item, as the note says', () => {
    // Emission points of A1, A2, A4, A5: (9.195757 + 6.491122 + 8.113903 + 12.170854) / 4 = 8.992909.
    // A3: 50 → 62.248413; 200 → 29.377203; 4 → 29.69562; (8.992909); 24 → 13.23043; 0.041667 → 13.796909.
    // Σ = 157.341484
    expect(score('A3')).toBeCloseTo(157.341484, 5);
    const i = firms.findIndex((f) => f.name === 'A3');
    const b = scoreBreakdown(scheme, result, i);
    expect(b.items[3]).toMatchObject({ state: 'average_filled', indicator: 'value_added_per_emission' });
    expect(b.items[3]!.points).toBeCloseTo(8.992909, 5);
    expect(b.missing).toEqual(['pollutant_emissions']);
  });

  it('a missing input that the note gives no rule for is listed, never zero', () => {
    const i = firms.findIndex((f) => f.name === 'A6');
    expect(result.status[i]).toBe(STATUS.incomplete);
    expect(Number.isNaN(result.score[i]!)).toBe(true);
    expect(scoreBreakdown(scheme, result, i).missing.sort()).toEqual(['employees', 'pollutant_emissions']);
  });

  it('below designated size: tax per mu and tax per kWh', () => {
    // B1: 100/10 = 10 → 10/11.5932×50 = 43.128731; 1,000,000 yuan / 4,000,000 kWh = 0.25 → 0.25/0.2352×50
    //     = 53.146259. Σ = 96.274989
    expect(score('B1')).toBeCloseTo((10 / 11.5932) * 50 + (0.25 / 0.2352) * 50, 9);
    expect(score('B1')).toBeCloseTo(96.274989, 5);
    // B2: 7.5 → 32.346548; 0.1875 → 39.859694. Σ = 72.206242
    expect(score('B2')).toBeCloseTo(72.206242, 5);
    // B3: 16 → 69.005969; 0.266667 → 56.689342. Σ = 125.695311
    expect(score('B3')).toBeCloseTo(125.695311, 5);
    // B4: 4 → 17.251492; 0.24 → 51.020408. Σ = 68.2719
    expect(score('B4')).toBeCloseTo(68.2719, 5);
    // B5: 15 → 64.693096; 0.2 → 42.517007. Σ = 107.210103
    expect(score('B5')).toBeCloseTo(107.210103, 5);
  });

  it('ranks each size class apart and gives no grade letter (the note sets no bands)', () => {
    const rank = (name: string) => result.rank[firms.findIndex((f) => f.name === name)];
    expect(['A3', 'A5', 'A1', 'A2', 'A4'].map(rank)).toEqual([1, 2, 3, 4, 5]);
    expect(['B3', 'B5', 'B1', 'B2', 'B4'].map(rank)).toEqual([1, 2, 3, 4, 5]);
    expect(firms.map((_, i) => gradeLetter(scheme, result, i)).every((g) => g === null)).toBe(true);
  });
});

describe('huaian-2024 reproduces hand-worked scores, percentile bands and T cases', () => {
  const scheme = presetScheme('huaian-2024');
  const firm = (
    name: string,
    above: boolean,
    county: number,
    land: number,
    tax: number,
    sales: number,
    energy: number,
    extra: Partial<Firm> = {},
  ): Firm => ({
    name,
    above,
    county,
    figures: { land_area: land, tax: tax * WAN, revenue: sales * WAN, energy_consumption: energy },
    ...extra,
  });
  // 2023 (previous year). County 1: tax/mu 10, 20, 30, 40 → mean 25; sales/mu 100, 300, 200, 400 → 250;
  // tax per tce 1, 2, 3, 2 → 2. Benchmarks ("上年度平均值2倍"): 50 万元/亩, 500 万元/亩, 4 万元/tce.
  // County 2: one firm, 20, 200, 2 → benchmarks 40, 400, 4.
  const previous = panelOf([
    firm('P1', true, 1, 10, 100, 1000, 100),
    firm('P2', true, 1, 10, 200, 3000, 100),
    firm('P3', false, 1, 10, 300, 2000, 100),
    firm('P4', false, 1, 10, 400, 4000, 200),
    firm('Q1', true, 2, 10, 200, 2000, 100),
  ]);
  const firms = [
    firm('H1', true, 1, 100, 6000, 60000, 1500),
    firm('H2', true, 1, 50, 1500, 20000, 500),
    firm('H3', true, 1, 200, 2000, 40000, 2000),
    firm('H4', true, 1, 80, 3200, 24000, 1600),
    firm('H5', true, 1, 40, 2400, 16000, 400),
    firm('L1', false, 1, 10, 250, 3000, 125),
    firm('L2', false, 1, 5, 50, 500, 50),
    firm('L3', false, 1, 20, 900, 10000, 300),
    firm('L4', false, 1, 4, 20, 200, 20),
    firm('L5', false, 1, 12, 420, 4200, 210),
    firm('U1', true, 1, 300, 9000, 90000, 3000, { industry: '4411' }),
    firm('N1', true, 1, 30, 100, 1000, 100, { started: 2023 }),
    firm('X1', false, 1, 2, 40, 400, 10),
    firm('K1', true, 2, 10, 400, 4000, 100),
    firm('K2', false, 2, 10, 200, 2000, 100),
  ];
  const result = gradeEnterprises(scheme, panelOf(firms), { year: 2024, previous });
  const at = (name: string) => firms.findIndex((f) => f.name === name);

  it('derives each benchmark as twice the county average of the previous year', () => {
    const benchmarks = (name: string) =>
      [0, 1, 2].map((k) => Number(result.itemBenchmark[at(name) * result.width + k]!.toFixed(9)));
    expect(benchmarks('H1')).toEqual([50, 500, 4]);
    expect(benchmarks('K1')).toEqual([40, 400, 4]);
  });

  it('scores ten firms of county 1 by 45/35/20 (five above, five below designated size)', () => {
    const expected: [string, number][] = [
      // H1: 6000/100 = 60 → 60/50×45 = 54; 600/500×35 = 42; 6000/1500 = 4 → 4/4×20 = 20. Σ = 116
      ['H1', 116],
      // H2: 30/50×45 = 27; 400/500×35 = 28; 1500/500 = 3 → 3/4×20 = 15. Σ = 70
      ['H2', 70],
      // H3: 10/50×45 = 9; 200/500×35 = 14; 1/4×20 = 5. Σ = 28
      ['H3', 28],
      // H4: 40/50×45 = 36; 300/500×35 = 21; 2/4×20 = 10. Σ = 67
      ['H4', 67],
      // H5: 60/50×45 = 54; 400/500×35 = 28; 6/4×20 = 30. Σ = 112
      ['H5', 112],
      // L1: 25/50×45 = 22.5; 300/500×35 = 21; 2/4×20 = 10. Σ = 53.5
      ['L1', 53.5],
      // L2: 10/50×45 = 9; 100/500×35 = 7; 1/4×20 = 5. Σ = 21
      ['L2', 21],
      // L3: 45/50×45 = 40.5; 500/500×35 = 35; 3/4×20 = 15. Σ = 90.5
      ['L3', 90.5],
      // L4: 5/50×45 = 4.5; 50/500×35 = 3.5; 1/4×20 = 5. Σ = 13
      ['L4', 13],
      // L5: 35/50×45 = 31.5; 350/500×35 = 24.5; 2/4×20 = 10. Σ = 66
      ['L5', 66],
    ];
    for (const [name, score] of expected) expect(result.score[at(name)], name).toBeCloseTo(score, 9);
  });

  it('bands by percentile within the county: A top 20 %, B to 60 %, C to 95 %, D the last 5 %', () => {
    // County 1 ranks 10 graded firms: H1 116, H5 112, L3 90.5, H2 70, H4 67, L5 66, L1 53.5, H3 28, L2 21, L4 13.
    // A: rank ≤ 10×20% = 2; B: ≤ 6; C: ≤ 9.5; D: the rest.
    const grades = Object.fromEntries(firms.map((f, i) => [f.name, gradeLetter(scheme, result, i)]));
    expect(grades).toMatchObject({
      H1: 'A',
      H5: 'A',
      L3: 'B',
      H2: 'B',
      H4: 'B',
      L5: 'B',
      L1: 'C',
      H3: 'C',
      L2: 'C',
      L4: 'D',
    });
    expect(
      ['H1', 'H5', 'L3', 'H2', 'H4', 'L5', 'L1', 'H3', 'L2', 'L4'].map((n) => result.rank[at(n)]),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // County 2 is ranked on its own, against its own benchmarks (40, 400, 4):
    // K1: 40/40×45 + 400/400×35 + 4/4×20 = 100; K2: 20/40×45 + 200/400×35 + 2/4×20 = 22.5 + 17.5 + 10 = 50.
    // Of two firms, K1 is at 1/2 = 50 % (B) and K2 at 2/2 = 100 % (D): a band holds the ranks r with r/n ≤ its share.
    expect(result.score[at('K1')]).toBeCloseTo(100, 9);
    expect(result.score[at('K2')]).toBeCloseTo(50, 9);
    expect([result.rank[at('K1')], result.groupSize[at('K1')], grades.K1, grades.K2]).toEqual([
      1,
      2,
      'B',
      'D',
    ]);
  });

  it('T cases (a utility, a firm in production under two years) are excluded from ranks and bands', () => {
    expect(gradeLetter(scheme, result, at('U1'))).toBe('T');
    expect(gradeLetter(scheme, result, at('N1'))).toBe('T');
    expect(scheme.exemptions[result.exemption[at('U1')]!]!.code).toBe('utility');
    expect(scheme.exemptions[result.exemption[at('N1')]!]!.code).toBe('new_firm');
    expect(result.rank[at('U1')]).toBe(0);
    expect(result.groupSize[at('H1')]).toBe(10);
  });

  it('a firm below designated size on less than 3 mu is outside the evaluation', () => {
    expect(result.status[at('X1')]).toBe(STATUS.ineligible);
    expect(gradeLetter(scheme, result, at('X1'))).toBeNull();
  });
});

describe('scheme features beyond the presets', () => {
  const withExtras = `${MINIMAL.replace(
    '{ indicator: sales_per_mu, weight: 40, benchmark: { fixed: 100 } }',
    '{ indicator: sales_per_mu, weight: 40, benchmark: { from: { indicator: tax_per_mu, multiplier: 10 } }, cap_ratio: 1.5 }',
  )}adjustments:
  - { code: safety_accident, name_zh: 安全生产事故, points: -10, flag: safety_accident }
  - { code: innovation, name_zh: 科技创新, points: 5, flag: high_tech }
adjustment_cap: { min: -8 }
tenants: landlord_parcel
bands:
  by: score
  grades:
    - { grade: A, min_score: 90 }
    - { grade: B, min_score: 60 }
    - { grade: C, min_score: 0 }
`;
  const scheme = parseScheme(withExtras, 'extras.yaml');
  const firms: Firm[] = [
    // the landlord: tax 200 and sales 3000 on 10 mu (its tenant's figures are added below)
    { name: 'landlord', above: true, figures: { land_area: 10, tax: 200, revenue: 3000 } },
    // a tenant without land: its tax and sales go to the landlord's parcel
    { name: 'tenant', above: false, figures: { land_area: null, tax: 100, revenue: 500 } },
    // 5/10×60 = 30; 50/100×40 = 20; accident −10 (capped at −8) → 42
    { name: 'small', above: true, figures: { land_area: 10, tax: 50, revenue: 500 } },
  ];
  const panel = panelOf(firms);
  panel.landlord = Int32Array.from([-1, 0, -1]);
  panel.flags = { safety_accident: Uint8Array.from([0, 0, 1]) };
  const result = gradeEnterprises(scheme, panel, { year: 2024 });

  it('caps, benchmarks taken from another item, penalties with their cap, tenants on the landlord parcel, score bands', () => {
    // landlord + tenant: tax (200 + 100)/10 = 30 → 30/10×60 = 180; sales 3500/10 = 350 vs 100 → 1.5 (cap) × 40 = 60.
    expect(result.score[0]).toBeCloseTo(240, 9);
    expect(result.status[1]).toBe(STATUS.merged);
    expect(result.adjustment[2]).toBe(-8);
    expect(result.score[2]).toBeCloseTo(30 + 20 - 8, 9);
    expect([gradeLetter(scheme, result, 0), gradeLetter(scheme, result, 2)]).toEqual(['A', 'C']);
    expect(scoreBreakdown(scheme, result, 0).items[1]!.formula).toBe('min(1.5, 350 ÷ 100) × 40 = 60');
  });
});
