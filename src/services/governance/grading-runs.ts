/**
 * Grading runs (issue 14): grade a scope's enterprises for a year by a scheme and keep every result with
 * its formula and inputs; publish with an objection window; take objections and log every change they
 * make; compare with last year; count grades by park, chain and industry; export the grades for
 * differentiated pricing (land, power, water and gas).
 */
import {
  type Breakdown,
  explainItems,
  formulaIndexOf,
  type GradingStatus,
  gradeEnterprises,
  gradeLetter,
  missingFigures,
  STATUS_NAMES,
  storedItemNumbers,
  storedItemsOf,
} from '../../analytics/per-mu-grading.ts';
import type { FigureCode, GradingScheme } from '../../domain/governance/scheme.ts';
import { type BinaryType, type BinaryValue, copyBinary } from '../../store/copy-binary.ts';
import type { Db, Queryable } from '../../store/db.ts';
import { type Subject, type Visibility, writeScopeOf } from '../accounts/subject.ts';
import { type Actor, recordAudit } from '../audit.ts';
import { type Clock, OperationError, scopeCovers } from '../operations/common.ts';
import { loadGradingPanels, resolveGradingScope } from './grading-panel.ts';

export interface RunRow {
  id: number;
  scheme_code: string;
  scheme_version: number;
  scope_kind: 'park' | 'region';
  scope_code: string;
  year: number;
  status: 'draft' | 'published' | 'final';
  created_at: string;
  created_by: string;
  published_at: string | null;
  objections_until: string | null;
  counts: Record<string, number>;
}

const RUN_COLUMNS = `r.id, r.scheme_code, r.scheme_version, r.scope_kind, r.scope_code, r.year, r.status,
  r.created_at, r.created_by, r.published_at, r.objections_until, r.counts`;
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const toRun = (r: Record<string, unknown>): RunRow => ({
  ...(r as unknown as RunRow),
  id: Number(r.id),
  created_at: iso(r.created_at)!,
  published_at: iso(r.published_at),
  objections_until: iso(r.objections_until),
});

/** A run's rows a caller may see: the whole run within their region or park, else their own enterprises' results. */
function runVisibility(visibility: Visibility, params: unknown[]): { run: string; ownOnly: string } {
  if (visibility.all) return { run: 'true', ownOnly: 'false' };
  params.push(visibility.parks, visibility.regions, visibility.enterprises);
  const p = params.length;
  const whole = `(r.scope_park_id = any($${p - 2}::int[]) or r.scope_region_id = any($${p - 1}::int[])
    or exists (select 1 from park k where k.id = r.scope_park_id and k.region_id = any($${p - 1}::int[])))`;
  const own = `exists (select 1 from grading_result x where x.run_id = r.id and x.enterprise_id = any($${p}::bigint[]))`;
  return { run: `(${whole} or ${own})`, ownOnly: `not ${whole}` };
}

async function visibleRun(db: Queryable, visibility: Visibility, id: number) {
  const params: unknown[] = [id];
  const v = runVisibility(visibility, params);
  const [row] = await db.query<Record<string, unknown>>(
    `select ${RUN_COLUMNS}, r.scheme, ${v.ownOnly} as own_only from grading_run r where r.id = $1 and ${v.run}`,
    params as never[],
  );
  if (!row) throw new OperationError(404, `no grading run ${id}`);
  return { run: toRun(row), scheme: row.scheme as GradingScheme, ownOnly: Boolean(row.own_only) };
}

