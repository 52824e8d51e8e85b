/**
 * Chain diagnostics over HTTP (thin: services/chains/ does the work):
 * - GET /api/chains/:code/diagnosis?scope=… — a chain (code or unique prefix) placed on a park or region;
 * - GET /api/park-performance?scope=… — output and tax per mu, ranks and concentration around a scope.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { diagnoseChain, parkPerformanceOf } from '../../services/chains/diagnose-chain.ts';
import { generationCache } from '../../services/store-generation.ts';
import type { Db } from '../../store/db.ts';
import { callerVisibility } from '../auth/access.ts';
import { generationOfRequest } from '../auth/authenticate.ts';

const fraction = (what: string) => z.coerce.number().min(0).max(1).optional().describe(what);

const diagnosisQuery = z.object({
  scope: z
    .string()
    .min(1)
    .describe('a park code (with its sub-parks) or a region code (with every region below it)'),
  year: z.coerce
    .number()
    .int()
    .min(1900)
    .max(2200)
    .optional()
    .describe('year of enterprise output figures (default: latest)'),
  links_year: z.coerce
    .number()
    .int()
    .min(1900)
    .max(2200)
    .optional()
    .describe('year of supply links (default: latest)'),
  shock_node: z
    .string()
    .optional()
    .describe('node key for the price-shock stress test (default: the largest node)'),
  price_change: z.coerce
    .number()
    .min(-1)
    .max(10)
    .optional()
    .describe('relative price change for the stress test, −0.1 = a 10 % fall (default −0.1)'),
  pass_through: fraction('part of the price change passed on to local suppliers (default 0)'),
  strong_enterprises: z.coerce
    .number()
    .int()
    .min(2)
    .optional()
    .describe('enterprises, with a leader, that make a node strong (default 3)'),
  present_output_share: fraction(
    'share of the scope’s output that makes a one-enterprise node present (default 0.1)',
  ),
  strong_lq: z.coerce
    .number()
    .positive()
    .optional()
    .describe('location quotient of a strong node (default 2)'),
  present_lq: z.coerce
    .number()
    .positive()
    .optional()
    .describe('location quotient of a present node (default 1)'),
  weak_lq: z.coerce.number().positive().optional().describe('location quotient of a weak node (default 0.5)'),
  top_share_threshold: fraction('node share of output flagged as single-product dependence (default 0.5)'),
  hhi_threshold: fraction('HHI flagged as concentrated output (default 0.25)'),
});

const nodeSchema = z.looseObject({
  key: z.string(),
  name_zh: z.string(),
  name_en: z.string().nullable(),
  position: z.string(),
  stage: z.string().nullable(),
  status: z.enum(['missing', 'weak', 'present', 'strong']),
  present: z.boolean(),
});

const diagnosisResponse = z.looseObject({
  chain: z.looseObject({ code: z.string(), name_zh: z.string(), name_en: z.string().nullable() }),
  scope: z.looseObject({ kind: z.enum(['region', 'park']), code: z.string() }),
  nodes: z.array(nodeSchema),
  completeness: z.looseObject({ completeness: z.number(), weighted_completeness: z.number() }),
  dependence: z.looseObject({ flagged: z.boolean(), summary: z.string() }),
});

const parkPerformanceResponse = z.looseObject({ parks: z.array(z.looseObject({ code: z.string() })) });

const errorResponse = z.object({ error: z.string() });

export function registerChainRoutes(app: FastifyInstance, db: Db) {
  const cachedAnswer = generationCache();
  /**
   * An answer kept as JSON text (checked against the response schema once, when it is computed), at the
   * generation the request's authentication read: a repeat costs neither a query nor a serialization.
   */
  const sendKept = async (
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    schema: z.ZodType,
    compute: () => Promise<unknown>,
  ) => {
    const body = await cachedAnswer(
      db,
      key,
      async () => {
        const answer = await compute();
        // The shape the route promises, as the serializer checked it before answers were kept as text.
        schema.parse(answer);
        return JSON.stringify(answer);
      },
      generationOfRequest(request),
    );
    return reply.type('application/json; charset=utf-8').send(body);
  };
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/chains/:code/diagnosis',
    {
      config: { access: 'read' },
      schema: {
        tags: ['chains'],
        summary: 'Diagnose a chain in a park or region',
        description:
          'Every node with its status (strong, present, weak, missing) and evidence; completeness; missing nodes ' +
          'upstream and downstream of what the scope has; coverage by position and smile-curve stage; chain ' +
          'leaders and their local suppliers; local supporting rate; dependence (HHI, top-node share); a ' +
          'price-shock stress test; park performance. Rules and thresholds: docs/chain-diagnostics.md.',
        params: z.object({
          code: z.string().describe('chain code, or a prefix of exactly one (pv → pv-silicon)'),
        }),
        querystring: diagnosisQuery,
        response: { 200: diagnosisResponse, 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const visibility = await callerVisibility(db, request);
      // Kept until the next write (services/store-generation.ts): the same diagnosis for the same question.
      const key = JSON.stringify([request.params.code, q, visibility ?? null]);
      return sendKept(request, reply, `diagnosis ${key}`, diagnosisResponse, () =>
        diagnoseChain(db, request.params.code, q.scope, {
          year: q.year,
          linksYear: q.links_year,
          shock: { node: q.shock_node, priceChange: q.price_change, passThrough: q.pass_through },
          thresholds: {
            strongEnterprises: q.strong_enterprises,
            presentOutputShare: q.present_output_share,
            strongLocationQuotient: q.strong_lq,
            presentLocationQuotient: q.present_lq,
            weakLocationQuotient: q.weak_lq,
          },
          dependence: { topShareThreshold: q.top_share_threshold, hhiThreshold: q.hhi_threshold },
          visibility,
        }),
      );
    },
  );
  typed.get(
    '/api/park-performance',
    {
      config: { access: 'read' },
      schema: {
        tags: ['chains'],
        summary: 'Park performance around a park or region',
        description:
          'Output and tax per mu of the parks of a region (or of a park’s province), their ranks, leading-industry ' +
          'concentration and the industrial concentration rate, computed from figures or quoted from documents.',
        querystring: z.object({ scope: z.string().min(1).describe('a park code or a region code') }),
        response: {
          200: parkPerformanceResponse,
          400: errorResponse,
          403: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (request, reply) => {
      const visibility = await callerVisibility(db, request);
      const key = JSON.stringify([request.query.scope, visibility ?? null]);
      return sendKept(request, reply, `park-performance ${key}`, parkPerformanceResponse, () =>
        parkPerformanceOf(db, request.query.scope, visibility),
      );
    },
  );
}
