/**
 * Opportunities over HTTP (thin: services/opportunities/ does the work; formulas in docs/opportunities.md):
 * - GET /api/opportunities/diversify?region=… — industries (chain nodes) a region could enter next;
 * - GET /api/opportunities/attract?chain=…&scope=…[&format=csv|xlsx] — enterprises elsewhere on the
 *   scope's missing and weak nodes, ranked by the attraction score; csv/xlsx is the investment-attraction list;
 * - GET /api/opportunities/complement?chain=…&region=… — complementary regions and enclave pairings.
 * Each needs `read` and a scope inside the caller's visibility (403 otherwise), as chain diagnostics do.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DIVERSIFICATION_RANKINGS } from '../../analytics/diversification-options.ts';
import {
  attractionListCsv,
  attractionListFileName,
  attractionListXlsx,
} from '../../services/opportunities/attraction-list.ts';
import { attractionTargets } from '../../services/opportunities/attraction-targets.ts';
import { complementaryRegionsFor } from '../../services/opportunities/complementary-regions.ts';
import { diversifyRegion } from '../../services/opportunities/diversification.ts';
import type { Db } from '../../store/db.ts';
import { callerVisibility } from '../auth/access.ts';

const errorResponse = z.object({ error: z.string() });
const errors = { 400: errorResponse, 403: errorResponse, 404: errorResponse };
const limit = (what: string) => z.coerce.number().int().min(1).max(1000).optional().describe(what);
const weight = (part: string) =>
  z.coerce
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe(`weight of the ${part} part (the five must add up to 1)`);

export function registerOpportunityRoutes(app: FastifyInstance, db: Db) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/opportunities/diversify',
    {
      config: { access: 'read' },
      schema: {
        tags: ['opportunities'],
        summary: 'Diversification options of a region',
        description:
          'Chain nodes the region has no enterprise on, ranked by density (Hidalgo et al. 2007), PCI, COG or a ' +
          'balanced score, each with its distance and the present nodes that make it close.',
        querystring: z.object({
          region: z.string().min(1).describe('a region code'),
          rank_by: z.enum(DIVERSIFICATION_RANKINGS as [string, ...string[]]).optional(),
          limit: limit('options to return (default 20)'),
          because: z.coerce
            .number()
            .int()
            .min(0)
            .max(20)
            .optional()
            .describe('present nodes named per option (default 3)'),
        }),
        response: {
          200: z.looseObject({ options: z.array(z.looseObject({ product: z.string() })) }),
          ...errors,
        },
      },
    },
    async (request) => {
      const q = request.query;
      return diversifyRegion(db, q.region, {
        rankBy: q.rank_by as never,
        limit: q.limit,
        because: q.because,
        visibility: await callerVisibility(db, request),
      });
    },
  );
  typed.get(
    '/api/opportunities/attract',
    {
      config: { access: 'read' },
      schema: {
        tags: ['opportunities'],
        summary: 'Investment-attraction targets for the missing and weak nodes of a chain in a scope',
        description:
          'Enterprises outside the scope on each missing or weak node, ranked by score = Σ w·s over size, growth, ' +
          'distance, links with the scope’s chain leaders and the node’s input share; format=csv|xlsx gives the ' +
          'investment-attraction list of the chain chief system.',
        querystring: z.object({
          chain: z.string().min(1).describe('chain code or a unique prefix'),
          scope: z.string().min(1).describe('a park code or a region code'),
          limit: limit('candidates per node (default 10)'),
          include_weak: z.enum(['true', 'false']).optional().describe('also weak nodes (default true)'),
          format: z.enum(['json', 'csv', 'xlsx']).default('json'),
          w_size: weight('size'),
          w_growth: weight('growth'),
          w_distance: weight('distance'),
          w_links: weight('links'),
          w_input_share: weight('input share'),
        }),
        response: errors,
      },
    },
    async (request, reply) => {
      const q = request.query;
      const weights = Object.fromEntries(
        (
          [
            ['size', q.w_size],
            ['growth', q.w_growth],
            ['distance', q.w_distance],
            ['links', q.w_links],
            ['input_share', q.w_input_share],
          ] as const
        ).filter(([, v]) => v !== undefined),
      );
      const report = await attractionTargets(db, q.chain, q.scope, {
        limit: q.limit,
        includeWeak: q.include_weak !== 'false',
        weights,
        visibility: await callerVisibility(db, request),
      });
      if (q.format === 'json') return reply.send(report as never);
      const body = q.format === 'csv' ? attractionListCsv(report) : await attractionListXlsx(report);
      return reply
        .header(
          'content-type',
          q.format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        )
        .header('content-disposition', `attachment; filename="${attractionListFileName(report, q.format)}"`)
        .send(body as never);
    },
  );
  typed.get(
    '/api/opportunities/complement',
    {
      config: { access: 'read' },
      schema: {
        tags: ['opportunities'],
        summary: 'Complementary regions on a chain, and candidate enclave pairings',
        description:
          'Regions of the same level that have nodes the region misses and miss nodes it has, ranked by the ' +
          'pairing score (weighted share of the chain on which the two complete each other), with the nodes behind it.',
        querystring: z.object({
          chain: z.string().min(1).describe('chain code or a unique prefix'),
          region: z.string().min(1).describe('a region code'),
          limit: limit('partners to return (default 10)'),
        }),
        response: {
          200: z.looseObject({ partners: z.array(z.looseObject({ score: z.number() })) }),
          ...errors,
        },
      },
    },
    async (request) => {
      const q = request.query;
      return complementaryRegionsFor(db, q.chain, q.region, {
        limit: q.limit,
        visibility: await callerVisibility(db, request),
      });
    },
  );
}
