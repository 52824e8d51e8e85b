import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireOwnerLock, liveOwner, lockPathFor, StoreOwnedError } from './owner-lock.ts';

const dataDir = () => join(mkdtempSync(join(tmpdir(), 'chainatlas-lock-')), 'db');

/** The pid of a process that has just exited: certainly not running. */
function deadPid(): number {
  return spawnSync(process.execPath, [
    '-e',
    'process.stdout.write(String(process.pid))',
  ]).stdout.toString() as unknown as number;
}

describe('the embedded store has one owner', () => {
  it('refuses a second owner and names the first', () => {
    const dir = dataDir();
    const lock = acquireOwnerLock(dir);
    lock.setUrl('http://127.0.0.1:8080');
    // Another process's view: same folder, a live owner with its address.
    const owner = liveOwner(dir);
    expect(owner).toMatchObject({ pid: process.pid, url: 'http://127.0.0.1:8080' });
    writeFileSync(lockPathFor(dir), JSON.stringify({ ...owner, pid: process.ppid }));
    expect(() => acquireOwnerLock(dir)).toThrow(StoreOwnedError);
    expect(() => acquireOwnerLock(dir)).toThrow(/owned by process \d+ .*serving http:\/\/127.0.0.1:8080/);
  });

  it('takes over a stale lock (its process is gone) and says so', () => {
    const dir = dataDir();
    const stale = {
      pid: Number(deadPid()),
      host: hostname(),
      startedAt: '2026-01-01T00:00:00Z',
      command: 'killed',
    };
    writeFileSync(lockPathFor(dir), JSON.stringify(stale));
    expect(liveOwner(dir)).toBeNull();
    const lines: string[] = [];
    const lock = acquireOwnerLock(dir, (l) => lines.push(l));
    expect(lines[0]).toMatch(/taking over the stale lock of process \d+/);
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });
});
