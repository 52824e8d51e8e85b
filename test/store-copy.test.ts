/**
 * Queryable.copyFrom, the bulk write path (grading runs write 50,000 results with it), on both stores:
 * every value arrives as written — quotes, commas, newlines, nulls apart from empty strings, NaN, json —
 * in CSV and in binary (copy-binary.ts: integers, bigints past 2^31, doubles, arrays with nulls, empty
 * arrays, text in any script), and a COPY inside a transaction that rolls back leaves nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BinaryType, copyBinary } from '../src/store/copy-binary.ts';
import { copyCsv } from '../src/store/copy-text.ts';
import type { Store } from '../src/store/open-store.ts';
import { storeKinds } from './helpers/stores.ts';

describe.each(storeKinds())('copyFrom on $name', (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open();
    await store.db.exec(
      'create table copy_probe (id int primary key, label text, value double precision, doc json)',
    );
    await store.db.exec(
      'create table copy_binary_probe (id int, big bigint, label text, value double precision, numbers double precision[])',
    );
  });
  afterAll(() => store.close());

  it('writes every value as given, inside a transaction and outside one', async () => {
    const rows = [
      [1, 'plain', 1.5, '{"a":[1,null]}'],
      [2, 'comma, "quote"\nand a new line', Number.NaN, null],
      [3, '', null, '[]'],
      [4, null, -0.25, null],
    ];
    await store.db.transaction((tx) =>
      tx.copyFrom(
        'copy copy_probe (id, label, value, doc) from stdin with (format csv)',
        copyCsv(rows.slice(0, 2)),
      ),
    );
    await store.db.copyFrom(
      'copy copy_probe (id, label, value, doc) from stdin with (format csv)',
      copyCsv(rows.slice(2)),
    );
    const back = await store.db.query<{
      id: number;
      label: string | null;
      value: number | null;
      doc: string | null;
    }>('select id, label, value, doc::text as doc from copy_probe order by id');
    expect(back.map((r) => [r.id, r.label, r.value, r.doc])).toEqual(rows);
  });

  it('leaves nothing when its transaction rolls back', async () => {
    await expect(
      store.db.transaction(async (tx) => {
        await tx.copyFrom(
          'copy copy_probe (id, label) from stdin with (format csv)',
          copyCsv([[10, 'gone']]),
        );
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const [row] = await store.db.query<{ n: number }>(
      'select count(*)::int as n from copy_probe where id = 10',
    );
    expect(row!.n).toBe(0);
  });

  it('writes binary rows exactly: each number its eight bytes, nulls, empty arrays, any script', async () => {
    const types: BinaryType[] = ['int4', 'int8', 'text', 'float8', 'float8[]'];
    const rows = [
      [1, 2 ** 40 + 7, '淮安市 — Huai\'an, "quoted", تقرير', 0.1 + 0.2, [24.5, null, 1e-300, -0, 3]],
      [-2, null, '', Number.NaN, []],
      [2_147_483_647, -(2 ** 53 - 1), null, null, null],
      [3, 9, 'x'.repeat(100_000), Number.POSITIVE_INFINITY, [null, null]],
    ] as const;
    await store.db.transaction((tx) =>
      tx.copyFrom(
        'copy copy_binary_probe (id, big, label, value, numbers) from stdin with (format binary)',
        copyBinary(types, rows),
      ),
    );
    const back = await store.db.query<Record<string, unknown>>(
      'select id, big::text as big, label, value, numbers from copy_binary_probe order by id',
    );
    const expected = [...rows]
      .sort((a, b) => a[0] - b[0])
      .map(([id, big, label, value, numbers]) => ({
        id,
        big: big === null ? null : String(big),
        label,
        value,
        numbers,
      }));
    expect(back).toEqual(expected);
    expect(Object.is((back.find((r) => r.id === 1)!.numbers as number[])[3], -0)).toBe(true);
  });

  it('refuses a binary row of the wrong width or a bigint it cannot write exactly', () => {
    expect(() => copyBinary(['int4', 'text'], [[1]])).toThrow('a row of 1 values for 2 columns');
    expect(() => copyBinary(['int8'], [[2 ** 53 + 2]])).toThrow('not an integer');
  });
});
