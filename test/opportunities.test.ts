/**
 * Opportunities (issue 8): investment-attraction targets on the demo (Jinshan × hydrogen, Huaping × PV)
 * and on a worked fixture, complementary regions, region diversification, the API with its access rules,
 * and on world trade: options equal the engine's density/COG ranking, and a held-out check that options
 * ranked higher are entered more often.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTRACTION_PARTS } from '../src/analytics/attraction-score.ts';
import { diversificationOptions } from '../src/analytics/diversification-options.ts';
import { density, ecomplexity, matrix, productProximity } from '../src/analytics/index.ts';
import { buildApi } from '../src/api/server.ts';
import { attractionListCsv, attractionListXlsx } from '../src/services/opportunities/attraction-list.ts';
import { attractionTargets } from '../src/services/opportunities/attraction-targets.ts';
import { bestMatch } from '../src/services/opportunities/candidate-clusters.ts';
import { complementaryRegionsFor } from '../src/services/opportunities/complementary-regions.ts';
import { diversifyFromFile, diversifyRegion } from '../src/services/opportunities/diversification.ts';
import type { Store } from '../src/store/open-store.ts';
import { storeKinds } from './helpers/stores.ts';

const TRADE = new URL('../data/trade/world_trade_avg_1998_to_2000.csv', import.meta.url).pathname;

describe.each(storeKinds())('opportunities on the demo, $name', (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open({ demo: true });
  });
  afterAll(() => store?.close());

  it('Jinshan × hydrogen: ranked candidates elsewhere for its missing nodes, with reasons', async () => {
    const r = await attractionTargets(store.db, 'hydrogen', 'LJ-JINSHAN');
    expect(r.scope.code).toBe('LJ-JINSHAN');
    expect(r.nodes.every((n) => n.status === 'missing' || n.status === 'weak')).toBe(true);
    const withCandidates = r.nodes.filter((n) => n.candidates.length > 0).map((n) => n.key);
    // Sinopec Zhongyuan Oilfield (Puyang, seed 000) on the refuelling and by-product hydrogen nodes.
    expect(withCandidates).toEqual(expect.arrayContaining(['refuelling-stations', 'byproduct-hydrogen']));
    for (const key of ['refuelling-stations', 'byproduct-hydrogen']) {
      const c = r.nodes.find((n) => n.key === key)!.candidates[0]!;
      expect(c).toMatchObject({ rank: 1, name: '中国石化中原油田', region: { code: '410900' } });
      expect(c.reasons).toHaveLength(ATTRACTION_PARTS.length);
      const sum = ATTRACTION_PARTS.reduce((s, p) => s + r.weights[p] * c.parts[p], 0);
      expect(c.score).toBeCloseTo(sum, 12);
    }
  });

  it('Huaping × PV: modules and storage get candidates — clusters elsewhere to canvass, with the match and the source sentence', async () => {
    const r = await attractionTargets(store.db, 'pv', 'LJ-HUAPING');
    const node = (key: string) => r.nodes.find((n) => n.key === key)!;
    expect(r.cluster_ranking).toMatch(/same product HS code > works the same chain/);
    for (const key of ['pv-modules', 'energy-storage-batteries']) {
      expect(node(key).status).toBe('missing');
      expect(node(key).clusters.length).toBeGreaterThan(0);
      for (const c of node(key).clusters) {
        expect(c.quote).toBeTruthy();
        expect(c.reason).toContain(c.quote!);
      }
    }
    // Storage batteries: Yibin's power-battery cluster works the battery chain, whose cells node makes the
    // same product (HS 850760); it is nearer Lijiang than Ningxiang's battery-materials base, of the same tier.
    const storage = node('energy-storage-batteries').clusters;
    const yibin = storage.find((c) => c.code === 'YIBIN-POWER-BATTERY')!;
    const ningxiang = storage.find((c) => c.code === 'NX-BATTERY-MATERIALS')!;
    expect(yibin).toMatchObject({ match: 'product', tier: 'other' });
    expect(yibin.via).toEqual({ chain: 'lithium-battery-storage', node: 'battery-cells', codes: ['850760'] });
    expect(yibin.distance_km!).toBeLessThan(ningxiang.distance_km!);
    expect(yibin.rank).toBeLessThan(ningxiang.rank);
    // The stated order: match, then tier, then distance.
    const MATCH = ['product', 'chain', 'industry'];
    const TIER = ['world_class', 'national', 'provincial', 'emerging', 'traditional', 'other'];
    const key = (c: (typeof storage)[number]) => [
      MATCH.indexOf(c.match),
      TIER.indexOf(c.tier ?? 'other'),
      c.distance_km ?? 1e9,
    ];
    for (let i = 1; i < storage.length; i++) {
      const [a, b] = [key(storage[i - 1]!), key(storage[i]!)];
      expect(a[0]! < b[0]! || (a[0] === b[0] && (a[1]! < b[1]! || (a[1] === b[1] && a[2]! <= b[2]!)))).toBe(
        true,
      );
    }
    // Modules: Baotou's new-energy equipment base works the PV chain (seed 004).
    const modules = node('pv-modules').clusters;
    expect(modules.find((c) => c.code === 'BAOTOU-NEW-ENERGY-EQUIP')).toMatchObject({ match: 'chain' });
    // Huaping's own cluster is not "elsewhere".
    expect(r.nodes.flatMap((n) => n.clusters.map((c) => c.code))).not.toContain('LJ-HUAPING-SILICON-CARBON');
    // LONGi is the scope's leader; it is never its own candidate.
    expect(r.leaders).toContain('隆基绿能');
    expect(r.nodes.flatMap((n) => n.candidates.map((c) => c.name))).not.toContain('隆基绿能');
  });

  it('a cluster matches a node by product before chain before industry class', () => {
    const target = { key: 'energy-storage-batteries', hs_codes: ['850760'], industry_codes: ['3841'] };
    const fact = (chain: string, node: string, hs: string[], industry: string[]) => ({
      chain,
      node,
      hs_codes: hs,
      industry_codes: industry,
    });
    expect(bestMatch(target, 'pv-silicon', [fact('lithium-battery-storage', 'packs', [], ['3841'])])).toEqual(
      {
        match: 'industry',
        via: { chain: 'lithium-battery-storage', node: 'packs', codes: ['3841'] },
      },
    );
    expect(
      bestMatch(target, 'pv-silicon', [
        fact('lithium-battery-storage', 'packs', [], ['3841']),
        fact('pv-silicon', 'energy-storage-batteries', ['850760'], ['3841']),
        fact('lithium-battery-storage', 'battery-cells', ['850760'], ['3841']),
      ])?.match,
    ).toBe('product');
    expect(bestMatch(target, 'pv-silicon', [fact('pv-silicon', 'wafers', [], [])])).toBeNull();
    // A shared service class (testing, 7452) is not a match: every chain has such a node.
    const testing = { key: 'om-and-testing', hs_codes: [], industry_codes: ['7452'] };
    expect(
      bestMatch(testing, 'pv-silicon', [fact('rail-transit-equipment', 'testing', [], ['7452'])]),
    ).toBeNull();
  });

  it('ranks a worked fixture by size, growth, distance and a link with the scope’s leader', async () => {
    const db = store.db;
    await db.query(`update region set lon = 100.23, lat = 26.87 where code = '530702'`);
    await db.query(`update region set lon = 102.83, lat = 24.88 where code = '530100'`);
    await db.query(`update region set lon = 115.03, lat = 35.76 where code = '410900'`);
    const region = async (code: string) =>
      (await db.query<{ id: number }>('select id from region where code = $1', [code]))[0]!.id;
    const node = async (chain: string, code: string) =>
      (
        await db.query<{ id: number }>(
          'select n.id from chain_node n join chain c on c.id = n.chain_id where c.code = $1 and n.code = $2',
          [chain, code],
        )
      )[0]!.id;
    const enterprise = async (name: string, regionCode: string) =>
      Number(
        (
          await db.query<{ id: number }>(
            'insert into enterprise (region_id, name_zh) values ($1, $2) returning id::float8 as id',
            [await region(regionCode), name],
          )
        )[0]!.id,
      );
    const kunming = await enterprise('Fixture Tube Trailers Kunming', '530100');
    const henan = await enterprise('Fixture Tube Trailers Puyang', '410900');
    const trailers = await node('hydrogen-energy', 'tube-trailer-transport');
    for (const id of [kunming, henan])
      await db.query('insert into enterprise_node (enterprise_id, chain_node_id) values ($1, $2)', [
        id,
        trailers,
      ]);
    // Yunnan Aluminum (Jinshan) as the scope's hydrogen chain leader, buying from the Kunming fixture.
    const yunlu = Number(
      (
        await db.query<{ id: number }>(`select id::float8 as id from enterprise where name_zh = '云南铝业'`)
      )[0]!.id,
    );
    await db.query(
      `insert into enterprise_node (enterprise_id, chain_node_id, role) values ($1, $2, 'leader')`,
      [yunlu, await node('hydrogen-energy', 'industrial-applications')],
    );
    await db.query(
      `insert into supply_link (buyer_region_id, buyer_id, supplier_region_id, supplier_id, year, value)
       values ($1, $2, $3, $4, 2024, 1000)`,
      [await region('530702'), yunlu, await region('530100'), kunming],
    );
    const r = await attractionTargets(db, 'hydrogen', 'LJ-JINSHAN');
    const list = r.nodes.find((n) => n.key === 'tube-trailer-transport')!.candidates;
    expect(list.map((c) => c.name)).toEqual([
      'Fixture Tube Trailers Kunming',
      'Fixture Tube Trailers Puyang',
    ]);
    const [near, far] = list as [(typeof list)[0], (typeof list)[0]];
    expect(near.distance_km!).toBeGreaterThan(250);
    expect(near.distance_km!).toBeLessThan(450);
    expect(far.distance_km!).toBeGreaterThan(1400);
    expect(near.parts.links).toBe(1);
    expect(near.leader_links).toEqual([{ leader: '云南铝业', direction: 'supplies', value: 1000 }]);
    expect(near.parts.distance).toBeCloseTo(1 / (1 + near.distance_km! / 500), 12);
    expect(near.reasons.join(' ')).toMatch(/supplies 云南铝业/);
    expect(r.distance_from).toMatchObject({ region: '530702' });
    // The export: one row per node × candidate, the score's parts and reasons in columns.
    const csv = attractionListCsv(r);
    expect(csv.split('\n')[0]).toContain('node,node_status,rank,enterprise');
    expect(csv).toContain('Fixture Tube Trailers Kunming');
    const xlsx = await attractionListXlsx(r);
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
  });

  it('complementary regions: Puyang pairs with Lijiang on hydrogen, nodes behind the score named', async () => {
    const r = await complementaryRegionsFor(store.db, 'hydrogen', '530700');
    expect(r.regions_compared).toBeGreaterThanOrEqual(1);
    const puyang = r.partners.find((p) => p.region.code === '410900');
    expect(puyang).toBeDefined();
    expect(puyang!.gives).toEqual(expect.arrayContaining(['refuelling-stations', 'byproduct-hydrogen']));
    expect(puyang!.score).toBeCloseTo(
      (puyang!.gives.length + puyang!.takes.length) / Object.keys(r.own_status).length,
      12,
    );
  });

  it('region diversification: chain nodes Lijiang lacks, with the engine’s measures', async () => {
    const r = await diversifyRegion(store.db, '530700', { limit: 50 });
    expect(r.locations_compared).toBeGreaterThanOrEqual(2);
    expect(r.present).toEqual(expect.arrayContaining(['pv-silicon/monocrystalline-silicon']));
    expect(r.options.length).toBeGreaterThan(0);
    for (const o of r.options) {
      expect(r.present).not.toContain(o.product);
      expect(o.distance).toBeCloseTo(1 - o.density, 12);
      expect(o.explanation).toContain('density');
    }
    for (let k = 1; k < r.options.length; k++)
      expect(r.options[k - 1]!.density).toBeGreaterThanOrEqual(r.options[k]!.density);
  });

  describe('API', () => {
    let app: FastifyInstance;
    const TOKEN = 'test-local-admin-token-opportunities-0123456789';
    beforeAll(async () => {
      app = await buildApi({ db: store.db, localAdminToken: TOKEN });
    });
    afterAll(() => app?.close());
    const get = (url: string) => app.inject({ url, headers: { authorization: `Bearer ${TOKEN}` } });

    it('answers the three rankings and the attraction list as CSV and XLSX', async () => {
      const a = await get('/api/opportunities/attract?chain=hydrogen&scope=LJ-JINSHAN');
      expect(a.statusCode).toBe(200);
      expect(a.json().nodes.length).toBeGreaterThan(0);
      const csv = await get('/api/opportunities/attract?chain=hydrogen&scope=LJ-JINSHAN&format=csv');
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      expect(csv.headers['content-disposition']).toContain('attraction-list_hydrogen-energy_LJ-JINSHAN.csv');
      const xlsx = await get('/api/opportunities/attract?chain=hydrogen&scope=LJ-JINSHAN&format=xlsx');
      expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
      expect((await get('/api/opportunities/complement?chain=hydrogen&region=530700')).statusCode).toBe(200);
      expect((await get('/api/opportunities/diversify?region=530700&rank_by=cog')).json().rank_by).toBe(
        'cog',
      );
    });

    it('refuses the anonymous, unknown scopes and weights that do not add up', async () => {
      expect((await app.inject('/api/opportunities/diversify?region=530700')).statusCode).toBe(401);
      expect((await get('/api/opportunities/attract?chain=hydrogen&scope=NOWHERE')).statusCode).toBe(404);
      const bad = await get('/api/opportunities/attract?chain=hydrogen&scope=LJ-JINSHAN&w_size=0.9');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toMatch(/add up to/);
      expect((await get('/api/opportunities/diversify?region=LJ-HUAPING')).statusCode).toBe(400);
    });
  });

  it('keeps scopes outside the caller’s visibility out', async () => {
    const visibility = { all: false, regions: [], parks: [], enterprises: [], departments: [] };
    await expect(attractionTargets(store.db, 'pv', 'LJ-HUAPING', { visibility })).rejects.toThrow(
      /do not cover/,
    );
    await expect(complementaryRegionsFor(store.db, 'pv', '530700', { visibility })).rejects.toThrow(
      /do not cover/,
    );
    await expect(diversifyRegion(store.db, '530700', { visibility })).rejects.toThrow(/do not cover/);
  });
});

describe('diversification on world trade', () => {
  const text = readFileSync(TRADE, 'utf8').trim().split('\n').slice(1);
  const table = {
    location: text.map((l) => l.split(',')[0]!.replace(/"/g, '')),
    product: text.map((l) => l.split(',')[1]!.replace(/"/g, '')),
    value: text.map((l) => Number(l.split(',')[2])),
  };
  const period = ecomplexity(table).periods[0]!;
  const P = period.products.length;

  it('equals the engine’s density ranking and COG ranking for a country', () => {
    for (const country of ['chn', 'deu', 'bra']) {
      const c = period.locations.indexOf(country);
      const row = (m: { data: Float64Array }) => m.data.subarray(c * P, c * P + P);
      const input = {
        present: period.mcp.data.subarray(c * P, c * P + P),
        density: row(period.density),
        cog: row(period.cog),
        pci: period.pci,
        proximity: period.proximity,
      };
      const absent = [...Array(P).keys()].filter((p) => period.mcp.data[c * P + p] === 0);
      const byDensity = [...absent].sort(
        (a, b) =>
          input.density[b]! - input.density[a]! ||
          input.cog[b]! - input.cog[a]! ||
          input.pci[b]! - input.pci[a]! ||
          a - b,
      );
      const byCog = [...absent].sort(
        (a, b) =>
          input.cog[b]! - input.cog[a]! ||
          input.density[b]! - input.density[a]! ||
          input.pci[b]! - input.pci[a]! ||
          a - b,
      );
      expect(diversificationOptions(input).map((o) => o.product)).toEqual(byDensity);
      expect(diversificationOptions(input, { rankBy: 'cog' }).map((o) => o.product)).toEqual(byCog);
    }
    // The same through the file service, as `chainatlas opportunities diversify --file` runs it.
    const report = diversifyFromFile(
      TRADE,
      { location: 'country', product: 'product', value: 'value' },
      'chn',
      { limit: 5 },
    );
    const c = period.locations.indexOf('chn');
    expect(report.options[0]!.density).toBe(
      period.density.data[c * P + period.products.indexOf(report.options[0]!.product)],
    );
    expect(report.options[0]!.because.length).toBeGreaterThan(0);
  });

  it('held out: products hidden from a country’s presence rank among its top options more often than in its bottom half', () => {
    // World trade holds one period (1998–2000 average), so there is no later year to check entry against.
    // The check is the cross-sectional equivalent: hide 10 % of each country's products (RCA ≥ 1), recompute
    // proximity and density from what is left, rank each country's options, and count how often a hidden
    // product — one the country does export competitively — falls in the top decile vs the bottom half.
    let seed = 20070727;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const L = period.locations.length;
    const masked = new Uint8Array(period.mcp.data);
    const hidden = new Uint8Array(L * P);
    for (let k = 0; k < L * P; k++) {
      if (masked[k] === 1 && random() < 0.1) {
        masked[k] = 0;
        hidden[k] = 1;
      }
    }
    const mcp = matrix(L, P, masked);
    const phi = productProximity(mcp);
    const omega = density(mcp, phi);
    let topHits = 0;
    let topTotal = 0;
    let bottomHits = 0;
    let bottomTotal = 0;
    const zeros = new Float64Array(P);
    for (let c = 0; c < L; c++) {
      const options = diversificationOptions(
        {
          present: masked.subarray(c * P, c * P + P),
          density: omega.data.subarray(c * P, c * P + P),
          cog: zeros,
          pci: zeros,
          proximity: phi,
        },
        { because: 0 },
      );
      const m = options.length;
      const top = Math.max(1, Math.floor(m / 10));
      options.forEach((o, k) => {
        const hit = hidden[c * P + o.product]!;
        if (k < top) {
          topHits += hit;
          topTotal++;
        } else if (k >= m / 2) {
          bottomHits += hit;
          bottomTotal++;
        }
      });
    }
    const topRate = topHits / topTotal;
    const bottomRate = bottomHits / bottomTotal;
    console.log(
      `held-out entry rate: top decile ${(topRate * 100).toFixed(2)} % (${topHits}/${topTotal}), bottom half ${(bottomRate * 100).toFixed(2)} % (${bottomHits}/${bottomTotal})`,
    );
    expect(topRate).toBeGreaterThan(bottomRate);
  });
});