export async function createGradingRun(
  db: Db,
  subject: Subject,
  actor: Actor,
  clock: Clock,
  input: { scheme: GradingScheme; scope: string; year: number },
) {
  const { scheme, year } = input;
  return db.transaction(async (tx) => {
    const scope = await resolveGradingScope(tx, input.scope);
    if (!scopeCovers(await writeScopeOf(tx, subject), { parkId: scope.parkId, regionId: scope.regionId }))
      throw new OperationError(404, `no park or region ${input.scope} within what you may change`);
    const derivedFromPrevious = scheme.formulas.flatMap((f) =>
      f.items.flatMap((i) =>
        i.benchmark.kind === 'derived' && i.benchmark.year === 'previous' ? [i.benchmark] : [],
      ),
    );
    const current = await loadGradingPanels(
      tx,
      scope,
      year,
      derivedFromPrevious.length === 0
        ? 'none'
        : // A region's counties are inside the region: only a park's scope widens to whole counties.
          scope.kind === 'park' && derivedFromPrevious.some((b) => b.group === 'county')
          ? 'counties'
          : 'scope',
      figuresRead(scheme),
    );
    const result = gradeEnterprises(scheme, current.panel, { year, previous: current.previous });
    const counts: Record<string, number> = {};
    for (const s of result.status) counts[STATUS_NAMES[s]!] = (counts[STATUS_NAMES[s]!] ?? 0) + 1;
    const [run] = await tx.query<{ id: number }>(
      `insert into grading_run (scheme_code, scheme_version, scheme, scope_kind, scope_code, scope_region_id,
         scope_park_id, year, created_at, created_by, counts)
       values ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10, $11::jsonb) returning id`,
      [
        scheme.code,
        scheme.version,
        JSON.stringify(scheme),
        scope.kind,
        scope.code,
        scope.regionId,
        scope.parkId,
        year,
        clock().toISOString(),
        actor.name,
        JSON.stringify(counts),
      ],
    );
    const grouping = scheme.bands?.group ?? 'run';
    // One binary COPY for all results: a province's 50,000 rows as an insert from a JSON parameter spent
    // most of the run parsing it, and as CSV, formatting their million numbers to digits and back.
    const itemNumbers = storedItemNumbers(scheme, result);
    const results = current.enterprises.map((e, i): BinaryValue[] => {
      const exemption = result.exemption[i]! >= 0 ? scheme.exemptions[result.exemption[i]!]! : null;
      return [
        run!.id,
        e.id,
        STATUS_NAMES[result.status[i]!]!,
        current.panel.aboveSize[i] === 1 ? 'above_size' : 'below_size',
        Number.isNaN(result.score[i]!) ? null : result.score[i]!,
        gradeLetter(scheme, result, i),
        result.rank[i] || null,
        result.groupSize[i] || null,
        grouping === 'county' ? e.county_name : grouping === 'park' ? e.park_code : scope.code,
        exemption ? (exemption.name_zh ?? exemption.code) : null,
        itemNumbers(i),
        result.adjustment[i]!,
      ];
    });
    await tx.copyFrom(
      `copy grading_result (run_id, enterprise_id, status, size_class, score, grade, rank, group_size, group_key,
         exemption, items, adjustment) from stdin with (format binary)`,
      copyBinary(RESULT_TYPES, results),
    );
    await recordAudit(tx, actor, 'create', 'grading_run', run!.id, null, {
      scheme: scheme.code,
      scope: scope.code,
      year,
      counts,
    });
    return { id: Number(run!.id), scheme: scheme.code, scope: scope.code, year, counts };
  });
}

/** The types of grading_result's columns as createGradingRun copies them (binary COPY needs each column's own). */
const RESULT_TYPES: BinaryType[] = [
  'int4', // run_id
  'int8', // enterprise_id
  'text', // status
  'text', // size_class
  'float8', // score
  'text', // grade
  'int4', // rank
  'int4', // group_size
  'text', // group_key
  'text', // exemption
  'float8[]', // items
  'float8', // adjustment
];

/** The figures a scheme's formulas read (and the land its eligibility rule reads). */
function figuresRead(scheme: GradingScheme): FigureCode[] {
  const used = new Set<FigureCode>(['land_area']);
  for (const formula of scheme.formulas)
    for (const item of formula.items) {
      const def = scheme.indicators.find((d) => d.code === item.indicator)!;
      used.add(def.numerator);
      used.add(def.denominator);
    }
  return [...used];
}

