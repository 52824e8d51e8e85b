/**
 * What one row of each importable kind must look like (docs/import-formats.md is the user's version of
 * this file). Shape only: whether a code refers to something that exists is checked by the import
 * service against the store.
 */
import { z } from 'zod';
import {
  code,
  day,
  fraction,
  list,
  nonNegative,
  number,
  oneOf,
  opt,
  optBool,
  optCode,
  optCreditCode,
  optDay,
  optNonNegative,
  optNumber,
  optPeriod,
  optText,
  period,
  text,
  year,
} from './fields.ts';
import * as V from './vocabulary.ts';

const provenance = { source: optText(), quote: optText() };

export const regionRow = z.object({
  code: code(),
  level: oneOf(V.REGION_LEVELS),
  parent_code: optCode(),
  name_zh: text(),
  name_en: optText(),
  lon: optNumber(),
  lat: optNumber(),
  ...provenance,
});

export const parkRow = z.object({
  code: code(),
  region_code: code(),
  name_zh: text(),
  name_en: optText(),
  kind: opt(oneOf(V.PARK_KINDS)),
  level: opt(oneOf(V.PARK_LEVELS)),
  planned_area_ha: optNonNegative(),
  planned_area_mu: optNonNegative(),
  available_area_ha: optNonNegative(),
  available_area_mu: optNonNegative(),
  leading_industries: list(),
  industry_codes: list(),
  parent_park_code: optCode(),
  ...provenance,
});

export const clusterRow = z.object({
  code: code(),
  name_zh: text(),
  name_en: optText(),
  region_code: optCode(),
  park_code: optCode(),
  tier: opt(oneOf(V.CLUSTER_TIERS)),
  chain_codes: list(),
  description: optText(),
  ...provenance,
});

export const chainNodeRow = z.object({
  code: code(),
  name_zh: text(),
  name_en: optText(),
  position: oneOf(V.CHAIN_POSITIONS),
  stage: opt(oneOf(V.SMILE_STAGES)),
  industry_codes: list(),
  hs_codes: list(),
  /** Typical products of the segment, for people and for matching figures stated per product. */
  key_products: list(),
});

export const chainRow = z.object({
  code: code(),
  version: optNumber(),
  name_zh: text(),
  name_en: optText(),
  description: optText(),
  sources: z.array(z.unknown()).optional(),
  nodes: z.array(z.unknown(), { error: 'a list of nodes' }),
  edges: z.array(z.unknown(), { error: 'a list of edges' }).optional(),
  ...provenance,
});

/** `share`: the part of `to`'s purchased inputs that comes from `from` (0–1), where it is known. */
export const chainEdgeRow = z.object({ from: code(), to: code(), share: opt(fraction()) });

export const enterpriseRow = z.object({
  credit_code: optCreditCode(),
  name_zh: text(),
  name_en: optText(),
  region_code: code(),
  park_code: optCode(),
  industry_code: optCode(),
  size_class: opt(oneOf(V.SIZE_CLASSES)),
  above_designated_size: optBool(),
  high_tech: optBool(),
  listed: optBool(),
  year: opt(year()),
  revenue: optNonNegative(),
  tax: optNonNegative(),
  output_value: optNonNegative(),
  employees: optNonNegative(),
  land_area_mu: optNonNegative(),
  money_unit: optText(),
  ...provenance,
});

export const enterpriseNodeRow = z.object({
  enterprise_credit_code: optCreditCode(),
  enterprise_name: optText(),
  region_code: optCode(),
  chain_code: code(),
  node_code: code(),
  role: opt(oneOf(V.ENTERPRISE_ROLES)),
  ...provenance,
});

export const supplyLinkRow = z.object({
  supplier_credit_code: optCreditCode(),
  supplier_name: optText(),
  supplier_region_code: optCode(),
  buyer_credit_code: optCreditCode(),
  buyer_name: optText(),
  buyer_region_code: optCode(),
  year: year(),
  value: optNonNegative(),
  unit: optText(),
  chain_code: optCode(),
  node_code: optCode(),
  ...provenance,
});

