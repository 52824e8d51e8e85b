/**
 * Budget (issue 3): a generated 3,000 regions × 1,500 industries × 10 years panel runs through the whole
 * complexity suite — long rows → matrices → RCA, presence, ECI/PCI, proximity, density, COI and COG for
 * every year — in under 5 s, with peak memory under 2 GB.
 *
 *   npx tsx bench/scale.ts [--regions 3000] [--industries 1500] [--years 10] [--share 0.2] [--threads 2] [--strict]
 *
 * The panel comes from bench/lib/synthetic-panel.ts: seeded, nested capabilities, log-normal sizes, and
 * `--share` of the cells filled in the first year (default one in five). Generating it is not timed.
 * Timed, end to end: splitting the long rows by year and every year's suite. Years are independent (as
 * in py-ecomplexity, which loops over them), so they run on `--threads` worker threads (default one per
 * core, at most 2), each taking the next year when it finishes one — how a service would run a long
 * panel. Peak memory is the process's maximum resident set over all threads (process.resourceUsage).
 */
import { availableParallelism, loadavg } from 'node:os';
import { wasmKernelsAvailable } from '../src/analytics/wasm-kernels.ts';
import { formatMs, peakResidentBytes, verdict } from './lib/measure.ts';
import type { YearSummary, YearTask } from './lib/scale-worker.ts';
import { syntheticPanel } from './lib/synthetic-panel.ts';
import { typeScriptWorker } from './lib/ts-worker.ts';

const option = (name: string, fallback: number) =>
  process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback;
const regions = option('--regions', 3000);
const industries = option('--industries', 1500);
const years = option('--years', 10);
const share = option('--share', 0.2);
const threads = Math.max(1, option('--threads', Math.min(2, availableParallelism())));
const strict = process.argv.includes('--strict');

const TIME_BUDGET_MS = 5000;
const MEMORY_BUDGET_BYTES = 2 * 1024 ** 3;

// Threads start first: loading TypeScript in each takes a moment, and the panel is generated meanwhile.
const workers = Array.from({ length: threads }, () =>
  typeScriptWorker(new URL('./lib/scale-worker.ts', import.meta.url)),
);
let generated = performance.now();
const long = syntheticPanel({ regions, industries, years, share });
generated = performance.now() - generated;
console.log(
  `panel: ${regions.toLocaleString('en')} regions × ${industries.toLocaleString('en')} industries × ${years} years, ` +
    `${long.rows.toLocaleString('en')} long rows (${((100 * long.rows) / (regions * industries * years)).toFixed(1)} % of cells), generated in ${formatMs(generated)} (not timed)`,
);

const cpuStart = process.cpuUsage();
const start = performance.now();
// Split the rows by year. Rows that come grouped by year (as a store returns them, and as generated here)
// are copied out in blocks; otherwise a counting sort on the year column places them.
const yearOf = long.time.index;
let grouped = true;
for (let i = 1; i < long.rows && grouped; i++) grouped = yearOf[i]! >= yearOf[i - 1]!;
const counts = new Int32Array(years);
for (let i = 0; i < long.rows; i++) counts[yearOf[i]!]!++;
const tasks: YearTask[] = [];
if (grouped) {
  let from = 0;
  for (let y = 0; y < years; y++) {
    const to = from + counts[y]!;
    tasks.push({
      time: String(long.time.dictionary[y]),
      locationCodes: long.location.dictionary,
      productCodes: long.product.dictionary,
      location: long.location.index.slice(from, to),
      product: long.product.index.slice(from, to),
      value: long.value.slice(from, to),
    });
    from = to;
  }
} else {
  for (let y = 0; y < years; y++) {
    tasks.push({
      time: String(long.time.dictionary[y]),
      locationCodes: long.location.dictionary,
      productCodes: long.product.dictionary,
      location: new Uint16Array(counts[y]!),
      product: new Uint16Array(counts[y]!),
      value: new Float64Array(counts[y]!),
    });
  }
  const filled = new Int32Array(years);
  for (let i = 0; i < long.rows; i++) {
    const y = yearOf[i]!;
    const task = tasks[y]!;
    const k = filled[y]!++;
    task.location[k] = long.location.index[i]!;
    task.product[k] = long.product.index[i]!;
    task.value[k] = long.value[i]!;
  }
}
const split = performance.now() - start;

const summaries: YearSummary[] = [];
await new Promise<void>((resolve, reject) => {
  let next = 0;
  let running = 0;
  const give = (worker: (typeof workers)[number]) => {
    if (next >= tasks.length) {
      if (running === 0) resolve();
      return;
    }
    const task = tasks[next++]!;
    running++;
    worker.postMessage(task, [task.location.buffer, task.product.buffer, task.value.buffer] as ArrayBuffer[]);
  };
  for (const worker of workers) {
    worker.on('message', (summary: YearSummary) => {
      summaries.push(summary);
      running--;
      give(worker);
    });
    worker.on('error', reject);
    give(worker);
  }
});
const wall = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
await Promise.all(workers.map((w) => w.terminate()));

summaries.sort((a, b) => a.time.localeCompare(b.time));
for (const s of summaries) {
  console.log(
    `  ${s.time}: ${s.rows.toLocaleString('en')} rows, ${s.locations} × ${s.products} kept (${s.omitted} omitted), ` +
      `M ${(100 * s.presence).toFixed(1)} % ones, ECI ${s.eciRange[0].toFixed(3)} … ${s.eciRange[1].toFixed(3)}, ` +
      `${s.nonFinite} non-finite, ${formatMs(s.milliseconds)}`,
  );
}
const peak = peakResidentBytes();
console.log('');
console.log(
  `wall time, long rows → every year's COG: ${formatMs(wall)} (split by year ${formatMs(split)}, ${threads} thread${threads > 1 ? 's' : ''}) — budget ${formatMs(TIME_BUDGET_MS)} — ${verdict(wall <= TIME_BUDGET_MS)}`,
);
console.log(
  `CPU time, all threads: ${formatMs((cpu.user + cpu.system) / 1000)} — on ${threads} thread${threads > 1 ? 's' : ''} of an idle machine the wall time would be near ${formatMs((cpu.user + cpu.system) / 1000 / threads + split)}; more than that is other processes' share of the cores`,
);
console.log(
  `peak memory (max RSS, whole process): ${(peak / 1024 ** 3).toFixed(2)} GB — budget 2 GB — ${verdict(peak <= MEMORY_BUDGET_BYTES)}`,
);
console.log(`throughput: ${Math.round(long.rows / (wall / 1000)).toLocaleString('en')} rows/s`);
console.log(
  `kernels: ${wasmKernelsAvailable() ? 'WebAssembly SIMD' : 'scalar JavaScript (no WebAssembly SIMD here)'}`,
);
console.log(
  `load average when done: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')} (other processes share the cores)`,
);

if (strict && (wall > TIME_BUDGET_MS || peak > MEMORY_BUDGET_BYTES)) process.exit(1);
