/** Documents, regions, parks and clusters: the places and sources everything else refers to. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportRow } from '../../../domain/import-rows.ts';
import { PROVENANCE_COLUMNS } from '../import-context.ts';
import { bothAreas } from '../units.ts';
import { upsertRows } from '../upsert.ts';
import { type KindHandler, NOTHING_WRITTEN } from './handler.ts';

export const documents: KindHandler<ImportRow<'documents'>> = {
  key: (r) => r.code,
  async write(rows, ctx) {
    const regions = await ctx.lookups.regions();
    const out = [];
    for (const { row, rowNumber } of rows) {
      const region = ctx.ref(regions, row.region_code, rowNumber, 'region_code', 'a region code');
      let body: string | null = null;
      if (row.file) {
        const path = ctx.baseDir ? join(ctx.baseDir, row.file) : null;
        if (!path || !existsSync(path)) {
          ctx.error(rowNumber, 'file', row.file, 'a text file beside the imported file');
          continue;
        }
        body = readFileSync(path, 'utf8');
      }
      out.push({
        code: row.code,
        title: row.title,
        language: row.language,
        publisher: row.publisher ?? null,
        published_on: row.published_on ?? null,
        url: row.url ?? null,
        file_name: row.file ?? null,
        body,
        region_id: region?.id ?? null,
      });
    }
    if (ctx.failed) return NOTHING_WRITTEN;
    const result = await upsertRows(
      ctx.tx,
      {
        table: 'document',
        conflict: '(code)',
        columns: [
          { name: 'code', type: 'text' },
          { name: 'title', type: 'text' },
          { name: 'language', type: 'text' },
          { name: 'publisher', type: 'text' },
          { name: 'published_on', type: 'date' },
          { name: 'url', type: 'text' },
          { name: 'file_name', type: 'text' },
          { name: 'body', type: 'text' },
          { name: 'region_id', type: 'integer' },
        ],
      },
      out,
    );
    ctx.lookups.invalidate('documents');
    return result;
  },
};

export const regions: KindHandler<ImportRow<'regions'>> = {
  key: (r) => r.code,
  async write(rows, ctx) {
    const known = await ctx.lookups.regions();
    const inFile = new Set(rows.map((r) => r.row.code));
    // Parents may come later in the same file: write every row, then link parents in a second step.
    const out = [];
    for (const { row, rowNumber } of rows) {
      if (row.parent_code && !known.has(row.parent_code) && !inFile.has(row.parent_code)) {
        ctx.error(rowNumber, 'parent_code', row.parent_code, 'a region code that exists or is in this file');
      }
      out.push({
        code: row.code,
        level: row.level,
        name_zh: row.name_zh,
        name_en: row.name_en ?? null,
        lon: row.lon ?? null,
        lat: row.lat ?? null,
        parent_code: row.parent_code ?? null,
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    if (ctx.failed) return NOTHING_WRITTEN;
    const result = await upsertRows(
      ctx.tx,
      {
        table: 'region',
        conflict: '(code)',
        columns: [
          { name: 'code', type: 'text' },
          { name: 'level', type: 'text' },
          { name: 'name_zh', type: 'text' },
          { name: 'name_en', type: 'text' },
          { name: 'lon', type: 'double precision' },
          { name: 'lat', type: 'double precision' },
          ...PROVENANCE_COLUMNS,
        ],
      },
      out,
    );
    await ctx.tx.query(
      `update region r set parent_id = p.id
       from jsonb_to_recordset($1::jsonb) as x(code text, parent_code text)
       join region p on p.code = x.parent_code
       where r.code = x.code`,
      [JSON.stringify(out.map((o) => ({ code: o.code, parent_code: o.parent_code })))],
    );
    ctx.lookups.invalidate('regions');
    return result;
  },
};

export const parks: KindHandler<ImportRow<'parks'>> = {
  key: (r) => r.code,
  async write(rows, ctx) {
    const regionMap = await ctx.lookups.regions();
    const out = [];
    for (const { row, rowNumber } of rows) {
      const region = ctx.ref(
        regionMap,
        row.region_code,
        rowNumber,
        'region_code',
        'a region code (GB/T 2260)',
      );
      const planned = bothAreas(row.planned_area_ha, row.planned_area_mu);
      const available = bothAreas(row.available_area_ha, row.available_area_mu);
      if (planned.ha !== null && available.ha !== null && available.ha > planned.ha + 1e-9) {
        ctx.error(
          rowNumber,
          'available_area_ha',
          available.ha,
          `an available area no larger than the planned ${planned.ha} ha`,
        );
      }
      out.push({
        code: row.code,
        region_id: region?.id,
        name_zh: row.name_zh,
        name_en: row.name_en ?? null,
        kind: row.kind ?? 'industrial_park',
        level: row.level ?? null,
        planned_area_ha: planned.ha,
        planned_area_mu: planned.mu,
        available_area_ha: available.ha,
        available_area_mu: available.mu,
        leading_industries: row.leading_industries,
        industry_codes: row.industry_codes,
        parent_park_code: row.parent_park_code ?? null,
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    const known = await ctx.lookups.parks();
    const inFile = new Set(rows.map((r) => r.row.code));
    for (const { row, rowNumber } of rows) {
      if (row.parent_park_code && !known.has(row.parent_park_code) && !inFile.has(row.parent_park_code)) {
        ctx.error(
          rowNumber,
          'parent_park_code',
          row.parent_park_code,
          'a park code that exists or is in this file',
        );
      }
    }
    if (ctx.failed) return NOTHING_WRITTEN;
    const result = await upsertRows(
      ctx.tx,
      {
        table: 'park',
        conflict: '(code)',
        columns: [
          { name: 'code', type: 'text' },
          { name: 'region_id', type: 'integer' },
          { name: 'name_zh', type: 'text' },
          { name: 'name_en', type: 'text' },
          { name: 'kind', type: 'text' },
          { name: 'level', type: 'text' },
          { name: 'planned_area_ha', type: 'numeric' },
          { name: 'planned_area_mu', type: 'numeric' },
          { name: 'available_area_ha', type: 'numeric' },
          { name: 'available_area_mu', type: 'numeric' },
          { name: 'leading_industries', type: 'text[]' },
          { name: 'industry_codes', type: 'text[]' },
          ...PROVENANCE_COLUMNS,
        ],
      },
      out,
    );
    await ctx.tx.query(
      `update park k set parent_park_id = p.id
       from jsonb_to_recordset($1::jsonb) as x(code text, parent_park_code text)
       left join park p on p.code = x.parent_park_code
       where k.code = x.code`,
      [JSON.stringify(out.map((o) => ({ code: o.code, parent_park_code: o.parent_park_code })))],
    );
    ctx.lookups.invalidate('parks');
    return result;
  },
};

export const clusters: KindHandler<ImportRow<'clusters'>> = {
  key: (r) => r.code,
  async write(rows, ctx) {
    const [regionMap, parkMap, chainMap] = await Promise.all([
      ctx.lookups.regions(),
      ctx.lookups.parks(),
      ctx.lookups.chains(),
    ]);
    const out = [];
    const links: { code: string; chain_id: number }[] = [];
    for (const { row, rowNumber } of rows) {
      if (!row.region_code && !row.park_code)
        ctx.error(rowNumber, 'region_code', undefined, 'a region_code or a park_code');
      const region = ctx.ref(
        regionMap,
        row.region_code,
        rowNumber,
        'region_code',
        'a region code (GB/T 2260)',
      );
      const park = ctx.ref(parkMap, row.park_code, rowNumber, 'park_code', 'a park code');
      for (const chainCode of row.chain_codes) {
        const chainId = ctx.ref(
          chainMap,
          chainCode,
          rowNumber,
          'chain_codes',
          'chain codes that exist (data/chains/)',
        );
        if (chainId !== undefined) links.push({ code: row.code, chain_id: chainId });
      }
      out.push({
        code: row.code,
        name_zh: row.name_zh,
        name_en: row.name_en ?? null,
        region_id: region?.id ?? null,
        park_id: park?.id ?? null,
        tier: row.tier ?? null,
        description: row.description ?? null,
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    if (ctx.failed) return NOTHING_WRITTEN;
    const result = await upsertRows(
      ctx.tx,
      {
        table: 'cluster',
        conflict: '(code)',
        columns: [
          { name: 'code', type: 'text' },
          { name: 'name_zh', type: 'text' },
          { name: 'name_en', type: 'text' },
          { name: 'region_id', type: 'integer' },
          { name: 'park_id', type: 'integer' },
          { name: 'tier', type: 'text' },
          { name: 'description', type: 'text' },
          ...PROVENANCE_COLUMNS,
        ],
      },
      out,
    );
    // The file states each cluster's chains in full: replace them.
    await ctx.tx.query(
      'delete from cluster_chain where cluster_id in (select id from cluster where code = any($1::text[]))',
      [out.map((o) => o.code)],
    );
    await ctx.tx.query(
      `insert into cluster_chain (cluster_id, chain_id)
       select distinct c.id, x.chain_id from jsonb_to_recordset($1::jsonb) as x(code text, chain_id integer)
       join cluster c on c.code = x.code`,
      [JSON.stringify(links)],
    );
    ctx.lookups.invalidate('clusters');
    return result;
  },
};
