/**
 * The report a park committee or a city presents (seed 003: "I. Progress of the main work, II. Problems
 * and challenges, III. Next steps"), assembled from what the store holds: indicators, targets, key tasks,
 * projects, land and incentives from the operations services; problems from the chain diagnostics and
 * the operations ledgers (never from typed-in problem rows); next steps drawn from those problems and,
 * when it is there, from the opportunities service — always marked as suggestions. Every figure carries
 * the footnotes of the rows it comes from.
 */
import type { Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';
import { type ChainDiagnosisReport, diagnoseChain } from '../chains/diagnose-chain.ts';
import { visibleFilter } from '../operations/common.ts';
import { incentiveTotals, landTotals, projectPipeline } from '../operations/ledgers.ts';
import { serviceRequestStatistics } from '../operations/service-requests.ts';
import { targetProgress } from '../operations/targets.ts';
import { taskSummary, tasksWithStatus } from '../operations/tasks.ts';
import { opportunitySteps } from './opportunity-steps.ts';
import {
  type Cell,
  type Fact,
  type FigureKind,
  FootnoteBook,
  type Name,
  type NextStep,
  type Phrase,
  type Problem,
  type Report,
  type Table,
} from './report-model.ts';
import { type ReportTarget, resolveReportTarget } from './report-scope.ts';

export interface BuildReportOptions {
  /** The caller's visibility (API); absent for trusted callers (the local CLI). */
  visibility?: Visibility;
  /** "Today" for task and request status; default now. */
  now?: Date;
  /** Called as each part is gathered (0–1), for progress bars. */
  onProgress?: (fraction: number, step: string) => void;
}

type Row = Record<string, unknown>;
type Provenance = { source?: string | null; quote?: string | null; note?: string | null };

const ph = (key: string, params?: Phrase['params']): Phrase => (params ? { key, params } : { key });
const text = (t: string | null | undefined): Cell => ({ type: 'text', text: t ?? '' });
const phrase = (key: string, params?: Phrase['params']): Cell => ({
  type: 'phrase',
  phrase: ph(key, params),
});
const fig = (value: number | null, kind: FigureKind, notes: number[] = [], unit?: string): Cell => ({
  type: 'number',
  value,
  kind,
  // A blank figure cites nothing.
  notes: value === null ? [] : notes,
  ...(unit ? { unit } : {}),
});
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** How a stored indicator unit is shown: money and areas get their own formats, hectares become mu. */
function figureOf(value: number, unit: string): { value: number; kind: FigureKind; unit?: string } {
  if (unit === 'yuan') return { value, kind: 'yuan' };
  if (unit === 'ha') return { value: round6(value * 15), kind: 'mu' };
  if (unit === 'mu') return { value, kind: 'mu' };
  if (unit === 'percent' || unit === '%') return { value, kind: 'percent' };
  if (unit === 'count') return { value, kind: 'count' };
  return { value, kind: 'plain', unit };
}

export async function buildReport(
  db: Queryable,
  scopeText: string,
  period: number,
  options: BuildReportOptions = {},
): Promise<Report> {
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const progress = options.onProgress ?? (() => {});
  const visibility = options.visibility;
  const target = await resolveReportTarget(db, scopeText, visibility);
  const book = new FootnoteBook();
  const titles = new Map(
    (await db.query<{ code: string; title: string }>('select code, title from document')).map((d) => [
      d.code,
      d.title,
    ]),
  );
  const cite = (p: Provenance) =>
    book.cite({
      source: p.source ?? null,
      title: titles.get(p.source ?? '') ?? null,
      quote: p.quote,
      note: p.note,
    });
  const citeAll = (rows: Provenance[]) => [...new Set(rows.map(cite))];

  progress(0.05, 'parks');
  const parks = await scopeParks(db, target);
  const topParks = parks.filter((p) => p.top);
  const facts: Fact[] = [];
  const tables: Table[] = [];

  // Parks and the headline count by level.
  const byLevel = new Map<string, typeof parks>();
  for (const p of topParks) {
    const level = p.level ?? 'unstated';
    byLevel.set(level, [...(byLevel.get(level) ?? []), p]);
  }
  const stated = await indicatorsOf(db, visibility, target, period);
  for (const [level, list] of byLevel) {
    const statedCount = stated.filter((i) => i.metric === 'parks_count' && i.scope.startsWith(level));
    facts.push({
      phrase: ph('fact.parks_by_level', { n: list.length, level: ph(`park_level.${level}`) }),
      notes: [...citeAll(list), ...citeAll(statedCount)],
    });
  }
  tables.push({
    id: 'parks',
    title: ph('table.parks'),
    columns: [
      ph('col.park'),
      ph('col.level'),
      ph('col.planned_area'),
      ph('col.available_area'),
      ph('col.leading_industries'),
    ],
    rows: parks.map((p) => [
      { type: 'name', name: p.names, prefix: p.top ? '' : '↳ ' },
      p.level ? phrase(`park_level.${p.level}`) : text(''),
      fig(p.planned_area_ha === null ? null : round6(p.planned_area_ha * 15), 'mu', [cite(p)]),
      fig(p.available_area_ha === null ? null : round6(p.available_area_ha * 15), 'mu', [cite(p)]),
      text(p.leading_industries.join(', ')),
    ]),
  });

  // Indicators of the period with growth.
  progress(0.15, 'indicators');
  tables.push(indicatorTable(stated, period, cite));

  // Targets.
  progress(0.25, 'targets');
  const targetEntities = [
    target.scope.kind === 'cluster' ? null : target.scope.code,
    ...topParks.map((p) => p.code),
  ];
  const targets = (
    await Promise.all(
      [...new Set(targetEntities.filter((c): c is string => !!c))].map((code) =>
        targetProgress(db, visibilityOrAll(visibility), { entity_code: code }),
      ),
    )
  ).flat();
  tables.push({
    id: 'targets',
    title: ph('table.targets'),
    columns: [
      ph('col.entity'),
      ph('col.metric'),
      ph('col.due'),
      ph('col.target'),
      ph('col.latest'),
      ph('col.progress'),
      ph('col.required_growth'),
      ph('col.status'),
    ],
    rows: targets.map((t) => {
      const tf = figureOf(t.target, t.unit);
      const note = cite(t);
      return [
        text(t.entity_code),
        text(metricName(stated, t.metric)),
        text(t.due_period),
        fig(tf.value, tf.kind, [note], tf.unit),
        t.latest
          ? fig(figureOf(t.latest.value, t.unit).value, tf.kind, [cite({ source: t.latest.source })], tf.unit)
          : text('—'),
        fig(t.progress, 'share'),
        fig(t.required_annual_growth, 'share'),
        phrase(`target_status.${t.status}`),
      ];
    }),
    note: ph('note.targets'),
  });

  // Key tasks by year: recorded beside what the reports state.
  progress(0.35, 'tasks');
  const taskYears = target.region
    ? await taskSummary(db, visibilityOrAll(visibility), today, { region_code: target.region.code })
    : [];
  const taskRows = taskYears.filter((y) => y.year <= period);
  tables.push({
    id: 'tasks',
    title: ph('table.tasks'),
    columns: [
      ph('col.year'),
      ph('col.tasks_stated'),
      ph('col.completion_stated'),
      ph('col.tasks_recorded'),
      ph('col.tasks_done'),
      ph('col.tasks_overdue'),
      ph('col.completion_recorded'),
    ],
    rows: taskRows.map((y) => {
      const n = y.reported ? [cite(y.reported)] : [];
      return [
        text(String(y.year)),
        fig(y.reported?.tasks ?? null, 'count', n),
        fig(y.reported?.completion_rate ?? null, 'share', n),
        fig(y.recorded.tasks, 'count'),
        fig(y.recorded.done, 'count'),
        fig(y.recorded.overdue, 'count'),
        fig(y.recorded.completion_rate, 'share'),
      ];
    }),
    chart: {
      kind: 'bars',
      labels: taskRows.map((y) => String(y.year)),
      series: [
        {
          name: ph('col.tasks_stated'),
          values: taskRows.map((y) => y.reported?.tasks ?? null),
          kind: 'count',
        },
        { name: ph('col.tasks_recorded'), values: taskRows.map((y) => y.recorded.tasks), kind: 'count' },
      ],
    },
  });
  const statedTasks = taskRows.filter((y) => y.reported?.tasks != null);
  if (statedTasks.length)
    facts.push({
      phrase: ph('fact.tasks', {
        list: {
          join: ' · ',
          items: statedTasks.map((y) =>
            ph('fact.year_count', { year: String(y.year), n: y.reported!.tasks! }),
          ),
        },
      }),
      notes: citeAll(statedTasks.map((y) => y.reported!)),
    });

  // Projects by stage, over the scope's parks.
  progress(0.45, 'projects');
  const pipelines = await Promise.all(
    parks.map((p) => projectPipeline(db, visibilityOrAll(visibility), today, { park_code: p.code })),
  );
  const stages = new Map<string, { projects: number; planned: number; completed: number }>();
  for (const pl of pipelines)
    for (const b of pl.by_stage) {
      const s = stages.get(b.key ?? 'unstated') ?? { projects: 0, planned: 0, completed: 0 };
      s.projects += b.projects;
      s.planned += b.planned_investment_yuan;
      s.completed += b.completed_investment_yuan;
      stages.set(b.key ?? 'unstated', s);
    }
  const projectRows = await db.query<Row>(
    `select p.code, p.stage, p.planned_investment_yuan, p.completed_investment_yuan, p.source, p.quote from project p
     where p.park_id = any($1::int[]) and ${shifted('projects', 'p.id', visibility)} order by p.code`,
    visibilityParams('projects', visibility, [target.parkIds]),
  );
  const stageEntries = [...stages.entries()];
  // The pipeline sums missing amounts as 0; a stage where no project states an amount shows none.
  const amountStated = (stage: string | null, column: string) =>
    projectRows.some((r) => (stage === null || (r.stage ?? 'unstated') === stage) && r[column] !== null);
  const stageNotes = (stage: string) =>
    citeAll(projectRows.filter((r) => (r.stage ?? 'unstated') === stage) as Provenance[]);
  const totalProjects = stageEntries.reduce((a, [, s]) => a + s.projects, 0);
  const totalPlanned = stageEntries.reduce((a, [, s]) => a + s.planned, 0);
  const totalCompleted = stageEntries.reduce((a, [, s]) => a + s.completed, 0);
  tables.push({
    id: 'projects',
    title: ph('table.projects'),
    columns: [
      ph('col.stage'),
      ph('col.projects'),
      ph('col.planned_investment'),
      ph('col.completed_investment'),
    ],
    rows: [
      ...stageEntries.map(([stage, s]) => [
        phrase(`stage.${stage}`),
        fig(s.projects, 'count', stageNotes(stage)),
        fig(amountStated(stage, 'planned_investment_yuan') ? s.planned : null, 'yuan'),
        fig(amountStated(stage, 'completed_investment_yuan') ? s.completed : null, 'yuan'),
      ]),
      [
        phrase('col.total'),
        fig(totalProjects, 'count'),
        fig(amountStated(null, 'planned_investment_yuan') ? totalPlanned : null, 'yuan'),
        fig(amountStated(null, 'completed_investment_yuan') ? totalCompleted : null, 'yuan'),
      ],
    ],
    totalRows: [stageEntries.length],
    chart: {
      kind: 'bars',
      labels: stageEntries.map(([stage]) => ph(`stage.${stage}`)),
      series: [{ name: ph('col.projects'), values: stageEntries.map(([, s]) => s.projects), kind: 'count' }],
    },
  });
  const reportedProjects = pipelines.flatMap((pl) => pl.reported);
  if (reportedProjects.length) {
    tables.push({
      id: 'projects_stated',
      title: ph('table.projects_stated'),
      columns: [ph('col.metric'), ph('col.period'), ph('col.qualifier'), ph('col.value')],
      rows: reportedProjects.map((reported) => {
        const r = reported as Record<string, unknown> & { metric: string; period: string; value: number };
        const f = figureOf(Number(r.value), String(r.unit));
        return [
          text(metricName(stated, String(r.metric))),
          text(String(r.period)),
          text(String(r.scope ?? '')),
          fig(f.value, f.kind, [cite(r as Provenance)], f.unit),
        ];
      }),
    });
  }

  // Land by park: standard land built and sold, revitalized, and every status.
  progress(0.55, 'land');
  const parkCodes = new Set(parks.map((p) => p.code));
  const land = (await landTotals(db, visibilityOrAll(visibility))).parks.filter((p) =>
    parkCodes.has(p.park_code),
  );
  const parcels = await db.query<Row>(
    `select l.code, k.code as park_code, l.status, l.area_mu, l.infrastructure_ready, l.intended_use, l.note, l.source, l.quote
     from land_parcel l join park k on k.id = l.park_id where l.park_id = any($1::int[]) and ${shifted('land_parcels', 'l.id', visibility)}
     order by k.code, l.code`,
    visibilityParams('land_parcels', visibility, [target.parkIds]),
  );
  const landNotes = (park: string, statuses: string[]) =>
    citeAll(
      parcels.filter((r) => r.park_code === park && statuses.includes(String(r.status))) as Provenance[],
    );
  const parkNames = (code: string): Name =>
    parks.find((p) => p.code === code)?.names ?? { name_zh: code, name_en: null };
  const landRows = land.map((l) => {
    const revitalized = l.by_status
      .filter((s) => s.status === 'revitalized')
      .reduce((a, s) => a + Number(s.area_mu), 0);
    return {
      l,
      revitalized: round6(revitalized),
      cells: [
        { type: 'name', name: parkNames(l.park_code) },
        fig(l.standard_land_built_mu, 'mu', landNotes(l.park_code, ['standard_ready', 'sold'])),
        fig(l.standard_land_sold_mu, 'mu', landNotes(l.park_code, ['sold'])),
        fig(l.standard_land_unsold_mu, 'mu', landNotes(l.park_code, ['standard_ready'])),
        fig(round6(revitalized), 'mu', landNotes(l.park_code, ['revitalized'])),
        fig(
          l.area_mu,
          'mu',
          landNotes(l.park_code, ['raw', 'standard_ready', 'sold', 'in_use', 'inefficient', 'revitalized']),
        ),
      ] as Cell[],
    };
  });
  const sum = (f: (r: (typeof landRows)[number]) => number) => round6(landRows.reduce((a, r) => a + f(r), 0));
  tables.push({
    id: 'land',
    title: ph('table.land'),
    columns: [
      ph('col.park'),
      ph('col.std_built'),
      ph('col.std_sold'),
      ph('col.std_unsold'),
      ph('col.revitalized'),
      ph('col.land_total'),
    ],
    rows: [
      ...landRows.map((r) => r.cells),
      [
        phrase('col.total'),
        fig(
          sum((r) => r.l.standard_land_built_mu),
          'mu',
        ),
        fig(
          sum((r) => r.l.standard_land_sold_mu),
          'mu',
        ),
        fig(
          sum((r) => r.l.standard_land_unsold_mu),
          'mu',
        ),
        fig(
          sum((r) => r.revitalized),
          'mu',
        ),
        fig(
          sum((r) => r.l.area_mu),
          'mu',
        ),
      ],
    ],
    totalRows: [landRows.length],
    chart: {
      kind: 'bars',
      labels: landRows.map((r) => ph('step.opportunity', { text: parkNames(r.l.park_code) })),
      series: [
        { name: ph('col.std_built'), values: landRows.map((r) => r.l.standard_land_built_mu), kind: 'mu' },
        { name: ph('col.std_sold'), values: landRows.map((r) => r.l.standard_land_sold_mu), kind: 'mu' },
        { name: ph('col.revitalized'), values: landRows.map((r) => r.revitalized), kind: 'mu' },
      ],
    },
    note: ph('note.land'),
  });
  for (const r of landRows) {
    if (r.l.standard_land_built_mu > 0)
      facts.push({
        phrase: ph('fact.land', {
          park: parkNames(r.l.park_code),
          built: { fig: r.l.standard_land_built_mu, kind: 'mu' },
          sold: { fig: r.l.standard_land_sold_mu, kind: 'mu' },
          revitalized: { fig: r.revitalized, kind: 'mu' },
        }),
        notes: landNotes(r.l.park_code, ['standard_ready', 'sold', 'revitalized']),
      });
  }

  // Incentives by kind and granting level.
  progress(0.62, 'incentives');
  const incentiveFilter =
    target.scope.kind === 'park'
      ? { recipient_code: target.scope.code }
      : target.region
        ? { within: target.region.code }
        : null;
  const incentiveTables: { kind: string; totals: Awaited<ReturnType<typeof incentiveTotals>> }[] = [];
  if (incentiveFilter) {
    const all = await incentiveTotals(db, visibilityOrAll(visibility), incentiveFilter);
    for (const k of all.by_kind)
      incentiveTables.push({
        kind: k.key,
        totals: await incentiveTotals(db, visibilityOrAll(visibility), { ...incentiveFilter, kind: k.key }),
      });
  }
  const incentiveRows = await db.query<Row>(
    `select x.kind, x.granting_level, x.source, x.quote, x.purpose as note from incentive x
     where ${
       incentiveFilter && 'within' in incentiveFilter
         ? `x.granting_region_id in (with recursive tree(id) as (select id from region where code = $1
            union select r.id from region r join tree on r.parent_id = tree.id) select id from tree)`
         : 'x.recipient_code = $1'
     } and ${shifted('incentives', 'x.id', visibility)}`,
    visibilityParams('incentives', visibility, [
      incentiveFilter
        ? 'within' in incentiveFilter
          ? incentiveFilter.within
          : incentiveFilter.recipient_code
        : '',
    ]),
  );
  const incNotes = (kind: string, level?: string) =>
    citeAll(
      incentiveRows.filter((r) => r.kind === kind && (!level || r.granting_level === level)) as Provenance[],
    );
  const incRows: Cell[][] = [];
  const incTotals: number[] = [];
  let grand = 0;
  for (const { kind, totals } of incentiveTables) {
    for (const l of totals.by_level)
      incRows.push([
        phrase(`incentive_kind.${kind}`),
        phrase(`level.${l.key}`),
        fig(l.grants, 'count'),
        fig(l.amount_yuan, 'yuan', incNotes(kind, l.key)),
      ]);
    incTotals.push(incRows.length);
    incRows.push([
      phrase(`incentive_kind.${kind}`),
      phrase('col.subtotal'),
      fig(totals.grants, 'count'),
      fig(totals.total_yuan, 'yuan', incNotes(kind)),
    ]);
    grand += totals.total_yuan;
  }
  incTotals.push(incRows.length);
  incRows.push([
    phrase('col.total'),
    text(''),
    fig(
      incentiveTables.reduce((a, t) => a + t.totals.grants, 0),
      'count',
    ),
    fig(grand, 'yuan'),
  ]);
  const incentivesTotalStated = stated.filter((i) => i.metric === 'incentives_total');
  tables.push({
    id: 'incentives',
    title: ph('table.incentives'),
    columns: [ph('col.kind'), ph('col.level'), ph('col.grants'), ph('col.amount')],
    rows: incRows,
    totalRows: incTotals,
    chart: {
      kind: 'bars',
      labels: incentiveTables.flatMap((t) =>
        t.totals.by_level.map((l) =>
          ph('chart.pair', { a: ph(`incentive_kind.${t.kind}`), b: ph(`level.${l.key}`) }),
        ),
      ),
      series: [
        {
          name: ph('col.amount'),
          values: incentiveTables.flatMap((t) => t.totals.by_level.map((l) => l.amount_yuan)),
          kind: 'yuan',
        },
      ],
    },
    note: ph('note.incentives'),
  });
  const subsidy = incentiveTables.find((t) => t.kind === 'subsidy');
  if (subsidy)
    facts.push({
      phrase: ph('fact.incentives', {
        total: { fig: subsidy.totals.total_yuan, kind: 'yuan' },
        parts: {
          join: ' + ',
          items: subsidy.totals.by_level.map((l) =>
            ph('fact.part', { amount: { fig: l.amount_yuan, kind: 'yuan' }, level: ph(`level.${l.key}`) }),
          ),
        },
      }),
      notes: [...incNotes('subsidy'), ...citeAll(incentivesTotalStated)],
    });

  // Chain diagnoses: each park of the scope on each chain its enterprises (or the scope's chains) are on.
  progress(0.7, 'chains');
  const diagnoses = await diagnoseScopeChains(db, target, parks, visibility);
  const placements = await db.query<Row>(
    `select c.code as chain, n.code as node, k.code as park_code, e.name_zh as enterprise, en.source, en.quote
     from enterprise_node en join chain_node n on n.id = en.chain_node_id join chain c on c.id = n.chain_id
     join enterprise e on e.id = en.enterprise_id join park k on k.id = e.park_id
     where e.park_id = any($1::int[])`,
    [target.parkIds],
  );
  tables.push({
    id: 'chains',
    title: ph('table.chains'),
    columns: [
      ph('col.park'),
      ph('col.chain'),
      ph('col.nodes_present'),
      ph('col.completeness'),
      ph('col.missing'),
      ph('col.weak'),
      ph('col.top_share'),
    ],
    rows: diagnoses.map(({ park, d }) => [
      { type: 'name', name: park.names },
      { type: 'text', text: d.chain.name_en ?? d.chain.name_zh },
      fig(
        d.completeness.nodes_present,
        'count',
        citeAll(
          placements.filter(
            (p) => p.chain === d.chain.code && park.tree.includes(String(p.park_code)),
          ) as Provenance[],
        ),
      ),
      fig(d.completeness.completeness, 'share'),
      fig(d.missing.length, 'count'),
      fig(d.weak.length, 'count'),
      fig(d.dependence.top_share, 'share', citeAll(d.dependence.evidence)),
    ]),
    captionedCharts: diagnoses.map(({ park, d }) => ({
      caption: ph('chart.pair', { a: park.names, b: nameOf(d.chain) }),
      chart: {
        kind: 'node-strip',
        labels: d.nodes.map((n) => ph('step.opportunity', { text: nameOf(n) })),
        series: [],
        statuses: d.nodes.map((n) => n.status),
      },
    })),
    note: ph('note.chains'),
  });

  // II. Problems.
  progress(0.8, 'problems');
  const problems: Problem[] = [];
  const steps: NextStep[] = [];
  const methodNote = () =>
    book.cite({
      source: 'computed',
      note: 'chain diagnosis (docs/chain-diagnostics.md): node status from placements and figures; gaps by the template’s edges',
    });
  for (const { park, d } of diagnoses) {
    if (d.completeness.nodes_present === 0) continue;
    const chainName = nameOf(d.chain);
    const present = d.nodes.filter((n) => n.present);
    const presentNotes = citeAll(
      placements.filter(
        (p) => p.chain === d.chain.code && park.tree.includes(String(p.park_code)),
      ) as Provenance[],
    );
    const presentText = present
      .map((n) => `${n.name_en ?? n.name_zh} (${n.enterprise_names.join(', ') || n.reasons[0]})`)
      .join('; ');
    if (d.gaps.downstream.length) {
      problems.push({
        kind: 'missing_downstream',
        where: park.names,
        statement: ph('problem.missing_downstream', {
          chain: chainName,
          present: d.completeness.nodes_present,
          total: d.completeness.nodes_total,
          nodes: names(d.gaps.downstream),
        }),
        evidence: [
          ph('evidence.present_nodes', { nodes: presentText }),
          ...d.gaps.downstream.map((n) => `${n.name_en ?? n.name_zh}: ${reasonsOf(d, n.key)}`),
        ],
        notes: [...presentNotes, methodNote()],
      });
      steps.push({
        statement: ph('step.attract_downstream', {
          park: park.names,
          chain: chainName,
          nodes: names(d.gaps.downstream),
        }),
        basis: ph('basis.problem', { kind: ph('problem_kind.missing_downstream') }),
        notes: [methodNote()],
      });
    }
    if (d.gaps.upstream.length) {
      problems.push({
        kind: 'missing_upstream',
        where: park.names,
        statement: ph('problem.missing_upstream', { chain: chainName, nodes: names(d.gaps.upstream) }),
        evidence: d.gaps.upstream.map((n) => `${n.name_en ?? n.name_zh}: ${reasonsOf(d, n.key)}`),
        notes: [...presentNotes, methodNote()],
      });
    }
    if (d.weak.length) {
      problems.push({
        kind: 'weak_nodes',
        where: park.names,
        statement: ph('problem.weak_nodes', { chain: chainName, nodes: names(d.weak) }),
        evidence: d.weak.map((n) => `${n.name_en ?? n.name_zh}: ${reasonsOf(d, n.key)}`),
        notes: [...presentNotes, methodNote()],
      });
      steps.push({
        statement: ph('step.strengthen_weak', { park: park.names, nodes: names(d.weak) }),
        basis: ph('basis.problem', { kind: ph('problem_kind.weak_nodes') }),
        notes: [methodNote()],
      });
    }
    if (d.dependence.flagged && d.dependence.top_node) {
      const top = d.nodes.find((n) => n.key === d.dependence.top_node)!;
      const kind = d.dependence.finding === 'single-product' ? 'single_product' : 'concentrated';
      problems.push({
        kind,
        where: park.names,
        statement: ph(`problem.${kind}`, {
          node: nameOf(top),
          share: { fig: d.dependence.top_share ?? 0, kind: 'share' },
          hhi: { fig: Math.round((d.dependence.hhi ?? 0) * 1000) / 1000, kind: 'plain' },
        }),
        evidence: [
          d.dependence.summary,
          ...(d.stress_test ? [`${d.stress_test.formula}`] : []),
          ...d.dependence.evidence.map((e) => `${e.metric} ${e.value} ${e.unit} (${e.scope}, ${e.period})`),
        ],
        notes: [...citeAll(d.dependence.evidence), methodNote()],
      });
      steps.push({
        statement: ph('step.diversify', {
          park: park.names,
          node: nameOf(top),
          nodes: d.gaps.downstream.length ? names(d.gaps.downstream.slice(0, 4)) : '—',
        }),
        basis: ph('basis.problem', { kind: ph(`problem_kind.${kind}`) }),
        notes: citeAll(d.dependence.evidence),
      });
    }
  }

  // Idle land: standard land that cannot be sold, inefficient land.
  const idle = parcels.filter((r) => r.status === 'standard_ready' || r.status === 'inefficient');
  for (const r of idle) {
    problems.push({
      kind: 'idle_land',
      where: parkNames(String(r.park_code)),
      statement: ph(r.status === 'inefficient' ? 'problem.inefficient_land' : 'problem.idle_land', {
        area: { fig: Number(r.area_mu), kind: 'mu' },
        ready: ph(
          r.infrastructure_ready === false
            ? 'infra.not_ready'
            : r.infrastructure_ready
              ? 'infra.ready'
              : 'infra.unknown',
        ),
      }),
      evidence: [String(r.note ?? r.code)],
      notes: [cite(r as Provenance)],
    });
    steps.push({
      statement: ph('step.idle_land', {
        park: parkNames(String(r.park_code)),
        area: { fig: Number(r.area_mu), kind: 'mu' },
      }),
      basis: ph('basis.problem', { kind: ph('problem_kind.idle_land') }),
      notes: [cite(r as Provenance)],
    });
  }

  // Overdue key tasks.
  if (target.region) {
    const overdue = (
      await tasksWithStatus(db, visibilityOrAll(visibility), today, {
        region_code: target.region.code,
        status: 'overdue',
      })
    ).filter((t) => t.year === null || t.year <= period);
    if (overdue.length) {
      problems.push({
        kind: 'overdue_tasks',
        where: target.scope,
        statement: ph('problem.overdue_tasks', { n: overdue.length }),
        evidence: overdue.map(
          (t) => `${t.code} — ${t.title} (${t.owner_department ?? '—'}, ${t.due_date ?? '—'})`,
        ),
        notes: [
          book.cite({
            source: 'computed',
            note: 'task status: past due and not done at the latest review (docs/operations.md)',
          }),
        ],
      });
      steps.push({
        statement: ph('step.overdue_tasks', { n: overdue.length }),
        basis: ph('basis.problem', { kind: ph('problem_kind.overdue_tasks') }),
        notes: [],
      });
    }
  }

  // Service requests answered late or overdue, per department.
  progress(0.88, 'requests');
  for (const p of topParks) {
    const stats = await serviceRequestStatistics(db, visibilityOrAll(visibility), now, { park_code: p.code });
    for (const s of stats) {
      const late = s.answered - s.answered_on_time;
      const answeredWithDeadline = s.on_time_rate === null ? 0 : s.answered_on_time / s.on_time_rate;
      const lateAnswered =
        s.on_time_rate === null ? 0 : Math.round(answeredWithDeadline - s.answered_on_time);
      if (s.overdue_unanswered > 0 || lateAnswered > 0) {
        problems.push({
          kind: 'late_requests',
          where: p.names,
          statement: ph('problem.late_requests', {
            department: s.department ?? '—',
            late: lateAnswered,
            overdue: s.overdue_unanswered,
            rate: { fig: s.on_time_rate ?? 0, kind: 'share' },
          }),
          evidence: [
            `requests ${s.requests}, answered ${s.answered} (${late} without an on-time record), escalated ${s.escalated}, median ${s.median_response_hours ?? '—'} h`,
          ],
          notes: [
            book.cite({
              source: 'computed',
              note: 'service requests: answered after the deadline, or unanswered past it (docs/operations.md)',
            }),
          ],
        });
        steps.push({
          statement: ph('step.late_requests', { department: s.department ?? '—' }),
          basis: ph('basis.problem', { kind: ph('problem_kind.late_requests') }),
          notes: [],
        });
      }
    }
    const pl = pipelines[parks.indexOf(p)];
    for (const w of pl?.blocked_or_stalled ?? []) {
      problems.push({
        kind: 'stalled_projects',
        where: p.names,
        statement: ph('problem.stalled_project', {
          project: String(w.name_zh ?? w.code),
          stage: ph(`stage.${w.stage}`),
        }),
        evidence: [String(w.blockers ?? `since ${w.stage_since}`)],
        notes: citeAll(projectRows.filter((r) => r.code === w.code) as Provenance[]),
      });
    }
  }

  // Targets off track.
  for (const t of targets.filter((t) => t.status === 'off_track' || t.status === 'at_risk')) {
    const tf = figureOf(t.target, t.unit);
    problems.push({
      kind: 'target_off_track',
      where: { name_zh: t.entity_code, name_en: null },
      statement: ph('problem.target_off_track', {
        metric: metricName(stated, t.metric),
        due: t.due_period,
        status: ph(`target_status.${t.status}`),
      }),
      evidence: [t.forecast.description ?? '', t.method.status],
      notes: [cite(t)],
    });
    steps.push({
      statement: ph('step.target', {
        metric: metricName(stated, t.metric),
        target: { fig: tf.value, kind: tf.kind },
        due: t.due_period,
        growth: t.required_annual_growth === null ? '—' : { fig: t.required_annual_growth, kind: 'share' },
      }),
      basis: ph('basis.problem', { kind: ph('problem_kind.target_off_track') }),
      notes: [cite(t)],
    });
  }

  // III. Next steps from the opportunities service, when it is there.
  progress(0.94, 'opportunities');
  const sources: Report['next_steps_sources'] = ['diagnostics'];
  const fromOpportunities = await opportunitySteps(
    db,
    target,
    topParks.map((p) => p.code),
    visibility,
  );
  if (fromOpportunities) {
    sources.push('opportunities');
    for (const s of fromOpportunities) steps.push({ ...s, notes: s.notes.map((n) => cite(n)) });
  }
  // A table with nothing but its totals says "no data", not a 0 that no source gives.
  for (const t of tables)
    if (t.totalRows && t.rows.length === t.totalRows.length) {
      t.rows = [];
      t.totalRows = [];
    }
  progress(1, 'done');
  return {
    scope: target.scope,
    period,
    generated_on: today,
    facts,
    progress: tables,
    problems,
    next_steps: steps,
    next_steps_sources: sources,
    footnotes: book.notes,
  };
}

const nameOf = (x: { name_zh: string; name_en?: string | null }): Name => ({
  name_zh: x.name_zh,
  name_en: x.name_en ?? null,
});
const names = (xs: { name_zh: string; name_en?: string | null }[]) => ({ join: ', ', items: xs.map(nameOf) });

function reasonsOf(d: ChainDiagnosisReport, key: string) {
  const n = d.nodes.find((x) => x.key === key);
  return n ? n.reasons.join('; ') : '';
}

const ALL: Visibility = { all: true, regions: [], parks: [], enterprises: [], departments: [] };
const visibilityOrAll = (v: Visibility | undefined) => v ?? ALL;

/** The visible-rule of an entity with its placeholders after the query's first one ($1). */
function shifted(
  entity: Parameters<typeof visibleFilter>[0],
  column: string,
  visibility: Visibility | undefined,
) {
  return visibleFilter(entity, column, visibility, []).replace(
    /\$(\d+)/g,
    (_, n: string) => `$${Number(n) + 1}`,
  );
}

function visibilityParams(
  entity: Parameters<typeof visibleFilter>[0],
  visibility: Visibility | undefined,
  first: unknown[],
) {
  const params: unknown[] = [];
  visibleFilter(entity, 'x', visibility, params);
  return [...first, ...params] as never[];
}

interface ScopePark {
  id: number;
  code: string;
  name: string;
  names: Name;
  level: string | null;
  top: boolean;
  /** The park and its sub-parks' codes. */
  tree: string[];
  planned_area_ha: number | null;
  available_area_ha: number | null;
  leading_industries: string[];
  source: string | null;
  quote: string | null;
}

async function scopeParks(db: Queryable, target: ReportTarget): Promise<ScopePark[]> {
  const rows = await db.query<Row>(
    `select k.id, k.code, k.name_zh, k.name_en, k.level, k.parent_park_id, k.planned_area_ha, k.available_area_ha,
       k.leading_industries, k.source, k.quote
     from park k where k.id = any($1::int[]) order by k.parent_park_id nulls first, k.code`,
    [target.parkIds],
  );
  const ids = new Set(rows.map((r) => Number(r.id)));
  const parks = rows.map((r) => ({
    id: Number(r.id),
    parent: r.parent_park_id === null ? null : Number(r.parent_park_id),
    code: String(r.code),
    name: (r.name_en as string | null) ?? String(r.name_zh),
    names: { name_zh: String(r.name_zh), name_en: (r.name_en as string | null) ?? null },
    level: (r.level as string | null) ?? null,
    top: r.parent_park_id === null || !ids.has(Number(r.parent_park_id)),
    tree: [String(r.code)],
    planned_area_ha: r.planned_area_ha === null ? null : Number(r.planned_area_ha),
    available_area_ha: r.available_area_ha === null ? null : Number(r.available_area_ha),
    leading_industries: Array.isArray(r.leading_industries) ? (r.leading_industries as string[]) : [],
    source: (r.source as string | null) ?? null,
    quote: (r.quote as string | null) ?? null,
  }));
  for (const p of parks) {
    let up = p.parent;
    while (up !== null) {
      const parent = parks.find((q) => q.id === up);
      if (!parent) break;
      parent.tree.push(p.code);
      up = parent.parent;
    }
  }
  // Top-level parks first, each followed by its sub-parks.
  const ordered: ScopePark[] = [];
  const add = (p: (typeof parks)[number]) => {
    ordered.push(p);
    for (const c of parks.filter((q) => q.parent === p.id)) add(c);
  };
  for (const p of parks.filter((q) => q.top)) add(p);
  return ordered;
}

interface StatedIndicator {
  entity: string;
  metric: string;
  metric_name_en: string | null;
  metric_name_zh: string;
  period: string;
  period_start: string;
  scope: string;
  value: number;
  unit: string;
  source: string | null;
  quote: string | null;
  note: string | null;
}

/** The figures of the scope's own entity (and, for a park or region, nothing wider) overlapping the period or the year before. */
async function indicatorsOf(
  db: Queryable,
  visibility: Visibility | undefined,
  target: ReportTarget,
  period: number,
) {
  const kind = target.scope.kind;
  const params: unknown[] = [kind, target.scope.code, `${period - 1}-01-01`, `${period}-12-31`];
  const visible = visibleFilter('indicators', 'i.id', visibility, params);
  const rows = await db.query<Row>(
    `select coalesce(r.code, k.code, c.code, ch.code) as entity, m.code as metric, m.name_en, m.name_zh, i.period,
       i.period_start, i.scope, i.value, i.unit, i.source, i.quote, i.note
     from indicator i join metric m on m.id = i.metric_id
     left join region r on i.entity_kind = 'region' and r.id = i.entity_id
     left join park k on i.entity_kind = 'park' and k.id = i.entity_id
     left join cluster c on i.entity_kind = 'cluster' and c.id = i.entity_id
     left join chain ch on i.entity_kind = 'chain' and ch.id = i.entity_id
     where i.entity_kind = $1 and coalesce(r.code, k.code, c.code, ch.code) = $2
       and i.period_end >= $3::date and i.period_start <= $4::date and i.industry_id is null and ${visible}
     order by m.code, i.scope, i.period_start, i.period`,
    params as never[],
  );
  return rows.map(
    (r): StatedIndicator => ({
      entity: String(r.entity),
      metric: String(r.metric),
      metric_name_en: (r.name_en as string | null) ?? null,
      metric_name_zh: String(r.name_zh),
      period: String(r.period),
      period_start:
        r.period_start instanceof Date
          ? r.period_start.toISOString().slice(0, 10)
          : String(r.period_start).slice(0, 10),
      scope: String(r.scope ?? ''),
      value: Number(r.value),
      unit: String(r.unit),
      source: (r.source as string | null) ?? null,
      quote: (r.quote as string | null) ?? null,
      note: (r.note as string | null) ?? null,
    }),
  );
}

function metricName(stated: StatedIndicator[], code: string) {
  const s = stated.find((i) => i.metric === code);
  return s ? (s.metric_name_en ?? s.metric_name_zh) : code.replace(/_/g, ' ');
}

/** Indicators with year-on-year growth where the same metric and qualifier has the year before. */
function indicatorTable(stated: StatedIndicator[], period: number, cite: (p: Provenance) => number): Table {
  const annual = new Map(
    stated.filter((i) => /^\d{4}$/.test(i.period)).map((i) => [`${i.metric}|${i.scope}|${i.period}`, i]),
  );
  const shown = stated.filter(
    (i) => !(i.period === String(period - 1) && annual.has(`${i.metric}|${i.scope}|${period}`)),
  );
  return {
    id: 'indicators',
    title: ph('table.indicators'),
    columns: [
      ph('col.metric'),
      ph('col.period'),
      ph('col.qualifier'),
      ph('col.value'),
      ph('col.previous'),
      ph('col.growth'),
    ],
    rows: shown.map((i) => {
      const f = figureOf(i.value, i.unit);
      const prev = /^\d{4}$/.test(i.period)
        ? annual.get(`${i.metric}|${i.scope}|${Number(i.period) - 1}`)
        : undefined;
      const pf = prev ? figureOf(prev.value, prev.unit) : null;
      return [
        text(i.metric_name_en ?? i.metric_name_zh),
        text(i.period),
        text(i.scope.replace(/_/g, ' ')),
        fig(f.value, f.kind, [cite(i)], f.unit),
        pf ? fig(pf.value, pf.kind, [cite(prev!)], pf.unit) : text('—'),
        // Year on year: (x_t / x_{t−1}) − 1.
        pf && pf.value !== 0 ? fig(f.value / pf.value - 1, 'share') : text('—'),
      ];
    }),
    note: ph('note.indicators'),
  };
}

/** Every top-level park of the scope on every chain it has enterprises on (or the scope's own chains). */
async function diagnoseScopeChains(
  db: Queryable,
  target: ReportTarget,
  parks: ScopePark[],
  visibility: Visibility | undefined,
): Promise<{ park: ScopePark; d: ChainDiagnosisReport }[]> {
  const out: { park: ScopePark; d: ChainDiagnosisReport }[] = [];
  for (const park of parks.filter((p) => p.top)) {
    const chains = await db.query<{ code: string }>(
      `select distinct c.code from chain c where (cardinality($2::int[]) = 0 or c.id = any($2::int[])) and c.id in (
         select n.chain_id from enterprise_node en join chain_node n on n.id = en.chain_node_id
         join enterprise e on e.id = en.enterprise_id join park k on k.id = e.park_id where k.code = any($1::text[])
         union select coalesce(p.chain_id, n.chain_id) from project p left join chain_node n on n.id = p.chain_node_id
         join park k on k.id = p.park_id where k.code = any($1::text[]))
       order by c.code`,
      [park.tree, target.chainIds],
    );
    for (const c of chains) out.push({ park, d: await diagnoseChain(db, c.code, park.code, { visibility }) });
  }
  return out;
}
