/** Chains: a template graph (nodes and edges) per row, as data/chains/*.yaml holds them. */
import { findCycle } from '../../../domain/chain-graph.ts';
import { chainEdgeRow, chainNodeRow, type ImportRow } from '../../../domain/import-rows.ts';
import type { ImportContext } from '../import-context.ts';
import { PROVENANCE_COLUMNS } from '../import-context.ts';
import { upsertRows } from '../upsert.ts';
import { type KindHandler, NOTHING_WRITTEN, type WriteCount } from './handler.ts';

interface NodeOut {
  code: string;
  name_zh: string;
  name_en: string | null;
  position: string;
  stage: string | null;
  industry_codes: string[];
  hs_codes: string[];
  seq: number;
}

export const chains: KindHandler<ImportRow<'chains'>> = {
  key: (r) => r.code,
  async write(rows, ctx) {
    const total: WriteCount = { inserted: 0, updated: 0 };
    for (const { row, rowNumber } of rows) {
      const nodes: NodeOut[] = [];
      row.nodes.forEach((raw, i) => {
        const parsed = chainNodeRow.safeParse(raw);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) {
            const field = String(issue.path[0] ?? '');
            ctx.error(
              rowNumber,
              `nodes[${i + 1}].${field}`,
              (raw as Record<string, unknown>)?.[field],
              issue.message,
            );
          }
          return;
        }
        const n = parsed.data;
        nodes.push({
          code: n.code,
          name_zh: n.name_zh,
          name_en: n.name_en ?? null,
          position: n.position,
          stage: n.stage ?? null,
          industry_codes: n.industry_codes,
          hs_codes: n.hs_codes,
          seq: i + 1,
        });
      });
      const codes = new Set<string>();
      for (const n of nodes) {
        if (codes.has(n.code))
          ctx.error(rowNumber, 'nodes', n.code, 'node codes that are unique within the chain');
        codes.add(n.code);
        for (const code of n.industry_codes) {
          if ((await ctx.lookups.industryId(code)) === undefined) {
            ctx.error(
              rowNumber,
              `nodes[${n.seq}].industry_codes`,
              code,
              'GB/T 4754-2017 industry codes that exist',
            );
          }
        }
      }
      const edges: { from: string; to: string }[] = [];
      (row.edges ?? []).forEach((raw, i) => {
        const parsed = chainEdgeRow.safeParse(raw);
        if (!parsed.success) {
          ctx.error(rowNumber, `edges[${i + 1}]`, raw, 'an edge { from: node code, to: node code }');
          return;
        }
        for (const end of ['from', 'to'] as const) {
          if (!codes.has(parsed.data[end])) {
            ctx.error(rowNumber, `edges[${i + 1}].${end}`, parsed.data[end], 'a node code of this chain');
          }
        }
        if (parsed.data.from === parsed.data.to)
          ctx.error(rowNumber, `edges[${i + 1}]`, raw, 'an edge between two different nodes');
        edges.push(parsed.data);
      });
      const cycle = findCycle([...codes], edges);
      if (cycle)
        ctx.error(
          rowNumber,
          'edges',
          cycle.join(' → '),
          'edges without a cycle (a chain is a directed acyclic graph)',
        );
      if (ctx.failed) continue;
      const counts = await writeChain(ctx, row, rowNumber, nodes, edges);
      total.inserted += counts.inserted;
      total.updated += counts.updated;
    }
    ctx.lookups.invalidate('chains');
    ctx.lookups.invalidate('nodes');
    return ctx.failed ? NOTHING_WRITTEN : total;
  },
};

async function writeChain(
  ctx: ImportContext,
  row: ImportRow<'chains'>,
  rowNumber: number,
  nodes: NodeOut[],
  edges: { from: string; to: string }[],
): Promise<WriteCount> {
  const result = await upsertRows<{ id: number }>(
    ctx.tx,
    {
      table: 'chain',
      conflict: '(code)',
      returning: 'id',
      columns: [
        { name: 'code', type: 'text' },
        { name: 'version', type: 'integer' },
        { name: 'name_zh', type: 'text' },
        { name: 'name_en', type: 'text' },
        { name: 'description', type: 'text' },
        ...PROVENANCE_COLUMNS,
      ],
    },
    [
      {
        code: row.code,
        version: row.version ?? 1,
        name_zh: row.name_zh,
        name_en: row.name_en ?? null,
        description: row.description ?? null,
        ...(await ctx.provenance(rowNumber, row)),
      },
    ],
  );
  const chainId = result.rows[0]!.id;
  // Nodes dropped from the template go, unless enterprises, projects or problems are placed on them:
  // silently deleting those placements would lose a user's data.
  const dropped = await ctx.tx.query<{ code: string; uses: number }>(
    `select n.code,
       (select count(*) from enterprise_node e where e.chain_node_id = n.id)
       + (select count(*) from project p where p.chain_node_id = n.id)
       + (select count(*) from problem p where p.chain_node_id = n.id) as uses
     from chain_node n where n.chain_id = $1 and not (n.code = any($2::text[]))`,
    [chainId, nodes.map((n) => n.code)],
  );
  for (const d of dropped) {
    if (Number(d.uses) > 0) {
      ctx.error(
        rowNumber,
        'nodes',
        d.code,
        `node ${d.code} kept: ${d.uses} enterprises, projects or problems are placed on it`,
      );
    }
  }
  if (ctx.failed) return NOTHING_WRITTEN;
  await ctx.tx.query('delete from chain_edge where chain_id = $1', [chainId]);
  await ctx.tx.query('delete from chain_node where chain_id = $1 and not (code = any($2::text[]))', [
    chainId,
    nodes.map((n) => n.code),
  ]);
  await upsertRows(
    ctx.tx,
    {
      table: 'chain_node',
      conflict: '(chain_id, code)',
      columns: [
        { name: 'chain_id', type: 'integer' },
        { name: 'code', type: 'text' },
        { name: 'name_zh', type: 'text' },
        { name: 'name_en', type: 'text' },
        { name: 'position', type: 'text' },
        { name: 'stage', type: 'text' },
        { name: 'industry_codes', type: 'text[]' },
        { name: 'hs_codes', type: 'text[]' },
        { name: 'seq', type: 'integer' },
      ],
    },
    nodes.map((n) => ({ ...n, chain_id: chainId })),
  );
  await ctx.tx.query(
    `insert into chain_edge (chain_id, from_node_id, to_node_id)
     select distinct $1::integer, f.id, t.id from jsonb_to_recordset($2::jsonb) as e("from" text, "to" text)
     join chain_node f on f.chain_id = $1 and f.code = e."from"
     join chain_node t on t.chain_id = $1 and t.code = e."to"`,
    [chainId, JSON.stringify(edges)],
  );
  return { inserted: result.inserted, updated: result.updated };
}
