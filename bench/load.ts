/**
 * `npm run bench:load` (issue 11, item 8): does the server hold the day every park files its figures?
 *
 * For each store — the embedded PGlite, then the PostgreSQL server — it starts `chainatlas serve` on
 * 127.0.0.1 with the demo workspace, warms it up, then drives a realistic mix at a fixed 200 requests/s
 * with autocannon for a bounded time:
 * - reads (190/s): enterprise and indicator lists with filters, the region view (the region, its
 *   indicators, its key-task summary), the PV chain's diagnosis in Huaping, the parks' performance;
 * - writes (10/s): sign-ins (argon2id, deliberately slow) and a small indicator import by a park officer.
 * It prints per store: each read's median latency alone (concurrency 1, after warm-up), the machine's
 * load average before and after the run, throughput held, p50/p95/p99 latency of reads and of writes,
 * errors (non-2xx, socket errors, timeouts), and the server's RSS after warm-up and at the end, against
 * the budget: 200 requests/s held, 0 errors, read p99 < 100 ms, RSS at the end within 15 % of RSS after
 * warm-up (judged on the lowest reading of the first and of the last seconds of the run: see below).
 * RSS is the Node process's; on the PostgreSQL server the database's own processes are not counted.
 *
 * Options (env): LOAD_SECONDS (measured seconds per store, default 30), LOAD_WARMUP_SECONDS (default 8),
 * LOAD_RATE (default 200), TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres;
 * a fresh database is made and dropped). Exit code 1 when a budget is missed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

interface CannonRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}
interface CannonResult {
  requests: { total: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
interface CannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type Cannon = ((
  options: Record<string, unknown>,
  done: (error: Error | null, result: CannonResult) => void,
) => CannonInstance) & { track?: unknown };
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

const ROOT = new URL('..', import.meta.url).pathname;
const RATE = Number(process.env.LOAD_RATE ?? 200);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const WARMUP_SECONDS = Number(process.env.LOAD_WARMUP_SECONDS ?? 8);
const WRITE_RATE = Math.max(1, Math.round(RATE * 0.05));
const READ_RATE = RATE - WRITE_RATE;
const PASSWORD = 'chainatlas-demo';
const BUDGET = { readP99Ms: 100, rssGrowth: 0.15, heldShare: 0.97 };
const RSS_WINDOW_SECONDS = 8;

interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function startServer(port: number, env: Record<string, string>, args: string[]): Promise<Server> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/chainatlas.mjs'), ...args, 'serve', '--port', String(port)],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the server exited (${child.exitCode}): ${stderr.slice(-2000)}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error('the server did not answer /api/health within 180 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/**
 * CPU time a process has used (user + system), in ms, from /proc (Linux): per request of the run, the
 * figure other work on the machine distorts least — it decides how many requests a second one core holds.
 */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the line (11 and 12 after the command name), in clock ticks.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Resident set size of a process, in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Number(line[1]) / 1024 : Number.NaN;
}

async function signIn(url: string, username: string) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

