/** Normalization on real forms from the seeds (issue 12's list), each from the sentence it came from. */
import { describe, expect, it } from 'vitest';
import { extractFigures } from './extract.ts';

const first = (text: string, language: 'zh' | 'en' | 'fr' | 'ar' | 'bg', figure: string) => {
  const fact = extractFigures(text, { language, documentYear: 2025 }).find((f) => f.text.startsWith(figure));
  if (!fact) throw new Error(`no fact ${figure} in ${text}`);
  return fact;
};

describe('figure normalization on the seeds', () => {
  it('"210,6 милиарда юана" = 210.6 × 10⁹ yuan (seed-000)', () => {
    const f = first(
      'През 2025 г. БВП на Puyang достигна 210,6 милиарда юана (30,4 милиарда долара), с темп на растеж от 5,6 процента.',
      'bg',
      '210,6',
    );
    expect(f).toMatchObject({ value: 210.6e9, unit: 'yuan', period: '2025', text: '210,6 милиарда юана' });
  });
  it('"5,6 процента" after "темп на растеж" is a growth rate (seed-000)', () => {
    const f = first(
      'През 2025 г. БВП на Puyang достигна 210,6 милиарда юана (30,4 милиарда долара), с темп на растеж от 5,6 процента.',
      'bg',
      '5,6',
    );
    expect(f).toMatchObject({ value: 5.6, unit: 'percent', kind: 'growth', change: 'rise' });
  });
  it('"18,842 milliards de yuans" = 18.842 × 10⁹ yuan (seed-003)', () => {
    const f = first(
      'En 2024, la valeur de la production industrielle totale des entreprises de taille désignée a atteint 18,842 milliards de yuans, contribuant à 64,59 %.',
      'fr',
      '18,842',
    );
    expect(f).toMatchObject({ value: 18.842e9, unit: 'yuan', period: '2024' });
  });
  it('"4.87 trillion yuan" = 4.87 × 10¹² yuan (seed-002)', () => {
    const f = first(
      'In 2019, 144 industrial parks in Hunan achieved a total income of 4.87 trillion yuan in technology, industry and trade.',
      'en',
      '4.87',
    );
    expect(f).toMatchObject({ value: 4.87e12, unit: 'yuan', period: '2019' });
  });
  it('"840 ألف" = 840 000, and "87.7٪" (Arabic percent sign) is a growth rate (seed-001)', () => {
    const text =
      'خلال الأرباع الثلاثة الأولى من العام الحالي، تمكنت شركات السيارات المتمركزة بمقاطعة خنان من بيع ما يقرب من 840 ألف سيارة، بزيادة قدرها 87.7٪، وهو أعلى بنسبة 25 نقطة مئوية من المستوى الوطني.';
    const facts = extractFigures(text, { language: 'ar', documentYear: 2024 });
    expect(facts.map((f) => [f.value, f.unit, f.kind, f.period])).toEqual([
      [840000, 'vehicle', 'vehicles', '2024-YTD09'],
      [87.7, 'percent', 'growth', '2024-YTD09'],
      [25, 'pp', 'pp', '2024-YTD09'],
    ]);
  });
  it('"99,000 yuan/mu" = 99 000 yuan per mu (seed-002)', () => {
    const f = first(
      'the tax output intensity per unit area was 99,000 yuan/mu, and the GDP per unit area was 845,200 yuan/mu.',
      'en',
      '99,000',
    );
    expect(f).toMatchObject({ value: 99000, unit: 'yuan_per_mu' });
  });
  it('"156,64 mu" = 156.64 mu (seed-003)', () => {
    const f = first(
      'La zone de haute technologie de Jinshan a investi 25 millions de yuans pour achever la construction de 398 mu de « terrains standards » dans la région de Dongshan, et 156,64 mu de « terrains standards » seront vendus en 2024.',
      'fr',
      '156,64',
    );
    expect(f).toMatchObject({ value: 156.64, unit: 'mu', period: '2024' });
  });
  it('a negative growth "-42 %" keeps its sign (seed-003)', () => {
    const f = first(
      "En 2024, sous l'effet de la baisse des prix du silicium monocristallin, la croissance des recettes du parc a été de -42 %, se classant au 16e rang dans la province.",
      'fr',
      '-42',
    );
    expect(f).toMatchObject({ value: -42, unit: 'percent', kind: 'growth' });
  });
  it('"10万亿" = 10 × 10¹² (Chinese scale, seed-004) and "七" reads as 7', () => {
    expect(first('目标五年工业规模达10万亿级', 'zh', '10万亿').value).toBe(10e12);
    expect(first('实施七大行动', 'zh', '七').value).toBe(7);
  });
  it('a list after one change cue shares it: "respectivement de 2,7 %, 18,8 % et 56 %" (seed-003)', () => {
    const text =
      "De janvier à mai, la valeur de la production industrielle totale, la valeur ajoutée industrielle et le nombre d'entreprises industrielles de taille désignée dans les parcs de la ville ont augmenté respectivement de 2,7 %, 18,8 % et 56 %.";
    const facts = extractFigures(text, { language: 'fr', documentYear: 2025 });
    expect(facts.map((f) => [f.value, f.kind, f.period])).toEqual([
      [2.7, 'growth', '2025-YTD05'],
      [18.8, 'growth', '2025-YTD05'],
      [56, 'growth', '2025-YTD05'],
    ]);
  });
  it('a change against a base year: "an increase of 27.3% over 2018" is 2019\'s (seed-002)', () => {
    const text =
      'In 2019, the total output value was 72.387 billion yuan. The tax revenue of characteristic industries was 1,173.51 million yuan, an increase of 27.3% over 2018.';
    const f = first(text, 'en', '27.3');
    expect(f).toMatchObject({ value: 27.3, changeBase: 'over 2018', period: '2019' });
    expect(first(text, 'en', '1,173.51')).toMatchObject({ value: 1173.51e6, unit: 'yuan' });
  });
  it('sentence and character offsets point at the figure in the document', () => {
    const text =
      'Intro line.\nИндустриалните инвестиции са се увеличили с 23,9%, а инвестициите в производството са нараснали с 20,1%.';
    const [a, b] = extractFigures(text, { language: 'bg', documentYear: 2025 });
    expect(text.slice(a!.start, a!.end)).toBe('23,9%');
    expect(text.slice(b!.start, b!.end)).toBe('20,1%');
    expect(text.slice(a!.sentenceStart, a!.sentenceEnd)).toBe(a!.sentence);
  });
  it('years, dates, list markers and phone numbers are not figures', () => {
    expect(extractFigures('+86 021 5155-0306', { language: 'fr' })).toEqual([]);
    expect(extractFigures('(3) Adhérer à des réformes.', { language: 'fr' })).toEqual([]);
    expect(extractFigures('12 نوفمبر 2024/صحيفة الشعب اليومية أونلاين/', { language: 'ar' })).toEqual([]);
  });
});
