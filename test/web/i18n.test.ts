/** Every label exists in every language (issue 7): a key missing or left empty in one fails here. */
import { describe, expect, it } from 'vitest';
import { FEATURE_MESSAGES } from '../../web/src/i18n/features.ts';
import { LOCALES, MESSAGES, RTL_LOCALES } from '../../web/src/i18n/locales.ts';
import { en } from '../../web/src/i18n/messages/en.ts';

describe('message files', () => {
  const keys = Object.keys(MESSAGES.en).sort();
  it.each(LOCALES)('%s has every key of en, each with text, and no other key', (locale) => {
    const messages = MESSAGES[locale] as Record<string, string>;
    expect(Object.keys(messages).sort()).toEqual(keys);
    expect(keys.filter((k) => !messages[k]?.trim())).toEqual([]);
  });
  it.each(LOCALES)('%s keeps the placeholders of en', (locale) => {
    const messages = MESSAGES[locale] as Record<string, string>;
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const wrong = keys.filter(
      (k) =>
        JSON.stringify(placeholders(messages[k] ?? '')) !==
        JSON.stringify(placeholders((MESSAGES.en as Record<string, string>)[k] ?? '')),
    );
    expect(wrong).toEqual([]);
  });
  it("no page's own label key repeats a shared key or another page's", () => {
    const seen = new Set(Object.keys(en));
    const repeated: string[] = [];
    for (const feature of FEATURE_MESSAGES as readonly { en: Record<string, string> }[]) {
      for (const key of Object.keys(feature.en)) {
        if (seen.has(key)) repeated.push(key);
        seen.add(key);
      }
    }
    expect(repeated).toEqual([]);
  });
  it('Arabic is the right-to-left language', () => {
    expect([...RTL_LOCALES]).toEqual(['ar']);
  });
});
