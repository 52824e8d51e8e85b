/**
 * Backup, restore, move (issue 11, item 6): `chainatlas db backup` → an empty store → `db restore` gives
 * every table back with the same row count and checksum, on both stores; the embedded store moves to a
 * PostgreSQL server and back the same way; a damaged, cut or foreign file is refused with a message
 * saying what is wrong and the target is left as it was; a store with workspace data is never
 * overwritten; a backup from an older schema is migrated forward after it is restored; the one owner of
 * an embedded folder is kept (a served store is backed up and restored through its API).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/server.ts';
import { LOCAL_ADMIN } from '../../src/services/accounts/subject.ts';
import { createUser } from '../../src/services/accounts/users.ts';
import { BackupFileError, RestoreRefused } from '../../src/services/backup/format.ts';
import { restoreBackup } from '../../src/services/backup/restore-backup.ts';
import { restoreInto } from '../../src/services/backup/restore-into.ts';
import { writeBackup } from '../../src/services/backup/write-backup.ts';
import { loadDemoWorkspace } from '../../src/services/demo-workspace.ts';
import { createGradingRun } from '../../src/services/governance/grading-runs.ts';
import { presetScheme } from '../../src/services/governance/schemes.ts';
import { openWorkspace } from '../../src/services/workspace.ts';
import type { Db } from '../../src/store/db.ts';
import { listMigrations, migrate } from '../../src/store/migrate.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { openPgliteDb } from '../../src/store/pglite-db.ts';
import { openPostgresDb } from '../../src/store/postgres-db.ts';
import { tableFingerprint } from '../helpers/fingerprint.ts';
import { startCli } from '../helpers/processes.ts';
import { createServerDatabase, type ServerDatabase } from '../helpers/server-database.ts';
import { storeKinds } from '../helpers/stores.ts';

const work = mkdtempSync(join(tmpdir(), 'chainatlas-backup-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function backupOf(db: Db, name: string): Promise<string> {
  const file = join(work, name);
  await writeBackup(db, createWriteStream(file));
  return file;
}

/**
 * The workspace the round trips carry: the demo's figures, a user with a role, their audit rows, and a
 * grading run (its results' items are arrays of numbers with nulls; their references are checked by
 * triggers, which a restore disables while it writes).
 */
