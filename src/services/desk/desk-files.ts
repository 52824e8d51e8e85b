/**
 * Desk files: the chain chief system of one or more desks (YAML/JSON, `kind: chain_desks`) and a desk's
 * technology roadmap (YAML/JSON nested, or CSV/XLSX one row per technology task). Checked like the chain
 * templates: every problem is collected with its file, line (YAML) or row (spreadsheet), column and what
 * was expected — an unknown node, a bad year, a maturity level outside 1–9 — and the file lands whole or
 * not at all.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { FileFormatError, openTableSource } from '../../ingest/open-source.ts';
import type { FileInput } from '../../ingest/table-source.ts';
import { decodeText } from '../../ingest/text-encoding.ts';
import type { Queryable } from '../../store/db.ts';
import { type Actor, recordAudit } from '../audit.ts';
import { ImportFailed, type ImportIssue, MAX_LISTED_ISSUES } from '../import/import-error.ts';
import type { DeskRef } from './desk-store.ts';

export const TECHNOLOGY_DEPENDENCE = ['domestic', 'partly_foreign', 'foreign'] as const;
export const TECHNOLOGY_TASK_STATUSES = ['planned', 'in_progress', 'done'] as const;
export const INSTITUTION_KINDS = [
  'university',
  'lab',
  'institute',
  'association',
  'exchange',
  'consortium',
  'other',
] as const;

/** Where a value sits in the file: a path into the YAML/JSON document, or a spreadsheet row. */
type Path = (string | number)[];

interface Entry {
  /** The row as the user counts it (list entry, first = 1; spreadsheet row, header = 1). */
  row: number;
  values: Record<string, unknown>;
  /** Path of this entry in the structured document (absent for spreadsheets). */
  path?: Path;
}

interface ReadFile {
  kind?: string;
  entries: Entry[];
  /** The 1-based line of a path in a YAML file; undefined for other formats. */
  lineOf(path: Path): number | undefined;
}

class Issues {
  readonly list: ImportIssue[] = [];
  total = 0;
  constructor(
    readonly file: string,
    readonly read: ReadFile,
  ) {}
  add(entry: Entry, column: string | undefined, value: unknown, expected: string, sub: Path = []) {
    this.total++;
    if (this.list.length >= MAX_LISTED_ISSUES) return;
    const line = entry.path
      ? this.read.lineOf([...entry.path, ...sub, ...(column ? [column] : [])])
      : undefined;
    this.list.push({
      file: this.file,
      row: entry.row,
      ...(line ? { line } : {}),
      ...(column ? { column } : {}),
      ...(value === undefined ? {} : { value }),
      expected,
    });
  }
  throwIfAny() {
    if (this.total > 0) {
      const inOrder = [...this.list].sort((a, b) => (a.line ?? a.row) - (b.line ?? b.row));
      throw new ImportFailed(inOrder, this.total);
    }
  }
}

const fail = (file: string, expected: string, line?: number): never => {
  throw new ImportFailed([{ file, row: 0, ...(line ? { line } : {}), expected }], 1);
};

