/** Evidence on both stores: the seeds as searchable documents, the review queue, conflicts. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.ts';
import { addDocument } from '../src/services/evidence/documents.ts';
import { acceptFact, listConflicts, listFacts, rejectFact } from '../src/services/evidence/review.ts';
import { searchDocuments } from '../src/services/evidence/search.ts';
import type { Store } from '../src/store/open-store.ts';
import { storeKinds } from './helpers/stores.ts';

for (const kind of storeKinds()) {
  describe(`evidence (${kind.name})`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await kind.open({ demo: true });
    }, 240_000);
    afterAll(async () => store?.close());

    it('a Chinese query (氢能) and a French one (hydrogène) each find the Jinshan passages', async () => {
      for (const query of ['氢能', 'hydrogène']) {
        const { terms, hits } = await searchDocuments(store.db, { query });
        expect(terms).toContain('hydrogène');
        const jinshan = hits.filter((h) => h.documentCode === 'seed-003' && /Jinshan/.test(h.snippet));
        expect(jinshan.length, query).toBeGreaterThan(0);
        expect(jinshan[0]!.marks.length).toBeGreaterThan(0);
      }
    });

    it('filters by language, region and date', async () => {
      const fr = await searchDocuments(store.db, { query: 'hydrogen', language: 'fr' });
      expect(fr.hits.length).toBeGreaterThan(0);
      expect(fr.hits.every((h) => h.language === 'fr')).toBe(true);
      const yunnan = await searchDocuments(store.db, { query: 'hydrogen', regionCode: '530000' });
      expect(new Set(yunnan.hits.map((h) => h.documentCode))).toEqual(new Set(['seed-003']));
      const late = await searchDocuments(store.db, { query: 'hydrogen', from: '2025-01-01' });
      expect(late.hits.every((h) => (h.publishedOn ?? '') >= '2025-01-01')).toBe(true);
    });

    it('the seeds propose their figures for review with sentence and offsets', async () => {
      const facts = await listFacts(store.db, { documentCode: 'seed-000' });
      const gdp = facts.find((f) => f.figure_text === '210,6 милиарда юана');
      expect(gdp).toMatchObject({
        value: 210.6e9,
        unit: 'yuan',
        period: '2025',
        entity_code: '410900',
        metric_code: 'gdp',
      });
      expect(gdp!.sentence).toContain('БВП на Puyang');
    });

    it('accepting a figure creates one indicator with provenance, twice does not duplicate', async () => {
      const doc = await addDocument(store.db, {
        title: 'Пуянг 2024',
        body: 'През 2024 г. БВП на Puyang достигна 199,1 милиарда юана.',
        regionCode: '410900',
      });
      expect(doc.language).toBe('bg');
      const [fact] = await listFacts(store.db, { documentCode: doc.code });
      expect(fact).toMatchObject({ value: 199.1e9, period: '2024', metric_code: 'gdp' });
      const first = await acceptFact(store.db, fact!.id, 'tester');
      const second = await acceptFact(store.db, fact!.id, 'tester');
      expect(first.outcome).toBe('created');
      expect(second.outcome).toBe('already_accepted');
      const rows = await store.db.query<{ n: number; quote: string; source: string }>(
        `select count(*)::int as n, min(i.quote) as quote, min(i.source) as source from indicator i join metric m on m.id = i.metric_id
         where m.code = 'gdp' and i.period = '2024' and i.entity_kind = 'region'`,
      );
      expect(rows[0]).toMatchObject({
        n: 1,
        source: doc.code,
        quote: 'През 2024 г. БВП на Puyang достигна 199,1 милиарда юана.',
      });
    });

    it('a conflicting second document is flagged, not overwritten', async () => {
      const doc = await addDocument(store.db, {
        title: 'Другите данни',
        body: 'През 2025 г. БВП на Puyang достигна 215,0 милиарда юана.',
        regionCode: '410900',
        publishedOn: '2026-02-01',
      });
      const [fact] = await listFacts(store.db, { documentCode: doc.code });
      const result = await acceptFact(store.db, fact!.id, 'tester');
      expect(result.outcome).toBe('conflict');
      const [stored] = await store.db.query<{ value: number }>(
        `select i.value from indicator i join metric m on m.id = i.metric_id join region r on r.id = i.entity_id
         where m.code = 'gdp' and i.period = '2025' and i.entity_kind = 'region' and r.code = '410900' and i.scope = ''`,
      );
      expect(stored!.value).toBe(210.6e9);
      const conflicts = await listConflicts(store.db);
      const c = conflicts.find((x) => x.factId === fact!.id);
      expect(c?.proposed.sentence).toContain('215,0');
      expect(c?.stored.sentence).toContain('210,6');
    });

    it('accepting a demo figure already stored with the same value links it; rejecting is recorded', async () => {
      const facts = await listFacts(store.db, { documentCode: 'seed-001' });
      const sales = facts.find((f) => f.figure_text.startsWith('840'));
      const result = await acceptFact(store.db, sales!.id, 'tester', { metricCode: 'vehicle_sales' });
      expect(result.outcome).toBe('same_value_linked');
      const other = facts.find((f) => f.status === 'proposed' && f.id !== sales!.id);
      expect((await rejectFact(store.db, other!.id, 'tester')).status).toBe('rejected');
    });
  });
}

describe.each(storeKinds())('evidence API on $name', (kind) => {
  const ADMIN_TOKEN = 'test-local-admin-token-0123456789abcdef';
  const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
  let store: Store;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await kind.open({ demo: true });
    app = await buildApi({ db: store.db, localAdminToken: ADMIN_TOKEN });
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('searches, adds a document, reviews its figure; anonymous callers are refused', async () => {
    expect(
      (await app.inject({ url: `/api/documents/search?q=${encodeURIComponent('氢能')}` })).statusCode,
    ).toBe(401);
    const search = await app.inject({
      url: `/api/documents/search?q=${encodeURIComponent('氢能')}&language=fr`,
      headers: ADMIN,
    });
    expect(search.statusCode).toBe(200);
    expect(search.json().hits.some((h: { documentCode: string }) => h.documentCode === 'seed-003')).toBe(
      true,
    );
    const added = await app.inject({
      method: 'POST',
      url: '/api/documents',
      headers: ADMIN,
      payload: {
        title: 'Lijiang 2023',
        body: 'En 2023, le parc Huaping a réalisé un investissement de 1,8 milliard de yuans.',
        region_code: '530700',
      },
    });
    expect(added.statusCode).toBe(200);
    const code = added.json().code as string;
    const facts = (await app.inject({ url: `/api/evidence/facts?document=${code}`, headers: ADMIN })).json();
    expect(facts[0]).toMatchObject({
      value: 1.8e9,
      unit: 'yuan',
      period: '2023',
      entity_code: 'LJ-HUAPING',
      metric_code: 'investment',
    });
    const accepted = await app.inject({
      method: 'POST',
      url: `/api/evidence/facts/${facts[0].id}/accept`,
      headers: ADMIN,
      payload: {},
    });
    expect(accepted.json().outcome).toBe('created');
    const bad = await app.inject({
      method: 'POST',
      url: `/api/evidence/facts/${facts[0].id}/accept`,
      headers: ADMIN,
      payload: { metric: 'no_such_metric' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toContain('no_such_metric');
  });
});
