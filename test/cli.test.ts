/** The CLI as a script sees it: exit codes, --json, and the one-owner rule for the embedded store. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockPathFor } from '../src/store/owner-lock.ts';

const cli = new URL('../bin/chainatlas.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'chainatlas-cli-'));
const dataDir = join(dir, 'db');

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, '--data', dataDir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '' },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('chainatlas CLI', () => {
  it('imports, reports errors with exit code 1, exports', () => {
    const good = join(dir, 'parks.csv');
    writeFileSync(good, 'code,region_code,name_zh,planned_area_mu\nC-1,530723,华坪测试园,1500\n');
    const first = run('import', good, '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ kind: 'parks', rows: 1, inserted: 1 });

    const bad = join(dir, 'parks-bad.csv');
    writeFileSync(bad, 'code,region_code,name_zh,planned_area_mu\nC-2,530723,坏,abc\n');
    const failed = run('import', bad);
    expect(failed.code).toBe(1);
    expect(failed.err).toContain(
      'parks-bad.csv, row 2, column planned_area_mu (D): "abc" — expected a number ≥ 0',
    );

    const exported = run('export', '--kind', 'parks', '--format', 'json');
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.out).rows.map((r: { code: string }) => r.code)).toEqual(['C-1']);
  });

  it('refuses to open a store another live process owns, naming it (exit code 3)', () => {
    // The test runner itself plays the owner that cannot be reached (no URL in its lock).
    writeFileSync(
      lockPathFor(dataDir),
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        startedAt: new Date().toISOString(),
        command: 'vitest',
      }),
    );
    const refused = run('import', join(dir, 'parks.csv'));
    expect(refused.code).toBe(3);
    expect(refused.err).toMatch(new RegExp(`owned by process ${process.pid}`));
  });

  it('answers a wrong command line with exit code 2 and help', () => {
    const wrong = run('import');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/missing required argument/);
  });
});