async function fillWorkspace(db: Db) {
  await loadDemoWorkspace(db);
  const run = await createGradingRun(db, LOCAL_ADMIN, { userId: null, name: 'test' }, () => new Date(), {
    scheme: presetScheme('huangyan-2023'),
    scope: 'LJ-HUAPING',
    year: 2025,
  });
  expect(Object.values(run.counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  await createUser(
    db,
    { userId: null, name: 'test' },
    {
      username: 'backup-admin',
      password: 'backup-password-1',
      memberships: [{ role: 'system_admin' }],
    },
  );
}

describe.each(storeKinds())('backup and restore on $name', (kind) => {
  let source: Store;
  let file: string;
  let before: Record<string, string>;
  beforeAll(async () => {
    source = await kind.open();
    await fillWorkspace(source.db);
    before = await tableFingerprint(source.db);
    file = await backupOf(source.db, `${kind.name}.backup.gz`);
  });
  afterAll(async () => {
    await source?.close();
  });

  it('backup → empty store → restore gives every table back with the same checksum', async () => {
    const target = await kind.open();
    try {
      const progress: number[] = [];
      const summary = await restoreBackup(target.db, file, { onProgress: (p) => progress.push(p.rowsDone) });
      const after = await tableFingerprint(target.db);
      expect(after).toEqual(before);
      expect(Object.keys(after).length).toBeGreaterThan(40);
      expect(summary.tables).toBe(Object.keys(before).length);
      expect(progress.at(-1)).toBe(summary.rows);
      console.log(
        `${kind.name}: ${summary.tables} tables, ${summary.rows} rows restored in ${summary.seconds.toFixed(1)} s; all checksums equal`,
      );
      // Sequences stand where they stood: a new row takes a new id.
      const [{ max } = { max: 0 }] = await target.db.query<{ max: number }>(
        'select max(id)::int as max from app_user',
      );
      const created = await createUser(
        target.db,
        { userId: null, name: 'test' },
        {
          username: 'after-restore',
          password: 'after-restore-password-1',
          memberships: [{ role: 'system_admin' }],
        },
      );
      expect(created.id).toBeGreaterThan(max);
    } finally {
      await target.close();
    }
  });

  it('refuses a store that holds workspace data, and leaves it unchanged', async () => {
    const error = await restoreBackup(source.db, file).catch((e) => e);
    expect(error).toBeInstanceOf(RestoreRefused);
    expect((error as Error).message).toMatch(/already holds workspace data \(.*import_run/);
    expect(await tableFingerprint(source.db)).toEqual(before);
  });

  it('refuses a damaged, cut or foreign file with a clear message; the target is unchanged', async () => {
    const target = await kind.open();
    try {
      const empty = await tableFingerprint(target.db);
      const bytes = readFileSync(file);
      const lines = gunzipSync(bytes).toString('utf8').split('\n');
      const rowAt = lines.findIndex((l, i) => i > 0 && l.startsWith('["'));
      const cases: [string, Buffer, RegExp][] = [
        ['cut in half', bytes.subarray(0, bytes.length >> 1), /cut short \(its gzip stream ends early\)/],
        [
          'one byte changed',
          flipByte(bytes),
          /damaged \(gzip|do not match their checksum|not valid JSON|should be a list of \d+ values/,
        ],
        ['not gzip', Buffer.from('id,name\n1,a\n'), /not a gzip file/],
        ['empty', Buffer.alloc(0), /the file is empty/],
        [
          'a row lost',
          gzipSync(lines.filter((_, i) => i !== rowAt).join('\n')),
          /has \d+ rows where the file says \d+: rows were lost or added/,
        ],
        [
          'a row altered',
          gzipSync(lines.map((l, i) => (i === rowAt ? l.replace('"', '"x') : l)).join('\n')),
          /line \d+: the rows of \w+ do not match their checksum/,
        ],
        [
          'cut at a line',
          gzipSync(lines.slice(0, lines.length - 2).join('\n')),
          /ends before its end marker: it is cut short/,
        ],
        ['another gzip file', gzipSync('{"hello": 1}\n'), /not a Chain Atlas backup/],
      ];
      for (const [name, content, message] of cases) {
        const bad = join(work, `${kind.name}-${name.replace(/\W+/g, '-')}.gz`);
        writeFileSync(bad, content);
        const error = await restoreBackup(target.db, bad).catch((e) => e);
        expect(error, name).toBeInstanceOf(BackupFileError);
        expect((error as Error).message, name).toMatch(message);
        expect((error as Error).message, name).toMatch(
          /nothing was restored \(the target store is unchanged\)$/,
        );
        expect(await tableFingerprint(target.db), name).toEqual(empty);
      }
    } finally {
      await target.close();
    }
  });
});

describe('a backup of an older schema', () => {
  it('is restored into a new store at that schema, then migrated forward', async () => {
    const older = listMigrations().slice(0, 6); // 0001–0006: before governance, versions, chain desks
    const dir = mkdtempSync(join(work, 'older-'));
    for (const m of older) writeFileSync(join(dir, `${m.name}.sql`), m.sql);
    const db = await openPgliteDb(null);
    let file: string;
    try {
      await migrate(db, dir);
      await db.query(
        "insert into region (code, level, name_zh) values ('990000', 'province', '测试省'), ('990100', 'prefecture', '测试市')",
      );
      await db.query(
        "update region set parent_id = (select id from region where code = '990000') where code = '990100'",
      );
      file = await backupOf(db, 'older.backup.gz');
    } finally {
      await db.close();
    }
    const folder = join(work, 'older-target');
    const result = await restoreInto({ dataDir: folder }, file);
    expect(result.migratedForward).toEqual(
      listMigrations()
        .slice(6)
        .map((m) => m.name),
    );
    const store = await openStore({ dataDir: folder });
    try {
      const regions = await store.db.query<{ code: string; parent: string | null }>(
        'select r.code, p.code as parent from region r left join region p on p.id = r.parent_id order by 1',
      );
      expect(regions).toEqual([
        { code: '990000', parent: null },
        { code: '990100', parent: '990000' },
      ]);
      const applied = await store.db.query<{ name: string }>('select name from schema_migration order by 1');
      expect(applied.map((m) => m.name)).toEqual(listMigrations().map((m) => m.name));
    } finally {
      await store.close();
    }
  });
});

const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)('moving a workspace: embedded → PostgreSQL server → embedded (CLI)', () => {
  let server: ServerDatabase;
  const folder = (name: string) => join(work, name);
  const cli = async (args: string[], env: Record<string, string> = {}) => {
    const child = startCli(args, { DATABASE_URL: '', CHAINATLAS_SNAPSHOT: '0', ...env });
    const started = performance.now();
    const { code } = await child.exited;
    console.log(
      `chainatlas ${args.join(' ')}: exit ${code} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return { code, output: child.output() };
  };
  const fingerprintOf = async (target: { dataDir?: string; databaseUrl?: string }) => {
    const db = target.databaseUrl ? await openPostgresDb(target.databaseUrl) : null;
    const store = db ? null : await openStore({ dataDir: target.dataDir });
    try {
      return await tableFingerprint((db ?? store!.db) as Db);
    } finally {
      await db?.close();
      await store?.close();
    }
  };
  beforeAll(async () => {
    server = await createServerDatabase(serverUrl!, 'chainatlas_move');
  });
  afterAll(async () => {
    await server?.waitIdle().catch(() => {});
    await server?.drop();
  });

  it('keeps every table whole both ways, and goes through a server that owns the folder', {
    timeout: 400_000,
  }, async () => {
    const a = folder('move-a');
    const filled = await openWorkspace({ dataDir: a });
    await fillWorkspace(filled.db);
    await filled.close();
    const original = await fingerprintOf({ dataDir: a });

    const toServer = await cli(['--data', a, 'db', 'move', '--to', server.url], { CHAINATLAS_PROGRESS: '1' });
    expect(toServer.code, toServer.output).toBe(0);
    expect(toServer.output).toMatch(/restoring into postgres:\/\/.*\[.*\] 100%/);
    expect(toServer.output).toMatch(
      /moved the workspace from .*move-a to postgres:\/\/.*the source is unchanged/,
    );
    expect(await fingerprintOf({ databaseUrl: server.url })).toEqual(original);
    expect(await fingerprintOf({ dataDir: a })).toEqual(original);

    const b = folder('move-b');
    const back = await cli(['db', 'move', '--to', b], { DATABASE_URL: server.url });
    expect(back.code, back.output).toBe(0);
    expect(await fingerprintOf({ dataDir: b })).toEqual(original);

    // The server is not empty any more: a second move into it is refused, exit 1, nothing changed.
    // The server is not empty any more: a second restore into it is refused, nothing changed.
    const copy = join(work, 'from-b.backup.gz');
    const fromB = await cli(['--data', b, 'db', 'backup', copy]);
    expect(fromB.code, fromB.output).toBe(0);
    const again = await restoreInto({ databaseUrl: server.url }, copy).catch((e) => e);
    expect(again).toBeInstanceOf(RestoreRefused);
    expect((again as Error).message).toMatch(/already holds workspace data/);
    expect(await fingerprintOf({ databaseUrl: server.url })).toEqual(original);

    // A served folder: backup and restore go through the owner's API, never beside it. (Served from this
    // process as `chainatlas serve` does — lock, API, its address and token in the lock — minus the web build.)
    const servedB = await serveInProcess(b);
    const file = join(work, 'served.backup.gz');
    const d = folder('move-d');
    const servedD = await serveInProcess(d);
    try {
      const backup = await cli(['--data', b, 'db', 'backup', file]);
      expect(backup.code, backup.output).toBe(0);
      expect(backup.output).toMatch(/asking the running Chain Atlas at http:\/\/.*which owns the store/);
      const bad = join(work, 'served-cut.backup.gz');
      writeFileSync(bad, readFileSync(file).subarray(0, 5000));
      const refused = await cli(['--data', d, 'db', 'restore', bad]);
      expect(refused.code).toBe(1);
      expect(refused.output).toMatch(/cut short.*nothing was restored/);
      const restore = await cli(['--data', d, 'db', 'restore', file]);
      expect(restore.code, restore.output).toBe(0);
      expect(restore.output).toMatch(
        /sending .* to the running Chain Atlas at http:\/\/.*which owns the store/,
      );
    } finally {
      await servedB.close();
      await servedD.close();
    }
    expect(await fingerprintOf({ dataDir: d })).toEqual(original);
  });
});

/** `chainatlas serve` on a folder, in this process: the store's lock names the address and the token. */
async function serveInProcess(dataDir: string) {
  const store = await openWorkspace({ dataDir });
  const token = randomBytes(32).toString('base64url');
  const app = await buildApi({ db: store.db, localAdminToken: token });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  store.lock!.setUrl(address, token);
  return {
    async close() {
      await app.close();
      await store.close();
    },
  };
}

function flipByte(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  const at = copy.length >> 1;
  copy[at] = copy[at]! ^ 0xff;
  return copy;
}
