/**
 * The HTTP API: thin routes over services/, validated with zod, described by an OpenAPI document at
 * /api/openapi.json with interactive docs at /api/docs.
 */
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
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
  // Until the web app lands (issue 7), the root sends a browser to the API's interactive docs.
  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) =>
    reply.redirect('/api/docs'),
  );
  return app;
}
