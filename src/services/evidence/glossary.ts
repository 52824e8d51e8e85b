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

let cache: {
  places: GazetteerEntry[];
  metricCues: MetricCue[];
  terms: GlossaryTerm[];
  chains: ChainNames[];
} | null = null;

/** A chain's subject in each language and whole names as written (data/glossary/chains.yaml). */
interface ChainNames {
  chain: string;
  en?: string[];
  fr?: string[];
  zh?: string[];
  bg?: string[];
  ar?: string[];
  names?: string[];
}

/** Each language's chain phrases around a subject ("hydrogen" → "hydrogen chain", "chain of hydrogen" …). */
const CHAIN_PHRASES: Record<'en' | 'fr' | 'zh' | 'bg' | 'ar', ((s: string) => string)[]> = {
  en: [
    (s) => `${s} chain`,
    (s) => `${s} industry chain`,
    (s) => `${s} industrial chain`,
    (s) => `${s} supply chain`,
    (s) => `chain of ${s}`,
  ],
  fr: [(s) => `chaîne ${s}`, (s) => `chaîne industrielle ${s}`, (s) => `filière ${s}`],
  zh: [(s) => `${s}产业链`, (s) => `${s}链`],
  bg: [
    (s) => `верига за ${s}`,
    (s) => `веригата за ${s}`,
    (s) => `верига на ${s}`,
    (s) => `веригата на ${s}`,
  ],
  ar: [(s) => `سلسلة ${s}`, (s) => `سلسلة صناعة ${s}`],
};

/**
 * The chains of the workspace as gazetteer entries: their own names (name_zh, name_en) and the names
 * data/glossary/chains.yaml builds in the five languages, so "the hydrogen chain", "la chaîne
 * industrielle de l'hydrogène", "氢能产业链" and "водородната верига" all name hydrogen-energy.
 */
export function chainGazetteer(
  chains: readonly { code: string; names: readonly string[] }[],
): GazetteerEntry[] {
  const byCode = new Map(glossary().chains.map((c) => [c.chain, c]));
  return chains.map((chain) => {
    const row = byCode.get(chain.code);
    const names = new Set(chain.names.filter(Boolean));
    if (row) {
      for (const language of ['en', 'fr', 'zh', 'bg', 'ar'] as const)
        for (const subject of row[language] ?? [])
          for (const phrase of CHAIN_PHRASES[language]) names.add(phrase(subject));
      for (const name of row.names ?? []) names.add(name);
    }
    return { kind: 'chain' as const, code: chain.code, names: [...names] };
  });
}

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
      chains: rows<ChainNames>('chains.yaml'),
    };
  }
  return cache;
}