/** The score formula of a size class, in the scheme's words: "亩均税收 ÷ 24.097 × 30 + …". */
export function formulaText(scheme: GradingScheme, aboveSize: boolean): string {
  const formula = scheme.formulas.find((f) => f.appliesTo.includes(aboveSize ? 'above_size' : 'below_size'))!;
  const parts = formula.items.map((item) => {
    const name = scheme.indicators.find((d) => d.code === item.indicator)!.name_zh;
    const b = item.benchmark;
    const bench =
      b.kind === 'fixed'
        ? String(b.value)
        : b.kind === 'derived'
          ? `(${b.multiplier} × ${b.year === 'previous' ? '上年度' : '本年度'}${b.group === 'county' ? '县（区）' : b.group === 'park' ? '园区' : ''}${b.statistic === 'median' ? '中位数' : '平均值'})`
          : `(${b.multiplier} × 基准值(${b.indicator}))`;
    const ratio = `${name} ÷ ${bench}`;
    return `${item.capRatio !== undefined ? `min(${item.capRatio}, ${ratio})` : ratio} × ${item.weight}`;
  });
  return `${parts.join(' + ')}${scheme.adjustments.length ? ' + 加(减)分项' : ''}`;
}

export async function listGradingRuns(
  db: Queryable,
  visibility: Visibility,
  filters: { scope?: string; year?: number },
) {
  const params: unknown[] = [filters.scope ?? null, filters.year ?? null];
  const v = runVisibility(visibility, params);
  const rows = await db.query<Record<string, unknown>>(
    `select ${RUN_COLUMNS} from grading_run r
     where ($1::text is null or r.scope_code = $1) and ($2::int is null or r.year = $2) and ${v.run}
     order by r.year desc, r.id desc`,
    params as never[],
  );
  return rows.map(toRun);
}

/** A run with its formulas and its grade distribution overall and by park, chain and industry division. */
export async function getGradingRun(db: Queryable, visibility: Visibility, id: number) {
  const { run, scheme, ownOnly } = await visibleRun(db, visibility, id);
  const params: unknown[] = [id, ownOnly ? visibility.enterprises : null];
  const own = '($2::bigint[] is null or g.enterprise_id = any($2::bigint[]))';
  const count = (key: string, join = '') =>
    db.query<{ key: string | null; grade: string | null; status: string; n: number }>(
      `select ${key} as key, g.grade, g.status, count(*)::int as n from grading_result g
       join enterprise e on e.id = g.enterprise_id ${join}
       where g.run_id = $1 and ${own} group by 1, 2, 3 order by 1, 2, 3`,
      params as never[],
    );
  const shape = (rows: { key: string | null; grade: string | null; status: string; n: number }[]) => {
    const out = new Map<string, { key: string | null; grades: Record<string, number>; total: number }>();
    for (const r of rows) {
      const k = r.key ?? '';
      let bucket = out.get(k);
      if (!bucket) {
        bucket = { key: r.key, grades: {}, total: 0 };
        out.set(k, bucket);
      }
      const label = r.grade ?? r.status;
      bucket.grades[label] = (bucket.grades[label] ?? 0) + r.n;
      bucket.total += r.n;
    }
    return [...out.values()];
  };
  const [overall, byPark, byChain, byIndustry] = await Promise.all([
    count("'all'"),
    count('k.code', 'left join park k on k.id = e.park_id'),
    count(
      'c.code',
      'join enterprise_node en on en.enterprise_id = e.id join chain_node cn on cn.id = en.chain_node_id join chain c on c.id = cn.chain_id',
    ),
    count('left(e.industry_code, 2)'),
  ]);
  return {
    ...run,
    scheme: {
      code: scheme.code,
      version: scheme.version,
      name_zh: scheme.name_zh,
      name_en: scheme.name_en ?? null,
      source: scheme.source,
      grades: scheme.bands ? [...scheme.bands.grades.map((g) => g.grade), 'T'] : [],
      bands: scheme.bands ?? null,
      formulas: {
        above_size: formulaText(scheme, true),
        below_size: formulaText(scheme, false),
      },
    },
    distribution: {
      overall: shape(overall)[0] ?? { key: 'all', grades: {}, total: 0 },
      by_park: shape(byPark),
      by_chain: shape(byChain),
      by_industry: shape(byIndustry),
    },
  };
}

