/**
 * Concurrent edits (issue 11, item 5), the import half: two imports of overlapping files running at the
 * same time must end in a state equal to one of the two serial orders — every overlapping row from the
 * same file — never a mix of both, and no lost rows. On the PostgreSQL server the two imports really run
 * in parallel on two connections; the embedded store serializes them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/services/import/import-file.ts';
import type { Store } from '../../src/store/open-store.ts';
import { storeKinds } from '../helpers/stores.ts';

const ROWS = 3000;
/** Metrics `FUZZ_C0000`… from `from` to `to` (exclusive), each named after the file that wrote it. */
const metricsCsv = (label: string, from: number, to: number, round: number) =>
  Buffer.from(
    `code,name_zh,unit\n${Array.from(
      { length: to - from },
      (_, i) => `CONC_${String(from + i).padStart(5, '0')},${label}${round},t`,
    ).join('\n')}\n`,
  );

for (const kind of storeKinds()) {
  describe(`concurrent imports (${kind.name})`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await kind.open();
    }, 120_000);
    afterAll(async () => {
      await store?.close();
    });

    it('two overlapping imports at once end equal to one serial order, 5 rounds', async () => {
      const orders: string[] = [];
      for (let round = 0; round < 5; round++) {
        // A writes rows 0..3000, B rows 1500..4500: the middle half is written by both.
        const a = metricsCsv('A', 0, ROWS, round);
        const b = metricsCsv('B', ROWS / 2, ROWS + ROWS / 2, round);
        const [first, second] = round % 2 ? [b, a] : [a, b];
        const results = await Promise.allSettled([
          importFile(store.db, { name: 'metrics.csv', data: first }),
          importFile(store.db, { name: 'metrics.csv', data: second }),
        ]);
        for (const r of results)
          expect(r.status, String((r as PromiseRejectedResult).reason)).toBe('fulfilled');
        const rows = await store.db.query<{ code: string; name_zh: string }>(
          "select code, name_zh from metric where code like 'CONC\\_%' order by code",
        );
        expect(rows).toHaveLength(ROWS + ROWS / 2);
        const name = (i: number) => rows[i]!.name_zh;
        // Rows only one file has: that file's, from this round.
        expect(name(0)).toBe(`A${round}`);
        expect(name(rows.length - 1)).toBe(`B${round}`);
        const overlap = new Set(rows.slice(ROWS / 2, ROWS).map((r) => r.name_zh));
        expect([...overlap], 'the overlap mixes both files: no serial order gives that').toHaveLength(1);
        orders.push([...overlap][0] === `A${round}` ? 'B then A' : 'A then B');
      }
      console.log(`concurrent imports (${kind.name}): serial orders observed: ${orders.join(', ')}`);
    }, 300_000);
  });
}
