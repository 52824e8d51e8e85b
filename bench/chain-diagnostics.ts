/**
 * Budget (issue 4): diagnostics for every chain template × every region of a generated 3,000-region
 * workspace finish in under 1 s after loading.
 *
 * The workspace is generated into a fresh embedded store (PGlite, in memory): the reference data and the
 * 13 chain templates of data/chains/, then 3,000 regions (30 provinces × 9 prefectures × 10 counties,
 * under one country), parks, enterprises placed on chain nodes with roles, their output, supply links,
 * and output by industry for every region (for location quotients). "Loading" is the services' one pass
 * over the store into memory (loadChainWorkspace); the timed part is then a full diagnosis — every node's
 * status and evidence, completeness, gaps, coverage, leaders and their suppliers, local supporting rate,
 * dependence and a stress test, as the API returns them — for each of 13 × 3,000 pairs, plus park
 * performance once per region.
 *
 *   npm run bench:chains [-- --runs 5] [--strict]
 */
import { diagnoseInWorkspace } from '../src/services/chains/diagnose.ts';
import { loadChainWorkspace } from '../src/services/chains/load-workspace.ts';
import { parkPerformanceAround } from '../src/services/chains/park-performance.ts';
import { demoFiles } from '../src/services/demo-workspace.ts';
import { importFile } from '../src/services/import/import-file.ts';
import { openWorkspace } from '../src/services/workspace.ts';
import type { Queryable } from '../src/store/db.ts';
import { formatMs, median, peakResidentBytes, verdict } from './lib/measure.ts';

const BUDGET_MS = 1000;
const argument = (name: string) => process.argv[process.argv.indexOf(name) + 1];
const runs = process.argv.includes('--runs') ? Number(argument('--runs')) : 5;
const strict = process.argv.includes('--strict');

const PROVINCES = 30;
const PREFECTURES = 9;
const COUNTIES = 10;
const ENTERPRISES_PER_COUNTY = 10;
const YEAR = 2024;

let seed = 20250626;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/** Inserts rows column-wise in one statement (parameterized arrays, no values in the SQL text). */
async function insertColumns(db: Queryable, sql: string, columns: unknown[][]) {
  const CHUNK = 20_000;
  const n = columns[0]!.length;
  for (let start = 0; start < n; start += CHUNK) {
    await db.query(sql, columns.map((c) => c.slice(start, start + CHUNK)) as never[]);
  }
}

const started = performance.now();
const store = await openWorkspace({ dataDir: null });
const db = store.db;
// The chain templates (the demo's first files), without the rest of the demo.
for (const file of demoFiles().filter((f) => f.kind === 'chains')) {
  await importFile(db, { name: file.name, data: { path: file.path } }, { kind: 'chains' });
}

// Regions: one country, 30 provinces, 270 prefectures, 2,700 counties (3,000 below the country).
const regionCodes: string[] = ['GEN'];
const regionLevels: string[] = ['country'];
const regionParents: string[] = [''];
const counties: string[] = [];
for (let p = 1; p <= PROVINCES; p++) {
  const province = `G${String(p).padStart(2, '0')}`;
  regionCodes.push(province);
  regionLevels.push('province');
  regionParents.push('GEN');
  for (let f = 1; f <= PREFECTURES; f++) {
    const prefecture = `${province}${f}`;
    regionCodes.push(prefecture);
    regionLevels.push('prefecture');
    regionParents.push(province);
    for (let c = 0; c < COUNTIES; c++) {
      const county = `${prefecture}${c}`;
      regionCodes.push(county);
      regionLevels.push('county');
      regionParents.push(prefecture);
      counties.push(county);
    }
  }
}
await insertColumns(
  db,
  `insert into region (code, level, name_zh) select code, level, 'G-' || code from unnest($1::text[], $2::text[]) as t(code, level)`,
  [regionCodes, regionLevels],
);
await db.query(
  `update region r set parent_id = p.id from unnest($1::text[], $2::text[]) as t(code, parent)
   join region p on p.code = t.parent where r.code = t.code`,
  [regionCodes, regionParents],
);
const regionId = new Map(
  (
    await db.query<{ id: number; code: string }>('select id, code from region where code = any($1::text[])', [
      regionCodes,
    ])
  ).map((r) => [r.code, r.id]),
);

