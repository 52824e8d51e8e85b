/**
 * Targets against their figures: progress, the growth still required from the latest value, the trend's
 * forecast for the due date with an interval, and a status — with the method written in every answer.
 */
import { requiredAnnualGrowth, yearsBetween } from '../../analytics/growth.ts';
import {
  forecastTrend,
  type TargetStatus,
  type TrendForecast,
  targetStatus,
} from '../../analytics/target-forecast.ts';
import type { Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';
import { visibleFilter } from './common.ts';

export const REQUIRED_GROWTH_METHOD =
  'required CAGR = (target / latest value)^(1 / years) − 1, years from the end of the latest observed period to the end of the due period (365.2425-day years); the same from the previous phase target when there is one';
export const OBSERVATIONS_USED =
  'annual figures (period YYYY) of the same entity, metric, industry and default scope, in normalized units';

export interface TargetProgress {
  id: number;
  entity_kind: string;
  entity_code: string;
  metric: string;
  phase: string | null;
  due_period: string;
  due_end: string;
  target: number;
  unit: string;
  latest: { period: string; value: number; source: string | null } | null;
  /** Latest value over target (share, 1 = reached). */
  progress: number | null;
  required_annual_growth: number | null;
  previous_phase: { due_period: string; target: number; required_annual_growth: number | null } | null;
  forecast: Omit<TrendForecast, 'intervalLevel'> & { interval_level: number };
  status: TargetStatus;
  method: { required_growth: string; forecast: string; observations: string; status: string };
  source: string | null;
  quote: string | null;
}

const STATUS_METHOD =
  'achieved when the latest value reaches the target; on track when the forecast does; at risk when only the 80 % interval’s upper end does (or, without an interval, the forecast is within 5 % of it); off track otherwise; unknown without a forecast';

const asDate = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const timeOf = (date: string) => 1970 + yearsBetween('1970-01-01', date);

export async function targetProgress(
  db: Queryable,
  visibility: Visibility,
  filters: { id?: number; entity_code?: string; metric?: string } = {},
): Promise<TargetProgress[]> {
  const params: unknown[] = [filters.id ?? null, filters.entity_code ?? null, filters.metric ?? null];
  const visible = visibleFilter('targets', 't.id', visibility, params);
  const targets = await db.query<Record<string, unknown>>(
    `select t.id, t.entity_kind, t.entity_id, t.metric_id, t.industry_id, m.code as metric, t.value, t.unit, t.phase,
       t.due_period, t.due_end, t.source, t.quote,
       coalesce(er.code, ek.code, ec.code, ech.code, ee.credit_code, ee.name_zh) as entity_code
     from target t join metric m on m.id = t.metric_id
     left join region er on t.entity_kind = 'region' and er.id = t.entity_id
     left join park ek on t.entity_kind = 'park' and ek.id = t.entity_id
     left join cluster ec on t.entity_kind = 'cluster' and ec.id = t.entity_id
     left join chain ech on t.entity_kind = 'chain' and ech.id = t.entity_id
     left join enterprise ee on t.entity_kind = 'enterprise' and ee.id = t.entity_id
     where ($1::int is null or t.id = $1) and ($3::text is null or m.code = $3)
       and ($2::text is null or coalesce(er.code, ek.code, ec.code, ech.code, ee.credit_code, ee.name_zh) = $2)
       and ${visible}
     order by t.entity_kind, t.entity_id, m.code, t.due_end`,
    params as never[],
  );
  const out: TargetProgress[] = [];
  for (const t of targets) {
    const observations = await db.query<{
      period: string;
      period_end: unknown;
      value: number;
      source: string | null;
    }>(
      `select period, period_end, value, source from indicator
       where entity_kind = $1 and entity_id = $2 and metric_id = $3 and coalesce(industry_id, 0) = coalesce($4::int, 0)
         and scope = '' and period ~ '^[0-9]{4}$' order by period_end`,
      [t.entity_kind as string, t.entity_id as number, t.metric_id as number, t.industry_id as number | null],
    );
    const dueEnd = asDate(t.due_end);
    const target = Number(t.value);
    const last = observations.at(-1);
    const latest = last ? { period: last.period, value: Number(last.value), source: last.source } : null;
    const years = last ? yearsBetween(asDate(last.period_end), dueEnd) : 0;
    const forecast = forecastTrend(
      observations.map((o) => ({ t: timeOf(asDate(o.period_end)), value: Number(o.value) })),
      timeOf(dueEnd),
    );
    const previous = [...targets]
      .filter(
        (p) =>
          p.entity_kind === t.entity_kind &&
          String(p.entity_id) === String(t.entity_id) &&
          p.metric_id === t.metric_id &&
          String(p.industry_id) === String(t.industry_id) &&
          asDate(p.due_end) < dueEnd,
      )
      .at(-1);
    const { intervalLevel, ...trend } = forecast;
    out.push({
      id: Number(t.id),
      entity_kind: t.entity_kind as string,
      entity_code: t.entity_code as string,
      metric: t.metric as string,
      phase: (t.phase as string | null) ?? null,
      due_period: t.due_period as string,
      due_end: dueEnd,
      target,
      unit: t.unit as string,
      latest,
      progress: latest && target !== 0 ? latest.value / target : null,
      required_annual_growth: latest && years > 0 ? requiredAnnualGrowth(latest.value, target, years) : null,
      previous_phase: previous
        ? {
            due_period: previous.due_period as string,
            target: Number(previous.value),
            required_annual_growth: requiredAnnualGrowth(
              Number(previous.value),
              target,
              yearsBetween(asDate(previous.due_end), dueEnd),
            ),
          }
        : null,
      forecast: { ...trend, interval_level: intervalLevel },
      status: targetStatus(target, latest?.value ?? null, forecast),
      method: {
        required_growth: REQUIRED_GROWTH_METHOD,
        forecast: forecast.description,
        observations: OBSERVATIONS_USED,
        status: STATUS_METHOD,
      },
      source: (t.source as string | null) ?? null,
      quote: (t.quote as string | null) ?? null,
    });
  }
  return out;
}
