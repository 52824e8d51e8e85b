/**
 * The chain book: the desk, its five maps and five lists for a period, with the change log since the
 * previous edition. Issuing an edition stores a snapshot of what the desk looked like (node statuses,
 * enterprises on the chain, projects and their stages, open problems, technologies); the next edition's
 * change log is the difference of two snapshots, so it lists exactly what changed in between.
 */
import type { Db, Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';
import { type Actor, recordAudit } from '../audit.ts';
import { type DeskList, deskList } from './desk-lists.ts';
import {
  applicationMap,
  attractionRoute,
  chainMap,
  regionalDistribution,
  technologyRoadmap,
} from './desk-maps.ts';
import { type Desk, type DeskRef, DeskRequestError, loadDesk } from './desk-store.ts';

export interface DeskSnapshot {
  period: string;
  completeness: number;
  weighted_completeness: number;
  supporting_rate: number | null;
  /** node key → status */
  nodes: Record<string, string>;
  /** "name · node · role" of each enterprise placed on the chain in the scope. */
  enterprises: string[];
  /** project code → stage */
  projects: Record<string, string>;
  /** problem key → title */
  problems_open: Record<string, string>;
  /** technology code → its maturity and bottleneck flag */
  technologies: Record<string, { trl: number | null; bottleneck: boolean }>;
}

export interface DeskChanges {
  previous_edition: number | null;
  nodes_changed: { node: string; from: string; to: string }[];
  enterprises_added: string[];
  enterprises_removed: string[];
  projects_added: { code: string; stage: string }[];
  projects_removed: string[];
  projects_stage_changed: { code: string; from: string; to: string }[];
  problems_closed: { key: string; title: string }[];
  problems_opened: { key: string; title: string }[];
  technologies_added: string[];
  technologies_removed: string[];
  technologies_maturity_changed: { code: string; from: number | null; to: number | null }[];
}

export function changeCount(c: DeskChanges): number {
  return (
    c.nodes_changed.length +
    c.enterprises_added.length +
    c.enterprises_removed.length +
    c.projects_added.length +
    c.projects_removed.length +
    c.projects_stage_changed.length +
    c.problems_closed.length +
    c.problems_opened.length +
    c.technologies_added.length +
    c.technologies_removed.length +
    c.technologies_maturity_changed.length
  );
}

/** What changed from `before` to `after` (pure). With no `before`, nothing is a change: a first edition. */
export function diffSnapshots(
  before: DeskSnapshot | null,
  after: DeskSnapshot,
  previousEdition: number | null,
): DeskChanges {
  const none: DeskChanges = {
    previous_edition: previousEdition,
    nodes_changed: [],
    enterprises_added: [],
    enterprises_removed: [],
    projects_added: [],
    projects_removed: [],
    projects_stage_changed: [],
    problems_closed: [],
    problems_opened: [],
    technologies_added: [],
    technologies_removed: [],
    technologies_maturity_changed: [],
  };
  if (!before) return none;
  const had = new Set(before.enterprises);
  const has = new Set(after.enterprises);
  return {
    ...none,
    nodes_changed: Object.entries(after.nodes)
      .filter(([key, status]) => before.nodes[key] !== undefined && before.nodes[key] !== status)
      .map(([node, to]) => ({ node, from: before.nodes[node]!, to })),
    enterprises_added: after.enterprises.filter((e) => !had.has(e)),
    enterprises_removed: before.enterprises.filter((e) => !has.has(e)),
    projects_added: Object.entries(after.projects)
      .filter(([code]) => !(code in before.projects))
      .map(([code, stage]) => ({ code, stage })),
    projects_removed: Object.keys(before.projects).filter((code) => !(code in after.projects)),
    projects_stage_changed: Object.entries(after.projects)
      .filter(([code, stage]) => code in before.projects && before.projects[code] !== stage)
      .map(([code, to]) => ({ code, from: before.projects[code]!, to })),
    problems_closed: Object.entries(before.problems_open)
      .filter(([key]) => !(key in after.problems_open))
      .map(([key, title]) => ({ key, title })),
    problems_opened: Object.entries(after.problems_open)
      .filter(([key]) => !(key in before.problems_open))
      .map(([key, title]) => ({ key, title })),
    technologies_added: Object.keys(after.technologies)
      .filter((code) => !(code in before.technologies))
      .sort(),
    technologies_removed: Object.keys(before.technologies)
      .filter((code) => !(code in after.technologies))
      .sort(),
    technologies_maturity_changed: Object.entries(after.technologies)
      .filter(([code, t]) => code in before.technologies && before.technologies[code]!.trl !== t.trl)
      .map(([code, t]) => ({ code, from: before.technologies[code]!.trl, to: t.trl })),
  };
}

export interface ChainBook {
  desk: Desk;
  period: string;
  /** The edition this book is (issued) or would be compared against (preview). */
  edition: { number: number | null; issued_at: string | null; issued_by: string | null; preview: boolean };
  maps: {
    chain: Awaited<ReturnType<typeof chainMap>>;
    technology: Awaited<ReturnType<typeof technologyRoadmap>>;
    applications: Awaited<ReturnType<typeof applicationMap>>;
    regions: Awaited<ReturnType<typeof regionalDistribution>>;
    attraction: Awaited<ReturnType<typeof attractionRoute>>;
  };
  lists: Record<'enterprises' | 'projects' | 'clusters' | 'problems' | 'policies', DeskList>;
  snapshot: DeskSnapshot;
  changes: DeskChanges;
}

function snapshotOf(
  period: string,
  chain: ChainBook['maps']['chain'],
  technology: ChainBook['maps']['technology'],
  lists: ChainBook['lists'],
): DeskSnapshot {
  return {
    period,
    completeness: chain.completeness.completeness,
    weighted_completeness: chain.completeness.weighted_completeness,
    supporting_rate: chain.local_supporting_rate.rate,
    nodes: Object.fromEntries(chain.nodes.map((n) => [n.key, n.status])),
    enterprises: [
      ...new Set(lists.enterprises.rows.map((r) => `${r.name_zh} · ${r.node} · ${r.role}`)),
    ].sort(),
    projects: Object.fromEntries(lists.projects.rows.map((r) => [String(r.code), String(r.stage)])),
    problems_open: Object.fromEntries(lists.problems.rows.map((r) => [String(r.key), String(r.title)])),
    technologies: Object.fromEntries(
      technology.nodes.flatMap((n) =>
        n.technologies.map((t) => [t.code, { trl: t.trl, bottleneck: t.bottleneck }]),
      ),
    ),
  };
}

export interface Edition {
  edition: number;
  period: string;
  issued_at: string;
  issued_by: string;
  snapshot: DeskSnapshot;
  changes: DeskChanges;
}

const asJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export async function listEditions(db: Queryable, desk: DeskRef): Promise<Edition[]> {
  const rows = await db.query<Record<string, unknown>>(
    'select edition, period, issued_at, issued_by, snapshot, changes from chain_book_edition where desk_id = $1 order by edition',
    [desk.id],
  );
  return rows.map((r) => ({
    edition: Number(r.edition),
    period: String(r.period),
    issued_at: r.issued_at instanceof Date ? r.issued_at.toISOString() : String(r.issued_at),
    issued_by: String(r.issued_by),
    snapshot: asJson<DeskSnapshot>(r.snapshot),
    changes: asJson<DeskChanges>(r.changes),
  }));
}

export interface BookOptions {
  period: string;
  /** YYYY-MM-DD: the day overdue tasks and late requests are judged on. */
  today: string;
  visibility?: Visibility;
  /**
   * An issued edition to print: the book is labelled with it and carries its stored change log (the maps
   * and lists are the desk as it stands). Without it, a preview compared with the latest edition.
   */
  edition?: number;
}

/** The book as it stands now, compared with the latest edition (a preview: nothing is stored). */
export async function buildChainBook(db: Queryable, ref: DeskRef, options: BookOptions): Promise<ChainBook> {
  const desk = await loadDesk(db, ref);
  const chain = await chainMap(db, ref);
  const technology = await technologyRoadmap(db, ref);
  const applications = await applicationMap(db, ref);
  const regions = await regionalDistribution(db, ref);
  const attraction = await attractionRoute(db, ref, options.visibility);
  const lists = {
    enterprises: await deskList(db, ref, 'enterprises', options.today),
    projects: await deskList(db, ref, 'projects', options.today),
    clusters: await deskList(db, ref, 'clusters', options.today),
    problems: await deskList(db, ref, 'problems', options.today),
    policies: await deskList(db, ref, 'policies', options.today),
  };
  const snapshot = snapshotOf(options.period, chain, technology, lists);
  const editions = await listEditions(db, ref);
  if (options.edition !== undefined) {
    const issued = editions.find((e) => e.edition === options.edition);
    if (!issued) throw new DeskRequestError(`${ref.code} has no edition ${options.edition}`);
    return {
      desk,
      period: issued.period,
      edition: {
        number: issued.edition,
        issued_at: issued.issued_at,
        issued_by: issued.issued_by,
        preview: false,
      },
      maps: { chain, technology, applications, regions, attraction },
      lists,
      snapshot,
      changes: issued.changes,
    };
  }
  const last = editions[editions.length - 1] ?? null;
  return {
    desk,
    period: options.period,
    edition: { number: null, issued_at: null, issued_by: null, preview: true },
    maps: { chain, technology, applications, regions, attraction },
    lists,
    snapshot,
    changes: diffSnapshots(last?.snapshot ?? null, snapshot, last?.edition ?? null),
  };
}

/**
 * Issues the next edition in one transaction: the book as it stands, its snapshot stored with the changes
 * since the previous edition. Returns the book marked with its edition number.
 */
export async function issueChainBook(
  db: Db,
  ref: DeskRef,
  options: BookOptions & { actor: Actor; now: Date },
): Promise<ChainBook> {
  return db.transaction(async (tx) => {
    // One edition at a time per desk: two issuers at once would otherwise both become edition N.
    await tx.query('select id from chain_desk where id = $1 for update', [ref.id]);
    const book = await buildChainBook(tx, ref, options);
    const number = (book.changes.previous_edition ?? 0) + 1;
    await tx.query(
      `insert into chain_book_edition (desk_id, edition, period, issued_at, issued_by, snapshot, changes)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
      [
        ref.id,
        number,
        options.period,
        options.now.toISOString(),
        options.actor.name,
        JSON.stringify(book.snapshot),
        JSON.stringify(book.changes),
      ],
    );
    await recordAudit(tx, options.actor, 'issue', 'chain_book_edition', `${ref.code}#${number}`, null, {
      desk: ref.code,
      edition: number,
      period: options.period,
      changes: changeCount(book.changes),
    });
    return {
      ...book,
      edition: {
        number,
        issued_at: options.now.toISOString(),
        issued_by: options.actor.name,
        preview: false,
      },
    };
  });
}
