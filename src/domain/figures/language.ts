/**
 * Language detection by script, then by stop words for the Latin-script languages (English, French):
 * Han → zh, Arabic → ar, Cyrillic → bg. Used for a document whose language is not given, and per
 * sentence, because the seeds mix them (a Chinese page with an English summary).
 */
import type { Language } from './numerals.ts';

const FRENCH = /\b(?:le|la|les|des|du|de|et|est|une|dans|pour|avec|sur|qui|que|au|aux)\b/giu;
const ENGLISH = /\b(?:the|of|and|is|in|to|with|for|on|that|by|was|were|has|have)\b/giu;

export function detectLanguage(text: string): Language | null {
  const sample = text.slice(0, 20000);
  const han = (sample.match(/\p{Script=Han}/gu) ?? []).length;
  const arabic = (sample.match(/\p{Script=Arabic}/gu) ?? []).length;
  const cyrillic = (sample.match(/\p{Script=Cyrillic}/gu) ?? []).length;
  const latin = (sample.match(/\p{Script=Latin}/gu) ?? []).length;
  const max = Math.max(han * 2, arabic, cyrillic, latin);
  if (max === 0) return null;
  // A Chinese character carries about a word, so it counts double against alphabetic letters.
  if (max === han * 2) return 'zh';
  if (max === arabic) return 'ar';
  if (max === cyrillic) return 'bg';
  const fr = (sample.match(FRENCH) ?? []).length;
  const en = (sample.match(ENGLISH) ?? []).length;
  return fr > en ? 'fr' : 'en';
}

/** A sentence's language: its own script decides; Latin text in a zh/ar/bg document is read as English. */
export function sentenceLanguage(sentence: string, documentLanguage: Language): Language {
  const detected = detectLanguage(sentence);
  if (!detected) return documentLanguage;
  if (detected === 'en' || detected === 'fr') {
    return documentLanguage === 'en' || documentLanguage === 'fr' ? documentLanguage : detected;
  }
  return detected;
}
