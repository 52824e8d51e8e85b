/**
 * `chainatlas ops …`: operations from the command line — the sweep (escalation and notifications), targets,
 * key-task summaries, the project pipeline, land and incentive totals, request statistics. Each goes through
 * the running server's API when one owns the store, else calls services/operations directly.
 */
import type { Command } from 'commander';
import type { Config } from '../../config.ts';
import type { Visibility } from '../../services/accounts/subject.ts';
import type { Actor } from '../../services/audit.ts';
import { systemClock } from '../../services/operations/common.ts';
import { incentiveTotals, landTotals, projectPipeline } from '../../services/operations/ledgers.ts';
import { serviceRequestStatistics } from '../../services/operations/service-requests.ts';
import { runOperationsSweep } from '../../services/operations/sweep.ts';
import { targetProgress } from '../../services/operations/targets.ts';
import { taskSummary } from '../../services/operations/tasks.ts';
import type { Db } from '../../store/db.ts';
import { remoteJson } from '../remote.ts';
import { accessStore } from '../store-access.ts';

const CLI_ACTOR: Actor = { userId: null, name: 'cli' };
const EVERYTHING: Visibility = { all: true, regions: [], parks: [], enterprises: [], departments: [] };
const today = () => systemClock().toISOString().slice(0, 10);
const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)} %`;

export function addOpsCommands(
  program: Command,
  deps: {
    config: () => Config;
    log: (line: string) => void;
    print: (json: boolean | undefined, value: unknown, text: string) => void;
  },
) {
  /** Runs `local` on the store, or GETs/POSTs `path` from the server that owns it. */
  async function run<T>(path: string, method: 'GET' | 'POST', local: (db: Db) => Promise<T>): Promise<T> {
    const access = await accessStore(deps.config(), deps.log);
    if (access.mode === 'remote')
      return remoteJson<T>(access.remote, path, method, method === 'POST' ? {} : undefined);
    try {
      return await local(access.store.db);
    } finally {
      await access.store.close();
    }
  }
  const query = (values: Record<string, string | undefined>) => {
    const q = new URLSearchParams(Object.entries(values).filter((e): e is [string, string] => !!e[1]));
    return q.size ? `?${q}` : '';
  };

  const ops = program
    .command('ops')
    .description('operations: requests, tasks, targets, projects, land, incentives');
  ops
    .command('sweep')
    .description('escalate overdue service requests; notify overdue tasks and stalled projects (idempotent)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const result = await run('/api/ops/sweep', 'POST', (db) =>
        runOperationsSweep(db, CLI_ACTOR, systemClock),
      );
      deps.print(
        opts.json,
        result,
        `escalated ${result.escalated.length} request(s); notified ${result.notified.task_overdue} overdue task(s), ${result.notified.project_stalled} stalled project(s)`,
      );
    });
  ops
    .command('targets')
    .description('targets: progress, required CAGR, forecast and status (with the method)')
    .option('--entity <code>', 'region, park, cluster or chain code, or credit code')
    .option('--metric <code>', 'metric code')
    .option('--json', 'machine-readable output')
    .action(async (opts: { entity?: string; metric?: string; json?: boolean }) => {
      const { items } = await run(
        `/api/ops/targets${query({ entity_code: opts.entity, metric: opts.metric })}`,
        'GET',
        async (db) => ({
          items: await targetProgress(db, EVERYTHING, { entity_code: opts.entity, metric: opts.metric }),
        }),
      );
      const lines = items.map(
        (t) =>
          `${t.entity_code} ${t.metric} ${t.target} ${t.unit} by ${t.due_period}: latest ${t.latest ? `${t.latest.value} (${t.latest.period})` : '—'}, required ${pct(t.required_annual_growth)}/year, forecast ${t.forecast.value ?? '—'} [${t.forecast.method}], ${t.status}`,
      );
      deps.print(opts.json, items, lines.join('\n') || 'no targets');
    });
  ops
    .command('tasks')
    .description('key tasks per year: recorded and reported counts, completion rates')
    .option('--plan <code>', 'plan code')
    .option('--region <code>', 'region code (adds the counts its reports state)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { plan?: string; region?: string; json?: boolean }) => {
      const { years } = await run(
        `/api/ops/tasks/summary${query({ plan_code: opts.plan, region_code: opts.region })}`,
        'GET',
        async (db) => ({
          years: await taskSummary(db, EVERYTHING, today(), {
            plan_code: opts.plan,
            region_code: opts.region,
          }),
        }),
      );
      const lines = years.map(
        (y) =>
          `${y.year}: recorded ${y.recorded.tasks} (done ${pct(y.recorded.completion_rate)}, overdue ${y.recorded.overdue})${y.reported ? `; reported ${y.reported.tasks ?? '—'} (done ${pct(y.reported.completion_rate)})` : ''}`,
      );
      deps.print(opts.json, years, lines.join('\n') || 'no tasks');
    });
  ops
    .command('pipeline')
    .description('project pipeline totals by stage, chain and park')
    .option('--park <code>')
    .option('--chain <code>')
    .option('--json', 'machine-readable output')
    .action(async (opts: { park?: string; chain?: string; json?: boolean }) => {
      const result = await run(
        `/api/ops/projects/pipeline${query({ park_code: opts.park, chain_code: opts.chain })}`,
        'GET',
        (db) => projectPipeline(db, EVERYTHING, today(), { park_code: opts.park, chain_code: opts.chain }),
      );
      const lines = [
        `${result.total.projects} projects, planned ${result.total.planned_investment_yuan} yuan`,
        ...result.by_stage.map((b) => `  ${b.key}: ${b.projects}`),
        ...result.reported.map((r) => `  reported ${r.metric} ${r.period}: ${r.value}`),
      ];
      deps.print(opts.json, result, lines.join('\n'));
    });
  ops
    .command('land')
    .description('land by park and status; standard land built and sold')
    .option('--park <code>')
    .option('--json', 'machine-readable output')
    .action(async (opts: { park?: string; json?: boolean }) => {
      const result = await run(`/api/ops/land/totals${query({ park_code: opts.park })}`, 'GET', (db) =>
        landTotals(db, EVERYTHING, { park_code: opts.park }),
      );
      const lines = result.parks.map(
        (p) =>
          `${p.park_code}: ${p.area_mu} mu; standard land built ${p.standard_land_built_mu} mu, sold ${p.standard_land_sold_mu} mu`,
      );
      deps.print(opts.json, result, lines.join('\n') || 'no land parcels');
    });
  ops
    .command('incentives')
    .description('incentives by granting level and kind')
    .option('--kind <kind>')
    .option('--recipient-kind <kind>')
    .option('--within <region>')
    .option('--json', 'machine-readable output')
    .action(async (opts: { kind?: string; recipientKind?: string; within?: string; json?: boolean }) => {
      const filters = { kind: opts.kind, recipient_kind: opts.recipientKind, within: opts.within };
      const result = await run(`/api/ops/incentives/totals${query(filters)}`, 'GET', (db) =>
        incentiveTotals(db, EVERYTHING, filters),
      );
      const lines = [
        `total ${result.total_yuan} yuan in ${result.grants} grants`,
        ...result.by_level.map((l) => `  ${l.key}: ${l.amount_yuan}`),
      ];
      deps.print(opts.json, result, lines.join('\n'));
    });
  ops
    .command('requests')
    .description('service requests per department: response time, on-time rate, escalations, ratings')
    .option('--park <code>')
    .option('--json', 'machine-readable output')
    .action(async (opts: { park?: string; json?: boolean }) => {
      const { items } = await run(
        `/api/ops/service-requests/statistics${query({ park_code: opts.park })}`,
        'GET',
        async (db) => ({
          items: await serviceRequestStatistics(db, EVERYTHING, systemClock(), { park_code: opts.park }),
        }),
      );
      const lines = items.map(
        (d) =>
          `${d.department ?? '(unrouted)'}: ${d.requests} requests, ${d.answered} answered, on time ${pct(d.on_time_rate)}, overdue ${d.overdue_unanswered}, escalated ${d.escalated}, rating ${d.mean_rating ?? '—'}`,
      );
      deps.print(opts.json, items, lines.join('\n') || 'no service requests');
    });
}
