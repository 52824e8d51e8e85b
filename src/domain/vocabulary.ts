/** The domain's closed vocabularies, shared by the schema checks in SQL, the import rows and the API. */
export const REGION_LEVELS = ['country', 'province', 'prefecture', 'county'] as const;
export const PARK_KINDS = [
  'economic_development_zone',
  'high_tech_zone',
  'industrial_park',
  'characteristic_town',
  'free_trade_zone',
  'other',
] as const;
export const PARK_LEVELS = ['national', 'provincial', 'municipal', 'county', 'other'] as const;
export const CLUSTER_TIERS = [
  'world_class',
  'national',
  'provincial',
  'emerging',
  'traditional',
  'other',
] as const;
export const CHAIN_POSITIONS = ['upstream', 'midstream', 'downstream'] as const;
export const SMILE_STAGES = [
  'rnd',
  'design',
  'materials',
  'components',
  'assembly',
  'distribution',
  'services',
] as const;
export const SIZE_CLASSES = ['large', 'medium', 'small', 'micro'] as const;
export const ENTERPRISE_ROLES = ['leader', 'supporting', 'member'] as const;
export const ENTITY_KINDS = ['region', 'park', 'cluster', 'chain', 'enterprise'] as const;
export const REVIEW_STATUSES = ['not_started', 'in_progress', 'done', 'blocked'] as const;
export const PROJECT_STAGES = [
  'planned',
  'signed',
  'approved',
  'under_construction',
  'completed',
  'operating',
  'cancelled',
] as const;
export const LAND_STATUSES = [
  'raw',
  'standard_ready',
  'sold',
  'in_use',
  'idle',
  'inefficient',
  'revitalized',
] as const;
export const GRANTING_LEVELS = ['central', 'province', 'city', 'district', 'county', 'park'] as const;
export const RECIPIENT_KINDS = ['enterprise', 'park', 'project', 'parks'] as const;
export const INCENTIVE_KINDS = [
  'subsidy',
  'award',
  'special_fund',
  'special_bond',
  'tax_rebate',
  'loan_interest',
  'other',
] as const;
export const REQUEST_STATUSES = ['open', 'routed', 'answered', 'closed'] as const;
export const LANGUAGES = ['zh', 'en', 'fr', 'ar', 'bg'] as const;
export const PROBLEM_CATEGORIES = [
  'structure',
  'institutions',
  'land',
  'finance',
  'talent',
  'business_environment',
  'innovation',
  'dependence',
  'missing_link',
  'other',
] as const;
export const PROBLEM_STATUSES = ['open', 'addressed'] as const;

export type EntityKind = (typeof ENTITY_KINDS)[number];
