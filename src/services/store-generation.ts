/**
 * Answers that only change when the data does — a chain's diagnosis, the parks' performance, a page of
 * a list, who a session belongs to — are kept until the next committed write, so a busy day of readers
 * does not recompute them per request (bench:load).
 *
 * "The data changed" is read from PostgreSQL itself, so it holds for every writer — this process, the
 * CLI through another connection, a second server on the same database: `pg_current_snapshot()` is
 * `xmin:xmax:in-progress xids`. xmax moves when any transaction takes a transaction id (every write
 * does), and the in-progress list changes when one commits or aborts, so two equal snapshots bracket no
 * commit. Reads take no transaction id, so they never invalidate. The cost is one trivial query.
 *
 * The generation is read before the answer is computed, so an answer is never older than the generation
 * it is kept under (at worst it is newer, and is recomputed once more after the next write).
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
 * depends on besides the data (parameters, the caller's visibility). Bounded: answers of an earlier
 * generation can never be used again and go as soon as a newer one is seen; beyond `maxEntries`, the
 * oldest entries go first (Map keeps insertion order).
 */
export function generationCache(maxEntries = 500) {
  const entries = new Map<string, Entry>();
  // The newest generation seen (not the latest to arrive: reads of the generation may finish out of order).
  let latest: string | undefined;
  /**
   * `generation` may be given when the caller has read it after the request arrived (the session's
   * look-up does, api/auth/authenticate.ts): one query fewer per request.
   */
  return async function cached<T>(
    db: Queryable,
    key: string,
    compute: () => Promise<T>,
    generation?: string,
  ): Promise<T> {
    generation ??= await storeGeneration(db);
    const hit = entries.get(key);
    if (hit && hit.generation === generation) return hit.value as Promise<T>;
    const value = compute();
    if (generation !== latest) {
      // An answer for a generation older than one already seen is given but not kept.
      if (latest !== undefined && !newer(generation, latest)) return value;
      latest = generation;
      for (const [k, e] of entries) if (e.generation !== generation) entries.delete(k);
    }
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

/**
 * Whether snapshot `a` (`xmin:xmax:xip,…`) was taken after `b`: xmax only grows; at an equal xmax no
 * transaction id was taken in between, so xmin can only have grown and the in-progress list shrunk.
 */
export function newer(a: string, b: string): boolean {
  const [aMin = '0', aMax = '0', aIp = ''] = a.split(':');
  const [bMin = '0', bMax = '0', bIp = ''] = b.split(':');
  if (BigInt(aMax) !== BigInt(bMax)) return BigInt(aMax) > BigInt(bMax);
  if (BigInt(aMin) !== BigInt(bMin)) return BigInt(aMin) > BigInt(bMin);
  const count = (ip: string) => (ip ? ip.split(',').length : 0);
  return count(aIp) < count(bIp);
}
