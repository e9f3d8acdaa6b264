/**
 * "How many / how much / how long / how far" questions: find the quantities the best passages state
 * next to what was asked about, and answer with the one the articles agree on most.
 */
import type { DossierIndex } from '../index/build.js';
import { processTerm, SMALL_NUMBER_WORDS, words } from '../index/text.js';
import type { Answer } from './types.js';
import { tokensOf } from './tokens.js';
import {
  citePage,
  closestPassages,
  cleanQuery,
  corroboration,
  noTermsMessage,
  notFound,
  sourcesOf,
  type Candidate,
} from './common.js';
import { evidenceWeight, nothingAbout, topicHits } from './topic.js';

export type QuantityKind = 'count' | 'money' | 'duration' | 'distance';

const QUALIFIER =
  '(?:(?:about|around|approximately|roughly|nearly|almost|over|more than|less than|fewer than|at least|up to|some|an estimated|estimated|only|just)\\s+)?';
const NUMBER =
  '(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|tens of thousands)';
const SCALE = '(?:\\s*(thousand|million|billion|trillion|bn|m)\\b)?';
/** Whole words only: "ten" is not in "tensions", "7" is not a number in "G7". */
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const WORD_VALUES: Record<string, number> = {
  ...SMALL_NUMBER_WORDS,
  dozen: 12,
  dozens: 24,
  hundred: 100,
  hundreds: 200,
  thousand: 1000,
  thousands: 2000,
  'tens of thousands': 20000,
};
const SCALES: Record<string, number> = {
  thousand: 1e3,
  million: 1e6,
  m: 1e6,
  billion: 1e9,
  bn: 1e9,
  trillion: 1e12,
};
const CURRENCY_SYMBOL = '(?:US\\s?\\$|\\$|€|£|¥|₽)';
const CURRENCY_WORD =
  /^(dollars?|euros?|pounds?|rubles?|roubles?|yen|yuan|hryvnias?|francs?|rupees?|usd|eur|gbp|rub)$/i;
const TIME_UNIT = /^(seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries)$/i;
const LENGTH_UNIT = /^(km|kilometers?|kilometres?|miles?|meters?|metres?|feet|foot|yards?|nautical)$/i;
const MONTH = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$/i;
/** "how many" / "how much" / "how long" / "how far", the kind of quantity in group 1. */
const HOW_QUANTITY = /\bhow\s+(many|much|long|far)\b/i;
/** What follows "how many", up to the end of the clause (group 1). */
const HOW_MANY_PHRASE = /\bhow\s+many\s+([^?.,!]*)/i;
/** Words after "how many …" that end the noun phrase being counted. */
const HEAD_NOUN_END =
  /^(are|is|were|was|do|does|did|have|has|had|will|would|can|could|there|in|near|on|at|of)$/i;
const THOUSANDS_SEPARATOR = /,/g;
const FOUR_DIGITS = /^\d{4}$/;
/** A currency symbol right before the number (group 1), e.g. "US$" in "US$ 5". */
const CURRENCY_SYMBOL_AT_END = /(US\s?\$|\$|€|£|¥|₽)\s?$/;
const HAS_CURRENCY_SYMBOL = new RegExp(CURRENCY_SYMBOL);
/** An amount of money ("$5 billion", "300 million euros"); g: used only with matchAll. */
const MONEY_AMOUNT = new RegExp(
  `${QUALIFIER}(?:${CURRENCY_SYMBOL}\\s?${NUMBER}${SCALE}|${B}${NUMBER}${SCALE}\\s+([A-Za-z]+))`,
  'giu',
);
/** A number with its qualifier and scale ("about 100,000"); g: used only with matchAll. */
const PLAIN_AMOUNT = new RegExp(`${B}${QUALIFIER}${NUMBER}${SCALE}${E}`, 'giu');
const PERCENT_WORD = /^(percent|per)$/i;
const STARTS_WITH_LETTER = /^[a-z]/i;
const WHITESPACE_RUN = /\s+/g;
const TRAILING_PUNCTUATION = /[?!.]+\s*$/;
/** The first word of the topic (with the whitespace before it): maybe the unit asked in. */
const LEADING_WORD = /^\s*[\p{L}]+/u;
const DIGIT = /\d/;

