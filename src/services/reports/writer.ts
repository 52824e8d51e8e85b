/**
 * Puts the report model into one language: phrases from the dictionary, numbers and dates formatted by
 * the locale's own rules (Intl: grouping, decimal sign, digits, compact "bn"/"亿"/"Md" for money).
 */
import { DICTIONARIES, type ReportKey, type ReportLanguage, RTL_LANGUAGES } from './dictionary.ts';
import type { Cell, FigureKind, Name, Param, Phrase } from './report-model.ts';

export interface Writer {
  lang: ReportLanguage;
  rtl: boolean;
  t(phrase: Phrase | string): string;
  figure(value: number | null, kind: FigureKind, unit?: string): string;
  date(iso: string): string;
  cell(cell: Cell): string;
  name(n: Name): string;
}

export function writerFor(lang: ReportLanguage): Writer {
  const dict = DICTIONARIES[lang];
  const word = (key: string) => dict[key as ReportKey] ?? key;
  const integer = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const compact = new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const dates = new Intl.DateTimeFormat(lang, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });

  const figure = (value: number | null, kind: FigureKind, unit?: string): string => {
    if (value === null || Number.isNaN(value)) return '—';
    switch (kind) {
      case 'count':
        return Number.isInteger(value) ? integer.format(value) : decimal.format(value);
      case 'yuan':
        return `${Math.abs(value) >= 10_000 ? compact.format(value) : decimal.format(value)} ${word('unit.yuan')}`;
      case 'mu':
        return `${decimal.format(value)} ${word('unit.mu')}`;
      case 'ha':
        return `${decimal.format(value)} ha`;
      case 'share':
        return percent.format(value);
      case 'percent':
        return percent.format(value / 100);
      default:
        return unit ? `${decimal.format(value)} ${unit}` : decimal.format(value);
    }
  };

  const param = (p: Param): string => {
    if (typeof p === 'string') return p;
    if (typeof p === 'number') return integer.format(p);
    if ('fig' in p) return figure(p.fig, p.kind);
    if ('name_zh' in p) return name(p);
    if ('join' in p) return p.items.map(param).join(p.join);
    return t(p);
  };

  const name = (n: Name) => (lang === 'zh-CN' ? n.name_zh : (n.name_en ?? n.name_zh));

  function t(phrase: Phrase | string): string {
    const { key, params } = typeof phrase === 'string' ? { key: phrase, params: undefined } : phrase;
    return word(key).replace(/\{(\w+)\}/g, (whole, name: string) =>
      params && name in params ? param(params[name]!) : whole,
    );
  }

  return {
    lang,
    rtl: RTL_LANGUAGES.has(lang),
    t,
    figure,
    name,
    date: (iso) => dates.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)),
    cell(cell) {
      switch (cell.type) {
        case 'text':
          return cell.text;
        case 'phrase':
          return t(cell.phrase);
        case 'name':
          return `${cell.prefix ?? ''}${name(cell.name)}`;
        case 'date':
          return cell.value ? dates.format(new Date(`${cell.value.slice(0, 10)}T00:00:00Z`)) : '—';
        default:
          return figure(cell.value, cell.kind, cell.unit);
      }
    },
  };
}
