/**
 * "How many / how much / how long / how far" questions: find the quantities the best passages state
 * next to what was asked about, and answer with the one the articles agree on most.
 */
import type { DossierIndex } from '../index/model.js';
import type { Hit } from '../index/search/search.js';
import { processTerm, queryTerms, SMALL_NUMBER_WORDS, words } from '../index/terms.js';
import type { Answer } from './types.js';
import { entitiesAt } from './tables.js';
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

/**
 * What a quantity question can be answered with. The kind comes from the question's wording and
 * must match the unit of the answer: a length is never answered with a duration.
 */
export type QuantityKind = 'count' | 'money' | 'duration' | 'distance' | 'age' | 'share' | 'measure';

/** The kinds that answer a question, each with how much an answer of that kind counts (0–1). */
export interface QuantityAsk {
  kinds: ReadonlyMap<QuantityKind, number>;
  /** For a count: the thing counted ("how many troops" → "troop"). */
  head?: string;
  /** The question asks for a rate ("a month", "per week", "each"): rates are not demoted. */
  rate: boolean;
  /** What the question is about, without "how much" and the unit asked in. */
  topic: string;
}

const QUALIFIER =
  '(?:(?:about|around|approximately|roughly|nearly|almost|over|more than|less than|fewer than|at least|up to|some|an estimated|estimated|only|just)\\s+)?';
const NUMBER =
  '(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|tens of thousands)';
