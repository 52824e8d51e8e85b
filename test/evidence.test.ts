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

    it('ranks passages by the stated score: matched terms, trigram similarity, recency', async () => {
      const { hits } = await searchDocuments(store.db, { query: 'hydrogène', limit: 50 });
      expect(hits.length).toBeGreaterThan(3);
      for (const h of hits) {
        expect(h.score).toBeCloseTo(h.scoreParts.terms + h.scoreParts.similarity + h.scoreParts.recency, 2);
        expect(h.scoreParts.terms).toBeLessThanOrEqual(6);
        expect(h.scoreParts.similarity).toBeLessThanOrEqual(2);
        expect(h.scoreParts.recency).toBeLessThanOrEqual(1);
      }
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
      // The query as typed (French) ranks above passages found only through a translation (氢能, hydrogen).
      const typed = hits.findIndex((h) => h.matched.includes('hydrogène'));
      const translated = hits.findIndex((h) => !h.matched.includes('hydrogène'));
      expect(typed).toBe(0);
      if (translated >= 0) expect(hits[0]!.score).toBeGreaterThan(hits[translated]!.score);
      // More occurrences rank higher; of two equal passages, the newer document first.
      const body = 'Le parc Yulong prépare un projet pilote de transport de lithium vert.';
      const old = await addDocument(store.db, {
        title: 'Ancien',
        body,
        regionCode: '530700',
        publishedOn: '2015-03-01',
      });
      const recent = await addDocument(store.db, {
        title: 'Récent',
        body: `${body} `,
        regionCode: '530700',
        publishedOn: '2025-03-01',
      });
      const dense = await addDocument(store.db, {
        title: 'Dense',
        body: 'Le lithium vert du parc Yulong : du lithium vert pour les batteries, puis le recyclage du lithium vert.',
        regionCode: '530700',
        publishedOn: '2015-03-01',
      });
      const ranked = (await searchDocuments(store.db, { query: 'lithium vert', expand: false })).hits.map(
        (h) => h.documentCode,
      );
      expect(ranked.indexOf(recent.code)).toBeLessThan(ranked.indexOf(old.code));
      expect(ranked.indexOf(dense.code)).toBeLessThan(ranked.indexOf(old.code));
    });

    it('every demo figure quoting a seed points to a sentence the extractor proposed a figure from', async () => {
      const rows = await store.db.query<{ quote: string; document_id: number; note: string | null }>(
        `select quote, document_id, note from indicator where document_id is not null and quote is not null
         union all select quote, document_id, note from target where document_id is not null and quote is not null`,
      );
      const stated = rows.filter((r) => !(r.note ?? '').startsWith('Derived'));
      expect(stated.length).toBeGreaterThan(90);
      const squash = (x: string) => x.replace(/\s+/g, ' ').trim();
      const facts = await listFacts(store.db, { limit: 5000 });
      for (const r of stated) {
        const quote = squash(r.quote);
        const source = facts.find(
          (f) =>
            f.document_id === r.document_id &&
            (squash(f.sentence).includes(quote) || quote.includes(squash(f.sentence))),
        );
        expect(source, r.quote).toBeDefined();
      }
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

    it('accepting a goal as a target: provenance = document + sentence + offsets; twice does not duplicate', async () => {
      const body = 'By 2028, the industrial scale of Hubei is expected to reach 8.5 trillion yuan.';
      const doc = await addDocument(store.db, { title: 'Hubei 2028', body, regionCode: '420000' });
      const [fact] = await listFacts(store.db, { documentCode: doc.code });
      expect(fact).toMatchObject({
        value: 8.5e12,
        period: '2028',
        entity_code: '420000',
        metric_code: 'industrial_scale',
        proposed_as: 'target',
      });
      const first = await acceptFact(store.db, fact!.id, 'tester');
      const second = await acceptFact(store.db, fact!.id, 'tester');
      expect(first).toMatchObject({ outcome: 'created', as: 'target', indicatorId: null });
      expect(second).toMatchObject({ outcome: 'already_accepted', as: 'target', targetId: first.targetId });
      expect(first.fact).toMatchObject({ status: 'accepted', target_id: first.targetId });
      const targets = await store.db.query<{
        id: number;
        value: number;
        source: string;
        quote: string;
        note: string;
        document_id: number;
        due_end: string;
      }>(
        `select t.id, t.value, t.source, t.quote, t.note, t.document_id, t.due_end::text as due_end from target t
         join metric m on m.id = t.metric_id where m.code = 'industrial_scale' and t.due_period = '2028'`,
      );
      expect(targets).toHaveLength(1);
      expect(targets[0]).toMatchObject({
        id: first.targetId,
        value: 8.5e12,
        source: doc.code,
        quote: body,
        document_id: doc.id,
        due_end: '2028-12-31',
      });
      // The offsets point at the figure as written in the document.
      const [, from, to] = /characters (\d+)–(\d+)/.exec(targets[0]!.note) ?? [];
      expect(body.slice(Number(from), Number(to))).toBe('8.5 trillion yuan');
      // The same target from another document links; a different value is a conflict, not an overwrite.
      const again = await addDocument(store.db, {
        title: 'Hubei 2028 bis',
        body: "By 2028, Hubei's industrial scale is expected to reach 8.5 trillion yuan.",
        regionCode: '420000',
      });
      const [same] = await listFacts(store.db, { documentCode: again.code });
      expect(await acceptFact(store.db, same!.id, 'tester')).toMatchObject({
        outcome: 'same_value_linked',
        targetId: first.targetId,
      });
      const other = await addDocument(store.db, {
        title: 'Hubei 2028 ter',
        body: 'By 2028, the industrial scale of Hubei is expected to reach 9 trillion yuan.',
        regionCode: '420000',
      });
      const [different] = await listFacts(store.db, { documentCode: other.code });
      expect((await acceptFact(store.db, different!.id, 'tester')).outcome).toBe('conflict');
      const conflict = (await listConflicts(store.db)).find((c) => c.factId === different!.id);
      expect(conflict).toMatchObject({ storedAs: 'target', stored: { value: 8.5e12, sentence: body } });
      const [count] = await store.db.query<{ n: number }>(
        `select count(*)::int as n from target t join metric m on m.id = t.metric_id
         where m.code = 'industrial_scale' and t.due_period = '2028'`,
      );
      expect(count!.n).toBe(1);
    });

    it('a seed goal ("en prévision d\'attirer … 200 millions") links to the demo target it came from', async () => {
      const facts = await listFacts(store.db, { documentCode: 'seed-003' });
      const goal = facts.find((f) => f.figure_text.startsWith('200') && f.sentence.includes('en prévision'));
      expect(goal).toMatchObject({ proposed_as: 'target', entity_code: 'LJ-JINSHAN', period: '2025' });
      const result = await acceptFact(store.db, goal!.id, 'tester');
      expect(result).toMatchObject({ outcome: 'same_value_linked', as: 'target' });
      const [target] = await store.db.query<{ quote: string }>('select quote from target where id = $1', [
        result.targetId,
      ]);
      expect(target!.quote).toContain("en prévision d'attirer des investissements de 200 millions");
    });

    it("a chain's figure named in any language becomes the chain's indicator in the document's region", async () => {
      const doc = await addDocument(store.db, {
        title: 'Lijiang hydrogène 2024',
        body: "En 2024, la valeur de production de la chaîne industrielle de l'hydrogène a atteint 1,2 milliard de yuans.",
        regionCode: '530700',
      });
      const [fact] = await listFacts(store.db, { documentCode: doc.code });
      expect(fact).toMatchObject({
        value: 1.2e9,
        period: '2024',
        entity_kind: 'chain',
        entity_code: 'hydrogen-energy',
        metric_code: 'output_value',
      });
      const result = await acceptFact(store.db, fact!.id, 'tester');
      expect(result.outcome).toBe('created');
      const [row] = await store.db.query<{ chain: string; region: string; value: number }>(
        `select c.code as chain, r.code as region, i.value from indicator i join chain c on c.id = i.entity_id
         join region r on r.id = i.region_id where i.entity_kind = 'chain' and i.id = $1`,
        [result.indicatorId],
      );
      expect(row).toEqual({ chain: 'hydrogen-energy', region: '530700', value: 1.2e9 });
      expect((await acceptFact(store.db, fact!.id, 'tester')).outcome).toBe('already_accepted');
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
    // A goal is proposed as a target; the reviewer may accept it as either (here: as an indicator).
    const goal = await app.inject({
      method: 'POST',
      url: '/api/documents',
      headers: ADMIN,
      payload: {
        title: 'Lijiang 2027',
        body: "D'ici 2027, le parc Huaping prévoit un investissement de 3 milliards de yuans.",
        region_code: '530700',
      },
    });
    const goalFacts = (
      await app.inject({ url: `/api/evidence/facts?document=${goal.json().code}`, headers: ADMIN })
    ).json();
    expect(goalFacts[0]).toMatchObject({ value: 3e9, period: '2027', proposed_as: 'target' });
    const asIndicator = await app.inject({
      method: 'POST',
      url: `/api/evidence/facts/${goalFacts[0].id}/accept`,
      headers: ADMIN,
      payload: { as: 'indicator', metric: 'investment' },
    });
    expect(asIndicator.json()).toMatchObject({ outcome: 'created', as: 'indicator', targetId: null });
    const wrongAs = await app.inject({
      method: 'POST',
      url: `/api/evidence/facts/${goalFacts[0].id}/accept`,
      headers: ADMIN,
      payload: { as: 'forecast' },
    });
    expect(wrongAs.statusCode).toBe(400);
  });
});