export interface ResultRow {
  credit_code: string | null;
  name_zh: string;
  name_en: string | null;
  park_code: string | null;
  industry_code: string | null;
  status: string;
  size_class: string;
  score: number | null;
  grade: string | null;
  rank: number | null;
  group_size: number | null;
  group_key: string | null;
  exemption: string | null;
  missing: string[];
}

export interface StoredBreakdown extends Breakdown {
  formula: string;
}

const RESULT_COLUMNS = `e.credit_code, e.name_zh, e.name_en, k.code as park_code, e.industry_code, g.status, g.size_class,
  g.score, g.grade, g.rank, g.group_size, g.group_key, g.exemption, g.items, g.adjustment`;

/** A stored result as shown: its missing figures named from its items (see migrations 0011 and 0015). */
function shownResult(scheme: GradingScheme, row: Record<string, unknown>) {
  const { items: numbers, adjustment, ...shown } = row;
  const items = storedItemsOf(numbers as (number | null)[]);
  const formula = formulaIndexOf(scheme, row.size_class as 'above_size' | 'below_size');
  const status = row.status as GradingStatus;
  const result = {
    ...(shown as unknown as Omit<ResultRow, 'missing'>),
    score: row.score === null ? null : Number(row.score),
    missing: missingFigures(scheme, formula, items, status) as string[],
  };
  return { result, items, formula, status, adjustment: Number(adjustment) };
}

export async function listGradingResults(
  db: Queryable,
  visibility: Visibility,
  id: number,
  filters: { grade?: string; status?: string; park_code?: string; limit?: number },
) {
  const { ownOnly, scheme } = await visibleRun(db, visibility, id);
  const rows = await db.query<Record<string, unknown>>(
    `select ${RESULT_COLUMNS} from grading_result g join enterprise e on e.id = g.enterprise_id
     left join park k on k.id = e.park_id
     where g.run_id = $1 and ($2::text is null or g.grade = $2) and ($3::text is null or g.status = $3)
       and ($4::text is null or k.code = $4) and ($5::bigint[] is null or g.enterprise_id = any($5::bigint[]))
     order by g.score desc nulls last, e.name_zh limit $6`,
    [
      id,
      filters.grade ?? null,
      filters.status ?? null,
      filters.park_code ?? null,
      ownOnly ? visibility.enterprises : null,
      filters.limit ?? 100_000,
    ],
  );
  return rows.map((r): ResultRow => shownResult(scheme, r).result);
}

/** One enterprise's result with its formula, inputs, benchmarks and points, and the changes made to it. */
export async function gradingResult(db: Queryable, visibility: Visibility, id: number, enterprise: string) {
  const { ownOnly, scheme } = await visibleRun(db, visibility, id);
  const [row] = await db.query<Record<string, unknown>>(
    `select g.enterprise_id::float8 as enterprise_id, ${RESULT_COLUMNS} from grading_result g
     join enterprise e on e.id = g.enterprise_id left join park k on k.id = e.park_id
     where g.run_id = $1 and (e.credit_code = $2 or e.name_zh = $2)
       and ($3::bigint[] is null or g.enterprise_id = any($3::bigint[]))
     order by e.id limit 1`,
    [id, enterprise, ownOnly ? visibility.enterprises : null],
  );
  if (!row) throw new OperationError(404, `no result for ${enterprise} in grading run ${id}`);
  const changes = await db.query<Record<string, unknown>>(
    `select at, by_user, field, old_value, new_value, reason, objection_id from grading_change
     where run_id = $1 and enterprise_id = $2 order by id`,
    [id, row.enterprise_id as number],
  );
  const { enterprise_id: _, ...stored } = row;
  const shown = shownResult(scheme, stored);
  const breakdown: StoredBreakdown = {
    ...explainItems(scheme, shown.formula, shown.items, shown),
    formula: formulaText(scheme, row.size_class === 'above_size'),
  };
  return {
    ...shown.result,
    breakdown,
    changes,
  };
}

