/**
 * `chainatlas db backup FILE`, `db restore FILE` and `db move --to TARGET` (docs/reliability.md,
 * "Backup, restore, move"). One file format for both stores (services/backup/format.ts).
 *
 * The embedded store keeps its one owner: when a running Chain Atlas owns the folder, backup and
 * restore go through its API (GET /api/admin/backup, POST /api/admin/restore, with the local command
 * line's token from the lock file); otherwise the command takes the folder's lock itself.
 */
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  openAsBlob,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { Config } from '../../config.ts';
import { BackupFileError, RestoreRefused } from '../../services/backup/format.ts';
import { verifyBackup } from '../../services/backup/restore-backup.ts';
import { restoreInto } from '../../services/backup/restore-into.ts';
import { writeBackup } from '../../services/backup/write-backup.ts';
import { openStore, type StoreTarget } from '../../store/open-store.ts';
import { liveOwner, StoreOwnedError } from '../../store/owner-lock.ts';
import { EXIT } from '../exit-codes.ts';
import { progressBar } from '../progress.ts';
import type { Remote } from '../store-access.ts';

interface Deps {
  config: () => Config;
  log: (line: string) => void;
  print: (json: boolean | undefined, value: unknown, text: string) => void;
}

interface Outcome {
  tables: number;
  rows: number;
  schema: string | null;
  seconds: number;
}

