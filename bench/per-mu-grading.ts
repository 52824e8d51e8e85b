/**
 * Budget (issue 14): grading a generated province of 50,000 enterprises finishes in under 2 s.
 *
 * The province has 100 counties of 500 enterprises each (one in four above designated size), with every
 * figure the presets read drawn from a seeded generator; about 2 % are utilities, 3 % started production
 * last year (both grade T) and 1 % lack a figure (listed as missing). Each shipped preset grades the whole
 * province: huaian-2024 derives its benchmarks from the province's previous year (a second generated
 * panel) and bands by percentile within each county; huangyan-2023 uses fixed benchmarks and fills a
 * missing emission figure with the class average. The timed part is the engine alone (gradeEnterprises),
 * median of several runs after warm-up; loading from a store is not included.
 *
 * With --store, the same size of province is also written into a fresh embedded store (PGlite, in memory;
 * 50,000 enterprises with tax, revenue, land and energy for two years, by SQL) and a whole grading run is
 * timed as the API does it: loading the panel (and the previous year's), grading, and writing 50,000
 * results with their breakdowns in one transaction. That figure has no budget in the issue; it is printed
 * so that it is known. --store-url postgres://… does the same on a PostgreSQL server (in a database it
 * creates and drops).
 *
 *   npm run bench:grading [-- --runs 9] [--strict] [--store] [--store-url postgres://user@host/db]
 */
import pg from 'pg';
import { type GradingPanel, gradeEnterprises, STATUS } from '../src/analytics/per-mu-grading.ts';
import type { FigureCode } from '../src/domain/governance/scheme.ts';
import { LOCAL_ADMIN } from '../src/services/accounts/subject.ts';
import { createGradingRun } from '../src/services/governance/grading-runs.ts';
import { presetScheme } from '../src/services/governance/schemes.ts';
import { openWorkspace } from '../src/services/workspace.ts';
import { measure, verdict } from './lib/measure.ts';

const BUDGET_MS = 2000;
const ENTERPRISES = 50_000;
const COUNTIES = 100;
const argument = (name: string) => process.argv[process.argv.indexOf(name) + 1];
const runs = process.argv.includes('--runs') ? Number(argument('--runs')) : 7;
const strict = process.argv.includes('--strict');

/** Mulberry32: a small seeded generator, so every run grades the same province. */
function generator(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function province(seed: number): GradingPanel {
  const random = generator(seed);
  const n = ENTERPRISES;
  const column = () => new Float64Array(n);
  const figures: Record<FigureCode, Float64Array> = {
    tax: column(),
    value_added: column(),
    revenue: column(),
    rnd_expenditure: column(),
    output_value: column(),
    land_area: column(),
    energy_consumption: column(),
    electricity_consumption: column(),
    pollutant_emissions: column(),
    employees: column(),
  };
  const aboveSize = new Uint8Array(n);
  const county = new Int32Array(n);
  const industryCode: (string | null)[] = [];
  const productionStartYear = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const above = random() < 0.25;
    aboveSize[i] = above ? 1 : 0;
    county[i] = Math.floor(i / (n / COUNTIES));
    const land = above ? 20 + random() * 300 : 2 + random() * 40;
    const revenue = land * (50 + random() * 800) * 1e4;
    figures.land_area[i] = land;
    figures.revenue[i] = revenue;
    figures.output_value[i] = revenue * 0.95;
    figures.value_added[i] = revenue * (0.15 + random() * 0.2);
    figures.tax[i] = revenue * (0.02 + random() * 0.06);
    figures.rnd_expenditure[i] = revenue * random() * 0.05;
    figures.energy_consumption[i] = figures.value_added[i]! / 1e4 / (0.5 + random() * 5);
    figures.electricity_consumption[i] = figures.energy_consumption[i]! * 8000;
    figures.pollutant_emissions[i] = random() < 0.1 ? Number.NaN : 0.2 + random() * 10;
    figures.employees[i] = Math.round(10 + land * (2 + random() * 10));
    if (random() < 0.01) figures.employees[i] = Number.NaN;
    industryCode.push(random() < 0.02 ? '4411' : '3825');
    productionStartYear[i] = random() < 0.03 ? 2024 : 2000 + Math.floor(random() * 23);
  }
  return {
    count: n,
    figures,
    aboveSize,
    county,
    park: new Int32Array(n).fill(-1),
    industryCode,
    productionStartYear,
  };
}

