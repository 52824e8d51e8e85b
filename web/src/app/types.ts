/** The rows the API answers, as far as the pages read them (see src/services/catalog.ts). */
export interface Provenance {
  source: string | null;
  quote: string | null;
  document_code: string | null;
  document_title: string | null;
}

export interface Region {
  code: string;
  level: string;
  name_zh: string;
  name_en: string | null;
  parent_code: string | null;
}

export interface Indicator extends Provenance {
  id: number;
  entity_kind: string;
  entity_code: string;
  entity_name: string;
  region_code: string | null;
  metric: string;
  metric_name: string;
  period: string;
  period_end: string;
  scope: string;
  value: number;
  unit: string;
  value_original: number;
  unit_original: string;
}

export interface Metric {
  code: string;
  name_zh: string;
  name_en: string | null;
  unit: string;
}

export interface Target extends Provenance {
  id: number;
  entity_code: string;
  region_code: string | null;
  metric: string;
  value: number;
  unit: string;
  due_period: string;
  phase: string | null;
  baseline_value: number | null;
}

export interface Park extends Provenance {
  code: string;
  name_zh: string;
  name_en: string | null;
  kind: string;
  level: string | null;
  region_code: string;
  region_name: string;
  parent_park_code: string | null;
  planned_area_ha: number | null;
  planned_area_mu: number | null;
  available_area_ha: number | null;
  available_area_mu: number | null;
  leading_industries: string[];
}

export interface LandParcel extends Provenance {
  code: string;
  park_code: string;
  name: string | null;
  area_mu: number;
  area_ha: number;
  status: string;
}

export interface Chain {
  code: string;
  name_zh: string;
  name_en: string | null;
}

export interface ChainNode {
  chain_code: string;
  code: string;
  name_zh: string;
  name_en: string | null;
  position: string;
  stage: string | null;
  seq: number;
  suppliers: string[];
}

export type NodeStatus = 'strong' | 'present' | 'weak' | 'missing';

export interface DiagnosedNode {
  key: string;
  name_zh: string;
  name_en: string | null;
  position: string;
  stage: string | null;
  status: NodeStatus;
  reasons: string[];
  gap_side: 'upstream' | 'downstream' | 'unrelated' | null;
  enterprises: number;
  enterprise_names: string[];
}

export interface Diagnosis {
  chain: Chain;
  scope: { kind: string; code: string; name_zh: string; name_en: string | null };
  nodes: DiagnosedNode[];
  completeness: { completeness: number; nodes_total: number; nodes_present: number };
  coverage: { by_position: { position: string; nodes: number; present: number; coverage: number | null }[] };
  local_supporting_rate: { rate: number | null; note?: string };
  dependence: { flagged: boolean; summary: string | null };
  gaps: { downstream: { key: string }[] };
}

export interface ImportIssue {
  file: string;
  row: number;
  column?: string;
  value?: unknown;
  expected: string;
}

export interface ImportSummary {
  file: string;
  kind: string;
  rows: number;
  inserted: number;
  updated: number;
  dryRun?: boolean;
}
