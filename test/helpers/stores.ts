/**
 * The store suites run against both stores: the embedded PGlite (always) and a PostgreSQL server when
 * TEST_DATABASE_URL is set (CI sets it). Each opened server store gets a fresh database, dropped after.
 */
import pg from 'pg';
import { openWorkspace } from '../../src/services/workspace.ts';
import type { Store } from '../../src/store/open-store.ts';

export interface StoreKind {
  name: 'pglite' | 'postgres';
  open(options?: { demo?: boolean }): Promise<Store>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function untilDisconnected(url: string, database: string, timeoutMs = 5000) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ n: number }>(
        'select count(*)::int as n from pg_stat_activity where datname = $1',
        [database],
      );
      if (rows[0]!.n === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await client.end();
  }
}

export function storeKinds(): StoreKind[] {
  const kinds: StoreKind[] = [
    {
      name: 'pglite',
      open: (options) => openWorkspace({ dataDir: null, demoIfEmpty: options?.demo ?? false }),
    },
  ];
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    kinds.push({
      name: 'postgres',
      async open(options) {
        const database = `chainatlas_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
        await adminQuery(serverUrl, `create database ${database}`);
        const store = await openWorkspace({
          databaseUrl: withDatabase(serverUrl, database),
          demoIfEmpty: options?.demo ?? false,
        });
        return {
          ...store,
          async close() {
            await store.close();
            // pool.end() returns before every socket has closed; dropping "with (force)" then kills a
            // backend whose client is still ending, and that client raises an uncaught FATAL 57P01.
            // Wait (briefly) for the store's own connections to go first.
            await untilDisconnected(serverUrl, database);
            await adminQuery(serverUrl, `drop database if exists ${database} with (force)`);
          },
        };
      },
    });
  }
  return kinds;
}
