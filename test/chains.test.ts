/**
 * Chain diagnostics (issue 4) on every store: the seed's own diagnosis of Huaping reached from the demo's
 * data, a hand-worked park with supply links and figures, the API, and malformed chain templates rejected
 * with file, line and reason.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.ts';
import { diagnoseChain } from '../src/services/chains/diagnose-chain.ts';
import { formatIssue, ImportFailed } from '../src/services/import/import-error.ts';
import { importFile } from '../src/services/import/import-file.ts';
import type { Store } from '../src/store/open-store.ts';
import { storeKinds } from './helpers/stores.ts';

const dir = mkdtempSync(join(tmpdir(), 'chainatlas-chains-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return { name, data: { path } };
};
const keys = (nodes: { key: string }[]) => nodes.map((n) => n.key);

describe.each(storeKinds())('Huaping on the PV chain, from the demo on $name', (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open({ demo: true });
  });
  afterAll(() => store?.close());

  it("reaches seed 003's diagnosis: silicon and crucibles present, modules, storage and integration missing downstream, single-product dependence", async () => {
    const d = await diagnoseChain(store.db, 'pv', 'LJ-HUAPING');
    expect(d.chain.code).toBe('pv-silicon');
    expect(d.scope).toMatchObject({ kind: 'park', code: 'LJ-HUAPING' });
    // Every node of the template, with its key, names and status.
    expect(d.nodes).toHaveLength(19);
    for (const node of d.nodes) {
      expect(node.key).toMatch(/^[a-z0-9-]+$/);
      expect(node.name_zh).toBeTruthy();
      expect(node.name_en).toBeTruthy();
      expect(['strong', 'present', 'weak', 'missing']).toContain(node.status);
    }
    const node = (key: string) => d.nodes.find((n) => n.key === key)!;
    // LONGi, a chain leader, on monocrystalline silicon; one quartz-crucible maker (weak: one supplier only).
    expect(node('monocrystalline-silicon')).toMatchObject({ present: true, status: 'present', leaders: 1 });
    expect(node('quartz-crucible')).toMatchObject({ present: true, status: 'weak', enterprises: 1 });
    expect(
      d.nodes
        .filter((n) => n.present)
        .map((n) => n.key)
        .sort(),
    ).toEqual(['monocrystalline-silicon', 'quartz-crucible']);
    // The seed's missing downstream links, reached from the graph: what is made out of the silicon
    // (modules, integration) and what the downstream needs besides it (storage batteries).
    expect(keys(d.gaps.downstream)).toEqual(
      expect.arrayContaining(['pv-modules', 'energy-storage-batteries', 'pv-system-integration']),
    );
    expect(keys(d.gaps.upstream)).toEqual(expect.arrayContaining(['polysilicon', 'high-purity-quartz-sand']));
    expect(keys(d.missing)).toEqual(
      expect.arrayContaining(['pv-modules', 'energy-storage-batteries', 'pv-system-integration']),
    );
    // Dependence from the park's stated output share (06-indicators.yaml), not from the problems table.
    expect(d.dependence).toMatchObject({
      flagged: true,
      finding: 'single-product',
      top_node: 'monocrystalline-silicon',
      top_share: 0.8,
      output_basis: 'stated-share',
    });
    expect(d.dependence.evidence[0]).toMatchObject({ source: 'seed-003', metric: 'output_share' });
    expect(d.dependence.evidence[0]!.quote).toContain('plus de 80 %');
    // The leader's potential local supplier: the crucible maker on a node that supplies silicon ingots.
    expect(d.leaders[0]!.name).toBe('LONGi');
    expect(d.leaders[0]!.potential_local_suppliers.map((s) => s.node)).toEqual(['quartz-crucible']);
    // A 10 % fall in the price of silicon ingots: −0.1 × 0.8 = −0.08 of the park's revenue.
    expect(d.stress_test).toMatchObject({ node: 'monocrystalline-silicon', price_change: -0.1 });
    expect(d.stress_test!.revenue_change).toBeCloseTo(-0.08, 12);
    expect(d.completeness.completeness).toBeCloseTo(2 / 19, 12);
    // Lijiang's parks make 64.59 % of the city's industrial output (stated, seed 003).
    expect(d.park_performance.industrial_concentration).toMatchObject({ basis: 'stated', of: '530700' });
    expect(d.park_performance.industrial_concentration!.value).toBeCloseTo(0.6459, 12);
    expect(d.park_performance.park!.land_mu).toBeCloseTo((290.25 - 117.41) * 15, 6);
  });

  it('does not read the problems table: the diagnosis is the same without it', async () => {
    const before = await diagnoseChain(store.db, 'pv-silicon', 'LJ-HUAPING');
    const without = await store.db
      .transaction(async (tx) => {
        await tx.query('delete from problem');
        const d = await diagnoseChain(tx, 'pv-silicon', 'LJ-HUAPING');
        throw Object.assign(new Error('roll back'), { d });
      })
      .catch((e: { d: typeof before }) => e.d);
    expect(without).toEqual(before);
  });

  it('takes in a region with everything below it, and parks with their sub-parks', async () => {
    const lijiang = await diagnoseChain(store.db, 'pv', '530700');
    expect(lijiang.scope.kind).toBe('region');
    expect(lijiang.nodes.find((n) => n.key === 'monocrystalline-silicon')!.present).toBe(true);
    const yunnan = await diagnoseChain(store.db, 'pv', '530000');
    expect(yunnan.completeness.nodes_present).toBe(2);
    const puyang = await diagnoseChain(store.db, 'hydrogen', '410900');
    expect(puyang.nodes.find((n) => n.key === 'refuelling-stations')).toMatchObject({
      present: true,
      enterprise_names: ['Sinopec Zhongyuan Oilfield Company'],
    });
    await expect(diagnoseChain(store.db, 'p', 'LJ-HUAPING')).rejects.toThrow(/ambiguous/);
    await expect(diagnoseChain(store.db, 'pv', 'NOWHERE')).rejects.toThrow(/no park or region/);
  });
});

describe.each(storeKinds())('a hand-worked park on $name', (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open();
    const pv = new URL('../data/chains/pv-silicon.yaml', import.meta.url);
    await importFile(store.db, { name: 'pv-silicon.yaml', data: { path: pv.pathname } }, { kind: 'chains' });
    // T-PARK in Huaping county (530723); T-OUT in Gucheng district (530702); both in Lijiang (530700).
    await importFile(
      store.db,
      write(
        'parks.csv',
        'code,region_code,name_zh,planned_area_mu,available_area_mu\nT-PARK,530723,测试园,150,30\nT-OUT,530702,外园,300,0\n',
      ),
    );
    await importFile(
      store.db,
      write(
        'enterprises.csv',
        [
          'name_zh,region_code,park_code,year,output_value',
          'Leader Silicon,530723,T-PARK,2024,600',
          'Crucible One,530723,T-PARK,2024,100',
          'Crucible Two,530723,T-PARK,2024,50',
          'Other Local,530723,T-PARK,2024,250',
          'Poly Far,530702,T-OUT,2024,500',
        ].join('\n'),
      ),
    );
    await importFile(
      store.db,
      write(
        'enterprise_nodes.csv',
        [
          'enterprise_name,region_code,chain_code,node_code,role',
          'Leader Silicon,530723,pv-silicon,monocrystalline-silicon,leader',
          'Crucible One,530723,pv-silicon,quartz-crucible,supporting',
          'Crucible Two,530723,pv-silicon,quartz-crucible,member',
          'Poly Far,530702,pv-silicon,polysilicon,member',
        ].join('\n'),
      ),
    );
    // JSON, so that the link without a value simply has none.
    const link = (buyer: string, br: string, supplier: string, sr: string, value?: number) => ({
      buyer_name: buyer,
      buyer_region_code: br,
      supplier_name: supplier,
      supplier_region_code: sr,
      year: 2024,
      ...(value === undefined ? {} : { value }),
    });
    await importFile(
      store.db,
      write(
        'supply_links.json',
        JSON.stringify([
          link('Leader Silicon', '530723', 'Crucible One', '530723', 80),
          link('Leader Silicon', '530723', 'Crucible Two', '530723', 20),
          link('Leader Silicon', '530723', 'Poly Far', '530702', 300),
          link('Crucible One', '530723', 'Other Local', '530723', 40),
          link('Crucible One', '530723', 'Poly Far', '530702', 60),
          link('Crucible Two', '530723', 'Poly Far', '530702'),
        ]),
      ),
    );
    const figure = (kind: string, code: string, metric: string, value: number, industry?: string) => ({
      entity_kind: kind,
      entity_code: code,
      metric,
      period: '2024',
      value,
      unit: 'yuan',
      ...(industry ? { industry_code: industry } : {}),
    });
    await importFile(
      store.db,
      write(
        'indicators.json',
        JSON.stringify([
          figure('park', 'T-PARK', 'output_value', 1000),
          figure('park', 'T-PARK', 'tax', 60),
          figure('park', 'T-OUT', 'output_value', 900),
          figure('park', 'T-OUT', 'tax', 90),
          figure('park', 'T-PARK', 'output_value', 100, '3825'),
          figure('region', '530723', 'output_value', 200, '3825'),
          figure('region', '530723', 'output_value', 8000),
        ]),
      ),
    );
  });
  afterAll(() => store?.close());

  it('measures the local supporting rate from supply links (hand-worked)', async () => {
    const d = await diagnoseChain(store.db, 'pv', 'T-PARK');
    // Buyers: the park's chain enterprises (Leader Silicon, Crucible One, Crucible Two).
    // Local: 80 + 20 (leader's crucibles) + 40 (Crucible One from Other Local) = 140.
    // All valued purchases: 80 + 20 + 300 + 40 + 60 = 500. Rate = 140 / 500 = 0.28.
    // Crucible Two's purchase from Poly Far has no value: counted apart; 3 local links of 6.
    expect(d.local_supporting_rate).toMatchObject({
      buyers: 3,
      local_value: 140,
      total_value: 500,
      links: 6,
      links_without_value: 1,
      local_link_share: 0.5,
    });
    expect(d.local_supporting_rate.rate).toBeCloseTo(0.28, 12);
    // The leader: (80 + 20) / (80 + 20 + 300) = 0.25, from its two local crucible makers.
    const leader = d.leaders[0]!;
    expect(leader.name).toBe('Leader Silicon');
    expect(leader.local_supporting_rate.rate).toBeCloseTo(0.25, 12);
    expect(leader.local_suppliers.map((s) => [s.name, s.value])).toEqual([
      ['Crucible One', 80],
      ['Crucible Two', 20],
    ]);
    // In Lijiang as a whole, Poly Far is local too: 500 / 500.
    const city = await diagnoseChain(store.db, 'pv', '530700');
    expect(city.local_supporting_rate.rate).toBe(1);
  });

  it('runs the price-shock stress test (hand-worked) and flags the dependence', async () => {
    const d = await diagnoseChain(store.db, 'pv', 'T-PARK', {
      shock: { node: 'monocrystalline-silicon', priceChange: -0.3, passThrough: 0.5 },
    });
    // Shares of the park's output (its own 2024 figure, 1,000): ingots 600 / 1000 = 0.6; crucibles
    // (100 + 50) / 1000 = 0.15. Present suppliers of the ingots: the crucibles.
    // ΔR/R = −0.3 × (0.6 + 0.5 × 0.15) = −0.3 × 0.675 = −0.2025.
    expect(d.dependence.output_basis).toBe('scope-figure');
    expect(d.stress_test).toMatchObject({
      node: 'monocrystalline-silicon',
      node_share: 0.6,
      supplier_share: 0.15,
    });
    expect(d.stress_test!.revenue_change).toBeCloseTo(-0.2025, 12);
    expect(d.stress_test!.formula).toBe(
      'ΔR/R = Δp × (s_n + ρ × Σ s_u) = −0.3 × (0.6 + 0.5 × (0.15)) = −0.2025',
    );
    // HHI ≥ 0.6² + 0.15² = 0.3825; 0.6 ≥ 0.5: single-product dependence.
    expect(d.dependence).toMatchObject({ finding: 'single-product', top_node: 'monocrystalline-silicon' });
    expect(d.dependence.hhi).toBeCloseTo(0.3825, 12);
    await expect(diagnoseChain(store.db, 'pv', 'T-PARK', { shock: { node: 'nope' } })).rejects.toThrow(
      /not a node/,
    );
  });

  it('places nodes by enterprises and by location quotient', async () => {
    const d = await diagnoseChain(store.db, 'pv', 'T-PARK');
    const node = (key: string) => d.nodes.find((n) => n.key === key)!;
    // Two crucible makers: present; the leader alone with 60 % of output: present.
    expect(node('quartz-crucible').status).toBe('present');
    expect(node('monocrystalline-silicon').status).toBe('present');
    // Industry 3825 in the park against its county: (100 / 1000) / (200 / 8000) = 4 ≥ 2 → strong,
    // for the nodes coded 3825 (cells, modules, inverters), with no enterprise placed on them.
    expect(node('pv-modules')).toMatchObject({
      status: 'strong',
      location_quotient_industry: '3825',
      enterprises: 0,
    });
    expect(node('pv-modules').location_quotient).toBeCloseTo(4, 12);
    expect(node('polysilicon').status).toBe('missing');
    // Poly Far is outside the park but inside Lijiang: alone on its node, but with 500 of the 1,500 the
    // city's enterprises record (no output figure for the city itself), a third ≥ 10 %: present.
    const city = await diagnoseChain(store.db, 'pv', '530700');
    expect(city.dependence.output_basis).toBe('recorded-enterprise-output');
    expect(city.nodes.find((n) => n.key === 'polysilicon')).toMatchObject({
      status: 'present',
      enterprises: 1,
    });
    expect(city.nodes.find((n) => n.key === 'polysilicon')!.output_share).toBeCloseTo(1 / 3, 12);
  });

  it('ranks parks by output and tax per mu', async () => {
    const d = await diagnoseChain(store.db, 'pv', 'T-PARK');
    // T-PARK: 150 − 30 = 120 mu in use; 1000 / 120 and 60 / 120 = 0.5. T-OUT: 300 mu; 900 / 300 = 3, 0.3.
    const p = d.park_performance;
    expect(p.park).toMatchObject({
      code: 'T-PARK',
      land_mu: 120,
      land_basis: 'developed',
      tax_per_mu: 0.5,
      output_per_mu_rank: 1,
    });
    expect(p.park!.output_per_mu).toBeCloseTo(1000 / 120, 9);
    expect(p.parks.find((r) => r.code === 'T-OUT')).toMatchObject({
      output_per_mu: 3,
      tax_per_mu: 0.3,
      output_per_mu_rank: 2,
    });
  });
});

describe.each(storeKinds())('chain diagnosis over the API on $name', (kind) => {
  const TOKEN = 'test-local-admin-token-chains-0123456789';
  let store: Store;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await kind.open({ demo: true });
    app = await buildApi({ db: store.db, localAdminToken: TOKEN });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });
  const get = (url: string) => app.inject({ url, headers: { authorization: `Bearer ${TOKEN}` } });

  it('answers GET /api/chains/:code/diagnosis with every node, and user errors with 400/404', async () => {
    const res = await get('/api/chains/pv/diagnosis?scope=LJ-HUAPING&price_change=-0.5');
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.nodes).toHaveLength(19);
    expect(d.nodes[0]).toMatchObject({ key: 'pv-rnd', status: 'missing' });
    expect(d.dependence.flagged).toBe(true);
    expect(d.stress_test.revenue_change).toBeCloseTo(-0.4, 12);
    expect((await get('/api/chains/pv/diagnosis?scope=NOWHERE')).statusCode).toBe(404);
    expect((await get('/api/chains/p/diagnosis?scope=LJ-HUAPING')).statusCode).toBe(400);
    expect((await get('/api/chains/pv/diagnosis?scope=LJ-HUAPING&weak_lq=3')).statusCode).toBe(400);
    expect((await app.inject('/api/chains/pv/diagnosis?scope=LJ-HUAPING')).statusCode).toBe(401);
    const parks = (await get('/api/park-performance?scope=530700')).json();
    expect(parks.parks.map((p: { code: string }) => p.code)).toEqual(
      expect.arrayContaining(['LJ-HUAPING', 'LJ-JINSHAN']),
    );
    const openapi = (await app.inject('/api/openapi.json')).json();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/api/chains/{code}/diagnosis', '/api/park-performance']),
    );
  });
});

const GOOD_NODES = `nodes:
  - code: a
    name_zh: 甲
    position: upstream
    stage: materials
    industry_codes: ['3218']
  - code: b
    name_zh: 乙
    position: midstream
    stage: components
    industry_codes: ['3985']
  - code: c
    name_zh: 丙
    position: downstream
    stage: assembly
    industry_codes: ['3825']
`;
const header = (code: string) => `code: ${code}\nversion: 1\nname_zh: 测试链\nname_en: Test chain\n`;
/** The 1-based line of the first line containing `marker`. */
const lineOf = (text: string, marker: string, from = 0) =>
  text.split('\n').findIndex((l, i) => i >= from && l.includes(marker)) + 1;

