/**
 * Import acceptance (issue 2), on every store: a file with bad rows is reported whole and changes
 * nothing; the fixed file lands; importing it again does not duplicate.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFailed } from '../src/services/import/import-error.ts';
import { importFile } from '../src/services/import/import-file.ts';
import type { Store } from '../src/store/open-store.ts';
import { tableFingerprint } from './helpers/fingerprint.ts';
import { enterpriseRows, toCsv } from './helpers/fixtures.ts';
import { storeKinds } from './helpers/stores.ts';

const dir = mkdtempSync(join(tmpdir(), 'chainatlas-import-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return { name, data: { path } };
};

describe.each(storeKinds())('import on $name', (kind) => {
  let store: Store;
  let counties: string[];
  beforeAll(async () => {
    store = await kind.open();
    counties = (
      await store.db.query<{ code: string }>(
        "select code from region where level = 'county' order by code limit 50",
      )
    ).map((r) => r.code);
  });
  afterAll(() => store?.close());

  it('reports the 3 bad rows of 1,000 enterprises with row and column, and changes nothing', async () => {
    const rows = enterpriseRows(1000, counties);
    const bad = rows.map((r) => ({ ...r }));
    bad[10]!.credit_code = `${bad[10]!.credit_code.slice(0, 17)}${bad[10]!.credit_code[17] === '0' ? '1' : '0'}`;
    bad[500]!.region_code = '999999';
    bad[998]!.revenue = '-250';
    const before = await tableFingerprint(store.db);
    const error = await importFile(store.db, write('enterprises-bad.csv', toCsv(bad as never))).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ImportFailed);
    const issues = (error as ImportFailed).issues;
    expect((error as ImportFailed).totalIssues).toBe(3);
    // Spreadsheet rows: the header is row 1, so data row i is row i + 2.
    expect(issues.map((i) => [i.row, i.column])).toEqual([
      [12, 'credit_code (A)'],
      [502, 'region_code (C)'],
      [1000, 'revenue (E)'],
    ]);
    expect(issues[0]!.expected).toMatch(/check character/);
    expect(issues[1]!.expected).toMatch(/region code/);
    expect(issues[2]!.expected).toMatch(/≥ 0/);
    expect(await tableFingerprint(store.db)).toEqual(before);
  });

  it('lands the fixed file, and re-importing it leaves 1,000 rows', async () => {
    const rows = enterpriseRows(1000, counties);
    const file = write('enterprises.csv', toCsv(rows as never));
    const first = await importFile(store.db, file);
    expect(first).toMatchObject({ kind: 'enterprises', rows: 1000, inserted: 1000, updated: 0 });
    const again = await importFile(store.db, file);
    expect(again).toMatchObject({ rows: 1000, inserted: 0, updated: 1000 });
    const [count] = await store.db.query<{ n: number }>('select count(*)::int as n from enterprise');
    expect(count!.n).toBe(1000);
    // Revenue became a figure of each enterprise for 2024, in yuan, with the file as provenance.
    const [figure] = await store.db.query<{ n: number; file: string }>(
      "select count(*)::int as n, min(i.import_file) as file from indicator i join metric m on m.id = i.metric_id where m.code = 'revenue' and i.period = '2024'",
    );
    expect(figure).toEqual({ n: 1000, file: 'enterprises.csv' });
  });

  it('normalizes units and keeps the original beside the normalized value', async () => {
    await importFile(
      store.db,
      write(
        'parks.yaml',
        `kind: parks\nrows:\n  - { code: T-PARK, region_code: '${counties[0]}', name_zh: 测试园区, planned_area_ha: 290.25, available_area_mu: 1761.15 }\n`,
      ),
    );
    const result = await importFile(
      store.db,
      write(
        'indicators.csv',
        `entity_kind,entity_code,metric,period,value,unit,source,quote\npark,T-PARK,output_value,2024,188.42,亿元,test,"quoted"\n`,
      ),
    );
    expect(result.inserted).toBe(1);
    const [park] = await store.db.query<{ planned_area_mu: number; available_area_ha: number }>(
      "select planned_area_mu, available_area_ha from park where code = 'T-PARK'",
    );
    expect(park!.planned_area_mu).toBeCloseTo(4353.75, 6);
    expect(park!.available_area_ha).toBeCloseTo(117.41, 6);
    const [figure] = await store.db.query<{
      value: number;
      unit: string;
      value_original: number;
      unit_original: string;
    }>(
      "select value, unit, value_original, unit_original from indicator where entity_kind = 'park' and period = '2024'",
    );
    expect(figure).toEqual({
      value: 18_842_000_000,
      unit: 'yuan',
      value_original: 188.42,
      unit_original: '亿元',
    });
  });

  it('reads XLSX and JSON with the same checks', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('parks');
    sheet.addRow(['code', 'region_code', 'name_zh', 'kind', 'planned_area_ha']);
    sheet.addRow(['X-1', counties[1], '表格园区', 'high_tech_zone', 12.5]);
    sheet.addRow(['X-2', counties[2], '坏园区', 'spaceport', -3]);
    const path = join(dir, 'parks.xlsx');
    await workbook.xlsx.writeFile(path);
    const error = (await importFile(store.db, { name: 'parks.xlsx', data: { path } }).catch(
      (e) => e,
    )) as ImportFailed;
    expect(error.issues.map((i) => [i.row, i.column])).toEqual([
      [3, 'kind (D)'],
      [3, 'planned_area_ha (E)'],
    ]);
    const ok = await importFile(
      store.db,
      write(
        'parks.json',
        JSON.stringify({
          kind: 'parks',
          rows: [{ code: 'X-1', region_code: counties[1], name_zh: '表格园区' }],
        }),
      ),
    );
    expect(ok.inserted).toBe(1);
    const bad = (await importFile(
      store.db,
      write('parks2.json', JSON.stringify([{ code: 'X-3', name_zh: 'n', regoin_code: '1' }])),
    ).catch((e) => e)) as ImportFailed;
    expect(bad.issues.map((i) => i.column).sort()).toEqual(['region_code', 'regoin_code']);
  });

  it('reads empty optional cells as "not given"', async () => {
    const result = await importFile(
      store.db,
      write(
        'parks-blank.csv',
        `code,region_code,name_zh,kind,level,planned_area_ha,available_area_mu,industry_codes\nB-1,${counties[0]},空白园区,,, ,,\n`,
      ),
    );
    expect(result.inserted).toBe(1);
  });

  it('refuses a file that states the same key twice', async () => {
    const error = (await importFile(
      store.db,
      write('dup.csv', `code,region_code,name_zh\nD-1,${counties[0]},甲\nD-1,${counties[0]},乙\n`),
      { kind: 'parks' },
    ).catch((e) => e)) as ImportFailed;
    expect(error.issues[0]).toMatchObject({ row: 3, expected: expect.stringMatching(/repeat of row 2/) });
  });
});
