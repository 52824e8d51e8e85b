import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createApiToken,
  listApiTokens,
  login,
  logout,
  revokeApiToken,
} from '../../services/accounts/sessions.ts';
import { isSystemAdmin } from '../../services/accounts/subject.ts';
import type { Db } from '../../store/db.ts';
import { actorOf } from '../auth/access.ts';
import { SESSION_COOKIE } from '../auth/authenticate.ts';

/** Login attempts per client address per minute, before any password is checked. */
const LOGINS_PER_MINUTE = 30;

export function registerAuthRoutes(app: FastifyInstance, db: Db) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const attempts = new Map<string, { count: number; since: number }>();

  typed.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      bodyLimit: 4096,
      schema: {
        tags: ['auth'],
        summary: 'Sign in: sets the session cookie and returns the CSRF token for later writes',
        body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
        response: {
          200: z.object({
            username: z.string(),
            roles: z.array(z.string()),
            csrfToken: z.string(),
            expiresAt: z.string(),
            mustChangePassword: z.boolean(),
          }),
          401: z.object({ error: z.string() }),
          423: z.object({ error: z.string(), lockedUntil: z.string() }),
          429: z.object({ error: z.string() }),
        },
      },
    },
    async (request, reply) => {
      const now = Date.now();
      const seen = attempts.get(request.ip);
      const window = seen && now - seen.since < 60_000 ? seen : { count: 0, since: now };
      window.count++;
      attempts.set(request.ip, window);
      if (window.count > LOGINS_PER_MINUTE)
        return reply.status(429).send({ error: 'too many sign-in attempts; wait a minute' });
      const result = await login(db, request.body.username, request.body.password);
      if (!result.ok) {
        if (result.reason === 'locked') {
          return reply.status(423).send({
            error: 'this account is locked after too many wrong passwords',
            lockedUntil: result.lockedUntil!.toISOString(),
          });
        }
        return reply.status(401).send({ error: 'wrong user name or password' });
      }
      reply.setCookie(SESSION_COOKIE, result.sessionId, {
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        path: '/',
        expires: result.expiresAt,
      });
      return {
        username: result.subject.username,
        roles: result.subject.memberships.map((m) => m.role),
        csrfToken: result.csrfToken,
        expiresAt: result.expiresAt.toISOString(),
        mustChangePassword: result.mustChangePassword,
      };
    },
  );

  typed.post(
    '/api/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Sign out (ends the session)' },
    },
    async (request, reply) => {
      const sessionId = request.cookies[SESSION_COOKIE];
      if (sessionId) await logout(db, sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  typed.get(
    '/api/auth/me',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Who am I, with which roles' },
    },
    async (request) => ({
      username: request.auth!.subject.username,
      memberships: request.auth!.subject.memberships,
    }),
  );

  typed.get(
    '/api/auth/tokens',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'My API tokens (never the secrets)' },
    },
    async (request) => ({ items: await listApiTokens(db, request.auth!.subject.userId ?? -1) }),
  );

  typed.post(
    '/api/auth/tokens',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Create an API token for scripts (shown once; send it as "Authorization: Bearer …")',
        body: z.object({ name: z.string().min(1).max(100) }),
      },
    },
    async (request, reply) => {
      const userId = request.auth!.subject.userId;
      if (userId === null) return reply.status(400).send({ error: 'the local command line needs no token' });
      return createApiToken(db, actorOf(request), userId, request.body.name);
    },
  );

  typed.delete(
    '/api/auth/tokens/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API token',
        params: z.object({ id: z.coerce.number().int() }),
      },
    },
    async (request, reply) => {
      const subject = request.auth!.subject;
      const done = await revokeApiToken(
        db,
        actorOf(request),
        subject.userId ?? -1,
        request.params.id,
        isSystemAdmin(subject),
      );
      if (!done) return reply.status(404).send({ error: 'no such active token of yours' });
      return { ok: true };
    },
  );
}
