/**
 * Queryable.copyFrom, the bulk write path (grading runs write 50,000 results with it), on both stores:
 * every value arrives as written — quotes, commas, newlines, nulls apart from empty strings, NaN, json —
 * and a COPY inside a transaction that rolls back leaves nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