function multipart(name: string, content: string) {
  const boundary = `----chainatlas-load-${Math.random().toString(36).slice(2)}`;
  const body = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      `Content-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`,
  );
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function mix(url: string) {
  const region = await signIn(url, 'demo-region');
  const park = await signIn(url, 'demo-park');
  const reads: CannonRequest[] = [
    '/api/enterprises?park_code=LJ-HUAPING&limit=50',
    '/api/indicators?entity_code=530700&limit=100',
    '/api/regions/530700',
    '/api/ops/tasks/summary?region_code=530700',
    '/api/chains/pv/diagnosis?scope=LJ-HUAPING',
    '/api/park-performance?scope=530700',
    '/api/projects?park_code=LJ-JINSHAN&limit=50',
    '/api/land-parcels?limit=50',
  ].map((path) => ({ method: 'GET', path, headers: { cookie: region.cookie } }));
  for (const r of reads) {
    const res = await fetch(`${url}${r.path}`, { headers: r.headers });
    if (!res.ok) throw new Error(`GET ${r.path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  }
  // A park officer files this quarter's figure for its park (an upsert: the same row each time).
  const upload = multipart(
    'indicators.csv',
    'entity_kind,entity_code,metric,period,value,unit,source\npark,LJ-HUAPING,output_value,2025-Q3,12.5,亿元,load bench\n',
  );
  const importRequest: CannonRequest = {
    method: 'POST',
    path: '/api/import?kind=indicators',
    headers: { ...park, 'content-type': upload.contentType },
    body: upload.body,
  };
  const check = await fetch(`${url}${importRequest.path}`, {
    method: 'POST',
    headers: importRequest.headers,
    body: upload.body,
  });
  if (!check.ok)
    throw new Error(`the import answered ${check.status}: ${(await check.text()).slice(0, 500)}`);
  const login: CannonRequest = {
    method: 'POST',
    path: '/api/auth/login',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo', password: PASSWORD }),
  };
  // One sign-in for 24 imports: 0.4 sign-ins a second at the default rate, under the server's 30 sign-in
  // attempts a minute from one address (every request of the bench comes from 127.0.0.1).
  const writes = [login, ...Array.from({ length: 24 }, () => importRequest)];
  return { reads, writes };
}

interface Stream {
  result: CannonResult;
  latencies: number[];
}

function drive(url: string, requests: CannonRequest[], rate: number, seconds: number): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      {
        url,
        requests,
        overallRate: rate,
        connections: Math.max(2, Math.min(20, Math.ceil(rate / 10))),
        duration: seconds,
        timeout: 10,
      },
      (error, result) => (error ? reject(error) : resolve({ result, latencies })),
    );
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const load = () =>
  `load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' / ')} (1 / 5 / 15 min)`;

/**
 * Each read of the mix alone, one request at a time (after the warm-up, so answers kept until the next
 * write are counted as the load sees them between writes): the median says what a request costs the
 * server without queueing, which a loaded machine distorts far less than the percentiles under load.
 */
async function probe(url: string, reads: CannonRequest[], times = 25) {
  const lines: string[] = [];
  for (const r of reads) {
    const took: number[] = [];
    for (let i = 0; i < times; i++) {
      const started = performance.now();
      const res = await fetch(`${url}${r.path}`, { headers: r.headers });
      await res.arrayBuffer();
      took.push(performance.now() - started);
    }
    took.sort((a, b) => a - b);
    lines.push(`  ${ms(percentile(took, 50)).padStart(9)}  ${r.path}`);
  }
  return lines;
}

async function runStore(name: string, start: () => Promise<Server>, cleanup: () => Promise<void>) {
  const started = Date.now();
  const server = await start();
  try {
    console.log(
      `\n${name}: server up in ${((Date.now() - started) / 1000).toFixed(1)} s (demo workspace loaded)`,
    );
    const { reads, writes } = await mix(server.url);
    // Warm-up at the full rate: JIT, caches, connection pools; RSS is taken after it.
    await Promise.all([
      drive(server.url, reads, READ_RATE, WARMUP_SECONDS),
      drive(server.url, writes, WRITE_RATE, WARMUP_SECONDS),
    ]);
    console.log(`${name}: each read alone, median of 25 (concurrency 1, after warm-up):`);
    for (const line of await probe(server.url, reads)) console.log(line);
    const rssWarm = rssMb(server.child.pid!);
    console.log(`${name}: ${load()} before the measured run`);
    // RSS through the run, twice a second: V8's heap grows and is collected in a sawtooth that swings by
    // a quarter within seconds, so one reading at each end says more about the phase of the sawtooth
    // than about a leak. The verdict compares the floors (the lowest reading) of the first and the last
    // RSS_WINDOW_SECONDS of the run — what a leak would raise; the single readings are printed too.
    const rssSamples: { at: number; mb: number }[] = [];
    const sampler = setInterval(() => rssSamples.push({ at: Date.now(), mb: rssMb(server.child.pid!) }), 500);
    const runStarted = Date.now();
    const cpuStarted = cpuMs(server.child.pid!);
    const [read, write] = await Promise.all([
      drive(server.url, reads, READ_RATE, SECONDS),
      drive(server.url, writes, WRITE_RATE, SECONDS),
    ]);
    clearInterval(sampler);
    const cpuUsed = cpuMs(server.child.pid!) - cpuStarted;
    const runEnded = Date.now();
    const rssEnd = rssMb(server.child.pid!);
    console.log(`${name}: ${load()} after it`);
    const floor = (from: number, to: number) =>
      Math.min(...rssSamples.filter((x) => x.at >= from && x.at <= to).map((x) => x.mb));
    const windowMs = Math.min(RSS_WINDOW_SECONDS, SECONDS / 3) * 1000;
    const floorWarm = floor(runStarted, runStarted + windowMs);
    const floorEnd = floor(runEnded - windowMs, runEnded);
    const total = read.result.requests.total + write.result.requests.total;
    const held = total / SECONDS;
    const errors = (s: Stream) => s.result.errors + s.result.timeouts + s.result.non2xx;
    const allErrors = errors(read) + errors(write);
    const r = [...read.latencies].sort((a, b) => a - b);
    const w = [...write.latencies].sort((a, b) => a - b);
    const growth = (floorEnd - floorWarm) / floorWarm;
    const verdicts = {
      held: held >= RATE * BUDGET.heldShare,
      errors: allErrors === 0,
      readP99: percentile(r, 99) < BUDGET.readP99Ms,
      rss: growth <= BUDGET.rssGrowth,
    };
    const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
    console.log(
      `${name}: ${total} requests in ${SECONDS} s = ${held.toFixed(1)} requests/s held (target ${RATE}: ${READ_RATE} reads + ${WRITE_RATE} writes) — ${mark(verdicts.held)}`,
    );
    console.log(
      `${name}: server process CPU ${(cpuUsed / 1000).toFixed(1)} s over ${SECONDS} s = ${(cpuUsed / total).toFixed(2)} ms per request, ${(cpuUsed / SECONDS / 10).toFixed(0)} % of one core${name.startsWith('PostgreSQL') ? " (the database's own processes not counted)" : ' (the embedded database runs in it)'}`,
    );
    console.log(
      `${name}: reads  p50 ${ms(percentile(r, 50))} · p95 ${ms(percentile(r, 95))} · p99 ${ms(percentile(r, 99))} (budget p99 < ${BUDGET.readP99Ms} ms) — ${mark(verdicts.readP99)}`,
    );
    console.log(
      `${name}: writes p50 ${ms(percentile(w, 50))} · p95 ${ms(percentile(w, 95))} · p99 ${ms(percentile(w, 99))} (sign-ins with argon2id and imports; no budget)`,
    );
    console.log(
      `${name}: errors ${allErrors} (non-2xx ${read.result.non2xx + write.result.non2xx}, socket ${read.result.errors + write.result.errors}, timeouts ${read.result.timeouts + write.result.timeouts}) — ${mark(verdicts.errors)}`,
    );
    console.log(
      `${name}: RSS ${rssWarm.toFixed(0)} MB after warm-up → ${rssEnd.toFixed(0)} MB at the end (single readings); floor of the first ${windowMs / 1000} s ${floorWarm.toFixed(0)} MB → of the last ${windowMs / 1000} s ${floorEnd.toFixed(0)} MB (${(growth * 100).toFixed(1)} %, budget ≤ ${BUDGET.rssGrowth * 100} %) — ${mark(verdicts.rss)}`,
    );
    return Object.values(verdicts).every(Boolean);
  } finally {
    await server.stop();
    await cleanup();
  }
}

async function main() {
  console.log(
    `bench:load — ${RATE} requests/s for ${SECONDS} s per store after ${WARMUP_SECONDS} s of warm-up, against 127.0.0.1 only; ${process.env.LOAD_NOTE ?? 'on this machine (2 cores); other work on it slows the figures'}; ${load()}`,
  );
  let allOk = true;
  const dir = mkdtempSync(join(tmpdir(), 'chainatlas-load-'));
  // The bench's own sessions share a handful of users at 200 requests/s: lift the per-user rate limit.
  const env = { CHAINATLAS_RATE_LIMIT: '100000' };
  allOk &&= await runStore(
    'embedded (PGlite)',
    () => startServer(18_731, env, ['--data', join(dir, 'db')]),
    async () => rmSync(dir, { recursive: true, force: true }),
  );
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `chainatlas_load_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    console.log(`PostgreSQL server: not reachable at ${adminUrl} (${(error as Error).message}); skipped`);
    process.exit(allOk ? 0 : 1);
  }
  await admin.query(`create database ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const serverOk = await runStore(
    'PostgreSQL server',
    () => startServer(18_732, { ...env, DATABASE_URL: url.toString() }, []),
    async () => {
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    },
  );
  allOk &&= serverOk;
  console.log(`\nbench:load: ${allOk ? 'every budget held' : 'a budget was missed (see MISSED above)'}`);
  process.exit(allOk ? 0 : 1);
}

await main();
