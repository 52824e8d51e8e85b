/**
 * Figure extraction: every quantity in a document, proposed as a fact with its value normalized (scale
 * applied, unit code of data/reference/units.csv), whether it is a change and against which base, its
 * period, the entity it is about, a guessed metric, and the sentence and character offsets it came from.
 * Pure: the gazetteer, metric cues and document context are passed in.
 */
import { findChangeBase, findChangeCue } from './changes.ts';
import { entityFor, findEntities, type GazetteerEntry } from './entities.ts';
import { sentenceLanguage } from './language.ts';
import {
  type FigureKind,
  guessMetric,
  type MetricCue,
  metricsInOrder,
  phraseMetric,
} from './metric-guess.ts';
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
/** "La ville compte …", "the city has …": the document's own city, not the park named after it. */
const CITY_SUBJECT =
  /(?<![\p{L}])(?:la ville|the city|la municipalité|градът|града)(?![\p{L}])|全市|本市|المدينة/giu;
/** A plan or intent ("will", "en prévision de", "collaborera"): not about the past year in force. */
const INTENT =
  /(?<![\p{L}])(?:will|plans? to|expects? to|aims? to|en prévision|prévoit|envisag\w*|\p{L}{3,}(?:era|eront|ira|iront)|ще)(?![\p{L}])|将|计划|سوف/iu;
/** "A, B and C rose by 2.7 %, 18.8 % and 56 % respectively": the figures map to the named metrics in order. */
const RESPECTIVELY = /respectively|respectivement|съответно|على التوالي|分别/iu;
/** "by 2030, these figures are projected to rise to …": the previous clause's metrics, in order. */
const THESE_FIGURES =
  /these figures|ces chiffres|тези (?:стойности|показатели|цифри)|هذه الأرقام|这些(?:数字|指标)/iu;
/** A multi-year plan named in a sentence: "le plan d'action triennal", "three-year action plan", 三年行动计划. */
const PLAN =
  /(?:plan|programme|program|план|خطة|计划|规划)[^.。;\n]{0,40}?(triennal|quinquennal)|(three|five)[- ]year\s+(?:action\s+)?(?:plan|programme|program)|(三|五)年(?:行动)?(?:计划|规划|行动)|(тригодишн|петгодишн)\w*\s+(?:план|програма)/iu;
const planYears = (m: RegExpExecArray) =>
  /^(?:triennal|three|三|тригодишн)$/iu.test(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '') ? 3 : 5;

/**
 * The spans of the document's multi-year plans, by length: "le plan d'action triennal … (2023-2025)"
 * gives a three-year plan 2023..2025, so a figure of "le plan d'action triennal" stated elsewhere
 * without its years takes that span. Only when one span of that length is stated.
 */
function planSpans(text: string): Map<number, string> {
  const found = new Map<number, Set<string>>();
  for (const m of text.matchAll(/\((20\d{2})\s*[-–]\s*(20\d{2})\)/gu)) {
    const before = text.slice(Math.max(0, m.index - 160), m.index);
    const plan = PLAN.exec(before);
    if (!plan) continue;
    const years = planYears(plan);
    if (Number(m[2]) - Number(m[1]) + 1 !== years) continue;
    if (!found.has(years)) found.set(years, new Set());
    found.get(years)!.add(`${m[1]}..${m[2]}`);
  }
  const spans = new Map<number, string>();
  for (const [years, codes] of found) if (codes.size === 1) spans.set(years, [...codes][0]!);
  return spans;
}

