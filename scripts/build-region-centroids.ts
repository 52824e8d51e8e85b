/**
 * data/reference/region-centroids.csv: a point for each province and prefecture of China, so that the
 * opportunities engine can weigh distance (docs/opportunities.md) and maps can place a region without
 * coordinates of its own. Counties borrow their prefecture's point (services/opportunities/common.ts).
 *
 * Source: the label point (`cp`) of each region in the map data the web app already ships,
 * web/public/geo/china.json and china-cities.json (Apache ECharts 4.9.0, Apache-2.0; the features' ids
 * are GB/T 2260 codes). The label point sits near the region's seat of government — what a delegation
 * would travel to — not at the polygon's geometric centroid.
 *
 * Run: npx tsx scripts/build-region-centroids.ts (after the geo files change).
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface Feature {
  id?: string | number;
  properties: { id?: string; name: string; cp?: [number, number] };
}

const read = (name: string) =>
  (
    JSON.parse(readFileSync(new URL(`../web/public/geo/${name}`, import.meta.url), 'utf8')) as {
      features: Feature[];
    }
  ).features;
/** code → level, from the gazetteer: a point is kept only for a region the store knows. */
const known = new Map(
  readFileSync(new URL('../data/reference/regions-cn.csv', import.meta.url), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.length > 0)
    .map((line) => [line.split(',')[0]!, line.split(',')[1]!] as const),
);

const rows = new Map<string, string>();
let skipped = 0;
// Municipalities appear in both files; the provinces' file comes last so its point wins for them.
for (const file of ['china-cities.json', 'china.json']) {
  for (const f of read(file)) {
    const code = String(f.properties.id ?? f.id ?? '');
    const cp = f.properties.cp;
    if (!known.has(code) || !cp) {
      skipped++;
      continue;
    }
    rows.set(code, `${code},${known.get(code)},${cp[0]},${cp[1]},${f.properties.name}`);
  }
}
const lines = ['code,level,lon,lat,map_name', ...[...rows.keys()].sort().map((code) => rows.get(code)!)];
writeFileSync(new URL('../data/reference/region-centroids.csv', import.meta.url), `${lines.join('\n')}\n`);
console.log(
  `region-centroids.csv: ${rows.size} regions; ${skipped} map features without a known code or point`,
);
