import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ENTITY_NAMES, ENTITY_VIEWS, type EntityView } from '../../services/catalog.ts';
import { getEntity, listEntities, MAX_PAGE } from '../../services/list-entities.ts';
import { generationCache } from '../../services/store-generation.ts';
import type { Db } from '../../store/db.ts';
import { callerVisibility } from '../auth/access.ts';
import { generationOfRequest, visibilityKey } from '../auth/authenticate.ts';
import { entityVersion, etag } from '../row-versions.ts';

const listResponse = z.object({
  items: z.array(z.record(z.string(), z.unknown())),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});

/** GET /api/<entity> (filter, search, sort, paginate) and GET /api/<entity>/<key> for every entity. */
export function registerEntityRoutes(app: FastifyInstance, db: Db) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  // Answers are kept as JSON text until the next committed write (services/store-generation.ts), per
  // question and per what the caller may see: a repeated read costs one generation query, no SQL
  // planning, no row decoding and no serialization (bench:load). They are computed through the store
  // they are handed (`through`), so a write that touched none of the tables they read (a park's figures
  // against a list of projects) does not end them.
  const kept = generationCache(200);
  const keptJson = async (
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    compute: (through: Db) => Promise<unknown>,
  ) => {
    const body = await kept.reading(
      db,
      key,
      async (through) => JSON.stringify(await compute(through)),
      generationOfRequest(request),
    );
    return reply.type('application/json; charset=utf-8').send(body);
  };
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
    const askedBy = async (request: FastifyRequest) => {
      const visibility = await callerVisibility(db, request);
      // Views without a visibility rule answer everyone alike.
      return { visibility, key: view.visible ? visibilityKey(visibility) : '*' };
    };
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const { q, sort, order, limit, offset, ...filters } = request.query as Record<
        string,
        string | undefined
      > & {
        limit?: number;
        offset?: number;
        order?: 'asc' | 'desc';
      };
      const caller = await askedBy(request);
      return keptJson(
        request,
        reply,
        `list ${name} ${caller.key} ${JSON.stringify(request.query)}`,
        (through) =>
          listEntities(through, name, {
            filters: filters as Record<string, string>,
            q,
            sort,
            order,
            limit,
            offset,
            visibility: caller.visibility,
          }),
      );
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
        const caller = await askedBy(request);
        const found = await kept.reading(
          db,
          `get ${name} ${caller.key} ${request.params.key}`,
          async (through) => {
            const row = await getEntity(through, name, request.params.key, caller.visibility);
            // The row's version as its ETag (a write sends it back: row-versions.ts), read with the row
            // and kept with it: any write that changes the version ends the kept answer.
            return row
              ? { body: JSON.stringify(row), version: await entityVersion(through, name, row) }
              : null;
          },
          generationOfRequest(request),
        );
        if (found === null)
          return reply.status(404).send({ error: `no ${name} with key ${request.params.key}` });
        if (found.version !== null) reply.header('etag', etag(found.version));
        // JSON text with a JSON content type is sent as it is (serialized once, when it was kept).
        return reply.type('application/json; charset=utf-8').send(found.body as never);
      },
    );
  }
}
