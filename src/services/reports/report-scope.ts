/**
 * What a report is about: a region (with every region below it and their parks), a park (with its
 * sub-parks), a cluster (its park or region, and its chains) or a chain (the parks whose enterprises are
 * placed on it). Park and region codes are resolved as chain diagnostics resolve them; `cluster:CODE` and
 * `chain:CODE` name the other two (a bare cluster or chain code works when no park or region has it).
 */
import type { Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';
import { ChainRequestError, type ResolvedScope, resolveChain, resolveScope } from '../chains/resolve.ts';
import type { ReportScope } from './report-model.ts';

export class ReportRequestError extends Error {
  override readonly name = 'ReportRequestError';
  constructor(
    message: string,
    readonly statusCode: 400 | 403 | 404 = 400,
  ) {
    super(message);
  }
}

export interface ReportTarget {
  scope: ReportScope;
  /** The region whose tasks, targets and incentives the report reads (null for a chain across regions). */
  region: { id: number; code: string } | null;
  /** The geography: a resolved park or region scope, or null (chain scope: the parks below). */
  geography: ResolvedScope | null;
  /** Parks reported on (ids) — the scope's parks, sub-parks included. */
  parkIds: number[];
  /** Chains to diagnose (ids); empty = the chains the parks' enterprises are placed on. */
  chainIds: number[];
}

function covered(geo: ResolvedScope, visibility: Visibility | undefined): boolean {
  if (!visibility || visibility.all) return true;
  return geo.kind === 'park' ? visibility.parks.includes(geo.id) : visibility.regions.includes(geo.id);
}

const denied = (code: string) => new ReportRequestError(`your roles do not cover ${code}`, 403);

async function regionCode(db: Queryable, id: number) {
  const [r] = await db.query<{ code: string }>('select code from region where id = $1', [id]);
  return { id, code: r!.code };
}

export async function resolveReportTarget(
  db: Queryable,
  text: string,
  visibility: Visibility | undefined,
): Promise<ReportTarget> {
  const wanted = text.trim();
  const prefixed = /^(region|park|cluster|chain):(.+)$/.exec(wanted);
  const kind = prefixed?.[1];
  const code = prefixed?.[2] ?? wanted;
  if (!kind || kind === 'region' || kind === 'park') {
    try {
      const geo = await resolveScope(db, code);
      if (kind && kind !== geo.kind) throw new ChainRequestError(`no ${kind} with code "${code}"`);
      if (!covered(geo, visibility)) throw denied(geo.code);
      return {
        scope: { kind: geo.kind, code: geo.code, name_zh: geo.name_zh, name_en: geo.name_en },
        region: await regionCode(db, geo.regionId),
        geography: geo,
        parkIds: geo.parkIds,
        chainIds: [],
      };
    } catch (error) {
      if (!(error instanceof ChainRequestError) || kind) {
        if (error instanceof ChainRequestError) throw new ReportRequestError(error.message, error.statusCode);
        throw error;
      }
    }
  }
  if (!kind || kind === 'cluster') {
    const [cluster] = await db.query<{
      id: number;
      code: string;
      name_zh: string;
      name_en: string | null;
      park_code: string | null;
      region_code: string | null;
    }>(
      `select c.id, c.code, c.name_zh, c.name_en, k.code as park_code, r.code as region_code
       from cluster c left join park k on k.id = c.park_id left join region r on r.id = c.region_id where c.code = $1`,
      [code],
    );
    if (cluster) {
      const geo = await resolveScope(db, (cluster.park_code ?? cluster.region_code)!);
      if (!covered(geo, visibility)) throw denied(cluster.code);
      const chains = await db.query<{ chain_id: number }>(
        'select chain_id from cluster_chain where cluster_id = $1 order by chain_id',
        [cluster.id],
      );
      return {
        scope: { kind: 'cluster', code: cluster.code, name_zh: cluster.name_zh, name_en: cluster.name_en },
        region: await regionCode(db, geo.regionId),
        geography: geo,
        parkIds: geo.parkIds,
        chainIds: chains.map((c) => Number(c.chain_id)),
      };
    }
    if (kind === 'cluster') throw new ReportRequestError(`no cluster with code "${code}"`, 404);
  }
  let chain: { id: number; code: string };
  try {
    chain = await resolveChain(db, code);
  } catch (error) {
    if (error instanceof ChainRequestError && !kind)
      throw new ReportRequestError(
        `no park, region, cluster or chain with code "${code}" (e.g. 530700, LJ-HUAPING, cluster:CODE, chain:pv-silicon)`,
        404,
      );
    if (error instanceof ChainRequestError) throw new ReportRequestError(error.message, error.statusCode);
    throw error;
  }
  const [names] = await db.query<{ name_zh: string; name_en: string | null }>(
    'select name_zh, name_en from chain where id = $1',
    [chain.id],
  );
  // A chain report covers the parks whose enterprises or projects are on the chain, among those the caller sees.
  const parks = await db.query<{ park_id: number }>(
    `select e.park_id from enterprise_node en join chain_node n on n.id = en.chain_node_id
     join enterprise e on e.id = en.enterprise_id where n.chain_id = $1 and e.park_id is not null
     union
     select p.park_id from project p left join chain_node n on n.id = p.chain_node_id
     where coalesce(p.chain_id, n.chain_id) = $1 and p.park_id is not null
     order by 1`,
    [chain.id],
  );
  const parkIds = parks
    .map((p) => Number(p.park_id))
    .filter((id) => !visibility || visibility.all || visibility.parks.includes(id));
  return {
    scope: { kind: 'chain', code: chain.code, name_zh: names!.name_zh, name_en: names!.name_en },
    region: null,
    geography: null,
    parkIds,
    chainIds: [chain.id],
  };
}