async function writableRun(tx: Queryable, subject: Subject, id: number) {
  const [row] = await tx.query<Record<string, unknown>>(
    `select ${RUN_COLUMNS}, r.scope_park_id, r.scope_region_id from grading_run r where r.id = $1 for update`,
    [id],
  );
  if (
    !row ||
    !scopeCovers(await writeScopeOf(tx, subject), {
      parkId: row.scope_park_id as number | null,
      regionId: row.scope_region_id as number | null,
    })
  )
    throw new OperationError(404, `no grading run ${id} within what you may change`);
  return toRun(row);
}

/** Publishes a run (公示): results become visible as published, and objections are taken until the window closes. */
export async function publishGradingRun(
  db: Db,
  subject: Subject,
  actor: Actor,
  clock: Clock,
  id: number,
  objectionDays: number,
) {
  return db.transaction(async (tx) => {
    const run = await writableRun(tx, subject, id);
    if (run.status !== 'draft') throw new OperationError(409, `grading run ${id} is already ${run.status}`);
    const now = clock();
    const until = new Date(now.getTime() + objectionDays * 86_400_000);
    await tx.query(
      "update grading_run set status = 'published', published_at = $2, objections_until = $3 where id = $1",
      [id, now.toISOString(), until.toISOString()],
    );
    await recordAudit(
      tx,
      actor,
      'publish',
      'grading_run',
      id,
      { status: run.status },
      {
        status: 'published',
        objections_until: until.toISOString(),
      },
    );
    return {
      id,
      status: 'published',
      published_at: now.toISOString(),
      objections_until: until.toISOString(),
    };
  });
}

/**
 * Files an objection to a published result, inside the window: by a user of that enterprise, or by an
 * officer who may change the run's scope (filing for the enterprise).
 */
export async function fileObjection(
  db: Db,
  subject: Subject,
  visibility: Visibility,
  actor: Actor,
  clock: Clock,
  id: number,
  input: { enterprise: string; text: string },
) {
  return db.transaction(async (tx) => {
    const { run, ownOnly } = await visibleRun(tx, visibility, id);
    const [target] = await tx.query<{ enterprise_id: number }>(
      `select g.enterprise_id::float8 as enterprise_id from grading_result g join enterprise e on e.id = g.enterprise_id
       where g.run_id = $1 and (e.credit_code = $2 or e.name_zh = $2)
         and ($3::bigint[] is null or g.enterprise_id = any($3::bigint[])) limit 1`,
      [id, input.enterprise, ownOnly ? visibility.enterprises : null],
    );
    if (!target) throw new OperationError(404, `no result for ${input.enterprise} in grading run ${id}`);
    const enterpriseId = Number(target.enterprise_id);
    const own = subject.memberships.some(
      (m) => m.role === 'enterprise_user' && Number(m.enterpriseId) === enterpriseId,
    );
    const scoped = await tx.query<{ park: number | null; region: number | null }>(
      'select scope_park_id as park, scope_region_id as region from grading_run where id = $1',
      [id],
    );
    const officer = scopeCovers(await writeScopeOf(tx, subject), {
      parkId: scoped[0]!.park,
      regionId: scoped[0]!.region,
    });
    if (!own && !officer)
      throw new OperationError(
        403,
        'only the enterprise itself or an officer of the run may object to its result',
      );
    const now = clock();
    if (run.status !== 'published' || !run.objections_until)
      throw new OperationError(
        409,
        `grading run ${id} is ${run.status}; objections are taken while it is published`,
      );
    if (now.getTime() > new Date(run.objections_until).getTime())
      throw new OperationError(
        409,
        `the objection window of grading run ${id} closed at ${run.objections_until}`,
      );
    const [row] = await tx.query<{ id: number }>(
      `insert into grading_objection (run_id, enterprise_id, filed_at, filed_by, text) values ($1, $2, $3, $4, $5)
       returning id`,
      [id, enterpriseId, now.toISOString(), actor.name, input.text],
    );
    await recordAudit(tx, actor, 'create', 'grading_objection', row!.id, null, { run: id, ...input });
    return {
      id: Number(row!.id),
      run_id: id,
      enterprise: input.enterprise,
      status: 'open',
      filed_at: now.toISOString(),
    };
  });
}