export function addDbBackupCommands(db: Command, deps: Deps) {
  db.command('backup')
    .description('write the whole store to FILE (gzip, JSON lines; restores into either store)')
    .argument('<file>', 'the backup file to write (replaced only once the backup is whole)')
    .option('--json', 'machine-readable output')
    .action((file: string, opts: { json?: boolean }) =>
      refusalsAsDataErrors(deps, async () => {
        const out = resolve(file);
        const result = await backupTo(deps.config(), out, deps.log);
        const bytes = statSync(out).size;
        deps.print(
          opts.json,
          { file: out, bytes, ...result },
          `wrote ${file}: ${result.tables} tables, ${result.rows.toLocaleString('en')} rows, schema ${result.schema} (${megabytes(bytes)}, ${result.seconds.toFixed(1)} s)`,
        );
      }),
    );
  db.command('restore')
    .description(
      'restore FILE into this store, which must be empty (a new --data folder or database); all or nothing',
    )
    .argument('<file>', 'a file written by `chainatlas db backup`')
    .option('--json', 'machine-readable output')
    .action((file: string, opts: { json?: boolean }) =>
      refusalsAsDataErrors(deps, async () => {
        const config = deps.config();
        const target: StoreTarget = config.databaseUrl
          ? { databaseUrl: config.databaseUrl }
          : { dataDir: config.dataDir };
        const result = await restoreTo(target, resolve(file), deps.log);
        deps.print(
          opts.json,
          result,
          `restored ${file} into ${describe(target)}: ${result.tables} tables, ${result.rows.toLocaleString('en')} rows, schema ${result.schema} (${result.seconds.toFixed(1)} s)`,
        );
      }),
    );
  db.command('move')
    .description(
      'copy the whole workspace from this store into another, empty one: a postgres:// URL or a data folder',
    )
    .requiredOption('--to <target>', 'postgres://user@host/database, or the folder of an embedded store')
    .option('--json', 'machine-readable output')
    .action((opts: { to: string; json?: boolean }) =>
      refusalsAsDataErrors(deps, async () => {
        const config = deps.config();
        const source: StoreTarget = config.databaseUrl
          ? { databaseUrl: config.databaseUrl }
          : { dataDir: config.dataDir };
        const target: StoreTarget = /^postgres(ql)?:\/\//.test(opts.to)
          ? { databaseUrl: opts.to }
          : { dataDir: resolve(opts.to) };
        if (describe(source) === describe(target))
          throw new RestoreRefused(`the source and the target are the same store (${describe(source)})`);
        const dir = mkdtempSync(join(tmpdir(), 'chainatlas-move-'));
        try {
          const file = join(dir, 'move.backup.gz');
          await backupTo(config, file, deps.log);
          const result = await restoreTo(target, file, deps.log);
          deps.print(
            opts.json,
            { from: describe(source), to: describe(target), ...result },
            `moved the workspace from ${describe(source)} to ${describe(target)}: ${result.tables} tables, ${result.rows.toLocaleString('en')} rows (${result.seconds.toFixed(1)} s); the source is unchanged — serve from the target with ${target.databaseUrl ? 'DATABASE_URL set to it' : `--data ${target.dataDir} and DATABASE_URL unset`}`,
          );
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
    );
}

/** Backs up the configured store to `file`, through its owner when a server holds the folder. */
async function backupTo(config: Config, file: string, log: (line: string) => void): Promise<Outcome> {
  const partial = `${file}.partial`;
  try {
    const owner = config.databaseUrl ? null : liveOwner(config.dataDir);
    if (owner && owner.pid !== process.pid && !owner.url) throw new StoreOwnedError(config.dataDir, owner);
    let result: Outcome;
    if (owner?.url && owner.pid !== process.pid) {
      log(
        `asking the running Chain Atlas at ${owner.url} (process ${owner.pid}), which owns the store, for the backup`,
      );
      const started = performance.now();
      await download({ url: owner.url, token: owner.token }, partial);
      // What came over the network is checked whole before it replaces anything.
      const contents = await verifyBackup(partial);
      result = {
        tables: contents.tables.length,
        rows: contents.rows,
        schema: contents.header.schema.at(-1)?.name ?? null,
        seconds: (performance.now() - started) / 1000,
      };
    } else {
      if (!config.databaseUrl && !existsSync(config.dataDir))
        throw new Error(
          `no embedded store at ${config.dataDir} (give its folder with --data, or set DATABASE_URL)`,
        );
      // The store as it is: migrated like any command does, but no reference data loaded into it.
      const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, log);
      const bar = progressBar(`backing up ${store.db.location}`);
      try {
        result = await writeBackup(store.db, createWriteStream(partial), (p) =>
          bar.update(p.rowsTotal ? p.rowsDone / p.rowsTotal : 1, p.rowsDone),
        );
      } finally {
        bar.stop();
        await store.close();
      }
    }
    renameSync(partial, file);
    return result;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/** Restores `file` into `target`: through its owner when a server holds the folder, else directly. */
async function restoreTo(target: StoreTarget, file: string, log: (line: string) => void): Promise<Outcome> {
  if (target.dataDir && !target.databaseUrl) {
    const owner = liveOwner(target.dataDir);
    if (owner && owner.pid !== process.pid) {
      if (!owner.url) throw new StoreOwnedError(target.dataDir, owner);
      log(
        `sending ${file} to the running Chain Atlas at ${owner.url} (process ${owner.pid}), which owns the store`,
      );
      return upload({ url: owner.url, token: owner.token }, file);
    }
  }
  const bar = progressBar(`restoring into ${describe(target)}`);
  try {
    const result = await restoreInto(target, file, {
      log,
      onProgress: (p) => bar.update(p.rowsTotal ? p.rowsDone / p.rowsTotal : 1, p.rowsDone),
    });
    bar.stop();
    if (result.migratedForward.length)
      log(
        `the backup's schema was older: migrated the restored store forward (${result.migratedForward.join(', ')})`,
      );
    return result;
  } finally {
    bar.stop();
  }
}

const auth = (remote: Remote): Record<string, string> =>
  remote.token ? { authorization: `Bearer ${remote.token}` } : {};

async function download(remote: Remote, file: string) {
  const response = await fetch(`${remote.url}/api/admin/backup`, { headers: auth(remote) });
  if (!response.ok || !response.body)
    throw new Error(`${remote.url}/api/admin/backup answered ${response.status}: ${await response.text()}`);
  await pipeline(Readable.fromWeb(response.body as never), createWriteStream(file));
}

async function upload(remote: Remote, file: string): Promise<Outcome> {
  const response = await fetch(`${remote.url}/api/admin/restore`, {
    method: 'POST',
    headers: { ...auth(remote), 'content-type': 'application/gzip' },
    body: await openAsBlob(file),
  });
  const body = (await response.json().catch(() => ({}))) as Outcome & {
    error?: string;
    detail?: string;
    line?: number | null;
  };
  if (response.status === 400)
    throw new BackupFileError(file, body.line ?? null, body.detail ?? body.error ?? 'refused by the server');
  if (response.status === 409) throw new RestoreRefused(`${remote.url}: ${body.error ?? 'refused'}`);
  if (!response.ok)
    throw new Error(`${remote.url}/api/admin/restore answered ${response.status}: ${body.error ?? ''}`);
  return body;
}

/** Refusals (a damaged file, a store that is not empty) exit with "data errors", the message alone. */
async function refusalsAsDataErrors(deps: Deps, work: () => Promise<void>) {
  try {
    await work();
  } catch (error) {
    if (error instanceof BackupFileError || error instanceof RestoreRefused) {
      deps.log(`chainatlas: ${error.message}`);
      process.exitCode = EXIT.dataErrors;
      return;
    }
    throw error;
  }
}

function describe(target: StoreTarget): string {
  if (target.databaseUrl) return target.databaseUrl.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@');
  return target.dataDir ? resolve(target.dataDir) : 'memory';
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
