/**
 * The embedded store has one owner (DESIGN.md): two processes writing one PGlite folder lose commits
 * silently. The owner writes a lock file beside the folder, saying who it is and where it can be reached;
 * everyone else reads it and goes through that owner, or refuses.
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';

export interface OwnerInfo {
  pid: number;
  host: string;
  /** The owner's HTTP address once it serves, e.g. http://127.0.0.1:8080 */
  url?: string;
  /**
   * The bearer token the owner accepts from the local command line as a system administrator. The
   * lock file is created readable by its OS user only (0600), so only that user's processes can act.
   */
  token?: string;
  startedAt: string;
  command: string;
}

export class StoreOwnedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: OwnerInfo,
  ) {
    super(
      `the embedded store ${dataDir} is owned by process ${owner.pid} on ${owner.host} (${owner.command}, since ${owner.startedAt})` +
        (owner.url ? `, serving ${owner.url}` : '') +
        '. Two processes on one embedded store lose data; go through that process, or stop it first.',
    );
  }
}

export function lockPathFor(dataDir: string): string {
  return `${resolve(dataDir)}.owner.json`;
}

export function readOwner(dataDir: string): OwnerInfo | null {
  try {
    return JSON.parse(readFileSync(lockPathFor(dataDir), 'utf8')) as OwnerInfo;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live owner of a folder, or null when there is none (no lock, or a stale one). */
export function liveOwner(dataDir: string): OwnerInfo | null {
  const owner = readOwner(dataDir);
  if (!owner) return null;
  if (owner.host !== hostname()) return owner; // cannot check another machine's pids: assume alive
  return isAlive(owner.pid) ? owner : null;
}

export interface OwnerLock {
  readonly path: string;
  /** Records where the owner can be reached, and the local command line's token, once it serves. */
  setUrl(url: string, token?: string): void;
  release(): void;
}

/**
 * Takes the folder's lock, or throws StoreOwnedError naming the live owner. A stale lock (its process is
 * gone, e.g. after a SIGKILL) is taken over, and `log` says so.
 */
export function acquireOwnerLock(dataDir: string, log: (line: string) => void = () => {}): OwnerLock {
  const path = lockPathFor(dataDir);
  mkdirSync(dirname(path), { recursive: true });
  const me: OwnerInfo = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(' ').slice(0, 200),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // 'wx' fails when the file exists: creating the lock is the atomic test-and-set.
      const fd = openSync(path, 'wx', 0o600);
      writeFileSync(fd, JSON.stringify(me, null, 2));
      closeSync(fd);
      return makeLock(path, me);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(dataDir);
      if (owner && (owner.host !== me.host || isAlive(owner.pid)) && owner.pid !== process.pid) {
        throw new StoreOwnedError(resolve(dataDir), owner);
      }
      log(
        owner
          ? `taking over the stale lock of process ${owner.pid} (started ${owner.startedAt}, no longer running) on ${resolve(dataDir)}`
          : `removing an unreadable lock file ${path}`,
      );
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not take the lock ${path}`);
}

function makeLock(path: string, me: OwnerInfo): OwnerLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    const current = (() => {
      try {
        return JSON.parse(readFileSync(path, 'utf8')) as OwnerInfo;
      } catch {
        return null;
      }
    })();
    if (current?.pid === me.pid) rmSync(path, { force: true });
    process.off('exit', release);
  };
  process.on('exit', release);
  return {
    path,
    setUrl(url: string, token?: string) {
      me.url = url;
      me.token = token;
      // Write then rename so a reader never sees half a file.
      writeFileSync(`${path}.tmp`, JSON.stringify(me, null, 2), { mode: 0o600 });
      renameSync(`${path}.tmp`, path);
    },
    release,
  };
}
