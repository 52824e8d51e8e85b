/**
 * Plain SQL migrations in src/store/migrations, applied in file-name order, each in its own transaction
 * and recorded (with a checksum, so an edited migration that already ran is caught rather than ignored).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Db } from './db.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

/** The migrations of `dir` (default src/store/migrations), in the order they apply. */
export function listMigrations(dir: URL | string = MIGRATIONS_DIR): Migration[] {
  const base = typeof dir === 'string' ? pathToFileURL(dir.endsWith('/') ? dir : `${dir}/`) : dir;
  return readdirSync(base)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(new URL(file, base), 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.replace(/\.sql$/, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

export class MigrationFailed extends Error {
  constructor(
    readonly migration: string,
    override readonly cause: Error,
  ) {
    super(
      `migration ${migration} failed and was rolled back; the store is as it was before it: ${cause.message}`,
    );
  }
}

export interface MigrationResult {
  applied: string[];
  current: string | null;
}

/**
 * Applies what has not run yet. A migration that fails rolls back whole and stops the run: the store is
 * left at the last migration that succeeded, and the error names the one that failed.
 */
export async function migrate(db: Db, dir: URL | string = MIGRATIONS_DIR): Promise<MigrationResult> {
  await db.exec(`create table if not exists schema_migration (
    version text primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`);
  const applied: string[] = [];
  for (const migration of listMigrations(dir)) {
    const done = await db.transaction(async (tx) => {
      // Two servers starting at once against one PostgreSQL: the advisory lock makes the second wait.
      if (db.kind === 'postgres') await tx.query('select pg_advisory_xact_lock(4754)');
      const rows = await tx.query<{ checksum: string }>(
        'select checksum from schema_migration where version = $1',
        [migration.version],
      );
      if (rows[0]) {
        if (rows[0].checksum !== migration.checksum) {
          throw new Error(
            `migration ${migration.name} was changed after it was applied; add a new migration instead of editing it`,
          );
        }
        return false;
      }
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new MigrationFailed(migration.name, error as Error);
      }
      await tx.query('insert into schema_migration (version, name, checksum) values ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      return true;
    });
    if (done) applied.push(migration.name);
  }
  const last = await db.query<{ name: string }>(
    'select name from schema_migration order by version desc limit 1',
  );
  return { applied, current: last[0]?.name ?? null };
}
