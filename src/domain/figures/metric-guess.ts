/**
 * The guessed metric of a figure: the glossary's metric cues (data/glossary/metrics.yaml — words for
 * each metric in the five languages) matched in the figure's clause, nearest before the figure first,
 * among the metrics whose kind fits the figure (a growth rate, a share, an amount of money, a count …).
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

export function guessMetric(
  sentence: string,
  position: number,
  kind: FigureKind,
  cues: readonly MetricCue[],
): string | null {
  let best: { metric: string; score: number } | null = null;
  for (const cue of cues) {
    if (cue.kind !== kind) continue;
    for (const source of cue.cues) {
      const re = new RegExp(source, 'giu');
      for (const m of sentence.matchAll(re)) {
        // Before the figure: distance; after it: distance plus a penalty (names usually come first,
        // but "84 ceramic enterprises", "600 شركة" name the thing after the count).
        const distance =
          m.index + m[0].length <= position ? position - (m.index + m[0].length) : m.index - position + 30;
        const score = distance - m[0].length / 4;
        if (!best || score < best.score) best = { metric: cue.metric, score };
      }
    }
  }
  return best?.metric ?? null;
}
