/**
 * Periods as the seeds state them, in the codes of src/domain/period.ts: a year ("2025 г.", "En 2024",
 * "2019年"), a year-to-date ("De janvier à mai", "January–May", "1-5月", "the first three quarters",
 * "الأرباع الثلاثة الأولى"), a month ("D'ici mai 2025", "In April 2019") or a span ("2024-2029").
 * A period without its year ("De janvier à mai", "October of the same year") takes the year in force:
 * the last one stated before it in the document, else the document's date.
 */
export interface PeriodMention {
  code: string;
  start: number;
  end: number;
  /** True when the year came from the context, not from the mention. */
  yearFromContext: boolean;
}

const MONTHS: [RegExp, number][] = [
  [/^(?:january|janvier|януари|يناير|كانون الثاني|jan\.?)$/iu, 1],
  [/^(?:february|février|февруари|فبراير)$/iu, 2],
  [/^(?:march|mars|март|مارس)$/iu, 3],
  [/^(?:april|avril|април|أبريل|ابريل)$/iu, 4],
  [/^(?:may|mai|май|مايو)$/iu, 5],
  [/^(?:june|juin|юни|يونيو)$/iu, 6],
  [/^(?:july|juillet|юли|يوليو)$/iu, 7],
  [/^(?:august|août|август|أغسطس)$/iu, 8],
  [/^(?:september|septembre|септември|سبتمبر)$/iu, 9],
  [/^(?:october|octobre|октомври|أكتوبر)$/iu, 10],
  [/^(?:november|novembre|ноември|نوفمبر)$/iu, 11],
  [/^(?:december|décembre|декември|ديسمبر)$/iu, 12],
];
const MONTH_WORD =
  'january|february|march|april|may|june|july|august|september|october|november|december|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|януари|февруари|март|април|май|юни|юли|август|септември|октомври|ноември|декември|يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر';

export function monthNumber(word: string): number | null {
  for (const [re, n] of MONTHS) if (re.test(word.trim())) return n;
  return null;
}

const pad = (n: number) => String(n).padStart(2, '0');
const YEAR = '(?:19|20)\\d{2}';

interface Rule {
  re: RegExp;
  read(m: RegExpExecArray, year: number | null): { code: string; fromContext: boolean } | null;
}

const ytd = (year: number | null, month: number, explicit: string | undefined) => {
  const y = explicit ? Number(explicit) : year;
  return y ? { code: `${y}-YTD${pad(month)}`, fromContext: !explicit } : null;
};

