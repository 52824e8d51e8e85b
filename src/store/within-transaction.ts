/**
 * A Db whose every statement runs in a transaction already open: services that open their own
 * transaction (`db.transaction(…)`) then run inside the caller's, so a caller can put a check before
 * them (a row version, an empty store) and a further step after them, and have all of it commit or roll
 * back together.
 */
import type { Db, Queryable } from './db.ts';

export function withinTransaction(db: Db, tx: Queryable): Db {
  return {
    kind: db.kind,
    location: db.location,
    query: (sql, params) => tx.query(sql, params),
    exec: (sql) => tx.exec(sql),
    copyFrom: (sql, data) => tx.copyFrom(sql, data),
    transaction: (work) => work(tx),
    close: async () => {},
  };
}
