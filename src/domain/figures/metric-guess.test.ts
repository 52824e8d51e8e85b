/** Metric guessing rules, each with the seed sentence it was drawn from (data/glossary/metrics.yaml cues). */
import { describe, expect, it } from 'vitest';
import { glossary } from '../../services/evidence/glossary.ts';
import { findChangeCue } from './changes.ts';
import { type ExtractContext, extractFigures } from './extract.ts';

const context = (language: ExtractContext['language'], more: Partial<ExtractContext> = {}) => ({
  language,
  documentYear: 2025,
  metricCues: glossary().metricCues,
  gazetteer: glossary().places,
  ...more,
});
const metrics = (text: string, language: ExtractContext['language'], more: Partial<ExtractContext> = {}) =>
  extractFigures(text, context(language, more)).map((f) => [f.text, f.metric]);

describe('metric guess: the figure’s own phrase names what it counts', () => {
  it('"шест … клъстера и 20 ключови вериги" (seed-000): each count takes the noun after it', () => {
    expect(
      metrics(
        'тази трансформация е съсредоточена върху развитието на шест големи индустриални клъстера и 20 ключови вериги за доставки.',
        'bg',
      ),
    ).toEqual([
      ['шест', 'clusters_count'],
      ['20', 'key_chains_count'],
    ]);
  });
  it('"23 principaux et 42 sous-éléments" (seed-003)', () => {
    expect(
      metrics(
        'Les parcs de la ville ont cumulativement pris en charge 23 principaux et 42 sous-éléments de délégation de pouvoir aux niveaux provincial, municipal et comté.',
        'fr',
      ),
    ).toEqual([
      ['23', 'delegated_powers_main_count'],
      ['42', 'delegated_powers_sub_count'],
    ]);
  });
  it('"seven major actions with 21 key tasks" (seed-004)', () => {
    expect(
      metrics(
        'The "Action Plan" outlines seven major actions with 21 key tasks aimed at enhancing industrial competitiveness.',
        'en',
      ),
    ).toEqual([
      ['seven', 'actions_count'],
      ['21', 'key_tasks_count'],
    ]);
  });
  it('the cue reaching furthest into the phrase wins; a second noun after "et d\'" does not (seed-003)', () => {
    expect(
      metrics(
        "Il y a un total de 502 entités commerciales dans les parcs industriels de la ville, dont 14 entreprises de haute technologie, 4 entreprises ayant des droits d'importation et d'exportation, 3 petites et moyennes entreprises « spécialisées, raffinées, uniques et innovantes » et 6 petites et moyennes entreprises innovantes.",
        'fr',
      ),
    ).toEqual([
      ['502', 'business_entities_count'],
      ['14', 'high_tech_enterprises_count'],
      ['4', 'import_export_enterprises_count'],
      ['3', 'srdi_sme_count'],
      ['6', 'innovative_sme_count'],
    ]);
    expect(
      metrics(
        "Le parc Huaping a créé un consortium municipal d'industrie-éducation pour les industries à forte intensité d'énergie propre, intégrant les ressources de 24 écoles professionnelles et d'entreprises, et embauchant plus de 10 ingénieurs seniors en tant que « mentors industriels ».",
        'fr',
      ),
    ).toEqual([
      ['24', 'consortium_vocational_schools_count'],
      ['10', 'industrial_mentors_count'],
    ]);
  });
  it('money and areas: "258 millions de yuans d\'investissement dans les immobilisations industrielles", "156,64 mu … cédées" (seed-003)', () => {
    expect(
      metrics(
        "En 2024, elle a réalisé un investissement de 419 millions de yuans, avec un taux de croissance de 35,2 %, dont 258 millions de yuans d'investissement dans les immobilisations industrielles.",
        'fr',
      ),
    ).toEqual([
      ['419 millions de yuans', 'investment'],
      ['35,2 %', 'investment_growth'],
      ['258 millions de yuans', 'industrial_fixed_asset_investment'],
    ]);
    expect(
      metrics(
        'La zone de haute technologie de Jinshan a investi 25 millions de yuans pour achever la construction de 398 mu de « terres standardisées » dans la région de Dongshan, avec 156,64 mu de « terres standardisées » cédées en 2024.',
        'fr',
      ).slice(1),
    ).toEqual([
      ['398 mu', 'standard_land_area'],
      ['156,64 mu', 'standard_land_sold_area'],
    ]);
  });
  it('"the first batch of six characteristic industrial towns were awarded" (seed-002)', () => {
    expect(
      metrics('In April 2019, the first batch of six characteristic industrial towns were awarded.', 'en'),
    ).toEqual([['six', 'characteristic_towns_awarded_count']]);
  });
  it('shares: "80% of the national market share", "40% of the casting output" (seed-002)', () => {
    expect(
      metrics(
        "The casting output of precision casting town in Jiahe County accounts for more than 40% of the casting output in our province, and Jiahe's casting enterprises in Guangdong occupy 30% of the market share in the Pearl River Delta region.",
        'en',
      ),
    ).toEqual([
      ['40%', 'output_share'],
      ['30%', 'market_share'],
    ]);
    expect(
      metrics(
        'The industrial concentration of the parks in the province reached 69.7%, the concentration of leading industries reached 60.8%, the tax output intensity per unit area was 99,000 yuan/mu.',
        'en',
      ),
    ).toEqual([
      ['69.7%', 'industrial_concentration'],
      ['60.8%', 'leading_industry_concentration'],
      ['99,000 yuan/mu', 'tax_per_mu'],
    ]);
  });
});

