/**
 * Why a region's industries grew: the shift-share decomposition (src/analytics/growth.ts) on the store's
 * region × industry figures of one metric at two periods. The "nation" is every region of the same level
 * with figures by industry at both periods (the same benchmark specialization uses), so the three effects
 * say how the region did against its peers, not against China; the answer names that benchmark.
 */
import { matrix, shiftShare } from '../../analytics/index.ts';
import type { Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';
import { AnalysisQueryError, RegionNotVisible } from './store-analyses.ts';

export interface ShiftShareQuery {
  metric: string;
  /** The start period; default: the earliest with figures by industry for the region. */
  from?: string;
  /** The end period; default: the latest. */
  to?: string;
}

interface Figure {
  region: string;
  industry: string;
  period: string;
  value: number;
}

export async function regionShiftShare(
  db: Queryable,
  region: string,
  q: ShiftShareQuery,
  visibility?: Visibility,
) {
  const [place] = await db.query<{ id: number; level: string }>(
    'select id, level from region where code = $1',
    [region],
  );
  if (!place) throw new AnalysisQueryError(`no region ${region}`);
  // The region's own figures must be the caller's to see; the benchmark is an aggregate of its peers.
  if (visibility && !visibility.all && !visibility.regions.includes(Number(place.id))) {
    throw new RegionNotVisible(region);
  }
  const rows = await db.query<Figure>(
    `select r.code as region, ind.code as industry, i.period, i.value
     from indicator i join metric m on m.id = i.metric_id join region r on r.id = i.entity_id
     join industry ind on ind.id = i.industry_id
     where i.entity_kind = 'region' and m.code = $1 and r.level = $2 and i.scope = ''`,
    [q.metric, place.level],
  );
  const own = [...new Set(rows.filter((r) => r.region === region).map((r) => r.period))].sort();
  if (own.length < 2 && !(q.from && q.to)) {
    throw new AnalysisQueryError(
      `region ${region} has ${q.metric} figures by industry for ${own.length} period(s) (${own.join(', ') || 'none'}); a shift-share needs two`,
    );
  }
  const from = q.from ?? own[0]!;
  const to = q.to ?? own.at(-1)!;
  if (from >= to) throw new AnalysisQueryError(`the start period ${from} must come before the end ${to}`);

  // Regions with figures at both periods; industries any of them has at either.
  const at = (period: string) => rows.filter((r) => r.period === period);
  const startRows = at(from);
  const endRows = at(to);
  const inBoth = new Set(startRows.map((r) => r.region));
  const regions = [...new Set(endRows.map((r) => r.region))].filter((r) => inBoth.has(r)).sort();
  if (!regions.includes(region)) {
    throw new AnalysisQueryError(
      `region ${region} has no ${q.metric} figures by industry in both ${from} and ${to}`,
    );
  }
  const regionIndex = new Map(regions.map((r, i) => [r, i]));
  const industries = [
    ...new Set([...startRows, ...endRows].filter((r) => regionIndex.has(r.region)).map((r) => r.industry)),
  ].sort();
  const industryIndex = new Map(industries.map((x, i) => [x, i]));
  const fill = (figures: Figure[]) => {
    const m = matrix(regions.length, industries.length);
    for (const f of figures) {
      const r = regionIndex.get(f.region);
      if (r === undefined) continue;
      // Figures of one region, industry and period under several units or notes add up, as specialization does.
      m.data[r * industries.length + industryIndex.get(f.industry)!]! += Number(f.value);
    }
    return m;
  };
  const start = fill(startRows);
  const end = fill(endRows);
  const result = shiftShare(start, end);
  const r = regionIndex.get(region)!;
  const cell = (m: { data: Float64Array }, i: number) => m.data[r * industries.length + i]!;
  const totalStart = start.data.reduce((a, b) => a + b, 0);
  const totalEnd = end.data.reduce((a, b) => a + b, 0);
  const byIndustry = industries
    .map((industry, i) => ({
      industry,
      start: cell(start, i),
      end: cell(end, i),
      change: cell(result.change, i),
      national_growth: cell(result.nationalGrowth, i),
      industry_mix: cell(result.industryMix, i),
      competitive: cell(result.competitive, i),
    }))
    .filter((x) => x.start !== 0 || x.end !== 0)
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
  const sum = (key: 'change' | 'national_growth' | 'industry_mix' | 'competitive') =>
    byIndustry.reduce((a, x) => a + x[key], 0);
  return {
    region,
    metric: q.metric,
    from,
    to,
    periods: own,
    benchmark_growth: totalEnd / totalStart - 1,
    benchmark: `all ${place.level}-level regions with ${q.metric} by industry in both ${from} and ${to} (${regions.length} regions, ${industries.length} industries)`,
    method:
      'classic shift-share (Dunn 1960): change = e⁰·G (benchmark growth) + e⁰·(gᵢ − G) (industry mix) + e⁰·(gᵣᵢ − gᵢ) (competitive), the competitive effect taken as the remainder so the three add up',
    totals: {
      change: sum('change'),
      national_growth: sum('national_growth'),
      industry_mix: sum('industry_mix'),
      competitive: sum('competitive'),
    },
    industries: byIndustry,
  };
}
