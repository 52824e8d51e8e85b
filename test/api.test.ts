/** The HTTP API on a store with the reference data and the demo workspace (both stores). */

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.ts';
import type { Store } from '../src/store/open-store.ts';
import { storeKinds } from './helpers/stores.ts';

const ADMIN_TOKEN = 'test-local-admin-token-0123456789abcdef';
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe.each(storeKinds())('API on $name with the demo workspace', (kind) => {
  let store: Store;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await kind.open({ demo: true });
    app = await buildApi({ db: store.db, localAdminToken: ADMIN_TOKEN });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const get = (url: string) => app.inject({ url, headers: ADMIN });

  it('is healthy and documents itself', async () => {
    const health = await app.inject('/api/health');
    expect(health.json()).toMatchObject({ status: 'ok', store: kind.name });
    const openapi = (await app.inject('/api/openapi.json')).json();
    expect(openapi.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/api/regions', '/api/parks', '/api/import', '/api/health']),
    );
    const docs = await app.inject('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toMatch(/swagger/i);
  });

  it("lists China's 34 provincial-level units", async () => {
    const res = (await get('/api/regions?level=province&limit=100')).json();
    expect(res.total).toBe(34);
    expect(res.items.map((r: { code: string }) => r.code)).toEqual(
      expect.arrayContaining(['110000', '530000', '810000', '820000', '710000']),
    );
  });

  it('filters, sorts and paginates', async () => {
    const page = (await get('/api/regions?parent_code=530700&sort=code&order=desc&limit=2&offset=1')).json();
    expect(page.total).toBeGreaterThanOrEqual(5);
    expect(page.items).toHaveLength(2);
    expect(page.items[0].code > page.items[1].code).toBe(true);
    const bad = await get('/api/regions?sort=nonsense');
    expect(bad.statusCode).toBe(400);
  });

  it("has Lijiang's four provincial-level parks with their leading industries", async () => {
    const res = (await get('/api/parks?within=530700&limit=100')).json();
    const names = res.items.map((p: { name_en: string }) => p.name_en).join(' | ');
    for (const park of ['Huaping', 'Jinshan', 'Yongsheng', 'Yulong']) expect(names).toContain(park);
    const jinshan = res.items.find((p: { name_en: string }) => /Jinshan/.test(p.name_en));
    expect(jinshan.leading_industries.join(' ')).toMatch(/hydrogen/i);
    expect(jinshan.source).toBe('seed-003');
  });

  it("gives Puyang's 2025 GDP of 210.6 bn yuan with its source sentence", async () => {
    const res = (await get('/api/indicators?region_code=410900&metric=gdp&period=2025')).json();
    const yuan = res.items.find((i: { unit: string }) => i.unit === 'yuan');
    expect(yuan.value).toBe(210_600_000_000);
    expect(yuan.document_code).toBe('seed-000');
    expect(yuan.quote).toContain('210,6');
  });
});

describe.each(storeKinds())('API import on $name', (kind) => {
  let store: Store;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await kind.open();
    app = await buildApi({ db: store.db, localAdminToken: ADMIN_TOKEN });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const upload = (name: string, text: string, query = '') => {
    const form = new FormData();
    form.append('file', new Blob([text]), name);
    return app.inject({ method: 'POST', url: `/api/import${query}`, payload: form, headers: ADMIN });
  };

  it('answers 422 with every error, row and column, and imports nothing', async () => {
    const res = await upload(
      'parks.csv',
      'code,region_code,name_zh,planned_area_mu\nA-1,530702,甲,-5\nA-2,000001,乙,10\n',
    );
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.total).toBe(2);
    expect(body.issues.map((i: { row: number; column: string }) => [i.row, i.column])).toEqual([
      [2, 'planned_area_mu (D)'],
      [3, 'region_code (B)'],
    ]);
    expect((await app.inject({ url: '/api/parks', headers: ADMIN })).json().total).toBe(0);
  });

  it('imports a good file, with the kind from the query', async () => {
    const res = await upload('my-list.csv', 'code,region_code,name_zh\nA-1,530702,甲\n', '?kind=parks');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'parks', rows: 1, inserted: 1 });
    const exported = await app.inject({ url: '/api/export/parks?format=csv', headers: ADMIN });
    expect(exported.headers['content-type']).toMatch(/text\/csv/);
    expect(exported.body).toContain('A-1,甲');
  });
});

describe.each(storeKinds())('API dry run on $name', (kind) => {
  let store: Store;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await kind.open();
    app = await buildApi({ db: store.db, localAdminToken: ADMIN_TOKEN });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('reports what an import would do and writes nothing', async () => {
    const form = new FormData();
    form.append('file', new Blob(['code,region_code,name_zh\nDRY-1,530702,试运行\n']), 'parks.csv');
    const res = await app.inject({
      method: 'POST',
      url: '/api/import?dry_run=true',
      payload: form,
      headers: ADMIN,
    });
    expect(res.json()).toMatchObject({ rows: 1, inserted: 1, dryRun: true });
    expect((await app.inject({ url: '/api/parks', headers: ADMIN })).json().total).toBe(0);
    const [audit] = await store.db.query<{ n: number }>(
      "select count(*)::int as n from audit_log where action = 'import'",
    );
    expect(audit!.n).toBe(0);
  });
});