async function readDeskFile(input: FileInput): Promise<ReadFile> {
  const ext = extname(input.name).toLowerCase();
  if (ext === '.yaml' || ext === '.yml' || ext === '.json') {
    const bytes = Buffer.isBuffer(input.data) ? input.data : readFileSync(input.data.path);
    let text: string;
    try {
      text = decodeText(input.name, bytes);
    } catch (error) {
      return fail(input.name, (error as Error).message);
    }
    const lineCounter = new LineCounter();
    // JSON is YAML: one parser gives lines for both.
    const doc = parseDocument(text, { lineCounter, prettyErrors: true });
    if (doc.errors.length > 0) {
      const first = doc.errors[0]!;
      fail(
        input.name,
        `a valid ${ext === '.json' ? 'JSON' : 'YAML'} file (${first.message.split('\n')[0]})`,
        first.linePos?.[0]?.line,
      );
    }
    let parsed: unknown;
    try {
      parsed = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      return fail(input.name, `a usable YAML file (${(error as Error).message})`);
    }
    const lineOf = (path: Path) => {
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
        if (node?.range) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    };
    const rows = Array.isArray(parsed) ? parsed : (parsed as { rows?: unknown } | null)?.rows;
    if (!Array.isArray(rows)) fail(input.name, 'a list of rows, or an object with a "rows" list');
    const kind = (parsed as { kind?: unknown } | null)?.kind;
    const base: Path = Array.isArray(parsed) ? [] : ['rows'];
    return {
      kind: typeof kind === 'string' ? kind : undefined,
      entries: (rows as unknown[]).map((values, i) => ({
        row: i + 1,
        values: values && typeof values === 'object' && !Array.isArray(values) ? (values as never) : {},
        path: [...base, i],
      })),
      lineOf,
    };
  }
  // CSV and XLSX through the import's own readers (encodings, limits, zip bombs are theirs).
  let source: Awaited<ReturnType<typeof openTableSource>>;
  try {
    source = await openTableSource(input);
  } catch (error) {
    if (error instanceof FileFormatError) return fail(input.name, error.message, error.row);
    throw error;
  }
  const entries: Entry[] = [];
  try {
    for await (const batch of source.batches)
      for (const row of batch) entries.push({ row: row.rowNumber, values: row.values });
  } catch (error) {
    if (error instanceof FileFormatError) return fail(input.name, error.message, error.row);
    throw error;
  }
  return { kind: source.declaredKind, entries, lineOf: () => undefined };
}

// Cell readers: spreadsheets give strings, YAML gives typed values; both are accepted.
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const str = (v: unknown) => (blank(v) ? null : String(v).trim());
function int(v: unknown): number | null | 'bad' {
  if (blank(v)) return null;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  return Number.isInteger(n) ? n : 'bad';
}
function bool(v: unknown): boolean | null | 'bad' {
  if (blank(v)) return null;
  if (typeof v === 'boolean') return v;
  const t = String(v).trim().toLowerCase();
  if (['true', 'yes', 'y', '1', '是'].includes(t)) return true;
  if (['false', 'no', 'n', '0', '否'].includes(t)) return false;
  return 'bad';
}
function list(v: unknown): string[] {
  if (blank(v)) return [];
  if (Array.isArray(v)) return v.map((x) => String(x).trim()).filter(Boolean);
  return String(v)
    .split(/[;；|]/)
    .map((x) => x.trim())
    .filter(Boolean);
}

export interface TechnologyInput {
  node: string;
  code: string;
  name: string;
  trl: number | null;
  dependence: (typeof TECHNOLOGY_DEPENDENCE)[number] | null;
  bottleneck: boolean;
  institutions: string[];
  note: string | null;
  source: string | null;
  quote: string | null;
  row: number;
  tasks: { year: number; title: string; owner: string | null; status: string }[];
}

