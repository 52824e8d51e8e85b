import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { isLocale, LOCALES, type Locale, MESSAGES, RTL_LOCALES } from './locales.ts';
import type { MessageKey } from './messages/en.ts';

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  /** A number in the locale's digits and separators. */
  number: (value: number, options?: Intl.NumberFormatOptions) => string;
  /** Names from the API come in Chinese and English: Chinese for zh-CN, English otherwise. */
  name: (zh: string | null | undefined, en: string | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = 'chainatlas.locale';

function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLocale(stored)) return stored;
  for (const wanted of navigator.languages ?? []) {
    const match = LOCALES.find((l) => l === wanted || l.split('-')[0] === wanted.split('-')[0]);
    if (match) return match;
  }
  return 'en';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLocaleState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = RTL_LOCALES.has(locale) ? 'rtl' : 'ltr';
  }, [locale]);
  const value = useMemo<I18n>(() => {
    const messages = MESSAGES[locale];
    const formats = new Map<string, Intl.NumberFormat>();
    return {
      locale,
      setLocale,
      t: (key, values) =>
        messages[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
          values && name in values ? String(values[name]) : whole,
        ),
      number: (value, options) => {
        const id = JSON.stringify(options ?? {});
        let format = formats.get(id);
        if (!format) {
          format = new Intl.NumberFormat(locale, options);
          formats.set(id, format);
        }
        return format.format(value);
      },
      name: (zh, en) => (locale === 'zh-CN' ? zh || en || '' : en || zh || ''),
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
