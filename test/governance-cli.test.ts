/**
 * Issue 14 as a user types it: `chainatlas grade check` names the line of a malformed scheme;
 * `chainatlas grade run --scheme huangyan-2023 --scope LJ-HUAPING --year 2025` on the demo grades Huaping
 * (whose firms have no figures in the seeds: listed as missing, never zero) and `grade show` explains it;
 * `governance idle-land` lists the seed's 983 mu. On the embedded store and (with TEST_DATABASE_URL) on a
 * PostgreSQL server.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliTargets, runCli } from './helpers/cli-targets.ts';

const work = mkdtempSync(join(tmpdir(), 'chainatlas-grade-cli-'));

const { dataDir, targets } = cliTargets('gradecli');

describe.each(targets)('chainatlas grade on $name', (target) => {
  const run = (...args: string[]) => runCli(target, dataDir, args);
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
