/** Chains: a template graph (nodes and edges) per row, as data/chains/*.yaml holds them. */
import { findCycle } from '../../../domain/chain-graph.ts';
import { chainEdgeRow, chainNodeRow, type ImportRow } from '../../../domain/import-rows.ts';
import { yamlLine } from '../../../ingest/structured-source.ts';
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
  key_products: string[];
  seq: number;
}

interface EdgeOut {
  from: string;
  to: string;
  share: number | null;
}

const HS_SUBHEADING = /^\d{6}$/;
/** Shares are read from files with a few decimals; a sum this close to 1 is 1. */
const SHARE_TOLERANCE = 1e-9;

/**
 * A template is checked whole before anything is written: each node's fields, unique node codes, codes
 * that exist, edges between nodes of the file, no duplicate edge, input shares of a node summing to at
 * most 1, and no cycle. Every error names the line of the YAML file it is on (docs/chain-templates.md).
 */
export const chains: KindHandler<ImportRow<'chains'>> = {
  key: (r) => r.code,
  async write(rows, ctx) {
    const total: WriteCount = { inserted: 0, updated: 0 };
    for (const { row, rowNumber } of rows) {
      const nodes: NodeOut[] = [];
      const rawNodes = new Map<NodeOut, Record<string, unknown>>();
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
              yamlLine(raw, field),
            );
          }
          return;
        }
        const n = parsed.data;
        const out: NodeOut = {
          code: n.code,
          name_zh: n.name_zh,
          name_en: n.name_en ?? null,
          position: n.position,
          stage: n.stage ?? null,
          industry_codes: n.industry_codes,
          hs_codes: n.hs_codes,
          key_products: n.key_products,
          seq: i + 1,
        };
        nodes.push(out);
        rawNodes.set(out, raw as Record<string, unknown>);
      });
      const codes = new Set<string>();
      for (const n of nodes) {
        const raw = rawNodes.get(n);
        if (codes.has(n.code))
          ctx.error(
            rowNumber,
            `nodes[${n.seq}].code`,
            n.code,
            'node codes that are unique within the chain (this code is already a node above)',
            yamlLine(raw, 'code'),
          );
        codes.add(n.code);
        if (n.industry_codes.length === 0 && n.hs_codes.length === 0)
          ctx.error(
            rowNumber,
            `nodes[${n.seq}]`,
            n.code,
            'a node with at least one industry code (GB/T 4754-2017) or HS code',
            yamlLine(raw),
          );
        for (const [j, code] of n.industry_codes.entries()) {
          if ((await ctx.lookups.industryId(code)) === undefined) {
            ctx.error(
              rowNumber,
              `nodes[${n.seq}].industry_codes`,
              code,
              'GB/T 4754-2017 industry codes that exist',
              yamlLine(raw?.industry_codes, j),
            );
          }
        }
        for (const [j, code] of n.hs_codes.entries()) {
          if (!HS_SUBHEADING.test(code))
            ctx.error(
              rowNumber,
              `nodes[${n.seq}].hs_codes`,
              code,
              'HS codes of six digits (an HS 2017 subheading), as quoted strings',
              yamlLine(raw?.hs_codes, j),
            );
        }
      }
      const edges: EdgeOut[] = [];
      const rawEdges = new Map<string, unknown>();
      const inputShare = new Map<string, number>();
      for (const [i, raw] of (row.edges ?? []).entries()) {
        const parsed = chainEdgeRow.safeParse(raw);
        if (!parsed.success) {
          const field = String(parsed.error.issues[0]?.path[0] ?? '');
          ctx.error(
            rowNumber,
            `edges[${i + 1}]${field ? `.${field}` : ''}`,
            raw,
            field === 'share'
              ? 'an input share between 0 and 1'
              : 'an edge { from: node code, to: node code, share: 0–1 (optional) }',
            yamlLine(raw, field || undefined),
          );
          continue;
        }
        const edge: EdgeOut = { ...parsed.data, share: parsed.data.share ?? null };
        let endsKnown = true;
        for (const end of ['from', 'to'] as const) {
          if (!codes.has(edge[end])) {
            endsKnown = false;
            ctx.error(
              rowNumber,
              `edges[${i + 1}].${end}`,
              edge[end],
              'a node code of this chain',
              yamlLine(raw, end),
            );
          }
        }
        if (edge.from === edge.to) {
          ctx.error(rowNumber, `edges[${i + 1}]`, raw, 'an edge between two different nodes', yamlLine(raw));
          continue;
        }
        const key = `${edge.from}\u0000${edge.to}`;
        if (rawEdges.has(key)) {
          ctx.error(
            rowNumber,
            `edges[${i + 1}]`,
            `${edge.from} → ${edge.to}`,
            `each edge once (the same edge is on line ${yamlLine(rawEdges.get(key)) ?? '?'})`,
            yamlLine(raw),
          );
          continue;
        }
        rawEdges.set(key, raw);
        if (edge.share !== null) {
          const sum = (inputShare.get(edge.to) ?? 0) + edge.share;
          inputShare.set(edge.to, sum);
          if (sum > 1 + SHARE_TOLERANCE)
            ctx.error(
              rowNumber,
              `edges[${i + 1}].share`,
              edge.share,
              `input shares of node ${edge.to} that add up to at most 1 (they reach ${round(sum)} here)`,
              yamlLine(raw, 'share'),
            );
        }
        if (endsKnown) edges.push(edge);
      }
      const cycle = findCycle([...codes], edges);
      if (cycle) {
        // The edge that closes the cycle is where the user has to look.
        const closing = `${cycle.at(-2)}\u0000${cycle.at(-1)}`;
        ctx.error(
          rowNumber,
          'edges',
          cycle.join(' → '),
          'edges without a cycle (a chain is a directed acyclic graph)',
          yamlLine(rawEdges.get(closing)),
        );
      }
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

const round = (x: number) => Math.round(x * 1e6) / 1e6;

async function writeChain(
  ctx: ImportContext,
  row: ImportRow<'chains'>,
  rowNumber: number,
  nodes: NodeOut[],
  edges: EdgeOut[],
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
        { name: 'key_products', type: 'text[]' },
        { name: 'seq', type: 'integer' },
      ],
    },
    nodes.map((n) => ({ ...n, chain_id: chainId })),
  );
  await ctx.tx.query(
    `insert into chain_edge (chain_id, from_node_id, to_node_id, input_share)
     select $1::integer, f.id, t.id, e.share
     from jsonb_to_recordset($2::jsonb) as e("from" text, "to" text, share double precision)
     join chain_node f on f.chain_id = $1 and f.code = e."from"
     join chain_node t on t.chain_id = $1 and t.code = e."to"`,
    [chainId, JSON.stringify(edges)],
  );
  return { inserted: result.inserted, updated: result.updated };
}
