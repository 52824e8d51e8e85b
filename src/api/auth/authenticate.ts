import { timingSafeEqual } from 'node:crypto';
import '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import {
  type Authenticated,
  authenticateSession,
  authenticateToken,
} from '../../services/accounts/sessions.ts';
import { LOCAL_ADMIN } from '../../services/accounts/subject.ts';
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
    return authenticateToken(db, token);
  }
  const sessionId = request.cookies?.[SESSION_COOKIE];
  return sessionId ? authenticateSession(db, sessionId) : null;
}
