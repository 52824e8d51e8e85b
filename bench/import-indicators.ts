/**
 * Budget (issue 2): importing 1,000,000 indicator rows from CSV into the embedded store finishes, with
 * a progress bar, in under 60 s on a 2-core machine. This script generates the CSV (counties ×
 * GB/T 4754 divisions × years, employment by region and industry, as an analyst would load it), runs the
 * real CLI (`chainatlas import`) on a fresh embedded store, and prints the time against the budget.
 *
 *   npm run bench:import [-- --rows 1000000]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

const BUDGET_SECONDS = 60;
const rowsWanted = Number(process.argv[process.argv.indexOf('--rows') + 1]) || 1_000_000;

const reference = new URL('../data/reference/', import.meta.url);
const counties = (
  parse(readFileSync(new URL('regions-cn.csv', reference)), { columns: true }) as {
    code: string;
    level: string;
  }[]
)
  .filter((r) => r.level === 'county')
  .map((r) => r.code);
const divisions = (
  parse(readFileSync(new URL('industries-gbt4754-2017.csv', reference)), { columns: true }) as {
    code: string;
    level: string;
  }[]
)
  .filter((r) => r.level === 'division')
  .map((r) => r.code);

const dir = mkdtempSync(join(tmpdir(), 'chainatlas-bench-import-'));
const csvPath = join(dir, 'indicators.csv');
const lines = ['entity_kind,entity_code,industry_code,metric,period,value,unit'];
let n = 0;
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
outer: for (let year = 2015; ; year++) {
  for (const county of counties) {
    for (const division of divisions) {
      if (n >= rowsWanted) break outer;
      lines.push(`region,${county},${division},employment,${year},${Math.round(random() * 5000)},person`);
      n++;
    }
  }
}
writeFileSync(csvPath, `${lines.join('\n')}\n`);
console.log(
  `generated ${n.toLocaleString()} rows (${(statSync(csvPath).size / 1e6).toFixed(0)} MB): ${counties.length} counties × ${divisions.length} divisions × years`,
);

const dataDir = join(dir, 'db');
const cli = new URL('../bin/chainatlas.mjs', import.meta.url).pathname;
// Prepare the store first (schema, reference data) so the timing is the import alone.
spawnSync(process.execPath, [cli, '--data', dataDir, 'db', 'migrate'], { stdio: 'inherit' });
const started = performance.now();
const run = spawnSync(process.execPath, [cli, '--data', dataDir, 'import', csvPath, '--json'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, CHAINATLAS_PROGRESS: '1' },
});
const seconds = (performance.now() - started) / 1000;
const output = run.stdout.toString();
rmSync(dir, { recursive: true, force: true });
if (run.status !== 0) {
  console.error(output);
  throw new Error(`import failed with exit code ${run.status}`);
}
const summary = JSON.parse(output) as { rows: number; inserted: number };
console.log(
  `imported ${summary.inserted.toLocaleString()} indicator rows in ${seconds.toFixed(1)} s ` +
    `(${Math.round(summary.rows / seconds).toLocaleString()} rows/s); budget ${BUDGET_SECONDS} s: ` +
    `${seconds <= BUDGET_SECONDS ? 'within' : 'OVER'} (${(seconds / BUDGET_SECONDS).toFixed(2)} of budget)`,
);
if (seconds > BUDGET_SECONDS) process.exitCode = 1;
