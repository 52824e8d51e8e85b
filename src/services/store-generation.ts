/**
 * Answers that only change when the data does — a chain's diagnosis, the parks' performance — are kept
 * until the next committed write, so a busy day of readers does not recompute them per request
 * (bench:load).
 *
 * "The data changed" is read from PostgreSQL itself, so it holds for every writer — this process, the
 * CLI through another connection, a second server on the same database: `pg_current_snapshot()` is
 * `xmin:xmax:in-progress xids`. xmax moves when any transaction takes a transaction id (every write
 * does), and the in-progress list changes when one commits or aborts, so two equal snapshots bracket no
 * commit. Reads take no transaction id, so they never invalidate. The cost is one trivial query.
 */
import type { Queryable } from '../store/db.ts';

export async function storeGeneration(db: Queryable): Promise<string> {
  const [row] = await db.query<{ generation: string }>('select pg_current_snapshot()::text as generation');
  return row!.generation;
}

interface Entry {
  generation: string;
  value: Promise<unknown>;
}

/**
 * A cache of computed answers, valid for one store generation. Keys must hold everything the answer
 * depends on besides the data (parameters, the caller's visibility). Bounded: the oldest entries go
 * first (Map keeps insertion order).
 */
export function generationCache(maxEntries = 500) {
  const entries = new Map<string, Entry>();
  return async function cached<T>(db: Queryable, key: string, compute: () => Promise<T>): Promise<T> {
    const generation = await storeGeneration(db);
    const hit = entries.get(key);
    if (hit && hit.generation === generation) return hit.value as Promise<T>;
    const value = compute();
    entries.delete(key);
    entries.set(key, { generation, value });
    // A failed computation is not kept: the next caller tries again.
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key);
    });
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    return value;
  };
}