export const metricRow = z.object({
  code: code(),
  name_zh: text(),
  name_en: optText(),
  unit: text(),
  description: optText(),
  ...provenance,
});

export const indicatorRow = z.object({
  entity_kind: oneOf(V.ENTITY_KINDS),
  entity_code: text(),
  region_code: optCode(),
  industry_code: optCode(),
  metric: code(),
  period: period(),
  value: number(),
  unit: text(),
  scope: optText(),
  note: optText(),
  ...provenance,
});

export const targetRow = z.object({
  entity_kind: oneOf(V.ENTITY_KINDS),
  entity_code: text(),
  region_code: optCode(),
  industry_code: optCode(),
  metric: code(),
  value: number(),
  unit: text(),
  due_period: period(),
  phase: optText(),
  baseline_value: optNumber(),
  baseline_period: optPeriod(),
  note: optText(),
  ...provenance,
});

export const planRow = z.object({
  code: code(),
  name_zh: text(),
  name_en: optText(),
  region_code: optCode(),
  park_code: optCode(),
  period: optPeriod(),
  issued_by: optText(),
  issued_on: optDay(),
  ...provenance,
});

export const actionRow = z.object({
  plan_code: code(),
  code: code(),
  seq: optNumber(),
  name_zh: text(),
  name_en: optText(),
  ...provenance,
});

export const taskRow = z.object({
  code: code(),
  plan_code: code(),
  action_code: optCode(),
  year: opt(year()),
  title: text(),
  owner_department: optText(),
  lead_official: optText(),
  due_date: optDay(),
  target_metric: optText(),
  target_value: optNumber(),
  target_unit: optText(),
  measures: optText(),
  /** The chain the task serves, where the list names one (a chain desk lists its chain's tasks). */
  chain_code: optCode(),
  ...provenance,
});

export const taskReviewRow = z.object({
  task_code: code(),
  reviewed_on: day(),
  status: oneOf(V.REVIEW_STATUSES),
  progress: opt(
    number('a percentage 0–100').pipe(z.number().min(0, 'a percentage 0–100').max(100, 'a percentage 0–100')),
  ),
  note: optText(),
  evidence: optText(),
  ...provenance,
});

export const projectRow = z.object({
  code: code(),
  name_zh: text(),
  name_en: optText(),
  park_code: optCode(),
  region_code: optCode(),
  investor_credit_code: optCreditCode(),
  investor_name: optText(),
  chain_code: optCode(),
  node_code: optCode(),
  planned_investment: optNonNegative(),
  completed_investment: optNonNegative(),
  money_unit: optText(),
  stage: opt(oneOf(V.PROJECT_STAGES)),
  start_date: optDay(),
  due_date: optDay(),
  phase: optText(),
  /** What holds the project up (land, approvals, financing …); empty means nothing. */
  blockers: optText(),
  /** Since when the project sits in its stage; when not given, kept while the stage is unchanged, else the import's date. */
  stage_since: optDay(),
  ...provenance,
});

export const landParcelRow = z.object({
  code: code(),
  park_code: code(),
  name: optText(),
  area_mu: optNonNegative(),
  area_ha: optNonNegative(),
  status: oneOf(V.LAND_STATUSES),
  infrastructure_ready: optBool(),
  /** Readiness of each utility ("seven connections and one levelling" checks, 七通一平). */
  road_ready: optBool(),
  water_ready: optBool(),
  power_ready: optBool(),
  gas_ready: optBool(),
  network_ready: optBool(),
  buyer_credit_code: optCreditCode(),
  project_code: optCode(),
  intended_use: optText(),
  sold_on: optDay(),
  holder_name: optText(),
  note: optText(),
  ...provenance,
});

/**
 * A standard-land contract (标准地出让合同) on a parcel: what the buyer committed to per mu and by when
 * (services/governance/standard-land.ts checks it). Amounts per mu are in `money_unit` (default yuan);
 * what happened later (start, completion, exemption) is recorded through the API, never by an import.
 */
