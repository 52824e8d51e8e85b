import type { I18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';

/** Units the API stores values in, with the message that names each (others are shown as given). */
const UNIT_LABELS: Record<string, MessageKey> = {
  ha: 'unit.ha',
  mu: 'unit.mu',
  'yuan/mu': 'unit.yuan_per_mu',
  vehicle: 'unit.vehicle',
  day: 'unit.day',
  pp: 'unit.pp',
  'm3/d': 'unit.m3_per_day',
};

/**
 * A stored figure in the reader's language: money as yuan in the locale's compact notation (亿 in
 * Chinese, млрд. in Bulgarian), shares as percentages, counts as plain numbers.
 */
export function formatFigure(i18n: I18n, value: number, unit: string): string {
  switch (unit) {
    case 'yuan':
      return i18n.number(value, {
        style: 'currency',
        currency: 'CNY',
        notation: Math.abs(value) >= 1e5 ? 'compact' : 'standard',
        maximumFractionDigits: Math.abs(value) >= 1e5 ? 2 : 0,
      });
    case 'usd':
      return i18n.number(value, {
        style: 'currency',
        currency: 'USD',
        notation: 'compact',
        maximumFractionDigits: 2,
      });
    case 'percent':
      return i18n.number(value / 100, { style: 'percent', maximumFractionDigits: 2 });
    case 'count':
      return i18n.number(value);
    default: {
      const label = UNIT_LABELS[unit];
      return `${i18n.number(value, { maximumFractionDigits: 2 })} ${label ? i18n.t(label) : unit}`;
    }
  }
}

export function formatArea(i18n: I18n, value: number | null, unit: 'ha' | 'mu'): string {
  if (value === null) return '—';
  return `${i18n.number(value, { maximumFractionDigits: 2 })} ${i18n.t(unit === 'ha' ? 'unit.ha' : 'unit.mu')}`;
}
