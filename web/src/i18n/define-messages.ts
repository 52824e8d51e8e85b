/**
 * A page's own labels, in all five languages, kept beside the page (web/src/<feature>/messages.ts) rather
 * than in the shared message files, so pages can grow without touching each other's files. The type makes
 * a key missing in one language a compile error; test/web/i18n.test.ts checks the text is not empty.
 */
export type FeatureLocale = 'zh-CN' | 'en' | 'fr' | 'ar' | 'bg';

export type FeatureMessages<E extends Record<string, string>> = { en: E } & Record<
  Exclude<FeatureLocale, 'en'>,
  Record<keyof E, string>
>;

export function defineMessages<const E extends Record<string, string>>(
  messages: FeatureMessages<E>,
): FeatureMessages<E> {
  return messages;
}
