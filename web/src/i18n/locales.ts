import { FEATURE_MESSAGES } from './features.ts';
import { ar } from './messages/ar.ts';
import { bg } from './messages/bg.ts';
import { en, type MessageKey } from './messages/en.ts';
import { fr } from './messages/fr.ts';
import { zhCN } from './messages/zh-CN.ts';

export const LOCALES = ['zh-CN', 'en', 'fr', 'ar', 'bg'] as const;
export type Locale = (typeof LOCALES)[number];

const BASE_MESSAGES = { 'zh-CN': zhCN, en, fr, ar, bg };
/** Each language's labels: the shared set plus every page's own set (features.ts). */
export const MESSAGES = Object.fromEntries(
  LOCALES.map((locale) => [
    locale,
    Object.assign({}, BASE_MESSAGES[locale], ...FEATURE_MESSAGES.map((feature) => feature[locale])),
  ]),
) as Record<Locale, Record<MessageKey, string>>;
/** Each language named in itself, for the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = {
  'zh-CN': '中文',
  en: 'English',
  fr: 'Français',
  ar: 'العربية',
  bg: 'Български',
};
export const RTL_LOCALES: ReadonlySet<Locale> = new Set<Locale>(['ar']);

export function isLocale(value: string | null): value is Locale {
  return value !== null && (LOCALES as readonly string[]).includes(value);
}
