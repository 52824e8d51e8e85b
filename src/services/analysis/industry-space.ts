/**
 * The industry space (the product space of Hidalgo, Klinger, Barabási & Hausmann 2007, on industries):
 * industries are nodes, linked by proximity — how often the regions that have one also have the other —
 * computed by the analytics engine from the store's region × industry figures of one metric and period
 * at one level. The network drawn is theirs: the maximum spanning tree of proximity (so every industry
 * is connected through its strongest links) plus every other link at or above a threshold. The region's
 * presence (LQ ≥ 1) marks the nodes it already has.
 */
import { ecomplexity } from '../../analytics/index.ts';
import type { Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';
import { AnalysisQueryError, RegionNotVisible } from './store-analyses.ts';

export interface IndustrySpaceQuery {
  metric: string;
  period: string;
  /** Links besides the spanning tree are kept at proximity ≥ this (Hidalgo et al. drew ≥ 0.55). */
  min_proximity?: number;
}

export async function industrySpace(
  db: Queryable,
  region: string,
  q: IndustrySpaceQuery,
  visibility?: Visibility,
) {
  const [place] = await db.query<{ id: number; level: string }>(
    'select id, level from region where code = $1',
    [region],
  );
  if (!place) throw new AnalysisQueryError(`no region ${region}`);
  if (visibility && !visibility.all && !visibility.regions.includes(Number(place.id))) {
    throw new RegionNotVisible(region);
  }
  const rows = await db.query<{ region: string; industry: string; value: number }>(
    `select r.code as region, ind.code as industry, i.value
     from indicator i join metric m on m.id = i.metric_id join region r on r.id = i.entity_id
     join industry ind on ind.id = i.industry_id
     where i.entity_kind = 'region' and m.code = $1 and i.period = $2 and r.level = $3 and i.scope = ''`,
    [q.metric, q.period, place.level],
  );
  if (rows.length === 0) {
    throw new AnalysisQueryError(
      `no ${q.metric} figures by industry for ${place.level}-level regions in ${q.period}`,
    );
  }
  const result = ecomplexity(
    {
      location: rows.map((r) => r.region),
      product: rows.map((r) => r.industry),
      value: Float64Array.from(rows, (r) => Number(r.value)),
    },
    { duplicates: 'sum' },
  );
  const period = result.periods[0];
  if (!period) throw new AnalysisQueryError(`no industry is present in any region in ${q.period}`);
  const { products, locations, proximity, rca, mcp, pci, ubiquity, density } = period;
  const n = products.length;
  const c = locations.indexOf(region);
  const nodes = products.map((industry, p) => ({
    industry,
    present: c >= 0 && mcp.data[c * n + p] === 1,
    location_quotient: c >= 0 ? rca.data[c * n + p]! : 0,
    density: c >= 0 ? density.data[c * n + p]! : 0,
    ubiquity: ubiquity[p]!,
    pci: pci[p]!,
  }));

  // Maximum spanning tree by Prim's algorithm on the dense proximity matrix (n is a few hundred at most).
  const phi = (p: number, k: number) => proximity.data[p * n + k]!;
  const links = new Map<string, { source: string; target: string; proximity: number; tree: boolean }>();
  const key = (a: number, b: number) => (a < b ? `${a}-${b}` : `${b}-${a}`);
  const inTree = new Uint8Array(n);
  const best = new Float64Array(n).fill(-1);
  const parent = new Int32Array(n).fill(-1);
  for (let added = 0; added < n; added++) {
    let next = -1;
    for (let p = 0; p < n; p++) if (!inTree[p] && (next < 0 || best[p]! > best[next]!)) next = p;
    inTree[next] = 1;
    const from = parent[next]!;
    // A node linked to nothing (proximity 0 to every industry in the tree) starts a new component.
    if (from >= 0 && best[next]! > 0) {
      links.set(key(from, next), {
        source: products[from]!,
        target: products[next]!,
        proximity: best[next]!,
        tree: true,
      });
    }
    for (let p = 0; p < n; p++) {
      if (!inTree[p] && phi(next, p) > best[p]!) {
        best[p] = phi(next, p);
        parent[p] = next;
      }
    }
  }
  const threshold = q.min_proximity ?? 0.55;
  for (let p = 0; p < n; p++) {
    for (let k = p + 1; k < n; k++) {
      if (phi(p, k) >= threshold && !links.has(key(p, k))) {
        links.set(key(p, k), {
          source: products[p]!,
          target: products[k]!,
          proximity: phi(p, k),
          tree: false,
        });
      }
    }
  }
  return {
    region,
    metric: q.metric,
    period: q.period,
    region_in_table: c >= 0,
    benchmark: `all ${place.level}-level regions with ${q.metric} by industry in ${q.period} (${locations.length} regions, ${n} industries)`,
    method: `proximity φ = min(P(i|j), P(j|i)) over the regions' presence (LQ ≥ 1) (Hidalgo et al. 2007); links: the maximum spanning tree of φ plus every link with φ ≥ ${threshold}`,
    nodes,
    links: [...links.values()],
  };
}
