/** Specialization and complexity on the store's region × industry tables, through the API. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.ts';
import type { Store } from '../src/store/open-store.ts';
import { storeKinds } from './helpers/stores.ts';

const ADMIN = { authorization: 'Bearer analytics-test-local-admin-token-0123456789' };

// Employment by county and GB/T 4754 division (hand-made): LQ of 530723 in division 30 =
// (60 / 100) / (60 + 10 + 5 = 75 / 300) = 2.4.
const TABLE = [
  ['530723', '30', 60],
  ['530723', '13', 20],
  ['530723', '38', 20],
  ['530702', '30', 10],
  ['530702', '13', 50],
  ['530702', '38', 40],
  ['530722', '30', 5],
  ['530722', '13', 55],
  ['530722', '38', 40],
] as const;

describe.each(storeKinds())('analytics on stored indicators ($name)', (kind) => {
  let store: Store;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await kind.open();
    app = await buildApi({ db: store.db, localAdminToken: ADMIN.authorization.slice(7) });
    const csv = `entity_kind,entity_code,industry_code,metric,period,value,unit\n${TABLE.map(
      ([r, i, v]) => `region,${r},${i},employment,2024,${v},person`,
    ).join('\n')}\n`;
    const form = new FormData();
    form.append('file', new Blob([csv]), 'indicators.csv');
    const res = await app.inject({ method: 'POST', url: '/api/import', payload: form, headers: ADMIN });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it("gives a county's location quotients against its peers, with the method", async () => {
    const res = await app.inject({ url: '/api/analytics/specialization/530723?period=2024', headers: ADMIN });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.method).toMatch(/Balassa/);
    expect(body.benchmark).toMatch(/3 regions, 9 figures/);
    expect(body.industries[0]).toMatchObject({ industry: '30', present: true });
    expect(body.industries[0].location_quotient).toBeCloseTo(2.4, 12);
  });

  it('ranks counties by ECI', async () => {
    const res = await app.inject({
      url: '/api/analytics/complexity?period=2024&level=county',
      headers: ADMIN,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().regions).toHaveLength(3);
  });

  it('says so when there is no table', async () => {
    const res = await app.inject({ url: '/api/analytics/specialization/530723?period=1999', headers: ADMIN });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatch(/no employment figures/);
  });
});
