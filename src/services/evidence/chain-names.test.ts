/** Chains matched by name in any language through data/glossary/chains.yaml, on the seeds' own phrases. */
import { describe, expect, it } from 'vitest';
import { findEntities } from '../../domain/figures/entities.ts';
import { extractFigures } from '../../domain/figures/extract.ts';
import { chainGazetteer, glossary } from './glossary.ts';

const chains = chainGazetteer([
  { code: 'hydrogen-energy', names: ['氢能产业链', 'Hydrogen energy chain'] },
  { code: 'fireworks', names: ['烟花爆竹产业链', 'Fireworks chain'] },
  { code: 'construction-machinery', names: ['工程机械产业链', 'Construction machinery chain'] },
]);
const chainIn = (sentence: string) =>
  findEntities(sentence, chains)
    .filter((m) => m.kind === 'chain')
    .map((m) => m.code);

describe('chains by name in five languages', () => {
  it('the seeds’ chain phrases name the workspace’s chains (seed-002, seed-003)', () => {
    expect(
      chainIn(
        'forming a complete fireworks industry chain and promoting the development of fireworks industry',
      ),
    ).toEqual(['fireworks']);
    expect(
      chainIn(
        'the main economic indicators of the construction machinery industry chain reached the best level in history',
      ),
    ).toEqual(['construction-machinery']);
    expect(
      chainIn(
        "Axée sur toute la chaîne industrielle de l'hydrogène, la zone de haute technologie de Jinshan introduit des projets",
      ),
    ).toEqual(['hydrogen-energy']);
    expect(chainIn('湖北省氢能产业链加快发展')).toEqual(['hydrogen-energy']);
    expect(chainIn('تطوير سلسلة صناعة الهيدروجين')).toEqual(['hydrogen-energy']);
    expect(chainIn('развитието на веригата за водород')).toEqual(['hydrogen-energy']);
  });
  it('a subject alone is no chain: "l’énergie à l’hydrogène" (seed-003)', () => {
    expect(
      chainIn("la zone de haute technologie de Jinshan se concentre sur l'énergie à l'hydrogène"),
    ).toEqual([]);
  });
  it('a chain’s figure is about the chain ("the hydrogen chain’s output value"; constructed: no seed states one)', () => {
    const [fact] = extractFigures(
      "In 2024, Lijiang's hydrogen chain had an output value of 1.5 billion yuan.",
      {
        language: 'en',
        gazetteer: [...glossary().places, ...chains],
        metricCues: glossary().metricCues,
        defaultEntity: { kind: 'region', code: '530700' },
      },
    );
    expect(fact).toMatchObject({
      value: 1.5e9,
      period: '2024',
      entity: { kind: 'chain', code: 'hydrogen-energy' },
      metric: 'output_value',
    });
  });
});
