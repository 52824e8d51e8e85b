/**
 * Acceptance: on the five seeds, the extractor finds ≥ 90 % of the figures the demo workspace holds from
 * each — entity, metric, period and value after normalization, in the sentence the demo quotes — and
 * every demo figure's quote lies inside a sentence the extractor proposed a fact from, at the offsets it
 * reports. Prints recall at each level and precision per seed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { GazetteerEntry } from '../src/domain/figures/entities.ts';
import { extractFigures, type ProposedFact } from '../src/domain/figures/extract.ts';
import { inferDocumentYear } from '../src/domain/figures/periods.ts';
import { chainGazetteer, glossary } from '../src/services/evidence/glossary.ts';

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
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The service's gazetteer (src/services/evidence/documents.ts loadGazetteer): every Chinese region of
// data/reference/regions-cn.csv, the glossary's other forms, the demo's parks and clusters, the chains.
const regions: GazetteerEntry[] = readFileSync(new URL('data/reference/regions-cn.csv', root), 'utf8')
  .split('\n')
  .slice(1)
  .map((line) => line.split(','))
  .filter(([code]) => !!code)
  .map(([code, , , nameZh, nameEn]) => ({
    kind: 'region' as const,
    code: String(code),
    names: [nameZh, nameEn].filter((n): n is string => !!n),
  }));
const gazetteer: GazetteerEntry[] = [
  ...glossary().places,
  ...regions,
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
  // The workspace's chains by name in five languages, as the service's gazetteer has them.
  ...chainGazetteer(
    readdirSync(new URL('data/chains/', root))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => {
        const c = parse(readFileSync(new URL(`data/chains/${f}`, root), 'utf8')) as Record<string, string>;
        return { code: String(c.code), names: [String(c.name_zh), String(c.name_en)] };
      }),
  ),
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
    it(`${doc.code} (${doc.language}): recall ≥ 90 % of the demo figures (entity, metric, period, value)`, () => {
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
      const full = found('metric');
      const missed = rows.filter((r) => !full.includes(r));
      const useful = facts.filter((f) => rows.some((r) => matches(f, r, 'metric')));
      const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)} %`;
      // What the extractor proposed in a missed figure's sentence, to read why it missed.
      const proposedFor = (r: Record<string, unknown>) =>
        facts
          .filter((f) => matches(f, r, 'value'))
          .map((f) => `${f.metric} ${f.entity?.code} ${f.period}`)
          .join(' | ');
      console.log(
        `${doc.code} ${doc.language}: ${rows.length} demo figures; value+sentence recall ${pct(found('value').length, rows.length)}; ` +
          `entity+period+value recall ${pct(found('tuple').length, rows.length)}; with metric ${pct(full.length, rows.length)}; ` +
          `precision ${pct(useful.length, facts.length)} (${facts.length} proposed)` +
          (missed.length
            ? `\n  missed: ${missed.map((r) => `${r.metric} ${r.entity_code} ${r.period ?? r.due_period} ${r.value} ${r.unit} (proposed: ${proposedFor(r)})`).join('; ')}`
            : ''),
      );
      expect(full.length / rows.length).toBeGreaterThanOrEqual(0.9);
      // Every demo figure's quote lies in a sentence the extractor proposed a fact from: found in the
      // document's text (whitespace-tolerant), inside [sentenceStart, sentenceEnd) of a proposed fact
      // whose sentence is that slice of the text.
      for (const r of rows) {
        const words = String(r.quote).trim().split(/\s+/).map(escapeRegExp);
        const at = new RegExp(words.join('\\s+'), 'u').exec(text);
        expect(at, `quote not in ${doc.file}: ${r.quote}`).not.toBeNull();
        const start = at!.index;
        const end = start + at![0].length;
        const source = facts.find(
          (f) =>
            f.sentenceStart <= start &&
            end <= f.sentenceEnd &&
            text.slice(f.sentenceStart, f.sentenceEnd) === f.sentence,
        );
        expect(source, String(r.quote)).toBeDefined();
      }
    });
  }
});

/** Entity rules found while measuring recall with the service's gazetteer, each on its seed sentence. */
describe('entity rules on seed sentences (the service gazetteer: all Chinese regions)', () => {
  const entityOf = (text: string, figure: string, language: 'en' | 'fr', region: string) => {
    const facts = extractFigures(text, {
      language,
      gazetteer,
      metricCues: glossary().metricCues,
      defaultEntity: { kind: 'region', code: region },
      documentYear: language === 'fr' ? 2025 : 2019,
    });
    const fact = facts.find((f) => f.text.startsWith(figure));
    if (!fact) throw new Error(`no figure ${figure}`);
    return `${fact.entity?.kind}:${fact.entity?.code}`;
  };
  it('a region that only locates the subject yields to it: "… Town of Liuyang City", "… in Guangdong", "… de Shanghai"', () => {
    expect(
      entityOf(
        'The market share of the characteristic fireworks industry in Dayao Fireworks Town of Liuyang City was 27.8%, an increase of 10.32% compared with last year;',
        '27.8%',
        'en',
        '430000',
      ),
    ).toBe('park:HN-DAYAO-FIREWORKS-TOWN');
    expect(
      entityOf(
        "The casting output of precision casting town in Jiahe County accounts for more than 40% of the casting output in our province, and Jiahe's casting enterprises in Guangdong occupy 30% of the market share in the Pearl River Delta region.",
        '30%',
        'en',
        '430000',
      ),
    ).toBe('region:431024');
    expect(
      entityOf(
        "La zone de haute technologie de Jinshan collaborera avec l'Université Tongji et la Bourse de l'hydrogène de Shanghai pour promouvoir la coopération dans le domaine des technologies de l'hydrogène et les projets pilotes d'échange de crédits carbone, en prévision d'attirer des investissements de 200 millions de yuans provenant d'entreprises basées à Shanghai.",
        '200',
        'fr',
        '530700',
      ),
    ).toBe('park:LJ-JINSHAN');
  });
  it('"du parc" with no park named before in the paragraph is the park the next sentence names (seed-003)', () => {
    const paragraph =
      "1. La structure industrielle des parcs est monotone, avec des chaînes industrielles courtes et une faible résistance aux risques. En 2024, sous l'effet de la baisse des prix du silicium monocristallin, la croissance des recettes du parc a été de -42 %, se classant au 16e rang dans la province. Bien que le parc de Huaping ait introduit des projets tels que le silicium monocristallin LONGi et les creusets en quartz, il manque de liens en aval.";
    // The paragraph before ends naming Yulong (a county and a park): it does not carry over.
    const text = `Promouvoir la révision des plans généraux des parcs industriels de Yongsheng et de Yulong.\n\n${paragraph}`;
    expect(entityOf(text, '-42', 'fr', '530700')).toBe('park:LJ-HUAPING');
    expect(entityOf(text, '16', 'fr', '530700')).toBe('park:LJ-HUAPING');
  });
  it('"the park" after the region is named in the paragraph stays the region (seed-002)', () => {
    const text =
      'Hunan focuses on the main and special industries with distinctive characteristics.At present, the park has become a bearing platform for 20 emerging advantageous industrial chains, and has formed 15 billion industrial clusters such as construction machinery. Small and medium-sized aero-engines in Zhuzhou High-tech Zone Small and Medium Aeroengine Characteristic Park lead.';
    expect(entityOf(text, '20', 'en', '430000')).toBe('region:430000');
  });
});
