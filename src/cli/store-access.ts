/**
 * How a CLI command reaches the store without breaking the one-owner rule (DESIGN.md): with
 * DATABASE_URL it connects to the server; else, if a running Chain Atlas owns the embedded folder and
 * says where it serves, the command goes through its HTTP API; else it opens the folder itself (taking
 * the lock); if the owner cannot be reached, it refuses and names it.
 */
import type { Config } from '../config.ts';
import { openWorkspace } from '../services/workspace.ts';
import type { Store } from '../store/open-store.ts';
import { liveOwner, StoreOwnedError } from '../store/owner-lock.ts';

export type StoreAccess =
  | { mode: 'local'; store: Store }
  | { mode: 'remote'; remote: Remote; url: string; ownerPid: number };

/** A running owner: its address and the local command line's token to it. */
export interface Remote {
  url: string;
  token?: string;
}

export async function accessStore(config: Config, log: (line: string) => void): Promise<StoreAccess> {
  if (!config.databaseUrl) {
    const owner = liveOwner(config.dataDir);
    if (owner) {
      if (owner.url && owner.pid !== process.pid) {
        return {
          mode: 'remote',
          remote: { url: owner.url, token: owner.token },
          url: owner.url,
          ownerPid: owner.pid,
        };
      }
      throw new StoreOwnedError(config.dataDir, owner);
    }
  }
  const store = await openWorkspace({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  return { mode: 'local', store };
}
