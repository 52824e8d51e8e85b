/** A fresh database on the PostgreSQL server named by TEST_DATABASE_URL, dropped by `drop()`. */
import pg from 'pg';

async function adminQuery(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

export interface ServerDatabase {
  url: string;
  name: string;
  /** Waits until no session but ours is connected (a killed client's backend has gone). */
  waitIdle(timeoutMs?: number): Promise<void>;
  drop(): Promise<void>;
}

export async function createServerDatabase(
  serverUrl: string,
  prefix = 'chainatlas_test',
): Promise<ServerDatabase> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    async waitIdle(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const rows = await adminQuery(
          serverUrl,
          'select count(*)::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [name],
        );
        if (Number(rows[0]?.n) === 0) return;
        if (Date.now() > deadline)
          throw new Error(`sessions still connected to ${name} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async drop() {
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
