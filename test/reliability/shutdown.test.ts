/**
 * Graceful shutdown (issue 11, item 2): on SIGTERM or SIGINT the server stops taking requests, lets the
 * ones in flight finish within a bound, closes the store, releases its lock and exits 0.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src/services/workspace.ts';
import { lockPathFor } from '../../src/store/owner-lock.ts';
import { freePort, sleep, startCli } from '../helpers/processes.ts';

const work = mkdtempSync(join(tmpdir(), 'chainatlas-shutdown-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ROWS = 60_000;
const counties = (
  parse(readFileSync(new URL('../../data/reference/regions-cn.csv', import.meta.url)), {
    columns: true,
  }) as { code: string; level: string }[]
)
  .filter((r) => r.level === 'county')
  .map((r) => r.code);

/** An import big enough to take a few seconds: the slow request in flight when the signal comes. */
function slowUpload(): FormData {
  const lines = ['entity_kind,entity_code,metric,period,value,unit'];
  for (let i = 0; i < ROWS; i++) {
    lines.push(
      `region,${counties[i % counties.length]},employment,${2000 + Math.floor(i / counties.length)},${i},person`,
    );
  }
  const form = new FormData();
  form.append('file', new Blob([`${lines.join('\n')}\n`]), 'indicators.csv');
  return form;
}

async function startServer(env: NodeJS.ProcessEnv = {}) {
  const dataDir = join(work, `db-${Math.random().toString(36).slice(2, 8)}`);
  const port = await freePort();
  const child = startCli(['--data', dataDir, 'serve', '--port', String(port), '--no-demo'], {
    DATABASE_URL: '',
    ...env,
  });
  await child.waitFor(/is serving/, 180_000);
  const { token } = JSON.parse(readFileSync(lockPathFor(dataDir), 'utf8')) as { token: string };
  return { child, dataDir, url: `http://127.0.0.1:${port}`, token };
}

async function indicatorRows(dataDir: string): Promise<number> {
  const store = await openWorkspace({ dataDir });
  try {
    const [row] = await store.db.query<{ n: number }>('select count(*)::int as n from indicator');
    return row!.n;
  } finally {
    await store.close();
  }
}

describe('graceful shutdown', () => {
  it('SIGTERM: refuses new requests, finishes the one in flight, closes the store, exits 0', async () => {
    const server = await startServer();
    const started = performance.now();
    const upload = fetch(`${server.url}/api/import`, {
      method: 'POST',
      body: slowUpload(),
      headers: { authorization: `Bearer ${server.token}` },
    });
    await sleep(500);
    server.child.process.kill('SIGTERM');
    await server.child.waitFor(/SIGTERM: no new requests/, 30_000);
    // A request after the signal is not served (the listener is closed, or Fastify answers 503).
    const late = await fetch(`${server.url}/api/health`).then(
      (r) => r.status,
      () => 0,
    );
    expect([0, 503]).toContain(late);
    const response = await upload;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ rows: ROWS, inserted: ROWS });
    const { code } = await server.child.exited;
    console.log(
      `SIGTERM with an import in flight: answered 200, exit ${code} after ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(code).toBe(0);
    expect(server.child.output()).toMatch(/closed in/);
    expect(existsSync(lockPathFor(server.dataDir))).toBe(false);
    expect(await indicatorRows(server.dataDir)).toBe(ROWS);
  });

  it('SIGINT with a short bound: cuts the request that outlives it, which lands whole or not at all; exits 0', async () => {
    const server = await startServer({ CHAINATLAS_SHUTDOWN_SECONDS: '0.2' });
    const upload = fetch(`${server.url}/api/import`, {
      method: 'POST',
      body: slowUpload(),
      headers: { authorization: `Bearer ${server.token}` },
    }).then(
      (r) => r.status,
      () => 0,
    );
    await sleep(500);
    const signalled = performance.now();
    server.child.process.kill('SIGINT');
    const { code } = await server.child.exited;
    const seconds = (performance.now() - signalled) / 1000;
    const lockLeft = existsSync(lockPathFor(server.dataDir));
    const rows = await indicatorRows(server.dataDir);
    console.log(
      `SIGINT with a 0.2 s bound: exit ${code} after ${seconds.toFixed(1)} s; the upload got ${(await upload) || 'its connection closed'}; ${rows} of ${ROWS} rows landed`,
    );
    expect(code).toBe(0);
    // The bound, plus closing the store (which waits for or rolls back the cut import).
    expect(seconds).toBeLessThan(15);
    expect(server.child.output()).toMatch(/requests still running after 0.2 s/);
    expect(lockLeft).toBe(false);
    expect([0, ROWS]).toContain(rows);
  });
});
