/**
 * Opening a workspace: the store (embedded or server), its schema, the reference data, and — on a store
 * that has never had an import — the demo workspace. `npm start` and the CLI both start here.
 */
import { openStore, type Store } from '../store/open-store.ts';
import { ensureDemoAccounts } from './accounts/demo-accounts.ts';
import { loadDemoWorkspace, storeIsEmpty } from './demo-workspace.ts';
import { loadReferenceData } from './reference-data.ts';

export interface OpenWorkspaceOptions {
  databaseUrl?: string;
  dataDir?: string | null;
  /** Load the demo into a store that has never had an import (npm start does). */
  demoIfEmpty?: boolean;
  log?: (line: string) => void;
}

export async function openWorkspace(options: OpenWorkspaceOptions): Promise<Store> {
  const log = options.log ?? (() => {});
  const store = await openStore({ databaseUrl: options.databaseUrl, dataDir: options.dataDir }, log);
  try {
    await loadReferenceData(store.db, log);
    if (options.demoIfEmpty && (await storeIsEmpty(store.db))) {
      const started = performance.now();
      const results = await loadDemoWorkspace(store.db);
      const rows = results.reduce((n, r) => n + r.rows, 0);
      const accounts = await ensureDemoAccounts(store.db);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      log(
        `loaded the demo workspace: ${results.length} files, ${rows} rows, ${accounts.length} demo accounts in ${seconds} s`,
      );
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
