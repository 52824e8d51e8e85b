/**
 * Signing in and staying signed in: password login with lockout, cookie sessions with a CSRF token,
 * and API tokens for scripts. Session ids and tokens are random 256-bit values kept only as SHA-256.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db, Queryable } from '../../store/db.ts';
import { type Actor, recordAudit } from '../audit.ts';
import { verifyPassword } from './passwords.ts';
import { loadSubject, type Subject } from './subject.ts';

export const MAX_FAILED_LOGINS = 10;
export const LOCKOUT_MINUTES = 15;
export const SESSION_HOURS = 12;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

export type LoginResult =
  | {
      ok: true;
      subject: Subject;
      sessionId: string;
      csrfToken: string;
      expiresAt: Date;
      mustChangePassword: boolean;
    }
  | { ok: false; reason: 'invalid' | 'locked'; lockedUntil?: Date };

/**
 * Checks a password. Ten wrong ones in a row lock the account for LOCKOUT_MINUTES; while locked even the
 * right password is refused. The answer never says whether the user exists.
 */
export async function login(db: Db, username: string, password: string): Promise<LoginResult> {
  const name = username.trim().toLowerCase();
  const [user] = await db.query<{
    id: number;
    password_hash: string | null;
    disabled: boolean;
    locked_until: Date | string | null;
    must_change_password: boolean;
  }>(
    'select id, password_hash, disabled, locked_until, must_change_password from app_user where username = $1',
    [name],
  );
  if (!user) {
    await verifyPassword(null, password); // same work whether or not the user exists
    return { ok: false, reason: 'invalid' };
  }
  const lockedUntil = user.locked_until ? new Date(user.locked_until) : null;
  if (lockedUntil && lockedUntil > new Date()) return { ok: false, reason: 'locked', lockedUntil };
  const valid = !user.disabled && (await verifyPassword(user.password_hash, password));
  if (!valid) {
    const [after] = await db.query<{ locked_until: Date | string | null }>(
      `update app_user set failed_logins = failed_logins + 1,
         locked_until = case when failed_logins + 1 >= $2 then now() + make_interval(mins => $3) else locked_until end
       where id = $1 returning locked_until`,
      [user.id, MAX_FAILED_LOGINS, LOCKOUT_MINUTES],
    );
    const locked = after?.locked_until ? new Date(after.locked_until) : null;
    return locked && locked > new Date()
      ? { ok: false, reason: 'locked', lockedUntil: locked }
      : { ok: false, reason: 'invalid' };
  }
  const sessionId = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
  await db.transaction(async (tx) => {
    await tx.query('update app_user set failed_logins = 0, locked_until = null where id = $1', [user.id]);
    await tx.query('insert into session (id_hash, user_id, csrf_token, expires_at) values ($1, $2, $3, $4)', [
      sha256(sessionId),
      user.id,
      csrfToken,
      expiresAt.toISOString(),
    ]);
    await tx.query('delete from session where user_id = $1 and expires_at < now()', [user.id]);
  });
  return {
    ok: true,
    subject: await loadSubject(db, Number(user.id), name),
    sessionId,
    csrfToken,
    expiresAt,
    mustChangePassword: user.must_change_password,
  };
}

export interface Authenticated {
  subject: Subject;
  /** Present for cookie sessions: state-changing requests must echo it. */
  csrfToken?: string;
  via: 'session' | 'token';
}

/**
 * How stale `last_seen_at` may get. Writing it on every request made every read a write transaction (a WAL
 * record, a new transaction id) — the largest cost of a small read under load (bench:load); a minute is
 * precise enough for "who was active when".
 */
const LAST_SEEN_PRECISION = '1 minute';

export async function authenticateSession(db: Queryable, sessionId: string): Promise<Authenticated | null> {
  const idHash = sha256(sessionId);
  const [row] = await db.query<{
    user_id: number;
    username: string;
    csrf_token: string;
    seen_stale: boolean;
  }>(
    `select s.user_id, u.username, s.csrf_token,
            s.last_seen_at < now() - interval '${LAST_SEEN_PRECISION}' as seen_stale
     from session s join app_user u on u.id = s.user_id
     where s.id_hash = $1 and s.expires_at > now() and not u.disabled`,
    [idHash],
  );
  if (!row) return null;
  if (row.seen_stale) await db.query('update session set last_seen_at = now() where id_hash = $1', [idHash]);
  return {
    subject: await loadSubject(db, Number(row.user_id), row.username),
    csrfToken: row.csrf_token,
    via: 'session',
  };
}

export async function authenticateToken(db: Queryable, token: string): Promise<Authenticated | null> {
  const tokenHash = sha256(token);
  const [row] = await db.query<{ user_id: number; username: string; used_stale: boolean }>(
    `select t.user_id, u.username,
            (t.last_used_at is null or t.last_used_at < now() - interval '${LAST_SEEN_PRECISION}') as used_stale
     from api_token t join app_user u on u.id = t.user_id
     where t.token_hash = $1 and t.revoked_at is null and not u.disabled`,
    [tokenHash],
  );
  if (!row) return null;
  if (row.used_stale)
    await db.query('update api_token set last_used_at = now() where token_hash = $1', [tokenHash]);
  return { subject: await loadSubject(db, Number(row.user_id), row.username), via: 'token' };
}

export async function logout(db: Queryable, sessionId: string): Promise<void> {
  await db.query('delete from session where id_hash = $1', [sha256(sessionId)]);
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

export async function createApiToken(db: Db, actor: Actor, userId: number, name: string) {
  const token = `cat_${randomToken()}`;
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number; created_at: string }>(
      'insert into api_token (user_id, name, token_hash) values ($1, $2, $3) returning id, created_at',
      [userId, name, sha256(token)],
    );
    await recordAudit(tx, actor, 'create', 'api_token', Number(row!.id), null, { user_id: userId, name });
    return { id: Number(row!.id), name, token, created_at: row!.created_at };
  });
}

export async function revokeApiToken(
  db: Db,
  actor: Actor,
  userId: number,
  id: number,
  asAdmin: boolean,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [before] = await tx.query<Record<string, unknown>>(
      `select id, user_id, name, created_at, revoked_at from api_token where id = $1 and ($3 or user_id = $2)`,
      [id, userId, asAdmin],
    );
    if (!before || before.revoked_at) return false;
    const [after] = await tx.query<Record<string, unknown>>(
      'update api_token set revoked_at = now() where id = $1 returning id, user_id, name, created_at, revoked_at',
      [id],
    );
    await recordAudit(tx, actor, 'revoke', 'api_token', id, before, after);
    return true;
  });
}

export function listApiTokens(db: Queryable, userId: number) {
  return db.query(
    'select id, name, created_at, last_used_at, revoked_at from api_token where user_id = $1 order by id',
    [userId],
  );
}
