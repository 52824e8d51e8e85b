/**
 * Park governance (issue 14) through the API on the demo workspace, on both stores, with a controllable
 * clock: a grading run by the Huai'an preset over Huaping park (fixture figures, test/fixtures/governance.ts),
 * its breakdowns, distribution and pricing list; publication, objections inside and outside the window,
 * a correction and its log; a standard-land contract that falls into default on its check date with its
 * shortfall; the seed's 983 mu of revitalized land with its history; project warning lights; the
 * pre-screening scorecard; and who may see and change what.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.ts';
import { DEMO_PASSWORD } from '../src/services/accounts/demo-accounts.ts';
import { importFile } from '../src/services/import/import-file.ts';
import type { Store } from '../src/store/open-store.ts';
import {
  creditOf,
  GOVERNANCE_ENTERPRISES_CSV,
  GOVERNANCE_INDICATORS_CSV,
  GOVERNANCE_PARCELS_CSV,
  GOVERNANCE_PROJECTS_CSV,
} from './fixtures/governance.ts';
import { storeKinds } from './helpers/stores.ts';

const DAY = 86_400_000;

describe.each(storeKinds())('park governance on $name with the demo workspace', (kind) => {
  let store: Store;
  let app: FastifyInstance;
  let clock = new Date('2026-04-01T09:00:00Z');
  const as: Record<string, Record<string, string>> = {};
  let runId = 0;

  async function signIn(username: string) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: DEMO_PASSWORD },
    });
    expect(res.statusCode, `${username} signs in`).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'chainatlas_session')!;
    return { cookie: `chainatlas_session=${cookie.value}`, 'x-csrf-token': res.json().csrfToken as string };
  }
  const call = async (user: string, method: string, url: string, payload?: unknown) => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: as[user],
      payload: payload as never,
    });
    return {
      status: res.statusCode,
      body: String(res.headers['content-type'] ?? '').includes('json') ? res.json() : res.body,
    };
  };

  beforeAll(async () => {
    store = await kind.open({ demo: true });
    app = await buildApi({ db: store.db, now: () => clock });
    for (const user of ['demo', 'demo-park', 'demo-region', 'demo-enterprise', 'demo-department'])
      as[user] = await signIn(user);
    for (const [name, text] of [
      ['enterprises.csv', GOVERNANCE_ENTERPRISES_CSV],
      ['indicators.csv', GOVERNANCE_INDICATORS_CSV],
      ['land_parcels.csv', GOVERNANCE_PARCELS_CSV],
      ['projects.csv', GOVERNANCE_PROJECTS_CSV],
    ] as const)
      await importFile(store.db, { name, data: Buffer.from(text) });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it("grades Huaping's enterprises for 2025 by the Huai'an preset, with T cases and missing inputs listed", async () => {
    const created = await call('demo-park', 'POST', '/api/governance/runs', {
      scheme: 'huaian-2024',
      scope: 'LJ-HUAPING',
      year: 2025,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    runId = created.body.id;
    expect(created.body.counts).toMatchObject({ graded: 5, exempt: 1 });
    // The demo's Huaping firms (LONGi, Wuxing Graphite, …) have no figures in the seeds: listed, not zero.
    expect(created.body.counts.incomplete).toBeGreaterThanOrEqual(4);

    const results = (await call('demo-park', 'GET', `/api/governance/runs/${runId}/results`)).body.items;
    const byName = Object.fromEntries(results.map((r: { name_zh: string }) => [r.name_zh, r]));
    // Benchmarks are twice the county's 2024 means (50, 500, 4); scores as worked in the fixture:
    // G1 54 + 42 + 20 = 116; G5 54 + 28 + 30 = 112; G2 27 + 28 + 15 = 70; G4 36 + 21 + 10 = 67; G3 9 + 14 + 5 = 28.
    // Five graded firms: A rank ≤ 1, B ≤ 3, C ≤ 4.75, D the last.
    const expected = {
      G1: [116, 'A', 1],
      G5: [112, 'B', 2],
      G2: [70, 'B', 3],
      G4: [67, 'C', 4],
      G3: [28, 'D', 5],
    };
    for (const [name, [score, grade, rank]] of Object.entries(expected)) {
      const r = byName[`测试亩均企业${name}`];
      expect(r.score, name).toBeCloseTo(score as number, 6);
      expect([r.grade, r.rank, r.group_size], name).toEqual([grade, rank, 5]);
    }
    expect(byName.测试亩均企业G6).toMatchObject({
      status: 'exempt',
      grade: 'T',
      exemption: '水、电、气资源要素供给企业',
    });
    expect(byName.五星石墨).toMatchObject({ status: 'incomplete', score: null, grade: null });
    expect(byName.五星石墨.missing).toEqual(
      expect.arrayContaining(['tax', 'land_area', 'revenue', 'energy_consumption']),
    );
  });

  it("shows an enterprise's score breakdown with the formula and its inputs", async () => {
    const { status, body } = await call(
      'demo-park',
      'GET',
      `/api/governance/runs/${runId}/results/${creditOf('G2')}`,
    );
    expect(status).toBe(200);
    expect(body.breakdown.formula).toBe(
      '亩均税收 ÷ (2 × 上年度县（区）平均值) × 45 + 亩均销售收入 ÷ (2 × 上年度县（区）平均值) × 35 + 单位能耗税收 ÷ (2 × 上年度县（区）平均值) × 20',
    );
    const items = body.breakdown.items;
    expect(items.map((i: { indicator: string }) => i.indicator)).toEqual([
      'tax_per_mu',
      'sales_per_mu',
      'tax_per_energy',
    ]);
    // G2: 1500 万元 on 50 mu = 30 万元/mu → 30 ÷ 50 × 45 = 27.
    expect(items[0].value).toBeCloseTo(30, 6);
    expect(items[0].benchmark).toBeCloseTo(50, 6);
    expect(items[0].points).toBeCloseTo(27, 6);
    expect(items[0].numerator).toMatchObject({ figure: 'tax', value: 15_000_000 });
    expect(items[0].formula).toMatch(/^30 ÷ 50 × 45 = 27$/);
  });

  it('counts grades by park, chain and industry; the pricing list has every graded firm', async () => {
    const run = (await call('demo', 'GET', `/api/governance/runs/${runId}`)).body;
    expect(run.distribution.overall.grades).toMatchObject({ A: 1, B: 2, C: 1, D: 1, T: 1 });
    expect(run.distribution.by_industry.find((b: { key: string }) => b.key === '39').grades).toMatchObject({
      A: 1,
      B: 2,
    });
    expect(run.scheme.source.url).toMatch(/^http/);
    const csv = await app.inject({
      url: `/api/governance/runs/${runId}/pricing-list?format=csv`,
      headers: as.demo,
    });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('credit_code,name_zh,grade,score');
    expect(lines).toContain(`${creditOf('G1')},测试亩均企业G1,A,116.0000`);
    expect(lines).toHaveLength(1 + 6);
  });

  it('an enterprise user sees its own result only; a park officer cannot grade another park', async () => {
    const own = await call('demo-enterprise', 'GET', `/api/governance/runs/${runId}/results`);
    expect(own.body.items.map((r: { name_zh: string }) => r.name_zh)).toEqual(['五星石墨']);
    expect(
      (await call('demo-enterprise', 'GET', `/api/governance/runs/${runId}/results/${creditOf('G1')}`))
        .status,
    ).toBe(404);
    const foreign = await call('demo-park', 'POST', '/api/governance/runs', {
      scheme: 'huaian-2024',
      scope: 'LJ-JINSHAN',
      year: 2025,
    });
    expect(foreign.status).toBe(404);
    expect((await call('demo-department', 'GET', `/api/governance/runs/${runId}`)).status).toBe(404);
    expect(
      (
        await call('demo', 'POST', '/api/governance/runs', {
          scheme: 'nope',
          scope: 'LJ-HUAPING',
          year: 2025,
        })
      ).status,
    ).toBe(403);
    const unknown = await call('demo-park', 'POST', '/api/governance/runs', {
      scheme: 'nope',
      scope: 'LJ-HUAPING',
      year: 2025,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/huaian-2024/);
  });

  it('publishes with an objection window, takes objections inside it, logs the correction, then closes', async () => {
    clock = new Date('2026-04-01T09:00:00Z');
    const published = await call('demo-park', 'POST', `/api/governance/runs/${runId}/publish`, {
      objection_days: 5,
    });
    expect(published.body).toMatchObject({
      status: 'published',
      objections_until: '2026-04-06T09:00:00.000Z',
    });
    const mine = await call('demo-enterprise', 'POST', `/api/governance/runs/${runId}/objections`, {
      enterprise: '五星石墨',
      text: 'Our 2025 figures were filed late; please add them.',
    });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    // An enterprise may not object for another one.
    expect(
      (
        await call('demo-enterprise', 'POST', `/api/governance/runs/${runId}/objections`, {
          enterprise: creditOf('G3'),
          text: 'x',
        })
      ).status,
    ).toBe(404);
    const forG3 = await call('demo-park', 'POST', `/api/governance/runs/${runId}/objections`, {
      enterprise: creditOf('G3'),
      text: 'G3 leases 100 mu it does not use; the land figure is wrong.',
    });
    expect(forG3.status).toBe(200);
    expect((await call('demo-park', 'POST', `/api/governance/runs/${runId}/finalize`)).status).toBe(409);
    clock = new Date(clock.getTime() + 6 * DAY);
    const late = await call('demo-enterprise', 'POST', `/api/governance/runs/${runId}/objections`, {
      enterprise: '五星石墨',
      text: 'again',
    });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatch(/window .* closed/);
    const upheld = await call('demo-park', 'POST', `/api/governance/objections/${forG3.body.id}/resolve`, {
      decision: 'upheld',
      resolution: 'Land corrected to 100 mu after inspection; grade raised to C.',
      grade: 'C',
    });
    expect(upheld.body.changes).toEqual([{ field: 'grade', from: 'D', to: 'C' }]);
    await call('demo-park', 'POST', `/api/governance/objections/${mine.body.id}/resolve`, {
      decision: 'rejected',
      resolution: 'No figures were filed.',
    });
    const log = (await call('demo-park', 'GET', `/api/governance/runs/${runId}/objections`)).body;
    expect(log.objections.map((o: { status: string }) => o.status)).toEqual(['rejected', 'upheld']);
    expect(log.changes).toEqual([
      expect.objectContaining({
        name_zh: '测试亩均企业G3',
        field: 'grade',
        old_value: 'D',
        new_value: 'C',
        objection_id: forG3.body.id,
      }),
    ]);
    const g3 = (await call('demo-park', 'GET', `/api/governance/runs/${runId}/results/${creditOf('G3')}`))
      .body;
    expect(g3.grade).toBe('C');
    expect(g3.changes).toHaveLength(1);
    expect((await call('demo-park', 'POST', `/api/governance/runs/${runId}/finalize`)).body.status).toBe(
      'final',
    );
  });

  it("grades by the park's own scheme sent as YAML; a malformed one is refused with its line", async () => {
    const own = [
      'code: huaping-own',
      'version: 1',
      'name_zh: 华坪自定义（测试）',
      'source: { title: test fixture, issuer: test, date: 2026-01-01, url: none, quotes: [test] }',
      'indicators:',
      '  - { code: tax_per_mu, name_zh: 亩均税收, numerator: tax, numerator_unit: 10k_yuan, denominator: land_area }',
      'formulas:',
      '  - applies_to: [above_size, below_size]',
      '    weights_total: 100',
      '    items:',
      '      - { indicator: tax_per_mu, weight: 100, benchmark: { fixed: 60 } }',
      'bands:',
      '  by: score',
      '  grades:',
      '    - { grade: A, min_score: 100 }',
      '    - { grade: B, min_score: 0 }',
    ].join('\n');
    const graded = await call('demo-park', 'POST', '/api/governance/runs', {
      scheme_yaml: own,
      scope: 'LJ-HUAPING',
      year: 2025,
    });
    expect(graded.status, JSON.stringify(graded.body)).toBe(200);
    const rows = (await call('demo-park', 'GET', `/api/governance/runs/${graded.body.id}/results?grade=A`))
      .body.items;
    // Tax per mu 60 (G1, G5) → 60 ÷ 60 × 100 = 100: A; the others below.
    expect(rows.map((r: { name_zh: string }) => r.name_zh).sort()).toEqual([
      '测试亩均企业G1',
      '测试亩均企业G5',
    ]);
    const bad = await call('demo-park', 'POST', '/api/governance/runs', {
      scheme_yaml: own.replace('weight: 100, benchmark', 'weight: 90, benchmark'),
      scope: 'LJ-HUAPING',
      year: 2025,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toBe(
      'scheme_yaml, line 9: formulas.0.weights_total: the weights add up to 90, but the scheme requires 100',
    );
  });

  it('compares with the previous year', async () => {
    const earlier = await call('demo-park', 'POST', '/api/governance/runs', {
      scheme: 'huaian-2024',
      scope: 'LJ-HUAPING',
      year: 2024,
    });
    // 2024 has no 2023 figures to derive benchmarks from: nobody is scored, and the run says so.
    expect(earlier.body.counts.graded ?? 0).toBe(0);
    const later = await call('demo-park', 'POST', '/api/governance/runs', {
      scheme: 'huaian-2024',
      scope: 'LJ-HUAPING',
      year: 2025,
    });
    const yoy = (await call('demo-park', 'GET', `/api/governance/runs/${later.body.id}/year-on-year`)).body;
    expect(yoy.previous_run).toBe(earlier.body.id);
    expect(yoy.changes.find((c: { name_zh: string }) => c.name_zh === '测试亩均企业G1')).toMatchObject({
      before: null,
      after: 'A',
      change: 'changed',
    });
  });

  it('a standard-land contract falls into default on its full-output date, with its shortfall', async () => {
    const created = await call('demo-park', 'POST', '/api/governance/land-contracts', {
      code: 'FIX-CONTRACT-1',
      parcel_code: 'FIX-HUAPING-STD-1',
      enterprise: creditOf('G2'),
      investment_yuan_per_mu: 3_000_000,
      tax_yuan_per_mu: 400_000,
      plot_ratio: 1.2,
      start_due: '2024-03-01',
      completion_due: '2025-03-01',
      full_output_due: '2025-12-31',
      source: 'test fixture (issue 14)',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    await call('demo-park', 'PATCH', '/api/governance/land-contracts/FIX-CONTRACT-1', {
      started_on: '2024-02-20',
      completed_on: '2025-02-15',
      actual_plot_ratio: 1.3,
      actual_investment_yuan: 160_000_000,
    });
    clock = new Date('2025-12-30T12:00:00Z');
    const before = (await call('demo-park', 'GET', '/api/governance/land-contracts?park_code=LJ-HUAPING'))
      .body.items[0];
    expect(before.status).toBe('on_track');
    expect(before.checkpoints.map((c: { kind: string; status: string }) => `${c.kind}:${c.status}`)).toEqual([
      'start:on_track',
      'completion:on_track',
      'full_output:pending',
    ]);
    clock = new Date('2025-12-31T12:00:00Z');
    const due = (
      await call('demo-park', 'GET', '/api/governance/land-contracts?due_within_days=0&status=in_default')
    ).body;
    expect(due.as_of).toBe('2025-12-31');
    expect(due.items.map((c: { code: string }) => c.code)).toEqual(['FIX-CONTRACT-1']);
    // G2's 2025 tax: 1500 万元 on the parcel's 50 mu = 300,000 yuan/mu against 400,000 committed.
    const full = due.items[0].checkpoints.find((c: { kind: string }) => c.kind === 'full_output');
    expect(full.status).toBe('in_default');
    expect(full.criteria).toEqual([
      {
        criterion: 'tax_per_mu',
        committed: 400_000,
        actual: 300_000,
        shortfall: 100_000,
        unit: 'yuan/mu',
        met: false,
        year: 2025,
      },
    ]);
    // Exempting it (with a reason) takes it off the default list.
    await call('demo-park', 'PATCH', '/api/governance/land-contracts/FIX-CONTRACT-1', {
      exempted: true,
      exemption_reason: 'Flood damage in 2025 (fixture)',
    });
    const after = (await call('demo-park', 'GET', '/api/governance/land-contracts?park_code=LJ-HUAPING')).body
      .items[0];
    expect(after).toMatchObject({ status: 'exempted', exemption_reason: 'Flood damage in 2025 (fixture)' });
    expect((await call('demo-department', 'GET', '/api/governance/land-contracts')).body.items).toEqual([]);
  });

  it("lists the seed's 983 mu of revitalized land with its history", async () => {
    const { items, area_mu_by_status } = (await call('demo', 'GET', '/api/governance/idle-land')).body;
    const parcel = items.find((p: { code: string }) => p.code === 'LJ-JINSHAN-YUNNAN-ALUMINUM-983');
    expect(parcel).toMatchObject({ area_mu: 983, status: 'revitalized', source: 'seed-003' });
    expect(parcel.history).toEqual([expect.objectContaining({ status: 'revitalized', note: 'recorded' })]);
    expect(area_mu_by_status.revitalized).toBeGreaterThanOrEqual(983);
  });

  it('gives each project its light and the rule that set it', async () => {
    clock = new Date('2025-07-01T09:00:00Z');
    const lights = (await call('demo-park', 'GET', '/api/governance/project-lights?park_code=LJ-HUAPING'))
      .body;
    const byCode = Object.fromEntries(lights.items.map((p: { code: string }) => [p.code, p]));
    // 181 of 364 days elapsed → plan 49.7 %; 2,000 of 10,000 万元 invested → 20 %; 29.7 points behind → amber.
    expect(byCode['FIX-PROJ-BEHIND']).toMatchObject({
      light: 'amber',
      rule: 'behind-plan-10',
      planned_progress: 49.7,
      actual_progress: 20,
    });
    expect(byCode['FIX-PROJ-IDLE']).toMatchObject({ light: 'red', rule: 'not-started-3-months' });
    expect(lights.items[0].light).toBe('red');
  });

  it('pre-screens a proposed investment against the park thresholds and chains', async () => {
    const set = await call('demo-park', 'PUT', '/api/governance/parks/LJ-HUAPING/thresholds', {
      investment_yuan_per_mu: 3_000_000,
      tax_yuan_per_mu: 200_000,
      output_yuan_per_mu: null,
      source: 'test fixture (issue 14)',
    });
    expect(set.status).toBe(200);
    const card = (
      await call('demo-enterprise', 'POST', '/api/governance/prescreen', {
        park_code: 'LJ-HUAPING',
        land_mu: 100,
        investment_yuan: 250_000_000,
        expected_tax_yuan: 30_000_000,
        chain_code: 'pv-silicon',
        node_code: 'pv-modules',
      })
    ).body;
    expect(card.criteria).toEqual([
      {
        criterion: 'investment_intensity',
        value: 2_500_000,
        threshold: 3_000_000,
        unit: 'yuan/mu',
        result: 'fail',
      },
      { criterion: 'tax_per_mu', value: 300_000, threshold: 200_000, unit: 'yuan/mu', result: 'pass' },
      { criterion: 'output_per_mu', value: null, threshold: null, unit: 'yuan/mu', result: 'no_value' },
      { criterion: 'plot_ratio', value: null, threshold: null, unit: 'ratio', result: 'no_value' },
      expect.objectContaining({
        criterion: 'chain_fit',
        value: 'pv-silicon/pv-modules',
        result: 'pass',
        // Seed 003: PV modules are one of Huaping's missing downstream links.
        note: 'the chain diagnosis finds this node missing in the park (downstream gap); fills a node where the park has no enterprise yet',
      }),
    ]);
    expect(card.verdict).toBe('fail');
    expect(
      (
        await call('demo-park', 'PUT', '/api/governance/parks/LJ-JINSHAN/thresholds', {
          investment_yuan_per_mu: 1,
          tax_yuan_per_mu: 1,
          output_yuan_per_mu: 1,
        })
      ).status,
    ).toBe(404);
  });
});
