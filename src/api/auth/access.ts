/**
 * Every route declares what it needs in its options (`config: { access }`); one pair of hooks enforces
 * it for all routes, so no handler carries its own if-statements, and a route declared without a rule
 * cannot be registered at all.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticated } from '../../services/accounts/sessions.ts';
import { hasRole, isSystemAdmin, type Visibility, WRITER_ROLES } from '../../services/accounts/subject.ts';
import type { Actor } from '../../services/audit.ts';
import type { Db } from '../../store/db.ts';
import { authenticate, visibilityOfCaller } from './authenticate.ts';

/**
 * - public: anyone (health, docs, login);
 * - authenticated: any signed-in user (their own session and tokens);
 * - read: any signed-in user, answers filtered to what they may see;
 * - write: a role that changes data (system admin, region admin, park officer), within its scope;
 * - admin: system administrators only (users, audit log, demo reload);
 * - desk: changes to one chain desk: a writer role, or a chain office member; the service then checks
 *   that the desk is theirs (services/desk/desk-store.ts, canEditDesk).
 */
export const ACCESS_LEVELS = ['public', 'authenticated', 'read', 'write', 'admin', 'desk'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    auth: Authenticated | null;
  }
}

export interface RouteRule {
  method: string;
  url: string;
  access: Access;
}
const routeTables = new WeakMap<FastifyInstance, RouteRule[]>();
/** Every route with its access rule, as registered (the access-control test is generated from it). */
export function routeRules(app: FastifyInstance): RouteRule[] {
  return routeTables.get(app) ?? [];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function actorOf(request: FastifyRequest): Actor {
  const subject = request.auth?.subject;
  return { userId: subject?.userId ?? null, name: subject?.username ?? 'anonymous' };
}

const visibilityCache = new WeakMap<FastifyRequest, Promise<Visibility>>();
/** What the caller may see (computed once per request, and kept with the authentication: authenticate.ts). */
export function callerVisibility(db: Db, request: FastifyRequest): Promise<Visibility> {
  let v = visibilityCache.get(request);
  if (!v) {
    // Anonymous callers reach only public routes; should one reach a scoped list, it sees nothing.
    v = request.auth
      ? visibilityOfCaller(db, request.auth)
      : Promise.resolve({ all: false, regions: [], parks: [], enterprises: [], departments: [] });
    visibilityCache.set(request, v);
  }
  return v;
}

export function registerAccessControl(app: FastifyInstance, db: Db, options: { localAdminToken?: string }) {
  app.decorateRequest('auth', null);
  const table: RouteRule[] = [];
  routeTables.set(app, table);
  app.addHook('onRoute', (route) => {
    // The interactive docs are public, and registered by @fastify/swagger-ui without our options.
    if (route.url.startsWith('/api/docs')) {
      route.config = { ...(route.config as object), access: 'public' };
      for (const method of [route.method].flat())
        table.push({ method: String(method), url: route.url, access: 'public' });
      return;
    }
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access || !ACCESS_LEVELS.includes(access)) {
      throw new Error(
        `route ${route.method} ${route.url} declares no access rule (config.access: ${ACCESS_LEVELS.join(' | ')})`,
      );
    }
    for (const method of [route.method].flat())
      table.push({ method: String(method), url: route.url, access });
  });
  // Checked when the request arrives, before its body is read or validated: a caller without the right
  // learns nothing from validation errors, and an unauthorized upload is never parsed.
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    request.auth = await authenticate(db, request, options.localAdminToken);
    if (request.is404) return; // no route: the not-found answer, whoever asks
    const access = request.routeOptions.config.access ?? 'admin';
    if (access === 'public') return;
    const auth = request.auth;
    if (!auth)
      return reply.status(401).send({ error: 'sign in first (POST /api/auth/login) or send an API token' });
    if (auth.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const given = request.headers['x-csrf-token'];
      if (typeof given !== 'string' || given !== auth.csrfToken) {
        return reply.status(403).send({ error: 'missing or wrong X-CSRF-Token header (given at login)' });
      }
    }
    if (access === 'write' && !hasRole(auth.subject, WRITER_ROLES)) {
      return reply.status(403).send({ error: 'your role may not change data' });
    }
    if (access === 'desk' && !hasRole(auth.subject, [...WRITER_ROLES, 'chain_office_member'])) {
      return reply.status(403).send({ error: 'your role may not change a chain desk' });
    }
    if (access === 'admin' && !isSystemAdmin(auth.subject)) {
      return reply.status(403).send({ error: 'system administrators only' });
    }
  });
}
