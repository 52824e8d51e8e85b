/**
 * The opportunities a development report proposes as next steps (issue 9 reads them through
 * `reportSuggestions`): for each chain of the scope, the best-ranked enterprise elsewhere for each missing
 * or weak node that has one, the regions that complete the scope's region on the chain (enclave
 * candidates marked), and, for a region with figures by industry, its first diversification options.
 * Each is one sentence carrying the numbers that ranked it; the report prints them as suggestions.
 */
import type { Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';
import { ChainRequestError, resolveScope } from '../chains/resolve.ts';
import { attractionTargets } from './attraction-targets.ts';
import { complementaryRegionsFor } from './complementary-regions.ts';
import { diversifyRegion } from './diversification.ts';

export interface ReportSuggestion {
  kind: 'industry' | 'investor' | 'complementary_region';
  text: string;
  source?: string | null;
  quote?: string | null;
  note?: string | null;
}

interface ReportScope {
  kind: string;
  code: string;
  park_codes: string[];
  chain_ids: number[];
}

/** What counted first, what is unknown after: a reader of the report wants the grounds before the gaps. */
const byWeight = (reasons: string[]) => [
  ...reasons.filter((r) => !r.startsWith('no ')),
  ...reasons.filter((r) => r.startsWith('no ')),
];

/** Per chain and place, at most this many investors and partners, so the report stays readable. */
const PER_CHAIN = 3;

/** A request the data cannot answer (no figures by industry, a chain not placed) is no suggestion. */
async function unlessUnanswerable<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ChainRequestError) return null;
    throw error;
  }
}

/**
 * A region's or park's chains, when the report names none: those its enterprises sit on, its projects
 * fill, or its clusters group — the chains the place works on, not every template in the store.
 */
async function chainsWorkedIn(db: Queryable, scopeCode: string): Promise<number[]> {
  const place = await unlessUnanswerable(() => resolveScope(db, scopeCode));
  if (!place) return [];
  const regions = place.kind === 'region' ? place.regionIds : [];
  const rows = await db.query<{ chain_id: number }>(
    `select n.chain_id from enterprise_node en join chain_node n on n.id = en.chain_node_id
       join enterprise e on e.id = en.enterprise_id
     where e.region_id = any($1::int[]) or e.park_id = any($2::int[])
     union
     select p.chain_id from project p
     where p.chain_id is not null and (p.region_id = any($1::int[]) or p.park_id = any($2::int[]))
     union
     select cc.chain_id from cluster_chain cc join cluster c on c.id = cc.cluster_id
     where c.region_id = any($1::int[]) or c.park_id = any($2::int[])`,
    [regions, place.parkIds],
  );
  return rows.map((r) => Number(r.chain_id));
}

export async function reportSuggestions(
  db: Queryable,
  scope: ReportScope,
  visibility: Visibility | undefined,
): Promise<ReportSuggestion[]> {
  const chains = await db.query<{ code: string; name_zh: string }>(
    'select code, name_zh from chain where id = any($1::int[]) order by code',
    [scope.chain_ids.length > 0 ? scope.chain_ids : await chainsWorkedIn(db, scope.code)],
  );
  const out: ReportSuggestion[] = [];
  for (const chain of chains) {
    // The scope itself, not each of its parks: "elsewhere" is outside the region (or the park), so a
    // region's report does not propose moving a firm from one of its counties to another.
    const report = await unlessUnanswerable(() =>
      attractionTargets(db, chain.code, scope.code, { limit: 1, visibility }),
    );
    for (const node of report?.nodes.filter((n) => n.candidates.length > 0).slice(0, PER_CHAIN) ?? []) {
      const c = node.candidates[0]!;
      out.push({
        kind: 'investor',
        text:
          `${report!.scope.name_zh} · ${report!.chain.name_zh}: attract ${c.name} (${c.region.name_zh}) to the ${node.status} node ` +
          `${node.name_zh} — score ${c.score.toFixed(2)}; ${byWeight(c.reasons).slice(0, 2).join('; ')}`,
        note: report!.formula,
      });
    }
    if (scope.kind === 'region') {
      const partners = await unlessUnanswerable(() =>
        complementaryRegionsFor(db, chain.code, scope.code, { limit: PER_CHAIN, visibility }),
      );
      for (const p of partners?.partners.filter((row) => row.gives.length > 0) ?? []) {
        out.push({
          kind: 'complementary_region',
          text:
            `${chain.name_zh}: work with ${p.region.name_zh}${p.enclave_candidate ? ' (enclave candidate)' : ''} — ` +
            `it has ${p.gives.slice(0, 3).join(', ')} where ${partners!.region.name_zh} has none; pairing score ${p.score.toFixed(2)}`,
          note: partners!.formula,
        });
      }
    }
  }
  if (scope.kind === 'region') {
    const options = await unlessUnanswerable(() => diversifyRegion(db, scope.code, { limit: 3, visibility }));
    // An option nothing present is close to (density 0) is no advice; the ranking has nothing behind it.
    for (const o of options?.options.filter((row) => row.density > 0) ?? []) {
      out.push({
        kind: 'industry',
        text: `enter ${o.name ?? o.product}: ${o.explanation}`,
        note: options!.basis,
      });
    }
  }
  return out;
}
