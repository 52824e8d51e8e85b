/** Metrics, indicators and targets: the figures, each tied to an entity, a period and its source. */
import type { ImportRow } from '../../../domain/import-rows.ts';
import type { EntityKind } from '../../../domain/vocabulary.ts';
import { resolveEnterprises } from '../enterprise-resolver.ts';
import type { ImportContext, Provenance, ValidRow } from '../import-context.ts';
import { PROVENANCE_COLUMNS } from '../import-context.ts';
import { upsertRows } from '../upsert.ts';
import { type KindHandler, NOTHING_WRITTEN, type WriteCount } from './handler.ts';

export const metrics: KindHandler<ImportRow<'metrics'>> = {
  key: (r) => r.code,
  async write(rows, ctx) {
    const out = [];
    for (const { row, rowNumber } of rows) {
      const unit = ctx.units.normalize(1, row.unit);
      if (!unit) ctx.error(rowNumber, 'unit', row.unit, 'a known unit (data/reference/units.csv)');
      out.push({
        code: row.code,
        name_zh: row.name_zh,
        name_en: row.name_en ?? null,
        unit: unit?.unit,
        description: row.description ?? null,
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    if (ctx.failed) return NOTHING_WRITTEN;
    const result = await upsertRows(
      ctx.tx,
      {
        table: 'metric',
        conflict: '(code)',
        columns: [
          { name: 'code', type: 'text' },
          { name: 'name_zh', type: 'text' },
          { name: 'name_en', type: 'text' },
          { name: 'unit', type: 'text' },
          { name: 'description', type: 'text' },
          ...PROVENANCE_COLUMNS,
        ],
      },
      out,
    );
    ctx.lookups.invalidate('metrics');
    return result;
  },
};

interface EntityMention {
  rowNumber: number;
  kind: EntityKind;
  code: string;
  regionCode?: string;
}

/**
 * Resolves (entity_kind, entity_code) to the entity's id and the region its figures belong to (the
 * distribution key of the indicator table). Chains are templates, so their figures need a region.
 */
async function resolveEntities(ctx: ImportContext, mentions: EntityMention[]) {
  const [regions, parks, clusters, chains] = await Promise.all([
    ctx.lookups.regions(),
    ctx.lookups.parks(),
    ctx.lookups.clusters(),
    ctx.lookups.chains(),
  ]);
  const enterpriseMentions = mentions.filter((m) => m.kind === 'enterprise');
  const enterprises = await resolveEnterprises(
    ctx,
    enterpriseMentions.map((m) => ({
      rowNumber: m.rowNumber,
      creditCode: /^[0-9A-Z]{18}$/.test(m.code) ? m.code : undefined,
      name: /^[0-9A-Z]{18}$/.test(m.code) ? undefined : m.code,
      regionCode: m.regionCode,
      codeColumn: 'entity_code',
      nameColumn: 'entity_code',
    })),
  );
  const enterpriseByRow = new Map(enterpriseMentions.map((m, i) => [m.rowNumber, enterprises[i]]));
  return mentions.map((m): { entityId: number; regionId: number } | undefined => {
    const scopeRegion = m.regionCode
      ? ctx.ref(regions, m.regionCode, m.rowNumber, 'region_code', 'a region code (GB/T 2260)')
      : undefined;
    switch (m.kind) {
      case 'region': {
        const r = ctx.ref(
          regions,
          m.code,
          m.rowNumber,
          'entity_code',
          'a region code (GB/T 2260 or ISO 3166 alpha-3)',
        );
        return r && { entityId: r.id, regionId: r.id };
      }
      case 'park': {
        const p = ctx.ref(parks, m.code, m.rowNumber, 'entity_code', 'a park code');
        return p && { entityId: p.id, regionId: p.regionId };
      }
      case 'cluster': {
        const c = ctx.ref(clusters, m.code, m.rowNumber, 'entity_code', 'a cluster code');
        return c && { entityId: c.id, regionId: scopeRegion?.id ?? c.regionId };
      }
      case 'chain': {
        const id = ctx.ref(chains, m.code, m.rowNumber, 'entity_code', 'a chain code');
        if (!m.regionCode)
          ctx.error(m.rowNumber, 'region_code', undefined, "the region the chain's figure is for");
        return id !== undefined && scopeRegion ? { entityId: id, regionId: scopeRegion.id } : undefined;
      }
      case 'enterprise': {
        const e = enterpriseByRow.get(m.rowNumber);
        return e && { entityId: e.id, regionId: e.regionId };
      }
    }
    return undefined;
  });
}

export interface IndicatorOut extends Provenance {
  region_id: number;
  entity_kind: EntityKind;
  entity_id: number;
  industry_id: number | null;
  metric_id: number;
  period: string;
  period_start: string;
  period_end: string;
  scope: string;
  value: number;
  unit: string;
  value_original: number;
  unit_original: string;
  note: string | null;
}

const INDICATOR_SPEC = {
  table: 'indicator',
  conflict: '(region_id, entity_kind, entity_id, metric_id, period, scope, (coalesce(industry_id, 0)))',
  columns: [
    { name: 'region_id', type: 'integer' },
    { name: 'entity_kind', type: 'text' },
    { name: 'entity_id', type: 'bigint' },
    { name: 'industry_id', type: 'integer' },
    { name: 'metric_id', type: 'integer' },
    { name: 'period', type: 'text' },
    { name: 'period_start', type: 'date' },
    { name: 'period_end', type: 'date' },
    { name: 'scope', type: 'text' },
    { name: 'value', type: 'double precision' },
    { name: 'unit', type: 'text' },
    { name: 'value_original', type: 'double precision' },
    { name: 'unit_original', type: 'text' },
    { name: 'note', type: 'text' },
    ...PROVENANCE_COLUMNS,
  ],
};

export function writeIndicators(ctx: ImportContext, rows: IndicatorOut[]): Promise<WriteCount> {
  return upsertRows(ctx.tx, INDICATOR_SPEC, rows as unknown as Record<string, unknown>[]);
}

/** Converts a figure to its metric's base unit; money in another currency keeps its own (usd stays usd). */
export function figureInMetricUnit(
  ctx: ImportContext,
  metricUnit: string,
  value: number,
  unit: string,
  rowNumber: number,
  column: string,
) {
  const normalized = ctx.amount(value, unit, rowNumber, column);
  if (!normalized) return undefined;
  const metricKind = ctx.units.normalize(1, metricUnit)?.kind ?? metricUnit;
  const family = (kind: string) => kind.split('_')[0];
  if (normalized.unit !== metricUnit && family(normalized.kind) !== family(metricKind)) {
    ctx.error(rowNumber, column, unit, `a unit convertible to the metric's unit (${metricUnit})`);
    return undefined;
  }
  return normalized;
}

async function industryOf(ctx: ImportContext, code: string | undefined, rowNumber: number) {
  if (code === undefined) return null;
  const id = await ctx.lookups.industryId(code);
  if (id === undefined) ctx.error(rowNumber, 'industry_code', code, 'a GB/T 4754-2017 industry code');
  return id ?? null;
}

export const indicators: KindHandler<ImportRow<'indicators'>> = {
  key: (r) =>
    `${r.entity_kind}|${r.entity_code}|${r.region_code ?? ''}|${r.industry_code ?? ''}|${r.metric}|${r.period.code}|${r.scope ?? ''}`,
  async write(rows, ctx) {
    const metricMap = await ctx.lookups.metrics();
    const entities = await resolveEntities(
      ctx,
      rows.map(({ row, rowNumber }) => ({
        rowNumber,
        kind: row.entity_kind,
        code: row.entity_code,
        regionCode: row.region_code,
      })),
    );
    const out: IndicatorOut[] = [];
    for (let i = 0; i < rows.length; i++) {
      const { row, rowNumber } = rows[i] as ValidRow<ImportRow<'indicators'>>;
      const metric = ctx.ref(metricMap, row.metric, rowNumber, 'metric', 'a metric code (see /api/metrics)');
      const industryId = await industryOf(ctx, row.industry_code, rowNumber);
      const figure = metric
        ? figureInMetricUnit(ctx, metric.unit, row.value, row.unit, rowNumber, 'unit')
        : undefined;
      const entity = entities[i];
      if (!metric || !figure || !entity || ctx.failed) continue;
      out.push({
        region_id: entity.regionId,
        entity_kind: row.entity_kind,
        entity_id: entity.entityId,
        industry_id: industryId,
        metric_id: metric.id,
        period: row.period.code,
        period_start: row.period.start,
        period_end: row.period.end,
        scope: row.scope ?? '',
        value: figure.value,
        unit: figure.unit,
        value_original: row.value,
        unit_original: row.unit,
        note: row.note ?? null,
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    if (ctx.failed) return NOTHING_WRITTEN;
    return writeIndicators(ctx, out);
  },
};

export const targets: KindHandler<ImportRow<'targets'>> = {
  key: (r) => `${r.entity_kind}|${r.entity_code}|${r.industry_code ?? ''}|${r.metric}|${r.due_period.code}`,
  async write(rows, ctx) {
    const metricMap = await ctx.lookups.metrics();
    const entities = await resolveEntities(
      ctx,
      rows.map(({ row, rowNumber }) => ({
        rowNumber,
        kind: row.entity_kind,
        code: row.entity_code,
        regionCode: row.region_code,
      })),
    );
    const out = [];
    for (let i = 0; i < rows.length; i++) {
      const { row, rowNumber } = rows[i] as ValidRow<ImportRow<'targets'>>;
      const metric = ctx.ref(metricMap, row.metric, rowNumber, 'metric', 'a metric code (see /api/metrics)');
      const industryId = await industryOf(ctx, row.industry_code, rowNumber);
      const figure = metric
        ? figureInMetricUnit(ctx, metric.unit, row.value, row.unit, rowNumber, 'unit')
        : undefined;
      const baseline =
        metric && row.baseline_value !== undefined
          ? figureInMetricUnit(ctx, metric.unit, row.baseline_value, row.unit, rowNumber, 'baseline_value')
          : undefined;
      const entity = entities[i];
      if (!metric || !figure || !entity || ctx.failed) continue;
      out.push({
        region_id: entity.regionId,
        entity_kind: row.entity_kind,
        entity_id: entity.entityId,
        industry_id: industryId,
        metric_id: metric.id,
        value: figure.value,
        unit: figure.unit,
        value_original: row.value,
        unit_original: row.unit,
        due_period: row.due_period.code,
        due_end: row.due_period.end,
        phase: row.phase ?? null,
        baseline_value: baseline?.value ?? null,
        baseline_period: row.baseline_period?.code ?? null,
        note: row.note ?? null,
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    if (ctx.failed) return NOTHING_WRITTEN;
    return upsertRows(
      ctx.tx,
      {
        table: 'target',
        conflict: '(entity_kind, entity_id, metric_id, due_period, (coalesce(industry_id, 0)))',
        columns: [
          { name: 'region_id', type: 'integer' },
          { name: 'entity_kind', type: 'text' },
          { name: 'entity_id', type: 'bigint' },
          { name: 'industry_id', type: 'integer' },
          { name: 'metric_id', type: 'integer' },
          { name: 'value', type: 'double precision' },
          { name: 'unit', type: 'text' },
          { name: 'value_original', type: 'double precision' },
          { name: 'unit_original', type: 'text' },
          { name: 'due_period', type: 'text' },
          { name: 'due_end', type: 'date' },
          { name: 'phase', type: 'text' },
          { name: 'baseline_value', type: 'double precision' },
          { name: 'baseline_period', type: 'text' },
          { name: 'note', type: 'text' },
          ...PROVENANCE_COLUMNS,
        ],
      },
      out,
    );
  },
};
