import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AnalyticsInputError } from '../../analytics/index.ts';
import { industrySpace } from '../../services/analysis/industry-space.ts';
import { regionShiftShare } from '../../services/analysis/region-shift-share.ts';
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
    '/api/analytics/shift-share/:region',
    {
      config: { access: 'read' },
      schema: {
        tags: ['analytics'],
        summary:
          "Why a region's industries grew between two periods: benchmark growth, industry mix and competitive effect",
        params: z.object({ region: z.string() }),
        querystring: z.object({
          metric: z.string().default('employment'),
          from: z.string().optional(),
          to: z.string().optional(),
        }),
      },
    },
    async (request, reply) => {
      const visibility = await callerVisibility(db, request);
      try {
        return await answer(reply, () =>
          regionShiftShare(db, request.params.region, request.query, visibility),
        );
      } catch (error) {
        if (error instanceof RegionNotVisible) return reply.status(404).send({ error: error.message });
        throw error;
      }
    },
  );
  typed.get(
    '/api/analytics/industry-space/:region',
    {
      config: { access: 'read' },
      schema: {
        tags: ['analytics'],
        summary:
          "The industry space (proximity network) of a region's level, with the region's industries marked",
        params: z.object({ region: z.string() }),
        querystring: z.object({
          metric: z.string().default('employment'),
          period: z.string(),
          min_proximity: z.coerce.number().min(0).max(1).optional(),
        }),
      },
    },
    async (request, reply) => {
      const visibility = await callerVisibility(db, request);
      try {
        return await answer(reply, () => industrySpace(db, request.params.region, request.query, visibility));
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
