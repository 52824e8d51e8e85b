/**
 * Figure extraction: every quantity in a document, proposed as a fact with its value normalized (scale
 * applied, unit code of data/reference/units.csv), whether it is a change and against which base, its
 * period, the entity it is about, a guessed metric, and the sentence and character offsets it came from.
 * Pure: the gazetteer, metric cues and document context are passed in.
 */
import { findChangeBase, findChangeCue } from './changes.ts';
import { entityFor, findEntities, type GazetteerEntry } from './entities.ts';
import { sentenceLanguage } from './language.ts';
import { type FigureKind, guessMetric, type MetricCue } from './metric-guess.ts';
import {
  asciiDigits,
  CHINESE_NUMERAL_CHARS,
  type Language,
  NUMBER_WORDS,
  parseChineseNumeral,
  parseDigits,
} from './numerals.ts';
import { findPeriods, type PeriodMention, periodYear } from './periods.ts';
import { readScale } from './scales.ts';
import { splitSentences } from './sentences.ts';
import { readUnit } from './units.ts';

export interface ProposedFact {
  /** The value in `unit` (scale applied): "210,6 милиарда юана" → 210.6e9 yuan. */
  value: number;
  /** A unit code of data/reference/units.csv: yuan, usd, percent, pp, mu, yuan_per_mu, vehicle, day, m3_per_day, count. */
  unit: string;
  kind: FigureKind;
  /** The figure as written, e.g. "18,842 milliards de yuans". */
  text: string;
  change: 'rise' | 'fall' | null;
  changeBase: string | null;
  period: string | null;
  entity: { kind: GazetteerEntry['kind']; code: string; name: string | null } | null;
  metric: string | null;
  sentence: string;
  sentenceStart: number;
  sentenceEnd: number;
  /** Offsets of the figure in the document. */
  start: number;
  end: number;
}

export interface ExtractContext {
  language: Language;
  gazetteer?: readonly GazetteerEntry[];
  metricCues?: readonly MetricCue[];
  /** The entity a figure is about when its sentence names none (the document's region). */
  defaultEntity?: { kind: GazetteerEntry['kind']; code: string } | null;
  /** The year in force before the first stated year (the document's publication year). */
  documentYear?: number | null;
  /** The document's month ('YYYY-MM') when its date is known, for figures stated as current. */
  documentMonth?: string | null;
}

const MONTH_NEAR =
  /(?:january|february|march|april|may|june|july|august|september|october|november|december|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|януари|февруари|март|април|май|юни|юли|август|септември|октомври|ноември|декември|يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر|juil\.|oct\.)/iu;
