/** `chainatlas analyze …` on files: the peer's columns and numbers, and errors that name the line. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { CodeColumn } from '../src/analytics/index.ts';
import { readLongCsv } from '../src/services/analysis/long-csv.ts';

const cli = new URL('../bin/chainatlas.mjs', import.meta.url).pathname;
const trade = new URL('../data/trade/world_trade_avg_1998_to_2000.csv', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'chainatlas-analyze-'));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [cli, 'analyze', ...args], { encoding: 'utf8' });
const runWith = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, [cli, 'analyze', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });

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

describe('chainatlas analyze complexity --json', () => {
  it('gives the same cells as the CSV', () => {
    const file = join(dir, 'small.csv');
    writeFileSync(file, 'c,p,v\na,x,5\na,y,1\nb,x,1\nb,y,4\nb,z,2\nc,z,3\nc,x,1\n');
    const args = ['complexity', file, '--loc', 'c', '--prod', 'p', '--val', 'v'];
    const csv = run(...args);
    const json = run(...args, '--json');
    expect(csv.status, csv.stderr).toBe(0);
    expect(json.status, json.stderr).toBe(0);
    const fromCsv = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    const fromJson = JSON.parse(json.stdout) as Record<string, string | number>[];
    expect(fromJson).toHaveLength(9);
    const asText = fromJson.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])));
    expect(asText).toEqual(fromCsv);
  });
});

describe('reading long CSV files', () => {
  const columns = { time: 'year', location: 'region', product: 'industry', value: 'jobs' };
  /** A column's code per row, whether it came as one string a row or dictionary-encoded. */
  const codesOf = (column: CodeColumn | undefined, rows: number) =>
    typeof column === 'object' && 'dictionary' in column
      ? Array.from({ length: rows }, (_, i) => String(column.dictionary[column.index[i]!]))
      : column;
  /** What csv-parse makes of the same text: the reference the plain-file reader must reproduce. */
  const reference = (text: string) => {
    const [header, ...records] = parse(text, { bom: true, skip_empty_lines: true }) as string[][];
    const at = (name: string) => header!.findIndex((h) => h.trim() === name);
    return {
      time: records.map((r) => r[at('year')]),
      location: records.map((r) => r[at('region')]),
      product: records.map((r) => r[at('industry')]),
      value: records.map((r) => Number(r[at('jobs')]!.trim() || 0)),
    };
  };
  const cases: Record<string, string> = {
    plain: 'year,region,industry,jobs\n2020,A,x,10\n2020,B,y,3.5\n',
    'quoted cells, CRLF, a BOM and blank lines':
      '\ufeff"year","region","industry","jobs"\r\n"2020","A","0011"," 7 "\r\n\r\n"2021","B","",""\r\n',
    'doubled quotes and mixed quoting': 'year,region,industry,jobs\n2020,"Xi""an",x,1\n2020,B,"a ""b""",2',
    'a comma inside quotes': 'year,region,industry,jobs\n2020,"Lijiang, Yunnan",x,1\n',
    'a line break inside quotes': 'year,region,industry,jobs\n2020,"two\nlines",x,1\n',
    'columns in another order, names padded': ' jobs ,industry,region,year\n4,x,A,2020\n',
    'codes that repeat, or start like the previous row’s':
      'year,region,industry,jobs\n2020,A,x,1\n2020,A,xy,2\n2020,AB,xy,3\n2020,A,x,4\n2021,"AB",x,5\n',
    'numbers that are not plain digits':
      'year,region,industry,jobs\n2020,A,x,1.5e3\n2020,A,y, 12 \n2020,A,z,0012\n2020,A,w,12345678901234567\n2020,A,v,-0\n',
    'non-ASCII codes': 'year,region,industry,jobs\n2020,丽江,旅游业,12\n2020,Ağrı,çay,1\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`reads ${name} as csv-parse does`, () => {
      const file = join(dir, 'long.csv');
      writeFileSync(file, text);
      const { table, rows } = readLongCsv(file, columns);
      const expected = reference(text);
      expect(rows).toBe(expected.value.length);
      expect(codesOf(table.time, rows)).toEqual(expected.time);
      expect(codesOf(table.location, rows)).toEqual(expected.location);
      expect(codesOf(table.product, rows)).toEqual(expected.product);
      expect(Array.from(table.value)).toEqual(expected.value);
    });
  }

  it('names the line and column of a value that is not a number, quoted or not', () => {
    const texts = [
      'year,region,industry,jobs\n2020,A,x,1\n2020,B,x,ten\n',
      '"year","region","industry","jobs"\n"2020","A","x","1"\n"2020","B","x","ten"\n',
    ];
    for (const text of texts) {
      const file = join(dir, 'bad-value.csv');
      writeFileSync(file, text);
      expect(() => readLongCsv(file, columns)).toThrow(/bad-value\.csv, line 3, column jobs: "ten"/);
    }
  });

  it('refuses a row with a missing cell, as csv-parse does', () => {
    const file = join(dir, 'short-row.csv');
    writeFileSync(file, 'year,region,industry,jobs\n2020,A,x,1\n2020,B,x\n');
    expect(() => readLongCsv(file, columns)).toThrow(
      /short-row\.csv: Invalid Record Length: expect 4, got 3 on line 3/,
    );
  });
});

describe('the cached bundle behind `chainatlas analyze`', () => {
  it('is built on the first run, reused while the sources are unchanged, rebuilt when one changes', () => {
    const cache = mkdtempSync(join(tmpdir(), 'chainatlas-bundle-'));
    const file = join(dir, 'io.csv');
    writeFileSync(file, 'sector,1,2,total_output\n1,150,500,1000\n2,200,100,2000\n');
    const env = { CHAINATLAS_CACHE_DIR: cache };
    const first = runWith(env, 'io', file, '--json');
    expect(first.status, first.stderr).toBe(0);
    const manifests = readdirSync(cache).filter((name) => name.startsWith('manifest-'));
    expect(manifests).toHaveLength(1);
    const manifestFile = join(cache, manifests[0]!);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
      root: string;
      bundle: string;
      inputs: Record<string, string>;
    };
    expect(existsSync(join(cache, manifest.bundle))).toBe(true);
    expect(manifest.root).toBe(new URL('..', import.meta.url).pathname);
    expect(Object.keys(manifest.inputs)).toContain('src/analytics/input-output.ts');

    const second = runWith(env, 'io', file, '--json');
    expect(second.stdout).toBe(first.stdout);
    expect(readFileSync(manifestFile, 'utf8')).toBe(JSON.stringify(manifest));

    // As if input-output.ts had been edited since: its stamp no longer matches, so it is built again.
    manifest.inputs['src/analytics/input-output.ts'] = '0:0';
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const third = runWith(env, 'io', file, '--json');
    expect(third.stdout).toBe(first.stdout);
    const rebuilt = JSON.parse(readFileSync(manifestFile, 'utf8')) as typeof manifest;
    expect(rebuilt.inputs['src/analytics/input-output.ts']).not.toBe('0:0');
    expect(readdirSync(cache).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    // Through tsx, without the bundle: the same answer.
    const viaTsx = runWith({ CHAINATLAS_NO_BUNDLE: '1' }, 'io', file, '--json');
    expect(viaTsx.stdout).toBe(first.stdout);
    rmSync(cache, { recursive: true, force: true });
  });
});