const RULES: Rule[] = [
  // "1-5月", "1至5月", "2025年1-5月"
  {
    re: new RegExp(`(?:(${YEAR})年)?1\\s*[-–—至~]\\s*(\\d{1,2})月`, 'gu'),
    read: (m, year) => ytd(year, Number(m[2]), m[1]),
  },
  // "January–May 2025", "De janvier à mai", "from January to May", "من يناير إلى مايو", "януари-май"
  {
    re: new RegExp(
      `(?:january|janvier|януари|يناير)\\s*(?:[-–—]|to|à|au|до|إلى|حتى)\\s*(?:la fin de |the end of |نهاية )?(${MONTH_WORD})(?:\\s+(?:de\\s+|of\\s+)?(${YEAR}))?`,
      'giu',
    ),
    read: (m, year) => {
      const month = monthNumber(m[1] ?? '');
      return month ? ytd(year, month, m[2]) : null;
    },
  },
  // the first three quarters / 前三季度 / les trois premiers trimestres / първите три тримесечия / الأرباع الثلاثة الأولى
  {
    re: new RegExp(
      `(?:(${YEAR})年)?前三(?:个)?季度|first three quarters(?: of (${YEAR}))?|trois premiers trimestres(?: de (${YEAR}))?|първите три тримесечия(?: на (${YEAR}))?|الأرباع الثلاثة الأولى`,
      'giu',
    ),
    read: (m, year) => ytd(year, 9, m[1] ?? m[2] ?? m[3] ?? m[4]),
  },
  // first half: 上半年 / first half of / premier semestre / първото полугодие / النصف الأول
  {
    re: new RegExp(
      `(?:(${YEAR})年)?上半年|(?:first half|H1)(?: of (${YEAR}))?|premier semestre(?: (?:de )?(${YEAR}))?|първото полугодие|النصف الأول`,
      'giu',
    ),
    read: (m, year) => ytd(year, 6, m[1] ?? m[2] ?? m[3]),
  },
  // A span of years: "2024-2029", "2023—2025年"
  {
    re: new RegExp(`(${YEAR})\\s*[-–—至]\\s*(${YEAR})年?`, 'gu'),
    read: (m) => ({ code: `${m[1]}..${m[2]}`, fromContext: false }),
  },
  // "Depuis 2023", "since 2023", "自2023年以来", "от 2023 г.", "منذ 2023": from that year to the year in force.
  {
    re: new RegExp(`(?:depuis|since|от|منذ|自)\\s*(${YEAR})(?:年以来|年)?`, 'giu'),
    read: (m, year) => (year && Number(m[1]) < year ? { code: `${m[1]}..${year}`, fromContext: true } : null),
  },
  // "2025年5月", "May 2025", "mai 2025", "April 2019", "октомври 2024 г."
  {
    re: new RegExp(
      `(${YEAR})年(\\d{1,2})月|(?<!\\d\\s)\\b(${MONTH_WORD})\\s+(?:de\\s+|of\\s+)?(${YEAR})`,
      'giu',
    ),
    read: (m) => {
      const month = m[2] ? Number(m[2]) : monthNumber(m[3] ?? '');
      const y = m[1] ?? m[4];
      return month && y ? { code: `${y}-${pad(month)}`, fromContext: false } : null;
    },
  },
  // "In October of the same year" / "En octobre de la même année"
  {
    re: new RegExp(
      `\\b(${MONTH_WORD})\\s+(?:of the same year|de la même année|същата година|من نفس العام)`,
      'giu',
    ),
    read: (m, year) => {
      const month = monthNumber(m[1] ?? '');
      return month && year ? { code: `${year}-${pad(month)}`, fromContext: true } : null;
    },
  },
  // A year: "2025", "2019年", "2025 г.", "En 2024"
  {
    re: new RegExp(
      `(?<![\\d.,])(${YEAR})(?:年|\\s*г\\.|\\s*година)?(?![\\d.,]*\\d)(?!\\s*(?:%|٪|yuan|元|ans?\\b|years?\\b))`,
      'gu',
    ),
    read: (m) => ({ code: m[1] ?? '', fromContext: false }),
  },
];

/**
 * All period mentions in a sentence (text with ASCII digits), earlier rules winning over later ones
 * on overlapping spans. `year` is the year in force before the sentence.
 */
export function findPeriods(sentence: string, year: number | null): PeriodMention[] {
  const found: PeriodMention[] = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (const m of sentence.matchAll(rule.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (found.some((p) => start < p.end && end > p.start)) continue;
      const period = rule.read(m as unknown as RegExpExecArray, year);
      if (period) found.push({ code: period.code, start, end, yearFromContext: period.fromContext });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The year a period code ends in, to carry forward as the year in force. */
export function periodYear(code: string): number | null {
  const m = /(\d{4})(?!.*\d{4})/.exec(code);
  return m ? Number(m[1]) : null;
}

const HORIZON_BEFORE = /(?:by|d'ici|до|到|بحلول|until|jusqu'en|目标)\s*$/iu;

/**
 * The year a document speaks from when its date is not given: the latest year it mentions that is not a
 * target horizon ("by 2030", "d'ici 2027") — a news item is written after the last year it reports on.
 */
export function inferDocumentYear(text: string): number | null {
  let latest: number | null = null;
  for (const m of text.matchAll(/(?<![\d.,])((?:19|20)\d{2})(?![\d.,]*\d)/gu)) {
    if (HORIZON_BEFORE.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    const year = Number(m[1]);
    if (latest === null || year > latest) latest = year;
  }
  return latest;
}
