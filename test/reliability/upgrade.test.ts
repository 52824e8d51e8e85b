/**
 * Upgrades (issue 11, item 7): a migration that fails leaves the store exactly as it was — its own
 * statements rolled back, no record of it, every table unchanged — on both stores.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MigrationFailed, migrate } from '../../src/store/migrate.ts';
import { tableFingerprint } from '../helpers/fingerprint.ts';
import { storeKinds } from '../helpers/stores.ts';

const shipped = fileURLToPath(new URL('../../src/store/migrations/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'chainatlas-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
for (const file of readdirSync(shipped)) copyFileSync(join(shipped, file), join(dir, file));
// A migration that changes several things and then fails half-way, as a real mistake would.
const BROKEN = `create table upgrade_probe (id int primary key);
   insert into upgrade_probe values (1);
   alter table region add column upgrade_probe text;
   update region set upgrade_probe = 'x';
   insert into no_such_table values (1);`;

describe.each(storeKinds())('a failed migration on $name', (kind) => {
  it('leaves the store as it was, and says which migration failed', async () => {
    writeFileSync(join(dir, '0999_broken.sql'), BROKEN);
    const store = await kind.open();
    try {
      const before = await tableFingerprint(store.db);
      const columns = () =>
        store.db.query(
          "select column_name from information_schema.columns where table_name = 'region' order by 1",
        );
      const columnsBefore = await columns();
      const error = await migrate(store.db, dir).catch((e) => e);
      expect(error).toBeInstanceOf(MigrationFailed);
      expect((error as Error).message).toMatch(
        /^migration 0999_broken failed and was rolled back.*no_such_table/,
      );
      expect(await tableFingerprint(store.db)).toEqual(before);
      expect(await columns()).toEqual(columnsBefore);
      // Fixed, the same directory applies on the next start.
      writeFileSync(join(dir, '0999_broken.sql'), 'create table upgrade_probe (id int primary key);');
      expect((await migrate(store.db, dir)).applied).toEqual(['0999_broken']);
    } finally {
      await store.close();
    }
  });
});
