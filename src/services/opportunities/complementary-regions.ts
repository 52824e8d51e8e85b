/**
 * Complementary regions (`GET /api/opportunities/complement`, `chainatlas opportunities complement`): for a
 * region and a chain, the regions of the same level strong where it is missing and missing where it is
 * strong, with the pairing score of analytics/region-complementarity.ts, the nodes behind it and whether
 * the pair is a candidate for an enclave ("flying economy") park. Node statuses are chain diagnostics'
 * (docs/chain-diagnostics.md), computed for every region of that level that has an enterprise on the chain.
 */
import {
  complementaryRegions,
  nodeMasks,
  STATUS_MISSING,
  STATUS_PRESENT,
  STATUS_STRONG,
  STATUS_WEAK,
} from '../../analytics/region-complementarity.ts';
import type { Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';
import { diagnoseInWorkspace } from '../chains/diagnose.ts';
import { loadChainWorkspace } from '../chains/load-workspace.ts';
import { ChainRequestError, resolveChain, resolveScope } from '../chains/resolve.ts';
import { checkScopeVisible } from './common.ts';

const STATUS_CODE = {
  missing: STATUS_MISSING,
  weak: STATUS_WEAK,
  present: STATUS_PRESENT,
  strong: STATUS_STRONG,
};

export interface ComplementOptions {
  limit?: number;
  visibility?: Visibility;
}

export type ComplementRow = {
  rank: number;
  region: { code: string; name_zh: string; name_en: string | null };
  score: number;
  /** Nodes the partner has (weak, present or strong) where the region is missing. */
  gives: string[];
  /** Nodes the region has where the partner is missing. */
  takes: string[];
  strong_gives: string[];
  mutual: boolean;
  enclave_candidate: boolean;
  explanation: string;
};

export type ComplementReport = {
  chain: { code: string; name_zh: string; name_en: string | null };
  region: { code: string; name_zh: string; level: string };
  formula: string;
  weight_basis: 'node-count' | 'input-shares';
  regions_compared: number;
  own_status: Record<string, string>;
  partners: ComplementRow[];
  notes: string[];
};

export const PAIRING_FORMULA =
  'pairing(a,b) = (W(lacks(a) ∩ has(b)) + W(has(a) ∩ lacks(b))) / W(all nodes); lacks = missing, ' +
  'has = weak, present or strong, W = sum of node weights; enclave candidate = both terms non-empty and b strong on a node a lacks';

export async function complementaryRegionsFor(
  db: Queryable,
  chainText: string,
  regionCode: string,
  options: ComplementOptions = {},
): Promise<ComplementReport> {
  const chainRef = await resolveChain(db, chainText);
  const scope = await resolveScope(db, regionCode);
  if (scope.kind !== 'region')
    throw new ChainRequestError(`${regionCode} is a park; complementary regions are regions`, 400);
  checkScopeVisible(scope, options.visibility);
  const ws = await loadChainWorkspace(db, { chainIds: [chainRef.id] });
  const chain = ws.chains[0];
  const target = ws.regionIndex.get(scope.id);
  if (!chain || target === undefined)
    throw new ChainRequestError(`${regionCode} or ${chainText} vanished while loading`);
  const { regions, parks, enterprises: ent } = ws;
  const level = regions.level[target]!;
  // Regions of that level with an enterprise on the chain, and the target itself.
  const candidates = new Set<number>([target]);
  const pl = chain.placements;
  const lift = (r: number) => {
    let a = r;
    while (a >= 0 && regions.level[a] !== level) a = regions.parent[a]!;
    return a;
  };
  for (let k = 0; k < pl.enterprise.length; k++) {
    const e = pl.enterprise[k]!;
    if (ent.region[e]! >= 0) candidates.add(lift(ent.region[e]!));
    if (ent.park[e]! >= 0 && parks.region[ent.park[e]!]! >= 0)
      candidates.add(lift(parks.region[ent.park[e]!]!));
  }
  candidates.delete(-1);
  const list = [...candidates].sort((a, b) => a - b);
  const n = chain.nodes.length;
  const status = new Uint8Array(list.length * n);
  list.forEach((r, i) => {
    const d = diagnoseInWorkspace(ws, chain, { kind: 'region', index: r });
    d.nodes.forEach((node, j) => {
      status[i * n + j] = STATUS_CODE[node.status];
    });
  });
  const masks = nodeMasks(status, list.length, n, chain.weights.weights);
  const a = list.indexOf(target);
  const pairs = complementaryRegions(masks, a, { limit: options.limit ?? 10 });
  const key = (j: number) => chain.nodes[j]!.code;
  const own: Record<string, string> = {};
  chain.nodes.forEach((node, j) => {
    own[node.code] = (['missing', 'weak', 'present', 'strong'] as const)[status[a * n + j]!]!;
  });
  const notes: string[] = [];
  if (list.length === 1) notes.push(`no other ${level} region has an enterprise on ${chain.code}`);
  return {
    chain: { code: chain.code, name_zh: chain.name_zh, name_en: chain.name_en },
    region: { code: scope.code, name_zh: scope.name_zh, level },
    formula: PAIRING_FORMULA,
    weight_basis: chain.weights.basis,
    regions_compared: list.length - 1,
    own_status: own,
    notes,
    partners: pairs.map((p, rank) => {
      const r = list[p.partner]!;
      const gives = p.gives.map(key);
      const takes = p.takes.map(key);
      return {
        rank: rank + 1,
        region: { code: regions.code[r]!, name_zh: regions.name_zh[r]!, name_en: regions.name_en[r]! },
        score: p.score,
        gives,
        takes,
        strong_gives: p.strong_gives.map(key),
        mutual: p.mutual,
        enclave_candidate: p.enclave_candidate,
        explanation:
          `(${p.gives_weight.toFixed(2)} given + ${p.takes_weight.toFixed(2)} taken) / ${p.total_weight.toFixed(2)} = ${p.score.toFixed(3)}` +
          (gives.length ? `; it has ${gives.join(', ')}` : '') +
          (takes.length ? `; you have ${takes.join(', ')}` : ''),
      };
    }),
  };
}
