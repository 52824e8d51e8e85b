/**
 * The demo workspace: the chain templates of data/chains/ and the figures of the five seed documents in
 * data/demo/, each with its source sentence. Loaded in one transaction, so a reload either restores the
 * whole demo or changes nothing.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../store/db.ts';
import type { Actor } from './audit.ts';
import { importDesksInto } from './desk/desk-files.ts';
import { indexPendingDocuments } from './evidence/documents.ts';
import { type ImportSummary, importInto } from './import/import-file.ts';

const CHAINS_DIR = fileURLToPath(new URL('../../data/chains/', import.meta.url));
const DEMO_DIR = fileURLToPath(new URL('../../data/demo/', import.meta.url));

export function demoFiles(): { name: string; path: string; kind?: 'chains' }[] {
  const chains = readdirSync(CHAINS_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => ({ name: `data/chains/${f}`, path: CHAINS_DIR + f, kind: 'chains' as const }));
  const demo = readdirSync(DEMO_DIR)
    .filter((f) => /^\d+-.*\.ya?ml$/.test(f))
    .sort()
    .map((f) => ({ name: `data/demo/${f}`, path: DEMO_DIR + f }));
  return [...chains, ...demo];
}

export async function loadDemoWorkspace(
  db: Db,
  onFile: (done: number, total: number, file: string) => void = () => {},
  actor: Actor = { userId: null, name: 'system' },
): Promise<ImportSummary[]> {
  const files = demoFiles();
  return db.transaction(async (tx) => {
    const results: ImportSummary[] = [];
    for (const [i, file] of files.entries()) {
      onFile(i, files.length, file.name);
      // Chain desks are nested records (a chief, a team, a roadmap), read by their own importer.
      if (/^data\/demo\/\d+-chain_desks\.ya?ml$/.test(file.name)) {
        await importDesksInto(tx, { name: file.name, data: { path: file.path } }, actor);
        continue;
      }
      results.push(
        await importInto(tx, { name: file.name, data: { path: file.path } }, { kind: file.kind, actor }),
      );
    }
    // The seeds become searchable documents with their figures proposed for review (docs/evidence.md).
    await indexPendingDocuments(tx);
    onFile(files.length, files.length, '');
    return results;
  });
}

/** A store is "empty" until its first import: then `npm start` loads the demo. */
export async function storeIsEmpty(db: Db): Promise<boolean> {
  const rows = await db.query<{ any: boolean }>('select exists (select 1 from import_run) as any');
  return !rows[0]?.any;
}
