/**
 * The HTTP API: thin routes over services/, validated with zod, described by an OpenAPI document at
 * /api/openapi.json with interactive docs at /api/docs.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { WEB_DIST } from '../../web/build.ts';
import { ImportFailed } from '../services/import/import-error.ts';
import { BadQuery } from '../services/list-entities.ts';
import type { Db } from '../store/db.ts';
import { registerAccessControl } from './auth/access.ts';
import { type RateLimitOptions, rateLimitFromEnv, registerRateLimit } from './rate-limit.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerAnalyticsRoutes } from './routes/analytics.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerChainDeskRoutes } from './routes/chain-desk.ts';
import { registerChainRoutes } from './routes/chains.ts';
import { registerDocumentRoutes } from './routes/documents.ts';
import { registerEntityRoutes } from './routes/entities.ts';
import { registerGovernanceRoutes } from './routes/governance.ts';
import { registerOperationsRoutes } from './routes/operations.ts';
import { registerOpportunityRoutes } from './routes/opportunities.ts';
import { registerReportRoutes } from './routes/reports.ts';
import { registerSystemRoutes } from './routes/system.ts';
import { registerTransferRoutes } from './routes/transfer.ts';

export interface ApiOptions {
  db: Db;
  logger?: boolean;
  /** Largest upload accepted by the import endpoint, in bytes (default 512 MB). */
  maxUploadBytes?: number;
  /** Largest non-multipart request body (JSON), in bytes (default 10 MB). */
  maxBodyBytes?: number;
  /**
   * The token the local command line presents (written by the store's owner into its lock file,
   * readable only by the same OS user); it acts as a system administrator.
   */
  localAdminToken?: string;
  /** Folder of the built web app served at `/` (default web/dist). */
  webDist?: string;
  /** The clock operations read (deadlines, escalation); tests pass a controllable one. */
  now?: () => Date;
  /** Requests a minute per user (default from CHAINATLAS_RATE_LIMIT, 1200; src/api/rate-limit.ts). */
  rateLimit?: RateLimitOptions;
}

export const API_VERSION = '0.1.0';

export async function buildApi(options: ApiOptions): Promise<FastifyInstance> {
  const bodyLimit = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const maxUploadBytes =
    options.maxUploadBytes ?? (Number(process.env.CHAINATLAS_MAX_UPLOAD_MB) || 512) * 1024 * 1024;
  const app = Fastify({
    logger: options.logger ? { level: 'info' } : false,
    bodyLimit,
  });
  // Limits on input (issue 11), each answered 413 with the limit in words.
  const TOO_LARGE: Record<string, string> = {
    FST_ERR_CTP_BODY_TOO_LARGE: `request body too large: at most ${megabytes(bodyLimit)} (upload files to /api/import as multipart/form-data)`,
    FST_REQ_FILE_TOO_LARGE: `file too large: at most ${megabytes(maxUploadBytes)} per upload; split it into several files`,
    FST_FILES_LIMIT: 'one file per upload (multipart field "file")',
    FST_PARTS_LIMIT: 'too many multipart fields: send the file in a field named "file"',
    FST_FIELDS_LIMIT: 'too many multipart fields: send the file in a field named "file"',
  };
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Security headers; the docs page's own CSP is set by swagger-ui (staticCSP) for its assets.
  await app.register(helmet, { contentSecurityPolicy: false, global: true });
  await app.register(cookie);
  registerAccessControl(app, options.db, { localAdminToken: options.localAdminToken });
  registerRateLimit(app, options.rateLimit ?? rateLimitFromEnv());
  await app.register(multipart, {
    limits: { fileSize: maxUploadBytes, files: 1, fields: 10, parts: 11, fieldSize: 64 * 1024 },
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Chain Atlas API',
        version: API_VERSION,
        description:
          'Regions, parks, clusters, industrial chains, enterprises, indicators with their sources, and the work that closes chain gaps.',
      },
      servers: [],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof ImportFailed) {
      // 413 for a file over the rows-per-file limit (ImportTooLarge), 422 for errors in its rows.
      return reply.status((error as { statusCode?: number }).statusCode ?? 422).send({
        error: 'import failed; nothing was imported',
        total: error.totalIssues,
        issues: error.issues,
      });
    }
    if (error instanceof BadQuery) return reply.status(400).send({ error: error.message });
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.status(400).send({
        error: 'invalid request',
        issues: error.validation.map((v) => ({
          where: v.instancePath,
          message: v.message,
        })),
      });
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    const tooLarge = TOO_LARGE[(error as { code?: string }).code ?? ''];
    if (tooLarge) return reply.status(413).send({ error: tooLarge });
    if (status >= 500) app.log.error(error);
    return reply.status(status).send({ error: status >= 500 ? 'internal error' : (error as Error).message });
  });

  registerSystemRoutes(app, options.db);
  registerAuthRoutes(app, options.db);
  registerAdminRoutes(app, options.db);
  registerAnalyticsRoutes(app, options.db);
  registerEntityRoutes(app, options.db);
  registerChainRoutes(app, options.db);
  registerOpportunityRoutes(app, options.db);
  registerDocumentRoutes(app, options.db);
  registerOperationsRoutes(app, options.db, { now: options.now });
  registerGovernanceRoutes(app, options.db, { now: options.now });
  registerReportRoutes(app, options.db, { now: options.now });
  registerTransferRoutes(app, options.db);
  registerChainDeskRoutes(app, options.db, { now: options.now });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  // The web app (web/dist, built by `chainatlas serve`): files by path, index.html for any other page.
  const webDist = options.webDist ?? WEB_DIST;
  await app.register(fastifyStatic, { root: webDist, serve: false });
  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, (request, reply) => {
    let path: string;
    try {
      path = decodeURIComponent(request.url.split('?')[0]!).replace(/^\/+/, '');
    } catch {
      return reply.status(400).send({ error: 'malformed URL' });
    }
    if (path.startsWith('api/')) return reply.status(404).send({ error: `no such API route: /${path}` });
    if (!existsSync(join(webDist, 'index.html'))) {
      return reply
        .status(503)
        .send({ error: 'the web app is not built (run `npm start` or `npm run build:web`)' });
    }
    const asFile =
      path && !path.includes('..') ? statSync(join(webDist, path), { throwIfNoEntry: false }) : null;
    const file = asFile?.isFile() ? path : 'index.html';
    // Hashed assets never change; index.html must be fetched again to pick up a new build.
    const immutable = file.startsWith('assets/');
    return reply.sendFile(file, { maxAge: immutable ? '365d' : 0, immutable });
  });
  return app;
}

const megabytes = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(0)} MB` : `${bytes.toLocaleString('en')} bytes`;
