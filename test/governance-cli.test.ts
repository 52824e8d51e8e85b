/**
 * Issue 14 as a user types it: `chainatlas grade check` names the line of a malformed scheme;
 * `chainatlas grade run --scheme huangyan-2023 --scope LJ-HUAPING --year 2025` on the demo grades Huaping
 * (whose firms have no figures in the seeds: listed as missing, never zero) and `grade show` explains it;
 * `governance idle-land` lists the seed's 983 mu. On the embedded store and (with TEST_DATABASE_URL) on a
 * PostgreSQL server.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = new URL('../bin/chainatlas.mjs', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'chainatlas-grade-cli-'));
const dataDir = join(work, 'db');

interface Target {
  name: string;
  env: () => Record<string, string>;
  setUp?: () => Promise<void>;
  tearDown?: () => Promise<void>;
}
const targets: Target[] = [{ name: 'pglite', env: () => ({ DATABASE_URL: '' }) }];
const serverUrl = process.env.TEST_DATABASE_URL;
if (serverUrl) {
  const database = `chainatlas_gradecli_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
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

describe.each(targets)('chainatlas grade on $name', (target) => {
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

  it('grade check: a malformed scheme is refused with its file, line and reason (exit 1)', () => {
    const file = join(work, 'my-scheme.yaml');
    writeFileSync(
      file,
      [
        'code: my-scheme',
        'version: 1',
        'name_zh: 测试',
        'source: { title: t, issuer: i, date: 2024-01-01, url: u, quotes: [q] }',
        'indicators:',
        '  - { code: tax_per_mu, name_zh: 亩均税收, numerator: tax, denominator: land_area }',
        'formulas:',
        '  - applies_to: [above_size, below_size]',
        '    weights_total: 100',
        '    items:',
        '      - { indicator: tax_per_mu, weight: 60, benchmark: { fixed: 10 } }',
        '      - { indicator: sales_per_mu, weight: 40, benchmark: { fixed: 10 } }',
        '',
      ].join('\n'),
    );
    const checked = run('grade', 'check', file);
    expect(checked.code).toBe(1);
    expect(checked.err).toContain(
      `${file}, line 12: formulas.0.items.1.indicator: unknown indicator sales_per_mu`,
    );
    writeFileSync(file, readFixed());
    expect(run('grade', 'check', file).code).toBe(0);
  });

  it('grade run, grade show: Huaping by huangyan-2023, missing figures listed', () => {
    const created = run(
      'grade',
      'run',
      '--scheme',
      'huangyan-2023',
      '--scope',
      'LJ-HUAPING',
      '--year',
      '2025',
      '--json',
    );
    expect(created.code, created.err).toBe(0);
    const { id, counts } = JSON.parse(created.out);
    expect(counts).toEqual({ incomplete: 4 });
    const shown = run('grade', 'show', String(id), '--enterprise', '五星石墨');
    expect(shown.code, shown.err).toBe(0);
    expect(shown.out).toContain('五星石墨: incomplete, score —');
    expect(shown.out).toContain('formula: 亩均税收 ÷ 11.5932 × 50 + 单位电耗税收 ÷ 0.2352 × 50');
    expect(shown.out).toContain('missing: tax, land_area, electricity_consumption');
  });

  it('governance idle-land: the 983 mu of former Yunnan Aluminum land', () => {
    const idle = run('governance', 'idle-land');
    expect(idle.code, idle.err).toBe(0);
    expect(idle.out).toMatch(/revitalized\s+983 mu {2}LJ-JINSHAN-YUNNAN-ALUMINUM-983/);
  });
});

/** The same scheme with the second item fixed. */
function readFixed(): string {
  return [
    'code: my-scheme',
    'version: 1',
    'name_zh: 测试',
    'source: { title: t, issuer: i, date: 2024-01-01, url: u, quotes: [q] }',
    'indicators:',
    '  - { code: tax_per_mu, name_zh: 亩均税收, numerator: tax, denominator: land_area }',
    'formulas:',
    '  - applies_to: [above_size, below_size]',
    '    weights_total: 100',
    '    items:',
    '      - { indicator: tax_per_mu, weight: 100, benchmark: { fixed: 10 } }',
    '',
  ].join('\n');
}
