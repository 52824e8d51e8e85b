/**
 * An embedded data folder that will not open (issue 11, item 1): detected at start, moved aside, and
 * replaced by the snapshot of the last clean close, with log lines that say so. SIGKILLs never left such
 * a folder in our runs (crash.test.ts), so the damage is made by hand: an emptied pg_control, as a disk
 * or an operating-system crash could leave it.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/services/import/import-file.ts';
import { openWorkspace } from '../../src/services/workspace.ts';
import { StoreUnopenableError, snapshotPathFor } from '../../src/store/recovery.ts';
import { tableFingerprint } from '../helpers/fingerprint.ts';
import { enterpriseRows, toCsv } from '../helpers/fixtures.ts';

const work = mkdtempSync(join(tmpdir(), 'chainatlas-recovery-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('an embedded folder that will not open', () => {
  it('is detected at start and recovered from the snapshot of the last clean close, with a log', async () => {
    const dataDir = join(work, 'db');
    let store = await openWorkspace({ dataDir });
    const counties = (
      await store.db.query<{ code: string }>("select code from region where level = 'county' limit 3")
    ).map((r) => r.code);
    await importFile(store.db, {
      name: 'enterprises.csv',
      data: Buffer.from(toCsv(enterpriseRows(50, counties) as never)),
    });
    const before = await tableFingerprint(store.db);
    await store.close();
    expect(existsSync(snapshotPathFor(dataDir))).toBe(true);

    writeFileSync(join(dataDir, 'global', 'pg_control'), '');
    const log: string[] = [];
    const started = performance.now();
    store = await openWorkspace({ dataDir, log: (line) => log.push(line) });
    const seconds = (performance.now() - started) / 1000;
    try {
      expect(log.join('\n')).toMatch(/would not open/);
      expect(log.join('\n')).toMatch(
        /recovered the embedded store from its snapshot of .* changes after it are lost/,
      );
      expect(await tableFingerprint(store.db)).toEqual(before);
    } finally {
      await store.close();
    }
    // The damaged folder is kept beside the store for whoever wants to look at it.
    expect(readdirSync(work).some((f) => f.startsWith('db.unopenable-'))).toBe(true);
    console.log(
      `recovered an unopenable embedded folder from its snapshot in ${seconds.toFixed(1)} s:\n  ${log.join('\n  ')}`,
    );
  });

  it('without a snapshot, refuses with a message that says so and leaves the folder as it is', async () => {
    const dataDir = join(work, 'bare');
    process.env.CHAINATLAS_SNAPSHOT = '0';
    try {
      const store = await openWorkspace({ dataDir });
      await store.close();
      expect(existsSync(snapshotPathFor(dataDir))).toBe(false);
      writeFileSync(join(dataDir, 'global', 'pg_control'), '');
      const error = await openWorkspace({ dataDir }).catch((e) => e);
      expect(error).toBeInstanceOf(StoreUnopenableError);
      expect((error as Error).message).toMatch(/would not open .* no snapshot to recover from/);
      expect(existsSync(join(dataDir, 'global'))).toBe(true);
    } finally {
      delete process.env.CHAINATLAS_SNAPSHOT;
    }
  });
});
