/**
 * Migration 0014 checks grading results' references per statement instead of by two foreign keys (one
 * check per row was half of a province's grading run). The guarantees the foreign keys gave still hold,
 * on both stores: a result names a run and an enterprise that exist; deleting either deletes its results;
 * their ids do not change; and on the server, an enterprise cannot be deleted under a result that has not
 * committed yet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/store/open-store.ts';
import { storeKinds } from './helpers/stores.ts';

const RESULT_COLUMNS = 'run_id, enterprise_id, status, size_class, items';

describe.each(storeKinds())('grading result references on $name', (kind) => {
  let store: Store;
  let runId = 0;
  let enterprises: number[] = [];

  const newRun = async () => {
    const [run] = await store.db.query<{ id: number }>(
      `insert into grading_run (scheme_code, scheme_version, scheme, scope_kind, scope_code, scope_region_id,
         year, created_at, created_by)
       select 'test', 1, '{}', 'region', code, id, 2025, now(), 'test' from region where code = 'T00000'
       returning id`,
    );
    return Number(run!.id);
  };
  const results = async (where: string, params: unknown[] = []) =>
    Number(
      (
        await store.db.query<{ n: number }>(
          `select count(*)::int as n from grading_result where ${where}`,
          params as never[],
        )
      )[0]!.n,
    );

  beforeAll(async () => {
    store = await kind.open();
    await store.db.exec(`insert into region (code, level, name_zh) values ('T00000', 'province', '测试省')`);
    const rows = await store.db.query<{ id: number }>(
      `insert into enterprise (region_id, name_zh)
       select r.id, '测试企业' || g from region r, generate_series(1, 3) g where r.code = 'T00000' returning id`,
    );
    enterprises = rows.map((r) => Number(r.id));
    runId = await newRun();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('takes the results of a run by COPY when every run and enterprise exists', async () => {
    await store.db.transaction((tx) =>
      tx.copyFrom(
        `copy grading_result (${RESULT_COLUMNS}) from stdin with (format csv)`,
        enterprises.map((e) => `${runId},${e},"graded","above_size","{}"\n`).join(''),
      ),
    );
    expect(await results('run_id = $1', [runId])).toBe(3);
  });

  it('refuses a result naming an enterprise or a run that does not exist, and writes none of the statement', async () => {
    const run = await newRun();
    await expect(
      store.db.query(
        `insert into grading_result (${RESULT_COLUMNS}) values ($1, $2, 'graded', 'above_size', '{}'), ($1, 999999, 'graded', 'above_size', '{}')`,
        [run, enterprises[0]!],
      ),
    ).rejects.toMatchObject({ code: '23503', message: expect.stringContaining('enterprise 999999') });
    await expect(
      store.db.query(
        `insert into grading_result (${RESULT_COLUMNS}) values (999999, $1, 'graded', 'above_size', '{}')`,
        [enterprises[0]!],
      ),
    ).rejects.toMatchObject({ code: '23503', message: expect.stringContaining('grading run 999999') });
    await expect(
      store.db.query(
        'update grading_result set enterprise_id = 999999 where run_id = $1 and enterprise_id = $2',
        [runId, enterprises[0]!],
      ),
    ).rejects.toMatchObject({ code: '23503' });
    expect(await results('run_id = $1', [run])).toBe(0);
    expect(await results('enterprise_id = 999999')).toBe(0);
  });

  it("refuses to change a run's or an enterprise's id", async () => {
    await expect(
      store.db.query('update enterprise set id = 999999 where id = $1', [enterprises[0]!]),
    ).rejects.toMatchObject({ code: '23503', message: expect.stringContaining('does not change') });
    await expect(
      store.db.query('update grading_run set id = 999999 where id = $1', [runId]),
    ).rejects.toMatchObject({ code: '23503' });
  });

  it("deleting an enterprise deletes its results; deleting a run deletes the run's", async () => {
    await store.db.query('delete from enterprise where id = $1', [enterprises[2]!]);
    expect(await results('enterprise_id = $1', [enterprises[2]!])).toBe(0);
    expect(await results('run_id = $1', [runId])).toBe(2);
    await store.db.query('delete from grading_run where id = $1', [runId]);
    expect(await results('run_id = $1', [runId])).toBe(0);
  });

  // Only the server has a second session to try it: the embedded store runs one transaction at a time.
  if (kind.name === 'postgres')
    it('an enterprise cannot be deleted under a result that has not committed (it is locked, as a foreign key locks it)', async () => {
      const run = await newRun();
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let written = () => {};
      const wrote = new Promise<void>((resolve) => {
        written = resolve;
      });
      const writer = store.db.transaction(async (tx) => {
        await tx.query(
          `insert into grading_result (${RESULT_COLUMNS}) values ($1, $2, 'graded', 'above_size', '{}')`,
          [run, enterprises[1]!],
        );
        written();
        await held;
      });
      // The writer's failure, if any, is reported rather than waited for.
      await Promise.race([wrote, writer]);
      await expect(
        store.db.transaction(async (tx) => {
          await tx.query("set local lock_timeout = '300ms'");
          await tx.query('delete from enterprise where id = $1', [enterprises[1]!]);
        }),
      ).rejects.toMatchObject({ code: '55P03' });
      release();
      await writer;
      expect(await results('run_id = $1 and enterprise_id = $2', [run, enterprises[1]!])).toBe(1);
    });
});
