/**
 * The demo workspace states the seeds' facts and nothing else: every row of data/demo names its source
 * document and quotes a sentence that is, verbatim, in that document.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Store } from '../src/store/open-store.ts';
import { storeKinds } from './helpers/stores.ts';

const demoDir = new URL('../data/demo/', import.meta.url);
const documents = parse(readFileSync(new URL('00-documents.yaml', demoDir), 'utf8')).rows as {
  code: string;
  file: string;
}[];
const texts = new Map(documents.map((d) => [d.code, readFileSync(new URL(d.file, demoDir), 'utf8')]));
const demoFiles = readdirSync(demoDir).filter((f) => /^\d+-.*\.yaml$/.test(f) && f !== '00-documents.yaml');

describe('demo workspace provenance', () => {
  it.each(demoFiles)('%s: every row quotes its seed verbatim', (file) => {
    const { rows } = parse(readFileSync(new URL(file, demoDir), 'utf8')) as {
      rows: { source?: string; quote?: string }[];
    };
    expect(rows.length).toBeGreaterThan(0);
    rows.forEach((row, i) => {
      expect(row.source, `${file} row ${i + 1}`).toMatch(/^seed-00[0-4]$/);
      expect(row.quote, `${file} row ${i + 1}`).toBeTruthy();
      expect(
        texts.get(row.source!)!.includes(row.quote!),
        `${file} row ${i + 1}: quote not in ${row.source}`,
      ).toBe(true);
    });
  });

  it('keeps the seed documents byte for byte', () => {
    for (const d of documents) {
      const original = new URL(
        `../../shared/seeds/${d.file.replace('documents/', '')}`,
        new URL('..', demoDir),
      );
      try {
        expect(texts.get(d.code)).toBe(readFileSync(original, 'utf8'));
      } catch (error) {
        // The shared folder is beside the repository on the team's machines; a clone elsewhere skips this check.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  });
});

describe.each(storeKinds())('demo workspace loaded on $name', (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open({ demo: true });
  });
  afterAll(() => store?.close());

  const one = async <T>(sql: string, params: unknown[] = []) =>
    (await store.db.query<T>(sql, params as never[]))[0]!;

  it("has the seeds' figures with their sources", async () => {
    // Seed 003: 36, 27 and 28 key tasks in 2023, 2024 and 2025.
    const tasks = await store.db.query<{ period: string; value: number }>(
      `select i.period, i.value from indicator i join metric m on m.id = i.metric_id
       where m.code = 'key_tasks_count' and i.source = 'seed-003' order by i.period`,
    );
    expect(tasks).toEqual([
      { period: '2023', value: 36 },
      { period: '2024', value: 27 },
      { period: '2025', value: 28 },
    ]);
    // Seed 002: 99,000 yuan tax and 845,200 yuan GDP per mu in Hunan's parks.
    const perMu = await store.db.query<{ code: string; value: number }>(
      `select m.code, i.value from indicator i join metric m on m.id = i.metric_id
       where m.code in ('tax_per_mu', 'gdp_per_mu') and i.source = 'seed-002' order by m.code`,
    );
    expect(perMu).toEqual([
      { code: 'gdp_per_mu', value: 845_200 },
      { code: 'tax_per_mu', value: 99_000 },
    ]);
  });

  it("has Huaping's missing downstream links and the standard land of Jinshan", async () => {
    const missing = await store.db.query<{ node: string }>(
      `select n.code as node from problem p join chain_node n on n.id = p.chain_node_id
       join park k on k.id = p.park_id where k.code = 'LJ-HUAPING' and p.category = 'missing_link' order by 1`,
    );
    expect(missing.map((m) => m.node)).toEqual([
      'energy-storage-batteries',
      'pv-modules',
      'pv-system-integration',
    ]);
    const sold = await one<{ mu: number }>(
      "select sum(area_mu)::float as mu from land_parcel l join park k on k.id = l.park_id where k.code = 'LJ-JINSHAN' and l.status = 'sold'",
    );
    expect(sold.mu).toBeCloseTo(156.64, 6);
  });

  it('has the incentives by government level that sum to the 3.76 bn total', async () => {
    const levels = await store.db.query<{ granting_level: string; yuan: number }>(
      `select granting_level, sum(amount_yuan)::float as yuan from incentive
       where amount_yuan in (2340000000, 820000000, 600000000) group by 1 order by 2 desc`,
    );
    expect(levels.map((l) => l.yuan)).toEqual([2_340_000_000, 820_000_000, 600_000_000]);
    expect(levels.reduce((s, l) => s + l.yuan, 0)).toBe(3_760_000_000);
  });

  it('reloads without duplicating anything', async () => {
    const before = await one<{ n: number }>(
      'select (select count(*) from indicator) + (select count(*) from park) + (select count(*) from problem) as n',
    );
    const { loadDemoWorkspace } = await import('../src/services/demo-workspace.ts');
    await loadDemoWorkspace(store.db);
    const after = await one<{ n: number }>(
      'select (select count(*) from indicator) + (select count(*) from park) + (select count(*) from problem) as n',
    );
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
