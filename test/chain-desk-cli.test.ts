/**
 * Issue 13's chain book as a user types it, on the embedded store with the demo:
 * `chainatlas desk book --chain hydrogen-energy --scope 410900 --period 2025 --format pdf --lang zh`, a list
 * exported to CSV, the dashboard, and a roadmap refused with its file, line and reason (exit code 1).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const cli = new URL('../bin/chainatlas.mjs', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'chainatlas-desk-cli-'));
const dataDir = join(work, 'db');

const run = (...args: string[]) => {
  const result = spawnSync(process.execPath, [cli, '--data', dataDir, ...args], {
    encoding: 'utf8',
    cwd: work,
    env: { ...process.env, DATABASE_URL: '' },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
};

describe('chainatlas desk on the embedded store', () => {
  beforeAll(() => {
    const loaded = run('demo', 'load');
    expect(loaded.code, loaded.err).toBe(0);
  }, 180_000);

  it('builds the chain book as a PDF in Chinese, issued as edition 1; a preview issues nothing', () => {
    const out = join(work, 'book-zh.pdf');
    const args = ['desk', 'book', '--chain', 'hydrogen-energy', '--scope', '410900', '--period', '2025'];
    const first = run(...args, '--format', 'pdf', '--lang', 'zh', '--out', out, '--json');
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ edition: 1, format: 'pdf', lang: 'zh-CN' });
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const html = join(work, 'book.html');
    // A preview compares with edition 1 and issues nothing.
    const preview = run(...args, '--format', 'html', '--lang', 'en', '--preview', '--out', html, '--json');
    expect(JSON.parse(preview.out).edition).toBeNull();
    expect(readFileSync(html, 'utf8')).toContain('No changes.');
  }, 120_000);

  it('exports a list and shows the dashboard', () => {
    const csv = run('desk', 'export', 'enterprises', '--desk', 'LJ-HUAPING-PV', '--format', 'csv');
    expect(csv.code, csv.err).toBe(0);
    const lines = csv.out
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toMatch(/^name_zh,name_en,credit_code,node/);
    expect(lines.some((l) => l.startsWith('隆基绿能,LONGi'))).toBe(true);
    const dashboard = run('desk', 'dashboard');
    expect(dashboard.code, dashboard.err).toBe(0);
    expect(dashboard.out).toContain('PY-HYDROGEN');
    expect(dashboard.out).toContain('chief: not recorded');
    expect(dashboard.out).toContain('agenda:');
  }, 60_000);

  it('refuses a roadmap with an unknown node, naming the file, line and reason', () => {
    const file = join(work, 'roadmap.yaml');
    writeFileSync(
      file,
      'kind: technology_roadmap\nrows:\n- code: FIX-1\n  name: "Fixture: technology"\n  node: no-such-node\n  trl: 3\n',
    );
    const refused = run('desk', 'roadmap', file, '--desk', 'LJ-HUAPING-PV');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /roadmap\.yaml, line 5, row 1, column node: "no-such-node" — expected a node of the chain/,
    );
    // Nothing was written: the desk keeps the demo's sourced roadmap (four technologies, one bottleneck).
    const map = JSON.parse(run('desk', 'map', 'technology', '--desk', 'LJ-HUAPING-PV').out);
    expect([map.recorded, map.technologies, map.bottlenecks]).toEqual([true, 4, 1]);
  }, 60_000);
});