const current = province(2025);
const previous = province(2024);
console.log(
  `per-mu grading: ${ENTERPRISES.toLocaleString('en')} enterprises in ${COUNTIES} counties; budget ${BUDGET_MS} ms per preset run`,
);
let ok = true;
for (const code of ['huaian-2024', 'huangyan-2023']) {
  const scheme = presetScheme(code);
  let last = gradeEnterprises(scheme, current, { year: 2025, previous });
  const timing = measure(
    () => {
      last = gradeEnterprises(scheme, current, { year: 2025, previous });
    },
    { warmup: 2, runs },
  );
  const counts = [0, 0, 0, 0, 0];
  for (const s of last.status) counts[s]!++;
  const within = timing.median < BUDGET_MS;
  ok &&= within;
  console.log(
    `  ${code.padEnd(14)} median ${timing.median.toFixed(0)} ms (min ${timing.min.toFixed(0)}), ` +
      `${(timing.median / BUDGET_MS).toFixed(3)} of the budget — ${verdict(within)}; ` +
      `graded ${counts[STATUS.graded]}, T ${counts[STATUS.exempt]}, missing inputs ${counts[STATUS.incomplete]}, ` +
      `outside ${counts[STATUS.ineligible]}`,
  );
}
if (process.argv.includes('--store')) await storeRun(null);
if (process.argv.includes('--store-url')) await storeRun(argument('--store-url')!);
if (strict && !ok) process.exit(1);

async function admin(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function storeRun(serverUrl: string | null) {
  const setupStart = performance.now();
  const database = `chainatlas_bench_grading_${process.pid}`;
  let databaseUrl: string | undefined;
  if (serverUrl) {
    await admin(serverUrl, `create database ${database}`);
    const u = new URL(serverUrl);
    u.pathname = `/${database}`;
    databaseUrl = u.toString();
  }
  const store = await openWorkspace({ dataDir: null, databaseUrl, demoIfEmpty: false });
  const db = store.db;
  await db.exec(`
    insert into region (code, level, name_zh) values ('B99000', 'province', '基准省');
    insert into region (code, level, parent_id, name_zh)
      select 'B99' || lpad(g::text, 3, '0'), 'county', (select id from region where code = 'B99000'), '基准县' || g
      from generate_series(1, ${COUNTIES}) g;
    insert into enterprise (region_id, name_zh, above_designated_size, industry_code)
      select (select id from region where code = 'B99' || lpad((1 + (g - 1) / ${ENTERPRISES / COUNTIES})::text, 3, '0')),
        '基准企业' || g, g % 4 = 0, case when g % 50 = 0 then '4411' else '3825' end
      from generate_series(1, ${ENTERPRISES}) g;`);
  for (const year of [2024, 2025])
    await db.exec(`
      insert into indicator (region_id, entity_kind, entity_id, metric_id, period, period_start, period_end, value, unit)
      select e.region_id, 'enterprise', e.id, m.id, '${year}', '${year}-01-01', '${year}-12-31',
        case m.code when 'land_area' then 1 + (e.id % 20) else 1e6 + (e.id * 7919 % 1000) * 1e4 end, m.unit
      from enterprise e cross join metric m
      where m.code in ('tax', 'revenue', 'land_area', 'energy_consumption')`);
  console.log(
    `store (${serverUrl ? 'PostgreSQL server' : 'PGlite, in memory'}): ${ENTERPRISES.toLocaleString('en')} enterprises × 4 figures × 2 years written in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`,
  );
  for (const code of ['huaian-2024', 'huangyan-2023']) {
    const start = performance.now();
    const run = await createGradingRun(db, LOCAL_ADMIN, { userId: null, name: 'bench' }, () => new Date(), {
      scheme: presetScheme(code),
      scope: 'B99000',
      year: 2025,
    });
    console.log(
      `  ${code.padEnd(14)} whole run (load, grade, write results) ${((performance.now() - start) / 1000).toFixed(1)} s: ${JSON.stringify(run.counts)}`,
    );
  }
  await store.close();
  if (serverUrl) await admin(serverUrl, `drop database if exists ${database} with (force)`);
}
