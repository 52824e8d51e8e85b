/**
 * The stores a CLI test runs the real `chainatlas` binary against: the embedded store in a temporary
 * folder, and — when TEST_DATABASE_URL is set — a PostgreSQL database of its own, created before the
 * tests and dropped after them. `run` spawns the CLI on the target with the demo's usual flags.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const cli = new URL('../../bin/chainatlas.mjs', import.meta.url).pathname;

export interface CliTarget {
  name: string;
  env: () => Record<string, string>;
  setUp?: () => Promise<void>;
  tearDown?: () => Promise<void>;
}

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/** `label` names the temporary folder and database, so a leftover says which test made it. */
export function cliTargets(label: string): { dataDir: string; targets: CliTarget[] } {
  const dataDir = join(mkdtempSync(join(tmpdir(), `chainatlas-${label}-`)), 'db');
  const targets: CliTarget[] = [{ name: 'pglite', env: () => ({ DATABASE_URL: '' }) }];
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const database = `chainatlas_${label.replace(/\W/g, '_')}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    targets.push({
      name: 'postgres',
      env: () => ({ DATABASE_URL: url.toString() }),
      setUp: () => admin(`create database ${database}`),
      tearDown: () => admin(`drop database if exists ${database} with (force)`),
    });
  }
  return { dataDir, targets };
}

/** Runs `chainatlas --data DIR ARGS…` on a target and answers its exit code and output. */
export function runCli(target: CliTarget, dataDir: string, args: string[]): CliRun {
  const result = spawnSync(process.execPath, [cli, '--data', dataDir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...target.env() },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}
