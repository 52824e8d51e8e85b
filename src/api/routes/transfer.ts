import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IMPORT_KINDS, type ImportKind } from '../../domain/import-rows.ts';
import { ensureDemoAccounts } from '../../services/accounts/demo-accounts.ts';
import { writeScopeOf } from '../../services/accounts/subject.ts';
import { ENTITY_NAMES } from '../../services/catalog.ts';
import { loadDemoWorkspace } from '../../services/demo-workspace.ts';
import { EXPORT_FORMATS, exportEntities } from '../../services/export-entities.ts';
import { importFile } from '../../services/import/import-file.ts';
import type { Db } from '../../store/db.ts';
import { actorOf, callerVisibility } from '../auth/access.ts';

const summary = z.object({
  file: z.string(),
  kind: z.string(),
  rows: z.number(),
  inserted: z.number(),
  updated: z.number(),
  seconds: z.number(),
  dryRun: z.boolean().optional(),
});
const importFailure = z.object({
  error: z.string(),
  total: z.number(),
  issues: z.array(
    z.object({
      file: z.string(),
      row: z.number(),
      column: z.string().optional(),
      value: z.unknown().optional(),
      expected: z.string(),
    }),
  ),
});

/** Import (multipart upload), export, and the demo workspace. */
export function registerTransferRoutes(app: FastifyInstance, db: Db) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.post(
    '/api/import',
    {
      config: { access: 'write' },
      schema: {
        tags: ['import'],
        summary: 'Import a CSV, XLSX, JSON or YAML file (multipart field "file"); all or nothing',
        description:
          'The kind comes from the `kind` query parameter, a top-level `kind:` key, or the file name. A file with any error changes nothing; the response lists every error with row and column.',
        querystring: z.object({
          kind: z.enum(IMPORT_KINDS as [ImportKind, ...ImportKind[]]).optional(),
          dry_run: z
            .enum(['true', 'false'])
            .optional()
            .describe('check every row and report what would change, then write nothing'),
        }),
        consumes: ['multipart/form-data'],
        response: { 200: summary, 400: z.object({ error: z.string() }), 422: importFailure },
      },
    },
    async (request, reply) => {
      const file = await request.file();
      if (!file)
        return reply
          .status(400)
          .send({ error: 'no file: send it as multipart/form-data in a field named "file"' } as never);
      const data = await file.toBuffer();
      return importFile(
        db,
        { name: file.filename, data },
        {
          kind: request.query.kind,
          writeScope: await writeScopeOf(db, request.auth!.subject),
          actor: actorOf(request),
          dryRun: request.query.dry_run === 'true',
        },
      );
    },
  );
  typed.get(
    '/api/export/:kind',
    {
      config: { access: 'read' },
      schema: {
        tags: ['import'],
        summary: 'Export an entity as CSV, XLSX or JSON, provenance included',
        params: z.object({ kind: z.enum(ENTITY_NAMES as [string, ...string[]]) }),
        querystring: z.object({ format: z.enum(EXPORT_FORMATS).default('csv') }),
      },
    },
    async (request, reply) => {
      const { kind } = request.params;
      const exported = await exportEntities(
        db,
        kind as (typeof ENTITY_NAMES)[number],
        request.query.format,
        await callerVisibility(db, request),
      );
      return reply
        .header('content-type', exported.contentType)
        .header('content-disposition', `attachment; filename="${kind}.${request.query.format}"`)
        .send(exported.body);
    },
  );
  typed.post(
    '/api/demo/load',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['import'],
        summary: "Reload the demo workspace (chain templates and the five seed documents' figures)",
        response: { 200: z.object({ files: z.number(), rows: z.number() }) },
      },
    },
    async (request) => {
      const results = await loadDemoWorkspace(db, undefined, actorOf(request));
      await ensureDemoAccounts(db, actorOf(request));
      return { files: results.length, rows: results.reduce((n, r) => n + r.rows, 0) };
    },
  );
}
