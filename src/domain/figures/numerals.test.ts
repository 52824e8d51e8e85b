import { describe, expect, it } from 'vitest';
import { asciiDigits, parseChineseNumeral, parseDigits } from './numerals.ts';

describe('numerals', () => {
  it('reads decimal commas in French and Bulgarian, thousands commas in English', () => {
    expect(parseDigits('210,6', 'bg')).toBe(210.6);
    expect(parseDigits('18,842', 'fr')).toBe(18.842);
    expect(parseDigits('99,000', 'en')).toBe(99000);
    expect(parseDigits('1,173.51', 'en')).toBe(1173.51);
    expect(parseDigits('156,64', 'en')).toBe(156.64);
    expect(parseDigits('20 000', 'fr')).toBe(20000);
  });
  it('maps full-width and Arabic-Indic digits and the Arabic percent sign, keeping offsets', () => {
    expect(asciiDigits('１２３')).toBe('123');
    expect(asciiDigits('٨٧٫٧٪')).toBe('87.7%');
    expect(asciiDigits('87.7٪').length).toBe('87.7٪'.length);
  });
  it('reads Chinese numerals', () => {
    expect(parseChineseNumeral('七')).toBe(7);
    expect(parseChineseNumeral('二十一')).toBe(21);
    expect(parseChineseNumeral('一千二百')).toBe(1200);
    expect(parseChineseNumeral('十')).toBe(10);
  });
});
