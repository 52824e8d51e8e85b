/**
 * Statements a service starts together (Promise.all) inside one transaction, on both stores: each gets
 * its own answer, a COPY among them writes all its rows, and on the server no statement is queued inside
 * pg (which pg deprecates and pg 9 refuses): the store's connection takes them in turn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyCsv } from '../src/store/copy-text.ts';
import type { Store } from '../src/store/open-store.ts';
import { storeKinds } from './helpers/stores.ts';

describe.each(storeKinds())('statements started together in a transaction on $name', (kind) => {
  let store: Store;
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);
  beforeAll(async () => {
    store = await kind.open();
    await store.db.exec('create table turn_probe (id int primary key, label text)');
    process.on('warning', onWarning);
  });
  afterAll(async () => {
    process.off('warning', onWarning);
    await store?.close();
  });

  it('answers each, writes the COPY whole, and queues nothing inside pg', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => [i, `row ${i}`]);
    const [slow, copied, counted, labels] = await store.db.transaction((tx) =>
      Promise.all([
        tx.query<{ n: number }>('select 1 as n from pg_sleep(0.05)'),
        tx.copyFrom('copy turn_probe (id, label) from stdin with (format csv)', copyCsv(rows)),
        tx.query<{ n: number }>('select count(*)::int as n from turn_probe'),
        tx.query<{ label: string }>('select label from turn_probe where id = 1999'),
      ]),
    );
    expect(slow).toEqual([{ n: 1 }]);
    expect(copied).toBeUndefined();
    // Taken in the order started: the count and the read come after the COPY.
    expect(counted).toEqual([{ n: 2000 }]);
    expect(labels).toEqual([{ label: 'row 1999' }]);
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => w.includes('already executing a query'))).toEqual([]);
  });

  it('a failed statement fails its transaction, and the ones after it do not run past it', async () => {
    await expect(
      store.db.transaction((tx) =>
        Promise.all([
          tx.query("insert into turn_probe (id, label) values (5000, 'kept?')"),
          tx.query('select no_such_column from turn_probe'),
          tx.query("insert into turn_probe (id, label) values (5001, 'kept?')"),
        ]),
      ),
    ).rejects.toThrow(/no_such_column/);
    const [row] = await store.db.query<{ n: number }>(
      'select count(*)::int as n from turn_probe where id >= 5000',
    );
    expect(row!.n).toBe(0);
  });
});
