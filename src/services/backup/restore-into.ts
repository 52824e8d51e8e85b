/**
 * Restoring into a store this process opens itself (a data folder it may lock, or DATABASE_URL): the
 * store is opened without migrating, migrated only as far as the backup's schema, restored, and then
 * migrated forward — so a backup made by an older Chain Atlas comes back through the same migrations
 * its data would have gone through in place.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../store/db.ts';
import { listMigrations, migrate } from '../../store/migrate.ts';
import type { StoreTarget } from '../../store/open-store.ts';
import { acquireOwnerLock, type OwnerLock } from '../../store/owner-lock.ts';
import { openPgliteDb } from '../../store/pglite-db.ts';
import { openPostgresDb } from '../../store/postgres-db.ts';
import { openPgliteRecovering, snapshotsEnabled, takeSnapshot } from '../../store/recovery.ts';
import { withinTransaction } from '../../store/within-transaction.ts';
import { RestoreRefused, type SchemaEntry } from './format.ts';
import { type RestoreProgress, type RestoreSummary, restoreBackup, verifyBackup } from './restore-backup.ts';

export interface RestoreIntoResult extends RestoreSummary {
  /** Migrations applied after the restore (the backup was made at an older schema). */
  migratedForward: string[];
}

export async function restoreInto(
  target: StoreTarget,
  file: string,
  options: { log?: (line: string) => void; onProgress?: (p: RestoreProgress) => void } = {},
): Promise<RestoreIntoResult> {
  const log = options.log ?? (() => {});
  // All of the file is checked before the store is even opened.
  const contents = await verifyBackup(file);
  const { db, close } = await openUnmigrated(target, log);
  try {
    // Schema and rows in one transaction: a failure leaves even a brand-new database without tables.
    return await db.transaction(async (tx) => {
      const inside = withinTransaction(db, tx);
      await migrateToBackup(inside, contents.header.schema);
      const summary = await restoreBackup(inside, file, { contents, onProgress: options.onProgress });
      const { applied } = await migrate(inside);
      return { ...summary, migratedForward: applied };
    });
  } finally {
    await close();
  }
}

/** The store as it is, its lock taken (embedded), no migration applied. */
async function openUnmigrated(
  target: StoreTarget,
  log: (line: string) => void,
): Promise<{ db: Db; close: () => Promise<void> }> {
  if (target.databaseUrl) {
    const db = await openPostgresDb(target.databaseUrl);
    return { db, close: () => db.close() };
  }
  if (!target.dataDir) {
    const db = await openPgliteDb(null);
    return { db, close: () => db.close() };
  }
  const dataDir = target.dataDir;
  const lock: OwnerLock = acquireOwnerLock(dataDir, log);
  let db: Db;
  try {
    mkdirSync(dataDir, { recursive: true });
    db = await openPgliteRecovering(dataDir, log);
  } catch (error) {
    lock.release();
    throw error;
  }
  return {
    db,
    async close() {
      await db.close();
      if (snapshotsEnabled()) takeSnapshot(dataDir, log);
      lock.release();
    },
  };
}

/** Applies this Chain Atlas's migrations up to the backup's last one (and no further). */
export async function migrateToBackup(db: Db, schema: SchemaEntry[]): Promise<string[]> {
  const known = listMigrations();
  const byVersion = new Map(known.map((m) => [m.version, m]));
  const unknown = schema.filter((m) => byVersion.get(m.version)?.checksum !== m.checksum);
  if (unknown.length > 0)
    throw new RestoreRefused(
      `the backup's schema has migrations this Chain Atlas does not have (${unknown.map((m) => m.name).join(', ')}); restore it with the Chain Atlas version that made it, or a newer one`,
    );
  const wanted = new Set(schema.map((m) => m.version));
  const dir = mkdtempSync(join(tmpdir(), 'chainatlas-migrations-'));
  try {
    for (const m of known) if (wanted.has(m.version)) writeFileSync(join(dir, `${m.name}.sql`), m.sql);
    return (await migrate(db, dir)).applied;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
