import { randomBytes } from 'node:crypto';
import { ensureWebBuilt } from '../../web/build.ts';
import { buildApi } from '../api/server.ts';
import type { Config } from '../config.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../services/accounts/demo-accounts.ts';
import { openWorkspace } from '../services/workspace.ts';

/** Opens the workspace (taking the store's lock), serves the API, and closes cleanly on SIGINT/SIGTERM. */
export async function serve(config: Config, options: { demo: boolean; log: (line: string) => void }) {
  const { log } = options;
  await ensureWebBuilt(log);
  const store = await openWorkspace({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    demoIfEmpty: options.demo,
    log,
  });
  // The local command line's key to this server (see owner-lock.ts); a new one at every start.
  const localAdminToken = store.lock ? randomBytes(32).toString('base64url') : undefined;
  const app = await buildApi({ db: store.db, localAdminToken });
  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('[::1]', 'localhost');
  store.lock?.setUrl(url, localAdminToken);
  log(`Chain Atlas is serving ${url}  (store: ${store.db.kind} ${store.db.location})`);
  log(`  health:   ${url}/api/health`);
  log(`  API docs: ${url}/api/docs`);
  const demo = await store.db.query<{ username: string }>(
    'select username from app_user where demo order by id',
  );
  if (demo.length > 0) {
    log(`  demo accounts (password ${DEMO_PASSWORD}):`);
    for (const account of DEMO_ACCOUNTS.filter((a) => demo.some((d) => d.username === a.username))) {
      log(`    ${account.username.padEnd(16)} ${account.describe}`);
    }
  }
  // Graceful shutdown: stop listening (new requests are refused), give in-flight requests up to
  // CHAINATLAS_SHUTDOWN_SECONDS (default 10) to finish, then cut their connections; closing the store
  // (bounded too) lets a transaction still running commit or roll back whole, never half. Then release
  // the lock and exit 0 (1 when the store would not close). A second signal exits at once.
  const graceMs = Number(process.env.CHAINATLAS_SHUTDOWN_SECONDS ?? 10) * 1000;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) {
      log(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    closing = true;
    const started = performance.now();
    log(`${signal}: no new requests; waiting up to ${graceMs / 1000} s for those in flight`);
    const finished = await withinMs(app.close(), graceMs);
    if (!finished) {
      log(
        `requests still running after ${graceMs / 1000} s: closing their connections (a write in progress lands whole or not at all)`,
      );
      app.server.closeAllConnections();
    }
    const closed = await withinMs(store.close(), 10_000).catch((error: Error) => {
      log(`closing the store failed: ${error.message}`);
      return false;
    });
    if (!closed) log('the store did not close cleanly');
    log(`closed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    process.exit(closed ? 0 : 1);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/** True when `work` settles within `ms`, false when the time runs out first. */
async function withinMs(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
