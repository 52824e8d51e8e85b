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
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: closing`);
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