/** Checks technology entries against the chain's nodes; problems go to `issues`. */
function readTechnologies(
  entries: Entry[],
  nodeCodes: Set<string>,
  issues: Issues,
  sub: (e: Entry) => Path = () => [],
): TechnologyInput[] {
  const byCode = new Map<string, TechnologyInput>();
  const nodeList = [...nodeCodes].join(', ');
  for (const entry of entries) {
    const v = entry.values;
    const at = sub(entry);
    const before = issues.total;
    const code = str(v.code);
    const name = str(v.name);
    const node = str(v.node);
    if (!code) issues.add(entry, 'code', v.code, 'a technology code (unique in the desk)', at);
    if (!name) issues.add(entry, 'name', v.name, 'the technology’s name', at);
    if (!node) issues.add(entry, 'node', v.node, `a node of the chain: ${nodeList}`, at);
    else if (!nodeCodes.has(node))
      issues.add(entry, 'node', node, `a node of the chain (unknown node): ${nodeList}`, at);
    const trl = int(v.trl ?? v.maturity);
    if (trl === 'bad' || (trl !== null && (trl < 1 || trl > 9)))
      issues.add(
        entry,
        v.trl === undefined ? 'maturity' : 'trl',
        v.trl ?? v.maturity,
        'a maturity level: technology readiness level 1–9 (GB/T 22900, ISO 16290)',
        at,
      );
    const dependence = str(v.dependence);
    if (dependence && !(TECHNOLOGY_DEPENDENCE as readonly string[]).includes(dependence))
      issues.add(entry, 'dependence', dependence, `one of ${TECHNOLOGY_DEPENDENCE.join(', ')}`, at);
    const bottleneck = bool(v.bottleneck);
    if (bottleneck === 'bad')
      issues.add(entry, 'bottleneck', v.bottleneck, 'true or false (a 卡脖子 technology?)', at);
    // Tasks: nested (YAML `tasks:`) or one per spreadsheet row (task_year, task_title, …).
    const rawTasks: { values: Record<string, unknown>; path: Path }[] = Array.isArray(v.tasks)
      ? (v.tasks as Record<string, unknown>[]).map((t, i) => ({
          values: t && typeof t === 'object' ? t : {},
          path: [...at, 'tasks', i],
        }))
      : !blank(v.task_year) || !blank(v.task_title)
        ? [
            {
              values: {
                year: v.task_year,
                title: v.task_title,
                owner: v.task_owner,
                status: v.task_status,
              },
              path: at,
            },
          ]
        : [];
    const tasks: TechnologyInput['tasks'] = [];
    for (const t of rawTasks) {
      const prefix = Array.isArray(v.tasks) ? '' : 'task_';
      const year = int(t.values.year);
      if (year === null || year === 'bad' || year < 1900 || year > 2200)
        issues.add(entry, `${prefix}year`, t.values.year, 'a year such as 2026 (1900–2200)', t.path);
      const title = str(t.values.title);
      if (!title) issues.add(entry, `${prefix}title`, t.values.title, 'the task’s title', t.path);
      const status = str(t.values.status) ?? 'planned';
      if (!(TECHNOLOGY_TASK_STATUSES as readonly string[]).includes(status))
        issues.add(entry, `${prefix}status`, status, `one of ${TECHNOLOGY_TASK_STATUSES.join(', ')}`, t.path);
      if (typeof year === 'number' && title) tasks.push({ year, title, owner: str(t.values.owner), status });
    }
    if (issues.total > before || !code || !name || !node) continue;
    const existing = byCode.get(code);
    if (existing) {
      // A spreadsheet repeats the technology on each of its task rows; it must say the same each time.
      if (existing.node !== node || existing.name !== name)
        issues.add(
          entry,
          'code',
          code,
          `the same node and name as row ${existing.row} (technology ${code} is already there)`,
          at,
        );
      else existing.tasks.push(...tasks);
      continue;
    }
    byCode.set(code, {
      node,
      code,
      name,
      trl: trl as number | null,
      dependence: dependence as TechnologyInput['dependence'],
      bottleneck: bottleneck === true,
      institutions: list(v.institutions),
      note: str(v.note),
      source: str(v.source),
      quote: str(v.quote),
      row: entry.row,
      tasks,
    });
  }
  return [...byCode.values()];
}

async function chainNodes(tx: Queryable, chainId: number): Promise<Map<string, number>> {
  const rows = await tx.query<{ id: number; code: string }>(
    'select id, code from chain_node where chain_id = $1 order by seq, code',
    [chainId],
  );
  return new Map(rows.map((r) => [r.code, Number(r.id)]));
}

