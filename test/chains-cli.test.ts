/**
 * Issue 4's acceptance as a user types it: `chainatlas chain diagnose --chain pv --scope LJ-HUAPING` on the
 * demo, on the embedded store and (with TEST_DATABASE_URL) on a PostgreSQL server.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = new URL('../bin/chainatlas.mjs', import.meta.url).pathname;

interface Target {
  name: string;
  env: () => Record<string, string>;
  setUp?: () => Promise<void>;
  tearDown?: () => Promise<void>;
}

const dataDir = join(mkdtempSync(join(tmpdir(), 'chainatlas-chain-cli-')), 'db');
const targets: Target[] = [{ name: 'pglite', env: () => ({ DATABASE_URL: '' }) }];
const serverUrl = process.env.TEST_DATABASE_URL;
if (serverUrl) {
  const database = `chainatlas_cli_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
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

describe.each(targets)('chainatlas chain diagnose on $name', (target) => {
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [cli, '--data', dataDir, ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...target.env() },
    });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };
  beforeAll(async () => {
    await target.setUp?.();
    const loaded = run('demo', 'load');
    expect(loaded.code, loaded.err).toBe(0);
  }, 120_000);
  afterAll(() => target.tearDown?.());

  it('lists every node with key, names and status, and the seed diagnosis (--json)', () => {
    const { code, out, err } = run('chain', 'diagnose', '--chain', 'pv', '--scope', 'LJ-HUAPING', '--json');
    expect(code, err).toBe(0);
    const d = JSON.parse(out);
    expect(d.chain.code).toBe('pv-silicon');
    expect(d.nodes).toHaveLength(19);
    for (const n of d.nodes)
      expect(Object.keys(n)).toEqual(expect.arrayContaining(['key', 'name_zh', 'name_en', 'status']));
    const status = Object.fromEntries(d.nodes.map((n: { key: string; status: string }) => [n.key, n.status]));
    expect(status['monocrystalline-silicon']).toBe('present');
    expect(status['quartz-crucible']).toBe('weak');
    const downstream = d.gaps.downstream.map((n: { key: string }) => n.key);
    expect(downstream).toEqual(
      expect.arrayContaining(['pv-modules', 'energy-storage-batteries', 'pv-system-integration']),
    );
    expect(d.dependence).toMatchObject({ flagged: true, finding: 'single-product' });
  });

  it('prints the diagnosis for a person, and refuses an unknown scope with exit code 2', () => {
    const { code, out } = run(
      'chain',
      'diagnose',
      '--chain',
      'pv',
      '--scope',
      'LJ-HUAPING',
      '--price-change',
      '-50%',
    );
    expect(code).toBe(0);
    expect(out).toMatch(/present \(2\): quartz-crucible \[weak\], monocrystalline-silicon \[present\]/);
    expect(out).toMatch(
      /missing downstream of what the scope has \(11\): .*pv-modules.*energy-storage-batteries, pv-system-integration/,
    );
    expect(out).toContain(
      'dependence: FLAGGED — single-product dependence: monocrystalline-silicon makes 80 %',
    );
    expect(out).toContain('ΔR/R = Δp × (s_n + ρ × Σ s_u) = −0.5 × (0.8 + 0 × (0)) = −0.4');
    const wrong = run('chain', 'diagnose', '--chain', 'pv', '--scope', 'NOWHERE');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('no park or region with code "NOWHERE"');
  });
});
