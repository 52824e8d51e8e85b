import { describe, expect, it } from 'vitest';
import { copyCsv } from './copy-text.ts';

describe('copyCsv', () => {
  it('quotes strings, leaves null empty and keeps an empty string apart from null', () => {
    expect(copyCsv([[1, 'a,"b"', null, '', true, Number.NaN]])).toBe('1,"a,""b""",,"",t,NaN\n');
    expect(copyCsv([])).toBe('');
  });
});
