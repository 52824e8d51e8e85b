/** The answer of GET /api/analytics/specialization/:region (src/services/analysis/store-analyses.ts). */
export interface IndustrySpecialization {
  industry: string;
  value: number;
  location_quotient: number;
  present: boolean;
  density: number;
  pci: number;
  cog: number;
}

export interface Specialization {
  region: string;
  metric: string;
  period: string;
  benchmark: string;
  method: string;
  industries: IndustrySpecialization[];
}

/** One industry of GET /api/analytics/shift-share/:region (src/services/analysis/region-shift-share.ts). */
export interface ShiftShareIndustry {
  industry: string;
  start: number;
  end: number;
  change: number;
  national_growth: number;
  industry_mix: number;
  competitive: number;
}

export interface ShiftShareAnswer {
  region: string;
  metric: string;
  from: string;
  to: string;
  periods: string[];
  benchmark_growth: number;
  benchmark: string;
  method: string;
  totals: Omit<ShiftShareIndustry, 'industry' | 'start' | 'end'>;
  industries: ShiftShareIndustry[];
}

/** GET /api/analytics/industry-space/:region (src/services/analysis/industry-space.ts). */
export interface IndustrySpace {
  region: string;
  metric: string;
  period: string;
  region_in_table: boolean;
  benchmark: string;
  method: string;
  nodes: {
    industry: string;
    present: boolean;
    location_quotient: number;
    density: number;
    ubiquity: number;
    pci: number;
  }[];
  links: { source: string; target: string; proximity: number; tree: boolean }[];
}