describe.each(storeKinds())('malformed chain templates on $name', (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open();
  });
  afterAll(() => store?.close());

  async function rejected(name: string, text: string) {
    const before = await store.db.query('select code from chain');
    const error = await importFile(store.db, write(name, text), { kind: 'chains' }).catch((e) => e);
    expect(error).toBeInstanceOf(ImportFailed);
    expect(await store.db.query('select code from chain')).toEqual(before);
    return (error as ImportFailed).issues;
  }

  it('rejects a cycle at the edge that closes it', async () => {
    const text = `${header('t-cycle')}${GOOD_NODES}edges:\n  - { from: a, to: b }\n  - { from: b, to: c }\n  - { from: c, to: a }\n`;
    const [issue] = await rejected('t-cycle.yaml', text);
    expect(issue).toMatchObject({
      file: 't-cycle.yaml',
      line: lineOf(text, 'from: c, to: a'),
      value: 'a → b → c → a',
    });
    expect(formatIssue(issue!)).toBe(
      `t-cycle.yaml, line ${lineOf(text, 'from: c, to: a')}, row 1, column edges: "a → b → c → a" — expected edges without a cycle (a chain is a directed acyclic graph)`,
    );
  });

  it('rejects a duplicate node at its second definition', async () => {
    const text = `${header('t-dup')}${GOOD_NODES}  - code: b\n    name_zh: 乙二\n    position: midstream\n    industry_codes: ['3985']\nedges:\n  - { from: a, to: b }\n`;
    const issues = await rejected('t-dup.yaml', text);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: lineOf(text, 'code: b', lineOf(text, 'code: b')), value: 'b' });
    expect(issues[0]!.expected).toMatch(/unique/);
  });

  it('rejects an unknown industry code on its own line, and a malformed HS code', async () => {
    const text = `${header('t-code')}${GOOD_NODES.replace("industry_codes: ['3985']", "industry_codes:\n      - '3985'\n      - '9999'")}    hs_codes: ['8541']\nedges:\n  - { from: a, to: b }\n`;
    const issues = await rejected('t-code.yaml', text);
    expect(issues.map((i) => [i.line, i.value])).toEqual([
      [lineOf(text, "- '9999'"), '9999'],
      [lineOf(text, "hs_codes: ['8541']"), '8541'],
    ]);
    expect(formatIssue(issues[0]!)).toMatch(
      /^t-code\.yaml, line \d+, row 1, column nodes\[2\]\.industry_codes: "9999" — expected GB\/T 4754-2017 industry codes that exist$/,
    );
  });

  it('rejects an edge to an unknown node, and input shares over 1', async () => {
    const text = `${header('t-edge')}${GOOD_NODES}edges:\n  - { from: a, to: b, share: 0.7 }\n  - from: c\n    to: zz\n  - { from: c, to: b, share: 0.6 }\n`;
    const issues = await rejected('t-edge.yaml', text);
    expect(issues.map((i) => [i.column, i.line, i.value])).toEqual([
      ['edges[2].to', lineOf(text, 'to: zz'), 'zz'],
      ['edges[3].share', lineOf(text, 'share: 0.6'), 0.6],
    ]);
  });

  it('names the line of a shape error inside a node', async () => {
    const text = `${header('t-shape')}${GOOD_NODES.replace('position: midstream', 'position: sideways')}edges: []\n`;
    const [issue] = await rejected('t-shape.yaml', text);
    expect(issue).toMatchObject({
      column: 'nodes[2].position',
      line: lineOf(text, 'position: sideways'),
      value: 'sideways',
    });
  });

  it('imports key products and input shares', async () => {
    const text = `${header('t-good')}${GOOD_NODES.replace("industry_codes: ['3218']", "industry_codes: ['3218']\n    key_products: [silicon metal]")}edges:\n  - { from: a, to: b, share: 0.4 }\n  - { from: b, to: c }\n`;
    await importFile(store.db, write('t-good.yaml', text), { kind: 'chains' });
    const rows = await store.db.query<{ code: string; key_products: string[]; input_share: number | null }>(
      `select n.code, n.key_products, e.input_share from chain_node n join chain c on c.id = n.chain_id
       left join chain_edge e on e.from_node_id = n.id where c.code = 't-good' order by n.seq`,
    );
    expect(rows).toEqual([
      { code: 'a', key_products: ['silicon metal'], input_share: 0.4 },
      { code: 'b', key_products: [], input_share: null },
      { code: 'c', key_products: [], input_share: null },
    ]);
  });

  it('loads every shipped template under the stricter checks', async () => {
    for (const file of readdirSync(new URL('../data/chains/', import.meta.url)).filter((f) =>
      f.endsWith('.yaml'),
    )) {
      const path = new URL(`../data/chains/${file}`, import.meta.url).pathname;
      await importFile(store.db, { name: file, data: { path } }, { kind: 'chains' });
    }
    const [count] = await store.db.query<{ n: number }>(
      "select count(*)::int as n from chain where code not like 't-%'",
    );
    expect(count!.n).toBe(13);
  });
});
