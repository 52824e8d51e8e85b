/**
 * Search across documents in the five languages: the query, expanded through the glossary (a term in one
 * language brings its forms in the others: 氢能 → hydrogène, водород, الهيدروجين …), is matched as a
 * substring of each passage's lower-cased text, which the trigram index (pg_trgm) serves on both stores;
 * Chinese needs no word segmentation this way. Results carry a snippet with the matches marked.
 *
 * Ranking (relevance.ts): matched terms (≤ 6), trigram similarity (≤ 2) and recency (≤ 1). The
 * trigram index finds the matching passages; the CANDIDATES best by a cheap key (the query as typed
 * occurs, then newest) are scored and the best `limit` returned.
 */
import type { Db, Queryable, SqlParam } from '../../store/db.ts';
import { glossary } from './glossary.ts';
import { type Relevance, relevance, relevanceQuery } from './relevance.ts';
import { searchPattern } from './search-form.ts';

export interface SearchOptions {
  query: string;
  language?: string;
  regionCode?: string;
  from?: string;
  to?: string;
  limit?: number;
  /** Region ids the caller may see (documents of other regions are left out); absent = all. */
  visibleRegionIds?: number[] | null;
  /** Expand through the glossary (default true). */
  expand?: boolean;
  /** The day recency is measured at (default: now). */
  today?: Date;
}

export interface SearchHit {
  documentId: number;
  documentCode: string;
  title: string;
  language: string;
  publishedOn: string | null;
  regionCode: string | null;
  passageStart: number;
  passageEnd: number;
  snippet: string;
  /** [start, end) of each match within the snippet. */
  marks: [number, number][];
  /** The terms that matched in this passage. */
  matched: string[];
  /** Relevance (≤ 9) and its parts: matched terms (≤ 6), trigram similarity (≤ 2), recency (≤ 1). */
  score: number;
  scoreParts: { terms: number; similarity: number; recency: number };
}

/** The query's terms: the query itself and, for each glossary term it names, all that term's forms. */
export function expandQuery(query: string, expand = true): string[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const terms = new Set([q]);
  if (expand) {
    for (const term of glossary().terms) {
      const names = term.names.map((n) => n.toLowerCase());
      if (
        names.some(
          (n) => n === q || (q.length >= 2 && n.length >= 2 && q.includes(n) && n.length >= q.length / 2),
        )
      ) {
        for (const n of names) if (n.length >= 2) terms.add(n);
      }
    }
  }
  return [...terms];
}

/** How many matching passages are scored (see searchDocuments): the bound that keeps search fast. */
export const CANDIDATES = 100;

const isDb = (db: Db | Queryable): db is Db => typeof (db as Db).transaction === 'function';

