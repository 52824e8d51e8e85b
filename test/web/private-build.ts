/**
 * The web app built into a temporary folder for one test file, served with `buildApi({ webDist })`.
 * Test files run in two workers; two of them building the shared web/dist at once (or a developer's
 * build meanwhile) leave it without index.html for a moment, and the server answers 503 for the app's
 * files. A folder of its own per file has no such window. About 2 s a file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WEB_ROOT } from '../../web/build.ts';

export async function buildPrivateWeb(): Promise<{ dir: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'chainatlas-web-'));
  const { build } = await import('vite');
  await build({
    configFile: join(WEB_ROOT, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir: dir, emptyOutDir: true },
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
