/** What the governance API answers (src/api/routes/governance.ts), as the page reads it. */
export interface SchemeSummary {
  code: string;
  version: number;
  name_zh: string;
  name_en: string | null;
  grades: string[];
}

export interface GradingRun {
  id: number;
  scheme_code: string;
  scope_code: string;
  year: number;
  status: 'draft' | 'published' | 'final';
  objections_until: string | null;
  counts: Record<string, number>;
}

export interface GradeBucket {
  key: string | null;
  grades: Record<string, number>;
  total: number;
}

export interface GradingRunDetail extends GradingRun {
  scheme: {
    code: string;
    name_zh: string;
    name_en: string | null;
    source: { title: string; issuer: string; date: string; url: string };
    grades: string[];
    formulas: { above_size: string; below_size: string };
  };
  distribution: {
    overall: GradeBucket;
    by_park: GradeBucket[];
    by_chain: GradeBucket[];
    by_industry: GradeBucket[];
  };
}

export interface GradingResultRow {
  credit_code: string | null;
  name_zh: string;
  name_en: string | null;
  status: string;
  score: number | null;
  grade: string | null;
  rank: number | null;
  group_size: number | null;
  exemption: string | null;
  missing: string[];
}

export interface BreakdownItem {
  indicator: string;
  name_zh: string;
  value: number | null;
  benchmark: number | null;
  weight: number;
  points: number | null;
  state: string;
  formula: string;
}

export interface GradingResultDetail extends GradingResultRow {
  breakdown: {
    formula: string;
    items: BreakdownItem[];
    adjustment: number;
    score: number | null;
    missing: string[];
  };
}

export interface LandCriterion {
  criterion: string;
  committed: number | string;
  actual: number | string | null;
  shortfall: number | null;
  unit: string;
  met: boolean | null;
}

export interface LandContract {
  code: string;
  parcel_code: string;
  park_code: string;
  area_mu: number;
  enterprise: string | null;
  status: 'on_track' | 'in_default' | 'exempted';
  exemption_reason: string | null;
  checkpoints: { kind: string; due: string; status: string; criteria: LandCriterion[] }[];
}

export interface ProjectLightRow {
  code: string;
  name_zh: string;
  name_en: string | null;
  park_code: string | null;
  light: 'red' | 'amber' | 'green' | 'unknown' | 'none';
  rule: string | null;
  reason: string;
}

export interface ObjectionLog {
  objections: {
    id: number;
    credit_code: string | null;
    name_zh: string;
    name_en: string | null;
    filed_at: string;
    filed_by: string | null;
    text: string;
    status: 'open' | 'upheld' | 'rejected';
    resolved_at: string | null;
    resolved_by: string | null;
    resolution: string | null;
  }[];
  changes: {
    id: number;
    credit_code: string | null;
    name_zh: string;
    name_en: string | null;
    at: string;
    by_user: string | null;
    field: string;
    old_value: string | null;
    new_value: string | null;
    reason: string;
    objection_id: number | null;
  }[];
}

export interface PrescreenCriterion {
  criterion: 'investment_intensity' | 'tax_per_mu' | 'output_per_mu' | 'plot_ratio' | 'chain_fit';
  value: number | string | null;
  threshold: number | string | null;
  unit: string;
  result: 'pass' | 'fail' | 'no_threshold' | 'no_value';
  node_status?: string | null;
  gap_side?: string | null;
  enterprises_on_node?: number | null;
}

export interface PrescreenCard {
  park: { code: string; name_zh: string };
  thresholds_source: { source: string | null; quote: string | null };
  criteria: PrescreenCriterion[];
  passed: number;
  failed: number;
  unchecked: number;
  verdict: 'pass' | 'fail' | 'incomplete';
}
