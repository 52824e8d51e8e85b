/**
 * A chain desk (链长制 desk) as users name it — its code (LJ-HUAPING-PV) or its chain and scope
 * (pv-silicon@LJ-HUAPING) — and its chain chief system: chief, deputies, chain office, chain masters,
 * partner institutions and yearly goals. Who may read a desk (whoever sees its scope) and who may change
 * it (a writer whose scope covers it, or a chain office member of that desk) is decided here, once.
 */
import type { Queryable } from '../../store/db.ts';
import { isSystemAdmin, type Subject, type Visibility, writeScopeOf } from '../accounts/subject.ts';
import { resolveChain, resolveScope } from '../chains/resolve.ts';

/** A request about a desk the caller can fix: unknown desk, a scope they do not cover, a bad value. */
export class DeskRequestError extends Error {
  override readonly name = 'DeskRequestError';
  constructor(
    message: string,
    readonly statusCode: 400 | 403 | 404 | 422 = 404,
  ) {
    super(message);
  }
}

export interface DeskRef {
  id: number;
  code: string;
  chain: { id: number; code: string; name_zh: string; name_en: string | null };
  scope: {
    kind: 'region' | 'park';
    id: number;
    code: string;
    name_zh: string;
    name_en: string | null;
    /** The region itself, or the park's region. */
    region_id: number;
    region_code: string;
  };
}

export interface DeskPerson {
  kind: 'deputy' | 'office_member' | 'chain_master' | 'partner';
  name: string;
  title: string | null;
  department: string | null;
  park_code: string | null;
  role: string | null;
  enterprise: { name_zh: string; name_en: string | null; credit_code: string | null } | null;
  institution_kind: string | null;
  source: string | null;
  quote: string | null;
}

export interface DeskGoal {
  year: number;
  title: string;
  target: {
    metric: string;
    value: number;
    unit: string;
    due_period: string;
    source: string | null;
    quote: string | null;
  } | null;
  source: string | null;
  quote: string | null;
}

export interface Desk extends DeskRef {
  /** null: no source names the chief ("not recorded"). */
  chief: { name: string; title: string | null; source: string | null; quote: string | null } | null;
  deputies: DeskPerson[];
  office: DeskPerson[];
  chain_masters: DeskPerson[];
  partners: DeskPerson[];
  goals: DeskGoal[];
  note: string | null;
  source: string | null;
  quote: string | null;
}

const DESK_SELECT = `select d.id, d.code, c.id as chain_id, c.code as chain_code, c.name_zh as chain_name_zh,
    c.name_en as chain_name_en, d.region_id, d.park_id,
    coalesce(k.code, r.code) as scope_code, coalesce(k.name_zh, r.name_zh) as scope_name_zh,
    coalesce(k.name_en, r.name_en) as scope_name_en, coalesce(k.region_id, r.id) as scope_region_id,
    sr.code as scope_region_code
  from chain_desk d join chain c on c.id = d.chain_id
  left join region r on r.id = d.region_id left join park k on k.id = d.park_id
  join region sr on sr.id = coalesce(k.region_id, r.id)`;

type DeskRow = Record<string, unknown>;

function toRef(r: DeskRow): DeskRef {
  const park = r.park_id !== null;
  return {
    id: Number(r.id),
    code: String(r.code),
    chain: {
      id: Number(r.chain_id),
      code: String(r.chain_code),
      name_zh: String(r.chain_name_zh),
      name_en: (r.chain_name_en as string | null) ?? null,
    },
    scope: {
      kind: park ? 'park' : 'region',
      id: Number(park ? r.park_id : r.region_id),
      code: String(r.scope_code),
      name_zh: String(r.scope_name_zh),
      name_en: (r.scope_name_en as string | null) ?? null,
      region_id: Number(r.scope_region_id),
      region_code: String(r.scope_region_code),
    },
  };
}

/** Whether a caller who sees `visibility` may read the desk (they see its region or park). */
export function deskVisible(desk: DeskRef, visibility: Visibility | undefined): boolean {
  if (!visibility || visibility.all) return true;
  return desk.scope.kind === 'park'
    ? visibility.parks.includes(desk.scope.id)
    : visibility.regions.includes(desk.scope.id);
}

/**
 * A desk by its code, or by `chain@scope` (chain code or unique prefix, park or region code). A desk the
 * caller may not see does not exist for them (404, as for every entity).
 */
export async function resolveDesk(db: Queryable, text: string, visibility?: Visibility): Promise<DeskRef> {
  const wanted = text.trim();
  let rows = await db.query<DeskRow>(`${DESK_SELECT} where d.code = $1`, [wanted]);
  if (rows.length === 0 && wanted.includes('@')) {
    const [chainText, scopeText] = wanted.split('@') as [string, string];
    const chain = await resolveChain(db, chainText);
    const scope = await resolveScope(db, scopeText);
    rows = await db.query<DeskRow>(
      `${DESK_SELECT} where d.chain_id = $1 and ${scope.kind === 'park' ? 'd.park_id' : 'd.region_id'} = $2`,
      [chain.id, scope.id],
    );
  }
  const desk = rows[0] ? toRef(rows[0]) : null;
  if (!desk || !deskVisible(desk, visibility)) {
    throw new DeskRequestError(
      `no chain desk "${wanted}" (a desk code such as LJ-HUAPING-PV, or chain@scope such as pv-silicon@LJ-HUAPING)`,
    );
  }
  return desk;
}

