/**
 * The form of a text that search matches against: lower-cased, with every run of Chinese characters
 * rewritten as its overlapping character bigrams separated by spaces ("发展氢能产业" → "发展 展氢 氢能 能产
 * 产业"), padded with spaces. Chinese has no spaces between words and a two-character word (氢能) has no
 * trigram of its own, so pg_trgm could not index it; as a space-delimited bigram it is a whole "word"
 * whose padded trigrams are indexed. The query term takes the same form, so a contiguous run of bigrams
 * in the text is exactly a substring of the original. Other scripts are only lower-cased.
 */
const HAN_RUN = /\p{Script=Han}+/gu;

function bigrams(run: string): string {
  const chars = [...run];
  if (chars.length < 2) return run;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out.join(' ');
}

export function searchForm(text: string): string {
  return ` ${text.toLowerCase().replace(HAN_RUN, (run) => ` ${bigrams(run)} `)} `;
}

/** The LIKE pattern of a query term against searchForm(text). */
export function searchPattern(term: string): string {
  const escaped = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
  const form = searchForm(term).trim().replace(/\s+/g, ' ');
  // A Chinese term is a sequence of whole bigram "words": bound it by spaces so pg_trgm pads and indexes it.
  const starts = /^\p{Script=Han}/u.test(form);
  const ends = /\p{Script=Han}$/u.test(form);
  return `%${starts ? ' ' : ''}${escaped(form)}${ends ? ' ' : ''}%`;
}
