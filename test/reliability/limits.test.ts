/**
 * Limits on input (issue 11, item 4): upload size, rows per file, cell length, request body size and the
 * sign-in rate, each refused with its status and a message that names the limit; and exports that a
 * spreadsheet cannot run as formulas (OWASP CSV injection).
 */
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/server.ts';
import { exportEntities, neutralizeFormula } from '../../src/services/export-entities.ts';
import { importFile } from '../../src/services/import/import-file.ts';
import { ImportTooLarge } from '../../src/services/import/limits.ts';
import { openWorkspace } from '../../src/services/workspace.ts';
import type { Store } from '../../src/store/open-store.ts';
import { enterpriseRows, toCsv } from '../helpers/fixtures.ts';

const token = randomBytes(16).toString('hex');
let store: Store;
let app: FastifyInstance;
let counties: string[];

beforeAll(async () => {
  store = await openWorkspace({ dataDir: null });
  app = await buildApi({
    db: store.db,
    localAdminToken: token,
    maxUploadBytes: 64 * 1024,
    maxBodyBytes: 4096,
  });
  counties = (
    await store.db.query<{ code: string }>(
      "select code from region where level = 'county' order by code limit 5",
    )
  ).map((r) => r.code);
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

function upload(name: string, text: string, query = '') {
  const boundary = '----chainatlas-limits';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(text),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.inject({
    method: 'POST',
    url: `/api/import${query}`,
    payload,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      authorization: `Bearer ${token}`,
    },
  });
}

const indicatorCsv = (rows: number) =>
  `entity_kind,entity_code,metric,period,value,unit\n${Array.from(
    { length: rows },
    (_, i) => `region,${counties[i % counties.length]},employment,${2000 + i},${i},person`,
  ).join('\n')}\n`;

describe('limits on input', () => {
  it('refuses an upload over the size limit with 413 and the limit', async () => {
    const response = await upload('indicators.csv', indicatorCsv(3000));
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toBe(
      'file too large: at most 65,536 bytes per upload; split it into several files',
    );
  });

  it('refuses a file over the rows-per-file limit whole: 413 from the API, ImportTooLarge in the service', async () => {
    process.env.CHAINATLAS_MAX_IMPORT_ROWS = '100';
    try {
      const response = await upload('indicators.csv', indicatorCsv(101));
      expect(response.statusCode).toBe(413);
      expect(response.json().issues[0].expected).toBe(
        'at most 100 rows in one file; split it into several files',
      );
      expect((await upload('indicators.csv', indicatorCsv(100))).statusCode).toBe(200);
    } finally {
      delete process.env.CHAINATLAS_MAX_IMPORT_ROWS;
    }
    const error = await importFile(
      store.db,
      { name: 'indicators.csv', data: Buffer.from(indicatorCsv(11)) },
      { limits: { maxRows: 10, maxCellChars: 100 } },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ImportTooLarge);
  });

  it('reports a cell over the length limit with its row and column, and imports nothing', async () => {
    const rows = enterpriseRows(3, counties).map((r) => ({ ...r }));
    rows[1]!.name_zh = 'a'.repeat(40_000);
    const [before] = await store.db.query<{ n: number }>('select count(*)::int as n from enterprise');
    const response = await app.inject({
      method: 'POST',
      url: '/api/import',
      payload: multipartOf('enterprises.csv', toCsv(rows as never)),
      headers: { ...multipartHeaders, authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(422);
    const [issue] = response.json().issues;
    expect(issue).toMatchObject({ row: 3, column: 'name_zh (B)' });
    expect(issue.expected).toBe('a value of at most 32,767 characters (this one has 40,000)');
    expect(issue.value.length).toBeLessThan(50);
    const [after] = await store.db.query<{ n: number }>('select count(*)::int as n from enterprise');
    expect(after!.n).toBe(before!.n);
  });

  it('refuses a request body over the limit with 413 and the limit', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: JSON.stringify({ username: 'someone', password: 'x'.repeat(5000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatch(/^request body too large: at most 4,096 bytes/);
  });

  it('answers 429 to an address that keeps signing in', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40 && !statuses.includes(429); i++) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'nobody', password: 'wrong-password-1' },
        remoteAddress: '10.9.8.7',
      });
      statuses.push(response.statusCode);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 429 && s !== 401)).toEqual([]);
  });
});

const multipartHeaders = { 'content-type': 'multipart/form-data; boundary=----chainatlas-limits' };
function multipartOf(name: string, text: string) {
  const boundary = '----chainatlas-limits';
  return Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(text),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

describe('exports a spreadsheet will not run as formulas', () => {
  const hostile = ['=HYPERLINK("http://evil.example","click")', '+1+2', '-2+3', '@SUM(A1:A2)', '\t=1'];

  it('prefixes = + - @ tab and CR with an apostrophe, and leaves numbers and plain text alone', () => {
    expect(hostile.map(neutralizeFormula)).toEqual(hostile.map((v) => `'${v}`));
    expect(neutralizeFormula(-250)).toBe(-250);
    expect(neutralizeFormula('五星石墨')).toBe('五星石墨');
    expect(neutralizeFormula("'already")).toBe("'already");
  });

  it('neutralizes hostile names in CSV and XLSX exports, numbers stay numbers', async () => {
    // The import trims cells, so a leading tab does not survive to the store: the rest do.
    const stored = hostile.filter((v) => !v.startsWith('\t'));
    const rows = enterpriseRows(stored.length, counties).map((r, i) => ({ ...r, name_zh: stored[i]! }));
    await importFile(store.db, { name: 'enterprises.csv', data: Buffer.from(toCsv(rows as never)) });
    const csv = (await exportEntities(store.db, 'enterprises', 'csv')).body.toString();
    for (const name of stored) {
      const quoted = `'${name}`;
      expect(csv.includes(quoted) || csv.includes(`"${quoted.replace(/"/g, '""')}"`)).toBe(true);
    }
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await exportEntities(store.db, 'enterprises', 'xlsx')).body as never);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const nameColumn = header.indexOf('name_zh');
    const names = new Set<unknown>();
    sheet.eachRow((row, n) => {
      if (n > 1) names.add(row.getCell(nameColumn).value);
    });
    for (const name of stored) expect(names).toContain(`'${name}`);
    const idColumn = header.indexOf('id');
    expect(typeof sheet.getRow(2).getCell(idColumn).value).toBe('number');
  });
});
