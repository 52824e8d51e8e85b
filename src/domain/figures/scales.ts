/**
 * Scale words that multiply the numeral before them, in the five languages of the seeds:
 * 万/亿 (10⁴/10⁸), thousand/million/billion/trillion, mille/million/milliard, хиляди/милиона/милиарда,
 * ألف/مليون/مليار. Longest alternatives first so 万亿 wins over 万 and "milliards" over "million".
 */
export interface ScaleWord {
  pattern: string;
  factor: number;
}

export const SCALE_WORDS: ScaleWord[] = [
  { pattern: '万亿', factor: 1e12 },
  { pattern: '亿', factor: 1e8 },
  { pattern: '万', factor: 1e4 },
  { pattern: 'trillions?|tn\\b', factor: 1e12 },
  { pattern: 'billions?|bn\\b', factor: 1e9 },
  { pattern: 'millions?|mln\\b|mn\\b', factor: 1e6 },
  { pattern: 'thousands?', factor: 1e3 },
  { pattern: 'milliards?|billions? de', factor: 1e9 },
  { pattern: 'mille', factor: 1e3 },
  { pattern: 'трилиона|трилион', factor: 1e12 },
  { pattern: 'милиарда|милиард|млрд\\.?', factor: 1e9 },
  { pattern: 'милиона|милион|млн\\.?', factor: 1e6 },
  { pattern: 'хиляди|хил\\.', factor: 1e3 },
  { pattern: 'تريليون', factor: 1e12 },
  { pattern: 'مليارات|مليار', factor: 1e9 },
  { pattern: 'ملايين|مليون', factor: 1e6 },
  { pattern: 'آلاف|ألف', factor: 1e3 },
];

/** Finds the scale word at the start of `text` (after spaces); returns its factor and length. */
export function readScale(text: string): { factor: number; length: number; word: string } | null {
  const lead = /^[\s\u00a0]*/.exec(text)?.[0].length ?? 0;
  const rest = text.slice(lead);
  for (const scale of SCALE_WORDS) {
    const m = new RegExp(`^(?:${scale.pattern})`, 'iu').exec(rest);
    if (m) return { factor: scale.factor, length: lead + m[0].length, word: m[0] };
  }
  return null;
}
