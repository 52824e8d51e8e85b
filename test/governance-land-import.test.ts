/**
 * Standard-land contracts as an import kind (issue 14, item 3), on both stores with the demo workspace and
 * the governance fixture (test/fixtures/governance.ts): a CSV with bad rows is refused whole, each error
 * with its file, row, column and reason, and nothing is written; the fixed ledger lands from an XLSX
 * workbook (commitments in 万元 per mu, stored in yuan per mu) and the contracts are then checked as the
 * API checks them; a re-import (YAML) updates the terms and keeps what the park has recorded since; a
 * park officer's import of a contract on another park's parcel is refused at its row (JSON).
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN, type Visibility } from '../src/services/accounts/subject.ts';
import { exportEntities } from '../src/services/export-entities.ts';
import { recordContractProgress, standardLandContracts } from '../src/services/governance/standard-land.ts';
import { ImportFailed } from '../src/services/import/import-error.ts';
import { importFile } from '../src/services/import/import-file.ts';
import type { Store } from '../src/store/open-store.ts';
import {
  creditOf,
  GOVERNANCE_ENTERPRISES_CSV,
  GOVERNANCE_INDICATORS_CSV,
  GOVERNANCE_PARCELS_CSV,
  GOVERNANCE_PROJECTS_CSV,
} from './fixtures/governance.ts';
import { tableFingerprint } from './helpers/fingerprint.ts';
import { storeKinds } from './helpers/stores.ts';

const EVERYTHING: Visibility = { all: true, regions: [], parks: [], enterprises: [], departments: [] };
const SOURCE = 'test fixture (issue 14)';

/** A second made-up parcel, for G1's contract (100 mu, G1's 2025 land). */
const SECOND_PARCEL_CSV = [
  'code,park_code,name,area_mu,status,source',
  `FIX-HUAPING-STD-2,LJ-HUAPING,Fixture standard land 2,100,sold,${SOURCE}`,
].join('\n');

const HEADER = [
  'code',
  'parcel_code',
  'enterprise_credit_code',
  'enterprise_name',
  'project_code',
  'investment_per_mu',
  'tax_per_mu',
  'output_per_mu',
  'money_unit',
  'plot_ratio',
  'start_due',
  'completion_due',
  'full_output_due',
  'source',
];

