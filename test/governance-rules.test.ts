/**
 * The pure rules of park governance (issue 14): standard-land checkpoints at and around their dates, the
 * warning-light rules file (shipped and malformed), and the pre-screening scorecard.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prescreen } from '../src/domain/governance/prescreen.ts';
import { type ContractTerms, checkContract, contractStatus } from '../src/domain/governance/standard-land.ts';
import { parseLightRules, projectLight } from '../src/domain/governance/warning-lights.ts';

const TERMS: ContractTerms = {
  area_mu: 100,
  investment_yuan_per_mu: 3_000_000,
  tax_yuan_per_mu: 300_000,
  output_yuan_per_mu: null,
  plot_ratio: 1.5,
  start_due: '2024-03-01',
  completion_due: '2025-06-30',
  full_output_due: '2026-12-31',
  exempted: false,
  exemption_reason: null,
};
const FACTS = {
  started_on: null,
  completed_on: null,
  actual_plot_ratio: null,
  actual_investment_yuan: null,
  tax_by_year: {},
  output_by_year: {},
};

describe('standard-land checks', () => {
  it('a start not made by its date is in default by the days late; before the date it is pending', () => {
    expect(checkContract(TERMS, FACTS, '2024-02-29')[0]!.status).toBe('pending');
    const late = checkContract(TERMS, FACTS, '2024-03-11')[0]!;
    expect(late).toMatchObject({
      status: 'in_default',
      criteria: [{ criterion: 'started', shortfall: 10, met: false }],
    });
    expect(contractStatus(TERMS, checkContract(TERMS, FACTS, '2024-03-11'))).toBe('in_default');
  });

  it('completion: investment and plot ratio short, each with its shortfall; a missing figure is no_data', () => {
    const checks = checkContract(
      TERMS,
      { ...FACTS, started_on: '2024-02-01', completed_on: '2025-06-01', actual_investment_yuan: 250_000_000 },
      '2025-07-01',
    );
    const completion = checks.find((c) => c.kind === 'completion')!;
    expect(completion.status).toBe('in_default');
    expect(completion.criteria).toEqual([
      expect.objectContaining({ criterion: 'completed', met: true, shortfall: 0 }),
      expect.objectContaining({
        criterion: 'investment_intensity',
        actual: 2_500_000,
        shortfall: 500_000,
        met: false,
      }),
      expect.objectContaining({ criterion: 'plot_ratio', actual: null, met: null }),
    ]);
    const noData = checkContract(
      { ...TERMS, investment_yuan_per_mu: null },
      { ...FACTS, started_on: '2024-02-01', completed_on: '2025-06-01' },
      '2025-07-01',
    ).find((c) => c.kind === 'completion')!;
    expect(noData.status).toBe('no_data');
  });

  it('full output uses the latest year up to the due year; an exempted contract is exempted at every due check', () => {
    const facts = {
      ...FACTS,
      started_on: '2024-02-01',
      tax_by_year: { 2025: 20_000_000, 2026: 35_000_000, 2027: 1 },
    };
    const full = checkContract(TERMS, facts, '2027-01-01').find((c) => c.kind === 'full_output')!;
    expect(full.criteria[0]).toMatchObject({ actual: 350_000, met: true, year: 2026 });
    const exempt = { ...TERMS, exempted: true, exemption_reason: 'policy change' };
    const checks = checkContract(exempt, FACTS, '2025-07-01');
    expect(checks.map((c) => c.status)).toEqual(['exempted', 'exempted', 'pending']);
    expect(contractStatus(exempt, checks)).toBe('exempted');
  });
});

describe('project warning lights', () => {
  const rules = parseLightRules(
    readFileSync('data/governance/warning-lights.yaml', 'utf8'),
    'warning-lights.yaml',
  );

  it('the most severe light wins and names its rule; finished projects have none', () => {
    const p = {
      stage: 'under_construction',
      start_date: '2025-01-01',
      due_date: '2025-11-01',
      planned_investment_yuan: 100,
      completed_investment_yuan: 10,
    };
    // 2025-07-01: 181 of 304 days → 59.5 % planned, 10 % done → 49.5 points behind: red (> 30), not amber.
    expect(projectLight(rules, p, '2025-07-01')).toMatchObject({
      light: 'red',
      rule: 'behind-plan-30',
      behind_plan_points: 49.5,
    });
    expect(projectLight(rules, { ...p, completed_investment_yuan: 50 }, '2025-07-01')).toMatchObject({
      light: 'green',
    });
    expect(projectLight(rules, { ...p, stage: 'operating' }, '2025-07-01').light).toBe('none');
    // Without planned dates there is nothing to check against: not green, 'unknown'.
    expect(projectLight(rules, { ...p, start_date: null, due_date: null }, '2025-07-01').light).toBe(
      'unknown',
    );
    expect(projectLight(rules, { ...p, completed_investment_yuan: 95 }, '2025-11-05')).toMatchObject({
      light: 'red',
      rule: 'past-due-not-completed',
    });
  });

  it('a malformed rules file names its line', () => {
    expect(() =>
      parseLightRules(
        'version: 1\nrules:\n  - code: x\n    light: purple\n    label: l\n    when: { behind_plan_points_over: 5 }\n',
        'r.yaml',
      ),
    ).toThrow(/^r\.yaml, line 4: rules\.0\.light: /);
  });
});

describe('pre-screening scorecard', () => {
  it('each criterion passes or fails with its number; no threshold is shown as such', () => {
    const card = prescreen(
      {
        land_mu: 50,
        investment_yuan: 200_000_000,
        expected_tax_yuan: 5_000_000,
        expected_output_yuan: 300_000_000,
        plot_ratio: 1.2,
        chain_code: 'ceramics',
        node_code: null,
      },
      {
        investment_yuan_per_mu: 3_500_000,
        tax_yuan_per_mu: 100_000,
        output_yuan_per_mu: null,
        plot_ratio: 1.0,
      },
      { parkChains: ['pv-silicon'], enterprisesOnNode: null },
    );
    expect(card.criteria.map((c) => [c.criterion, c.value, c.result])).toEqual([
      ['investment_intensity', 4_000_000, 'pass'],
      ['tax_per_mu', 100_000, 'pass'],
      ['output_per_mu', 6_000_000, 'no_threshold'],
      ['plot_ratio', 1.2, 'pass'],
      ['chain_fit', 'ceramics', 'fail'],
    ]);
    expect(card.verdict).toBe('fail');
  });
});
