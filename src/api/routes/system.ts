import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../store/db.ts';

export function registerSystemRoutes(app: FastifyInstance, db: Db) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Is the platform up, and which store does it use?',
        tags: ['system'],
        response: {
          200: z.object({
            status: z.literal('ok'),
            store: z.enum(['pglite', 'postgres']),
            schema: z.string().nullable(),
          }),
        },
      },
    },
    async () => {
      const rows = await db.query<{ name: string }>(
        'select name from schema_migration order by version desc limit 1',
      );
      return { status: 'ok' as const, store: db.kind, schema: rows[0]?.name ?? null };
    },
  );
}
