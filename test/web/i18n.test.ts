/** Every label exists in every language (issue 7): a key missing or left empty in one fails here. */
import { describe, expect, it } from 'vitest';
import { LOCALES, MESSAGES, RTL_LOCALES } from '../../web/src/i18n/locales.ts';
import { en } from '../../web/src/i18n/messages/en.ts';

describe('message files', () => {
  const keys = Object.keys(en).sort();
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
        JSON.stringify(placeholders(en[k as keyof typeof en])),
    );
    expect(wrong).toEqual([]);
  });
  it('Arabic is the right-to-left language', () => {
    expect([...RTL_LOCALES]).toEqual(['ar']);
  });
});
