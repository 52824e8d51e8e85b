/**
 * Project warning lights as data (data/governance/warning-lights.yaml): each rule gives a light (red,
 * amber) when its condition holds; a project takes the most severe light any rule gives, with the rule
 * that set it and the numbers it looked at. Progress against plan is time elapsed between the planned
 * start and due dates (the plan) against the share of planned investment completed (the actual).
 */
import { parseDocument } from 'yaml';
import { z } from 'zod';

export const LIGHTS = ['red', 'amber', 'green'] as const;
export type Light = (typeof LIGHTS)[number];

const conditionSchema = z.union([
  z.object({ not_started_months_after_start: z.number().int().min(0) }).strict(),
  z.object({ behind_plan_points_over: z.number().min(0).max(100) }).strict(),
  z.object({ past_due_days_over: z.number().int().min(0) }).strict(),
]);

const rulesSchema = z
  .object({
    version: z.number().int().min(1),
    rules: z
      .array(
        z
          .object({
            code: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case code'),
            light: z.enum(['red', 'amber']),
            label: z.string().min(1),
            when: conditionSchema,
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type LightRules = z.infer<typeof rulesSchema>;

export function parseLightRules(text: string, file: string): LightRules {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new Error(`${file}: not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`);
  const parsed = rulesSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String);
    const node = doc.getIn(path, true) as { range?: [number] } | undefined;
    const line = node?.range ? text.slice(0, node.range[0]).split('\n').length : undefined;
    throw new Error(`${file}${line ? `, line ${line}` : ''}: ${path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

export interface ProjectFacts {
  stage: string;
  start_date: string | null;
  due_date: string | null;
  planned_investment_yuan: number | null;
  completed_investment_yuan: number | null;
}

export interface ProjectLight {
  /** 'none': finished; 'unknown': no planned dates to check against (never shown green). */
  light: Light | 'none' | 'unknown';
  rule: string | null;
  reason: string;
  /** Plan and actual progress (0–100) and the gap, when they can be computed. */
  planned_progress: number | null;
  actual_progress: number | null;
  behind_plan_points: number | null;
}

const NOT_STARTED = new Set(['planned', 'signed', 'approved']);
const FINISHED = new Set(['completed', 'operating', 'cancelled']);
const DAY = 86_400_000;

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function projectLight(rules: LightRules, p: ProjectFacts, today: string): ProjectLight {
  let planned: number | null = null;
  if (p.start_date && p.due_date && p.due_date > p.start_date) {
    const share =
      (Date.parse(today) - Date.parse(p.start_date)) / (Date.parse(p.due_date) - Date.parse(p.start_date));
    planned = round1(Math.min(1, Math.max(0, share)) * 100);
  }
  const actual =
    p.planned_investment_yuan && p.planned_investment_yuan > 0 && p.completed_investment_yuan !== null
      ? round1(Math.min(1, p.completed_investment_yuan / p.planned_investment_yuan) * 100)
      : null;
  const behind = planned !== null && actual !== null ? round1(planned - actual) : null;
  const base = { planned_progress: planned, actual_progress: actual, behind_plan_points: behind };
  if (FINISHED.has(p.stage)) return { light: 'none', rule: null, reason: `project ${p.stage}`, ...base };
  let best: ProjectLight | null = null;
  for (const rule of rules.rules) {
    const w = rule.when;
    let reason: string | null = null;
    if ('not_started_months_after_start' in w) {
      const limit = p.start_date ? addMonths(p.start_date, w.not_started_months_after_start) : null;
      if (limit && NOT_STARTED.has(p.stage) && today > limit)
        reason = `stage ${p.stage} on ${today}, planned start ${p.start_date} (+${w.not_started_months_after_start} months = ${limit})`;
    } else if ('behind_plan_points_over' in w) {
      if (behind !== null && behind > w.behind_plan_points_over)
        reason = `${behind} points behind plan (plan ${planned} %, actual ${actual} %) > ${w.behind_plan_points_over}`;
    } else if (p.due_date) {
      const late = Math.floor((Date.parse(today) - Date.parse(p.due_date)) / DAY);
      if (late > w.past_due_days_over) reason = `${late} days past its due date ${p.due_date}`;
    }
    if (reason === null) continue;
    if (!best || LIGHTS.indexOf(rule.light) < LIGHTS.indexOf(best.light as Light))
      best = { light: rule.light, rule: rule.code, reason: `${rule.label}: ${reason}`, ...base };
  }
  if (best) return best;
  if (!p.start_date && !p.due_date)
    return { light: 'unknown', rule: null, reason: 'no planned start or due date to check against', ...base };
  return { light: 'green', rule: null, reason: 'no rule fires', ...base };
}
