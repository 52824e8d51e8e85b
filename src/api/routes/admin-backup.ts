/**
 * Backup and restore over HTTP, for system administrators: how `chainatlas db backup` and `db restore`
 * reach an embedded store that a running server owns (its one owner may not be bypassed; DESIGN.md).
 * - GET  /api/admin/backup  — the backup file (format: services/backup/format.ts), streamed as it is read;
 * - POST /api/admin/restore — a backup file as the body (application/gzip) into this server's store,
 *   which must hold no workspace data and be at the backup's schema; all or nothing.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { BackupFileError, RestoreRefused } from '../../services/backup/format.ts';
import { restoreBackup } from '../../services/backup/restore-backup.ts';
import { writeBackup } from '../../services/backup/write-backup.ts';
import type { Db } from '../../store/db.ts';

const BACKUP_TYPES = ['application/gzip', 'application/x-gzip', 'application/octet-stream'];

export function registerBackupRoutes(app: FastifyInstance, db: Db) {
  app.get(
    '/api/admin/backup',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'A backup of the whole store (gzip, JSON lines; restores into either store)',
      },
    },
    async (_request, reply) => {
      const body = new PassThrough();
      // A failure half-way ends the response early: the file is then incomplete, and restore refuses it.
      writeBackup(db, body).catch((error) => {
        app.log.error(error);
        body.destroy(error as Error);
      });
      const name = `chainatlas-${new Date().toISOString().replace(/[:.]/g, '-')}.backup.gz`;
      return reply
        .header('content-type', 'application/gzip')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(body);
    },
  );
  // Its own scope, so that the raw-body parser applies to this route only.
  app.register(async (scope) => {
    scope.addContentTypeParser(BACKUP_TYPES, (_request, payload, done) => done(null, payload));
    scope.post(
      '/api/admin/restore',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['admin'],
          summary: 'Restore a backup file (body, application/gzip) into this empty store; all or nothing',
        },
      },
      async (request, reply) => {
        const payload = request.body as Readable | undefined;
        if (!payload || typeof (payload as Readable).pipe !== 'function')
          return reply
            .status(415)
            .send({ error: 'send the backup file as the request body, content-type application/gzip' });
        const dir = mkdtempSync(join(tmpdir(), 'chainatlas-restore-'));
        try {
          const file = join(dir, 'upload.backup.gz');
          await pipeline(payload, createWriteStream(file));
          return await restoreBackup(db, file);
        } catch (error) {
          if (error instanceof BackupFileError)
            return reply.status(400).send({
              error: error.message.replace(/^[^:]*upload\.backup\.gz/, 'the backup'),
              detail: error.detail,
              line: error.line,
            });
          if (error instanceof RestoreRefused) return reply.status(409).send({ error: error.message });
          throw error;
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    );
  });
}