/** G2 on parcel 1: 40 万元 tax per mu due by 2025-12-31; G1 on parcel 2: 50 万元. */
const GOOD_ROWS = [
  [
    'FIX-SLC-G2',
    'FIX-HUAPING-STD-1',
    creditOf('G2'),
    '',
    'FIX-PROJ-BEHIND',
    300,
    40,
    '',
    '万元',
    1.2,
    '2024-03-01',
    '2025-03-01',
    '2025-12-31',
    SOURCE,
  ],
  [
    'FIX-SLC-G1',
    'FIX-HUAPING-STD-2',
    '',
    '测试亩均企业G1',
    '',
    '',
    50,
    '',
    '10k yuan',
    '',
    '',
    '',
    '2025-12-31',
    SOURCE,
  ],
];

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('contracts');
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe.each(storeKinds())('standard-land contracts imported on $name', (kind) => {
  let store: Store;
  const count = async () =>
    Number(
      (await store.db.query<{ n: number }>('select count(*)::int as n from standard_land_contract'))[0]!.n,
    );

  beforeAll(async () => {
    store = await kind.open({ demo: true });
    for (const [name, text] of [
      ['enterprises.csv', GOVERNANCE_ENTERPRISES_CSV],
      ['indicators.csv', GOVERNANCE_INDICATORS_CSV],
      ['land_parcels.csv', GOVERNANCE_PARCELS_CSV],
      ['land_parcels-2.csv', SECOND_PARCEL_CSV],
      ['projects.csv', GOVERNANCE_PROJECTS_CSV],
    ] as const)
      await importFile(store.db, { name, data: Buffer.from(text) });
  }, 120_000);
  afterAll(() => store?.close());

  it('refuses a ledger with bad rows whole: file, row, column and reason for each, nothing written', async () => {
    const csv = [
      HEADER.join(','),
      // Row 2: a parcel that does not exist.
      `FIX-SLC-A,NO-SUCH-PARCEL,${creditOf('G2')},,,300,40,,万元,,,,2025-12-31,${SOURCE}`,
      // Row 3: completion before start.
      `FIX-SLC-B,FIX-HUAPING-STD-1,,,,300,40,,万元,,2025-06-01,2025-03-01,,${SOURCE}`,
      // Row 4: a credit code whose check character is wrong.
      `FIX-SLC-C,FIX-HUAPING-STD-1,${creditOf('G2').slice(0, 17)}${creditOf('G2').endsWith('0') ? '1' : '0'},,,300,40,,万元,,,,,${SOURCE}`,
      // Row 5: commitments in a unit that is not money.
      `FIX-SLC-D,FIX-HUAPING-STD-1,,,,300,40,,mu,,,,,${SOURCE}`,
      // Row 6: a negative commitment.
      `FIX-SLC-E,FIX-HUAPING-STD-1,,,,,-5,,,,,,,${SOURCE}`,
      // Row 7: the code of row 2 again.
      `FIX-SLC-A,FIX-HUAPING-STD-1,,,,,,,,,,,,${SOURCE}`,
      // Row 8: fine on its own, and not written either.
      `FIX-SLC-F,FIX-HUAPING-STD-1,,,,,40,,万元,,,,2025-12-31,${SOURCE}`,
    ].join('\n');
    const before = await tableFingerprint(store.db);
    const error = await importFile(store.db, {
      name: 'standard_land_contracts.csv',
      data: Buffer.from(csv),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ImportFailed);
    const issues = (error as ImportFailed).issues.map((i) => [i.file, i.row, i.column, i.expected]);
    expect(issues).toEqual([
      [
        'standard_land_contracts.csv',
        2,
        'parcel_code (B)',
        'the code of a land parcel (import land_parcels first) that exists',
      ],
      ['standard_land_contracts.csv', 3, 'completion_due (L)', 'a date on or after start_due (2025-06-01)'],
      ['standard_land_contracts.csv', 4, 'enterprise_credit_code (C)', expect.stringMatching(/check/)],
      ['standard_land_contracts.csv', 5, 'money_unit (I)', 'a unit of money_cny'],
      ['standard_land_contracts.csv', 6, 'tax_per_mu (G)', 'a number ≥ 0'],
      [
        'standard_land_contracts.csv',
        7,
        undefined,
        'a row that is not a repeat of row 2 (same standard_land_contracts key)',
      ],
    ]);
    expect(await tableFingerprint(store.db)).toEqual(before);
    expect(await count()).toBe(0);
  });

  it('lands the fixed ledger from XLSX in yuan per mu, with its provenance, and checks it as the API does', async () => {
    const summary = await importFile(store.db, {
      name: 'standard_land_contracts.xlsx',
      data: await xlsx(GOOD_ROWS),
    });
    expect(summary).toMatchObject({ kind: 'standard_land_contracts', rows: 2, inserted: 2, updated: 0 });
    const stored = await store.db.query<Record<string, unknown>>(
      `select c.code, c.investment_yuan_per_mu::float8 as investment, c.tax_yuan_per_mu::float8 as tax,
         c.plot_ratio::float8 as plot_ratio, e.credit_code, p.code as project, c.import_file, c.import_row, c.source
       from standard_land_contract c left join enterprise e on e.id = c.enterprise_id
       left join project p on p.id = c.project_id order by c.code`,
    );
    expect(stored).toEqual([
      {
        code: 'FIX-SLC-G1',
        investment: null,
        tax: 500_000,
        plot_ratio: null,
        credit_code: creditOf('G1'),
        project: null,
        import_file: 'standard_land_contracts.xlsx',
        import_row: 3,
        source: SOURCE,
      },
      {
        code: 'FIX-SLC-G2',
        investment: 3_000_000,
        tax: 400_000,
        plot_ratio: 1.2,
        credit_code: creditOf('G2'),
        project: 'FIX-PROJ-BEHIND',
        import_file: 'standard_land_contracts.xlsx',
        import_row: 2,
        source: SOURCE,
      },
    ]);
    // As of 2026-01-15 the full-output checks are due. G2: 1,500 万元 tax in 2025 on the parcel's 50 mu
    // = 300,000 yuan/mu against 400,000 committed, short by 100,000. G1: 6,000 万元 on 100 mu = 600,000
    // against 500,000: on track.
    const checked = await standardLandContracts(store.db, EVERYTHING, '2026-01-15');
    const byCode = Object.fromEntries(checked.map((c) => [c.code, c]));
    expect(byCode['FIX-SLC-G1']!.status).toBe('on_track');
    expect(byCode['FIX-SLC-G2']!.status).toBe('in_default');
    const fullOutput = byCode['FIX-SLC-G2']!.checkpoints.find((p) => p.kind === 'full_output')!;
    expect(fullOutput.criteria.find((c) => c.criterion === 'tax_per_mu')).toMatchObject({
      committed: 400_000,
      actual: 300_000,
      shortfall: 100_000,
      met: false,
    });
  });

  it('exports the contracts (CSV) with the import columns, amounts in yuan per mu, and their provenance', async () => {
    const exported = await exportEntities(store.db, 'standard_land_contracts', 'csv', EVERYTHING);
    expect(exported.rows).toBe(2);
    const [header, ...lines] = exported.body
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    const columns = header!.split(',');
    expect(columns).toEqual(expect.arrayContaining(HEADER.filter((c) => c !== 'money_unit')));
    const g2 = Object.fromEntries(
      lines
        .find((l) => l.includes('FIX-SLC-G2'))!
        .split(',')
        .map((v, i) => [columns[i], v]),
    );
    expect(g2).toMatchObject({
      code: 'FIX-SLC-G2',
      parcel_code: 'FIX-HUAPING-STD-1',
      park_code: 'LJ-HUAPING',
      enterprise_credit_code: creditOf('G2'),
      investment_per_mu: '3000000',
      tax_per_mu: '400000',
      full_output_due: '2025-12-31',
      import_file: 'standard_land_contracts.xlsx',
      import_row: '2',
    });
  });

  it('a re-import (YAML) updates the terms and keeps what the park recorded since', async () => {
    await recordContractProgress(store.db, LOCAL_ADMIN, { userId: null, name: 'test' }, 'FIX-SLC-G2', {
      started_on: '2024-02-20',
      completed_on: '2025-02-28',
    });
    const yaml = [
      'kind: standard_land_contracts',
      'rows:',
      `  - { code: FIX-SLC-G2, parcel_code: FIX-HUAPING-STD-1, enterprise_credit_code: "${creditOf('G2')}", tax_per_mu: 250000, full_output_due: 2025-12-31, source: "${SOURCE}" }`,
    ].join('\n');
    const summary = await importFile(store.db, { name: 'ledger-2026.yaml', data: Buffer.from(yaml) });
    expect(summary).toMatchObject({ kind: 'standard_land_contracts', rows: 1, inserted: 0, updated: 1 });
    const [row] = await store.db.query<Record<string, unknown>>(
      `select tax_yuan_per_mu::float8 as tax, started_on::text, completed_on::text, import_file
       from standard_land_contract where code = 'FIX-SLC-G2'`,
    );
    expect(row).toEqual({
      tax: 250_000,
      started_on: '2024-02-20',
      completed_on: '2025-02-28',
      import_file: 'ledger-2026.yaml',
    });
    expect(await count()).toBe(2);
  });

  it("refuses a park officer's contract on another park's parcel at its row (JSON)", async () => {
    const [jinshan] = await store.db.query<{ id: number }>("select id from park where code = 'LJ-JINSHAN'");
    const json = JSON.stringify({
      kind: 'standard_land_contracts',
      rows: [{ code: 'FIX-SLC-OUTSIDE', parcel_code: 'FIX-HUAPING-STD-2', tax_per_mu: 1, source: SOURCE }],
    });
    const before = await tableFingerprint(store.db);
    const error = await importFile(
      store.db,
      { name: 'contracts.json', data: Buffer.from(json) },
      { writeScope: { all: false, regions: [], parks: [Number(jinshan!.id)] } },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ImportFailed);
    expect((error as ImportFailed).issues).toEqual([
      {
        file: 'contracts.json',
        row: 1,
        expected: 'a standard land contract within your regions or parks',
      },
    ]);
    expect(await tableFingerprint(store.db)).toEqual(before);
  });
});
