import { createHash, timingSafeEqual } from 'node:crypto';
import '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import {
  type Authenticated,
  authenticateSession,
  authenticateToken,
} from '../../services/accounts/sessions.ts';
import { LOCAL_ADMIN, type Visibility, visibilityOf } from '../../services/accounts/subject.ts';
import { holdsBetween, learnOpaqueNames, noting, storeGeneration } from '../../services/store-generation.ts';
import type { Db } from '../../store/db.ts';

export const SESSION_COOKIE = 'chainatlas_session';

/**
 * Who sent the request: a bearer token (an API token, or the local command line's token that the store's
 * owner wrote into its lock file), else the session cookie; null when neither is valid.
 */
export async function authenticate(
  db: Db,
  request: FastifyRequest,
  localAdminToken?: string,
): Promise<Authenticated | null> {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const token = header.slice(7).trim();
    if (
      localAdminToken &&
      token.length === localAdminToken.length &&
      timingSafeEqual(Buffer.from(token), Buffer.from(localAdminToken))
    ) {
      return { subject: LOCAL_ADMIN, via: 'token' };
    }
    return remembered(db, request, 'token', token, (through) => authenticateToken(through, token));
  }
  const sessionId = request.cookies?.[SESSION_COOKIE];
  return sessionId
    ? remembered(db, request, 'session', sessionId, (through) => authenticateSession(through, sessionId))
    : null;
}

/**
 * A session's or token's answer is kept while the store has not changed (services/store-generation.ts:
 * a sign-out, a revoked token, a disabled user, a changed membership or region tree are all writes) and
 * for at most AUTH_KEEP_MS. Looking a session up cost three to five queries per request (session, its
 * user's memberships, and for lists their visibility: two walks of the region and park trees), about
 * 4 ms of the embedded store's single thread; a kept answer costs the one generation query. The bound
 * in time keeps what the store answers by the clock: a session ends at `expires_at` (checked here
 * too), and `last_seen_at` is written by the lookup at most once a minute, so it stays within a minute
 * and AUTH_KEEP_MS of the last request.
 */
const AUTH_KEEP_MS = 10_000;
const AUTH_KEEP_ENTRIES = 1000;

interface Kept {
  generation: string;
  at: number;
  /** When a session ends (ms since the epoch); tokens do not. */
  expiresAt: number;
  auth: Promise<Authenticated | null>;
  /**
   * The words of every statement the look-up and the caller's visibility ran (store-generation.ts,
   * `noting`); complete once the look-up is: a write known to touch none of those tables (a park's
   * import) does not end the kept answer.
   */
  reads: Set<string>;
  settled: boolean;
}

/** The words the visibility of a kept authentication is read through (so they join its `reads`). */
const readsOfAuth = new WeakMap<Authenticated, Set<string>>();

const keptByStore = new WeakMap<Db, Map<string, Kept>>();

const generations = new WeakMap<FastifyRequest, string>();

/**
 * The store's generation as the request's authentication read it, after the request arrived — so it
 * can stand for "now" in the request's other kept answers (services/store-generation.ts); undefined for
 * requests without a session or API token.
 */
export function generationOfRequest(request: FastifyRequest): string | undefined {
  return generations.get(request);
}

async function remembered(
  db: Db,
  request: FastifyRequest,
  kind: 'session' | 'token',
  secret: string,
  lookUp: (through: Db) => Promise<Authenticated | null>,
): Promise<Authenticated | null> {
  let kept = keptByStore.get(db);
  if (!kept) {
    kept = new Map();
    keptByStore.set(db, kept);
  }
  // Kept by a digest: the map never holds the secrets themselves.
  const key = `${kind} ${createHash('sha256').update(secret).digest('base64url')}`;
  const generation = await storeGeneration(db);
  generations.set(request, generation);
  const now = Date.now();
  const hit = kept.get(key);
  if (hit && now - hit.at < AUTH_KEEP_MS && now < hit.expiresAt) {
    if (hit.generation === generation) return hit.auth;
    if (hit.settled && holdsBetween(db, hit.generation, generation, hit.reads)) {
      hit.generation = generation;
      return hit.auth;
    }
  }
  await learnOpaqueNames(db);
  const reads = new Set<string>();
  // The visibility's reads join the entry's before any request can see the caller (visibilityOfCaller).
  const auth = lookUp(noting(db, reads)).then((found) => {
    if (found) readsOfAuth.set(found, reads);
    return found;
  });
  const entry: Kept = {
    generation,
    at: now,
    expiresAt: Number.POSITIVE_INFINITY,
    auth,
    reads,
    settled: false,
  };
  kept.delete(key);
  kept.set(key, entry);
  while (kept.size > AUTH_KEEP_ENTRIES) kept.delete(kept.keys().next().value!);
  try {
    const found = await auth;
    if (kind === 'session' && found) entry.expiresAt = await sessionEnd(noting(db, reads), secret);
    entry.settled = true;
    return found;
  } catch (error) {
    if (kept.get(key) === entry) kept.delete(key);
    throw error;
  }
}

async function sessionEnd(db: Db, sessionId: string): Promise<number> {
  const [row] = await db.query<{ ends: number }>(
    'select extract(epoch from expires_at)::float8 * 1000 as ends from session where id_hash = $1',
    [createHash('sha256').update(sessionId).digest('hex')],
  );
  // Gone meanwhile (signed out): do not keep the answer.
  return row ? Number(row.ends) : 0;
}

const visibilities = new WeakMap<Authenticated, Promise<Visibility>>();

/**
 * What an authenticated caller may see, computed once per kept authentication (so once per store
 * generation and session, not once per request).
 */
export function visibilityOfCaller(db: Db, auth: Authenticated): Promise<Visibility> {
  let visibility = visibilities.get(auth);
  if (!visibility) {
    // Read through the kept authentication's noting store: its tables join what ends the kept answer.
    const reads = readsOfAuth.get(auth);
    visibility = visibilityOf(reads ? noting(db, reads) : db, auth.subject);
    visibilities.set(auth, visibility);
    visibility.catch(() => visibilities.delete(auth));
  }
  return visibility;
}

const visibilityKeys = new WeakMap<Visibility, string>();

/** A short key naming a visibility, for caches of answers that depend on it. */
export function visibilityKey(visibility: Visibility): string {
  let key = visibilityKeys.get(visibility);
  if (!key) {
    key = visibility.all
      ? 'all'
      : createHash('sha256').update(JSON.stringify(visibility)).digest('base64url').slice(0, 22);
    visibilityKeys.set(visibility, key);
  }
  return key;
}
