/**
 * The chief's dashboard: every chain a chief heads on one screen — completeness and its trend over the
 * book's editions, the local supporting rate, projects by stage, open problems and overdue tasks — and the
 * next meeting's agenda drafted from them (a draft: the chain office edits it before the meeting).
 */
import type { Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';
import { listEditions } from './desk-book.ts';
import { deskList } from './desk-lists.ts';
import { chainMap } from './desk-maps.ts';
import { listDesks } from './desk-store.ts';

export interface AgendaItem {
  kind:
    | 'overdue_task'
    | 'late_request'
    | 'bottleneck'
    | 'missing_node'
    | 'recorded_problem'
    | 'blocked_project';
  /** The item in words (English, for the CLI and the book). */
  text: string;
  /** What it is about (a task's, request's, technology's, project's, problem's or node's own words). */
  subject: string;
  /** The subject's Chinese name where it is a node of the chain (else null). */
  subject_zh: string | null;
  owner: string | null;
  evidence: string | null;
}

export interface DeskDashboard {
  desk: string;
  chain: { code: string; name_zh: string; name_en: string | null };
  scope: { kind: string; code: string; name_zh: string; name_en: string | null };
  chief: { name: string; title: string | null } | null;
  completeness: number;
  weighted_completeness: number;
  /** Completeness at each issued edition, then now. */
  completeness_trend: { label: string; completeness: number }[];
  supporting_rate: number | null;
  projects_by_stage: Record<string, number>;
  projects: number;
  open_problems: number;
  overdue_tasks: number;
  late_requests: number;
  bottlenecks: number;
  agenda: AgendaItem[];
}

/** At most this many agenda items per chain: a meeting takes the most pressing first. */
const AGENDA_ITEMS = 8;

export async function chiefDashboard(
  db: Queryable,
  options: { chief?: string; visibility?: Visibility; today: string },
): Promise<{ chief: string | null; desks: DeskDashboard[]; totals: Record<string, number> }> {
  const desks = await listDesks(db, options.visibility);
  const chiefs = await db.query<{ id: number; chief_name: string | null; chief_title: string | null }>(
    'select id, chief_name, chief_title from chain_desk',
  );
  const chiefOf = new Map(chiefs.map((c) => [Number(c.id), c]));
  const wanted = options.chief?.trim();
  const mine = desks.filter((d) => !wanted || chiefOf.get(d.id)?.chief_name === wanted);
  const out: DeskDashboard[] = [];
  for (const desk of mine) {
    const map = await chainMap(db, desk);
    const projects = await deskList(db, desk, 'projects', options.today);
    // Overdue tasks and late requests come from the problems list: those of this chain, and those of the
    // scope that name no chain (desk-lists.ts) — a task tagged with another chain is that chain's desk's.
    const problems = await deskList(db, desk, 'problems', options.today);
    const editions = await listEditions(db, desk);
    const c = chiefOf.get(desk.id);
    const byStage: Record<string, number> = {};
    for (const p of projects.rows) byStage[String(p.stage)] = (byStage[String(p.stage)] ?? 0) + 1;
    const kind = (k: string) => problems.rows.filter((r) => r.kind === k);
    const nodeNames = new Map(map.nodes.map((n) => [n.key, n.name_zh]));
    const agenda: AgendaItem[] = [
      ...kind('overdue_task').map((r) => ({
        kind: 'overdue_task' as const,
        text: `Overdue key task: ${r.title} (due ${r.due})`,
        subject: `${r.title} (${r.due})`,
        subject_zh: null,
        owner: r.owner as string | null,
        evidence: r.evidence as string | null,
      })),
      ...kind('late_request').map((r) => ({
        kind: 'late_request' as const,
        text: `Late service request: ${r.title}`,
        subject: String(r.title),
        subject_zh: null,
        owner: r.owner as string | null,
        evidence: r.evidence as string | null,
      })),
      ...kind('bottleneck').map((r) => ({
        kind: 'bottleneck' as const,
        text: `Bottleneck technology: ${String(r.title).replace(/^bottleneck technology: /, '')}`,
        subject: String(r.title).replace(/^bottleneck technology: /, ''),
        subject_zh: null,
        owner: r.owner as string | null,
        evidence: r.evidence as string | null,
      })),
      ...projects.rows
        .filter((p) => p.blockers)
        .map((p) => ({
          kind: 'blocked_project' as const,
          text: `Blocked project: ${p.name_en ?? p.name_zh} — ${p.blockers}`,
          subject: `${p.name_en ?? p.name_zh} — ${p.blockers}`,
          subject_zh: `${p.name_zh ?? p.name_en} — ${p.blockers}`,
          owner: null,
          evidence: `project ${p.code}, stage ${p.stage}`,
        })),
      ...kind('recorded').map((r) => ({
        kind: 'recorded_problem' as const,
        text: `Open problem: ${r.title}`,
        subject: String(r.title),
        subject_zh: null,
        owner: r.owner as string | null,
        evidence: r.quote ? `“${r.quote}” (${r.source})` : (r.evidence as string | null),
      })),
      ...kind('diagnosis')
        .filter((r) => String(r.key).startsWith('node:') && String(r.title).startsWith('missing'))
        .map((r) => ({
          kind: 'missing_node' as const,
          text: `Attract or grow: ${String(r.title).replace(/^missing node: /, '')}`,
          subject: String(r.title).replace(/^missing node: /, ''),
          subject_zh: nodeNames.get(String(r.node)) ?? null,
          owner: r.owner as string | null,
          evidence: r.evidence as string | null,
        })),
    ].slice(0, AGENDA_ITEMS);
    out.push({
      desk: desk.code,
      chain: { code: desk.chain.code, name_zh: desk.chain.name_zh, name_en: desk.chain.name_en },
      scope: {
        kind: desk.scope.kind,
        code: desk.scope.code,
        name_zh: desk.scope.name_zh,
        name_en: desk.scope.name_en,
      },
      chief: c?.chief_name ? { name: c.chief_name, title: c.chief_title } : null,
      completeness: map.completeness.completeness,
      weighted_completeness: map.completeness.weighted_completeness,
      completeness_trend: [
        ...editions.map((e) => ({
          label: `#${e.edition} ${e.period}`,
          completeness: e.snapshot.completeness,
        })),
        { label: 'now', completeness: map.completeness.completeness },
      ],
      supporting_rate: map.local_supporting_rate.rate,
      projects_by_stage: byStage,
      projects: projects.total,
      open_problems: problems.total,
      overdue_tasks: kind('overdue_task').length,
      late_requests: kind('late_request').length,
      bottlenecks: kind('bottleneck').length,
      agenda,
    });
  }
  return {
    chief: wanted ?? null,
    desks: out,
    totals: {
      desks: out.length,
      projects: out.reduce((n, d) => n + d.projects, 0),
      open_problems: out.reduce((n, d) => n + d.open_problems, 0),
      overdue_tasks: out.reduce((n, d) => n + d.overdue_tasks, 0),
    },
  };
}