export function quantityKindOf(question: string): QuantityKind | undefined {
  const m = HOW_QUANTITY.exec(question);
  if (!m) return undefined;
  return ({ many: 'count', much: 'money', long: 'duration', far: 'distance' } as const)[
    m[1]!.toLowerCase() as 'many' | 'much' | 'long' | 'far'
  ];
}

/** The thing being counted: "how many Russian troops are near Ukraine" → "troop". */
function headNoun(question: string): string | undefined {
  const m = HOW_MANY_PHRASE.exec(question);
  if (!m) return undefined;
  const phrase: string[] = [];
  for (const w of words(m[1]!)) {
    if (HEAD_NOUN_END.test(w)) break;
    phrase.push(w);
  }
  const last = phrase[phrase.length - 1];
  return last ? (processTerm(last) ?? undefined) : undefined;
}

interface Found {
  surface: string;
  value: number;
  unit: string;
  /** How well the words around it fit the question (0–1). */
  fit: number;
}

/** Quantities of one kind stated in a sentence. */
export function quantitiesIn(sentence: string, kind: QuantityKind, head?: string): Found[] {
  const out: Found[] = [];
  for (const m of sentence.matchAll(kind === 'money' ? MONEY_AMOUNT : PLAIN_AMOUNT)) {
    const numText = (m[1] ?? m[3] ?? '').toLowerCase();
    const scale = (m[2] ?? m[4] ?? '').toLowerCase();
    if (!numText) continue;
    const base = WORD_VALUES[numText] ?? Number(numText.replace(THOUSANDS_SEPARATOR, ''));
    if (!Number.isFinite(base)) continue;
    const value = base * (SCALES[scale] ?? 1);
    const before = sentence.slice(Math.max(0, (m.index ?? 0) - 12), m.index ?? 0);
    const after = words(sentence.slice((m.index ?? 0) + m[0].length)).slice(0, 4);
    const next = after[0] ?? '';
    // Dates and years are not quantities ("February 24", "in 2014").
    if (MONTH.test(next) || MONTH.test(words(before).pop() ?? '')) continue;
    if (FOUR_DIGITS.test(numText) && value >= 1900 && value <= 2100 && !scale) continue;
    let fit = 0;
    let unit = '';
    let tail = '';
    if (kind === 'money') {
      const symbol = CURRENCY_SYMBOL_AT_END.exec(sentence.slice(0, (m.index ?? 0) + m[0].indexOf(numText)));
      const word = m[5] ?? '';
      if (HAS_CURRENCY_SYMBOL.test(m[0])) {
        unit = symbol?.[1] ?? '$';
        fit = 1;
      } else if (CURRENCY_WORD.test(word)) {
        unit = word.toLowerCase();
        fit = 1;
      } else continue;
    } else if (kind === 'duration') {
      const i = after.findIndex((w) => TIME_UNIT.test(w));
      if (i < 0 || i > 1) continue;
      unit = after[i]!.toLowerCase();
      tail = ` ${after.slice(0, i + 1).join(' ')}`;
      fit = 1;
    } else if (kind === 'distance') {
      const i = after.findIndex((w) => LENGTH_UNIT.test(w));
      if (i < 0 || i > 1) continue;
      unit = after[i]!.toLowerCase();
      tail = ` ${after.slice(0, i + 1).join(' ')}`;
      fit = 1;
    } else {
      if (TIME_UNIT.test(next) || LENGTH_UNIT.test(next) || CURRENCY_WORD.test(next) || next === '%')
        continue;
      if (PERCENT_WORD.test(next)) continue;
      const at = head ? after.findIndex((w) => processTerm(w) === head) : -1;
      if (at >= 0) {
        fit = 1 - at * 0.15;
        tail = ` ${after.slice(0, at + 1).join(' ')}`;
      } else {
        fit = 0.25;
        tail = next && STARTS_WITH_LETTER.test(next) ? ` ${next}` : '';
      }
      unit = head ?? '';
    }
    out.push({ surface: (m[0] + tail).replace(WHITESPACE_RUN, ' ').trim(), value, unit, fit });
  }
  return out;
}

