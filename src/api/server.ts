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
import { registerAdminRoutes } from './routes/admin.ts';
import { registerAnalyticsRoutes } from './routes/analytics.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerChainRoutes } from './routes/chains.ts';
import { registerEntityRoutes } from './routes/entities.ts';
import { registerSystemRoutes } from './routes/system.ts';
import { registerTransferRoutes } from './routes/transfer.ts';

export interface ApiOptions {
  db: Db;
  logger?: boolean;
  /** Largest upload accepted by the import endpoint, in bytes. */
  maxUploadBytes?: number;
  /**
   * The token the local command line presents (written by the store's owner into its lock file,
   * readable only by the same OS user); it acts as a system administrator.
   */
  localAdminToken?: string;
  /** Folder of the built web app served at `/` (default web/dist). */
  webDist?: string;
}

export const API_VERSION = '0.1.0';

export async function buildApi(options: ApiOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { level: 'info' } : false,
    bodyLimit: 10 * 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Security headers; the docs page's own CSP is set by swagger-ui (staticCSP) for its assets.
  await app.register(helmet, { contentSecurityPolicy: false, global: true });
  await app.register(cookie);
  registerAccessControl(app, options.db, { localAdminToken: options.localAdminToken });
  await app.register(multipart, {
    limits: { fileSize: options.maxUploadBytes ?? 512 * 1024 * 1024, files: 1 },
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
      return reply.status(422).send({
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
    if (status >= 500) app.log.error(error);
    return reply.status(status).send({ error: status >= 500 ? 'internal error' : (error as Error).message });
  });

  registerSystemRoutes(app, options.db);
  registerAuthRoutes(app, options.db);
  registerAdminRoutes(app, options.db);
  registerAnalyticsRoutes(app, options.db);
  registerEntityRoutes(app, options.db);
  registerChainRoutes(app, options.db);
  registerTransferRoutes(app, options.db);
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
