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
 *
 * Answers that say what they read (`cached.reading`) outlive writes elsewhere: when the generation moves
 * only by transactions this process knows the tables of (imports note theirs: `noteWrites`), and none
 * of them wrote a table the answer read, the answer is carried to the new generation. A park filing its
 * figures ten times a second then no longer ends every kept list of enterprises, projects or land.
 * Any other transaction between the two generations — the CLI, another server, a sign-in, PostgreSQL's
 * own autoanalyze — is unknown and ends every answer, as before.
 */
import type { Queryable } from '../store/db.ts';

export async function storeGeneration(db: Queryable): Promise<string> {
  const [row] = await db.query<{ generation: string }>('select pg_current_snapshot()::text as generation');
  return row!.generation;
}

interface Entry {
  generation: string;
  value: Promise<unknown>;
  /** The words of every statement the answer ran, once it is complete; absent: any write ends it. */
  reads?: Set<string>;
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

  /** A newer generation: answers whose reads no known write touched are carried to it, the rest go. */
  function advance(db: Queryable, generation: string) {
    const writes = knownWrites.get(db);
    for (const [key, entry] of entries) {
      if (entry.reads && writes && untouchedBetween(writes, entry.generation, generation, entry.reads)) {
        entry.generation = generation;
      } else entries.delete(key);
    }
    latest = generation;
  }

  function keep<T>(
    db: Queryable,
    key: string,
    generation: string,
    compute: () => Promise<T>,
    reads?: Set<string>,
  ): Promise<T> {
    if (generation !== latest) {
      // An answer for a generation older than one already seen is given but not kept.
      if (latest !== undefined && !newer(generation, latest)) return compute();
      advance(db, generation);
    }
    const hit = entries.get(key);
    if (hit && hit.generation === generation) return hit.value as Promise<T>;
    const value = compute();
    const entry: Entry = { generation, value };
    entries.delete(key);
    entries.set(key, entry);
    value.then(
      // Only a complete answer says all it read; until then a newer generation ends it.
      () => {
        if (reads && !opaque(reads, knownOpaque.get(db))) entry.reads = reads;
      },
      // A failed computation is not kept: the next caller tries again.
      () => {
        if (entries.get(key) === entry) entries.delete(key);
      },
    );
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    return value;
  }

  /**
   * `generation` may be given when the caller has read it after the request arrived (the session's
   * look-up does, api/auth/authenticate.ts): one query fewer per request.
   */
  async function cached<T>(
    db: Queryable,
    key: string,
    compute: () => Promise<T>,
    generation?: string,
  ): Promise<T> {
    return keep(db, key, generation ?? (await storeGeneration(db)), compute);
  }

  /**
   * The same, for an answer computed only through the store it is handed (`through`): the words of its
   * statements are noted (every table it read is among them), and the answer outlives writes that
   * touched none of them. Everything the answer depends on must be read through `through`.
   */
  cached.reading = async <T, D extends Queryable>(
    db: D,
    key: string,
    compute: (through: D) => Promise<T>,
    generation?: string,
  ): Promise<T> => {
    generation ??= await storeGeneration(db);
    await learnOpaqueNames(db);
    const reads = new Set<string>();
    return keep(db, key, generation, () => compute(noting(db, reads)), reads);
  };
  return cached;
}

/**
 * `db` as it is, noting the words of every statement run through it — its transactions' included — into
 * `words` (a proxy, so every method of the store's interface passes, whatever it grows).
 */
export function noting<D extends object>(db: D, words: Set<string>): D {
  const note = (sql: string) => {
    for (const word of sql.toLowerCase().match(/[a-z_][a-z0-9_$]*/g) ?? []) words.add(word);
  };
  return new Proxy(db, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property === 'transaction') {
        return (work: (tx: object) => unknown, ...rest: unknown[]) =>
          value.call(target, (tx: object) => work(noting(tx, words)), ...rest);
      }
      return (...args: unknown[]) => {
        if (typeof args[0] === 'string') note(args[0]);
        return value.apply(target, args);
      };
    },
  });
}

/**
 * Views and functions of the schema: a statement naming one reads tables its words do not show, so an
 * answer that ran one is ended by any write (as answers without `reads` are).
 */
const knownOpaque = new WeakMap<Queryable, Set<string>>();

async function opaqueNames(db: Queryable): Promise<Set<string>> {
  const [row] = await db.query<{ names: string[] }>(
    `select array(select proname::text from pg_proc where pronamespace = 'public'::regnamespace
                  union select relname::text from pg_class
                  where relnamespace = 'public'::regnamespace and relkind in ('v', 'm', 'f')) as names`,
  );
  return new Set(row?.names ?? []);
}