const HALF = '((?:[- ]and[- ]a[- ]half)?)';
const SCALE = '(?:\\s*(thousand|million|billion|trillion|bn|m)\\b)?';
/** Whole words only: "ten" is not in "tensions", "7" is not a number in "G7" or "787-9". */
const B = '(?<![\\p{L}\\p{N}.,])(?<!\\p{N}-)';
const E = '(?![\\p{L}\\p{N}])';
const WORD_VALUES: Record<string, number> = {
  ...SMALL_NUMBER_WORDS,
  a: 1,
  an: 1,
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
/** "hourlong", "yearlong", "day-long" (read as one word here): a duration of one unit. */
const LONG_COMPOUND = /^(second|minute|hour|day|week|month|year|decade)-?long$/i;
const LENGTH_UNIT =
  /^(km|kilometers?|kilometres?|miles?|meters?|metres?|feet|foot|ft|yards?|inches|inch|centimeters?|centimetres?|cm|mm|blocks?|nautical)$/i;
const MEASURE_UNIT =
  /^(tons?|tonnes?|metric|pounds?|lbs?|kilograms?|kilos?|kg|grams?|ounces?|oz|liters?|litres?|gallons?|barrels?|bushels?|cubic|square|acres?|hectares?|megawatts?|gigawatts?|kilowatts?|mw|gw|kw|calories|degrees)$/i;
const PERCENT_SIGN = /^(%|percent|pct)$/i;
const MONTH =
  /^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?$/i;
/** "how many" / "how much" / "how long" / "how far" / "how old", the word in group 1. */
const HOW_QUANTITY = /\bhow\s+(many|much|long|far|old)\b/i;
/** What follows "how many", up to the end of the clause (group 1). */
const HOW_MANY_PHRASE = /\bhow\s+many\s+([^?.,!]*)/i;
/** Words after "how many …" that end the noun phrase being counted. */
const HEAD_NOUN_END =
  /^(are|is|were|was|do|does|did|have|has|had|will|would|can|could|there|in|near|on|at|of)$/i;
/** "How much of X …": a share of something. */
const MUCH_OF = /^\s+of\b/i;
/** "How much money / cash …": money. */
const MUCH_MONEY = /^\s+(money|cash|funding|funds|revenue|profit|debt|aid|tax|taxes)\b/i;
/** "How much did X rise / fall …": a change, most often stated as a percentage. */
const CHANGE_VERB =
  /\b(rise|rose|risen|fall|fell|fallen|decline|declined|drop|dropped|increase|increased|grow|grew|grown|climb|climbed|jump|jumped|slide|slid|slip|slipped|surge|surged|plunge|plunged|gain|gained|shrink|shrank|sink|sank)\b/i;
const WEIGH_VERB = /\bweigh(s|ed)?\b/i;
/** "How much is / did …": the next word is a verb, so the question asks "how much" of money first. */
const MUCH_VERB = /^\s+(is|was|are|were|do|does|did|has|have|had|will|would|can|could|should|in)\b/i;
/** "How long is the border" (a thing) may ask for a length; "how long has …" asks for a duration. */
const LONG_THING = /^\s+(is|was|are|were)\s+(the|a|an|each|this|that|its|his|her|their)\s+[\p{L}\s'’-]+$/iu;
/** A rate asked for: "cost a month", "per week", "each", "a share". */
const RATE_WORDS =
  /\b(?:(?:a|an|per|each|every)\s+(?:second|minute|hour|day|week|month|year|share|person|head|ton|barrel|gallon|unit)|monthly|weekly|daily|hourly|yearly|annually|apiece|each)\b/i;
/** The same, right after a figure in a passage: "$13 a share", "$9.99 monthly", "$5 per week". */
const RATE_AFTER =
  /^\s*(?:(?:a|an|per|each|every)\s+(?:second|minute|hour|day|week|month|year|share|person|head|ton|barrel|gallon|unit)|monthly|weekly|daily|hourly|yearly|annually|apiece|each)\b/i;
const THOUSANDS_SEPARATOR = /,/g;
const FOUR_DIGITS = /^\d{4}$/;
/** A figure with its qualifier, currency and scale: "about $5.5 billion", "five-and-a-half". */
const FIGURE = new RegExp(`${B}${QUALIFIER}(${CURRENCY_SYMBOL})?\\s?${NUMBER}${HALF}${SCALE}${E}`, 'giu');
/** "an hour", "a block", "half a mile": one unit, for durations and lengths only. */
const ONE_UNIT =
  /(?<![\p{L}\p{N}])(?:(?:about|nearly|almost|more than|less than|over|just|only)\s+)?(half an?|an?)\s+(?=\p{L})/giu;
/** The words after a figure, with where each ends: letters (a hyphen before a word is skipped), or %. */
const NEXT_WORD = /\s*(?:-\s*)?(%|[\p{L}]+(?:['’][\p{L}]+)*)/uy;
/** A capitalised word and a comma right before an age: "Braun, 38". */
const NAME_COMMA_BEFORE = /\p{Lu}[\p{L}'’.-]*,\s*$/u;
/** What may follow "Name, 38": a comma, a full stop, a dash or a closing bracket. */
const AGE_COMMA_AFTER = /^\s?(?:[,.;)–—]|-\s)/;
/** "aged 38", "age 38", "at the age of 38". */
const AGE_BEFORE = /\b(?:aged|age|age of)\s*$/i;
const TRAILING_PUNCTUATION = /[?!.]+\s*$/;
/** The first word of the topic (with the whitespace before it): maybe the unit asked in. */
const LEADING_WORD = /^\s*[\p{L}]+/u;
const DIGIT = /\d/;
const FUNCTION_WORD = /^(?:of|the|a|an|to|in|on|at|for|and|or|with|by|from|as|is|was|are|were|percent|per)$/i;
/** "number one", "No. 2" right before a figure: a rank. */
const RANK_BEFORE = /\b(?:number|no\.)\s*$/i;
/** A hyphen and a digit right after a figure: a model code ("787-9"). */
const MODEL_CODE_AFTER = /^-\d/;
const WHITESPACE = /\s/g;
const WHITESPACE_RUN = /\s+/;
const CAPITALISED = /^\p{Lu}/u;
/** Characters between a name and its age: "Dana Pell, 41", "The 63-year-old Marsh". */
const AGE_REACH = 12;
const YEAR_WORD = /^years?$/i;
const WORD_TOKEN = /[\p{L}\p{N}]+/gu;

export function quantityKindOf(question: string): QuantityKind | undefined {
  const ask = quantityQuestion(question);
  return ask ? [...ask.kinds.keys()][0] : undefined;
}

/** What a "how many / much / long / far / old" question asks for; undefined for other questions. */
export function quantityQuestion(question: string): QuantityAsk | undefined {
  const q = question.replace(TRAILING_PUNCTUATION, '');
  const m = HOW_QUANTITY.exec(q);
  if (!m) return undefined;
  const how = m[1]!.toLowerCase();
  const rest = q.slice(m.index + m[0].length);
  const rate = RATE_WORDS.test(rest);
  const ranked = (...kinds: QuantityKind[]) => new Map(kinds.map((k, i) => [k, 1 - 0.25 * i] as const));
  let topic = `${q.slice(0, m.index)}${rest}`;
  let kinds: Map<QuantityKind, number>;
  let head: string | undefined;
  if (how === 'many') {
    head = headNoun(q);
    if (head && LENGTH_UNIT.test(head)) [kinds, head] = [ranked('distance'), undefined];
    else if (head && TIME_UNIT.test(head)) [kinds, head] = [ranked('duration'), undefined];
    else if (head && PERCENT_SIGN.test(head)) [kinds, head] = [ranked('share'), undefined];
    else kinds = ranked('count');
  } else if (how === 'much') {
    if (MUCH_OF.test(rest)) kinds = ranked('share', 'money', 'measure');
    else if (MUCH_MONEY.test(rest)) kinds = ranked('money');
    else if (WEIGH_VERB.test(rest)) kinds = ranked('measure');
    else if (CHANGE_VERB.test(rest)) kinds = ranked('share', 'money', 'measure');
    else if (MUCH_VERB.test(rest)) kinds = ranked('money', 'share', 'measure');
    else kinds = ranked('measure', 'money', 'share');
  } else if (how === 'long') {
    kinds = LONG_THING.test(rest)
      ? new Map([
          ['duration', 1],
          ['distance', 1],
        ])
      : ranked('duration');
  } else if (how === 'far') kinds = ranked('distance');
  else kinds = ranked('age');
  // The unit asked in is not the topic ("how many days will the strike last" is about the strike).
  if (!kinds.has('count'))
    topic = topic.replace(LEADING_WORD, (w) =>
      LENGTH_UNIT.test(w.trim()) || TIME_UNIT.test(w.trim()) || PERCENT_SIGN.test(w.trim()) ? '' : w,
    );
  return { kinds, ...(head ? { head } : {}), rate, topic };
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
  kind: QuantityKind;
  surface: string;
  value: number;
  unit: string;
  /** How well the figure fits the question (0–1). */
  fit: number;
  /** Where the figure starts and ends in the sentence. */
  start: number;
  end: number;
}

interface Word {
  word: string;
  end: number;
}

/** Up to `n` words after `from`, stopping at anything else (a digit, a comma, a bracket). */
function wordsAfter(text: string, from: number, n: number): Word[] {
  const out: Word[] = [];
  let at = from;
  while (out.length < n) {
    NEXT_WORD.lastIndex = at;
    const m = NEXT_WORD.exec(text);
    if (!m) break;
    out.push({ word: m[1]!, end: m.index + m[0].length });
    at = m.index + m[0].length;
  }
  return out;
}

/** The index of the first of the next `within` words that `unit` accepts, else -1. */
function unitAt(next: Word[], unit: RegExp, within: number): number {
  for (let i = 0; i < Math.min(within, next.length); i++) if (unit.test(next[i]!.word)) return i;
  return -1;
}

/**
 * The figures in a sentence that answer one of the kinds asked, with the unit that makes them that
 * kind: "$5 billion" (money), "37 percent" (share), "90-day" (duration), "155-mile" (distance),
 * "100 metric tons" (measure), "Braun, 38" and "the 56-year-old" (age), "13 markets" (count).
 */
export function quantitiesIn(sentence: string, ask: Pick<QuantityAsk, 'kinds' | 'head' | 'rate'>): Found[] {
  const out: Found[] = [];
  const { kinds, head } = ask;
  const push = (f: Omit<Found, 'fit'> & { fit?: number }) => {
    const weight = kinds.get(f.kind);
    if (weight === undefined) return;
    const rate = RATE_AFTER.test(sentence.slice(f.end, f.end + 24)) && !ask.rate ? 0.5 : 1;
    out.push({ ...f, fit: (f.fit ?? 1) * weight * rate });
  };
  for (const m of sentence.matchAll(FIGURE)) {
    const start = m.index ?? 0;
    const symbol = m[1];
    const numText = m[2]!.toLowerCase();
    const half = m[3] ? 0.5 : 0;
    const scale = (m[4] ?? '').toLowerCase();
    const base = (WORD_VALUES[numText] ?? Number(numText.replace(THOUSANDS_SEPARATOR, ''))) + half;
    if (!Number.isFinite(base)) continue;
    const value = base * (SCALES[scale] ?? 1);
    const figureEnd = start + m[0].length;
    const next = wordsAfter(sentence, figureEnd, 4);
    const first = next[0]?.word ?? '';
    const before = sentence.slice(Math.max(0, start - 24), start);
    // A rank is not a count ("the number one buyer", "No. 2"), nor is a model code ("787-9").
    if (RANK_BEFORE.test(before) || MODEL_CODE_AFTER.test(sentence.slice(figureEnd, figureEnd + 2))) continue;
    // Dates and years are not quantities ("February 24", "in 2014").
    if (MONTH.test(first) || MONTH.test(words(before).pop() ?? '')) continue;
    if (FOUR_DIGITS.test(numText) && value >= 1900 && value <= 2100 && !scale && !symbol) continue;
    const upTo = (i: number) => ({ start, end: next[i]!.end, surface: sentence.slice(start, next[i]!.end) });
    const figure = { start, end: figureEnd, surface: m[0] };

    if (symbol || CURRENCY_WORD.test(first)) {
      if (symbol) push({ kind: 'money', value, unit: symbol.replace(WHITESPACE, ''), ...figure });
      else push({ kind: 'money', value, unit: first.toLowerCase(), ...upTo(0) });
      if (symbol) continue;
    }
    if (
      PERCENT_SIGN.test(first) ||
      (first.toLowerCase() === 'per' && next[1]?.word.toLowerCase() === 'cent')
    ) {
      push({ kind: 'share', value, unit: '%', ...upTo(first === 'per' ? 1 : 0) });
      continue;
    }
    // "56-year-old", "38 years old": an age, not a duration.
    const yearAt = unitAt(next, YEAR_WORD, 1);
    if (yearAt === 0 && next[1]?.word.toLowerCase() === 'old') {
      push({ kind: 'age', value, unit: 'years', ...upTo(1) });
      continue;
    }
    if (AGE_BEFORE.test(before) || (NAME_COMMA_BEFORE.test(before) && endsAge(sentence, figureEnd))) {
      if (Number.isInteger(value) && value > 0 && value < 120 && !scale)
        push({ kind: 'age', value, unit: 'years', ...figure, surface: `${m[0]} years old` });
      continue;
    }
    const time = unitAt(next, TIME_UNIT, 2);
    if (time >= 0) {
      // "three years ago" is a point in time, not a length of time.
      if (next[time + 1]?.word.toLowerCase() !== 'ago')
        push({ kind: 'duration', value, unit: next[time]!.word.toLowerCase(), ...upTo(time) });
      continue;
    }
    const length = unitAt(next, LENGTH_UNIT, 2);
    if (length >= 0) {
      push({ kind: 'distance', value, unit: next[length]!.word.toLowerCase(), ...upTo(length) });
      continue;
    }
    const measure = unitAt(next, MEASURE_UNIT, 2);
    if (measure >= 0) {
      const last = MEASURE_UNIT.test(next[measure + 1]?.word ?? '') ? measure + 1 : measure;
      push({ kind: 'measure', value, unit: next[last]!.word.toLowerCase(), ...upTo(last) });
      continue;
    }
    if (!kinds.has('count')) continue;
    const at = head ? next.findIndex((w) => processTerm(w.word) === head) : -1;
    if (at >= 0) push({ kind: 'count', value, unit: head ?? '', fit: 1 - at * 0.15, ...upTo(at) });
    else {
      // The word after the figure names what was counted, unless it is a function word ("123 of …").
      const named = next[0] && !FUNCTION_WORD.test(next[0].word);
      push({ kind: 'count', value, unit: head ?? '', fit: 0.25, ...(named ? upTo(0) : figure) });
    }
  }
  // "an hour", "a block away", "half a mile"; "hourlong".
  if (kinds.has('duration') || kinds.has('distance')) {
    for (const m of sentence.matchAll(ONE_UNIT)) {
      const start = m.index ?? 0;
      const next = wordsAfter(sentence, start + m[0].length, 1);
      const unit = next[0]?.word ?? '';
      const value = m[1]!.toLowerCase().startsWith('half') ? 0.5 : 1;
      const span = {
        start,
        end: next[0]?.end ?? start,
        surface: sentence.slice(start, next[0]?.end ?? start),
      };
      if (TIME_UNIT.test(unit) && next[0])
        push({ kind: 'duration', value, unit: unit.toLowerCase(), ...span });
      else if (LENGTH_UNIT.test(unit) && next[0])
        push({ kind: 'distance', value, unit: unit.toLowerCase(), ...span });
    }
    for (const m of sentence.matchAll(WORD_TOKEN)) {
      const long = LONG_COMPOUND.exec(m[0]);
      const start = m.index ?? 0;
      if (long)
        push({
          kind: 'duration',
          value: 1,
          unit: long[1]!.toLowerCase(),
          start,
          end: start + m[0].length,
          surface: m[0],
        });
    }
  }
  return out;
}

/** Whether the figure ending at `end` closes an aside like "Braun, 38," (or ends the sentence). */
function endsAge(sentence: string, end: number): boolean {
  return sentence.trimEnd().length <= end || AGE_COMMA_AFTER.test(sentence.slice(end, end + 3));
}

/** Where the question's words stand in a sentence, in order, and whether each is capitalised. */
interface Span {
  start: number;
  end: number;
  capitalised: boolean;
  /** The question's own word, not a spelling the search let through ("Lina" for "Lind"). */
  asked: boolean;
}

function spansOf(sentence: string, matched: ReadonlySet<string>, asked: ReadonlySet<string>): Span[] {
  const spans: Span[] = [];
  for (const m of sentence.matchAll(WORD_TOKEN)) {
    const term = processTerm(m[0]);
    const start = m.index ?? 0;
    if (term && matched.has(term))
      spans.push({
        start,
        end: start + m[0].length,
        capitalised: CAPITALISED.test(m[0]),
        asked: asked.has(term),
      });
  }
  return spans;
}

/**
 * The question's word nearest to a figure in its sentence, and the characters between them. A binary
 * search over the spans, so a sentence full of figures stays linear.
 */
function nearest(found: Found, spans: Span[]): { gap: number; span?: Span } {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.start < found.start) lo = mid + 1;
    else hi = mid;
  }
  const after = spans[lo];
  const before = spans[lo - 1];
  const gapAfter = after ? Math.max(0, after.start - found.end) : Infinity;
  const gapBefore = before ? Math.max(0, found.start - before.end) : Infinity;
  return gapBefore <= gapAfter ? { gap: gapBefore, span: before } : { gap: gapAfter, span: after };
}

/**
 * How much a figure's place in its sentence counts: 1 next to the question's words, less further
 * off. An age must stand right by a name the question gives ("Braun, 38", "the 63-year-old Marsh"),
 * spelled as the question spells it: anyone else's age in the sentence is not the one asked.
 */
function placement(found: Found, spans: Span[]): number {
  const { gap, span } = nearest(found, spans);
  if (found.kind === 'age') return span?.capitalised && span.asked && gap <= AGE_REACH ? 1 : 0;
  return span ? 1 / (1 + gap / 80) : 0.5;
}

export function answerQuantity(index: DossierIndex, rawQuery: string, offset = 0): Answer {
  const query = cleanQuery(rawQuery);
  const ask = quantityQuestion(query) ?? { kinds: new Map([['count', 1]]), rate: false, topic: query };
  const topic = ask.topic;
  const found = topicHits(index, topic, 40, true);
  if (found.noTerms) return notFound(index, 'ask', query, noTermsMessage(index));
  if (found.hits.length === 0) return notFound(index, 'ask', query, nothingAbout(topic));
  const askedAge = ask.kinds.has('age');
  const hits = withNeighbours(index, found.hits, commonTerms(topic), askedAge);
  const topicTerms = new Set(queryTerms(topic));

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
  // The figures of each sentence, read once: a syndicated story's copies repeat its sentences.
  const figuresIn = new Map<string, Found[]>();
  hits.forEach((hit) => {
    const weight = evidenceWeight(hit, top);
    const matched = new Set(hit.matched);
    let aboutBefore = 0;
    for (const sentence of hit.paragraph.sentences) {
      const about = tokensOf(sentence).terms.filter((t) => matched.has(t ?? '')).length;
      // A sentence that goes on about what one before it named ("The two leaders … in the hourlong
      // encounter" after "the debate …") counts, at half weight.
      const carried = about === 0 && aboutBefore > 0 ? 0.5 : 1;
      aboutBefore += about;
      // "The 56-year-old said …": the age of the person the story last named.
      const anaphoric =
        askedAge && ANAPHORIC_AGE.test(sentence) && lastNamedIs(index, hit, sentence, topicTerms);
      if (about === 0 && carried === 1 && !anaphoric) continue;
      let figures = figuresIn.get(sentence);
      if (!figures) figuresIn.set(sentence, (figures = quantitiesIn(sentence, ask)));
      const spans = figures.length > 0 && about > 0 ? spansOf(sentence, matched, topicTerms) : [];
      for (const f of figures) {
        const key = `${f.value}|${f.kind}|${f.kind === 'count' ? '' : f.unit}`;
        const fit =
          anaphoric && f.kind === 'age' && f.start <= ANAPHORIC_AGE_END
            ? f.fit
            : f.fit * carried * placement(f, spans);
        if (fit === 0) continue;
        const s = weight * fit * (1 + about * 0.25);
        const entry = values.get(key) ?? {
          surface: f.surface,
          bestFit: 0,
          score: 0,
          articles: new Set<string>(),
          perArticle: new Map<string, number>(),
          positions: new Map<number, number>(),
        };
        if (fit > entry.bestFit) {
          entry.bestFit = fit;
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
      `No ${FIGURE_NAMES[[...ask.kinds.keys()][0]!]} found in the articles for “${query}”. Closest passages:`,
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

/** How many paragraphs either side of a passage holding all the question's words a story goes on. */
const NEIGHBOUR_REACH = 2;
/** How much a neighbouring paragraph's evidence counts against the passage's own. */
const NEIGHBOUR_WEIGHT = 0.4;
/** The passages whose neighbours are read. */
const NEIGHBOUR_ANCHORS = 8;
/** A sentence that opens on an age standing for a person: "The 56-year-old said …" (no name after). */
const ANAPHORIC_AGE = /^\s*(?:["“‘']\s*)?The\s+\d{1,3}-year-old\s+(?!\p{Lu})/u;
/** Where the age of such a sentence may end. */
const ANAPHORIC_AGE_END = 24;
/** How many paragraphs back the person such a sentence speaks of may have been named. */
const NAMED_REACH = 3;

/**
 * The hits, and the paragraphs right around the best of them in the same article. News tells one
 * thing over several paragraphs: "In their first TV debate …, Johnson and Corbyn attacked …" is
 * followed by "But the debate … in the hourlong encounter", and a letter's "My husband of more than
 * 20 years" opens it, two paragraphs before the reply that names "your penny-pinching husband". A
 * neighbour must hold one of the question's lower-case words that its passage matched — the thing
 * measured ("debate", "husband"), not only the names that say which story — or, for an age, open on
 * "The 56-year-old"; its evidence counts for less.
 */
function withNeighbours(
  index: DossierIndex,
  hits: Hit[],
  common: ReadonlySet<string>,
  askedAge: boolean,
): Hit[] {
  const taken = new Set(hits.map((h) => h.pos));
  const out = [...hits];
  for (const hit of hits.slice(0, NEIGHBOUR_ANCHORS)) {
    for (let d = -NEIGHBOUR_REACH; d <= NEIGHBOUR_REACH; d++) {
      const pos = hit.pos + d;
      const paragraph = index.paragraphs[pos];
      if (d === 0 || taken.has(pos) || !paragraph || paragraph.articleId !== hit.article.id) continue;
      const terms = tokensOf(paragraph.text).set;
      const shared = hit.matched.filter((t) => terms.has(t));
      if (
        !shared.some((t) => common.has(t)) &&
        !(askedAge && paragraph.sentences.some((s) => ANAPHORIC_AGE.test(s)))
      )
        continue;
      taken.add(pos);
      out.push({
        ...hit,
        pos,
        paragraph,
        score: hit.score * NEIGHBOUR_WEIGHT * NEIGHBOUR_WEIGHT,
        matched: shared,
        textTerms: shared,
      });
    }
  }
  return out;
}

/** The terms of the question's words that are not capitalised: what is asked about, not who. */
function commonTerms(topic: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(topic)) {
    if (CAPITALISED.test(w)) continue;
    const t = processTerm(w);
    if (t) out.add(t);
  }
  return out;
}

/**
 * Whether the person named last before `sentence` (earlier in its paragraph, or in the paragraphs
 * just before) is the one the question names.
 */
function lastNamedIs(
  index: DossierIndex,
  hit: Hit,
  sentence: string,
  topicTerms: ReadonlySet<string>,
): boolean {
  const { paragraph } = hit;
  const at = paragraph.sentences.indexOf(sentence);
  for (let back = 0; back <= NAMED_REACH; back++) {
    const pos = hit.pos - back;
    const p = index.paragraphs[pos];
    if (!p || p.articleId !== paragraph.articleId) break;
    const text = back === 0 ? p.sentences.slice(0, Math.max(0, at)).join(' ') : p.text;
    // The surnames of the people whose mention stands last in this paragraph (several at one place).
    let last = -1;
    const surnames = new Set<string>();
    for (const { entity, surfaces } of entitiesAt(index, pos)) {
      if (entity.kind !== 'person') continue;
      const surname = processTerm(entity.name.split(WHITESPACE_RUN).pop() ?? '') ?? '';
      for (const surface of surfaces) {
        const offset = text.lastIndexOf(surface);
        if (offset < 0 || offset < last) continue;
        if (offset > last) surnames.clear();
        last = offset;
        surnames.add(surname);
      }
    }
    if (last >= 0) return surnames.size === 1 && topicTerms.has([...surnames][0]!);
  }
  return false;
}

/** What "nothing found" calls the figure asked for. */
const FIGURE_NAMES: Record<QuantityKind, string> = {
  count: 'number',
  money: 'amount',
  duration: 'length of time',
  distance: 'distance or length',
  age: 'age',
  share: 'share or percentage',
  measure: 'amount',
};

function numberTerms(surface: string): string[] {
  return words(surface)
    .filter((w) => DIGIT.test(w))
    .map((w) => processTerm(w))
    .filter((t): t is string => !!t);
}
