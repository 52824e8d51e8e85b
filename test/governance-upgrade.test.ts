/**
 * Migration 0011 turns each stored grading breakdown (text, before) into five numbers per item (after):
 * a store graded under 0010 shows, after the upgrade, the very breakdown it stored — inputs, benchmarks,
 * points, states, the arithmetic and the missing figures — on both stores.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type GradingPanel,
  gradeEnterprises,
  gradeLetter,
  STATUS_NAMES,
  scoreBreakdown,
} from '../src/analytics/per-mu-grading.ts';
import { gradingResult, listGradingResults } from '../src/services/governance/grading-runs.ts';
import { presetScheme } from '../src/services/governance/schemes.ts';
import type { Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPgliteDb } from '../src/store/pglite-db.ts';
import { openPostgresDb } from '../src/store/postgres-db.ts';
import { createServerDatabase } from './helpers/server-database.ts';

const shipped = fileURLToPath(new URL('../src/store/migrations/', import.meta.url));
const before = mkdtempSync(join(tmpdir(), 'chainatlas-0010-'));
afterAll(() => rmSync(before, { recursive: true, force: true }));
for (const file of readdirSync(shipped))
  if (file < '0011') copyFileSync(join(shipped, file), join(before, file));

// Three firms under Huangyan 2023 (fixed benchmarks): one graded, one without its emission figure (filled
// with the class average, as the scheme says), one without employees (listed as missing).
const scheme = presetScheme('huangyan-2023');
const firm = (land: number, emissions: number, employees: number) => ({
  tax: land * 24e4,
  value_added: land * 136e4,
  revenue: land * 300e4,
  rnd_expenditure: land * 9e4,
  output_value: land * 290e4,
  land_area: land,
  energy_consumption: land * 500,
  electricity_consumption: land * 4e6,
  pollutant_emissions: emissions,
  employees,
});
const firms = [firm(50, 2, 400), firm(30, Number.NaN, 250), firm(20, 1, Number.NaN)];
const panel: GradingPanel = {
  count: firms.length,
  figures: Object.fromEntries(
    Object.keys(firms[0]!).map((code) => [
      code,
      Float64Array.from(firms.map((f) => f[code as keyof typeof f])),
    ]),
  ),
  aboveSize: Uint8Array.from([1, 1, 1]),
  county: new Int32Array(3),
  park: new Int32Array(3).fill(-1),
};
const result = gradeEnterprises(scheme, panel, { year: 2022 });

async function gradeUnder0010(db: Db) {
  await migrate(db, before);
  const [region] = await db.query<{ id: number }>(
    "insert into region (code, level, name_zh) values ('U00001', 'county', '升级县') returning id",
  );
  const [run] = await db.query<{ id: number }>(
    `insert into grading_run (scheme_code, scheme_version, scheme, scope_kind, scope_code, scope_region_id, year,
       created_at, created_by, counts) values ($1, $2, $3::jsonb, 'region', 'U00001', $4, 2022, now(), 'test', '{}')
     returning id`,
    [scheme.code, scheme.version, JSON.stringify(scheme), region!.id],
  );
  for (let i = 0; i < firms.length; i++) {
    const [e] = await db.query<{ id: number }>(
      'insert into enterprise (region_id, name_zh, above_designated_size) values ($1, $2, true) returning id',
      [region!.id, `升级企业${i}`],
    );
    const breakdown = scoreBreakdown(scheme, result, i);
    await db.query(
      `insert into grading_result (run_id, enterprise_id, status, size_class, score, grade, rank, group_size,
         group_key, missing, breakdown) values ($1, $2, $3, 'above_size', $4, $5, $6, $7, 'U00001', $8, $9::jsonb)`,
      [
        run!.id,
        e!.id,
        STATUS_NAMES[result.status[i]!]!,
        Number.isNaN(result.score[i]!) ? null : result.score[i]!,
        gradeLetter(scheme, result, i),
        result.rank[i] || null,
        result.groupSize[i] || null,
        breakdown.missing,
        JSON.stringify(breakdown),
      ],
    );
  }
  return Number(run!.id);
}

const stores: [string, () => Promise<{ db: Db; done: () => Promise<void> }>][] = [
  [
    'pglite',
    async () => {
      const db = await openPgliteDb(null);
      return { db, done: () => db.close() };
    },
  ],
];
if (process.env.TEST_DATABASE_URL)
  stores.push([
    'postgres',
    async () => {
      const database = await createServerDatabase(process.env.TEST_DATABASE_URL!);
      const db = await openPostgresDb(database.url);
      return {
        db,
        done: async () => {
          await db.close();
          await database.drop();
        },
      };
    },
  ]);

describe.each(stores)('migration 0011 on %s', (_, open) => {
  it('shows every stored breakdown as it was before the upgrade', async () => {
    const { db, done } = await open();
    try {
      const runId = await gradeUnder0010(db);
      await migrate(db);
      const all = { all: true, regions: [], parks: [], enterprises: [], departments: [] };
      const listed = await listGradingResults(db, all, runId, {});
      for (let i = 0; i < firms.length; i++) {
        const expected = scoreBreakdown(scheme, result, i);
        const shown = await gradingResult(db, all, runId, `升级企业${i}`);
        const { formula, ...breakdown } = shown.breakdown;
        expect(breakdown).toEqual(expected);
        expect(shown.missing).toEqual(expected.missing);
        expect(listed.find((r) => r.name_zh === `升级企业${i}`)!.missing).toEqual(expected.missing);
      }
      // The three cases are there: graded, class average filled, missing input.
      expect(STATUS_NAMES[result.status[0]!]).toBe('graded');
      expect(scoreBreakdown(scheme, result, 1).items.some((item) => item.state === 'average_filled')).toBe(
        true,
      );
      expect(scoreBreakdown(scheme, result, 2).missing).toEqual(['employees']);
    } finally {
      await done();
    }
  });
});
