import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Db, Queryable, SqlParam } from './db.ts';

/** Opens (creating when absent) an embedded PostgreSQL in `dataDir`, or in memory when `dataDir` is null. */
export async function openPgliteDb(dataDir: string | null): Promise<Db> {
  // Same value shapes as the server path (postgres-db.ts): numeric as number, date as 'YYYY-MM-DD'.
  const parsers = { 1700: (v: string) => Number(v), 1082: (v: string) => v, 20: (v: string) => Number(v) };
  // pg_trgm: document search (migration 0006), the same trigram index as on the server.
  // (The options-only form: with a separate dataDir argument of undefined, extensions were not loaded.)
  const pg = new PGlite({ dataDir: dataDir ?? undefined, parsers, extensions: { pg_trgm } });
  await pg.waitReady;
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<Row>(sql: string, params: readonly SqlParam[] = []) {
      const result = await q.query<Row>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
    async copyFrom(sql: string, data: string | Uint8Array) {
      // PGlite reads a COPY's data from the blob it is given as the file /dev/blob.
      await q.query(sql.replace(/\bfrom\s+stdin\b/i, "from '/dev/blob'"), [], {
        blob: new Blob([data]),
      });
    },
  });
  const self = wrap(pg);
  return {
    kind: 'pglite',
    location: dataDir ?? 'memory',
    query: self.query,
    exec: self.exec,
    copyFrom: self.copyFrom,
    transaction: (work) => pg.transaction((tx) => work(wrap(tx))),
    close: () => pg.close(),
  };
}
