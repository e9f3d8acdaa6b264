/** The figures a sentence states, each with the unit that makes it money, a share, a duration, a distance, a measure, an age or a count. */
import { labelBefore, MODEL_CODE_AFTER, NAME_CODE_BEFORE, RANK_BEFORE } from './quantity-label.js';
import { isPeopleNoun } from '../index/tables/person-nouns.js';
import { ANY_PEOPLE, countsPeople, PEOPLE, peopleFor, sameThing } from './quantity-counted.js';
import { processTerm, SMALL_NUMBER_WORDS, words } from '../index/terms.js';
import type { QuantityAsk, QuantityKind } from './quantity-question.js';
import { matchesOf } from '../corpus/text.js';

const QUALIFIER =
  '(?:(?:about|around|approximately|roughly|nearly|almost|over|more than|less than|fewer than|at least|up to|some|an estimated|estimated|only|just)\\s+)?';
/** Tens and teens in words ("thirteen", "thirty", "twenty-five"): news spells numbers under 100 often. */
const TENS = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
const TEENS = 'thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen';
/** Thousands set apart by spaces ("800 000 hectares"); not after a month ("March 5 200 people"). */
const SPACED_THOUSANDS = String.raw`(?<!(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?\s)\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)(?:\.\d+)?`;
const NUMBER = `(${SPACED_THOUSANDS}|\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|(?:${TENS})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine)(?![\\p{L}-]))?|${TEENS}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|tens of thousands)`;
const HALF = '((?:[- ]and[- ]a[- ]half)?)';
/** "2 million", "$5bn", "a 2.2-million-ounce discovery" (a hyphen before a scale word only: "5-m" is metres). */
const SCALE =
  '(?:(?:\\s*|-(?=(?:thousand|million|billion|trillion)\\b))(thousand|lakh|million|crore|billion|trillion|bn|m)\\b)?';
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
const TENS_VALUES: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const TEENS_VALUES: Record<string, number> = {
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const COMPOUND_SEPARATOR = /[- ]/;

/** "thirteen" → 13, "thirty" → 30, "twenty-five" → 25; undefined for anything else. */
function wordsValue(text: string): number | undefined {
  if (TEENS_VALUES[text] !== undefined) return TEENS_VALUES[text];
  const [tens, unit] = text.split(COMPOUND_SEPARATOR);
  const t = TENS_VALUES[tens ?? ''];
  if (t === undefined) return undefined;
  return unit ? t + (SMALL_NUMBER_WORDS[unit] ?? 0) : t;
}

const SCALES: Record<string, number> = {
  thousand: 1e3,
  lakh: 1e5,
  million: 1e6,
  crore: 1e7,
  m: 1e6,
  billion: 1e9,
  bn: 1e9,
  trillion: 1e12,
};
/** Currency signs, with the country letters written before a dollar sign ("S$445 million", "HK$2 billion"). */
const CURRENCY_SYMBOL =
  '(?:US\\s?\\$|(?:AU|CA|NZ|HK|NT|S|A|C|R)\\$|\\$|€|£|¥|₽|₹|₩|₱|₺|₦|₴|Rs\\.?\\s?|INR\\s?)';
const CURRENCY_WORD =
  /^(dollars?|euros?|pounds?|rubles?|roubles?|yen|yuan|hryvnias?|francs?|rupees?|usd|eur|gbp|rub)$/i;
export const TIME_UNIT =
  /^(milliseconds?|microseconds?|nanoseconds?|ms|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|decades?|centuries)$/i;
/** "hourlong", "yearlong", "day-long" (read as one word here): a duration of one unit. */
const LONG_COMPOUND = /^(second|minute|hour|day|week|month|year|decade)-?long$/i;
export const LENGTH_UNIT =
  /^(km|kilometers?|kilometres?|miles?|meters?|metres?|feet|foot|ft|yards?|inches|inch|centimeters?|centimetres?|cm|mm|blocks?|nautical)$/i;
export const MEASURE_UNIT =
  /^(tons?|tonnes?|metric|pounds?|lbs?|kilograms?|kilos?|kg|grams?|ounces?|oz|liters?|litres?|gallons?|barrels?|bushels?|cubic|square|acres?|hectares?|megawatts?|gigawatts?|kilowatts?|mw|gw|kw|kwh|mwh|gwh|calories|degrees|mph|kph|mg|ml|bytes|kb|mb|gb|tb|kib|mib|gib|tib|kilobytes?|megabytes?|gigabytes?|terabytes?)$/i;
const LIGHT_YEARS = /^years?$/i;

/** Units of weight: what "how heavy" and "how much does it weigh" ask for. */
const MASS_UNIT = /^(tons?|tonnes?|pounds?|lbs?|kilograms?|kilos?|kg|grams?|ounces?|oz)$/i;
export const PERCENT_SIGN = /^(%|percent|pct)$/i;
const MONTH =
  /^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?$/i;
/** The same after a figure: "$13 a share", "$9.99 monthly", "$5 per week", "$2.53 in per-share earnings". */
const RATE_AFTER =
  /^\s*(?:(?:a|an|per|each|every)\s+(?:second|minute|hour|day|week|month|year|share|person|head|ton|barrel|gallon|unit)|(?:in\s+)?per[- ](?:diluted\s+|adjusted\s+|basic\s+)?share|monthly|weekly|daily|hourly|yearly|annually|apiece|each)\b/i;
/**
 * "per second" ending the figure's clause further off: "5,200 pounds of water vapor being released
 * from Europa per second" is a rate too ("a day" so far off is a time: "a day after the vote").
 */
const RATE_LATER = /^[^,;.:!?—–]{0,80}?\b(?:per|every|each)\s+(?:second|minute|hour|day|week|month|year)\b/i;
const RATE_REACH = 24;

/** Whether the figure ending at `end` is a rate: "$13 a share", "… released per second". */
function isRate(sentence: string, end: number): boolean {
  return (
    RATE_AFTER.test(sentence.slice(end, end + RATE_REACH)) || RATE_LATER.test(sentence.slice(end, end + 100))
  );
}
const THOUSANDS_SEPARATOR = /[,\s]/gu;
const FOUR_DIGITS = /^\d{4}$/;
/** Units written right after the digits: "4km", "50MiB", "100mph", "800ms". */
const GLUED_UNIT =
  'km|cm|mm|kg|mg|ml|mph|kph|kwh|mwh|gwh|mw|gw|kw|ms|hrs?|mins?|secs?|kb|mb|gb|tb|kib|mib|gib|tib|lbs?|ft';
/** A figure with its qualifier, currency and scale: "about $5.5 billion", "five-and-a-half". */
export const FIGURE = new RegExp(
  `${B}${QUALIFIER}(${CURRENCY_SYMBOL})?\\s?${NUMBER}${HALF}${SCALE}(?:${E}|(?=(?:${GLUED_UNIT})${E}))`,
  'giu',
);
/**
 * What every text FIGURE matches in holds: a digit, or a number word at the start of a word (FIGURE's
 * number always stands after a character that is not a letter or digit: the start, a space, a
 * currency sign). Much cheaper than FIGURE, which cannot skip ahead to a likely start; four sentences
 * in five of the bench corpus have neither, and FIGURE is not run on them.
 */
export const MAY_HOLD_FIGURE =
  /\d|(?<![\p{L}\p{N}])(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|thirteen|fifteen)/iu;
/** "an hour", "a block", "half a mile": one unit, for durations and lengths only. */
const ONE_UNIT =
  /(?<![\p{L}\p{N}])(?:(?:about|nearly|almost|more than|less than|over|just|only)\s+)?(half an?|an?)\s+(?=\p{L})/giu;
/** "… or two", "… or so", "… or more" after "a year": part of the estimate. */
const OR_MORE = /^\s+or\s+(two|three|so|more)\b/i;
/** The top of the range an estimate's tail gives. */
const OR_UPPER: Record<string, number> = { two: 2, three: 3 };
/** The words after a figure, with where each ends: letters (a hyphen before a word is skipped), or %. */
const NEXT_WORD = /[”"’]?\s*(?:-\s*)?[“"‘]?(%|[\p{L}]+(?:['’][\p{L}]+)*(?:-\d+(?![\d.,]))?)/uy;
/** A capitalised word and a comma right before an age: "Braun, 38". */
const NAME_COMMA_BEFORE = /\p{Lu}[\p{L}'’.-]*,\s*$/u;
/** A capitalised word and an opening bracket before an age, as British and Irish news give it: "Tom Martens (73)". */
const NAME_BRACKET_BEFORE = /\p{Lu}[\p{L}'’.-]*\s*\(\s*$/u;
const BRACKET_CLOSE = /^\s*\)/;
/** What may follow "Name, 38": a comma, a full stop, a dash or a closing bracket. */
const AGE_COMMA_AFTER = /^\s?(?:[,.;()–—]|-\s)/;
/** "At 16, he went to college": a sentence opening with "At" and a bare number is an age… */
const AT_START = /^at $/i;
/** …when the clause goes on with who was that age. */
const AT_AGE_AFTER = /^,\s*(?:he|she|they|I|we|\p{Lu}\p{Ll}+)\b/u;
/** The determiner of "two of our / the / its …". */
const PARTITIVE_DETERMINER = /^(?:the|our|its|their|his|her|your|my|these|those)$/i;
/** "one" with no noun after it, at the end of a clause: the pronoun. */
const PRONOUN_ONE_AFTER = /^\s*(?:[.,;:!?)”"’]|another\b|$)/;
/**
 * A determiner and up to three words before "one" ("a new", "the only", "a “business” or “creator”"),
 * none of them a word that takes a number after it ("a total of one", "more than one").
 */
const PRONOUN_ONE_BEFORE =
  /\b(?:a|an|the|this|that|which|each|every|any|no|another)\s+(?:(?!(?:of|than|to|about|only|just|least|most)\b)[^\s.,;:!?]+\s+){1,3}$/i;
/** "any one person", "no one", "every one of them": "one" after these counts nothing. */
const DETERMINED_ONE_BEFORE = /\b(?:any|no|every|each|which)\s+$/i;
/** What follows a pronoun "one" that a counted noun would not: a preposition or a relative word. */
const ONE_THEN_LINK = /^\s+(?:at|in|on|for|with|from|by|to|that|which|who|instead)\b/i;
/** "since I was 17", "when she was 12": a pronoun and a copula before a bare number is an age. */
const PRONOUN_WAS_BEFORE = /\b(?:I|he|she|we|they|you)\s+(?:was|were|am|is|are|turned)\s+$/i;
/** "younger than 5", "under the age of 12", "children under 5": an age bound before a number. */
const AGE_BOUND_BEFORE =
  /\b(?:(?:younger|older)\s+than|(?:under|over)\s+the\s+age\s+of|(?:children|kids|babies|infants|toddlers|minors|teens|teenagers|adults|people|those)\s+(?:under|over))\s*$/i;
/** "aged 38", "age 38", "at the age of 38". */
const AGE_BEFORE = /\b(?:aged|ages?|ages? of)\s*$/i;
const FUNCTION_WORD = /^(?:of|the|a|an|to|in|on|at|for|and|or|with|by|from|as|is|was|are|were|percent|per)$/i;
const DIGIT_START = /^\d/;
const WHITESPACE = /\s/g;
const YEAR_WORD = /^years?$/i;
export const WORD_TOKEN = /[\p{L}\p{N}]+/gu;

export interface Found {
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
export function quantitiesIn(
  sentence: string,
  ask: Pick<QuantityAsk, 'kinds' | 'head' | 'rate' | 'mass' | 'verbs' | 'people'>,
): Found[] {
  const out: Found[] = [];
  const { kinds } = ask;
  const push: Push = (f) => {
    const weight = kinds.get(f.kind);
    if (weight === undefined) return;
    const rate = !ask.rate && isRate(sentence, f.end) ? 0.5 : 1;
    out.push({ ...f, fit: (f.fit ?? 1) * weight * rate });
  };
  if (MAY_HOLD_FIGURE.test(sentence)) {
    // A range ("one-to-seven days") is read as one figure: its second number is not read again.
    let read = 0;
    for (const m of matchesOf(FIGURE, sentence))
      if ((m.index ?? 0) >= read) read = readFigure(sentence, m, ask, push);
  }
  // "an hour", "a block away", "half a mile"; "hourlong".
  if (kinds.has('duration') || kinds.has('distance')) readOneUnits(sentence, push);
  if ((kinds.has('share') || kinds.has('duration')) && FRACTION_WORD.test(sentence))
    readFractions(sentence, push);
  return out;
}

/** Cheap check before FRACTION: the word for a part. */
const FRACTION_WORD = /half|third|quarter|fifth|tenth/i;
/**
 * A part said in words: "reduced by a third", "two-thirds of voters", "cut in half", and a part of a
 * unit of time: "nearly a quarter century".
 */
const FRACTION =
  /(?<![\p{L}\p{N}])(?:(?:about|nearly|almost|roughly|more than|less than|over|just|only)\s+)?(?:(a|one|two|three|four)[- ](half|thirds?|quarters?|fifths?|tenths?)|(?<=\b(?:by|in)\s)(half))(?![\p{L}-])/giu;
const NUMERATOR: Record<string, number> = { a: 1, one: 1, two: 2, three: 3, four: 4 };
const DENOMINATOR: Record<string, number> = { half: 2, third: 3, quarter: 4, fifth: 5, tenth: 10 };
const PLURAL_S = /s$/;
const CENTURY = /^century$/i;
const BY_BEFORE = /\b(?:by|in)\s+$/i;

function readFractions(sentence: string, push: Push): void {
  for (const m of matchesOf(FRACTION, sentence)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const part = (m[2] ?? m[3] ?? '').toLowerCase().replace(PLURAL_S, '');
    const share = (NUMERATOR[(m[1] ?? 'one').toLowerCase()] ?? 1) / (DENOMINATOR[part] ?? 1);
    const next = wordsAfter(sentence, end, 1)[0];
    if (next && (TIME_UNIT.test(next.word) || CENTURY.test(next.word))) {
      // "a quarter century": a part of a unit of time.
      const unit = next.word.toLowerCase();
      push({
        kind: 'duration',
        value: share,
        unit,
        start,
        end: next.end,
        surface: sentence.slice(start, next.end),
      });
    } else if (
      next?.word.toLowerCase() === 'of' ||
      BY_BEFORE.test(sentence.slice(Math.max(0, start - 4), start))
    ) {
      // A part of something: "two-thirds of voters", "reduced by a third".
      push({ kind: 'share', value: share * 100, unit: '%', start, end, surface: sentence.slice(start, end) });
    }
  }
}

/** Keeps a figure found in a sentence when it is of a kind asked, weighted by how well it fits. */
type Push = (f: Omit<Found, 'fit'> & { fit?: number }) => void;
/** Where a figure stands in its sentence and what it reads as there. */
type FigureSpan = Pick<Found, 'start' | 'end' | 'surface'>;

/**
 * A range's second number: "one-to-seven days", "10 to 15 percent", "3-5 miles", "between 2 and 4 hours".
 * Not after an em dash, which sets off a clause: "on November 3—nine days before an announcement".
 */
const RANGE_NEXT = new RegExp(
  `^(?:\\s*[-–]\\s*|\\s+to\\s+|-to-|\\s+or\\s+|\\s+(and)\\s+)${NUMBER}${SCALE}${E}`,
  'iu',
);
const BETWEEN_BEFORE = /\bbetween\s+$/i;
/** A unit that makes "3-5" a range, not a model code like "787-9". */
const isUnit = (w: string) =>
  TIME_UNIT.test(w) || LENGTH_UNIT.test(w) || MEASURE_UNIT.test(w) || PERCENT_SIGN.test(w);

/** One FIGURE match, skipped when a rank, a code, a date or a year; returns where its reading ends. */
function readFigure(
  sentence: string,
  m: RegExpMatchArray,
  ask: Pick<QuantityAsk, 'kinds' | 'head' | 'mass' | 'verbs' | 'people'>,
  push: Push,
): number {
  // FIGURE may take the space before a number it finds after punctuation ("numbers: 44 percent").
  const lead = m[0].length - m[0].trimStart().length;
  const start = (m.index ?? 0) + lead;
  const symbol = m[1];
  const numText = m[2]!.toLowerCase();
  const half = m[3] ? 0.5 : 0;
  const scale = (m[4] ?? '').toLowerCase();
  const base =
    (WORD_VALUES[numText] ?? wordsValue(numText) ?? Number(numText.replace(THOUSANDS_SEPARATOR, ''))) + half;
  let figureEnd = start + m[0].length - lead;
  if (!Number.isFinite(base)) return figureEnd;
  const value = base * (SCALES[scale] ?? 1);
  const before = sentence.slice(Math.max(0, start - 24), start);
  // Where the figure's surface starts: at "between" for "between 2 and 4 hours".
  let from = start;
  const range = symbol ? null : RANGE_NEXT.exec(sentence.slice(figureEnd, figureEnd + 40));
  const between = range?.[1] ? BETWEEN_BEFORE.exec(before) : null;
  if (range && (!range[1] || between)) {
    const after = wordsAfter(sentence, figureEnd + range[0].length, 2);
    // A hyphen joins a range only before a unit: "3-5 miles", not "787-9 jets".
    const hyphen = !range[0].includes('to') && !range[1];
    // "between the ages of 18-24": after a word for age, a hyphen joins a range of ages.
    if (!hyphen || after.some((w) => isUnit(w.word)) || AGE_BEFORE.test(before)) {
      figureEnd += range[0].length;
      if (between) from = start - between[0].length;
    }
  }
  const next = wordsAfter(sentence, figureEnd, 4);
  const first = next[0]?.word ?? '';
  // A rank is not a count ("the number one buyer", "No. 2"), nor is a model code ("787-9").
  if (
    RANK_BEFORE.test(before) ||
    MODEL_CODE_AFTER.test(sentence.slice(figureEnd, figureEnd + 2)) ||
    (!symbol &&
      DIGIT_START.test(numText) &&
      (NAME_CODE_BEFORE.test(before) || (DIGIT_START.test(sentence.charAt(start)) && labelBefore(before))))
  )
    return figureEnd;
  // "children younger than 5", "kids under 12": a bound on an age, not a count of anything.
  if (AGE_BOUND_BEFORE.test(before) && !PERCENT_SIGN.test(first)) return figureEnd;
  // Dates and years are not quantities ("February 24", "in 2014").
  if (MONTH.test(first) || MONTH.test(words(before).pop() ?? '')) return figureEnd;
  if (FOUR_DIGITS.test(numText) && value >= 1900 && value <= 2100 && !scale && !symbol) return figureEnd;
  const upTo = (i: number) => ({
    start: from,
    end: next[i]!.end,
    surface: sentence.slice(from, next[i]!.end),
  });
  const figure = { start: from, end: figureEnd, surface: sentence.slice(from, figureEnd) };

  if (symbol || CURRENCY_WORD.test(first)) {
    if (symbol) push({ kind: 'money', value, unit: symbol.replace(WHITESPACE, ''), ...figure });
    else push({ kind: 'money', value, unit: first.toLowerCase(), ...upTo(0) });
    if (symbol) return figureEnd;
  }
  if (PERCENT_SIGN.test(first) || (first.toLowerCase() === 'per' && next[1]?.word.toLowerCase() === 'cent')) {
    push({ kind: 'share', value, unit: '%', ...upTo(first === 'per' ? 1 : 0) });
    return figureEnd;
  }
  // "56-year-old", "38 years old": an age, not a duration.
  const yearAt = unitAt(next, YEAR_WORD, 1);
  if (yearAt === 0 && next[1]?.word.toLowerCase() === 'old') {
    push({ kind: 'age', value, unit: 'years', ...upTo(1) });
    return figureEnd;
  }
  if (
    AGE_BEFORE.test(before) ||
    (NAME_COMMA_BEFORE.test(before) && endsAge(sentence, figureEnd)) ||
    (NAME_BRACKET_BEFORE.test(before) && BRACKET_CLOSE.test(sentence.slice(figureEnd, figureEnd + 3))) ||
    (PRONOUN_WAS_BEFORE.test(before) && endsAge(sentence, figureEnd)) ||
    (start === 3 && AT_START.test(before) && AT_AGE_AFTER.test(sentence.slice(figureEnd, figureEnd + 24)))
  ) {
    if (Number.isInteger(value) && value > 0 && value < 120 && !scale)
      push({ kind: 'age', value, unit: 'years', ...figure, surface: `${figure.surface} years old` });
    return figureEnd;
  }
  // "the first time I've used one.", "into a “business” or “creator” one at any time": a pronoun
  // standing for a noun said before it, not a count; nor is "why any one person develops HP".
  if (
    numText === 'one' &&
    (PRONOUN_ONE_AFTER.test(sentence.slice(figureEnd, figureEnd + 10)) ||
      DETERMINED_ONE_BEFORE.test(sentence.slice(Math.max(0, start - 10), start)) ||
      (PRONOUN_ONE_BEFORE.test(sentence.slice(Math.max(0, start - 40), start)) &&
        ONE_THEN_LINK.test(sentence.slice(figureEnd, figureEnd + 10))))
  )
    return figureEnd;
  // "of my 1,000 followers, five swiped away": a bare figure after a group counts its members.
  const group = GROUP_BEFORE.exec(sentence.slice(Math.max(0, start - 60), start))?.[1];
  readMeasured(next, value, upTo, figure, ask, push, sentence[figureEnd] === '-', group);
  return figureEnd;
}

/** A lower-case singular word that may be a noun (not a participle, an adverb or a function word). */
const SINGULAR_NOUN = /^\p{Ll}{3,}$/u;
const NOT_A_NOUN = /(?:ed|ing|ly|s)$/;
/**
 * The noun a figure of one counts: "one campaign", "a league", and the noun joined to any figure
 * by a hyphen ("an 11-game streak" counts games). Adjectives ("one more", "one other") are not it.
 */
function singularCounted(next: Word[], value: number, hyphened: boolean): string | undefined {
  const w = next[0]?.word;
  if (!w || (value !== 1 && !hyphened)) return undefined;
  if (!SINGULAR_NOUN.test(w) || NOT_A_NOUN.test(w) || FUNCTION_WORD.test(w) || NOT_COUNTED.has(w))
    return undefined;
  return w;
}
const NOT_COUNTED = new Set(
  'more other another single major last first dead who that which whose will would can could may might'.split(
    ' ',
  ),
);

/**
 * The plural a figure counts: within its next two words, or past two more lowercase modifiers
 * ("140 million monthly active business accounts"); a function word ends the search.
 */
function countedPlural(next: Word[]): string | undefined {
  for (let i = 0; i < Math.min(next.length, COUNTED_REACH); i++) {
    const w = next[i]!.word;
    if (PLURAL_NOUN.test(w)) return w;
    if (i >= 1 && (FUNCTION_WORD.test(w) || !LOWER_WORD.test(w))) return undefined;
  }
  return undefined;
}
const COUNTED_REACH = 4;
const LOWER_WORD = /^\p{Ll}+$/u;

/** A lower-case plural: the thing a figure right before it counts. */
const PLURAL_NOUN = /^\p{Ll}{2,}[^s'’]s$/u;

/** A figure by its unit of time, length or measure, else a count of what the question counts. */
function readMeasured(
  next: Word[],
  value: number,
  upTo: (i: number) => FigureSpan,
  figure: FigureSpan,
  { kinds, head, mass, verbs, people }: Pick<QuantityAsk, 'kinds' | 'head' | 'mass' | 'verbs' | 'people'>,
  push: Push,
  hyphened: boolean,
  group?: string,
): void {
  // "230 million light-years wide": a distance, though "years" is in it.
  if (next[0]?.word.toLowerCase() === 'light' && LIGHT_YEARS.test(next[1]?.word ?? '')) {
    push({ kind: 'distance', value, unit: 'light-years', ...upTo(1) });
    return;
  }
  // "over 140,000 words long", "a 300-page-long report": a thing's length in a unit of its own.
  if (
    kinds.has('distance') &&
    next[1]?.word.toLowerCase() === 'long' &&
    next[0] &&
    PLURAL_NOUN.test(next[0].word) &&
    !TIME_UNIT.test(next[0].word) &&
    !LENGTH_UNIT.test(next[0].word)
  ) {
    push({ kind: 'distance', value, unit: next[0].word.toLowerCase(), ...upTo(1) });
    return;
  }
  const time = unitAt(next, TIME_UNIT, 2);
  if (time >= 0) {
    // "three years ago" is a point in time, not a length of time.
    if (next[time + 1]?.word.toLowerCase() !== 'ago')
      push({ kind: 'duration', value, unit: next[time]!.word.toLowerCase(), ...upTo(time) });
    return;
  }
  const length = unitAt(next, LENGTH_UNIT, 2);
  if (length >= 0) {
    push({ kind: 'distance', value, unit: next[length]!.word.toLowerCase(), ...upTo(length) });
    return;
  }
  const measure = unitAt(next, MEASURE_UNIT, 2);
  if (measure >= 0) {
    const last = MEASURE_UNIT.test(next[measure + 1]?.word ?? '') ? measure + 1 : measure;
    // "How much does it weigh": a weight, not "120 kW" or "95 kWh".
    if (mass && !MASS_UNIT.test(next[last]!.word)) return;
    push({ kind: 'measure', value, unit: next[last]!.word.toLowerCase(), ...upTo(last) });
    return;
  }
  if (!kinds.has('count')) return;
  // "one of the only platforms", "one of them": a member of a group, not a count.
  if (value === 1 && next[0]?.word.toLowerCase() === 'of') return;
  const at = head ? next.findIndex((w) => processTerm(w.word) === head) : -1;
  // "two of our top charities": a part of a group counts its head noun as "two top charities" would.
  const partitive =
    at >= 2 && next[0]!.word.toLowerCase() === 'of' && PARTITIVE_DETERMINER.test(next[1]!.word);
  if (at >= 0)
    push({ kind: 'count', value, unit: head ?? '', fit: 1 - (partitive ? at - 2 : at) * 0.15, ...upTo(at) });
  else {
    // "four to six streaming services" counts services, not the subscribers asked about ("how many
    // people" takes any plural: news counts people as residents, passengers, workers …).
    const counted = hyphened ? undefined : countedPlural(next);
    const countedTerm = processTerm(counted ?? '') ?? '';
    // "How many times did the Browns hit him": "11 hits" counts the times.
    if (head === 'time' && counted && verbs?.has(countedTerm)) {
      push({ kind: 'count', value, unit: head, ...upTo(next.findIndex((w) => w.word === counted)) });
      return;
    }
    if (
      head &&
      !PEOPLE.has(head) &&
      counted &&
      !sameThing(countedTerm, head) &&
      !peopleFor(countedTerm, head, !!people)
    )
      return;
    // "two stairs at a time" for "how many people": news counts people by many words, never by a thing's.
    if (head && PEOPLE.has(head) && counted && !countsPeople(countedTerm)) return;
    // "One campaign video", "one league title", "an 11-game streak": a figure of one thing, or one
    // joined to its noun, counts that noun; for people, only a word for people will do.
    const single = counted ? undefined : singularCounted(next, value, hyphened);
    const singleTerm = single ? (processTerm(single) ?? single) : '';
    if (
      head &&
      single &&
      !sameThing(singleTerm, head) &&
      !((PEOPLE.has(head) || people) && (ANY_PEOPLE.has(singleTerm) || isPeopleNoun(singleTerm))) &&
      !peopleFor(singleTerm, head, !!people)
    )
      return;
    // "thirteen different finishes" for "how many colours": a word for the same thing counted.
    if (head && counted && sameThing(countedTerm, head)) {
      const at = next.findIndex((w) => w.word === counted);
      push({ kind: 'count', value, unit: head, fit: 1 - at * 0.15, ...upTo(at) });
      return;
    }
    // "the two most recent examples": a superlative puts the counted noun out of reach; not the head.
    if (head && SUPERLATIVE.test(next[0]?.word ?? '')) return;
    // "Of the 40 passengers, 12 were hurt" counts passengers, whatever follows the figure.
    const groupTerm = group && !counted && !single ? processTerm(group) : null;
    if (head && groupTerm && !sameThing(groupTerm, head) && !peopleFor(groupTerm, head, !!people)) return;
    // The word after the figure names what was counted, unless it is a function word ("123 of …").
    const named = next[0] && !FUNCTION_WORD.test(next[0].word);
    push({ kind: 'count', value, unit: head ?? '', fit: 0.25, ...(named ? upTo(0) : figure) });
  }
}

const SUPERLATIVE = /^(?:most|least|biggest|largest|latest|best|worst)$/i;
/** "Of the 40 passengers," right before a figure: the group it counts members of. */
const GROUP_BEFORE =
  /\bof\s+(?:(?:the|my|our|their|its|his|her|these|those|all)\s+)?(?:[\d,.]+\s+)?(?:[\p{L}-]+\s+)?(\p{L}+s),\s*$/iu;
/** A unit in the plural ("miles", "hours", "feet"). */
const PLURAL_UNIT = /(?:s|^feet)$/i;

/** One unit without a figure: "an hour", "a block away", "half a mile", "hourlong". */
function readOneUnits(sentence: string, push: Push): void {
  for (const m of matchesOf(ONE_UNIT, sentence)) {
    const start = m.index ?? 0;
    const next = wordsAfter(sentence, start + m[0].length, 1);
    const unit = next[0]?.word ?? '';
    // "a miles-thick ice shell": "a" counts one of a unit, never a plural one.
    if (PLURAL_UNIT.test(unit)) continue;
    // "a year or two", "an hour or so": the estimate stays whole. "An inch or two" is not "one
    // inch": its value is the middle of the range, so the two are not taken for the same figure.
    const or = next[0] ? OR_MORE.exec(sentence.slice(next[0].end, next[0].end + 16)) : null;
    const upper = or ? OR_UPPER[or[1]!.toLowerCase()] : undefined;
    const one = m[1]!.toLowerCase().startsWith('half') ? 0.5 : 1;
    const value = upper === undefined ? one : (one + upper) / 2;
    const end = (next[0]?.end ?? start) + (or ? or[0].length : 0);
    const span = { start, end, surface: sentence.slice(start, end) };
    if (TIME_UNIT.test(unit) && next[0]) push({ kind: 'duration', value, unit: unit.toLowerCase(), ...span });
    else if (LENGTH_UNIT.test(unit) && next[0])
      push({ kind: 'distance', value, unit: unit.toLowerCase(), ...span });
  }
  for (const m of matchesOf(WORD_TOKEN, sentence)) {
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

/** Whether the figure ending at `end` closes an aside like "Braun, 38," (or ends the sentence). */
function endsAge(sentence: string, end: number): boolean {
  return sentence.trimEnd().length <= end || AGE_COMMA_AFTER.test(sentence.slice(end, end + 3));
}