// Parks: one in every third county, a tenth of them with a sub-park.
const parkCodes: string[] = [];
const parkRegions: number[] = [];
const parkOfCounty = new Map<string, string>();
counties.forEach((county, i) => {
  if (i % 3 !== 0) return;
  parkCodes.push(`P-${county}`);
  parkRegions.push(regionId.get(county)!);
  parkOfCounty.set(county, `P-${county}`);
});
await insertColumns(
  db,
  `insert into park (code, region_id, name_zh, planned_area_ha, available_area_ha, industry_codes)
   select code, region_id, code, 500, 200, array['3985', '3825'] from unnest($1::text[], $2::int[]) as t(code, region_id)`,
  [parkCodes, parkRegions],
);
const parkId = new Map(
  (await db.query<{ id: number; code: string }>('select id, code from park')).map((p) => [p.code, p.id]),
);

// Enterprises, their output, their places on chain nodes.
const nodes = await db.query<{ id: number; chain_id: number; industry_codes: string[] }>(
  'select id, chain_id, industry_codes from chain_node order by chain_id, seq',
);
const chainIds = [...new Set(nodes.map((n) => n.chain_id))];
const nodesOfChain = new Map(chainIds.map((c) => [c, nodes.filter((n) => n.chain_id === c)]));
const entNames: string[] = [];
const entRegions: number[] = [];
const entParks: (number | null)[] = [];
for (const county of counties) {
  for (let k = 0; k < ENTERPRISES_PER_COUNTY; k++) {
    entNames.push(`E-${county}-${k}`);
    entRegions.push(regionId.get(county)!);
    const park = parkOfCounty.get(county);
    entParks.push(park && random() < 0.6 ? parkId.get(park)! : null);
  }
}
await insertColumns(
  db,
  'insert into enterprise (name_zh, region_id, park_id) select * from unnest($1::text[], $2::int[], $3::int[])',
  [entNames, entRegions, entParks],
);
const enterprises = await db.query<{ id: number; region_id: number }>(
  `select id::float8 as id, region_id from enterprise where name_zh like 'E-%' order by id`,
);
const outputMetric = (await db.query<{ id: number }>(`select id from metric where code = 'output_value'`))[0]!
  .id;
await insertColumns(
  db,
  `insert into indicator (region_id, entity_kind, entity_id, metric_id, period, period_start, period_end, value, unit)
   select region_id, 'enterprise', id, ${outputMetric}, '${YEAR}', '${YEAR}-01-01', '${YEAR}-12-31', value, 'yuan'
   from unnest($1::float8[], $2::int[], $3::float8[]) as t(id, region_id, value)`,
  [
    enterprises.map((e) => e.id),
    enterprises.map((e) => e.region_id),
    enterprises.map(() => Math.round(Math.exp(14 + 3 * random()))),
  ],
);
const placeEnterprise: number[] = [];
const placeNode: number[] = [];
const placeRole: string[] = [];
for (const e of enterprises) {
  const chainNodes = nodesOfChain.get(pick(chainIds))!;
  const first = pick(chainNodes);
  const chosen = random() < 0.3 ? [first, pick(chainNodes)] : [first];
  for (const node of new Set(chosen)) {
    placeEnterprise.push(e.id);
    placeNode.push(node.id);
    placeRole.push(random() < 0.05 ? 'leader' : random() < 0.3 ? 'supporting' : 'member');
  }
}
await insertColumns(
  db,
  'insert into enterprise_node (enterprise_id, chain_node_id, role) select * from unnest($1::float8[]::bigint[], $2::int[], $3::text[])',
  [placeEnterprise, placeNode, placeRole],
);

// Supply links: two suppliers each, mostly from the same county's neighbours.
const linkBuyer: number[] = [];
const linkBuyerRegion: number[] = [];
const linkSupplier: number[] = [];
const linkSupplierRegion: number[] = [];
const linkValue: (number | null)[] = [];
const seen = new Set<string>();
enterprises.forEach((e, i) => {
  for (let k = 0; k < 2; k++) {
    const j =
      random() < 0.6
        ? Math.max(0, Math.min(enterprises.length - 1, i + Math.floor((random() - 0.5) * 40)))
        : Math.floor(random() * enterprises.length);
    const s = enterprises[j]!;
    if (s.id === e.id || seen.has(`${e.id}:${s.id}`)) continue;
    seen.add(`${e.id}:${s.id}`);
    linkBuyer.push(e.id);
    linkBuyerRegion.push(e.region_id);
    linkSupplier.push(s.id);
    linkSupplierRegion.push(s.region_id);
    linkValue.push(random() < 0.1 ? null : Math.round(Math.exp(12 + 2 * random())));
  }
});
await insertColumns(
  db,
  `insert into supply_link (buyer_id, buyer_region_id, supplier_id, supplier_region_id, year, value)
   select b::bigint, br, s::bigint, sr, ${YEAR}, v from unnest($1::float8[], $2::int[], $3::float8[], $4::int[], $5::float8[]) as t(b, br, s, sr, v)`,
  [linkBuyer, linkBuyerRegion, linkSupplier, linkSupplierRegion, linkValue],
);

