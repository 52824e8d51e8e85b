/**
 * Reference data shipped in data/reference/ (docs/reference-data.md): the gazetteer of China and the
 * world's countries, the GB/T 4754-2017 industry classification and the units. Loaded into an empty
 * store at first start; a store that already has them is left alone.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Db, Queryable } from '../store/db.ts';

const REFERENCE_DIR = new URL('../../data/reference/', import.meta.url);

function readCsv(name: string): Record<string, string>[] {
  return parse(readFileSync(new URL(name, REFERENCE_DIR)), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
  });
}

const nullIfEmpty = (v: string | undefined) => (v === undefined || v === '' ? null : v);

export interface ReferenceCounts {
  regions: number;
  industries: number;
  units: number;
  loaded: boolean;
}

export async function loadReferenceData(
  db: Db,
  log: (line: string) => void = () => {},
): Promise<ReferenceCounts> {
  const [existing] = await db.query<{ n: number }>('select count(*)::int as n from region');
  if (Number(existing?.n) > 0) return { ...(await counts(db)), loaded: false };
  await db.transaction(async (tx) => {
    await loadUnits(tx);
    await loadRegions(tx);
    await loadIndustries(tx);
  });
  const result = await counts(db);
  log(
    `loaded reference data: ${result.regions} regions, ${result.industries} industries, ${result.units} units`,
  );
  return { ...result, loaded: true };
}

async function counts(db: Queryable) {
  const [row] = await db.query<{ regions: number; industries: number; units: number }>(
    `select (select count(*)::int from region) as regions, (select count(*)::int from industry) as industries,
            (select count(*)::int from unit) as units`,
  );
  return { regions: Number(row!.regions), industries: Number(row!.industries), units: Number(row!.units) };
}

async function loadUnits(tx: Queryable) {
  const rows = readCsv('units.csv').map((r) => ({
    code: r.code,
    kind: r.kind,
    base_unit: r.base_unit,
    factor: Number(r.factor),
    name_zh: nullIfEmpty(r.name_zh),
    name_en: nullIfEmpty(r.name_en),
    aliases: (r.aliases ?? '')
      .split('|')
      .map((a) => a.trim())
      .filter(Boolean),
  }));
  await tx.query(
    `insert into unit (code, kind, base_unit, factor, name_zh, name_en, aliases)
     select code, kind, base_unit, factor, name_zh, name_en, aliases
     from jsonb_to_recordset($1::jsonb) as r(code text, kind text, base_unit text, factor double precision,
       name_zh text, name_en text, aliases text[])
     on conflict (code) do nothing`,
    [JSON.stringify(rows)],
  );
}

async function loadRegions(tx: Queryable) {
  const countries = readCsv('countries.csv').map((r) => ({
    code: r.code,
    level: 'country',
    parent_code: null,
    name_zh: r.name_zh || r.name_en,
    name_en: nullIfEmpty(r.name_en),
  }));
  const china = readCsv('regions-cn.csv').map((r) => ({
    code: r.code,
    level: r.level,
    parent_code: nullIfEmpty(r.parent_code),
    name_zh: r.name_zh,
    name_en: nullIfEmpty(r.name_en),
  }));
  const rows = [...countries, ...china];
  await tx.query(
    `insert into region (code, level, name_zh, name_en, source)
     select code, level, name_zh, name_en, 'data/reference'
     from jsonb_to_recordset($1::jsonb) as r(code text, level text, name_zh text, name_en text)
     on conflict (code) do nothing`,
    [JSON.stringify(rows)],
  );
  await tx.query(
    `update region r set parent_id = p.id
     from jsonb_to_recordset($1::jsonb) as x(code text, parent_code text)
     join region p on p.code = x.parent_code
     where r.code = x.code`,
    [JSON.stringify(rows.filter((r) => r.parent_code))],
  );
  // A point per province and prefecture (region-centroids.csv: the map's label point, near the seat of
  // government); counties borrow their prefecture's where a service needs one.
  const points = readCsv('region-centroids.csv').map((r) => ({
    code: r.code,
    lon: Number(r.lon),
    lat: Number(r.lat),
  }));
  await tx.query(
    `update region r set lon = x.lon, lat = x.lat
     from jsonb_to_recordset($1::jsonb) as x(code text, lon double precision, lat double precision)
     where r.code = x.code and r.lon is null and r.lat is null`,
    [JSON.stringify(points)],
  );
}

async function loadIndustries(tx: Queryable) {
  const rows = readCsv('industries-gbt4754-2017.csv').map((r) => ({
    scheme: r.scheme,
    code: r.code,
    level: r.level,
    parent_code: nullIfEmpty(r.parent_code),
    name_zh: nullIfEmpty(r.name_zh),
    name_en: nullIfEmpty(r.name_en),
  }));
  await tx.query(
    `insert into industry (scheme, code, level, name_zh, name_en)
     select scheme, code, level, name_zh, name_en
     from jsonb_to_recordset($1::jsonb) as r(scheme text, code text, level text, name_zh text, name_en text)
     on conflict (scheme, code) do nothing`,
    [JSON.stringify(rows)],
  );
  await tx.query(
    `update industry i set parent_id = p.id
     from jsonb_to_recordset($1::jsonb) as x(scheme text, code text, parent_code text)
     join industry p on p.scheme = x.scheme and p.code = x.parent_code
     where i.scheme = x.scheme and i.code = x.code`,
    [JSON.stringify(rows.filter((r) => r.parent_code))],
  );
}
