/**
 * Park performance around a scope (analytics/chain-park-performance.ts for the definitions): output and
 * tax per mu of every park it is compared with, their ranks, leading-industry concentration, and the
 * industrial concentration rate of the region the parks are in — computed from figures where the store
 * has them, else quoted from a document that states them.
 */
import {
  industrialConcentrationRate,
  parkPerformance,
  pooledLeadingIndustryConcentration,
} from '../../analytics/chain-diagnosis.ts';
import { industryValue } from './load-workspace.ts';
import { type ChainWorkspace, regionWithin, type ScopeRef, type StatedFigure } from './workspace.ts';

export type ParkPerformanceRow = {
  code: string;
  name_zh: string;
  name_en: string | null;
  output: number | null;
  output_metric: string | null;
  tax: number | null;
  period: string | null;
  land_mu: number | null;
  land_basis: 'developed' | 'planned' | null;
  output_per_mu: number | null;
  tax_per_mu: number | null;
  leading_industry_concentration: number | null;
  output_per_mu_rank: number | null;
  tax_per_mu_rank: number | null;
  /** Per-mu and concentration figures a document states for the park. */
  stated: StatedFigure[];
};

export type RateWithBasis = {
  value: number;
  basis: 'computed' | 'stated';
  /** The region (or parks) the rate is of. */
  of: string;
  evidence: StatedFigure | null;
  formula: string | null;
};

export type ParkPerformanceReport = {
  /** The region whose parks are compared (the scope region, or a park scope's province). */
  peer_region: { code: string; name_zh: string };
  /** The scope park, for a park scope. */
  park: ParkPerformanceRow | null;
  /** Parks compared: those with a per-mu figure first, by output per mu. */
  parks: ParkPerformanceRow[];
  ranked_by_output_per_mu: number;
  ranked_by_tax_per_mu: number;
  industrial_concentration: RateWithBasis | null;
  leading_industry_concentration: RateWithBasis | null;
  units: { output: 'yuan'; tax: 'yuan'; land: 'mu'; per_mu: 'yuan/mu' };
};

const STATED_PARK_METRICS = new Set([
  'tax_per_mu',
  'gdp_per_mu',
  'leading_industry_concentration',
  'industrial_concentration',
]);
const fraction = (f: StatedFigure) => (f.unit === 'percent' || f.unit === '%' ? f.value / 100 : f.value);
const orNull = (x: number) => (Number.isNaN(x) ? null : x);