/** The desk of a chain in a scope (CLI: --chain hydrogen-energy --scope 410900). */
export function resolveDeskOf(db: Queryable, chain: string, scope: string, visibility?: Visibility) {
  return resolveDesk(db, `${chain}@${scope}`, visibility);
}

/** Every desk the caller sees, in code order. */
export async function listDesks(db: Queryable, visibility?: Visibility): Promise<DeskRef[]> {
  const rows = await db.query<DeskRow>(`${DESK_SELECT} order by d.code`);
  return rows.map(toRef).filter((d) => deskVisible(d, visibility));
}

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** The desk with its chain chief system. */
export async function loadDesk(db: Queryable, ref: DeskRef): Promise<Desk> {
  const [row] = await db.query<DeskRow>(
    'select chief_name, chief_title, chief_source, chief_quote, note, source, quote from chain_desk where id = $1',
    [ref.id],
  );
  const people = await db.query<DeskRow>(
    `select m.kind, m.name, m.title, m.department, k.code as park_code, m.role, m.institution_kind, m.source,
       m.quote, e.name_zh as enterprise_zh, e.name_en as enterprise_en, e.credit_code
     from chain_desk_member m left join park k on k.id = m.park_id left join enterprise e on e.id = m.enterprise_id
     where m.desk_id = $1 order by m.kind, m.id`,
    [ref.id],
  );
  const goals = await db.query<DeskRow>(
    `select g.year, g.title, g.source, g.quote, t.id as target_id, mt.code as metric, t.value, t.unit,
       t.due_period, t.source as target_source, t.quote as target_quote
     from chain_desk_goal g left join target t on t.id = g.target_id left join metric mt on mt.id = t.metric_id
     where g.desk_id = $1 order by g.year, g.id`,
    [ref.id],
  );
  const person = (r: DeskRow): DeskPerson => ({
    kind: r.kind as DeskPerson['kind'],
    name: String(r.name),
    title: text(r.title),
    department: text(r.department),
    park_code: text(r.park_code),
    role: text(r.role),
    enterprise:
      r.enterprise_zh === null
        ? null
        : {
            name_zh: String(r.enterprise_zh),
            name_en: text(r.enterprise_en),
            credit_code: text(r.credit_code),
          },
    institution_kind: text(r.institution_kind),
    source: text(r.source),
    quote: text(r.quote),
  });
  const all = people.map(person);
  return {
    ...ref,
    chief: row?.chief_name
      ? {
          name: String(row.chief_name),
          title: text(row.chief_title),
          source: text(row.chief_source),
          quote: text(row.chief_quote),
        }
      : null,
    deputies: all.filter((p) => p.kind === 'deputy'),
    office: all.filter((p) => p.kind === 'office_member'),
    chain_masters: all.filter((p) => p.kind === 'chain_master'),
    partners: all.filter((p) => p.kind === 'partner'),
    goals: goals.map((g) => ({
      year: Number(g.year),
      title: String(g.title),
      target:
        g.target_id === null
          ? null
          : {
              metric: String(g.metric),
              value: Number(g.value),
              unit: String(g.unit),
              due_period: String(g.due_period),
              source: text(g.target_source),
              quote: text(g.target_quote),
            },
      source: text(g.source),
      quote: text(g.quote),
    })),
    note: text(row?.note),
    source: text(row?.source),
    quote: text(row?.quote),
  };
}

/**
 * May `subject` change this desk? A system administrator any; a region administrator a desk whose scope
 * lies in their regions; a park officer a desk of their parks; a chain office member only their own desk.
 */
export async function canEditDesk(db: Queryable, subject: Subject, desk: DeskRef): Promise<boolean> {
  if (isSystemAdmin(subject)) return true;
  if (subject.memberships.some((m) => m.role === 'chain_office_member' && m.deskId === desk.id)) return true;
  const scope = await writeScopeOf(db, subject);
  return desk.scope.kind === 'park'
    ? scope.parks.includes(desk.scope.id)
    : scope.regions.includes(desk.scope.id);
}

/**
 * Refuses (403) a change to a desk that is not the subject's. A change names the desk outright, so the
 * answer says "not yours" rather than pretending the desk does not exist.
 */
export async function assertCanEditDesk(db: Queryable, subject: Subject, deskText: string): Promise<DeskRef> {
  const desk = await resolveDesk(db, deskText);
  if (!(await canEditDesk(db, subject, desk))) {
    throw new DeskRequestError(
      `you may not change the ${desk.code} desk: a chain office member changes only their own desk`,
      403,
    );
  }
  return desk;
}
