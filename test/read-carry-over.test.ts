/**
 * Kept answers outlive writes they did not read (src/services/store-generation.ts, `cached.reading`),
 * and the import's code → id maps are kept between imports (src/services/import/lookups.ts) — on both
 * stores, and never past a change: a read after a write sees the write.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.ts';
import { DEMO_PASSWORD } from '../src/services/accounts/demo-accounts.ts';
import { ImportFailed } from '../src/services/import/import-error.ts';
import { importFile } from '../src/services/import/import-file.ts';
import { KeptLookups, Lookups } from '../src/services/import/lookups.ts';
import {
  generationCache,
  noteWrites,
  storeGeneration,
  tablesWrittenBy,
  untouchedBetween,
} from '../src/services/store-generation.ts';
import type { Store } from '../src/store/open-store.ts';
import { storeKinds } from './helpers/stores.ts';

const csv = (name: string, text: string) => ({ name, data: Buffer.from(text) });
const indicator = (park: string, value: number) =>
  csv(
    'indicators.csv',
    `entity_kind,entity_code,metric,period,value,unit,source\npark,${park},output_value,2025-Q3,${value},亿元,carry-over test\n`,
  );

describe('which transactions lie between two generations', () => {
  const writes = new Map<bigint, Set<string>>([
    [10n, new Set(['indicator', 'import_run'])],
    [11n, new Set(['indicator'])],
  ]);
  const reads = new Set(['select', 'enterprise', 'park', 'region']);
  it('carries over known writes to other tables, and nothing else', () => {
    expect(untouchedBetween(writes, '10:10:', '10:12:', reads)).toBe(true);
    // 12 is nobody this process knows: it may have written anything.
    expect(untouchedBetween(writes, '10:10:', '10:13:', reads)).toBe(false);
    // 12 still in progress at the later snapshot: not committed, not in between.
    expect(untouchedBetween(writes, '10:10:', '10:13:12', reads)).toBe(true);
    // 9 was in progress at the earlier snapshot and has committed since: unknown.
    expect(untouchedBetween(writes, '9:10:9', '10:12:', reads)).toBe(false);
    expect(untouchedBetween(writes, '10:10:', '10:12:', new Set(['indicator']))).toBe(false);
    // An older snapshot is never carried to.
    expect(untouchedBetween(writes, '10:12:', '10:10:', reads)).toBe(false);
  });
});

describe.each(storeKinds())('answers and maps kept across writes on $name', (kind) => {
  let store: Store;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await kind.open({ demo: true });
    app = await buildApi({ db: store.db, rateLimit: { perMinute: 0 } });
    await store.db.exec('create table carry_a (n integer); create table carry_b (n integer)');
    await store.db.exec('create view carry_view as select n from carry_a');
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  /** A write in a transaction of its own that notes its tables, as an import does. */
  const notedWrite = (sql: string) =>
    store.db.transaction(async (tx) => {
      await tx.query(sql);
      const written = await tablesWrittenBy(tx);
      expect(written?.xid).toBeTruthy();
      noteWrites(store.db, written!.xid!, written!.tables);
    });

  it('keeps an answer across noted writes to tables it did not read, and ends it at any other', async () => {
    const cached = generationCache();
    let computed = 0;
    const count = () =>
      cached.reading(store.db, 'count a', async (through) => {
        computed++;
        const [row] = await through.query<{ n: number }>('select count(*)::int as n from carry_a');
        return row!.n;
      });
    expect(await count()).toBe(0);
    await notedWrite('insert into carry_b values (1)');
    expect(await count()).toBe(0);
    expect(computed).toBe(1);
    await notedWrite('insert into carry_a values (1)');
    expect(await count()).toBe(1);
    expect(computed).toBe(2);
    // A write this process did not note (the CLI, another server, a sign-in) ends it.
    await store.db.query('insert into carry_b values (2)');
    expect(await count()).toBe(1);
    expect(computed).toBe(3);
    // Through a view, the tables read are not in the statement's words: any write ends it.
    const viaView = () =>
      cached.reading(store.db, 'count view', async (through) => {
        computed++;
        const [row] = await through.query<{ n: number }>('select count(*)::int as n from carry_view');
        return row!.n;
      });
    expect(await viaView()).toBe(1);
    const before = computed;
    await notedWrite('insert into carry_b values (3)');
    expect(await viaView()).toBe(1);
    expect(computed).toBe(before + 1);
  });

  it("keeps a list of enterprises across a park's figures, and shows an enterprise import at once", async () => {
    const cached = generationCache();
    let computed = 0;
    const names = () =>
      cached.reading(store.db, 'enterprise names', async (through) => {
        computed++;
        return (await through.query<{ name_zh: string }>('select name_zh from enterprise order by id')).map(
          (r) => r.name_zh,
        );
      });
    const first = await names();
    const generation = await storeGeneration(store.db);
    await importFile(store.db, indicator('LJ-HUAPING', 12.5));
    expect(await storeGeneration(store.db)).not.toBe(generation);
    expect(await names()).toBe(first);
    expect(computed).toBe(1);
    await importFile(store.db, csv('enterprises.csv', 'name_zh,region_code\n碳化硅试验企业,530702\n'));
    expect(await names()).toContain('碳化硅试验企业');
    expect(computed).toBe(2);
  });

  it('answers a read right after an import with the import, through the API', async () => {
    const login = async (username: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: DEMO_PASSWORD },
      });
      expect(res.statusCode).toBe(200);
      return String(res.headers['set-cookie']).split(';')[0]!;
    };
    const cookie = await login('demo-region');
    const projects = '/api/projects?park_code=LJ-JINSHAN&limit=50';
    const indicators = '/api/indicators?entity_code=LJ-HUAPING&limit=100';
    const keptProjects = (await app.inject({ url: projects, headers: { cookie } })).body;
    await importFile(store.db, indicator('LJ-HUAPING', 77.25));
    const listed = (await app.inject({ url: indicators, headers: { cookie } })).json() as {
      items: { metric_code?: string; value_original?: number; period?: string }[];
    };
    expect(JSON.stringify(listed.items)).toContain('77.25');
    expect((await app.inject({ url: projects, headers: { cookie } })).body).toBe(keptProjects);
    // The region's ETag is kept with it, and moves when the region changes.
    const region = await app.inject({ url: '/api/regions/530700', headers: { cookie } });
    expect(region.headers.etag).toMatch(/^"\d+"$/);
    await store.db.query("update region set name_en = coalesce(name_en, '') || ' ' where code = '530700'");
    const changed = await app.inject({ url: '/api/regions/530700', headers: { cookie } });
    expect(changed.headers.etag).not.toBe(region.headers.etag);
    await store.db.query("update region set name_en = rtrim(name_en) where code = '530700'");
  });

  it("keeps the import's maps between imports, and sees a park added, renamed or rolled back", async () => {
    await importFile(store.db, indicator('LJ-HUAPING', 1));
    const [huaping] = await store.db.query<{ region_id: number }>(
      "select region_id from park where code = 'LJ-HUAPING'",
    );
    // Added by another writer (not an import of this process): the next import reads the parks again.
    await store.db.query("insert into park (code, name_zh, region_id) values ('LJ-CARRY', '试验园', $1)", [
      huaping!.region_id,
    ]);
    expect((await importFile(store.db, indicator('LJ-CARRY', 2))).rows).toBe(1);
    await store.db.query("update park set code = 'LJ-CARRIED' where code = 'LJ-CARRY'");
    const stale = await importFile(store.db, indicator('LJ-CARRY', 3)).catch((e) => e);
    expect(stale).toBeInstanceOf(ImportFailed);
    expect(JSON.stringify((stale as ImportFailed).issues)).toContain('a park code');
    expect((await importFile(store.db, indicator('LJ-CARRIED', 4))).rows).toBe(1);
    // A map read after the transaction wrote is not kept: rolled back, its rows must not come back.
    const kept = new KeptLookups();
    await store.db
      .transaction(async (tx) => {
        await tx.query("insert into park (code, name_zh, region_id) values ('LJ-GHOST', '幽灵园', $1)", [
          huaping!.region_id,
        ]);
        expect((await new Lookups(tx, kept).parks()).has('LJ-GHOST')).toBe(true);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    const after = await store.db.transaction(async (tx) => new Lookups(tx, kept).parks());
    expect(after.has('LJ-GHOST')).toBe(false);
    expect(after.has('LJ-CARRIED')).toBe(true);
    // Kept now (read before any write): the next transaction's map is the same one.
    const again = await store.db.transaction(async (tx) => new Lookups(tx, kept).parks());
    expect(again).toBe(after);
    await store.db.query("delete from indicator where entity_kind = 'park' and source = 'carry-over test'");
    await store.db.query("delete from park where code = 'LJ-CARRIED'");
    const gone = await store.db.transaction(async (tx) => new Lookups(tx, kept).parks());
    expect(gone.has('LJ-CARRIED')).toBe(false);
  });
});
