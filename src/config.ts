/**
 * Configuration shared by `npm start` and the CLI: flags win over the environment, the environment over
 * defaults.
 */
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** The embedded store's folder (used when databaseUrl is not set). */
  dataDir: string;
  databaseUrl?: string;
}

export interface ConfigFlags {
  port?: string | number;
  host?: string;
  data?: string;
}

export function resolveConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(flags.port ?? env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`port must be an integer 0–65535, got ${flags.port ?? env.PORT}`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  return {
    port,
    host: flags.host ?? env.HOST ?? '127.0.0.1',
    dataDir: resolve(flags.data ?? env.CHAINATLAS_DATA_DIR ?? './.chainatlas/db'),
    databaseUrl,
  };
}
