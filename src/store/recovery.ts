/**
 * An embedded data folder that will not open. PGlite runs PostgreSQL single-user with fsync off, and
 * public reports describe folders that would not reopen after an abrupt stop. We measured SIGKILLs during
 * imports and never saw one (docs/reliability.md), but an operating-system crash or a full disk is not
 * covered by that, so the store keeps a snapshot: a copy of the folder taken at every clean close, when
 * the folder is quiescent and known to open. A folder that fails to open is moved aside (never deleted)
 * and the snapshot put in its place, and the log says what was lost.
 */
import { cpSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from './db.ts';
import { openPgliteDb } from './pglite-db.ts';

export function snapshotPathFor(dataDir: string): string {
  return `${resolve(dataDir)}.snapshot`;
}

/** Snapshots are on unless CHAINATLAS_SNAPSHOT=0 (a large store where the copy at each close costs too much). */
export const snapshotsEnabled = () => process.env.CHAINATLAS_SNAPSHOT !== '0';

export class StoreUnopenableError extends Error {}

/**
 * Copies a closed data folder to `<folder>.snapshot`, replacing the last one only once the new copy is
 * whole: a kill during the copy leaves the previous snapshot in place.
 */
export function takeSnapshot(dataDir: string, log: (line: string) => void = () => {}): void {
  const snapshot = snapshotPathFor(dataDir);
  const partial = `${snapshot}.partial`;
  const started = performance.now();
  try {
    rmSync(partial, { recursive: true, force: true });
    cpSync(dataDir, partial, { recursive: true });
    rmSync(`${snapshot}.old`, { recursive: true, force: true });
    if (existsSync(snapshot)) renameSync(snapshot, `${snapshot}.old`);
    renameSync(partial, snapshot);
    rmSync(`${snapshot}.old`, { recursive: true, force: true });
  } catch (error) {
    log(`could not snapshot the embedded store ${dataDir}: ${(error as Error).message}`);
    return;
  }
  const seconds = (performance.now() - started) / 1000;
  if (seconds > 5)
    log(`snapshot of ${dataDir} took ${seconds.toFixed(1)} s (CHAINATLAS_SNAPSHOT=0 turns it off)`);
}

/** Opens the folder; if it will not open, puts the last snapshot in its place and opens that. */
export async function openPgliteRecovering(dataDir: string, log: (line: string) => void): Promise<Db> {
  try {
    return await openPgliteDb(dataDir);
  } catch (error) {
    const reason = (error as Error).message;
    const snapshot = snapshotPathFor(dataDir);
    log(`the embedded store ${resolve(dataDir)} would not open: ${reason}`);
    if (!existsSync(snapshot)) {
      throw new StoreUnopenableError(
        `the embedded store ${resolve(dataDir)} would not open (${reason}) and there is no snapshot to recover from (${snapshot}); the folder is left as it is`,
      );
    }
    const takenAt = statSync(snapshot).mtime.toISOString();
    const aside = `${resolve(dataDir)}.unopenable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dataDir, aside);
    cpSync(snapshot, dataDir, { recursive: true });
    const db = await openPgliteDb(dataDir);
    log(
      `recovered the embedded store from its snapshot of ${takenAt} (the last clean close): changes after it are lost; the folder that would not open is kept at ${aside}`,
    );
    return db;
  }
}
