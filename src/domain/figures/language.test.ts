import { describe, expect, it } from 'vitest';
import { detectLanguage, sentenceLanguage } from './language.ts';

describe('language detection', () => {
  it('tells the five languages of the seeds apart', () => {
    expect(detectLanguage('湖北勾勒产业倍增“施工图” 目标五年工业规模达10万亿级')).toBe('zh');
    expect(detectLanguage('وصل حجم تجارة تصدير السيارات في خنان إلى 23 مليار يوان')).toBe('ar');
    expect(detectLanguage('Индустриалните инвестиции са се увеличили с 23,9%')).toBe('bg');
    expect(detectLanguage('La zone de haute technologie de Jinshan a investi 25 millions de yuans')).toBe(
      'fr',
    );
    expect(detectLanguage('In 2019, 144 industrial parks in Hunan achieved a total income')).toBe('en');
  });
  it('reads an English sentence in a Chinese document as English', () => {
    expect(sentenceLanguage('The "Action Plan" outlines seven major actions', 'zh')).toBe('en');
  });
});
