/**
 * The relevance of a passage to a search (docs/evidence.md "Search relevance"), at most 9 points:
 *
 *   matched terms, ≤ 6 — 3 if the query as typed occurs in the passage; + 2 × min(occurrences of any of
 *                        the query's forms — the typed one and its glossary translations —, 4) / 4;
 *                        + 1 × the share of the query's words that occur;
 *   trigram similarity, ≤ 2 — 2 × the share of the typed query's trigrams (pg_trgm's: each word padded
 *                        with two spaces before and one after; words are runs of letters and digits) found among the passage's; a form close
 *                        to the typed one ("hydrogen" for "hydrogène") earns part of it;
 *   recency, ≤ 1      — 1 / (1 + the document's age in years at `today`); an undated document 0.
 *
 * Everything is compared in the search form (search-form.ts: lower-cased, Chinese as bigrams), where a
 * form occurs exactly where it occurs in the original text. Pure: the caller gives the date.
 */
import { searchForm } from './search-form.ts';

export interface RelevanceQuery {
  /** The query's search form as typed. */
  typed: string;
  /** The search forms of all the query's terms (typed and expanded). */
  forms: string[];
  /** The search forms of the query's words. */
  words: string[];
  /** The typed query's trigrams. */
  trigrams: Set<string>;
}

export interface Relevance {
  score: number;
  terms: number;
  similarity: number;
  recency: number;
}

const form = (text: string) => searchForm(text).trim().replace(/\s+/g, ' ');

const NOT_WORD = /[^\p{L}\p{N}]+/u;
const paddedWords = (text: string) =>
  text
    .split(NOT_WORD)
    .filter(Boolean)
    .map((w) => `  ${w} `)
    .join('');

/** pg_trgm's trigrams of a text: each word (a run of letters and digits) as "  word " cut in threes. */
export function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of text.split(NOT_WORD)) {
    if (!word) continue;
    const chars = [...`  ${word} `];
    for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(''));
  }
  return out;
}

export function relevanceQuery(query: string, terms: readonly string[]): RelevanceQuery {
  const typed = form(query);
  const words = [
    ...new Set(
      query
        .trim()
        .toLowerCase()
        .split(/\s+/)
        .filter((w) => w.length >= 2),
    ),
  ].map(form);
  return {
    typed,
    forms: [...new Set([typed, ...terms.map(form)])].filter(Boolean),
    words: words.length ? words : [typed],
    trigrams: trigrams(typed),
  };
}

function occurrences(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0 && needle; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function relevance(
  passage: string,
  publishedOn: string | null,
  query: RelevanceQuery,
  today: Date,
): Relevance {
  const text = form(passage);
  const hits = query.forms.reduce((n, f) => n + occurrences(text, f), 0);
  const covered = query.words.filter((w) => text.includes(w)).length / query.words.length;
  const terms = 3 * (text.includes(query.typed) ? 1 : 0) + (2 * Math.min(hits, 4)) / 4 + covered;
  // A trigram of the query is among the passage's exactly when it occurs in the passage's words written
  // as "  word " one after another (no pg_trgm trigram spans two such words).
  const padded = paddedWords(text);
  let common = 0;
  for (const t of query.trigrams) if (padded.includes(t)) common++;
  const similarity = query.trigrams.size ? (2 * common) / query.trigrams.size : 0;
  let recency = 0;
  if (publishedOn) {
    const years = Math.max(0, (today.getTime() - Date.parse(publishedOn)) / (365.25 * 86_400_000));
    recency = 1 / (1 + years);
  }
  return {
    score: round(terms + similarity + recency),
    terms: round(terms),
    similarity: round(similarity),
    recency: round(recency),
  };
}
