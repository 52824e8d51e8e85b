/**
 * Pre-screening a proposed investment against a park: its thresholds (park_investment_threshold) and its
 * chains (the chains of its clusters and of the enterprises placed in it), with the scorecard from
 * domain/governance/prescreen.ts. Officers set the thresholds, with the document that states them.
 */
import { type Proposal, prescreen } from '../../domain/governance/prescreen.ts';
import type { Db, Queryable } from '../../store/db.ts';
import { type Subject, type Visibility, writeScopeOf } from '../accounts/subject.ts';
import { type Actor, recordAudit } from '../audit.ts';
import { diagnoseChain } from '../chains/diagnose-chain.ts';
import { num, OperationError, scopeCovers, visibleFilter } from '../operations/common.ts';

export interface ThresholdInput {
  investment_yuan_per_mu?: number | null;
  tax_yuan_per_mu?: number | null;
  output_yuan_per_mu?: number | null;
  plot_ratio?: number | null;
  source?: string | null;
  quote?: string | null;
}

export async function setParkThresholds(
  db: Db,
  subject: Subject,
  actor: Actor,
  parkCode: string,
  input: ThresholdInput,
) {
  return db.transaction(async (tx) => {
    const [park] = await tx.query<{ id: number; region_id: number }>(
      'select id, region_id from park where code = $1',
      [parkCode],
    );
    if (!park || !scopeCovers(await writeScopeOf(tx, subject), { parkId: park.id, regionId: park.region_id }))
      throw new OperationError(404, `no park ${parkCode} within what you may change`);
    const [after] = await tx.query<Record<string, unknown>>(
      `insert into park_investment_threshold (park_id, investment_yuan_per_mu, tax_yuan_per_mu, output_yuan_per_mu,
         plot_ratio, source, quote) values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (park_id) do update set investment_yuan_per_mu = excluded.investment_yuan_per_mu,
         tax_yuan_per_mu = excluded.tax_yuan_per_mu, output_yuan_per_mu = excluded.output_yuan_per_mu,
         plot_ratio = excluded.plot_ratio, source = excluded.source, quote = excluded.quote
       returning investment_yuan_per_mu, tax_yuan_per_mu, output_yuan_per_mu, plot_ratio, source, quote`,
      [
        park.id,
        input.investment_yuan_per_mu ?? null,
        input.tax_yuan_per_mu ?? null,
        input.output_yuan_per_mu ?? null,
        input.plot_ratio ?? null,
        input.source ?? null,
        input.quote ?? null,
      ],
    );
    await recordAudit(tx, actor, 'set', 'park_investment_threshold', parkCode, null, after);
    return { park_code: parkCode, ...after };
  });
}

export async function prescreenProposal(
  db: Queryable,
  visibility: Visibility,
  input: Omit<
    Proposal,
    'expected_tax_yuan' | 'expected_output_yuan' | 'plot_ratio' | 'chain_code' | 'node_code'
  > & {
    park_code: string;
    expected_tax_yuan?: number;
    expected_output_yuan?: number;
    plot_ratio?: number;
    chain_code?: string;
    node_code?: string;
  },
) {
  const params: unknown[] = [input.park_code];
  const visible = visibleFilter('parks', 'k.id', visibility, params);
  const [park] = await db.query<Record<string, unknown>>(
    `select k.id, k.code, k.name_zh, t.investment_yuan_per_mu, t.tax_yuan_per_mu, t.output_yuan_per_mu, t.plot_ratio,
       t.source, t.quote
     from park k left join park_investment_threshold t on t.park_id = k.id where k.code = $1 and ${visible}`,
    params as never[],
  );
  if (!park) throw new OperationError(404, `no park ${input.park_code}`);
  const chains = await db.query<{ code: string }>(
    `select distinct c.code from chain c where c.id in (
       select cc.chain_id from cluster_chain cc join cluster u on u.id = cc.cluster_id where u.park_id = $1
       union select n.chain_id from enterprise_node en join chain_node n on n.id = en.chain_node_id
         join enterprise e on e.id = en.enterprise_id where e.park_id = $1) order by c.code`,
    [park.id as number],
  );
  let onNode: number | null = null;
  if (input.chain_code && input.node_code) {
    const [row] = await db.query<{ n: number }>(
      `select count(distinct en.enterprise_id)::int as n from enterprise_node en join chain_node n on n.id = en.chain_node_id
       join chain c on c.id = n.chain_id join enterprise e on e.id = en.enterprise_id
       where c.code = $1 and n.code = $2 and e.park_id = $3`,
      [input.chain_code, input.node_code, park.id as number],
    );
    onNode = row ? Number(row.n) : 0;
  }
  // The node's status in the park's chain diagnosis (only the status and its side are passed on, not the
  // names of the park's enterprises, which the caller may not see).
  let nodeStatus: string | null = null;
  let gapSide: string | null = null;
  if (input.chain_code && input.node_code) {
    try {
      const diagnosis = await diagnoseChain(db, input.chain_code, input.park_code);
      const node = diagnosis.nodes.find((n) => n.key === input.node_code);
      nodeStatus = node?.status ?? null;
      gapSide = node?.gap_side ?? null;
    } catch {
      // An unknown chain or node is reported by the chain-fit criterion itself.
    }
  }
  const card = prescreen(
    {
      land_mu: input.land_mu,
      investment_yuan: input.investment_yuan,
      expected_tax_yuan: input.expected_tax_yuan ?? null,
      expected_output_yuan: input.expected_output_yuan ?? null,
      plot_ratio: input.plot_ratio ?? null,
      chain_code: input.chain_code ?? null,
      node_code: input.node_code ?? null,
    },
    {
      investment_yuan_per_mu: num(park.investment_yuan_per_mu),
      tax_yuan_per_mu: num(park.tax_yuan_per_mu),
      output_yuan_per_mu: num(park.output_yuan_per_mu),
      plot_ratio: num(park.plot_ratio),
    },
    { parkChains: chains.map((c) => c.code), enterprisesOnNode: onNode, nodeStatus, gapSide },
  );
  return {
    park: { code: park.code, name_zh: park.name_zh },
    thresholds_source: { source: park.source ?? null, quote: park.quote ?? null },
    ...card,
  };
}
