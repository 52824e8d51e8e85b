/** Goal statements, each from a seed sentence: proposed as targets in the review queue. */
import { describe, expect, it } from 'vitest';
import { isTargetStatement } from './targets.ts';

describe('a figure stated as a goal', () => {
  it('"by 2027, the industrial scale is expected to reach 7 trillion yuan" is a target (seed-004)', () => {
    const s =
      'by 2027, the industrial scale is expected to reach 7 trillion yuan and the service sector 4 trillion yuan';
    expect(isTargetStatement(s, s.indexOf('7 trillion'))).toBe(true);
    expect(isTargetStatement('by 2030, these figures are projected to rise to 10 trillion yuan')).toBe(true);
  });
  it('"en prévision d\'attirer des investissements de 200 millions de yuans" is a target (seed-003)', () => {
    const s =
      "La zone de haute technologie de Jinshan collaborera avec l'Université Tongji, en prévision d'attirer des investissements de 200 millions de yuans provenant d'entreprises basées à Shanghai.";
    expect(isTargetStatement(s, s.indexOf('200'))).toBe(true);
  });
  it('"湖北勾勒产业倍增“施工图” 目标五年工业规模达10万亿级" is a target (seed-004 headline)', () => {
    const s = '湖北勾勒产业倍增“施工图” 目标五年工业规模达10万亿级';
    expect(isTargetStatement(s, s.indexOf('10'))).toBe(true);
  });
  it('achieved values are not: "През 2025 г. БВП на Puyang достигна 210,6 милиарда юана" (seed-000)', () => {
    const s = 'През 2025 г. БВП на Puyang достигна 210,6 милиарда юана (30,4 милиарда долара).';
    expect(isTargetStatement(s, s.indexOf('210'))).toBe(false);
    const f =
      'En 2024, la valeur de la production industrielle totale des entreprises de taille désignée a atteint 18,842 milliards de yuans.';
    expect(isTargetStatement(f, f.indexOf('18,842'))).toBe(false);
  });
});
