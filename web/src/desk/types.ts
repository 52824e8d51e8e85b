/** The shapes of the chain desk API (src/services/desk/), as the page reads them. */
export interface Named {
  code: string;
  name_zh: string;
  name_en: string | null;
}

export interface DeskScope extends Named {
  kind: 'region' | 'park';
  region_code: string;
}

export interface DeskSummary {
  code: string;
  chain: Named;
  scope: DeskScope;
  chief: { name: string; title: string | null } | null;
  editable: boolean;
}

export interface DeskPerson {
  kind: string;
  name: string;
  title: string | null;
  department: string | null;
  park_code: string | null;
  role: string | null;
  enterprise: { name_zh: string; name_en: string | null } | null;
  source: string | null;
  quote: string | null;
}

export interface Desk extends DeskSummary {
  chief: { name: string; title: string | null; source: string | null; quote: string | null } | null;
  deputies: DeskPerson[];
  office: DeskPerson[];
  chain_masters: DeskPerson[];
  partners: DeskPerson[];
  goals: { year: number; title: string; source: string | null; quote: string | null }[];
  note: string | null;
  source: string | null;
  quote: string | null;
}

export interface ChainMapNode {
  key: string;
  name_zh: string;
  name_en: string | null;
  position: string;
  stage: string | null;
  seq: number;
  suppliers: string[];
  status: 'strong' | 'present' | 'weak' | 'missing';
  reasons: string[];
  gap_side: 'upstream' | 'downstream' | 'unrelated' | null;
  enterprises: number;
  enterprise_names: string[];
  technologies: number;
  bottlenecks: number;
}

export interface ChainMapData {
  nodes: ChainMapNode[];
  completeness: { completeness: number; weighted_completeness: number };
  local_supporting_rate: { rate: number | null };
}

export interface Technology {
  code: string;
  name: string;
  trl: number | null;
  dependence: string | null;
  bottleneck: boolean;
  institutions: string[];
  note: string | null;
  source: string | null;
  quote: string | null;
  tasks: { year: number; title: string; owner: string | null; status: string }[];
}

export interface TechnologyMap {
  recorded: boolean;
  years: number[];
  institutions: string[];
  nodes: { key: string; name_zh: string; name_en: string | null; technologies: Technology[] }[];
}

export interface ApplicationMap {
  recorded: boolean;
  domains: {
    domain: string;
    node_name_zh: string | null;
    node_name_en: string | null;
    market_size: number | null;
    market_unit: string | null;
    market_year: number | null;
    source: string | null;
    quote: string | null;
  }[];
  downstream_nodes: { key: string; name_zh: string; name_en: string | null }[];
}

export interface RegionMap {
  centre: { lon: number; lat: number } | null;
  enterprises: {
    name_zh: string;
    name_en: string | null;
    node: string;
    node_name_zh: string;
    node_name_en: string | null;
    role: string;
    region_code: string;
    park_code: string | null;
  }[];
  neighbours: {
    code: string;
    name_zh: string;
    name_en: string | null;
    enterprises: number;
    nodes: string[];
  }[];
}

export interface AttractionMap {
  formula: string;
  route: {
    stop: number;
    code: string;
    name_zh: string;
    name_en: string | null;
    distance_km: number | null;
    targets: {
      kind: 'enterprise' | 'cluster';
      name: string;
      node: string;
      score: number | null;
      reasons: string[];
    }[];
  }[];
}

export type Cell = string | number | boolean | null;

export interface DeskList {
  list: string;
  columns: string[];
  rows: Record<string, Cell>[];
  total: number;
  totals: Record<string, number>;
}

export interface DeskDashboard {
  desk: string;
  chain: Named;
  scope: { kind: string; code: string; name_zh: string; name_en: string | null };
  chief: { name: string; title: string | null } | null;
  completeness: number;
  completeness_trend: { label: string; completeness: number }[];
  supporting_rate: number | null;
  projects_by_stage: Record<string, number>;
  open_problems: number;
  overdue_tasks: number;
  agenda: {
    kind: string;
    text: string;
    subject: string;
    subject_zh: string | null;
    owner: string | null;
    evidence: string | null;
  }[];
}
