import { describe, expect, it } from 'vitest';
import { AnalyticsInputError } from './input-error.ts';
import { columnOf, longToPanel, marginTotals, matrix, rowOf } from './matrix.ts';

function thrown(fn: () => unknown): AnalyticsInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AnalyticsInputError) return error;
    throw error;
  }
  throw new Error('expected an AnalyticsInputError');
}

describe('longToPanel', () => {
  it('builds one dense locations × products matrix per period with sorted codes; a missing pair is 0', () => {
    const panel = longToPanel({
      time: [2020, 2019, 2020, 2100],
      location: ['b', 'a', 'a', 'b'],
      product: ['0011', '0011', '7', '7'],
      value: [5, 1, 2, 3],
    });
    // Numeric periods sort as numbers (2100 after 2020, not between "20…" strings); codes as text.
    expect(panel.periods).toEqual(['2019', '2020', '2100']);
    expect(panel.locations).toEqual(['a', 'b']);
    expect(panel.products).toEqual(['0011', '7']);
    expect(panel.productIndex.get('7')).toBe(1);
    expect([...panel.values[0]!.data]).toEqual([1, 0, 0, 0]);
    expect([...panel.values[1]!.data]).toEqual([0, 2, 5, 0]);
    expect([...panel.values[2]!.data]).toEqual([0, 0, 0, 3]);
  });

  it('accepts a single code for all rows and dictionary-encoded columns', () => {
    const panel = longToPanel({
      time: '2000',
      location: { dictionary: ['x', 'y'], index: Int32Array.of(1, 0, 1) },
      product: { dictionary: [10, '10', 20], index: Uint8Array.of(0, 1, 2) },
      value: Float64Array.of(1, 2, 3),
    });
    expect(panel.periods).toEqual(['2000']);
    // 10 and '10' are the same code once printed.
    expect(panel.products).toEqual(['10', '20']);
    expect([...panel.values[0]!.data]).toEqual([2, 0, 1, 3]);
  });

  it('refuses a negative value, naming the row', () => {
    const error = thrown(() =>
      longToPanel({ location: ['a', 'a', 'b'], product: ['p', 'q', 'p'], value: [1, 2, -3] }),
    );
    expect(error.problem).toBe('negative-value');
    expect(error.rows).toEqual([2]);
    expect(error.message).toMatch(/row 2: value -3 for \(, b, p\) is negative/);
  });

  it('refuses NaN and infinite values', () => {
    expect(thrown(() => longToPanel({ location: ['a'], product: ['p'], value: [Number.NaN] })).problem).toBe(
      'not-a-number',
    );
    expect(
      thrown(() => longToPanel({ location: ['a'], product: ['p'], value: [Number.POSITIVE_INFINITY] }))
        .problem,
    ).toBe('not-a-number');
  });

  it('refuses a duplicate (time, location, product) by default, naming both rows', () => {
    const error = thrown(() =>
      longToPanel({
        time: [1, 1, 2, 1],
        location: ['a', 'b', 'a', 'a'],
        product: ['p', 'p', 'p', 'p'],
        value: [1, 2, 3, 4],
      }),
    );
    expect(error.problem).toBe('duplicate-row');
    expect(error.rows).toEqual([0, 3]);
    expect(error.message).toContain('rows 0 and 3 both give (1, a, p)');
  });

  it('adds duplicates up with duplicates: sum, keeps the first with duplicates: first (py-ecomplexity)', () => {
    const table = { location: ['a', 'a', 'a'], product: ['p', 'p', 'q'], value: [1, 4, 2] };
    expect([...longToPanel(table, { duplicates: 'sum' }).values[0]!.data]).toEqual([5, 2]);
    expect([...longToPanel(table, { duplicates: 'first' }).values[0]!.data]).toEqual([1, 2]);
  });

  it('treats a zero-valued row as a row when looking for duplicates', () => {
    expect(
      thrown(() => longToPanel({ location: ['a', 'a'], product: ['p', 'p'], value: [0, 1] })).problem,
    ).toBe('duplicate-row');
  });

  it('refuses columns of different lengths and an empty table', () => {
    expect(thrown(() => longToPanel({ location: ['a'], product: ['p', 'q'], value: [1, 2] })).problem).toBe(
      'shape-mismatch',
    );
    expect(thrown(() => longToPanel({ location: [], product: [], value: [] })).problem).toBe('empty-input');
  });
});

describe('matrix helpers', () => {
  it('reads rows, columns and margins', () => {
    const m = matrix(2, 3, Float64Array.of(1, 2, 3, 4, 5, 6));
    expect([...rowOf(m, 1)]).toEqual([4, 5, 6]);
    expect([...columnOf(m, 2)]).toEqual([3, 6]);
    const { rowTotals, colTotals } = marginTotals(m);
    expect([...rowTotals]).toEqual([6, 15]);
    expect([...colTotals]).toEqual([5, 7, 9]);
    expect(thrown(() => matrix(2, 2, new Float64Array(3))).problem).toBe('shape-mismatch');
  });
});
