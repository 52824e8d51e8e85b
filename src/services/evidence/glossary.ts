/**
 * The glossary (data/glossary/*.yaml): place names in five languages for entity matching, metric cues
 * for guessing metrics, and domain terms for query expansion. Read once per process.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { GazetteerEntry } from '../../domain/figures/entities.ts';
import type { MetricCue } from '../../domain/figures/metric-guess.ts';

const GLOSSARY_DIR = fileURLToPath(new URL('../../../data/glossary/', import.meta.url));

function rows<T>(file: string): T[] {
  const doc = parse(readFileSync(GLOSSARY_DIR + file, 'utf8')) as { rows?: T[] };
  return doc.rows ?? [];
}

let cache: { places: GazetteerEntry[]; metricCues: MetricCue[]; terms: GlossaryTerm[] } | null = null;

/** One domain term with its names in the five languages; any of them expands to all of them. */
export interface GlossaryTerm {
  kind: 'chain' | 'node' | 'industry' | 'metric' | 'term';
  code: string;
  names: string[];
}

export function glossary() {
  if (!cache) {
    cache = {
      places: rows<GazetteerEntry>('places.yaml'),
      metricCues: rows<MetricCue>('metrics.yaml'),
      terms: rows<GlossaryTerm>('terms.yaml'),
    };
  }
  return cache;
}