const LIST_GAP = /^[\s,，、،]*(?:(?:and|et|и|و|和|以及)\s*)?$/iu;

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
  let previousFacts: ProposedFact[] = [];
  // The park a "du parc" / "the park" speaks of: the last park named in the paragraph, else the last
  // entity named in it ("Hunan focuses on … . At present, the park has become …"), else the park the next
  // sentence names ("la croissance des recettes du parc a été de -42 % … . Bien que le parc de Huaping …").
  let parkInParagraph: ProposedFact['entity'] = null;
  let namedInParagraph: ProposedFact['entity'] = null;
  const sentences = splitSentences(ascii);
  const spans = planSpans(ascii);
  const parkAhead = (index: number): ProposedFact['entity'] => {
    const next = sentences[index + 1];
    if (!next || text.slice(sentences[index]!.end, next.start).includes('\n')) return null;
    const park = findEntities(text.slice(next.start, next.end), context.gazetteer ?? []).find(
      (m) => m.kind === 'park',
    );
    return park ? { kind: park.kind, code: park.code, name: park.name } : null;
  };
  for (const [index, s] of sentences.entries()) {
    // A new paragraph starts again from the document's year: a year carries to the sentences after it
    // only within its paragraph ("En 2024, … . Elle a aussi …").
    const newParagraph = text.slice(previousEnd, s.start).includes('\n');
    if (newParagraph) {
      parkInParagraph = null;
      namedInParagraph = null;
    }
    if (newParagraph && context.documentYear) {
      yearInForce = context.documentYear;
      periodInForce = null;
    }
    previousEnd = s.end;
    const original = text.slice(s.start, s.end);
    const periods = findPeriods(s.text, yearInForce);
    const mentions = findEntities(original, context.gazetteer ?? []);
    const language = sentenceLanguage(s.text, context.language);
    const tokens = numberTokens(s.text, language);
    const cities = [...original.matchAll(CITY_SUBJECT)].map((m) => ({
      start: m.index,
      end: m.index + m[0].length,
    }));
    const intent = INTENT.test(original);
    // A figure of a multi-year plan named without its years takes the span stated for it elsewhere.
    const plan = PLAN.exec(original);
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
      const planSpan = plan ? (spans.get(planYears(plan)) ?? null) : null;
      const period =
        (following ?? preceding)?.code ??
        (present ? context.documentMonth : null) ??
        (continues ? periodInForce : null) ??
        // A plan stated after past figures ("En 2024, elle a réalisé … . … en prévision d'attirer 200
        // millions") is about the document's year, not the past year still in force.
        (intent && context.documentYear && yearInForce && yearInForce < context.documentYear
          ? String(context.documentYear)
          : null) ??
        planSpan ??
        (yearInForce ? String(yearInForce) : (usable[0]?.code ?? null));
      const mention = entityFor(mentions, t.start, original, unitRead === null || unit === 'count');
      let entity: ProposedFact['entity'] = mention
        ? { kind: mention.kind, code: mention.code, name: mention.name }
        : null;
      if (!entity && ANAPHORA.test(original))
        entity = parkInParagraph ?? namedInParagraph ?? parkAhead(index) ?? namedInForce;
      if (!entity && PRONOUN_SUBJECT.test(original) && namedInForce) entity = namedInForce;
      // "La ville compte quatre zones …": the city named as subject after any other mention before the
      // figure is the document's own region.
      const city = cities.filter((c) => c.end <= t.start).pop();
      if (city && context.defaultEntity && (!mention || mention.start > t.start || mention.end <= city.start))
        entity = null;
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
        metric: context.metricCues
          ? guessMetric(original, { start: t.start, end, next }, kind, context.metricCues)
          : null,
        sentence: original,
        sentenceStart: s.start,
        sentenceEnd: s.end,
        start: s.start + t.start,
        end: s.start + end,
      });
    }
    if (context.metricCues) resolveLists(sentenceFacts, previousFacts, context.metricCues);
    facts.push(...sentenceFacts);
    if (sentenceFacts.length) previousFacts = sentenceFacts;
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
    if (last) namedInParagraph = namedInForce;
    const lastPark = mentions.filter((m) => m.kind === 'park').pop();
    if (lastPark) parkInParagraph = { kind: lastPark.kind, code: lastPark.code, name: lastPark.name };
  }
  return facts;
}

/**
 * Lists of figures of one kind ("2,7 %, 18,8 % et 56 %", "10 trillion yuan and 5 trillion yuan") read
 * with "respectively": the figures take the metrics named before them in order when there are as many;
 * with "these figures" and none named, the metrics of the previous clause's figures; else every figure
 * takes the metric its last figure's own phrase names ("90% and 50% of the domestic market share").
 */
function resolveLists(
  facts: ProposedFact[],
  previous: readonly ProposedFact[],
  cues: readonly MetricCue[],
): void {
  const sentence = facts[0]?.sentence ?? '';
  if (!RESPECTIVELY.test(sentence)) return;
  const base = facts[0]?.sentenceStart ?? 0;
  let i = 0;
  while (i < facts.length) {
    let j = i + 1;
    while (
      j < facts.length &&
      facts[j]!.kind === facts[i]!.kind &&
      LIST_GAP.test(sentence.slice(facts[j - 1]!.end - base, facts[j]!.start - base))
    )
      j++;
    const run = facts.slice(i, j);
    i = j;
    if (run.length < 2) continue;
    const first = run[0]!;
    const last = run[run.length - 1]!;
    const named = metricsInOrder(sentence.slice(0, first.start - base), first.kind, cues);
    const before = previous.filter((f) => f.kind === first.kind);
    let metrics: (string | null)[] | null = null;
    if (named.length === run.length) metrics = named;
    else if (!named.length && THESE_FIGURES.test(sentence) && before.length === run.length)
      metrics = before.map((f) => f.metric);
    else {
      const shared = phraseMetric(
        sentence,
        { start: last.start - base, end: last.end - base, next: sentence.length },
        last.kind,
        cues,
      );
      if (shared) metrics = run.map(() => shared);
    }
    if (metrics) for (const [k, f] of run.entries()) f.metric = metrics[k] ?? f.metric;
  }
}