export function answerQuantity(index: DossierIndex, rawQuery: string, offset = 0): Answer {
  const query = cleanQuery(rawQuery);
  let kind = quantityKindOf(query) ?? 'count';
  let head = kind === 'count' ? headNoun(query) : undefined;
  // "How many kilometres …" / "how many days …" ask for a distance or a duration, not a count.
  if (head && LENGTH_UNIT.test(head)) [kind, head] = ['distance', undefined];
  else if (head && TIME_UNIT.test(head)) [kind, head] = ['duration', undefined];
  let topic = query.replace(TRAILING_PUNCTUATION, '').replace(HOW_QUANTITY, '');
  // The unit asked in is not the topic ("how many days will the strike last" is about the strike).
  if (kind !== 'count')
    topic = topic.replace(LEADING_WORD, (w) =>
      LENGTH_UNIT.test(w.trim()) || TIME_UNIT.test(w.trim()) ? '' : w,
    );
  const { hits, noTerms } = topicHits(index, topic, 40, true);
  if (noTerms) return notFound(index, 'ask', query, noTermsMessage(index));
  if (hits.length === 0) return notFound(index, 'ask', query, nothingAbout(topic));

  const values = new Map<
    string,
    {
      surface: string;
      bestFit: number;
      score: number;
      articles: Set<string>;
      perArticle: Map<string, number>;
      positions: Map<number, number>;
    }
  >();
  const top = hits[0]?.score ?? 1;
  hits.forEach((hit) => {
    const weight = evidenceWeight(hit, top);
    const matched = new Set(hit.matched);
    for (const sentence of hit.paragraph.sentences) {
      const about = tokensOf(sentence).terms.filter((t) => matched.has(t ?? '')).length;
      if (about === 0) continue;
      for (const f of quantitiesIn(sentence, kind, head)) {
        const key = `${f.value}|${kind === 'count' ? '' : f.unit}`;
        const s = weight * f.fit * (1 + about * 0.25);
        const entry = values.get(key) ?? {
          surface: f.surface,
          bestFit: 0,
          score: 0,
          articles: new Set<string>(),
          perArticle: new Map<string, number>(),
          positions: new Map<number, number>(),
        };
        if (f.fit > entry.bestFit) {
          entry.bestFit = f.fit;
          entry.surface = f.surface;
        }
        // Each article counts once per figure, with its best evidence: agreement across articles wins.
        entry.score += Math.max(0, s - (entry.perArticle.get(hit.article.id) ?? 0));
        entry.perArticle.set(hit.article.id, Math.max(entry.perArticle.get(hit.article.id) ?? 0, s));
        entry.articles.add(hit.article.id);
        entry.positions.set(hit.pos, Math.max(entry.positions.get(hit.pos) ?? 0, s));
        values.set(key, entry);
      }
    }
  });
  const ranked = [...values.values()].sort((a, b) => b.score - a.score);
  const best = ranked[0];
  if (!best) {
    return closestPassages(
      index,
      'ask',
      query,
      `The articles mention “${topic.trim()}” but give no figure for it. Closest passages:`,
      hits,
      offset,
    );
  }
  const candidates: Candidate[] = [...best.positions.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([pos, score]) => ({
      pos,
      score,
      matched: [...(hits.find((h) => h.pos === pos)?.matched ?? []), ...numberTerms(best.surface)],
    }));
  return {
    kind: 'ask',
    query,
    text: `${best.surface}${corroboration(best.articles.size, index.articles.length)}.`,
    ...citePage(index, candidates, offset),
    sources: sourcesOf(index, best.positions.keys()),
    corpusArticles: index.articles.length,
  };
}

function numberTerms(surface: string): string[] {
  return words(surface)
    .filter((w) => DIGIT.test(w))
    .map((w) => processTerm(w))
    .filter((t): t is string => !!t);
}
