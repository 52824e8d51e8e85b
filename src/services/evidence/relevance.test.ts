/** The stated relevance score on passages of the seeds (docs/evidence.md "Search relevance"). */
import { describe, expect, it } from 'vitest';
import { relevance, relevanceQuery, trigrams } from './relevance.ts';
import { expandQuery } from './search.ts';

const today = new Date('2025-07-08');
const jinshan =
  "La zone de haute technologie de Jinshan collabore avec l'Université Tongji et la Bourse de l'hydrogène de Shanghai pour promouvoir la coopération technologique dans le domaine de l'hydrogène.";

describe('search relevance', () => {
  it('pg_trgm trigrams: each word padded with two spaces before and one after', () => {
    expect([...trigrams('氢能')]).toEqual(['  氢', ' 氢能', '氢能 ']);
    expect(trigrams('cat').size).toBe(4);
  });
  it('matched terms: the typed query (3), occurrences of its forms (2 × min(n, 4) / 4), its words (1)', () => {
    const q = relevanceQuery('hydrogène', expandQuery('hydrogène'));
    const r = relevance(jinshan, '2025-07-08', q, today);
    // "hydrogène" twice: 3 + 2 × 2/4 + 1 = 5; all its trigrams present: 2; published today: 1.
    expect(r).toEqual({ score: 8, terms: 5, similarity: 2, recency: 1 });
  });
  it('a passage found through a translation earns less: no typed match, part of the trigrams', () => {
    const q = relevanceQuery('hydrogène', expandQuery('hydrogène'));
    const english = relevance(
      'Hydrogen energy is among the 20 key chains, with Sinopec Zhongyuan Oilfield hydrogen production.',
      '2025-07-08',
      q,
      today,
    );
    expect(english.terms).toBe(1); // two occurrences of "hydrogen", no typed form, no typed word
    expect(english.similarity).toBeGreaterThan(0.9);
    expect(english.similarity).toBeLessThan(2);
    expect(english.score).toBeLessThan(relevance(jinshan, '2025-07-08', q, today).score);
  });
  it('a Chinese query is compared as bigrams: 氢能 in 发展氢能产业', () => {
    const q = relevanceQuery('氢能', expandQuery('氢能'));
    const r = relevance('湖北省发展氢能产业，建设氢能产业链。', null, q, today);
    expect(r).toEqual({ score: 7, terms: 5, similarity: 2, recency: 0 });
  });
  it('recency: 1 / (1 + age in years); undated 0', () => {
    const q = relevanceQuery('Jinshan', ['jinshan']);
    expect(relevance(jinshan, '2024-07-08', q, today).recency).toBeCloseTo(0.5, 2);
    expect(relevance(jinshan, null, q, today).recency).toBe(0);
  });
});