function opaque(reads: Set<string>, names: Set<string> | undefined): boolean {
  if (!names) return true;
  for (const name of names) if (reads.has(name)) return true;
  return false;
}

/**
 * Whether an answer kept at generation `from` that read `reads` (noted through `noting`) still holds at
 * `to`: every transaction in between is a known write (`noteWrites`) that touched none of its tables.
 * For caches of their own (api/auth/authenticate.ts); generationCache does this itself.
 */
export function holdsBetween(db: object, from: string, to: string, reads: Set<string>): boolean {
  if (from === to) return true;
  const writes = knownWrites.get(db);
  const names = knownOpaque.get(db as Queryable);
  return (
    writes !== undefined &&
    names !== undefined &&
    !opaque(reads, names) &&
    untouchedBetween(writes, from, to, reads)
  );
}

/** Reads (once per store) the names `holdsBetween` needs to trust an answer's noted words. */
export async function learnOpaqueNames(db: Queryable): Promise<void> {
  if (!knownOpaque.has(db)) knownOpaque.set(db, await opaqueNames(db));
}

/**
 * Transactions of this process whose tables are known, per store: transaction id → tables written.
 * Bounded: a transaction forgotten is only an unknown one (it ends every answer).
 */
const knownWrites = new WeakMap<object, Map<bigint, Set<string>>>();
const KNOWN_WRITES = 5000;

/**
 * The tables the current transaction has written (inserted, updated or deleted rows in), from its
 * statistics counters: null when the server keeps none (track_counts off). The counters may also hold
 * tables of recent transactions whose statistics are not flushed yet (the embedded store flushes them
 * about once a second): more tables, never fewer. `xid` is null when the transaction has written nothing.
 * (A TRUNCATE is not counted: callers that truncate must not note their writes.)
 */
export async function tablesWrittenBy(
  tx: Queryable,
): Promise<{ xid: string | null; tables: Set<string> } | null> {
  const [row] = await tx.query<{ xid: string | null; counted: boolean; tables: string[] }>(
    `select pg_current_xact_id_if_assigned()::text as xid, current_setting('track_counts') = 'on' as counted,
       array(select c.relname::text from pg_class c
             where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
               and pg_stat_get_xact_tuples_inserted(c.oid) + pg_stat_get_xact_tuples_updated(c.oid)
                 + pg_stat_get_xact_tuples_deleted(c.oid) > 0) as tables`,
  );
  if (!row?.counted) return null;
  return { xid: row.xid, tables: new Set(row.tables) };
}

/**
 * Notes, before its commit, which tables a transaction of this process wrote (`tablesWrittenBy` at its
 * end, when it writes nothing more): answers that read none of them outlive its commit. `store` is the
 * Db the answers are cached for.
 */
export function noteWrites(store: object, xid: string, tables: Iterable<string>): void {
  let writes = knownWrites.get(store);
  if (!writes) {
    writes = new Map();
    knownWrites.set(store, writes);
  }
  const id = BigInt(xid);
  const known = writes.get(id) ?? new Set<string>();
  for (const table of tables) known.add(table);
  writes.delete(id);
  writes.set(id, known);
  while (writes.size > KNOWN_WRITES) writes.delete(writes.keys().next().value!);
}

/**
 * Whether every transaction that can have committed between snapshots `from` and `to` is a known write
 * that touched none of `reads`. Those are the ids not yet visible in `from` — at or past its xmax, or in
 * progress then — that are below `to`'s xmax and not in progress in `to` (ids are taken by writes only).
 */
export function untouchedBetween(
  writes: Map<bigint, Set<string>>,
  from: string,
  to: string,
  reads: Set<string>,
): boolean {
  if (from === to) return true;
  if (!newer(to, from)) return false;
  const [, fromMaxText = '0', fromInProgress = ''] = from.split(':');
  const [, toMaxText = '0', toInProgress = ''] = to.split(':');
  const fromMax = BigInt(fromMaxText);
  const toMax = BigInt(toMaxText);
  // Many transactions in between: not worth checking one by one.
  if (toMax - fromMax > 1000n) return false;
  const stillRunning = new Set(toInProgress ? toInProgress.split(',').map(BigInt) : []);
  const candidates = [
    ...(fromInProgress ? fromInProgress.split(',').map(BigInt) : []),
    ...Array.from({ length: Number(toMax - fromMax) }, (_, i) => fromMax + BigInt(i)),
  ];
  for (const id of candidates) {
    if (id >= toMax || stillRunning.has(id)) continue;
    const tables = writes.get(id);
    if (!tables) return false;
    for (const table of tables) if (reads.has(table)) return false;
  }
  return true;
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