export const standardLandContractRow = z.object({
  code: code(),
  parcel_code: code(),
  enterprise_credit_code: optCreditCode(),
  enterprise_name: optText(),
  project_code: optCode(),
  investment_per_mu: optNonNegative(),
  tax_per_mu: optNonNegative(),
  output_per_mu: optNonNegative(),
  money_unit: optText(),
  plot_ratio: optNonNegative(),
  start_due: optDay(),
  completion_due: optDay(),
  full_output_due: optDay(),
  ...provenance,
});

export const incentiveRow = z.object({
  code: code(),
  granting_level: oneOf(V.GRANTING_LEVELS),
  granting_region_code: optCode(),
  recipient_kind: opt(oneOf(V.RECIPIENT_KINDS)),
  recipient_code: optText(),
  kind: oneOf(V.INCENTIVE_KINDS),
  amount: nonNegative(),
  money_unit: optText(),
  period: optPeriod(),
  granted_on: optDay(),
  purpose: optText(),
  ...provenance,
});

export const serviceRequestRow = z.object({
  code: code(),
  enterprise_credit_code: optCreditCode(),
  enterprise_name: optText(),
  region_code: optCode(),
  park_code: optCode(),
  category: text(),
  text: text(),
  department: optText(),
  filed_on: optDay(),
  deadline: optDay(),
  status: opt(oneOf(V.REQUEST_STATUSES)),
  response: optText(),
  /** The chain the request concerns, where the record names one (a chain desk lists its chain's requests). */
  chain_code: optCode(),
  ...provenance,
});

export const enclaveAgreementRow = z.object({
  code: code(),
  name: optText(),
  home_region_code: code(),
  host_region_code: code(),
  park_code: optCode(),
  period: optPeriod(),
  tax_share_home: opt(fraction()),
  output_share_home: opt(fraction()),
  gdp_share_home: opt(fraction()),
  note: optText(),
  ...provenance,
});

export const documentRow = z.object({
  code: code(),
  title: text(),
  language: oneOf(V.LANGUAGES),
  publisher: optText(),
  published_on: optDay(),
  url: optText(),
  file: optText(),
  region_code: optCode(),
  ...provenance,
});

export const problemRow = z.object({
  code: code(),
  title: text(),
  description: optText(),
  category: opt(oneOf(V.PROBLEM_CATEGORIES)),
  region_code: optCode(),
  park_code: optCode(),
  chain_code: optCode(),
  node_code: optCode(),
  period: optPeriod(),
  status: opt(oneOf(V.PROBLEM_STATUSES)),
  ...provenance,
});

/** Every importable kind, in the order a full workspace loads (later kinds refer to earlier ones). */
export const IMPORT_ROW_SCHEMAS = {
  documents: documentRow,
  regions: regionRow,
  metrics: metricRow,
  parks: parkRow,
  chains: chainRow,
  clusters: clusterRow,
  enterprises: enterpriseRow,
  enterprise_nodes: enterpriseNodeRow,
  supply_links: supplyLinkRow,
  indicators: indicatorRow,
  targets: targetRow,
  plans: planRow,
  actions: actionRow,
  tasks: taskRow,
  task_reviews: taskReviewRow,
  projects: projectRow,
  land_parcels: landParcelRow,
  standard_land_contracts: standardLandContractRow,
  incentives: incentiveRow,
  service_requests: serviceRequestRow,
  enclave_agreements: enclaveAgreementRow,
  problems: problemRow,
} as const;

export type ImportKind = keyof typeof IMPORT_ROW_SCHEMAS;
export const IMPORT_KINDS = Object.keys(IMPORT_ROW_SCHEMAS) as ImportKind[];
export type ImportRow<K extends ImportKind> = z.output<(typeof IMPORT_ROW_SCHEMAS)[K]>;

export function isImportKind(value: string): value is ImportKind {
  return Object.hasOwn(IMPORT_ROW_SCHEMAS, value);
}
