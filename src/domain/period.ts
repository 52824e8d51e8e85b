/**
 * Periods as officials write them: a year, a quarter, a month, a year-to-date ("January–May", 1–5月)
 * or a span of years (a three-year plan). Each parses to a canonical code and its first and last day,
 * so figures of different periods can be ordered and compared.
 */
export type PeriodKind = 'year' | 'quarter' | 'month' | 'ytd' | 'years' | 'day';

export interface Period {
  code: string;
  kind: PeriodKind;
  /** First day, 'YYYY-MM-DD'. */
  start: string;
  /** Last day, 'YYYY-MM-DD'. */
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const validYear = (y: number) => y >= 1900 && y <= 2200;

export const PERIOD_FORMATS = '2025, 2025Q3, 2025-05, 2025-YTD05 (Jan–May), 2023..2025, or 2025-06-26';

/** Parses a period; returns null when the text is none of the formats in PERIOD_FORMATS. */
export function parsePeriod(input: string | number): Period | null {
  const text = String(input).trim();
  let m = /^(\d{4})$/.exec(text);
  if (m) {
    const y = Number(m[1]);
    return validYear(y) ? { code: text, kind: 'year', start: `${y}-01-01`, end: `${y}-12-31` } : null;
  }
  m = /^(\d{4})-?Q([1-4])$/i.exec(text);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    if (!validYear(y)) return null;
    const endMonth = q * 3;
    return {
      code: `${y}Q${q}`,
      kind: 'quarter',
      start: `${y}-${pad(endMonth - 2)}-01`,
      end: `${y}-${pad(endMonth)}-${lastDay(y, endMonth)}`,
    };
  }
  m = /^(\d{4})-YTD(\d{1,2})$/i.exec(text);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (!validYear(y) || mo < 1 || mo > 12) return null;
    return {
      code: `${y}-YTD${pad(mo)}`,
      kind: 'ytd',
      start: `${y}-01-01`,
      end: `${y}-${pad(mo)}-${lastDay(y, mo)}`,
    };
  }
  m = /^(\d{4})-(\d{1,2})$/.exec(text);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (!validYear(y) || mo < 1 || mo > 12) return null;
    return {
      code: `${y}-${pad(mo)}`,
      kind: 'month',
      start: `${y}-${pad(mo)}-01`,
      end: `${y}-${pad(mo)}-${lastDay(y, mo)}`,
    };
  }
  m = /^(\d{4})\s*(?:\.\.|–|—)\s*(\d{4})$/.exec(text);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (!validYear(a) || !validYear(b) || b < a) return null;
    return { code: `${a}..${b}`, kind: 'years', start: `${a}-01-01`, end: `${b}-12-31` };
  }
  const day = parseDay(text);
  if (day) return { code: day, kind: 'day', start: day, end: day };
  return null;
}

/** Parses 'YYYY-MM-DD' (also 'YYYY/MM/DD'); returns the canonical form or null for impossible dates. */
export function parseDay(text: string): string | null {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (!validYear(y) || mo < 1 || mo > 12 || d < 1 || d > lastDay(y, mo)) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}
