/**
 * Who is asking, and what they may see and change. A membership gives a role at a scope (a region and
 * everything under it in the region tree, a park and its sub-parks, a department, an enterprise); a
 * subject's visibility is the union over its memberships.
 */
import type { Queryable } from '../../store/db.ts';

export const ROLES = [
  'system_admin',
  'region_admin',
  'region_analyst',
  'park_officer',
  'department_officer',
  'enterprise_user',
  'chain_office_member',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may change data (within their scope). */
export const WRITER_ROLES: readonly Role[] = ['system_admin', 'region_admin', 'park_officer'];

export interface Membership {
  role: Role;
  regionId: number | null;
  parkId: number | null;
  enterpriseId: number | null;
  department: string | null;
  /** The chain desk a chain office member works (migration 0009); null for every other role. */
  deskId?: number | null;
}

export interface Subject {
  userId: number | null;
  username: string;
  memberships: Membership[];
}

/** The rows a subject may see (ids as arrays, ready to be SQL parameters). */
export interface Visibility {
  all: boolean;
  regions: number[];
  parks: number[];
  enterprises: number[];
  departments: string[];
}

/** What a subject may change: a system admin anything; a region admin its region tree; a park officer its parks. */
export interface WriteScope {
  all: boolean;
  regions: number[];
  parks: number[];
}

export const LOCAL_ADMIN: Subject = {
  userId: null,
  username: 'cli',
  memberships: [{ role: 'system_admin', regionId: null, parkId: null, enterpriseId: null, department: null }],
};

export function hasRole(subject: Subject, roles: readonly Role[]): boolean {
  return subject.memberships.some((m) => roles.includes(m.role));
}

export function isSystemAdmin(subject: Subject): boolean {
  return hasRole(subject, ['system_admin']);
}

export async function loadSubject(db: Queryable, userId: number, username: string): Promise<Subject> {
  const rows = await db.query<{
    role: Role;
    region_id: number | null;
    park_id: number | null;
    enterprise_id: number | null;
    department: string | null;
    desk_id: number | null;
  }>(
    'select role, region_id, park_id, enterprise_id, department, desk_id from membership where user_id = $1',
    [userId],
  );
  return {
    userId,
    username,
    memberships: rows.map((r) => ({
      role: r.role,
      regionId: r.region_id === null ? null : Number(r.region_id),
      parkId: r.park_id === null ? null : Number(r.park_id),
      enterpriseId: r.enterprise_id === null ? null : Number(r.enterprise_id),
      department: r.department,
      deskId: r.desk_id === null ? null : Number(r.desk_id),
    })),
  };
}

/** Region ids of the given regions and every region below them. */
async function regionSubtrees(db: Queryable, roots: number[]): Promise<number[]> {
  if (roots.length === 0) return [];
  const rows = await db.query<{ id: number }>(
    `with recursive tree(id) as (
       select id from region where id = any($1::int[])
       union select r.id from region r join tree t on r.parent_id = t.id)
     select id from tree`,
    [roots],
  );
  return rows.map((r) => Number(r.id));
}

/** Park ids of the given parks, their sub-parks, and the parks located in the given regions. */
async function parksWithin(db: Queryable, parks: number[], regions: number[]): Promise<number[]> {
  if (parks.length === 0 && regions.length === 0) return [];
  const rows = await db.query<{ id: number }>(
    `with recursive tree(id) as (
       select id from park where id = any($1::int[]) or region_id = any($2::int[])
       union select p.id from park p join tree t on p.parent_park_id = t.id)
     select id from tree`,
    [parks, regions],
  );
  return rows.map((r) => Number(r.id));
}

/** The regions and parks of the given chain desks. */
async function deskScopes(db: Queryable, desks: number[]): Promise<{ regions: number[]; parks: number[] }> {
  if (desks.length === 0) return { regions: [], parks: [] };
  const rows = await db.query<{ region_id: number | null; park_id: number | null }>(
    'select region_id, park_id from chain_desk where id = any($1::int[])',
    [desks],
  );
  return {
    regions: rows.filter((r) => r.region_id !== null).map((r) => Number(r.region_id)),
    parks: rows.filter((r) => r.park_id !== null).map((r) => Number(r.park_id)),
  };
}

export async function visibilityOf(db: Queryable, subject: Subject): Promise<Visibility> {
  if (isSystemAdmin(subject)) return { all: true, regions: [], parks: [], enterprises: [], departments: [] };
  const m = subject.memberships;
  // A chain office member reads the scope of the desk they work (region or park), and changes only the desk.
  const desks = await deskScopes(
    db,
    m.filter((x) => x.role === 'chain_office_member' && x.deskId != null).map((x) => x.deskId!),
  );
  const regionRoots = m
    .filter((x) => x.role === 'region_admin' || x.role === 'region_analyst')
    .map((x) => x.regionId!)
    .concat(desks.regions);
  const regions = await regionSubtrees(db, regionRoots);
  const parks = await parksWithin(
    db,
    m
      .filter((x) => x.role === 'park_officer')
      .map((x) => x.parkId!)
      .concat(desks.parks),
    regions,
  );
  return {
    all: false,
    regions,
    parks,
    enterprises: m.filter((x) => x.role === 'enterprise_user').map((x) => x.enterpriseId!),
    departments: m.filter((x) => x.role === 'department_officer').map((x) => x.department!),
  };
}

export async function writeScopeOf(db: Queryable, subject: Subject): Promise<WriteScope> {
  if (isSystemAdmin(subject)) return { all: true, regions: [], parks: [] };
  const m = subject.memberships;
  const regions = await regionSubtrees(
    db,
    m.filter((x) => x.role === 'region_admin').map((x) => x.regionId!),
  );
  const parks = await parksWithin(
    db,
    m.filter((x) => x.role === 'park_officer').map((x) => x.parkId!),
    regions,
  );
  return { all: false, regions, parks };
}
