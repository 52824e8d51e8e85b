/**
 * Reports over HTTP (thin: services/reports/ does the work):
 * GET /api/reports?scope=530700&period=2025&format=pdf&lang=fr — the report of a region, park, cluster or
 * chain for a year, as a file to download (HTML, PDF, XLSX or Markdown) in one of the five languages.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { buildReport } from '../../services/reports/build-report.ts';
import { REPORT_LANGUAGES } from '../../services/reports/dictionary.ts';
import { ChromiumMissingError } from '../../services/reports/render-pdf.ts';
import { REPORT_FORMATS, renderReport } from '../../services/reports/render-report.ts';
import type { Db } from '../../store/db.ts';
import { callerVisibility } from '../auth/access.ts';

const errorResponse = z.object({ error: z.string() });

export function registerReportRoutes(app: FastifyInstance, db: Db, options: { now?: () => Date } = {}) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/reports',
    {
      config: { access: 'read' },
      schema: {
        tags: ['reports'],
        summary: 'A development report for a scope and a year',
        description:
          'I. progress (indicators with growth, targets, key tasks by year, projects by stage, land, incentives, ' +
          'chains), II. problems found by the diagnostics with their evidence, III. next steps marked as ' +
          'suggestions; every figure footnoted with its source. 403 for a scope outside your roles. ' +
          'See docs/reports.md.',
        querystring: z.object({
          scope: z
            .string()
            .min(1)
            .describe('a region code (530700), a park code (LJ-HUAPING), cluster:CODE or chain:CODE'),
          period: z.coerce.number().int().min(1900).max(2200).describe('the report year'),
          format: z.enum(REPORT_FORMATS).default('html'),
          lang: z.enum(REPORT_LANGUAGES).default('en'),
        }),
        response: { 400: errorResponse, 403: errorResponse, 404: errorResponse, 503: errorResponse },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const report = await buildReport(db, q.scope, q.period, {
        visibility: await callerVisibility(db, request),
        now: options.now?.(),
      });
      let file: Awaited<ReturnType<typeof renderReport>>;
      try {
        file = await renderReport(report, q.format, q.lang);
      } catch (error) {
        // The server's handler hides 5xx messages; this one tells the operator what to install.
        if (error instanceof ChromiumMissingError) return reply.status(503).send({ error: error.message });
        throw error;
      }
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.body as never);
    },
  );
}
