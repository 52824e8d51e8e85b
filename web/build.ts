/**
 * Builds the browser app with Vite's JS API. `chainatlas serve` calls ensureWebBuilt() so that a fresh
 * clone needs only `npm install && npm start`: the app is built when web/dist is missing or older than
 * the sources, and served as it is otherwise.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_ROOT = dirname(fileURLToPath(import.meta.url));
export const WEB_DIST = join(WEB_ROOT, 'dist');

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

/** Why the built app is out of date, or null when web/dist is newer than every source file. */
export function webBuildReason(): string | null {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return 'web/dist is missing';
  const built = statSync(index).mtimeMs;
  const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => join(WEB_ROOT, p));
  const newest = Math.max(...sources.filter((p) => existsSync(p)).map(newestChange));
  return newest > built ? 'web/src changed since the last build' : null;
}

/** Builds web/ into web/dist (a production build). */
export async function buildWeb(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

/** Builds the app if web/dist is missing or stale; logs one line when it does. */
export async function ensureWebBuilt(log: (line: string) => void): Promise<void> {
  const reason = webBuildReason();
  if (!reason) return;
  const started = performance.now();
  log(`building the web app (${reason}) …`);
  await buildWeb();
  log(`built the web app into web/dist in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
