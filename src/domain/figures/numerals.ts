/**
 * Numerals as the seeds write them: ASCII, full-width (１２３) and Arabic-Indic (١٢٣ / ۱۲۳) digits, comma or
 * space thousands separators, decimal commas (French, Bulgarian: "210,6") and the Arabic decimal
 * separator (٫), Chinese numerals (七, 一千二百, 两) and the small number words officials spell out
 * ("six", "quatre", "шест", "seven").
 */
export type Language = 'zh' | 'en' | 'fr' | 'ar' | 'bg';

/** Maps full-width and Arabic-Indic digits and separators to ASCII, keeping the string's length. */
export function asciiDigits(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0xff10 && c <= 0xff19) out += String.fromCharCode(c - 0xff10 + 48);
    else if (c >= 0x0660 && c <= 0x0669) out += String.fromCharCode(c - 0x0660 + 48);
    else if (c >= 0x06f0 && c <= 0x06f9) out += String.fromCharCode(c - 0x06f0 + 48);
    else if (ch === '٫' || ch === '．') out += '.';
    else if (ch === '٬') out += ',';
    else if (ch === '％' || ch === '٪') out += '%';
    else out += ch;
  }
  return out;
}

/**
 * Reads a digit string with separators. A comma is a decimal comma in French and Bulgarian, and in any
 * language when it is not followed by exactly three digits ("156,64"); otherwise it separates thousands
 * ("99,000", "1,173.51"). Spaces (also no-break) separate thousands ("20 000").
 */
export function parseDigits(raw: string, language: Language): number | null {
  const text = asciiDigits(raw).replace(/[\s\u00a0\u202f]/g, '');
  if (!/^[+\-−]?\d[\d.,]*$/.test(text)) return null;
  const sign = /^[-−]/.test(text) ? -1 : 1;
  const body = text.replace(/^[+\-−]/, '');
  const commas = (body.match(/,/g) ?? []).length;
  const dots = (body.match(/\./g) ?? []).length;
  let normalized: string;
  if (commas && dots) {
    // Whichever comes last is the decimal separator: "1,173.51" or "1.173,51".
    normalized =
      body.lastIndexOf(',') > body.lastIndexOf('.')
        ? body.replace(/\./g, '').replace(',', '.')
        : body.replace(/,/g, '');
  } else if (commas) {
    const thousands = /^\d{1,3}(,\d{3})+$/.test(body);
    const decimalComma = language === 'fr' || language === 'bg' || !thousands;
    if (decimalComma && commas === 1) normalized = body.replace(',', '.');
    else if (thousands) normalized = body.replace(/,/g, '');
    else return null;
  } else if (dots > 1) {
    if (!/^\d{1,3}(\.\d{3})+$/.test(body)) return null;
    normalized = body.replace(/\./g, '');
  } else normalized = body;
  const value = Number(normalized);
  return Number.isFinite(value) ? sign * value : null;
}

const CHINESE_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CHINESE_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

export const CHINESE_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千';

/** Reads a Chinese numeral below 10 000 ("七", "十", "二十一", "一千二百"); 万/亿 are scales, read apart. */
export function parseChineseNumeral(text: string): number | null {
  if (!text || ![...text].every((c) => c in CHINESE_DIGITS || c in CHINESE_UNITS)) return null;
  let total = 0;
  let digit: number | null = null;
  for (const ch of text) {
    if (ch in CHINESE_DIGITS) {
      digit = CHINESE_DIGITS[ch] ?? 0;
    } else {
      total += (digit ?? 1) * (CHINESE_UNITS[ch] ?? 1);
      digit = null;
    }
  }
  return total + (digit ?? 0);
}

/** Number words written out in the seeds ("six large clusters", "quatre zones", "шест", "seven"). */
export const NUMBER_WORDS: Record<Language, Record<string, number>> = {
  en: { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12 },
  fr: { deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10, douze: 12 },
  bg: { два: 2, две: 2, три: 3, четири: 4, пет: 5, шест: 6, седем: 7, осем: 8, девет: 9, десет: 10 },
  ar: { اثنين: 2, ثلاثة: 3, أربعة: 4, خمسة: 5, ستة: 6, سبعة: 7, ثمانية: 8, تسعة: 9, عشرة: 10 },
  zh: {},
};
