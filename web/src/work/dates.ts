import type { Locale } from '../i18n/locales.ts';

/** A day (YYYY-MM-DD) or instant from the API in the reader's calendar notation; '—' when unknown. */
export function formatDay(locale: Locale, value: string | null, withTime = false): string {
  if (!value) return '—';
  const date = new Date(withTime ? value : `${String(value).slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : { timeZone: 'UTC' }),
  }).format(date);
}
