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
