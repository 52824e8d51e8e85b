/**
 * The guessed metric of a figure: the glossary's metric cues (data/glossary/metrics.yaml — words for
 * each metric in the five languages) matched in the figure's sentence, among the metrics whose kind
 * fits the figure (a growth rate, a share, an amount of money, a count …). In order:
 *
 * 1. a cue in the figure's own phrase — the words right after it up to the next figure or clause break —
 *    names what it measures: "20 ключови вериги", "42 sous-éléments", "3,76 milliards de yuans en
 *    incitations", "80% of the national market share"; of several, the one reaching furthest
 *    ("258 millions de yuans d'investissement dans les immobilisations industrielles");
 * 2. else the nearest cue before the figure ("The market share of … was 27.8%"), a cue after the
 *    figure's phrase counting as farther away.
 *
 * Lists read with "respectively" (`metricsInOrder`) are resolved by the extractor.
 */
export type FigureKind =
  | 'growth'
  | 'share'
  | 'money'
  | 'count'
  | 'area'
  | 'money_per_area'
  | 'pp'
  | 'days'
  | 'volume_rate'
  | 'vehicles';

export interface MetricCue {
  metric: string;
  kind: FigureKind;
  /** Regular-expression sources, case-insensitive; any language. */
  cues: string[];
}

/** Where the figure lies in its sentence; `next` is where the sentence's next figure starts. */
export interface FigureSpan {
  start: number;
  end: number;
  next?: number;
}

interface CueHit {
  metric: string;
  start: number;
  end: number;
}

const compiled = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let re = compiled.get(source);
  if (!re) {
    // Latin and Cyrillic cues start at a word start: "rang" is no cue inside "arrangement".
    const wordStart = /^[\p{Script=Latin}\p{Script=Cyrillic}]/u.test(source)
      ? '(?<![\\p{Script=Latin}\\p{Script=Cyrillic}])'
      : '';
    re = new RegExp(`${wordStart}(?:${source})`, 'giu');
    compiled.set(source, re);
  }
  return re;
}

function cueHits(sentence: string, kind: FigureKind, cues: readonly MetricCue[]): CueHit[] {
  const hits: CueHit[] = [];
  for (const cue of cues) {
    if (cue.kind !== kind) continue;
    for (const source of cue.cues)
      for (const m of sentence.matchAll(regex(source)))
        hits.push({ metric: cue.metric, start: m.index, end: m.index + m[0].length });
  }
  return hits;
}

/**
 * The end of a figure's own phrase: the next figure, a clause break (punctuation, or "and the" / "et
 * la" starting a new subject: "7 trillion yuan and the service sector 4 trillion yuan"), at most 80
 * characters on.
 */
const PHRASE_BREAK = /[,;:，；。、،؛()（）!?]|\s(?:and|et|и)\s+(?:the|la|le|les|l['’]|un|une)\s/iu;
const SECOND_NOUN = /\s(?:and|et|и)\s+(?:d['’]|de|des|du|of|от|на)/giu;

export function phraseEnd(sentence: string, figure: FigureSpan): number {
  const limit = Math.min(figure.next ?? sentence.length, sentence.length, figure.end + 80);
  const m = PHRASE_BREAK.exec(sentence.slice(figure.end, limit));
  return m ? figure.end + m.index : limit;
}

/** The metric a cue in the figure's own phrase names: the nearest, the longer of two at one place. */
export function phraseMetric(
  sentence: string,
  figure: FigureSpan,
  kind: FigureKind,
  cues: readonly MetricCue[],
): string | null {
  return ownPhraseMetric(sentence, figure, cueHits(sentence, kind, cues));
}

function ownPhraseMetric(sentence: string, figure: FigureSpan, hits: readonly CueHit[]): string | null {
  const own = phraseEnd(sentence, figure);
  // The cue reaching furthest into the phrase describes the most of it: "4 entreprises ayant des droits
  // d'importation et d'exportation" counts import-export enterprises, not enterprises; of two ending
  // together, the longer.
  // A conjunction opening a second noun ("24 écoles professionnelles et d'entreprises") ends the
  // figure's noun, unless a cue spans it ("droits d'importation et d'exportation").
  let inPhrase = hits.filter((h) => h.start >= figure.end && h.end <= own);
  for (const m of sentence.slice(figure.end, own).matchAll(SECOND_NOUN)) {
    const at = figure.end + m.index;
    if (!inPhrase.some((h) => h.start <= at && h.end > at)) {
      inPhrase = inPhrase.filter((h) => h.start < at);
      break;
    }
  }
  inPhrase.sort((a, b) => b.end - a.end || a.start - b.start);
  return inPhrase[0]?.metric ?? null;
}

export function guessMetric(
  sentence: string,
  figure: FigureSpan,
  kind: FigureKind,
  cues: readonly MetricCue[],
): string | null {
  const hits = cueHits(sentence, kind, cues);
  const own = ownPhraseMetric(sentence, figure, hits);
  if (own) return own;
  // 2. Before the figure: distance; after its phrase: distance plus a penalty (names usually come first).
  let best: { metric: string; score: number } | null = null;
  for (const h of hits) {
    const distance = h.end <= figure.start ? figure.start - h.end : h.start - figure.start + 30;
    const score = distance - (h.end - h.start) / 4;
    if (!best || score < best.score) best = { metric: h.metric, score };
  }
  return best?.metric ?? null;
}

/**
 * The metrics named in `text`, in their order, one per place (the longest cue where several overlap),
 * for "A, B and C rose by 2.7 %, 18.8 % and 56 % respectively".
 */
export function metricsInOrder(text: string, kind: FigureKind, cues: readonly MetricCue[]): string[] {
  const hits = cueHits(text, kind, cues).sort(
    (a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: CueHit[] = [];
  for (const h of hits) if (!kept.some((k) => h.start < k.end && h.end > k.start)) kept.push(h);
  kept.sort((a, b) => a.start - b.start);
  const metrics: string[] = [];
  for (const h of kept) if (metrics[metrics.length - 1] !== h.metric) metrics.push(h.metric);
  return metrics;
}
