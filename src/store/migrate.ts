/**
 * Plain SQL migrations in src/store/migrations, applied in file-name order, each in its own transaction
 * and recorded (with a checksum, so an edited migration that already ran is caught rather than ignored).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { Db } from './db.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.replace(/\.sql$/, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

export interface MigrationResult {
  applied: string[];
  current: string | null;
}

export async function migrate(db: Db): Promise<MigrationResult> {
  await db.exec(`create table if not exists schema_migration (
    version text primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`);
  const applied: string[] = [];
  for (const migration of listMigrations()) {
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
      await tx.exec(migration.sql);
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
