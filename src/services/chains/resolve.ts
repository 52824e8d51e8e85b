/**
 * What a user names when asking for a diagnosis: a chain (its code, or a prefix of exactly one code:
 * `pv` is `pv-silicon`) and a scope (a park code, which takes in its sub-parks, or a region code, which
 * takes in every region below it and their parks).
 */
import type { Queryable } from '../../store/db.ts';

/** A request naming something that does not exist, or several things at once: the user can fix it. */
export class ChainRequestError extends Error {
  override readonly name = 'ChainRequestError';
  constructor(
    message: string,
    readonly statusCode: 400 | 403 | 404 = 404,
  ) {
    super(message);
  }
}

export interface ResolvedChain {
  id: number;
  code: string;
}

/** A chain by its code, or by a prefix that only one chain code starts with. */
export async function resolveChain(db: Queryable, text: string): Promise<ResolvedChain> {
  const wanted = text.trim();
  const exact = await db.query<ResolvedChain>('select id, code from chain where code = $1', [wanted]);
  if (exact[0]) return exact[0];
  const escaped = wanted.replace(/[\\%_]/g, (c) => `\\${c}`);
  const prefixed = await db.query<ResolvedChain>(
    "select id, code from chain where code like $1 || '%' escape '\\' order by code",
    [escaped],
  );
  if (prefixed.length === 1) return prefixed[0]!;
  if (prefixed.length > 1) {
    throw new ChainRequestError(
      `chain "${wanted}" is ambiguous: it starts ${prefixed.length} chain codes (${prefixed.map((c) => c.code).join(', ')}); give more of the code`,
      400,
    );
  }
  const all = await db.query<{ code: string }>('select code from chain order by code');
  throw new ChainRequestError(
    `no chain "${wanted}"; the chains are: ${all.map((c) => c.code).join(', ') || 'none (import data/chains/*.yaml)'}`,
  );
}

export interface ResolvedScope {
  kind: 'region' | 'park';
  id: number;
  code: string;
  name_zh: string;
  name_en: string | null;
  /** The region itself, or the park's region. */
  regionId: number;
  /** Region scope: the region and every region below it. Park scope: none. */
  regionIds: number[];
  /** Region scope: the parks of those regions. Park scope: the park and its sub-parks. */
  parkIds: number[];
  /** The regions above (parent first), for reference figures and peers. */
  ancestorRegionIds: number[];
}

/** A park code (checked first: park codes are the users' own) or a region code. */
export async function resolveScope(db: Queryable, code: string): Promise<ResolvedScope> {
  const wanted = code.trim();
  const [park] = await db.query<{
    id: number;
    code: string;
    name_zh: string;
    name_en: string | null;
    region_id: number;
  }>('select id, code, name_zh, name_en, region_id from park where code = $1', [wanted]);
  if (park) {
    const parks = await db.query<{ id: number }>(
      `with recursive tree(id) as (
         select id from park where id = $1
         union select p.id from park p join tree t on p.parent_park_id = t.id)
       select id from tree order by id`,
      [park.id],
    );
    return {
      kind: 'park',
      id: park.id,
      code: park.code,
      name_zh: park.name_zh,
      name_en: park.name_en,
      regionId: park.region_id,
      regionIds: [],
      parkIds: parks.map((p) => p.id),
      ancestorRegionIds: await regionAncestors(db, park.region_id, true),
    };
  }
  const [region] = await db.query<{ id: number; code: string; name_zh: string; name_en: string | null }>(
    'select id, code, name_zh, name_en from region where code = $1',
    [wanted],
  );
  if (!region) {
    throw new ChainRequestError(
      `no park or region with code "${wanted}" (a park code such as LJ-HUAPING, or a GB/T 2260 region code such as 530700)`,
    );
  }
  const regions = await db.query<{ id: number }>(
    `with recursive tree(id) as (
       select id from region where id = $1
       union select r.id from region r join tree t on r.parent_id = t.id)
     select id from tree order by id`,
    [region.id],
  );
  const regionIds = regions.map((r) => r.id);
  const parks = await db.query<{ id: number }>(
    'select id from park where region_id = any($1::int[]) order by id',
    [regionIds],
  );
  return {
    kind: 'region',
    id: region.id,
    code: region.code,
    name_zh: region.name_zh,
    name_en: region.name_en,
    regionId: region.id,
    regionIds,
    parkIds: parks.map((p) => p.id),
    ancestorRegionIds: await regionAncestors(db, region.id, false),
  };
}

/** The regions above `regionId` (parent first); with `includeSelf`, the region itself first. */
async function regionAncestors(db: Queryable, regionId: number, includeSelf: boolean): Promise<number[]> {
  const rows = await db.query<{ id: number; depth: number }>(
    `with recursive up(id, parent_id, depth) as (
       select id, parent_id, 0 from region where id = $1
       union all select r.id, r.parent_id, u.depth + 1 from region r join up u on r.id = u.parent_id where u.depth < 20)
     select id, depth from up order by depth`,
    [regionId],
  );
  return rows.filter((r) => includeSelf || r.depth > 0).map((r) => r.id);
}
