/**
 * Acceptance: on the five seeds, the extractor finds ≥ 90 % of the figures the demo workspace holds from
 * each (entity, period, value after normalization, in the sentence the demo quotes), and every demo
 * figure's quote lies in a sentence the extractor proposed a fact from. Prints recall and precision per seed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { GazetteerEntry } from '../src/domain/figures/entities.ts';
import { extractFigures, type ProposedFact } from '../src/domain/figures/extract.ts';
import { inferDocumentYear } from '../src/domain/figures/periods.ts';
import { glossary } from '../src/services/evidence/glossary.ts';

const root = new URL('../', import.meta.url);
const yamlRows = (file: string) =>
  (parse(readFileSync(new URL(file, root), 'utf8')) as { rows: Record<string, unknown>[] }).rows;

// The unit table of data/reference/units.csv: any alias → factor to the base unit.
const unitTable = new Map<string, { base: string; factor: number }>();
for (const line of readFileSync(new URL('data/reference/units.csv', root), 'utf8').split('\n').slice(1)) {
  const [code, , base, factor, nameZh, nameEn, aliases] = line.split(',');
  if (!code || !base) continue;
  for (const n of [code, nameZh, nameEn, ...(aliases ?? '').split('|')])
    if (n) unitTable.set(n.toLowerCase(), { base, factor: Number(factor) });
}
const toBase = (value: number, unit: string) => {
  const u =
    unitTable.get(unit.toLowerCase()) ?? (unit === 'm3/day' ? unitTable.get('m3_per_day') : undefined);
  if (!u) throw new Error(`unit ${unit} not in units.csv`);
  return { value: value * u.factor, base: u.base };
};
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

const gazetteer: GazetteerEntry[] = [
  ...glossary().places,
  ...yamlRows('data/demo/02-parks.yaml').map((p) => ({
    kind: 'park' as const,
    code: String(p.code),
    names: [String(p.name_zh), String(p.name_en)],
  })),
  ...yamlRows('data/demo/03-clusters.yaml').map((c) => ({
    kind: 'cluster' as const,
    code: String(c.code),
    names: [String(c.name_zh), String(c.name_en ?? c.name_zh)],
  })),
];
const documents = yamlRows('data/demo/00-documents.yaml');
const figures = [
  ...yamlRows('data/demo/06-indicators.yaml'),
  ...yamlRows('data/demo/07-targets.yaml'),
].filter(
  // A figure the demo derived (its note says so) is not stated in the text, so no extractor can find it.
  (r) => !String(r.note ?? '').startsWith('Derived'),
);

function matches(fact: ProposedFact, row: Record<string, unknown>, level: 'value' | 'tuple' | 'metric') {
  const want = toBase(Number(row.value), String(row.unit));
  const got = toBase(fact.value, fact.unit);
  if (want.base !== got.base || Math.abs(want.value - got.value) > 1e-9 * Math.max(1, Math.abs(want.value)))
    return false;
  const quote = squash(String(row.quote));
  const sentence = squash(fact.sentence);
  if (!sentence.includes(quote.slice(0, 40)) && !quote.includes(sentence.slice(0, 40))) return false;
  if (level === 'value') return true;
  const period = String(row.period ?? row.due_period);
  if (
    fact.period !== period ||
    fact.entity?.kind !== row.entity_kind ||
    fact.entity?.code !== String(row.entity_code)
  )
    return false;
  return level === 'tuple' || fact.metric === row.metric;
}

describe('figure extraction on the five seeds', () => {
  for (const doc of documents) {
    it(`${doc.code} (${doc.language}): recall ≥ 90 % of the demo figures`, () => {
      const text = readFileSync(new URL(`data/demo/${doc.file}`, root), 'utf8');
      const facts = extractFigures(text, {
        language: doc.language as 'zh',
        gazetteer,
        metricCues: glossary().metricCues,
        defaultEntity: { kind: 'region', code: String(doc.region_code) },
        documentMonth: doc.published_on ? String(doc.published_on).slice(0, 7) : null,
        documentYear: doc.published_on
          ? Number(String(doc.published_on).slice(0, 4))
          : inferDocumentYear(text),
      });
      const rows = figures.filter((r) => r.source === doc.code);
      const found = (level: 'value' | 'tuple' | 'metric') =>
        rows.filter((r) => facts.some((f) => matches(f, r, level)));
      const tuple = found('tuple');
      const missed = rows.filter((r) => !tuple.includes(r));
      const useful = facts.filter((f) => rows.some((r) => matches(f, r, 'tuple')));
      const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)} %`;
      console.log(
        `${doc.code} ${doc.language}: ${rows.length} demo figures; value+sentence recall ${pct(found('value').length, rows.length)}; ` +
          `entity+period+value recall ${pct(tuple.length, rows.length)}; with metric ${pct(found('metric').length, rows.length)}; ` +
          `precision ${pct(useful.length, facts.length)} (${facts.length} proposed)` +
          (missed.length
            ? `\n  missed: ${missed.map((r) => `${r.metric} ${r.entity_code} ${r.period ?? r.due_period} ${r.value} ${r.unit}`).join('; ')}`
            : ''),
      );
      expect(tuple.length / rows.length).toBeGreaterThanOrEqual(0.9);
      // Every demo figure's quote lies in a sentence the extractor proposed a fact from.
      for (const r of rows) {
        const quote = squash(String(r.quote)).slice(0, 40);
        expect(
          facts.some(
            (f) =>
              squash(f.sentence).includes(quote) ||
              squash(String(r.quote)).includes(squash(f.sentence).slice(0, 40)),
          ),
          String(r.quote),
        ).toBe(true);
      }
    });
  }
});
