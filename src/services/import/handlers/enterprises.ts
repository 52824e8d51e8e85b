/** Enterprises (with their figures for a year), their places on chain nodes, and supply links. */
import type { ImportRow } from '../../../domain/import-rows.ts';
import { resolveEnterprises } from '../enterprise-resolver.ts';
import { PROVENANCE_COLUMNS } from '../import-context.ts';
import { upsertRows } from '../upsert.ts';
import { type IndicatorOut, writeIndicators } from './figures.ts';
import { type KindHandler, NOTHING_WRITTEN, sumCounts } from './handler.ts';

/** Figure columns of an enterprise row → the metric they are stored under, and how their unit is read. */
const ENTERPRISE_FIGURES = [
  { column: 'revenue', metric: 'revenue', money: true },
  { column: 'tax', metric: 'tax', money: true },
  { column: 'output_value', metric: 'output_value', money: true },
  { column: 'employees', metric: 'employees', unit: 'person' },
  { column: 'land_area_mu', metric: 'land_area', unit: 'mu' },
] as const;

const ENTERPRISE_COLUMNS = [
  { name: 'region_id', type: 'integer' },
  { name: 'credit_code', type: 'text' },
  { name: 'name_zh', type: 'text' },
  { name: 'name_en', type: 'text' },
  { name: 'park_id', type: 'integer' },
  { name: 'industry_code', type: 'text' },
  { name: 'size_class', type: 'text' },
  { name: 'above_designated_size', type: 'boolean' },
  { name: 'high_tech', type: 'boolean' },
  { name: 'listed', type: 'boolean' },
  ...PROVENANCE_COLUMNS,
];