export async function searchDocuments(
  db: Queryable,
  options: SearchOptions,
): Promise<{ terms: string[]; hits: SearchHit[] }> {
  const terms = expandQuery(options.query, options.expand ?? true);
  if (terms.length === 0) return { terms, hits: [] };
  // One LIKE per term, OR-ed: GIN cannot serve `like any (array)`, but a BitmapOr of trigram scans it can.
  // A form containing another form finds nothing more (产业园区 ⊃ 园区, الهيدروجين ⊃ هيدروجين): only the
  // others are searched for; all are still marked and counted.
  const patterns = [...new Set(terms.map(searchPattern))];
  const needed = patterns.filter((p) => !patterns.some((q) => q !== p && p.includes(q.slice(1, -1).trim())));
  const params: SqlParam[] = needed;
  const where = [`(${needed.map((_, i) => `p.search_text like $${i + 1}`).join(' or ')})`];
  if (options.language) {
    params.push(options.language);
    where.push(`(p.language = $${params.length} or d.language = $${params.length})`);
  }
  if (options.regionCode) {
    // The region or any region under it (a province finds its prefectures' documents).
    params.push(options.regionCode);
    where.push(`d.region_id in (with recursive sub as (select id from region where code = $${params.length}
      union all select r.id from region r join sub on r.parent_id = sub.id) select id from sub)`);
  }
  if (options.visibleRegionIds) {
    // Documents without a region (national texts) are visible to every reader.
    params.push(options.visibleRegionIds);
    where.push(`(d.region_id is null or d.region_id = any ($${params.length}::int[]))`);
  }
  if (options.from) {
    params.push(options.from);
    where.push(`d.published_on >= $${params.length}::date`);
  }
  if (options.to) {
    params.push(options.to);
    where.push(`d.published_on <= $${params.length}::date`);
  }
  // Scoring parameters: the forms (for occurrences), the query as typed, its words, its search form.
  params.push(searchPattern(options.query.trim().toLowerCase()));
  const typedPattern = `$${params.length}`;
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 200);
  // pg_trgm's selectivity guess for an OR of LIKEs is a flat 5 %, so the planner prefers reading every
  // passage over the trigram index — measured 4–5× slower on 10,000 documents (bench/document-search.ts).
  // Within the search's own transaction, sequential scans are priced out so the index is used.
  const run = <R>(sql: string, p: SqlParam[]) =>
    isDb(db)
      ? db.transaction(async (tx) => {
          await tx.query('set local enable_seqscan = off');
          return tx.query<R>(sql, p);
        })
      : db.query<R>(sql, p);
  const rows = await run<{
    document_id: number;
    code: string;
    title: string;
    language: string;
    published_on: string | null;
    region_code: string | null;
    start_offset: number;
    end_offset: number;
    text: string;
  }>(
    // Two steps, so a query over 10,000 documents stays under 200 ms (bench/document-search.ts): the
    // index finds the matching passages, the cheap key keeps the CANDIDATES to score.
    // The candidates are chosen on narrow rows (ids and keys); only their texts are then read.
    `with hit as materialized (
       select p.document_id, p.seq, (p.search_text like ${typedPattern}) as typed, d.published_on
       from document_passage p join document d on d.id = p.document_id
       where ${where.join(' and ')}
       order by typed desc, d.published_on desc nulls last, p.document_id, p.seq
       limit ${Math.max(CANDIDATES, limit)}
     )
     select p.document_id, d.code, d.title, d.language, d.published_on::text as published_on, r.code as region_code,
            p.start_offset, p.end_offset, p.text
     from hit h join document_passage p on p.document_id = h.document_id and p.seq = h.seq
     join document d on d.id = p.document_id left join region r on r.id = d.region_id
     order by h.typed desc, h.published_on desc nulls last, h.document_id, h.seq`,
    params,
  );
  const query = relevanceQuery(options.query, terms);
  const today = options.today ?? new Date();
  const scored = rows.map((r, order) => ({
    r,
    order,
    rank: relevance(r.text, r.published_on, query, today),
  }));
  // Best score first; ties keep the cheap key's order (typed match, newest, document, passage).
  scored.sort((a, b) => b.rank.score - a.rank.score || a.order - b.order);
  return { terms, hits: scored.slice(0, limit).map(({ r, rank }) => toHit(r, terms, rank)) };
}

function toHit(
  r: {
    document_id: number;
    code: string;
    title: string;
    language: string;
    published_on: string | null;
    region_code: string | null;
    start_offset: number;
    end_offset: number;
    text: string;
  },
  terms: string[],
  rank: Relevance,
): SearchHit {
  const lower = r.text.toLowerCase();
  const found: [number, number][] = [];
  const matched = new Set<string>();
  for (const t of terms) {
    for (let at = lower.indexOf(t); at >= 0; at = lower.indexOf(t, at + t.length)) {
      found.push([at, at + t.length]);
      matched.add(t);
    }
  }
  found.sort((a, b) => a[0] - b[0]);
  const first = found[0]?.[0] ?? 0;
  const from = Math.max(0, first - 80);
  const to = Math.min(r.text.length, first + 220);
  const marks = found
    .filter(([s, e]) => s >= from && e <= to)
    .reduce<[number, number][]>((acc, [s, e]) => {
      const last = acc[acc.length - 1];
      if (last && s < last[1]) last[1] = Math.max(last[1], e);
      else acc.push([s, e]);
      return acc;
    }, [])
    .map(([s, e]) => [s - from, e - from] as [number, number]);
  return {
    documentId: r.document_id,
    documentCode: r.code,
    title: r.title,
    language: r.language,
    publishedOn: r.published_on,
    regionCode: r.region_code,
    passageStart: r.start_offset,
    passageEnd: r.end_offset,
    snippet: r.text.slice(from, to),
    marks,
    matched: [...matched],
    score: rank.score,
    scoreParts: { terms: rank.terms, similarity: rank.similarity, recency: rank.recency },
  };
}

/** The snippet with its matches in «…», for terminals and logs. */
export function markSnippet(hit: Pick<SearchHit, 'snippet' | 'marks'>, open = '«', close = '»'): string {
  let out = '';
  let at = 0;
  for (const [s, e] of hit.marks) {
    out += hit.snippet.slice(at, s) + open + hit.snippet.slice(s, e) + close;
    at = e;
  }
  return out + hit.snippet.slice(at);
}
