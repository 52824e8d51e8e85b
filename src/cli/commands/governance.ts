/**
 * `chainatlas grade …` and `chainatlas governance …`: per-mu grading (schemes, runs, breakdowns,
 * publication, the pricing list), standard-land checks, idle land and project warning lights. Each goes
 * through the running server's API when one owns the store, else calls services/governance directly.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../../config.ts';
import { formatSchemeIssue, SchemeError } from '../../domain/governance/scheme.ts';
import { LOCAL_ADMIN, type Visibility } from '../../services/accounts/subject.ts';
import type { Actor } from '../../services/audit.ts';
import {
  createGradingRun,
  getGradingRun,
  gradingResult,
  listGradingResults,
  pricingCsv,
  pricingList,
  publishGradingRun,
} from '../../services/governance/grading-runs.ts';
import { projectLights } from '../../services/governance/project-lights.ts';
import { loadSchemeFile, presetScheme, schemeSummaries } from '../../services/governance/schemes.ts';
import { idleLand, standardLandContracts } from '../../services/governance/standard-land.ts';
import { systemClock } from '../../services/operations/common.ts';
import type { Db } from '../../store/db.ts';
import { EXIT } from '../exit-codes.ts';
import { remoteJson } from '../remote.ts';
import { accessStore } from '../store-access.ts';

const CLI_ACTOR: Actor = { userId: null, name: 'cli' };
const EVERYTHING: Visibility = { all: true, regions: [], parks: [], enterprises: [], departments: [] };
const today = () => systemClock().toISOString().slice(0, 10);
const score = (v: unknown) => (v === null || v === undefined ? '—' : Number(v).toFixed(2));

export function addGovernanceCommands(
  program: Command,
  deps: {
    config: () => Config;
    log: (line: string) => void;
    print: (json: boolean | undefined, value: unknown, text: string) => void;
  },
) {
  async function run<T>(
    path: string,
    method: 'GET' | 'POST',
    body: unknown,
    local: (db: Db) => Promise<T>,
  ): Promise<T> {
    const access = await accessStore(deps.config(), deps.log);
    if (access.mode === 'remote') return remoteJson<T>(access.remote, path, method, body);
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

  const grade = program
    .command('grade')
    .description('per-mu efficiency grading (亩均效益综合评价): schemes and runs');
  grade
    .command('schemes')
    .description('the grading schemes shipped as presets, with the documents they reproduce')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => {
      const items = schemeSummaries();
      deps.print(
        opts.json,
        items,
        items
          .map(
            (s) =>
              `${s.code} v${s.version}  ${s.name_zh}\n  ${s.source.issuer}, ${s.source.date}: ${s.source.title}\n  ${s.source.url}`,
          )
          .join('\n'),
      );
    });
  grade
    .command('check <file>')
    .description('check a scheme file; prints every problem with its line')
    .action((file: string) => {
      try {
        const scheme = loadSchemeFile(resolve(file), file);
        deps.log(`${file}: ${scheme.code} v${scheme.version} is a valid grading scheme`);
      } catch (error) {
        if (!(error instanceof SchemeError)) throw error;
        for (const issue of error.issues) deps.log(formatSchemeIssue(issue));
        process.exitCode = EXIT.dataErrors;
      }
    });
  grade
    .command('run')
    .description("grade a park's or region's enterprises for a year by a scheme")
    .option('--scheme <code>', 'a preset (chainatlas grade schemes)')
    .option('--scheme-file <path>', 'your own scheme file (checked like a preset; see docs/governance.md)')
    .requiredOption('--scope <code>', 'park or region code, e.g. LJ-HUAPING')
    .requiredOption('--year <year>', 'the year whose figures are graded')
    .option('--json', 'machine-readable output')
    .action(
      async (opts: { scheme?: string; schemeFile?: string; scope: string; year: string; json?: boolean }) => {
        const year = Number(opts.year);
        if ((opts.scheme === undefined) === (opts.schemeFile === undefined)) {
          deps.log('give either --scheme <preset> or --scheme-file <path>');
          process.exitCode = EXIT.usage;
          return;
        }
        const file = opts.schemeFile;
        let scheme: ReturnType<typeof presetScheme>;
        try {
          scheme = file ? loadSchemeFile(resolve(file), file) : presetScheme(opts.scheme!);
        } catch (error) {
          if (!(error instanceof SchemeError)) throw error;
          for (const issue of error.issues) deps.log(formatSchemeIssue(issue));
          process.exitCode = EXIT.dataErrors;
          return;
        }
        const body = file
          ? { scheme_yaml: readFileSync(resolve(file), 'utf8'), scope: opts.scope, year }
          : { scheme: opts.scheme, scope: opts.scope, year };
        const created = await run('/api/governance/runs', 'POST', body, (db) =>
          createGradingRun(db as never, LOCAL_ADMIN, CLI_ACTOR, systemClock, {
            scheme,
            scope: opts.scope,
            year,
          }),
        );
        deps.print(
          opts.json,
          created,
          `grading run ${created.id}: ${created.scheme} over ${created.scope} for ${created.year} — ${Object.entries(
            created.counts,
          )
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}\n  chainatlas grade show ${created.id}`,
        );
      },
    );
  grade
    .command('show <run>')
    .description("a run's grade distribution and results, or one enterprise's score breakdown")
    .option('--enterprise <key>', 'credit code or name: show its breakdown')
    .option('--grade <letter>', 'only this grade')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { enterprise?: string; grade?: string; json?: boolean }) => {
      const runId = Number(id);
      if (opts.enterprise) {
        const key = opts.enterprise;
        const r = await run(
          `/api/governance/runs/${runId}/results/${encodeURIComponent(key)}`,
          'GET',
          undefined,
          (db) => gradingResult(db, EVERYTHING, runId, key),
        );
        const b = r.breakdown;
        deps.print(
          opts.json,
          r,
          [
            `${r.name_zh}: ${r.status}, score ${score(r.score)}, grade ${r.grade ?? '—'}, rank ${r.rank ?? '—'} of ${r.group_size ?? '—'}`,
            `  formula: ${b.formula}`,
            ...b.items.map((i) => `  ${i.name_zh}: ${i.formula}`),
            ...(b.adjustment ? [`  adjustments: ${b.adjustment}`] : []),
            ...(r.missing.length ? [`  missing: ${r.missing.join(', ')}`] : []),
          ].join('\n'),
        );
        return;
      }
      const detail = await run(`/api/governance/runs/${runId}`, 'GET', undefined, (db) =>
        getGradingRun(db, EVERYTHING, runId),
      );
      const { items } = await run(
        `/api/governance/runs/${runId}/results${query({ grade: opts.grade })}`,
        'GET',
        undefined,
        async (db) => ({ items: await listGradingResults(db, EVERYTHING, runId, { grade: opts.grade }) }),
      );
      deps.print(
        opts.json,
        { ...detail, results: items },
        [
          `run ${detail.id}: ${detail.scheme.name_zh} — ${detail.scope_code} ${detail.year} (${detail.status})`,
          `  grades: ${Object.entries(detail.distribution.overall.grades)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`,
          ...items.map(
            (r) =>
              `  ${String(r.grade ?? '—').padEnd(2)} ${score(r.score).padStart(8)}  ${r.name_zh}${r.missing.length ? `  (missing: ${r.missing.join(', ')})` : ''}`,
          ),
        ].join('\n'),
      );
    });
  grade
    .command('publish <run>')
    .description('publish a run (公示) and open its objection window')
    .requiredOption('--days <n>', 'days objections are taken')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { days: string; json?: boolean }) => {
      const result = await run(
        `/api/governance/runs/${id}/publish`,
        'POST',
        { objection_days: Number(opts.days) },
        (db) =>
          publishGradingRun(db as never, LOCAL_ADMIN, CLI_ACTOR, systemClock, Number(id), Number(opts.days)),
      );
      deps.print(opts.json, result, `run ${id} published; objections until ${result.objections_until}`);
    });
  grade
    .command('pricing-list <run>')
    .description(
      'each graded firm with its grade, for differentiated land, power, water and gas prices (CSV)',
    )
    .action(async (id: string) => {
      const list = await run(`/api/governance/runs/${id}/pricing-list`, 'GET', undefined, (db) =>
        pricingList(db, EVERYTHING, Number(id)),
      );
      process.stdout.write(pricingCsv(list.items));
    });

  const gov = program
    .command('governance')
    .description('standard-land contracts, idle land, project warning lights');
  gov
    .command('land-contracts')
    .description('standard-land contracts checked as of today: status, shortfalls, checks due')
    .option('--park <code>')
    .option(
      '--due-within <days>',
      'only contracts with a check due within this many days (past ones included)',
    )
    .option('--json', 'machine-readable output')
    .action(async (opts: { park?: string; dueWithin?: string; json?: boolean }) => {
      const filters = {
        park_code: opts.park,
        due_within_days: opts.dueWithin === undefined ? undefined : Number(opts.dueWithin),
      };
      const { items } = await run(
        `/api/governance/land-contracts${query({ park_code: opts.park, due_within_days: opts.dueWithin })}`,
        'GET',
        undefined,
        async (db) => ({ items: await standardLandContracts(db, EVERYTHING, today(), filters) }),
      );
      const lines = items.flatMap((c) => [
        `${c.code} (${c.parcel_code}, ${c.enterprise ?? '—'}): ${c.status}`,
        ...c.checkpoints
          .filter((p) => p.status === 'in_default')
          .flatMap((p) =>
            p.criteria
              .filter((x) => x.met === false)
              .map(
                (x) =>
                  `  ${p.kind} ${p.due}: ${x.criterion} ${x.actual ?? '—'} against ${x.committed}, short ${x.shortfall} ${x.unit}`,
              ),
          ),
      ]);
      deps.print(opts.json, items, lines.join('\n') || 'no standard-land contracts');
    });
  gov
    .command('idle-land')
    .description('idle, inefficient and revitalized land with its history')
    .option('--park <code>')
    .option('--json', 'machine-readable output')
    .action(async (opts: { park?: string; json?: boolean }) => {
      const result = await run(
        `/api/governance/idle-land${query({ park_code: opts.park })}`,
        'GET',
        undefined,
        (db) => idleLand(db, EVERYTHING, { park_code: opts.park }),
      );
      deps.print(
        opts.json,
        result,
        result.items
          .map(
            (p) => `${p.status.padEnd(12)} ${String(p.area_mu).padStart(8)} mu  ${p.code}  ${p.name ?? ''}`,
          )
          .join('\n') || 'no idle or inefficient land',
      );
    });
  gov
    .command('project-lights')
    .description("each project's warning light and the rule that set it (red first)")
    .option('--park <code>')
    .option('--json', 'machine-readable output')
    .action(async (opts: { park?: string; json?: boolean }) => {
      const result = await run(
        `/api/governance/project-lights${query({ park_code: opts.park })}`,
        'GET',
        undefined,
        (db) => projectLights(db, EVERYTHING, today(), { park_code: opts.park }),
      );
      deps.print(
        opts.json,
        result,
        result.items.map((p) => `${p.light.padEnd(5)} ${p.code}  ${p.reason}`).join('\n') || 'no projects',
      );
    });
}