const PRONOUN_SUBJECT = /^(?:[^,]{0,20},\s*)?(?:elle|il|it|its|they|той|тя|то|те|它|其|该园区)(?=[\s'’])/iu;
const PRESENT = /في الوقت الحالي|at present|currently|в момента|目前|当前/iu;
const CONTINUATION = /^(?:dont|of which|among them|including|其中|бينها|بينها|منها|от които|в това число)/iu;
const HORIZON = /(?:by|d'ici|до|到|بحلول|until|jusqu'en)\s*$/iu;
const ANAPHORA = /\b(?:the town|the park|ce parc|du parc|cette zone)\b|该园区|该镇/iu;
const BASE_BEFORE = /(?:over|than|compared with|par rapport à|спрямо|مقارنة ب|比)\s*$/iu;

interface Token {
  start: number;
  end: number;
  value: number;
}

function numberTokens(sentence: string, language: Language): Token[] {
  const tokens: Token[] = [];
  const digits =
    language === 'fr' || language === 'bg'
      ? /[-−]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?!\d)|[-−]?\d+(?:[.,]\d+)*/gu
      : /[-−]?\d+(?:[.,]\d+)*/gu;
  for (const m of sentence.matchAll(digits)) {
    let text = m[0];
    let start = m.index;
    // A hyphen is a minus sign only at a clause start or after a space ("de -42 %"), not in "2024-2029".
    if (/^[-−]/.test(text) && start > 0 && !/\s/.test(sentence[start - 1] ?? '')) {
      text = text.slice(1);
      start += 1;
    }
    const value = parseDigits(text.replace(/[.,]$/, ''), language);
    if (value !== null) tokens.push({ start, end: start + text.replace(/[.,]$/, '').length, value });
  }
  if (language === 'zh') {
    const re = new RegExp(`[${CHINESE_NUMERAL_CHARS}]+(?=[万亿个家项条大批座辆亩])`, 'gu');
    for (const m of sentence.matchAll(re)) {
      const value = parseChineseNumeral(m[0]);
      if (value !== null && value > 0) tokens.push({ start: m.index, end: m.index + m[0].length, value });
    }
  }
  const words = NUMBER_WORDS[language];
  const names = Object.keys(words);
  if (names.length) {
    const re = new RegExp(`(?<![\\p{L}])(${names.join('|')})(?![\\p{L}])`, 'giu');
    for (const m of sentence.matchAll(re)) {
      const value = words[(m[1] ?? '').toLowerCase()];
      if (value) tokens.push({ start: m.index, end: m.index + m[0].length, value });
    }
  }
  return tokens.sort((a, b) => a.start - b.start);
}

/** Numbers that are not figures: years, days of a month, reference marks [1], phone numbers. */
function isNotAFigure(
  sentence: string,
  t: Token,
  periods: readonly PeriodMention[],
  hasUnit: boolean,
): boolean {
  if (periods.some((p) => t.start < p.end && t.end > p.start)) return true;
  const before = sentence.slice(Math.max(0, t.start - 12), t.start);
  const after = sentence.slice(t.end, t.end + 12);
  if (/\[$/.test(before) && /^\]/.test(after)) return true;
  if (/[+\d][\s-]*$/.test(before) && /\d/.test(before.slice(-2)) && !hasUnit) return true;
  if (/^-\d/.test(after) || /\d-$/.test(before)) return true;
  if (!hasUnit && /^\d{4}$/.test(sentence.slice(t.start, t.end)) && t.value >= 1900 && t.value <= 2100)
    return true;
  if (
    !hasUnit &&
    ((MONTH_NEAR.test(after.slice(0, 11)) && /^\s*\p{L}/u.test(after)) ||
      (/\p{L}{3,}\.?\s*$/u.test(before) && MONTH_NEAR.test(before.slice(-11))))
  )
    return true;
  if (/^\s*(?:年|г\.|h\b|:)/u.test(after) || /\d:$/.test(before) || /\+\s*$/.test(before)) return true;
  // List markers "(3)", "1." standing alone, and dates "08, 2025".
  if ((/\($/.test(before) && /^\)/.test(after)) || /^,\s*(?:19|20)\d{2}\b/.test(after)) return true;
  if (sentence.trim() === `${sentence.slice(t.start, t.end)}.`) return true;
  // Ordinals ("the 19th National Congress", "23e réunion") are figures only as ranks ("16e rang").
  if (/^(?:e|ème|th|st|nd|rd)\b/u.test(after) && !/^\p{L}+\s+(?:rang|rank|place)/u.test(after)) return true;
  return false;
}

function kindOf(unit: string, change: boolean): FigureKind {
  switch (unit) {
    case 'percent':
      return change ? 'growth' : 'share';
    case 'yuan':
    case 'usd':
      return 'money';
    case 'mu':
      return 'area';
    case 'yuan_per_mu':
      return 'money_per_area';
    case 'pp':
      return 'pp';
    case 'day':
      return 'days';
    case 'm3_per_day':
      return 'volume_rate';
    case 'vehicle':
      return 'vehicles';
    default:
      return 'count';
  }
}

export function extractFigures(text: string, context: ExtractContext): ProposedFact[] {
  const ascii = asciiDigits(text);
  const facts: ProposedFact[] = [];
  let yearInForce = context.documentYear ?? null;
  // The period of the last figure-bearing clause, for a sentence that continues it ("بينها …", "dont …").
  let periodInForce: string | null = null;
  let namedInForce: { kind: GazetteerEntry['kind']; code: string; name: string | null } | null = null;
  let previousEnd = 0;
  for (const s of splitSentences(ascii)) {
    // A new paragraph starts again from the document's year: a year carries to the sentences after it
    // only within its paragraph ("En 2024, … . Elle a aussi …").
    if (text.slice(previousEnd, s.start).includes('\n') && context.documentYear) {
      yearInForce = context.documentYear;
      periodInForce = null;
    }
    previousEnd = s.end;
    const original = text.slice(s.start, s.end);
    const periods = findPeriods(s.text, yearInForce);
    const mentions = findEntities(original, context.gazetteer ?? []);
    const language = sentenceLanguage(s.text, context.language);
    const tokens = numberTokens(s.text, language);
    const sentenceFacts: ProposedFact[] = [];
    for (const [i, t] of tokens.entries()) {
      const after = s.text.slice(t.end);
      let scale = readScale(after);
      // "15 billion industrial clusters": a scale word followed by a noun that is no unit names a class
      // ("100-billion clusters"), not a multiplier; in Chinese 万/亿 always multiply.
      if (
        scale &&
        language !== 'zh' &&
        !readUnit(after.slice(scale.length)) &&
        /^\s+\p{L}/u.test(after.slice(scale.length))
      )
        scale = null;
      const unitRead = readUnit(after.slice(scale?.length ?? 0));
      if (isNotAFigure(s.text, t, periods, !!(scale || unitRead))) continue;
      let unit = unitRead?.unit.unit ?? 'count';
      if (unit === 'count' && /^\s*(?:e|ème|th|st|nd|rd)\b/u.test(after)) unit = 'count';
      const previous = sentenceFacts[sentenceFacts.length - 1];
      // "ont augmenté respectivement de 2,7 %, 18,8 % et 56 %": a list shares the cue of its first item.
      const listed =
        previous?.change &&
        /^[\s,，、]*(?:et|and|и|و|y)?\s*$/iu.test(text.slice(previous.end, s.start + t.start));
      const cue =
        findChangeCue(s.text, t.start, 60) ??
        (listed ? { direction: previous.change === 'fall' ? -1 : 1, word: '' } : null);
      const isChange = !!cue && (unit === 'percent' || unit === 'pp');
      const sign = cue?.direction === -1 && isChange && t.value > 0 ? -1 : 1;
      const value = sign * t.value * (scale?.factor ?? 1);
      const end = t.end + (unitRead ? (scale?.length ?? 0) + unitRead.length : (scale?.length ?? 0));
      // The period: a mention right after the figure's phrase ("36 tâches identifiées en 2023"), else
      // the nearest before it, else the first in the sentence, else the year in force.
      const next =
        tokens.slice(i + 1).find((n) => !periods.some((p) => n.start < p.end && n.end > p.start))?.start ??
        s.text.length;
      const usable = periods.filter(
        (p) => !BASE_BEFORE.test(s.text.slice(Math.max(0, p.start - 20), p.start)),
      );
      const following = usable.find(
        (p) => p.start >= end && p.end <= next && !/[,;:]/.test(s.text.slice(end, p.start)),
      );
      const preceding = [...usable].reverse().find((p) => p.end <= t.start);
      const continues = CONTINUATION.test(original) && periodInForce;
      // "Currently …" / "في الوقت الحالي": the document's month, when its date is known.
      const present = !following && !preceding && context.documentMonth && PRESENT.test(original);
      const period =
        (following ?? preceding)?.code ??
        (present ? context.documentMonth : null) ??
        (continues ? periodInForce : null) ??
        (yearInForce ? String(yearInForce) : (usable[0]?.code ?? null));
      const mention = entityFor(mentions, t.start, original, unitRead === null || unit === 'count');
      let entity: ProposedFact['entity'] = mention
        ? { kind: mention.kind, code: mention.code, name: mention.name }
        : null;
      if (!entity && (PRONOUN_SUBJECT.test(original) || ANAPHORA.test(original)) && namedInForce)
        entity = namedInForce;
      if (!entity && context.defaultEntity) entity = { ...context.defaultEntity, name: null };
      const kind = kindOf(unit, isChange);
      sentenceFacts.push({
        value,
        unit,
        kind,
        text: text.slice(s.start + t.start, s.start + end).trim(),
        change: isChange ? (sign < 0 ? 'fall' : 'rise') : null,
        changeBase: isChange ? findChangeBase(s.text) : null,
        period,
        entity,
        metric: context.metricCues ? guessMetric(original, t.start, kind, context.metricCues) : null,
        sentence: original,
        sentenceStart: s.start,
        sentenceEnd: s.end,
        start: s.start + t.start,
        end: s.start + end,
      });
    }
    facts.push(...sentenceFacts);
    // A target's horizon ("by 2030", "d'ici 2027") is not the year the next sentences speak of.
    const explicit = periods.filter(
      (p) =>
        !p.yearFromContext &&
        !HORIZON.test(s.text.slice(Math.max(0, p.start - 12), p.start)) &&
        !BASE_BEFORE.test(s.text.slice(Math.max(0, p.start - 20), p.start)) &&
        !p.code.includes('..'),
    );
    const lastYear = explicit.length ? periodYear(explicit[explicit.length - 1]?.code ?? '') : null;
    if (lastYear) yearInForce = lastYear;
    const lastFact = sentenceFacts[sentenceFacts.length - 1];
    if (lastFact) periodInForce = lastFact.period;
    const last = mentions[mentions.length - 1];
    if (last) namedInForce = { kind: last.kind, code: last.code, name: last.name };
  }
  return facts;
}
