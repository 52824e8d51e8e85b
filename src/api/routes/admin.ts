import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../services/accounts/subject.ts';
import { AccountError, createUser, listUsers, setPassword } from '../../services/accounts/users.ts';
import type { Db } from '../../store/db.ts';
import { actorOf } from '../auth/access.ts';
import { registerBackupRoutes } from './admin-backup.ts';

const membership = z.object({
  role: z.enum(ROLES),
  region: z.string().optional(),
  park: z.string().optional(),
  enterprise: z.string().optional(),
  department: z.string().optional(),
  desk: z.string().optional(),
});

/** Users, memberships, password resets and the audit log: system administrators only. */
export function registerAdminRoutes(app: FastifyInstance, db: Db) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/users',
    { config: { access: 'admin' }, schema: { tags: ['admin'], summary: 'Users and their roles' } },
    async () => ({ items: await listUsers(db) }),
  );
  typed.post(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Create a user with roles at scopes',
        body: z.object({
          username: z.string(),
          password: z.string(),
          displayName: z.string().optional(),
          memberships: z.array(membership).min(1),
          mustChangePassword: z.boolean().optional(),
        }),
      },
    },
    async (request, reply) => {
      try {
        return await createUser(db, actorOf(request), request.body);
      } catch (error) {
        if (error instanceof AccountError) return reply.status(error.status).send({ error: error.message });
        throw error;
      }
    },
  );
  typed.post(
    '/api/users/:username/password',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Reset a password (the user must change it at next sign-in); ends their sessions and tokens',
        params: z.object({ username: z.string() }),
        body: z.object({ password: z.string() }),
      },
    },
    async (request, reply) => {
      try {
        await setPassword(db, actorOf(request), request.params.username, request.body.password, true);
        return { ok: true };
      } catch (error) {
        if (error instanceof AccountError) return reply.status(error.status).send({ error: error.message });
        throw error;
      }
    },
  );
  typed.get(
    '/api/audit',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'The audit log: who changed what, when, before and after',
        querystring: z.object({
          entity: z.string().optional(),
          actor: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
    },
    async (request) => {
      const { entity, actor, limit, offset } = request.query;
      const items = await db.query(
        `select id, at, actor, action, entity, entity_id, before, after from audit_log
         where ($1::text is null or entity = $1) and ($2::text is null or actor = $2)
         order by id desc limit $3 offset $4`,
        [entity ?? null, actor ?? null, limit, offset],
      );
      return { items };
    },
  );
  registerBackupRoutes(app, db);
}
