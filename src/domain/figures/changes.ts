/**
 * Change cues: the words that make the figure after them a change (growth rate or increment) rather
 * than a level — 增长, up, hausse, ръст, زيادة … — with their sign, and the base the change is measured
 * against (year on year, over 2018, compared with last year).
 */
export interface ChangeCue {
  direction: 1 | -1;
  word: string;
}

// Latin and Cyrillic cues start at a word start: "enterprises" holds no "rise".
const RISE =
  /(?<![\p{Script=Latin}\p{Script=Cyrillic}])(同比增长|增长|增加|提高|上升|增速|增幅|increase[sd]?|increasing|grew|growth|rose|rise|up by|up\b|hausse|croissance|augment\w*|progress\w*|ръст|растеж|увеличи\w*|нарасна\w*|повиши\w*|بزيادة|زيادة|نمو|ارتفاع|ارتفع)/giu;
const FALL =
  /(?<![\p{Script=Latin}\p{Script=Cyrillic}])(下降|减少|回落|decrease[sd]?|decline[sd]?|fell|drop(?:ped)?|down\b|baisse|diminu\w*|recul\w*|спад|намал\w*|انخفاض|تراجع|انخفض)/giu;

/** The change cue nearest before `position` within the clause (`window` characters), if any. */
export function findChangeCue(sentence: string, position: number, window = 40): ChangeCue | null {
  const from = Math.max(0, position - window);
  const before = sentence.slice(from, position);
  // A cue separated from the figure by another figure belongs to that one ("up 5%, and 20% in …").
  let cut = 0;
  for (const m of before.matchAll(/\d[\d.,]*\s*(?:%|٪|процента|pour cent)/gu)) cut = m.index + m[0].length;
  return findIn(before.slice(cut));
}

function findIn(text: string): ChangeCue | null {
  let best: ChangeCue | null = null;
  let bestAt = -1;
  for (const [re, direction] of [
    [RISE, 1],
    [FALL, -1],
  ] as const) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      if (m.index > bestAt) {
        bestAt = m.index;
        best = { direction, word: m[0] };
      }
    }
  }
  return best;
}

const BASE =
  /(同比|比上年|year[- ]on[- ]year|yoy|over (?:the same period of )?(?:last year|\d{4})|compared with (?:last year|the same period|\d{4})|par rapport à (?:l'année dernière|\d{4})|en glissement annuel|на годишна база|спрямо (?:предходната година|\d{4})|على أساس سنوي|مقارنة بالعام الماضي)/iu;

/** The base a change is measured against, when the sentence states it. */
export function findChangeBase(sentence: string): string | null {
  const m = BASE.exec(sentence);
  if (!m) return null;
  const year = /\d{4}/.exec(m[0]);
  return year ? `over ${year[0]}` : 'year_on_year';
}
