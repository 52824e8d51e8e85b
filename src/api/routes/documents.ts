/**
 * Documents as evidence over HTTP (thin: services/evidence/ does the work; docs/evidence.md):
 * (GET /api/documents and /api/documents/:key, the plain lists, are the entity routes of entities.ts.)
 * - GET  /api/documents/search?q=…            — passages in all five languages, glossary-expanded, with snippets;
 * - POST /api/documents                       — add a document's text (write; within the write scope);
 * - GET  /api/evidence/facts?status=&document= — the review queue;
 * - POST /api/evidence/facts/:id/accept|reject — review a proposed figure (write; within the write scope);
 * - GET  /api/evidence/conflicts              — figures that disagree with stored ones, with both sentences.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { writeScopeOf } from '../../services/accounts/subject.ts';
import { addDocument, DocumentError, LANGUAGES } from '../../services/evidence/documents.ts';
import {
  acceptFact,
  listConflicts,
  listFacts,
  ReviewError,
  ReviewScopeError,
  rejectFact,
} from '../../services/evidence/review.ts';
import { searchDocuments } from '../../services/evidence/search.ts';
import type { Db } from '../../store/db.ts';
import { actorOf, callerVisibility } from '../auth/access.ts';
import { rowVersionField, versionedWrite, withVersions } from '../row-versions.ts';

const language = z.enum(LANGUAGES as [string, ...string[]]);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

async function visibleRegions(db: Db, request: FastifyRequest): Promise<number[] | null> {
  const v = await callerVisibility(db, request);
  return v.all ? null : v.regions;
}

function userError(reply: FastifyReply, error: unknown) {
  if (error instanceof ReviewScopeError)
    return reply.code(403).send({ error: error.message, field: error.field });
  if (error instanceof ReviewError || error instanceof DocumentError)
    return reply.code(400).send({ error: error.message, field: error.field });
  throw error;
}

export function registerDocumentRoutes(app: FastifyInstance, db: Db) {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    '/api/documents/search',
    {
      config: { access: 'read' },
      schema: {
        querystring: z.object({
          q: z.string().min(1).describe('words in any of the five languages; glossary terms expand to all'),
          language: language.optional(),
          region: z.string().optional().describe('region code; its sub-regions are included'),
          from: isoDate.optional(),
          to: isoDate.optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
        }),
      },
    },
    async (request) => {
      const q = request.query;
      return searchDocuments(db, {
        query: q.q,
        language: q.language,
        regionCode: q.region,
        from: q.from,
        to: q.to,
        limit: q.limit,
        visibleRegionIds: await visibleRegions(db, request),
      });
    },
  );

  typed.post(
    '/api/documents',
    {
      config: { access: 'write' },
      schema: {
        body: z.object({
          code: z.string().min(1).optional(),
          title: z.string().min(1),
          body: z.string().min(1),
          language: language.optional(),
          publisher: z.string().optional(),
          published_on: isoDate.optional(),
          url: z.string().url().optional(),
          file_name: z.string().optional(),
          region_code: z.string().optional(),
          ...rowVersionField,
        }),
      },
    },
    async (request, reply) => {
      const b = request.body;
      const scope = await writeScopeOf(db, request.auth!.subject);
      if (!scope.all) {
        const [region] = b.region_code
          ? await db.query<{ id: number }>('select id from region where code = $1', [b.region_code])
          : [];
        if (!region || !scope.regions.includes(region.id))
          return reply
            .code(403)
            .send({ error: `region ${b.region_code ?? '(none)'} is outside your write scope` });
      }
      try {
        // A document with a code replaces the one of that code: a versioned write (row-versions.ts).
        const row = {
          table: 'document',
          where: 'code = $1',
          params: [b.code ?? null],
          label: `document ${b.code}`,
        };
        return await versionedWrite(db, request, reply, row, (db) =>
          addDocument(db, {
            code: b.code,
            title: b.title,
            body: b.body,
            language: b.language as never,
            publisher: b.publisher,
            publishedOn: b.published_on,
            url: b.url,
            fileName: b.file_name,
            regionCode: b.region_code,
            addedBy: actorOf(request).name,
          }),
        );
      } catch (error) {
        return userError(reply, error);
      }
    },
  );

  typed.get(
    '/api/evidence/facts',
    {
      config: { access: 'read' },
      schema: {
        querystring: z.object({
          status: z.enum(['proposed', 'accepted', 'rejected', 'conflict']).optional(),
          document: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(5000).optional(),
        }),
      },
    },
    async (request) =>
      withVersions(
        db,
        'evidence_fact',
        await listFacts(db, {
          status: request.query.status,
          documentCode: request.query.document,
          limit: request.query.limit,
          visibleRegionIds: await visibleRegions(db, request),
        }),
      ),
  );

  typed.post(
    '/api/evidence/facts/:id/accept',
    {
      config: { access: 'write' },
      schema: {
        params: z.object({ id: z.coerce.number().int() }),
        body: z
          .object({
            value: z.number().optional(),
            unit: z.string().optional(),
            period: z.string().optional(),
            entity_kind: z.enum(['region', 'park', 'cluster', 'chain', 'enterprise']).optional(),
            entity_code: z.string().optional(),
            metric: z.string().optional(),
            /** Accept as an indicator or a target (default: as proposed). */
            as: z.enum(['indicator', 'target']).optional(),
            /** The region a chain's figure is for (default: the document's region). */
            region_code: z.string().optional(),
            ...rowVersionField,
          })
          .optional(),
      },
    },
    async (request, reply) => {
      const c = request.body ?? {};
      try {
        const row = {
          table: 'evidence_fact',
          where: 'id = $1',
          params: [request.params.id],
          label: `figure ${request.params.id}`,
        };
        return await versionedWrite(db, request, reply, row, async (db) =>
          acceptFact(
            db,
            request.params.id,
            actorOf(request).name,
            {
              value: c.value,
              unit: c.unit,
              period: c.period,
              entityKind: c.entity_kind,
              entityCode: c.entity_code,
              metricCode: c.metric,
              as: c.as,
              regionCode: c.region_code,
            },
            await writeScopeOf(db, request.auth!.subject),
          ),
        );
      } catch (error) {
        return userError(reply, error);
      }
    },
  );

  typed.post(
    '/api/evidence/facts/:id/reject',
    {
      config: { access: 'write' },
      schema: {
        params: z.object({ id: z.coerce.number().int() }),
        body: z.object({ note: z.string().optional(), ...rowVersionField }).optional(),
      },
    },
    async (request, reply) => {
      try {
        const row = {
          table: 'evidence_fact',
          where: 'id = $1',
          params: [request.params.id],
          label: `figure ${request.params.id}`,
        };
        return await versionedWrite(db, request, reply, row, async (db) =>
          rejectFact(
            db,
            request.params.id,
            actorOf(request).name,
            request.body?.note,
            await writeScopeOf(db, request.auth!.subject),
          ),
        );
      } catch (error) {
        return userError(reply, error);
      }
    },
  );

  typed.get('/api/evidence/conflicts', { config: { access: 'read' } }, async () => listConflicts(db));
}
