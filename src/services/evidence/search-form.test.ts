import { describe, expect, it } from 'vitest';
import { searchForm, searchPattern } from './search-form.ts';

const like = (text: string, term: string) => {
  const re = new RegExp(
    `^${searchPattern(term)
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/%/g, '.*')}$`,
    'su',
  );
  return re.test(searchForm(text));
};

describe('search form', () => {
  it('finds a two-character Chinese word inside a run (seed-004 style text)', () => {
    expect(searchForm('发展氢能产业')).toBe('  发展 展氢 氢能 能产 产业  ');
    expect(like('金山高新区发展氢能产业', '氢能')).toBe(true);
    expect(like('金山高新区发展氢能产业', '氢能产业')).toBe(true);
    expect(like('金山高新区发展氢产能业', '氢能')).toBe(false);
  });
  it('leaves other scripts lower-cased', () => {
    expect(like("l'énergie à l'Hydrogène vert", 'hydrogène')).toBe(true);
    expect(like('изпомпва водород в превозно средство', 'Водород')).toBe(true);
  });
});