export function parkPerformanceAround(ws: ChainWorkspace, scope: ScopeRef): ParkPerformanceReport {
  const { regions, parks } = ws;
  let peer = scope.kind === 'park' ? parks.region[scope.index]! : scope.index;
  if (scope.kind === 'park') {
    while (peer >= 0 && regions.parent[peer]! >= 0 && regions.level[regions.parent[peer]!] !== 'country') {
      peer = regions.parent[peer]!;
    }
  }
  const members: number[] = [];
  for (let p = 0; p < parks.id.length; p++)
    if (peer >= 0 && regionWithin(regions, parks.region[p]!, peer)) members.push(p);
  if (scope.kind === 'park' && !members.includes(scope.index)) members.push(scope.index);

  const m = members.length;
  const output = new Float64Array(m).fill(Number.NaN);
  const tax = new Float64Array(m).fill(Number.NaN);
  const landMu = new Float64Array(m);
  const leadingOutput = new Float64Array(m).fill(Number.NaN);
  const meta = members.map((p, k) => {
    const f = ws.parkFigures.get(parks.id[p]!);
    landMu[k] = parks.landMu[p]!;
    if (f?.output) output[k] = f.output.value;
    // Tax per mu is of the same year as output where both exist.
    if (f?.tax && (!f.output || f.tax.period === f.output.period)) tax[k] = f.tax.value;
    const breakdown = f?.output ? f.industries.get(f.output.metric) : undefined;
    if (
      breakdown &&
      f?.output &&
      breakdown.period === f.output.period &&
      parks.industry_codes[p]!.length > 0
    ) {
      const codes = parks.industry_codes[p]!.filter(
        (c, _, all) => !all.some((o) => o !== c && c.startsWith(o)),
      );
      let sum = 0;
      let any = false;
      for (const c of codes) {
        const v = industryValue(breakdown, c);
        if (!Number.isNaN(v)) {
          sum += v;
          any = true;
        }
      }
      if (any) leadingOutput[k] = sum;
    }
    return f;
  });
  const perf = parkPerformance({ output, tax, landMu, leadingOutput });
  const rows: ParkPerformanceRow[] = members.map((p, k) => {
    const f = meta[k];
    return {
      code: parks.code[p]!,
      name_zh: parks.name_zh[p]!,
      name_en: parks.name_en[p]!,
      output: orNull(output[k]!),
      output_metric: f?.output?.metric ?? null,
      tax: orNull(tax[k]!),
      period: f?.output?.period ?? f?.tax?.period ?? null,
      land_mu: orNull(landMu[k]!),
      land_basis: parks.landBasis[p]!,
      output_per_mu: orNull(perf.outputPerMu[k]!),
      tax_per_mu: orNull(perf.taxPerMu[k]!),
      leading_industry_concentration: orNull(perf.leadingIndustryConcentration[k]!),
      output_per_mu_rank: perf.outputPerMuRank[k]! || null,
      tax_per_mu_rank: perf.taxPerMuRank[k]! || null,
      stated: (f?.stated ?? []).filter((s) => STATED_PARK_METRICS.has(s.metric)),
    };
  });
  const ordered = [...rows].sort(
    (a, b) =>
      (a.output_per_mu_rank ?? Number.MAX_SAFE_INTEGER) - (b.output_per_mu_rank ?? Number.MAX_SAFE_INTEGER) ||
      a.code.localeCompare(b.code),
  );
  const park = scope.kind === 'park' ? (rows[members.indexOf(scope.index)] ?? null) : null;
  const peerCode = peer >= 0 ? regions.code[peer]! : '';

  // Industrial concentration: top-level parks' output over the region's, same metric and year.
  let industrial: RateWithBasis | null = null;
  const regionOutput = peer >= 0 ? ws.regionFigures.get(regions.id[peer]!)?.output : undefined;
  if (regionOutput) {
    let parksOutput = 0;
    let counted = 0;
    members.forEach((p, k) => {
      const f = meta[k]?.output;
      if (
        parks.parent[p] === -1 &&
        f &&
        f.metric === regionOutput.metric &&
        f.period === regionOutput.period
      ) {
        parksOutput += f.value;
        counted++;
      }
    });
    const rate = counted > 0 ? industrialConcentrationRate(parksOutput, regionOutput.value) : null;
    if (rate !== null) {
      industrial = {
        value: rate,
        basis: 'computed',
        of: peerCode,
        evidence: null,
        formula: `Σ parks' ${regionOutput.metric} ÷ ${peerCode}'s ${regionOutput.metric} (${regionOutput.period}) = ${parksOutput} ÷ ${regionOutput.value}; ${counted} parks with a figure`,
      };
    }
  }
  industrial ??= statedAbove(ws, scope, peer, ['industrial_concentration', 'parks_output_share']);
  let leading: RateWithBasis | null = null;
  const pooled = pooledLeadingIndustryConcentration({ output, tax, landMu, leadingOutput });
  if (pooled !== null) {
    leading = {
      value: pooled,
      basis: 'computed',
      of: peerCode,
      evidence: null,
      formula: 'Σ output of the parks’ leading industries (their industry codes) ÷ Σ their output',
    };
  }
  leading ??= statedAbove(ws, scope, peer, ['leading_industry_concentration']);
  return {
    peer_region: { code: peerCode, name_zh: peer >= 0 ? regions.name_zh[peer]! : '' },
    park,
    parks: ordered,
    ranked_by_output_per_mu: perf.rankedByOutput,
    ranked_by_tax_per_mu: perf.rankedByTax,
    industrial_concentration: industrial,
    leading_industry_concentration: leading,
    units: { output: 'yuan', tax: 'yuan', land: 'mu', per_mu: 'yuan/mu' },
  };
}

/** A rate a document states for the scope's region or one above it, up to the peer region. */
function statedAbove(
  ws: ChainWorkspace,
  scope: ScopeRef,
  peer: number,
  metrics: string[],
): RateWithBasis | null {
  let r = scope.kind === 'park' ? ws.parks.region[scope.index]! : scope.index;
  while (r >= 0) {
    const stated = ws.regionFigures.get(ws.regions.id[r]!)?.stated.find((s) => metrics.includes(s.metric));
    if (stated) {
      return {
        value: fraction(stated),
        basis: 'stated',
        of: ws.regions.code[r]!,
        evidence: stated,
        formula: null,
      };
    }
    if (r === peer) break;
    r = ws.regions.parent[r]!;
  }
  return null;
}
