import { buildApi } from '../api/server.ts';
import type { Config } from '../config.ts';
import { openWorkspace } from '../services/workspace.ts';

/** Opens the workspace (taking the store's lock), serves the API, and closes cleanly on SIGINT/SIGTERM. */
export async function serve(config: Config, options: { demo: boolean; log: (line: string) => void }) {
  const { log } = options;
  const store = await openWorkspace({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    demoIfEmpty: options.demo,
    log,
  });
  const app = await buildApi({ db: store.db });
  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('[::1]', 'localhost');
  store.lock?.setUrl(url);
  log(`Chain Atlas is serving ${url}  (store: ${store.db.kind} ${store.db.location})`);
  log(`  health:   ${url}/api/health`);
  log(`  API docs: ${url}/api/docs`);
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
