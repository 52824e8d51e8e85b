/**
 * Crash safety (issue 11, item 1): SIGKILL a running import — the CLI's and an API upload — at random
 * points, restart, and check that the store opens, that the import landed whole or not at all, and that
 * every other table is unchanged. On the embedded store and, when TEST_DATABASE_URL is set, on a
 * PostgreSQL server. Kill points are drawn over the import's duration, measured first on this machine.
 *
 * CRASH_KILLS (kills per path and store, default 10) and CRASH_ROWS (rows per import, default 20,000)
 * make a longer run: `CRASH_KILLS=100 npx vitest run test/reliability/crash.test.ts`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/services/accounts/sessions.ts';
import { createUser } from '../../src/services/accounts/users.ts';
import { openWorkspace } from '../../src/services/workspace.ts';
import { lockPathFor } from '../../src/store/owner-lock.ts';
import { rowsOf, tableFingerprint } from '../helpers/fingerprint.ts';
import { type Child, freePort, sleep, startCli } from '../helpers/processes.ts';
import { createServerDatabase, type ServerDatabase } from '../helpers/server-database.ts';

const KILLS = Number(process.env.CRASH_KILLS ?? 10);
const ROWS = Number(process.env.CRASH_ROWS ?? 20_000);
/** Tables an import writes: its own, plus one import_run row and one audit row when it lands. */
const IMPORT_TABLE = 'indicator';
const LANDING_TABLES = ['import_run', 'audit_log'];
/** Touched by every request an API token authenticates, outside the import's transaction. */
const FINGERPRINT = { countOnly: [IMPORT_TABLE], ignoreColumns: { api_token: ['last_used_at'] } };

