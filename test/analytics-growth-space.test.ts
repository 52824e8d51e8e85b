/** Shift-share and the industry space on the store's region × industry figures, through the API. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.ts';
import type { Store } from '../src/store/open-store.ts';
import { storeKinds } from './helpers/stores.ts';

const ADMIN = { authorization: 'Bearer growth-space-test-local-admin-token-0123456' };

// Employment by county and GB/T 4754 division at two periods (hand-made). Totals 300 → 360: G = 0.2;
// division 30 grows 75 → 120 (g = 0.6), 13 125 → 130 (0.04), 38 100 → 110 (0.1).
// 530723 in division 30: e⁰ = 60, change 30 = 60·0.2 (12) + 60·(0.6 − 0.2) (24) + competitive −6.
const TABLE = [
  ['530723', '30', 60, 90],
  ['530723', '13', 20, 20],
  ['530723', '38', 20, 30],
  ['530702', '30', 10, 15],
  ['530702', '13', 50, 50],
  ['530702', '38', 40, 40],
  ['530722', '30', 5, 15],
  ['530722', '13', 55, 60],
  ['530722', '38', 40, 40],
] as const;

describe.each(storeKinds())('shift-share and industry space on stored indicators ($name)', (kind) => {
  let store: Store;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await kind.open();
    app = await buildApi({ db: store.db, localAdminToken: ADMIN.authorization.slice(7) });
    const lines = TABLE.flatMap(([r, i, v0, v1]) => [
      `region,${r},${i},employment,2023,${v0},person`,
      `region,${r},${i},employment,2024,${v1},person`,
    ]);
    const csv = `entity_kind,entity_code,industry_code,metric,period,value,unit\n${lines.join('\n')}\n`;
    const form = new FormData();
    form.append('file', new Blob([csv]), 'indicators.csv');
    const res = await app.inject({ method: 'POST', url: '/api/import', payload: form, headers: ADMIN });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it("splits a county's growth into benchmark growth, industry mix and competitive effect", async () => {
    const res = await app.inject({ url: '/api/analytics/shift-share/530723', headers: ADMIN });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ from: '2023', to: '2024', periods: ['2023', '2024'] });
    expect(body.benchmark_growth).toBeCloseTo(0.2, 12);
    expect(body.benchmark).toMatch(/3 regions, 3 industries/);
    const d30 = body.industries.find((x: { industry: string }) => x.industry === '30');
    expect(d30.change).toBe(30);
    expect(d30.national_growth).toBeCloseTo(12, 10);
    expect(d30.industry_mix).toBeCloseTo(24, 10);
    expect(d30.competitive).toBeCloseTo(-6, 10);
    // 530723 in all: +40 = 20 (benchmark) + 18.8 (mix: +24 − 3.2 − 2) + 1.2 (competitive).
    expect(body.totals.change).toBe(40);
    expect(body.totals.national_growth).toBeCloseTo(20, 10);
    expect(body.totals.industry_mix).toBeCloseTo(18.8, 10);
    expect(body.totals.competitive).toBeCloseTo(1.2, 10);
    expect(body.industries[0].industry).toBe('30'); // largest change first
  });

  it('refuses one period, a reversed span and an unknown region with the reason', async () => {
    const one = await app.inject({
      url: '/api/analytics/shift-share/530723?metric=output_value',
      headers: ADMIN,
    });
    expect(one.statusCode).toBe(422);
    expect(one.json().error).toMatch(/0 period\(s\).*needs two/);
    const reversed = await app.inject({
      url: '/api/analytics/shift-share/530723?from=2024&to=2023',
      headers: ADMIN,
    });
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().error).toMatch(/must come before/);
    const unknown = await app.inject({ url: '/api/analytics/shift-share/999999', headers: ADMIN });
    expect(unknown.statusCode).toBe(422);
  });

  it('links industries the same regions have, and marks the county’s own', async () => {
    const res = await app.inject({
      url: '/api/analytics/industry-space/530723?period=2024',
      headers: ADMIN,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // 2024 presence (LQ ≥ 1): 530723 {30}; 530702 and 530722 {13, 38}: φ(13, 38) = 2/2, φ(30, ·) = 0.
    expect(body.nodes).toHaveLength(3);
    const present = body.nodes
      .filter((n: { present: boolean }) => n.present)
      .map((n: { industry: string }) => n.industry);
    expect(present).toEqual(['30']);
    expect(body.links).toEqual([{ source: '13', target: '38', proximity: 1, tree: true }]);
    expect(body.method).toMatch(/Hidalgo/);
  });
});
