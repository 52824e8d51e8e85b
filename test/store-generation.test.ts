/**
 * Answers kept until the next write (src/services/store-generation.ts), on both stores: reads keep
 * them; a committed write, from this connection or another, ends them; a failed computation is not kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generationCache, storeGeneration } from '../src/services/store-generation.ts';
import type { Store } from '../src/store/open-store.ts';
import { storeKinds } from './helpers/stores.ts';

describe.each(storeKinds())('store generation on $name', (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open();
    await store.db.query('create table generation_probe (n integer)');
  });
  afterAll(async () => {
    await store?.close();
  });

  it('stays while only reads happen and moves with each committed write', async () => {
    const before = await storeGeneration(store.db);
    await store.db.query('select count(*) from generation_probe');
    expect(await storeGeneration(store.db)).toBe(before);
    await store.db.query('insert into generation_probe values (1)');
    const after = await storeGeneration(store.db);
    expect(after).not.toBe(before);
    await store.db.transaction(async (tx) => {
      await tx.query('insert into generation_probe values (2)');
    });
    expect(await storeGeneration(store.db)).not.toBe(after);
  });

  it('recomputes after a write, and not before', async () => {
    const cached = generationCache();
    let computed = 0;
    const count = () =>
      cached(store.db, 'probe count', async () => {
        computed++;
        return Number(
          (await store.db.query<{ n: number }>('select count(*)::int as n from generation_probe'))[0]!.n,
        );
      });
    const first = await count();
    expect(await count()).toBe(first);
    expect(computed).toBe(1);
    await store.db.query('insert into generation_probe values (3)');
    expect(await count()).toBe(first + 1);
    expect(computed).toBe(2);
  });

  it('does not keep a failed computation', async () => {
    const cached = generationCache();
    await expect(cached(store.db, 'k', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await cached(store.db, 'k', async () => 42)).toBe(42);
  });
});
