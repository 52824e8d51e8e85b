/**
 * Document search bench (issue 12): 10,000 generated documents in the five languages — paragraphs
 * recombined from the seeds' sentences with random figures and filler — then queries in Chinese, French,
 * English, Bulgarian and Arabic (glossary-expanded) with the trigram index. Target: < 200 ms a query.
 * Runs on PGlite in memory, or on the server when DATABASE_URL is set.
 *   npm run bench:documents [-- --docs 10000]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { passages } from '../src/services/evidence/documents.ts';
import { searchDocuments } from '../src/services/evidence/search.ts';
import { searchForm } from '../src/services/evidence/search-form.ts';
import { openWorkspace } from '../src/services/workspace.ts';
import { median } from './lib/measure.ts';

const args = process.argv.slice(2);
const docsArg = args.indexOf('--docs');
const DOCS = docsArg >= 0 ? Number(args[docsArg + 1]) : 10_000;
const SEEDS = fileURLToPath(new URL('../data/demo/documents/', import.meta.url));
const LANGS = ['bg', 'ar', 'en', 'fr', 'zh'] as const;

// Deterministic pseudo-random numbers (mulberry32), so every run searches the same corpus.
let seed = 12;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;

const sentencesByLang = readdirSync(SEEDS)
  .sort()
  .map((f) =>
    readFileSync(SEEDS + f, 'utf8')
      .split(/(?<=[.。!?؟])\s+|\n+/)
      .filter((s) => s.trim().length > 20),
  );

function generate(i: number): { lang: string; body: string } {
  const k = i % 5;
  const pool = sentencesByLang[k]!;
  const paragraphs: string[] = [];
  const count = 3 + Math.floor(random() * 5);
  for (let p = 0; p < count; p++) {
    const parts: string[] = [];
    for (let s = 0; s < 3; s++)
      parts.push(pick(pool).replace(/\d+(?:[.,]\d+)?/g, () => String(Math.floor(random() * 1000))));
    paragraphs.push(parts.join(' '));
  }
  return { lang: LANGS[k]!, body: paragraphs.join('\n') };
}

const store = await openWorkspace({ databaseUrl: process.env.DATABASE_URL, dataDir: null, log: () => {} });
const db = store.db;
const t0 = performance.now();
const BATCH = 500;
for (let from = 0; from < DOCS; from += BATCH) {
  const docs = Array.from({ length: Math.min(BATCH, DOCS - from) }, (_, j) => ({
    i: from + j,
    ...generate(from + j),
  }));
  const ids = await db.query<{ id: number }>(
    `insert into document (code, title, language, body, published_on)
     select r.code, r.code, r.lang, r.body, date '2020-01-01' + (r.i % 2000)
     from unnest($1::text[], $2::text[], $3::text[], $4::int[]) as r(code, lang, body, i) returning id`,
    [docs.map((d) => `bench-${d.i}`), docs.map((d) => d.lang), docs.map((d) => d.body), docs.map((d) => d.i)],
  );
  const rows = docs.flatMap((d, j) =>
    passages(d.body).map((p, seq) => ({
      id: ids[j]!.id,
      seq,
      ...p,
      lang: d.lang,
      text: d.body.slice(p.start, p.end),
    })),
  );
  await db.query(
    `insert into document_passage (document_id, seq, start_offset, end_offset, language, text, search_text)
     select * from unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[])`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.seq),
      rows.map((r) => r.start),
      rows.map((r) => r.end),
      rows.map((r) => r.lang),
      rows.map((r) => r.text),
      rows.map((r) => searchForm(r.text)),
    ],
  );
}
await db.query('analyze document_passage');
const [{ n } = { n: 0 }] = await db.query<{ n: number }>('select count(*)::int as n from document_passage');
console.log(
  `${db.kind}: ${DOCS} documents, ${n} passages loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

if (args.includes('--explain')) {
  const { expandQuery } = await import('../src/services/evidence/search.ts');
  const { searchPattern } = await import('../src/services/evidence/search-form.ts');
  const terms = expandQuery('hydrogène');
  const plan = await db.query<{ 'QUERY PLAN': string }>(
    `explain analyze select p.document_id from document_passage p where ${terms.map((_, i) => `p.search_text like $${i + 1}`).join(' or ')}`,
    terms.map(searchPattern),
  );
  console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
}
const queries = ['氢能', 'hydrogène', 'industrial park', 'водород', 'السيارات الكهربائية', 'Jinshan'];
let worst = 0;
for (const query of queries) {
  const times: number[] = [];
  let hits = 0;
  for (let run = 0; run < 7; run++) {
    const start = performance.now();
    const result = await searchDocuments(db, { query, limit: 20 });
    times.push(performance.now() - start);
    hits = result.hits.length;
  }
  const m = median(times);
  worst = Math.max(worst, m);
  console.log(`${query.padEnd(22)} median ${m.toFixed(1)} ms (${hits} passages shown)`);
}
console.log(
  `worst median ${worst.toFixed(1)} ms — target < 200 ms ${worst < 200 ? 'met' : 'NOT met'} (2 shared cores: pessimistic)`,
);
await store.close();
