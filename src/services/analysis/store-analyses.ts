/**
 * The analytics on data in the store: an indicator table by region × industry (employment, output, …)
 * for one metric and period becomes the long rows the analytics take. The benchmark for specialization
 * is every region of the same level that has figures for that metric and period.
 */
import { complexityRecords, ecomplexity, type LongTable } from '../../analytics/index.ts';
import type { Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';

export interface IndicatorTableQuery {
  metric: string;
  period: string;
  /** Which regions form the table: all regions of this level with figures (default: the level of `region`). */
  level?: 'country' | 'province' | 'prefecture' | 'county';
}

export class AnalysisQueryError extends Error {}

export class RegionNotVisible extends Error {
  constructor(region: string) {
    super(`no region ${region} among yours`);
  }
}

async function indicatorTable(
  db: Queryable,
  q: IndicatorTableQuery & { level: string },
): Promise<LongTable & { rows: number }> {
  const rows = await db.query<{ region: string; industry: string; value: number }>(
    `select r.code as region, ind.code as industry, i.value
     from indicator i join metric m on m.id = i.metric_id join region r on r.id = i.entity_id
     join industry ind on ind.id = i.industry_id
     where i.entity_kind = 'region' and m.code = $1 and i.period = $2 and r.level = $3 and i.scope = ''`,
    [q.metric, q.period, q.level],
  );
  if (rows.length === 0) {
    throw new AnalysisQueryError(
      `no ${q.metric} figures by industry for ${q.level}-level regions in ${q.period}`,
    );
  }
  return {
    location: rows.map((r) => r.region),
    product: rows.map((r) => r.industry),
    value: Float64Array.from(rows, (r) => Number(r.value)),
    rows: rows.length,
  };
}

async function levelOf(db: Queryable, region: string): Promise<string> {
  const [row] = await db.query<{ level: string }>('select level from region where code = $1', [region]);
  if (!row) throw new AnalysisQueryError(`no region ${region}`);
  return row.level;
}

/**
 * Location quotients of one region's industries (Balassa RCA on the region × industry table), with the
 * complexity columns py-ecomplexity adds: what the region is specialized in, and how related and
 * complex its other industries are.
 */
export async function regionSpecialization(
  db: Queryable,
  region: string,
  q: IndicatorTableQuery,
  visibility?: Visibility,
) {
  // The region's own figures must be the caller's to see; the benchmark is an aggregate of all regions.
  if (visibility && !visibility.all) {
    const [row] = await db.query<{ id: number }>('select id from region where code = $1', [region]);
    if (!row || !visibility.regions.includes(Number(row.id))) throw new RegionNotVisible(region);
  }
  const level = q.level ?? ((await levelOf(db, region)) as NonNullable<IndicatorTableQuery['level']>);
  const table = await indicatorTable(db, { ...q, level });
  const result = ecomplexity(table, { duplicates: 'sum' });
  const industries = [];
  for (const r of complexityRecords(result)) {
    if (r.location !== region) continue;
    industries.push({
      industry: r.product,
      value: r.value,
      location_quotient: r.rca,
      present: r.mcp === 1,
      density: r.density,
      pci: r.pci,
      cog: r.cog,
    });
  }
  if (industries.length === 0)
    throw new AnalysisQueryError(`region ${region} has no ${q.metric} figures in ${q.period}`);
  industries.sort((a, b) => b.location_quotient - a.location_quotient);
  return {
    region,
    metric: q.metric,
    period: q.period,
    benchmark: `all ${level}-level regions with ${q.metric} by industry in ${q.period} (${new Set(table.location as string[]).size} regions, ${table.rows} figures)`,
    method:
      'location quotient = (x_ri / x_r) / (x_i / x): Balassa (1965) RCA; presence at LQ ≥ 1; density, PCI and COG as py-ecomplexity defines them (Hidalgo & Hausmann 2009)',
    industries,
  };
}

/** Economic complexity of every region of a level: ECI with diversity, from one metric and period. */
export async function regionComplexity(db: Queryable, q: IndicatorTableQuery & { level: string }) {
  const table = await indicatorTable(db, q);
  const result = ecomplexity(table, { duplicates: 'sum' });
  const regions = new Map<string, { region: string; eci: number; diversity: number; coi: number }>();
  for (const r of complexityRecords(result)) {
    if (!regions.has(r.location))
      regions.set(r.location, { region: r.location, eci: r.eci, diversity: r.diversity, coi: r.coi });
  }
  return {
    metric: q.metric,
    period: q.period,
    level: q.level,
    method:
      'ECI as py-ecomplexity: eigenvector of the second-largest eigenvalue of M̃, sign so it correlates with diversity, standardized',
    omitted: result.omitted,
    regions: [...regions.values()].sort((a, b) => b.eci - a.eci),
  };
}
