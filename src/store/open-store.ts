import { mkdirSync } from 'node:fs';
import type { Db } from './db.ts';
import { migrate } from './migrate.ts';
import { acquireOwnerLock, type OwnerLock } from './owner-lock.ts';
import { openPgliteDb } from './pglite-db.ts';
import { openPostgresDb } from './postgres-db.ts';
import { openPgliteRecovering, snapshotsEnabled, takeSnapshot } from './recovery.ts';

export interface StoreTarget {
  /** A postgres:// URL: use that server. */
  databaseUrl?: string;
  /** Otherwise the embedded store's folder; null for a throwaway in-memory store (tests). */
  dataDir?: string | null;
}

export interface Store {
  db: Db;
  /** The owner lock, for the embedded store on disk. */
  lock?: OwnerLock;
  close(): Promise<void>;
}

/**
 * Opens the store and brings its schema up to date. For the embedded store this takes the owner lock
 * first, so a second process is refused before it can touch the folder.
 */
export async function openStore(target: StoreTarget, log: (line: string) => void = () => {}): Promise<Store> {
  let lock: OwnerLock | undefined;
  let db: Db;
  if (target.databaseUrl) {
    db = await openPostgresDb(target.databaseUrl);
  } else if (target.dataDir) {
    lock = acquireOwnerLock(target.dataDir, log);
    try {
      mkdirSync(target.dataDir, { recursive: true });
      db = await openPgliteRecovering(target.dataDir, log);
    } catch (error) {
      lock.release();
      throw error;
    }
  } else {
    db = await openPgliteDb(null);
  }
  try {
    const { applied } = await migrate(db);
    if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);
  } catch (error) {
    await db.close().catch(() => {});
    lock?.release();
    throw error;
  }
  return {
    db,
    lock,
    async close() {
      await db.close();
      // Taken while the lock is still held and the folder is closed: a copy known to open.
      if (target.dataDir && !target.databaseUrl && snapshotsEnabled()) takeSnapshot(target.dataDir, log);
      lock?.release();
    },
  };
}
