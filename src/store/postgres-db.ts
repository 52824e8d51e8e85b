import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import type { Db, Queryable, SqlParam } from './db.ts';

// numeric and bigint come back as JS numbers: amounts in yuan fit well within 2^53, and the API
// serializes them as JSON numbers anyway. int8 ids stay below 2^53 for any realistic workspace.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
// Dates are calendar days, not instants: keep them as 'YYYY-MM-DD' text like PGlite does below.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

/** Connects to a PostgreSQL server; `url` is a postgres:// connection string. */
export async function openPostgresDb(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // An idle connection that the server ends (a restart, pg_terminate_backend, a dropped database) must
  // not end this process: pg takes it out of the pool and the next query opens a new one. Errors of a
  // query in flight still reject that query.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL closed an idle connection: ${error.message}`, {
      code: 'CHAINATLAS_DB_IDLE',
    });
  });
  // Fail now, with the server's own message, rather than at the first query.
  const probe = await pool.connect();
  probe.release();
  const wrap = (client: pg.Pool | pg.PoolClient): Queryable => {
    // A transaction is one connection, which runs one statement at a time. Services start several at
    // once (Promise.all over independent reads): on one connection they take their turns here, rather
    // than in pg's own queue, which pg deprecates (pg 9 refuses it) and which a COPY's data would not
    // wait for. The pool gives each statement a connection of its own, so it needs no turns.
    let turn: Promise<unknown> = Promise.resolve();
    const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
      if (client instanceof pg.Pool) return work();
      const next = turn.then(work, work);
      turn = next.catch(() => {});
      return next;
    };
    return {
      query: <Row>(sql: string, params: readonly SqlParam[] = []) =>
        inTurn(async () => (await client.query(sql, params as unknown[])).rows as Row[]),
      exec: (sql: string) =>
        inTurn(async () => {
          await client.query(sql);
        }),
      copyFrom: (sql: string, data: string | Uint8Array) =>
        inTurn(async () => {
          // A COPY holds its connection until the data ends: outside a transaction, take one of the pool's.
          const connection = client instanceof pg.Pool ? await client.connect() : client;
          try {
            const chunk =
              typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
            await pipeline(Readable.from([chunk]), connection.query(copyFromStdin(sql)));
          } finally {
            if (connection !== client) (connection as pg.PoolClient).release();
          }
        }),
    };
  };
  const self = wrap(pool);
  return {
    kind: 'postgres',
    location: url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@'),
    query: self.query,
    exec: self.exec,
    copyFrom: self.copyFrom,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work(wrap(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