/** Replaces a desk's technologies (and their tasks) with `technologies`. */
async function writeTechnologies(
  tx: Queryable,
  deskId: number,
  nodes: Map<string, number>,
  technologies: TechnologyInput[],
  file: string,
) {
  await tx.query('delete from chain_technology where desk_id = $1', [deskId]);
  for (const t of technologies) {
    const [row] = await tx.query<{ id: number }>(
      `insert into chain_technology (desk_id, chain_node_id, code, name, trl, dependence, bottleneck, institutions,
         note, source, quote, import_file, import_row)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
      [
        deskId,
        nodes.get(t.node) ?? null,
        t.code,
        t.name,
        t.trl,
        t.dependence,
        t.bottleneck,
        t.institutions,
        t.note,
        t.source,
        t.quote,
        file,
        t.row,
      ],
    );
    const seen = new Set<string>();
    for (const task of t.tasks) {
      const key = `${task.year}|${task.title}`;
      if (seen.has(key)) continue;
      seen.add(key);
      await tx.query(
        'insert into chain_technology_task (technology_id, year, title, owner, status) values ($1, $2, $3, $4, $5)',
        [row!.id, task.year, task.title, task.owner, task.status],
      );
    }
  }
}

export interface RoadmapImportSummary {
  file: string;
  desk: string;
  technologies: number;
  tasks: number;
  bottlenecks: number;
}

/**
 * Imports a desk's technology roadmap, replacing the one it had, inside the caller's transaction.
 * Rows: node, code, name, trl (or maturity), dependence, bottleneck, institutions, note, source, quote and
 * either `tasks: [{year, title, owner, status}]` (YAML) or task_year, task_title, task_owner, task_status.
 */
export async function importRoadmapInto(
  tx: Queryable,
  desk: DeskRef,
  input: FileInput,
  actor: Actor,
): Promise<RoadmapImportSummary> {
  const read = await readDeskFile(input);
  if (read.kind !== undefined && read.kind !== 'technology_roadmap')
    fail(input.name, `kind: technology_roadmap (the file says ${read.kind})`, read.lineOf(['kind']));
  const issues = new Issues(input.name, read);
  const nodes = await chainNodes(tx, desk.chain.id);
  const technologies = readTechnologies(read.entries, new Set(nodes.keys()), issues);
  issues.throwIfAny();
  const [before] = await tx.query<{ n: number }>(
    'select count(*)::int as n from chain_technology where desk_id = $1',
    [desk.id],
  );
  await writeTechnologies(tx, desk.id, nodes, technologies, input.name);
  const summary = {
    file: input.name,
    desk: desk.code,
    technologies: technologies.length,
    tasks: technologies.reduce((n, t) => n + t.tasks.length, 0),
    bottlenecks: technologies.filter((t) => t.bottleneck).length,
  };
  await recordAudit(
    tx,
    actor,
    'import',
    'technology_roadmap',
    desk.code,
    { technologies: before?.n },
    summary,
  );
  return summary;
}

export interface DeskImportSummary {
  file: string;
  desks: string[];
  members: number;
  technologies: number;
}

type Resolver = (sql: string, value: string) => Promise<number | null>;

/**
 * Imports desks (`kind: chain_desks`): each row a desk with code, chain, scope, chief {name, title},
 * deputies, office, chain_masters, partners, goals, applications and technologies. A desk already there is
 * replaced whole (its editions stay: they are its history).
 */
export async function importDesksInto(
  tx: Queryable,
  input: FileInput,
  actor: Actor,
): Promise<DeskImportSummary> {
  const read = await readDeskFile(input);
  if (read.kind !== undefined && read.kind !== 'chain_desks')
    fail(input.name, `kind: chain_desks (the file says ${read.kind})`, read.lineOf(['kind']));
  const issues = new Issues(input.name, read);
  const one: Resolver = async (sql, value) => {
    const rows = await tx.query<{ id: number }>(sql, [value]);
    return rows.length === 1 ? Number(rows[0]!.id) : null;
  };
  const planned: (() => Promise<number>)[] = [];
  const codes: string[] = [];
  let technologiesTotal = 0;
  for (const entry of read.entries) {
    const v = entry.values;
    const code = str(v.code);
    if (!code) issues.add(entry, 'code', v.code, 'a desk code such as LJ-HUAPING-PV');
    else if (codes.includes(code))
      issues.add(entry, 'code', code, 'a desk code not used earlier in the file');
    const chainCode = str(v.chain);
    const chain = chainCode
      ? await tx.query<{ id: number }>('select id from chain where code = $1', [chainCode])
      : [];
    if (!chain[0]) issues.add(entry, 'chain', v.chain, 'the code of an imported chain template');
    const scopeCode = str(v.scope);
    const park = scopeCode ? await one('select id from park where code = $1', scopeCode) : null;
    const region =
      scopeCode && park === null ? await one('select id from region where code = $1', scopeCode) : null;
    if (park === null && region === null)
      issues.add(entry, 'scope', v.scope, 'a park code (LJ-HUAPING) or a region code (410900)');
    const chief = (v.chief ?? null) as Record<string, unknown> | null;
    if (chief !== null && (typeof chief !== 'object' || !str(chief.name)))
      issues.add(
        entry,
        'chief',
        v.chief,
        'the chief as {name, title, source, quote}, or nothing when no source names one',
      );
    const nodes = chain[0] ? await chainNodes(tx, Number(chain[0].id)) : new Map<string, number>();
    const people: {
      kind: string;
      name: string;
      title: string | null;
      department: string | null;
      park: number | null;
      role: string | null;
      enterprise: number | null;
      institutionKind: string | null;
      source: string | null;
      quote: string | null;
    }[] = [];
    const groups: [string, string][] = [
      ['deputies', 'deputy'],
      ['office', 'office_member'],
      ['chain_masters', 'chain_master'],
      ['partners', 'partner'],
    ];
    for (const [key, kind] of groups) {
      const items = v[key];
      if (blank(items)) continue;
      if (!Array.isArray(items)) {
        issues.add(entry, key, undefined, 'a list');
        continue;
      }
      for (const [i, raw] of (items as Record<string, unknown>[]).entries()) {
        const p = raw ?? {};
        const at: Path = [key, i];
        let enterprise: number | null = null;
        let name = str(p.name);
        if (kind === 'chain_master') {
          const ref = str(p.enterprise);
          enterprise = ref
            ? await one(
                'select id from enterprise where credit_code = $1 or name_zh = $1 or name_en = $1',
                ref,
              )
            : null;
          if (enterprise === null) {
            issues.add(
              entry,
              'enterprise',
              p.enterprise,
              'an imported enterprise (credit code or exact name)',
              at,
            );
            continue;
          }
          name ??= ref;
        }
        if (!name) {
          issues.add(entry, 'name', p.name, 'a name', at);
          continue;
        }
        const parkCode = str(p.park);
        const parkId = parkCode ? await one('select id from park where code = $1', parkCode) : null;
        if (parkCode && parkId === null) issues.add(entry, 'park', parkCode, 'an imported park code', at);
        const institutionKind = str(p.kind);
        if (
          kind === 'partner' &&
          institutionKind &&
          !(INSTITUTION_KINDS as readonly string[]).includes(institutionKind)
        )
          issues.add(entry, 'kind', institutionKind, `one of ${INSTITUTION_KINDS.join(', ')}`, at);
        people.push({
          kind,
          name,
          title: str(p.title),
          department: str(p.department),
          park: parkId,
          role: str(p.role),
          enterprise,
          institutionKind: kind === 'partner' ? institutionKind : null,
          source: str(p.source),
          quote: str(p.quote),
        });
      }
    }
    const goals: {
      year: number;
      title: string;
      target: number | null;
      source: string | null;
      quote: string | null;
    }[] = [];
    for (const [i, g] of ((Array.isArray(v.goals) ? v.goals : []) as Record<string, unknown>[]).entries()) {
      const at: Path = ['goals', i];
      const year = int(g?.year);
      if (year === null || year === 'bad' || year < 1900 || year > 2200) {
        issues.add(entry, 'year', g?.year, 'a year such as 2026 (1900–2200)', at);
        continue;
      }
      const title = str(g.title);
      if (!title) {
        issues.add(entry, 'title', g.title, 'the goal in words', at);
        continue;
      }
      let target: number | null = null;
      const t = g.target as Record<string, unknown> | undefined;
      if (t) {
        const [found] = await tx.query<{ id: number }>(
          `select t.id from target t join metric m on m.id = t.metric_id
           where m.code = $1 and t.due_period = $2 and t.entity_kind = $3 and t.entity_id = $4`,
          [str(t.metric), str(t.due_period), park !== null ? 'park' : 'region', park ?? region],
        );
        if (!found)
          issues.add(
            entry,
            'target',
            t,
            'a target of the desk’s scope (metric and due_period) already imported',
            at,
          );
        else target = Number(found.id);
      }
      goals.push({ year, title, target, source: str(g.source), quote: str(g.quote) });
    }
    const applications: {
      domain: string;
      node: number | null;
      size: number | null;
      unit: string | null;
      year: number | null;
      source: string | null;
      quote: string | null;
    }[] = [];
    for (const [i, a] of (
      (Array.isArray(v.applications) ? v.applications : []) as Record<string, unknown>[]
    ).entries()) {
      const at: Path = ['applications', i];
      const domain = str(a?.domain);
      if (!domain) {
        issues.add(entry, 'domain', a?.domain, 'the application domain (a downstream market)', at);
        continue;
      }
      const nodeCode = str(a.node);
      if (nodeCode && !nodes.has(nodeCode))
        issues.add(
          entry,
          'node',
          nodeCode,
          `a node of the chain (unknown node): ${[...nodes.keys()].join(', ')}`,
          at,
        );
      const size = blank(a.market_size) ? null : Number(a.market_size);
      if (size !== null && !(size >= 0)) issues.add(entry, 'market_size', a.market_size, 'a number ≥ 0', at);
      const year = int(a.market_year);
      if (year === 'bad' || (year !== null && (year < 1900 || year > 2200)))
        issues.add(entry, 'market_year', a.market_year, 'a year such as 2025', at);
      applications.push({
        domain,
        node: nodeCode ? (nodes.get(nodeCode) ?? null) : null,
        size,
        unit: str(a.market_unit),
        year: typeof year === 'number' ? year : null,
        source: str(a.source),
        quote: str(a.quote),
      });
    }
    const techEntries: Entry[] = (Array.isArray(v.technologies) ? v.technologies : []).map(
      (t: unknown, i: number) => ({
        row: entry.row,
        values: (t ?? {}) as Record<string, unknown>,
        path: [...(entry.path ?? []), 'technologies', i],
      }),
    );
    const technologies = readTechnologies(techEntries, new Set(nodes.keys()), issues);
    technologiesTotal += technologies.length;
    if (!code || !chain[0] || (park === null && region === null)) continue;
    codes.push(code);
    const chainId = Number(chain[0].id);
    planned.push(async () => {
      const [existing] = await tx.query<{ id: number }>('select id from chain_desk where code = $1', [code]);
      const values = [
        chainId,
        region,
        park,
        chief ? str(chief.name) : null,
        chief ? str(chief.title) : null,
        chief ? str(chief.source) : null,
        chief ? str(chief.quote) : null,
        str(v.note),
        str(v.source),
        str(v.quote),
        input.name,
        entry.row,
      ];
      let id: number;
      if (existing) {
        id = Number(existing.id);
        await tx.query(
          `update chain_desk set chain_id = $2, region_id = $3, park_id = $4, chief_name = $5, chief_title = $6,
             chief_source = $7, chief_quote = $8, note = $9, source = $10, quote = $11, import_file = $12,
             import_row = $13 where id = $1`,
          [id, ...values],
        );
        for (const table of ['chain_desk_member', 'chain_desk_goal', 'chain_application'])
          await tx.query(`delete from ${table} where desk_id = $1`, [id]);
      } else {
        const [row] = await tx.query<{ id: number }>(
          `insert into chain_desk (code, chain_id, region_id, park_id, chief_name, chief_title, chief_source,
             chief_quote, note, source, quote, import_file, import_row)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
          [code, ...values],
        );
        id = Number(row!.id);
      }
      for (const p of people)
        await tx.query(
          `insert into chain_desk_member (desk_id, kind, name, title, department, park_id, role, enterprise_id,
             institution_kind, source, quote) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           on conflict (desk_id, kind, name) do nothing`,
          [
            id,
            p.kind,
            p.name,
            p.title,
            p.department,
            p.park,
            p.role,
            p.enterprise,
            p.institutionKind,
            p.source,
            p.quote,
          ],
        );
      for (const g of goals)
        await tx.query(
          `insert into chain_desk_goal (desk_id, year, title, target_id, source, quote) values ($1, $2, $3, $4, $5, $6)
           on conflict (desk_id, year, title) do nothing`,
          [id, g.year, g.title, g.target, g.source, g.quote],
        );
      for (const a of applications)
        await tx.query(
          `insert into chain_application (desk_id, domain, chain_node_id, market_size, market_unit, market_year, source, quote)
           values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (desk_id, domain) do nothing`,
          [id, a.domain, a.node, a.size, a.unit, a.year, a.source, a.quote],
        );
      if (Array.isArray(v.technologies)) await writeTechnologies(tx, id, nodes, technologies, input.name);
      return people.length;
    });
  }
  issues.throwIfAny();
  let members = 0;
  for (const write of planned) members += await write();
  const summary = { file: input.name, desks: codes, members, technologies: technologiesTotal };
  await recordAudit(tx, actor, 'import', 'chain_desk', codes.join(','), null, summary);
  return summary;
}