export async function listObjections(db: Queryable, visibility: Visibility, id: number) {
  const { ownOnly } = await visibleRun(db, visibility, id);
  const own = ownOnly ? visibility.enterprises : null;
  const objections = await db.query<Record<string, unknown>>(
    `select o.id, e.credit_code, e.name_zh, e.name_en, o.filed_at, o.filed_by, o.text, o.status, o.resolved_at, o.resolved_by,
       o.resolution from grading_objection o join enterprise e on e.id = o.enterprise_id
     where o.run_id = $1 and ($2::bigint[] is null or o.enterprise_id = any($2::bigint[])) order by o.id`,
    [id, own],
  );
  const changes = await db.query<Record<string, unknown>>(
    `select c.id, e.credit_code, e.name_zh, e.name_en, c.at, c.by_user, c.field, c.old_value, c.new_value, c.reason, c.objection_id
     from grading_change c join enterprise e on e.id = c.enterprise_id
     where c.run_id = $1 and ($2::bigint[] is null or c.enterprise_id = any($2::bigint[])) order by c.id`,
    [id, own],
  );
  return { objections, changes };
}

/** Decides an objection; an upheld one may correct the grade or the score, and each correction is logged. */
export async function resolveObjection(
  db: Db,
  subject: Subject,
  actor: Actor,
  clock: Clock,
  objectionId: number,
  input: { decision: 'upheld' | 'rejected'; resolution: string; grade?: string; score?: number },
) {
  return db.transaction(async (tx) => {
    const [objection] = await tx.query<{ run_id: number; enterprise_id: number; status: string }>(
      'select run_id, enterprise_id::float8 as enterprise_id, status from grading_objection where id = $1 for update',
      [objectionId],
    );
    if (!objection) throw new OperationError(404, `no objection ${objectionId}`);
    await writableRun(tx, subject, objection.run_id);
    if (objection.status !== 'open')
      throw new OperationError(409, `objection ${objectionId} is already ${objection.status}`);
    if (input.decision === 'rejected' && (input.grade !== undefined || input.score !== undefined))
      throw new OperationError(
        400,
        'a rejected objection changes nothing; give a grade or score only when upholding it',
      );
    const now = clock().toISOString();
    const [result] = await tx.query<{ grade: string | null; score: number | null }>(
      'select grade, score from grading_result where run_id = $1 and enterprise_id = $2',
      [objection.run_id, objection.enterprise_id],
    );
    const changes: { field: string; from: string | null; to: string }[] = [];
    if (input.grade !== undefined && input.grade !== result!.grade)
      changes.push({ field: 'grade', from: result!.grade, to: input.grade });
    if (input.score !== undefined && input.score !== result!.score)
      changes.push({
        field: 'score',
        from: result!.score === null ? null : String(result!.score),
        to: String(input.score),
      });
    for (const c of changes) {
      await tx.query(
        `insert into grading_change (run_id, enterprise_id, at, by_user, field, old_value, new_value, reason, objection_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          objection.run_id,
          objection.enterprise_id,
          now,
          actor.name,
          c.field,
          c.from,
          c.to,
          input.resolution,
          objectionId,
        ],
      );
    }
    if (input.grade !== undefined || input.score !== undefined)
      await tx.query(
        `update grading_result set grade = coalesce($3, grade), score = coalesce($4, score)
         where run_id = $1 and enterprise_id = $2`,
        [objection.run_id, objection.enterprise_id, input.grade ?? null, input.score ?? null],
      );
    await tx.query(
      'update grading_objection set status = $2, resolved_at = $3, resolved_by = $4, resolution = $5 where id = $1',
      [objectionId, input.decision, now, actor.name, input.resolution],
    );
    await recordAudit(
      tx,
      actor,
      'resolve',
      'grading_objection',
      objectionId,
      { status: 'open' },
      {
        status: input.decision,
        changes,
      },
    );
    return { id: objectionId, status: input.decision, changes };
  });
}

/** Closes a published run once its objection window has passed and every objection is decided. */
export async function finalizeGradingRun(db: Db, subject: Subject, actor: Actor, clock: Clock, id: number) {
  return db.transaction(async (tx) => {
    const run = await writableRun(tx, subject, id);
    if (run.status !== 'published')
      throw new OperationError(409, `grading run ${id} is ${run.status}, not published`);
    if (clock().getTime() <= new Date(run.objections_until!).getTime())
      throw new OperationError(
        409,
        `the objection window of grading run ${id} is open until ${run.objections_until}`,
      );
    const [open] = await tx.query<{ n: number }>(
      "select count(*)::int as n from grading_objection where run_id = $1 and status = 'open'",
      [id],
    );
    if (open!.n > 0)
      throw new OperationError(409, `${open!.n} objection(s) to grading run ${id} are still open`);
    await tx.query("update grading_run set status = 'final' where id = $1", [id]);
    await recordAudit(tx, actor, 'finalize', 'grading_run', id, { status: 'published' }, { status: 'final' });
    return { id, status: 'final' };
  });
}

/** Grade changes from the latest earlier run of the same scope for the previous year. */
export async function yearOnYear(db: Queryable, visibility: Visibility, id: number) {
  const { run, ownOnly } = await visibleRun(db, visibility, id);
  const [previous] = await db.query<{ id: number }>(
    `select id from grading_run where scope_code = $1 and year = $2 order by (status = 'final') desc, id desc limit 1`,
    [run.scope_code, run.year - 1],
  );
  if (!previous)
    return { previous_run: null, changes: [], summary: { up: 0, down: 0, same: 0, changed: 0, new: 0 } };
  const rows = await db.query<{
    credit_code: string | null;
    name_zh: string;
    before: string | null;
    after: string | null;
    had_previous: boolean;
  }>(
    `select e.credit_code, e.name_zh, p.grade as before, c.grade as after, p.run_id is not null as had_previous
     from grading_result c
     join enterprise e on e.id = c.enterprise_id
     left join grading_result p on p.run_id = $2 and p.enterprise_id = c.enterprise_id
     where c.run_id = $1 and ($3::bigint[] is null or c.enterprise_id = any($3::bigint[])) order by e.name_zh`,
    [id, previous.id, ownOnly ? visibility.enterprises : null],
  );
  // Grades compare by the order of the letters (A best); T and none compare as unchanged only when equal.
  const order = (g: string | null) => (g && g !== 'T' ? g.charCodeAt(0) : null);
  const summary = { up: 0, down: 0, same: 0, changed: 0, new: 0 };
  const changes = rows.map(({ had_previous, ...r }) => {
    const a = order(r.before);
    const b = order(r.after);
    const change = !had_previous
      ? 'new'
      : a !== null && b !== null
        ? b < a
          ? 'up'
          : b > a
            ? 'down'
            : 'same'
        : r.before === r.after
          ? 'same'
          : 'changed';
    if (change in summary) summary[change as keyof typeof summary]++;
    return { ...r, change };
  });
  return { previous_run: Number(previous.id), changes, summary };
}

/** The list the price bureau and utilities need: each graded firm's credit code, name and grade. */
export async function pricingList(db: Queryable, visibility: Visibility, id: number) {
  const { run, ownOnly } = await visibleRun(db, visibility, id);
  const rows = await db.query<{
    credit_code: string | null;
    name_zh: string;
    grade: string;
    score: number | null;
  }>(
    `select e.credit_code, e.name_zh, g.grade, g.score from grading_result g join enterprise e on e.id = g.enterprise_id
     where g.run_id = $1 and g.grade is not null and ($2::bigint[] is null or g.enterprise_id = any($2::bigint[]))
     order by g.grade, g.score desc nulls last, e.name_zh`,
    [id, ownOnly ? visibility.enterprises : null],
  );
  return {
    run: { id, scheme: run.scheme_code, scope: run.scope_code, year: run.year, status: run.status },
    items: rows,
  };
}

export const pricingCsv = (
  items: { credit_code: string | null; name_zh: string; grade: string; score: number | null }[],
) =>
  `credit_code,name_zh,grade,score\n${items
    .map((r) =>
      [r.credit_code ?? '', r.name_zh, r.grade, r.score === null ? '' : Number(r.score).toFixed(4)]
        .map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v))
        .join(','),
    )
    .join('\n')}\n`;
