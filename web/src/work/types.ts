/** Shapes of the operations API (src/api/routes/operations.ts, src/services/operations/) the work views read. */
export const TASK_STATUSES = ['not_started', 'on_track', 'at_risk', 'overdue', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface KeyTask {
  code: string;
  plan_code: string;
  year: number | null;
  title: string;
  owner_department: string | null;
  lead_official: string | null;
  due_date: string | null;
  last_review: { reviewed_on: string; status: string; progress: number | null; note: string | null } | null;
  status: TaskStatus;
}

export interface TaskReview {
  task_code: string;
  reviewed_on: string;
  status: string;
  progress: number | string | null;
  note: string | null;
  evidence: string | null;
  source: string | null;
}

export interface PipelineBucket {
  key: string | null;
  projects: number;
  planned_investment_yuan: number;
  completed_investment_yuan: number;
}

export interface Pipeline {
  total: PipelineBucket;
  by_stage: PipelineBucket[];
  by_chain: PipelineBucket[];
  by_park: PipelineBucket[];
  blocked_or_stalled: {
    code: string;
    name_zh: string;
    park_code: string | null;
    stage: string;
    stage_since: string | null;
    blockers: string | null;
  }[];
  stalled_after_days: number;
}

export interface Project {
  code: string;
  name_zh: string;
  name_en: string | null;
  park_code: string | null;
  chain_code: string | null;
  stage: string;
  planned_investment_yuan: number | string | null;
  source: string | null;
  quote: string | null;
  document_title: string | null;
}

export interface ServiceRequestRow {
  code: string;
  enterprise_name: string;
  park_code: string | null;
  category: string;
  text: string;
  department: string | null;
  filed_on: string | null;
  deadline: string | null;
  status: string;
  response: string | null;
  source: string | null;
  quote: string | null;
}

export interface ServiceRequestThread extends ServiceRequestRow {
  overdue: boolean;
  escalation_level: number;
  events: {
    at: string;
    kind: string;
    actor: string | null;
    department: string | null;
    text: string | null;
  }[];
}

export interface Notification {
  id: number;
  at: string;
  kind: string;
  entity: string;
  entity_code: string | null;
  message: string;
  department: string | null;
  park_code: string | null;
  read_at: string | null;
}