describe('metric guess: lists read with "respectively"', () => {
  it('as many metrics named before the list map in order (seed-003)', () => {
    expect(
      metrics(
        "De janvier à mai, la valeur de la production industrielle totale, la valeur ajoutée industrielle et le nombre d'entreprises industrielles de taille désignée ont augmenté de 2,7 %, 18,8 % et 56 % en glissement annuel, respectivement.",
        'fr',
      ),
    ).toEqual([
      ['2,7 %', 'industrial_output_value_growth'],
      ['18,8 %', 'industrial_value_added_growth'],
      ['56 %', 'above_size_enterprises_count_growth'],
    ]);
  });
  it('subjects that name no metric: every figure takes the metric after the list (seed-002)', () => {
    expect(
      metrics(
        'Small and medium-sized aero-engines and industrial gas turbines occupy 90% and 50% of the domestic market share respectively.',
        'en',
      ),
    ).toEqual([
      ['90%', 'market_share'],
      ['50%', 'market_share'],
    ]);
  });
  it('"these figures … respectively": the previous clause’s metrics in order (seed-004)', () => {
    const facts = extractFigures(
      'by 2027, the industrial scale is expected to reach 7 trillion yuan and the service sector 4 trillion yuan; by 2030, these figures are projected to rise to 10 trillion yuan and 5 trillion yuan respectively.',
      context('en'),
    );
    expect(facts.map((f) => [f.value, f.period, f.metric])).toEqual([
      [7e12, '2027', 'industrial_scale'],
      [4e12, '2027', 'services_scale'],
      [10e12, '2030', 'industrial_scale'],
      [5e12, '2030', 'services_scale'],
    ]);
  });
});

describe('entity, period and kind rules found while measuring metrics', () => {
  it('"enterprises" holds no change cue "rise": "occupy 30%" is a share (seed-002)', () => {
    const s = "and Jiahe's casting enterprises in Guangdong occupy 30% of the market share";
    expect(findChangeCue(s, s.indexOf('30%'), 60)).toBeNull();
    expect(findChangeCue('an increase of 10.32%', 15, 60)).toMatchObject({ direction: 1 });
  });
  it('"la ville compte quatre zones …" is about the document’s city, not the park listed after (seed-003)', () => {
    const [fact] = extractFigures(
      'Actuellement, la ville compte quatre zones de développement de niveau provincial : le parc industriel de Huaping dans le Yunnan, la zone de développement industriel de haute technologie de Jinshan à Lijiang.',
      context('fr', { defaultEntity: { kind: 'region', code: '530700' } }),
    );
    expect(fact).toMatchObject({
      value: 4,
      entity: { kind: 'region', code: '530700' },
      metric: 'parks_count',
    });
  });
  it('a plan after past figures takes the document’s year, not the past year in force (seed-003)', () => {
    const facts = extractFigures(
      "En 2024, il a réalisé un investissement de 2,2 milliards de yuans. La zone de haute technologie de Jinshan collaborera avec l'Université Tongji, en prévision d'attirer des investissements de 200 millions de yuans provenant d'entreprises basées à Shanghai.",
      context('fr'),
    );
    expect(facts.map((f) => [f.value, f.period, f.metric])).toEqual([
      [2.2e9, '2024', 'investment'],
      [200e6, '2025', 'investment_attracted'],
    ]);
  });
  it('a figure of "le plan d\'action triennal" takes the span stated for that plan elsewhere (seed-003)', () => {
    const text =
      "En se concentrant sur le plan d'action triennal pour la revitalisation des zones de développement dans la province du Yunnan, avec les « sept actions spéciales » comme levier, nous avons encore amélioré les garanties politiques.\n\nL'économie des parcs industriels est considérée comme le « moteur » de la croissance économique, et le plan d'action triennal pour la revitalisation des zones de développement (2023-2025) est mis en œuvre de manière stable.";
    const [fact] = extractFigures(text, context('fr'));
    expect(fact).toMatchObject({ value: 7, period: '2023..2025', metric: 'special_actions_count' });
    // A span of another length is no three-year plan's: the year in force stays.
    const [other] = extractFigures(text.replace('(2023-2025)', '(2023-2026)'), context('fr'));
    expect(other).toMatchObject({ value: 7, period: '2025' });
  });
});
