/** `chainatlas analyze …` on files: the peer's columns and numbers, and errors that name the line. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

const cli = new URL('../bin/chainatlas.mjs', import.meta.url).pathname;
const trade = new URL('../data/trade/world_trade_avg_1998_to_2000.csv', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'chainatlas-analyze-'));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [cli, 'analyze', ...args], { encoding: 'utf8' });

describe('chainatlas analyze', () => {
  it('complexity writes py-ecomplexity’s columns with its numbers', () => {
    const out = join(dir, 'ec.csv');
    const result = run(
      'complexity',
      trade,
      '--loc',
      'country',
      '--prod',
      'product',
      '--val',
      'value',
      '--out',
      out,
    );
    expect(result.status, result.stderr).toBe(0);
    const rows = parse(readFileSync(out), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(177_410);
    // Reference row (data/trade/reference/ecomplexity.csv.gz): afg, 0011.
    const afg = rows.find((r) => r.location === 'afg' && r.product === '0011')!;
    expect(Number(afg.rca)).toBeCloseTo(0.2312238304, 9);
    expect(Number(afg.eci)).toBeCloseTo(-0.5777078232, 9);
    expect(Number(afg.pci)).toBeCloseTo(-1.07031012, 7);
    expect(Number(afg.cog)).toBeCloseTo(0.1206437198, 7);
    expect(afg.diversity).toBe('126');
  });

  it('input-output: multipliers of the Miller & Blair (2009, §2.3) two-sector example', () => {
    const file = join(dir, 'io.csv');
    writeFileSync(file, 'sector,1,2,total_output\n1,150,500,1000\n2,200,100,2000\n');
    const result = run('io', file, '--json');
    expect(result.status, result.stderr).toBe(0);
    const sectors = JSON.parse(result.stdout) as { sector: string; output_multiplier: number }[];
    // A = [[.15, .25], [.2, .05]]; L = (I − A)⁻¹ = [[1.2541, .3300], [.2640, 1.1221]]; column sums 1.51815, 1.45215.
    expect(sectors[0]!.output_multiplier).toBeCloseTo(1.51815, 4);
    expect(sectors[1]!.output_multiplier).toBeCloseTo(1.45215, 4);
  });

  it('names the line of a bad value and exits with 1', () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'region,industry,employment\nA,x,10\nA,y,-4\nB,x,3\n');
    const result = run(
      'specialization',
      file,
      '--loc',
      'region',
      '--prod',
      'industry',
      '--val',
      'employment',
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/bad\.csv, line 3: .*negative/i);
  });
});