export const enterprises: KindHandler<ImportRow<'enterprises'>> = {
  key: (r) => r.credit_code ?? `${r.region_code}|${r.name_zh}`,
  async write(rows, ctx) {
    const [regionMap, parkMap, metricMap] = await Promise.all([
      ctx.lookups.regions(),
      ctx.lookups.parks(),
      ctx.lookups.metrics(),
    ]);
    const out = [];
    const figures: {
      key: string;
      rowNumber: number;
      metric: string;
      value: number;
      unit: string;
      year: number;
      row: ImportRow<'enterprises'>;
    }[] = [];
    for (const { row, rowNumber } of rows) {
      const region = ctx.ref(
        regionMap,
        row.region_code,
        rowNumber,
        'region_code',
        'a region code (GB/T 2260)',
      );
      const park = ctx.ref(parkMap, row.park_code, rowNumber, 'park_code', 'a park code');
      if (row.industry_code && (await ctx.lookups.industryId(row.industry_code)) === undefined) {
        ctx.error(rowNumber, 'industry_code', row.industry_code, 'a GB/T 4754-2017 industry code');
      }
      for (const f of ENTERPRISE_FIGURES) {
        const value = row[f.column];
        if (value === undefined) continue;
        if (row.year === undefined) {
          ctx.error(rowNumber, 'year', undefined, `the year the ${f.column} figure is for`);
          continue;
        }
        const unit = 'money' in f ? (row.money_unit ?? 'yuan') : f.unit;
        figures.push({
          key: row.credit_code ?? `${region?.id}|${row.name_zh}`,
          rowNumber,
          metric: f.metric,
          value,
          unit,
          year: row.year,
          row,
        });
      }
      out.push({
        region_id: region?.id,
        credit_code: row.credit_code ?? null,
        name_zh: row.name_zh,
        name_en: row.name_en ?? null,
        park_id: park?.id ?? null,
        industry_code: row.industry_code ?? null,
        size_class: row.size_class ?? null,
        above_designated_size: row.above_designated_size ?? null,
        high_tech: row.high_tech ?? null,
        listed: row.listed ?? null,
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    const indicatorRows: Omit<IndicatorOut, 'region_id' | 'entity_id'>[] = [];
    for (const f of figures) {
      const metric = ctx.ref(
        metricMap,
        f.metric,
        f.rowNumber,
        f.metric === 'land_area' ? 'land_area_mu' : f.metric,
        'a built-in metric',
      );
      const normalized = ctx.amount(
        f.value,
        f.unit,
        f.rowNumber,
        f.metric === 'land_area' ? 'land_area_mu' : 'money_unit',
      );
      if (!metric || !normalized) continue;
      indicatorRows.push({
        entity_kind: 'enterprise',
        industry_id: null,
        metric_id: metric.id,
        period: String(f.year),
        period_start: `${f.year}-01-01`,
        period_end: `${f.year}-12-31`,
        scope: '',
        value: normalized.value,
        unit: normalized.unit,
        value_original: f.value,
        unit_original: f.unit,
        note: null,
        ...(await ctx.provenance(f.rowNumber, f.row)),
      });
    }
    if (ctx.failed) return NOTHING_WRITTEN;
    // A code given now for an enterprise first known by name: attach it instead of creating a twin.
    const withCode = out.filter((o) => o.credit_code !== null);
    await ctx.tx.query(
      `update enterprise e set credit_code = x.credit_code
       from jsonb_to_recordset($1::jsonb) as x(region_id integer, name_zh text, credit_code text)
       where e.credit_code is null and e.region_id = x.region_id and e.name_zh = x.name_zh
         and not exists (select 1 from enterprise o where o.credit_code = x.credit_code)`,
      [
        JSON.stringify(
          withCode.map((o) => ({ region_id: o.region_id, name_zh: o.name_zh, credit_code: o.credit_code })),
        ),
      ],
    );
    const byCode = await upsertRows<{
      id: number;
      credit_code: string | null;
      region_id: number;
      name_zh: string;
    }>(
      ctx.tx,
      {
        table: 'enterprise',
        conflict: '(credit_code)',
        columns: ENTERPRISE_COLUMNS,
        returning: 'id, credit_code, region_id, name_zh',
      },
      withCode,
    );
    const byName = await upsertRows<{
      id: number;
      credit_code: string | null;
      region_id: number;
      name_zh: string;
    }>(
      ctx.tx,
      {
        table: 'enterprise',
        conflict: '(region_id, name_zh) where credit_code is null',
        columns: ENTERPRISE_COLUMNS,
        returning: 'id, credit_code, region_id, name_zh',
      },
      out.filter((o) => o.credit_code === null),
    );
    const ids = new Map<string, { id: number; regionId: number }>();
    for (const r of [...byCode.rows, ...byName.rows]) {
      ids.set(r.credit_code ?? `${r.region_id}|${r.name_zh}`, {
        id: Number(r.id),
        regionId: Number(r.region_id),
      });
    }
    const indicatorOut: IndicatorOut[] = indicatorRows.map((ind, i) => {
      const e = ids.get(figures[i]!.key)!;
      return { ...ind, region_id: e.regionId, entity_id: e.id };
    });
    await writeIndicators(ctx, indicatorOut);
    return sumCounts(byCode, byName);
  },
};

export const enterpriseNodes: KindHandler<ImportRow<'enterprise_nodes'>> = {
  key: (r) =>
    `${r.enterprise_credit_code ?? `${r.region_code}|${r.enterprise_name}`}|${r.chain_code}/${r.node_code}`,
  async write(rows, ctx) {
    const nodes = await ctx.lookups.nodes();
    const found = await resolveEnterprises(
      ctx,
      rows.map(({ row, rowNumber }) => ({
        rowNumber,
        creditCode: row.enterprise_credit_code,
        name: row.enterprise_name,
        regionCode: row.region_code,
        codeColumn: 'enterprise_credit_code',
        nameColumn: 'enterprise_name',
      })),
    );
    const out = [];
    for (let i = 0; i < rows.length; i++) {
      const { row, rowNumber } = rows[i]!;
      const nodeId = ctx.ref(
        nodes,
        `${row.chain_code}/${row.node_code}`,
        rowNumber,
        'node_code',
        `a node of chain ${row.chain_code}`,
      );
      const enterprise = found[i];
      if (nodeId === undefined || !enterprise) continue;
      out.push({
        enterprise_id: enterprise.id,
        chain_node_id: nodeId,
        role: row.role ?? 'member',
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    if (ctx.failed) return NOTHING_WRITTEN;
    return upsertRows(
      ctx.tx,
      {
        table: 'enterprise_node',
        conflict: '(enterprise_id, chain_node_id)',
        columns: [
          { name: 'enterprise_id', type: 'bigint' },
          { name: 'chain_node_id', type: 'integer' },
          { name: 'role', type: 'text' },
          ...PROVENANCE_COLUMNS,
        ],
      },
      out,
    );
  },
};

export const supplyLinks: KindHandler<ImportRow<'supply_links'>> = {
  key: (r) =>
    `${r.supplier_credit_code ?? `${r.supplier_region_code}|${r.supplier_name}`}>${r.buyer_credit_code ?? `${r.buyer_region_code}|${r.buyer_name}`}|${r.year}`,
  async write(rows, ctx) {
    const nodes = await ctx.lookups.nodes();
    const mention = (side: 'supplier' | 'buyer') =>
      rows.map(({ row, rowNumber }) => ({
        rowNumber,
        creditCode: row[`${side}_credit_code`] as string | undefined,
        name: row[`${side}_name`] as string | undefined,
        regionCode: row[`${side}_region_code`],
        codeColumn: `${side}_credit_code`,
        nameColumn: `${side}_name`,
      }));
    const suppliers = await resolveEnterprises(ctx, mention('supplier'));
    const buyers = await resolveEnterprises(ctx, mention('buyer'));
    const out = [];
    for (let i = 0; i < rows.length; i++) {
      const { row, rowNumber } = rows[i]!;
      const nodeId =
        row.chain_code && row.node_code
          ? ctx.ref(
              nodes,
              `${row.chain_code}/${row.node_code}`,
              rowNumber,
              'node_code',
              `a node of chain ${row.chain_code}`,
            )
          : undefined;
      const amount = ctx.amount(row.value, row.unit, rowNumber, 'unit', 'money');
      const supplier = suppliers[i];
      const buyer = buyers[i];
      if (!supplier || !buyer) continue;
      if (supplier.id === buyer.id)
        ctx.error(rowNumber, 'buyer_name', row.buyer_name, 'a buyer other than the supplier');
      out.push({
        buyer_region_id: buyer.regionId,
        buyer_id: buyer.id,
        supplier_region_id: supplier.regionId,
        supplier_id: supplier.id,
        year: row.year,
        value: amount?.value ?? null,
        unit: amount?.unit ?? null,
        chain_node_id: nodeId ?? null,
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    if (ctx.failed) return NOTHING_WRITTEN;
    return upsertRows(
      ctx.tx,
      {
        table: 'supply_link',
        conflict: '(buyer_region_id, buyer_id, supplier_id, year)',
        columns: [
          { name: 'buyer_region_id', type: 'integer' },
          { name: 'buyer_id', type: 'bigint' },
          { name: 'supplier_region_id', type: 'integer' },
          { name: 'supplier_id', type: 'bigint' },
          { name: 'year', type: 'integer' },
          { name: 'value', type: 'numeric' },
          { name: 'unit', type: 'text' },
          { name: 'chain_node_id', type: 'integer' },
          ...PROVENANCE_COLUMNS,
        ],
      },
      out,
    );
  },
};
