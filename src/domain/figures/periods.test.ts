import { describe, expect, it } from 'vitest';
import { findPeriods, inferDocumentYear } from './periods.ts';

const codes = (s: string, year: number | null = 2025) => findPeriods(s, year).map((p) => p.code);

describe('periods in the seeds', () => {
  it('reads years, year-to-dates, months and spans', () => {
    expect(codes('През 2025 г. БВП на Puyang достигна')).toEqual(['2025']);
    expect(codes('De janvier à mai, la valeur')).toEqual(['2025-YTD05']);
    expect(codes('خلال الأرباع الثلاثة الأولى من العام الحالي', 2024)).toEqual(['2024-YTD09']);
    expect(codes("D'ici mai 2025, les quatre parcs")).toEqual(['2025-05']);
    expect(codes('In October of the same year, the second batch', 2019)).toEqual(['2019-10']);
    expect(codes('Une période de cinq ans (2024-2029)')).toEqual(['2024..2029']);
    expect(codes('Depuis 2023, un montant cumulé')).toEqual(['2023..2025']);
    expect(codes('2025年1-5月')).toEqual(['2025-YTD05']);
  });
  it('infers a document year from the latest year it reports, not its targets', () => {
    expect(
      inferDocumentYear('by 2027, 7 trillion; by 2030, 10 trillion; Chang Jiang Shang Bao· 2025-05-01'),
    ).toBe(2025);
  });
});