// Output by industry for every region (counties drawn, the levels above summed) and its total.
const industryCodes = [...new Set(nodes.flatMap((n) => n.industry_codes))];
const industryId = new Map(
  (
    await db.query<{ id: number; code: string }>(
      `select id, code from industry where code = any($1::text[])`,
      [industryCodes],
    )
  ).map((r) => [r.code, r.id]),
);
const byRegion = new Map<string, Map<string, number>>();
const add = (region: string, code: string, v: number) => {
  const m = byRegion.get(region) ?? new Map<string, number>();
  byRegion.set(region, m);
  m.set(code, (m.get(code) ?? 0) + v);
};
for (const county of counties) {
  for (let k = 0; k < 12; k++) {
    const code = pick(industryCodes);
    const v = Math.round(Math.exp(16 + 2 * random()));
    for (let r = county; r !== ''; r = regionParents[regionCodes.indexOf(r)]!) add(r, code, v);
  }
}
const figRegion: number[] = [];
const figIndustry: (number | null)[] = [];
const figValue: number[] = [];
for (const [region, values] of byRegion) {
  let total = 0;
  for (const [code, v] of values) {
    figRegion.push(regionId.get(region)!);
    figIndustry.push(industryId.get(code)!);
    figValue.push(v);
    total += v;
  }
  figRegion.push(regionId.get(region)!);
  figIndustry.push(null);
  figValue.push(Math.round(total * 1.5));
}
await insertColumns(
  db,
  `insert into indicator (region_id, entity_kind, entity_id, industry_id, metric_id, period, period_start, period_end, value, unit)
   select r, 'region', r, i, ${outputMetric}, '${YEAR}', '${YEAR}-01-01', '${YEAR}-12-31', v, 'yuan'
   from unnest($1::int[], $2::int[], $3::float8[]) as t(r, i, v)`,
  [figRegion, figIndustry, figValue],
);
const generatedSeconds = (performance.now() - started) / 1000;

// Loading: the services' pass over the store into memory.
const loadStart = performance.now();
const ws = await loadChainWorkspace(db);
const loadMs = performance.now() - loadStart;
const generated = new Set(regionCodes.slice(1));
const scopes = [...regionId.entries()]
  .filter(([code]) => generated.has(code))
  .map(([, id]) => ws.regionIndex.get(id)!);

let checksum = 0;
const diagnoseAll = () => {
  let nodesSeen = 0;
  for (const index of scopes) {
    const scope = { kind: 'region' as const, index };
    for (const chain of ws.chains) {
      const d = diagnoseInWorkspace(ws, chain, scope);
      nodesSeen += d.nodes.length;
      checksum += d.completeness.nodes_present;
    }
    checksum += parkPerformanceAround(ws, scope).parks.length;
  }
  return nodesSeen;
};
diagnoseAll(); // warm-up: the first run also compiles
const times: number[] = [];
let nodeCount = 0;
for (let r = 0; r < runs; r++) {
  const t = performance.now();
  nodeCount = diagnoseAll();
  times.push(performance.now() - t);
}
const ms = median(times);
const pairs = scopes.length * ws.chains.length;
console.log(
  `workspace: ${scopes.length.toLocaleString()} regions, ${ws.parks.id.length} parks, ${ws.enterprises.id.length.toLocaleString()} enterprises, ` +
    `${ws.chains.reduce((n, c) => n + c.placements.enterprise.length, 0).toLocaleString()} placements, ${ws.purchases.supplier.length.toLocaleString()} supply links, ` +
    `${ws.chains.length} chains (generated and stored in ${generatedSeconds.toFixed(1)} s)`,
);
console.log(`loading into memory (loadChainWorkspace): ${formatMs(loadMs)}`);
console.log(
  `diagnostics, ${ws.chains.length} chains × ${scopes.length.toLocaleString()} regions = ${pairs.toLocaleString()} diagnoses (${nodeCount.toLocaleString()} node statuses) + park performance per region: ` +
    `median ${formatMs(ms)} of ${runs} runs (min ${formatMs(Math.min(...times))}; ${((ms / pairs) * 1000).toFixed(1)} µs a diagnosis); budget ${formatMs(BUDGET_MS)}: ${verdict(ms <= BUDGET_MS)}`,
);
console.log(`peak memory ${(peakResidentBytes() / 2 ** 20).toFixed(0)} MB; checksum ${checksum}`);
await store.close();
if (strict && ms > BUDGET_MS) process.exitCode = 1;
