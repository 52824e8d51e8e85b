/**
 * Reads kept until the next write (bench:load): list pages, sessions and the region tree of chain
 * diagnostics are answered from memory while the store is unchanged, and never outlive a change — a
 * write, a sign-out, a session's end by the clock — on both stores.
 */

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.ts';
import { DEMO_PASSWORD } from '../src/services/accounts/demo-accounts.ts';
import { loadChainWorkspace } from '../src/services/chains/load-workspace.ts';
import { generationCache, newer, storeGeneration } from '../src/services/store-generation.ts';
import type { Store } from '../src/store/open-store.ts';
import { storeKinds } from './helpers/stores.ts';

describe.each(storeKinds())('reads kept until the next write on $name', (kind) => {
  let store: Store;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await kind.open({ demo: true });
    app = await buildApi({ db: store.db, rateLimit: { perMinute: 0 } });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  async function signIn(username: string) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: DEMO_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    return {
      cookie: String(res.headers['set-cookie']).split(';')[0]!,
      'x-csrf-token': res.json().csrfToken as string,
    };
  }

  it('answers a repeated list from memory and a write at once', async () => {
    const { cookie } = await signIn('demo-region');
    const url = '/api/enterprises?park_code=LJ-HUAPING&limit=50';
    const first = await app.inject({ url, headers: { cookie } });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    const again = await app.inject({ url, headers: { cookie } });
    expect(again.body).toBe(first.body);
    const { items } = first.json() as { items: { id: number; name_zh: string }[] };
    expect(items.length).toBeGreaterThan(0);
    const renamed = `${items[0]!.name_zh}（改）`;
    await store.db.query('update enterprise set name_zh = $1 where id = $2', [renamed, items[0]!.id]);
    const after = (await app.inject({ url, headers: { cookie } })).json() as {
      items: { id: number; name_zh: string }[];
    };
    expect(after.items.find((e) => e.id === items[0]!.id)?.name_zh).toBe(renamed);
  });

  it('tells the total of a list with or without counting, as before', async () => {
    const { cookie } = await signIn('demo-region');
    const all = (await app.inject({ url: '/api/indicators?limit=1000', headers: { cookie } })).json();
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBeGreaterThan(3);
    // A full page counts; a short page and a page past the end tell the same total.
    const firstPage = (await app.inject({ url: '/api/indicators?limit=2', headers: { cookie } })).json();
    expect(firstPage.items).toHaveLength(2);
    expect(firstPage.total).toBe(all.total);
    const lastPage = (
      await app.inject({ url: `/api/indicators?limit=2&offset=${all.total - 1}`, headers: { cookie } })
    ).json();
    expect(lastPage.items).toHaveLength(1);
    expect(lastPage.total).toBe(all.total);
    const beyond = (
      await app.inject({ url: `/api/indicators?limit=2&offset=${all.total + 5}`, headers: { cookie } })
    ).json();
    expect(beyond).toMatchObject({ items: [], total: all.total });
    // The filtered indicator list (planned with a bounded join search) gives the same rows either way.
    const filtered = (
      await app.inject({ url: '/api/indicators?entity_code=530700&limit=1000', headers: { cookie } })
    ).json();
    expect(filtered.items.length).toBeGreaterThan(0);
    expect(filtered.items.every((i: { entity_code: string }) => i.entity_code === '530700')).toBe(true);
    expect(filtered.items).toEqual(
      all.items.filter((i: { entity_code: string }) => i.entity_code === '530700'),
    );
  });

  it('ends a kept session at sign-out and at its expiry by the clock', async () => {
    const session = await signIn('demo-park');
    const me = () => app.inject({ url: '/api/auth/me', headers: { cookie: session.cookie } });
    expect((await me()).statusCode).toBe(200);
    expect((await me()).statusCode).toBe(200);
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: session });
    expect(out.statusCode).toBeLessThan(300);
    expect((await me()).statusCode).toBe(401);

    const short = await signIn('demo-park');
    await store.db.query(
      "update session set expires_at = now() + interval '1.5 seconds' where user_id = (select id from app_user where username = 'demo-park')",
    );
    const list = () => app.inject({ url: '/api/parks', headers: { cookie: short.cookie } });
    expect((await list()).statusCode).toBe(200);
    expect((await list()).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1700));
    // No write since: only the clock ended it.
    expect((await list()).statusCode).toBe(401);
  });

  it('takes a generation read earlier in the request, and keeps only the newest generation', async () => {
    const cached = generationCache();
    let computed = 0;
    const answer = (generation?: string) => cached(store.db, 'k', async () => ++computed, generation);
    const now = await storeGeneration(store.db);
    expect(await answer(now)).toBe(1);
    expect(await answer()).toBe(1); // read here: the same generation
    expect(await answer(now)).toBe(1);
    await store.db.query("update park set name_en = coalesce(name_en, '') where code = 'LJ-HUAPING'");
    expect(await answer()).toBe(2);
    // A request that read the old generation before the write is answered, but its answer is not kept.
    expect(await answer(now)).toBe(3);
    expect(await answer()).toBe(2);
    // Snapshots order by xmax, then xmin, then fewer transactions in progress.
    expect(newer('10:14:', '10:12:10,11')).toBe(true);
    expect(newer('12:14:', '10:14:10,12')).toBe(true);
    expect(newer('10:14:12', '10:14:11,12')).toBe(true);
    expect(newer('10:14:11,12', '10:14:12')).toBe(false);
    expect(newer(now, now)).toBe(false);
  });

  it('keeps the region tree across writes elsewhere and reads it again when a region changes', async () => {
    const first = await loadChainWorkspace(store.db, { chainIds: [] });
    await store.db.query("update park set name_en = coalesce(name_en, '') where code = 'LJ-HUAPING'");
    const second = await loadChainWorkspace(store.db, { chainIds: [] });
    expect(second.regions).toBe(first.regions);
    const at = second.regions.code.indexOf('530700');
    const name = second.regions.name_zh[at]!;
    await store.db.query("update region set name_zh = name_zh || '·' where code = '530700'");
    try {
      const third = await loadChainWorkspace(store.db, { chainIds: [] });
      expect(third.regions).not.toBe(second.regions);
      expect(third.regions.name_zh[third.regions.code.indexOf('530700')]).toBe(`${name}·`);
      await store.db.query(
        "insert into region (code, level, name_zh, parent_id) select '530799', 'county', '试验区', id from region where code = '530700'",
      );
      const fourth = await loadChainWorkspace(store.db, { chainIds: [] });
      expect(fourth.regions.code).toContain('530799');
      await store.db.query("delete from region where code = '530799'");
      const fifth = await loadChainWorkspace(store.db, { chainIds: [] });
      expect(fifth.regions.code).not.toContain('530799');
    } finally {
      await store.db.query("update region set name_zh = $1 where code = '530700'", [name]);
    }
  });
});