const work = mkdtempSync(join(tmpdir(), 'chainatlas-crash-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const reference = new URL('../../data/reference/', import.meta.url);
const codes = (file: string, level: string) =>
  (parse(readFileSync(new URL(file, reference)), { columns: true }) as { code: string; level: string }[])
    .filter((r) => r.level === level)
    .map((r) => r.code);
const counties = codes('regions-cn.csv', 'county');
const divisions = codes('industries-gbt4754-2017.csv', 'division');

let fileCount = 0;
/** An indicators CSV whose rows are all new: a period no other file of the run uses. */
function indicatorFile(): string {
  const year = 1900 + fileCount++;
  const lines = ['entity_kind,entity_code,industry_code,metric,period,value,unit'];
  for (let i = 0; i < ROWS; i++) {
    const county = counties[Math.floor(i / divisions.length) % counties.length]!;
    const division = divisions[i % divisions.length]!;
    lines.push(`region,${county},${division},employment,${year},${(i * 7919) % 5000},person`);
  }
  const path = join(work, `indicators-${year}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

interface Tally {
  kills: number;
  /** The import finished before its kill point came: no kill, but checked all the same. */
  finishedFirst: number;
  landed: number;
  absent: number;
  partial: number;
  wouldNotOpen: number;
  recovered: number;
  staleLocksTakenOver: number;
  reopenSeconds: number[];
  importSeconds: number;
  toFirstBatch: number;
}
const newTally = (): Tally => ({
  kills: 0,
  finishedFirst: 0,
  landed: 0,
  absent: 0,
  partial: 0,
  wouldNotOpen: 0,
  recovered: 0,
  staleLocksTakenOver: 0,
  reopenSeconds: [],
  importSeconds: 0,
  toFirstBatch: 0,
});

interface Target {
  name: 'pglite' | 'postgres';
  dataDir?: string;
  server?: ServerDatabase;
  env: NodeJS.ProcessEnv;
  /** The bearer token for API uploads (the owner's local token on the embedded store). */
  token?: string;
}

/** Opens the store as a restarting process would, then reads every table's fingerprint. */
async function reopen(target: Target, tally: Tally) {
  await target.server?.waitIdle();
  const log: string[] = [];
  const started = performance.now();
  let store: Awaited<ReturnType<typeof openWorkspace>>;
  try {
    store = await openWorkspace({
      dataDir: target.dataDir,
      databaseUrl: target.server?.url,
      log: (l) => log.push(l),
    });
  } catch (error) {
    tally.wouldNotOpen++;
    throw new Error(`the ${target.name} store would not open after a kill: ${(error as Error).message}`);
  }
  tally.reopenSeconds.push((performance.now() - started) / 1000);
  if (log.some((l) => /taking over the stale lock/.test(l))) tally.staleLocksTakenOver++;
  if (log.some((l) => /recovered/.test(l))) tally.recovered++;
  try {
    return await tableFingerprint(store.db, FINGERPRINT);
  } finally {
    await store.close();
  }
}

/** Whole or nothing: the import's rows all there or none, every other table as it was. */
function judge(before: Record<string, string>, after: Record<string, string>, tally: Tally, what: string) {
  const added = rowsOf(after[IMPORT_TABLE]) - rowsOf(before[IMPORT_TABLE]);
  const landed = added === ROWS;
  const problems: string[] = [];
  if (added !== 0 && !landed) problems.push(`${IMPORT_TABLE}: ${added} of ${ROWS} rows landed`);
  for (const table of Object.keys({ ...before, ...after })) {
    if (table === IMPORT_TABLE) continue;
    if (landed && LANDING_TABLES.includes(table)) {
      const grew = rowsOf(after[table]) - rowsOf(before[table]);
      if (grew !== 1) problems.push(`${table}: ${grew} rows added by a landed import, expected 1`);
    } else if (after[table] !== before[table]) {
      problems.push(`${table}: ${before[table]} → ${after[table]}`);
    }
  }
  if (problems.length > 0) {
    tally.partial++;
    throw new Error(`partial import after ${what}: ${problems.join('; ')}`);
  }
  if (landed) tally.landed++;
  else tally.absent++;
}

/** Kills `child` `delayMs` from now unless it exits first; true when the kill happened. */
async function killAfter(child: Child, delayMs: number): Promise<boolean> {
  const outcome = await Promise.race([child.exited.then(() => 'exited'), sleep(delayMs).then(() => 'due')]);
  if (outcome === 'exited') return false;
  child.process.kill('SIGKILL');
  await child.exited;
  return true;
}

/** When a kill comes: `fromStart` ms after the process starts, or `afterFirstBatch` ms after its first batch. */
type KillPoint = { fromStart: number } | { afterFirstBatch: number };

async function cliRun(target: Target, kill: KillPoint | null) {
  const file = indicatorFile();
  const started = performance.now();
  const child = startCli(['--data', target.dataDir ?? join(work, 'unused'), 'import', file], {
    ...target.env,
    CHAINATLAS_PROGRESS: '1',
  });
  // The first progress line comes after the first batch was written inside the import's transaction.
  const firstBatch = child.waitFor(new RegExp(`importing .*${basename(file)}`), 120_000);
  let killed = false;
  if (kill === null) {
    await firstBatch;
  } else if ('fromStart' in kill) {
    firstBatch.catch(() => {});
    killed = await killAfter(child, kill.fromStart);
  } else {
    await firstBatch;
    killed = await killAfter(child, kill.afterFirstBatch);
  }
  const anchor = performance.now();
  const { code } = await child.exited;
  if (kill === null && code !== 0) throw new Error(`import failed (${code}):\n${child.output()}`);
  rmSync(file);
  return { killed, toFirstBatch: (anchor - started) / 1000, seconds: (performance.now() - anchor) / 1000 };
}

async function startServer(target: Target): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const args = [
    '--data',
    target.dataDir ?? join(work, 'unused'),
    'serve',
    '--port',
    String(port),
    '--no-demo',
  ];
  const child = startCli(args, target.env);
  await child.waitFor(/is serving/, 180_000);
  if (target.dataDir) {
    target.token = (JSON.parse(readFileSync(lockPathFor(target.dataDir), 'utf8')) as { token: string }).token;
  }
  return { child, url: `http://127.0.0.1:${port}` };
}

async function apiRun(target: Target, kill: KillPoint | null) {
  const killDelayMs = kill === null ? null : 'fromStart' in kill ? kill.fromStart : kill.afterFirstBatch;
  const file = indicatorFile();
  const { child, url } = await startServer(target);
  const form = new FormData();
  form.append('file', new Blob([readFileSync(file)]), basename(file));
  const started = performance.now();
  const upload = fetch(`${url}/api/import`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${target.token}` },
  }).then(
    async (response) => ({ status: response.status, body: await response.text() }),
    (error: Error) => ({ status: 0, body: error.message }),
  );
  let killed = false;
  if (killDelayMs === null) {
    const answer = await upload;
    if (answer.status !== 200) throw new Error(`upload answered ${answer.status}: ${answer.body}`);
  } else {
    let answered = false;
    killed = await Promise.race([
      upload.then(() => {
        answered = true;
        return false;
      }),
      sleep(killDelayMs).then(() => {
        if (answered) return false;
        child.process.kill('SIGKILL');
        return true;
      }),
    ]);
    await upload;
  }
  const seconds = (performance.now() - started) / 1000;
  if (!killed) child.process.kill('SIGTERM');
  await child.exited;
  rmSync(file);
  return { killed, toFirstBatch: 0, seconds };
}

async function crashRun(target: Target, run: typeof cliRun, tally: Tally) {
  let before = await reopen(target, tally);
  // Measure one whole import first: the kill points are spread over its duration.
  const measured = await run(target, null);
  tally.importSeconds = measured.seconds;
  tally.toFirstBatch = measured.toFirstBatch;
  let after = await reopen(target, tally);
  judge(before, after, tally, 'an import that was not killed');
  expect(tally.landed).toBe(1);
  for (let attempt = 0; tally.kills < KILLS && attempt < KILLS * 3; attempt++) {
    before = after;
    // Half the kill points fall between the start of the process and the first batch (opening the store,
    // reading and writing the first rows), half over the rest of the import; the API upload has no
    // progress line to anchor on, so its points spread over the whole request.
    const u = Math.random();
    const kill: KillPoint =
      measured.toFirstBatch > 0 && u < 0.5
        ? { fromStart: (0.5 + u) * measured.toFirstBatch * 1000 }
        : { afterFirstBatch: (measured.toFirstBatch > 0 ? 2 * u - 1 : u) * measured.seconds * 1100 };
    const { killed } = await run(target, kill);
    if (killed) tally.kills++;
    else tally.finishedFirst++;
    after = await reopen(target, tally);
    judge(
      before,
      after,
      tally,
      killed ? `a SIGKILL at ${JSON.stringify(kill)} ms` : 'an import that finished',
    );
  }
}

function report(store: string, path: string, tally: Tally) {
  const reopen = tally.reopenSeconds;
  console.log(
    `crash run, ${store}, ${path}: ${tally.kills} kills (${tally.finishedFirst} imports finished before their kill point), ` +
      `partial imports found: ${tally.partial}, stores that would not open: ${tally.wouldNotOpen} ` +
      `(recovered: ${tally.recovered}); imports landed whole ${tally.landed}, absent ${tally.absent}; ` +
      `stale locks taken over ${tally.staleLocksTakenOver}; import ${tally.importSeconds.toFixed(1)} s (after ${tally.toFirstBatch.toFixed(1)} s to the first batch); ` +
      `reopen ${Math.min(...reopen).toFixed(1)}–${Math.max(...reopen).toFixed(1)} s`,
  );
}

const stores: { name: Target['name']; make(): Promise<Target> }[] = [
  {
    name: 'pglite',
    async make() {
      const dataDir = join(work, `db-${Math.random().toString(36).slice(2, 8)}`);
      return { name: 'pglite', dataDir, env: { DATABASE_URL: '' } };
    },
  },
];
const serverUrl = process.env.TEST_DATABASE_URL;
if (serverUrl) {
  stores.push({
    name: 'postgres',
    async make() {
      const server = await createServerDatabase(serverUrl, 'chainatlas_crash');
      const target: Target = { name: 'postgres', server, env: { DATABASE_URL: server.url } };
      // The server has no owner lock and so no local token: an administrator's API token instead.
      const store = await openWorkspace({ databaseUrl: server.url });
      try {
        const actor = { userId: null, name: 'crash-test' };
        const user = await createUser(store.db, actor, {
          username: 'crash-admin',
          password: 'crash-test-0123',
          memberships: [{ role: 'system_admin' }],
        });
        target.token = (await createApiToken(store.db, actor, user.id, 'crash')).token;
      } finally {
        await store.close();
      }
      return target;
    },
  });
}

describe.each(stores)('SIGKILL during an import, $name', (kind) => {
  const targets: Target[] = [];
  afterAll(async () => {
    for (const target of targets) await target.server?.drop();
  });

  it.each([
    ['CLI import', cliRun],
    ['API upload', apiRun],
  ] as const)(
    '%s: every import lands whole or not at all, and the store reopens',
    async (path, run) => {
      const target = await kind.make();
      targets.push(target);
      const tally = newTally();
      try {
        await crashRun(target, run, tally);
      } finally {
        report(kind.name, path, tally);
      }
      expect(tally.kills).toBeGreaterThanOrEqual(KILLS);
      expect(tally.partial).toBe(0);
      expect(tally.wouldNotOpen).toBe(0);
      if (kind.name === 'pglite') expect(tally.staleLocksTakenOver).toBeGreaterThan(0);
    },
    900_000,
  );
});
