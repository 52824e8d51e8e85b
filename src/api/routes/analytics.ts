import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AnalyticsInputError } from '../../analytics/index.ts';
import {
  AnalysisQueryError,
  RegionNotVisible,
  regionComplexity,
  regionSpecialization,
} from '../../services/analysis/store-analyses.ts';
import type { Db } from '../../store/db.ts';
import { callerVisibility } from '../auth/access.ts';

const level = z.enum(['country', 'province', 'prefecture', 'county']);

/** Specialization and complexity on the store's indicator tables (region × industry). */
export function registerAnalyticsRoutes(app: FastifyInstance, db: Db) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const answer = async <T>(
    reply: { status(code: number): { send(body: unknown): unknown } },
    work: () => Promise<T>,
  ) => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof AnalysisQueryError || error instanceof AnalyticsInputError) {
        return reply.status(422).send({ error: error.message });
      }
      throw error;
    }
  };
  typed.get(
    '/api/analytics/specialization/:region',
    {
      config: { access: 'read' },
      schema: {
        tags: ['analytics'],
        summary: "A region's location quotients by industry, with density, PCI and COG, and the method",
        params: z.object({ region: z.string() }),
        querystring: z.object({
          metric: z.string().default('employment'),
          period: z.string(),
          level: level.optional(),
        }),
      },
    },
    async (request, reply) => {
      const visibility = await callerVisibility(db, request);
      try {
        return await answer(reply, () =>
          regionSpecialization(db, request.params.region, request.query, visibility),
        );
      } catch (error) {
        if (error instanceof RegionNotVisible) return reply.status(404).send({ error: error.message });
        throw error;
      }
    },
  );
  typed.get(
    '/api/analytics/complexity',
    {
      config: { access: 'read' },
      schema: {
        tags: ['analytics'],
        summary: 'Economic complexity (ECI) of every region of a level, from one metric and period',
        querystring: z.object({ metric: z.string().default('employment'), period: z.string(), level }),
      },
    },
    async (request, reply) => answer(reply, () => regionComplexity(db, request.query)),
  );
}
