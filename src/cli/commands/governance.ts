/**
 * `chainatlas grade …` and `chainatlas governance …`: per-mu grading (schemes, runs, breakdowns,
 * publication, objections and their decisions, finalisation, the pricing list), standard-land checks,
 * idle land, project warning lights, park thresholds and the pre-screening scorecard. Each goes
 * through the running server's API when one owns the store, else calls services/governance directly.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import type { Config } from '../../config.ts';
import { formatSchemeIssue, SchemeError } from '../../domain/governance/scheme.ts';
import { LOCAL_ADMIN, type Visibility } from '../../services/accounts/subject.ts';
import type { Actor } from '../../services/audit.ts';
import {
  createGradingRun,
  fileObjection,
  finalizeGradingRun,
  getGradingRun,
  gradingResult,
  listGradingResults,
  listObjections,
  pricingCsv,
  pricingList,
  publishGradingRun,
  resolveObjection,
} from '../../services/governance/grading-runs.ts';
import { prescreenProposal, setParkThresholds } from '../../services/governance/prescreen.ts';
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
/** A timestamp as the store or the API gives it, to the minute (UTC). */
const when = (v: unknown) =>
  v === null || v === undefined
    ? '—'
    : `${new Date(v as string).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
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
    method: 'GET' | 'POST' | 'PUT',
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

  grade
    .command('object <run>')
    .description("object to an enterprise's published result, inside the objection window")
    .requiredOption('--enterprise <key>', 'credit code or name of the enterprise the objection is for')
    .requiredOption('--text <text>', 'the objection')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { enterprise: string; text: string; json?: boolean }) => {
      const runId = Number(id);
      const body = { enterprise: opts.enterprise, text: opts.text };
      const filed = await run(`/api/governance/runs/${runId}/objections`, 'POST', body, (db) =>
        fileObjection(db as never, LOCAL_ADMIN, EVERYTHING, CLI_ACTOR, systemClock, runId, body),
      );
      deps.print(
        opts.json,
        filed,
        `objection ${filed.id} to run ${runId} filed for ${opts.enterprise}\n  chainatlas grade resolve ${filed.id} --decision upheld|rejected --reason "…"`,
      );
    });
  grade
    .command('objections <run>')
    .description("a run's objections, their decisions, and the log of changes they made")
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { json?: boolean }) => {
      const runId = Number(id);
      const log = await run(`/api/governance/runs/${runId}/objections`, 'GET', undefined, (db) =>
        listObjections(db, EVERYTHING, runId),
      );
      const lines = [
        ...log.objections.flatMap((o) => [
          `objection ${o.id} (${o.status}) ${o.name_zh}${o.credit_code ? ` ${o.credit_code}` : ''}, filed ${when(o.filed_at)} by ${o.filed_by ?? '—'}: ${o.text}`,
          ...(o.status === 'open'
            ? []
            : [`  ${o.status} ${when(o.resolved_at)} by ${o.resolved_by ?? '—'}: ${o.resolution}`]),
        ]),
        ...(log.changes.length ? ['changes:'] : []),
        ...log.changes.map(
          (c) =>
            `  ${when(c.at)} ${c.name_zh}: ${c.field} ${c.old_value ?? '—'} → ${c.new_value ?? '—'} (${c.reason}${c.objection_id ? `; objection ${c.objection_id}` : ''}) by ${c.by_user ?? '—'}`,
        ),
      ];
      deps.print(opts.json, log, lines.join('\n') || `no objection to grading run ${runId}`);
    });
  grade
    .command('resolve <objection>')
    .description('decide an objection: uphold it (correcting the grade or score, logged) or reject it')
    .addOption(
      new Option('--decision <decision>', 'upheld or rejected')
        .choices(['upheld', 'rejected'])
        .makeOptionMandatory(),
    )
    .requiredOption('--reason <text>', 'why: kept with the decision and with each change it makes')
    .option('--grade <letter>', 'the corrected grade (upheld only)')
    .option('--score <points>', 'the corrected score (upheld only)')
    .option('--json', 'machine-readable output')
    .action(
      async (
        id: string,
        opts: {
          decision: 'upheld' | 'rejected';
          reason: string;
          grade?: string;
          score?: string;
          json?: boolean;
        },
      ) => {
        const objectionId = Number(id);
        if (opts.grade !== undefined && !/^[A-Z]$/.test(opts.grade)) {
          deps.log(`--grade: one capital letter (A, B, C …), not "${opts.grade}"`);
          process.exitCode = EXIT.usage;
          return;
        }
        const score = opts.score === undefined ? undefined : Number(opts.score);
        if (score !== undefined && !Number.isFinite(score)) {
          deps.log(`--score: a number of points, not "${opts.score}"`);
          process.exitCode = EXIT.usage;
          return;
        }
        const body = { decision: opts.decision, resolution: opts.reason, grade: opts.grade, score };
        const decided = await run(`/api/governance/objections/${objectionId}/resolve`, 'POST', body, (db) =>
          resolveObjection(db as never, LOCAL_ADMIN, CLI_ACTOR, systemClock, objectionId, body),
        );
        deps.print(
          opts.json,
          decided,
          [
            `objection ${objectionId} ${decided.status}`,
            ...decided.changes.map((c) => `  ${c.field}: ${c.from ?? '—'} → ${c.to}`),
          ].join('\n'),
        );
      },
    );
  grade
    .command('finalize <run>')
    .description('close a published run once its objection window has passed and every objection is decided')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { json?: boolean }) => {
      const runId = Number(id);
      const closed = await run(`/api/governance/runs/${runId}/finalize`, 'POST', {}, (db) =>
        finalizeGradingRun(db as never, LOCAL_ADMIN, CLI_ACTOR, systemClock, runId),
      );
      deps.print(opts.json, closed, `grading run ${runId} is final`);
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

  gov
    .command('thresholds <park>')
    .description(
      "set a park's thresholds for new investment, per mu, with their source (a threshold not given is cleared)",
    )
    .option('--investment-per-mu <yuan>', 'investment intensity the park requires (yuan/mu)')
    .option('--tax-per-mu <yuan>', 'tax per mu a project must pay (yuan/mu)')
    .option('--output-per-mu <yuan>', 'output per mu a project must reach (yuan/mu)')
    .option('--plot-ratio <ratio>', 'the lowest plot ratio')
    .option('--source <text>', 'the document that sets them')
    .option('--quote <text>', 'its sentence')
    .option('--json', 'machine-readable output')
    .action(
      async (
        park: string,
        opts: {
          investmentPerMu?: string;
          taxPerMu?: string;
          outputPerMu?: string;
          plotRatio?: string;
          source?: string;
          quote?: string;
          json?: boolean;
        },
      ) => {
        const figures = amounts({
          '--investment-per-mu': opts.investmentPerMu,
          '--tax-per-mu': opts.taxPerMu,
          '--output-per-mu': opts.outputPerMu,
          '--plot-ratio': opts.plotRatio,
        });
        if (!figures) return;
        const body = {
          investment_yuan_per_mu: figures['--investment-per-mu'] ?? null,
          tax_yuan_per_mu: figures['--tax-per-mu'] ?? null,
          output_yuan_per_mu: figures['--output-per-mu'] ?? null,
          plot_ratio: figures['--plot-ratio'] ?? null,
          source: opts.source ?? null,
          quote: opts.quote ?? null,
        };
        const set = await run(
          `/api/governance/parks/${encodeURIComponent(park)}/thresholds`,
          'PUT',
          body,
          (db) => setParkThresholds(db as never, LOCAL_ADMIN, CLI_ACTOR, park, body),
        );
        deps.print(
          opts.json,
          set,
          `${park}: investment ${body.investment_yuan_per_mu ?? '—'}, tax ${body.tax_yuan_per_mu ?? '—'}, output ${body.output_yuan_per_mu ?? '—'} yuan/mu; plot ratio ${body.plot_ratio ?? '—'}`,
        );
      },
    );
  gov
    .command('prescreen')
    .description(
      "pre-screen a proposed investment against a park's thresholds and chains (each criterion with its number)",
    )
    .requiredOption('--park <code>', 'the park the project would go to')
    .requiredOption('--land-mu <mu>', 'the land it asks for (mu)')
    .requiredOption('--investment <yuan>', 'its total investment (yuan)')
    .option('--tax <yuan>', 'expected tax a year at full output (yuan)')
    .option('--output <yuan>', 'expected output a year at full output (yuan)')
    .option('--plot-ratio <ratio>', 'planned plot ratio')
    .option('--chain <code>', 'the chain it would join, e.g. pv-silicon')
    .option('--node <code>', 'the node of that chain, e.g. pv-modules')
    .option('--json', 'machine-readable output')
    .action(
      async (opts: {
        park: string;
        landMu: string;
        investment: string;
        tax?: string;
        output?: string;
        plotRatio?: string;
        chain?: string;
        node?: string;
        json?: boolean;
      }) => {
        const figures = amounts({
          '--land-mu': opts.landMu,
          '--investment': opts.investment,
          '--tax': opts.tax,
          '--output': opts.output,
          '--plot-ratio': opts.plotRatio,
        });
        if (!figures) return;
        if (!(figures['--land-mu']! > 0)) {
          deps.log('--land-mu: an area above zero');
          process.exitCode = EXIT.usage;
          return;
        }
        const body = {
          park_code: opts.park,
          land_mu: figures['--land-mu']!,
          investment_yuan: figures['--investment']!,
          expected_tax_yuan: figures['--tax'],
          expected_output_yuan: figures['--output'],
          plot_ratio: figures['--plot-ratio'],
          chain_code: opts.chain,
          node_code: opts.node,
        };
        const card = await run('/api/governance/prescreen', 'POST', body, (db) =>
          prescreenProposal(db, EVERYTHING, body),
        );
        // Amounts per mu carry their unit; the chain criterion's "threshold" is the park's chains.
        const shown = (v: number | string | null, unit: string) =>
          v === null
            ? '—'
            : typeof v === 'number'
              ? `${v.toLocaleString('en-US')}${unit === 'yuan/mu' ? ' yuan/mu' : ''}`
              : v;
        deps.print(
          opts.json,
          card,
          [
            `${card.park.code} ${card.park.name_zh}: ${card.verdict} (${card.passed} passed, ${card.failed} failed, ${card.unchecked} not checked)`,
            ...card.criteria.map(
              (c) =>
                `  ${c.result.padEnd(12)} ${c.criterion.padEnd(20)} ${shown(c.value, c.unit)}, ${c.criterion === 'chain_fit' ? "park's chains" : 'threshold'} ${shown(c.threshold, c.unit)}${c.note ? `\n  ${''.padEnd(12)} ${c.note}` : ''}`,
            ),
            ...(card.thresholds_source.source ? [`  thresholds: ${card.thresholds_source.source}`] : []),
          ].join('\n'),
        );
      },
    );

  /** Parses the number options given; a text that is not a number is a usage error naming its flag. */
  function amounts(values: Record<string, string | undefined>): Record<string, number | undefined> | null {
    const out: Record<string, number | undefined> = {};
    for (const [flag, text] of Object.entries(values)) {
      if (text === undefined) continue;
      const value = Number(text.replace(/[,_]/g, ''));
      if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
        deps.log(`${flag}: a number not below zero, not "${text}"`);
        process.exitCode = EXIT.usage;
        return null;
      }
      out[flag] = value;
    }
    return out;
  }
}
