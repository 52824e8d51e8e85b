import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ENTITY_NAMES, ENTITY_VIEWS, type EntityView } from '../../services/catalog.ts';
import { getEntity, listEntities, MAX_PAGE } from '../../services/list-entities.ts';
import type { Db } from '../../store/db.ts';
import { callerVisibility } from '../auth/access.ts';

const listResponse = z.object({
  items: z.array(z.record(z.string(), z.unknown())),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});

/** GET /api/<entity> (filter, search, sort, paginate) and GET /api/<entity>/<key> for every entity. */
export function registerEntityRoutes(app: FastifyInstance, db: Db) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  for (const name of ENTITY_NAMES) {
    const view: EntityView = ENTITY_VIEWS[name];
    const filterShape = Object.fromEntries(
      Object.keys(view.filters).map((f) => [
        f,
        z.string().optional().describe(`filter by ${f} (comma-separated values: any of them)`),
      ]),
    );
    const querystring = z.object({
      ...filterShape,
      q: z.string().optional().describe('free-text search in names'),
      sort: z.enum(Object.keys(view.sorts) as [string, ...string[]]).optional(),
      order: z.enum(['asc', 'desc']).optional(),
      limit: z.coerce.number().int().min(1).max(MAX_PAGE).optional(),
      offset: z.coerce.number().int().min(0).optional(),
    });
    const path = `/api/${name.replace(/_/g, '-')}`;
    const handler = async (request: FastifyRequest) => {
      const { q, sort, order, limit, offset, ...filters } = request.query as Record<
        string,
        string | undefined
      > & {
        limit?: number;
        offset?: number;
        order?: 'asc' | 'desc';
      };
      return listEntities(db, name, {
        filters: filters as Record<string, string>,
        q,
        sort,
        order,
        limit,
        offset,
        visibility: await callerVisibility(db, request),
      });
    };
    typed.get(
      path,
      {
        config: { access: view.public ? 'public' : 'read' },
        schema: {
          tags: [name],
          summary: `List ${name.replace(/_/g, ' ')}`,
          querystring,
          response: { 200: listResponse },
        },
      },
      handler,
    );
    if (path !== `/api/${name}`) {
      // The snake_case spelling too, as the import kinds are named.
      typed.get(
        `/api/${name}`,
        { config: { access: view.public ? 'public' : 'read' }, schema: { hide: true, querystring } },
        handler,
      );
    }
    typed.get(
      `${path}/:key`,
      {
        config: { access: view.public ? 'public' : 'read' },
        schema: {
          tags: [name],
          summary: `One of ${name.replace(/_/g, ' ')} by its code`,
          params: z.object({ key: z.string() }),
          response: { 200: z.record(z.string(), z.unknown()), 404: z.object({ error: z.string() }) },
        },
      },
      async (request, reply) => {
        const row = await getEntity(db, name, request.params.key, await callerVisibility(db, request));
        if (!row) return reply.status(404).send({ error: `no ${name} with key ${request.params.key}` });
        return row;
      },
    );
  }
}
