/**
 * What a "how many / how much / how long / how far / how old" question asks for: the kinds of figure
 * that answer it, the thing counted, and what it is about.
 */
import { processTerm, queryTerms, words } from '../index/terms.js';
import { LENGTH_UNIT, MEASURE_UNIT, PERCENT_SIGN, TIME_UNIT } from './quantity-figures.js';

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
  /** The thing counted is people: "how many Americans / Democrats" (a capitalised plural). */
  people?: boolean;
  /** The question asks for a rate ("a month", "per week", "each"): rates are not demoted. */
  rate: boolean;
  /** What the question is about, without "how much" and the unit asked in. */
  topic: string;
  /** A weight is asked ("how heavy", "how much does it weigh"): a measure in units of mass only. */
  mass?: boolean;
  /** "How many times did X hit Y": the question's words as terms ("hit"), which "11 hits" counts. */
  verbs?: ReadonlySet<string>;
  /** "How long is the warranty …": the thing measured, as a term ("the 90-day warranty" names it). */
  thing?: string;
}
/**
 * "how many" / "how much" / "how long" / "how far" / "how old", or a measure asked by its adjective
 * ("how tall", "how fast", "how heavy"), the word in group 1.
 */
const HOW_QUANTITY =
  /\bhow\s+(many|much|long|far|old|tall|high|deep|thick|wide|heavy|fast|quickly|big|large|hot|cold|warm)\b/i;
/** "how tall / high / deep / thick / wide": a length. */
const LENGTH_ADJECTIVE = /^(tall|high|deep|thick|wide)$/;
/** What follows "how many", up to the end of the clause (group 1). */
const HOW_MANY_PHRASE = /\bhow\s+many\s+([^?.,!]*)/i;
/** Words after "how many …" that end the noun phrase being counted. */
const HEAD_NOUN_END =
  /^(are|is|were|was|do|does|did|have|has|had|will|would|can|could|there|in|near|on|at|of)$/i;
/** "How much of X …": a share of something. */
const MUCH_OF = /^\s+of\b/i;
/** "How much space / room should be left …": a length. */
const MUCH_SPACE = /^\s+(space|room|distance|gap|clearance|headroom|legroom)\b/i;
/** "How much time / sleep …", "how much longer …": a length of time (the word is no topic). */
const MUCH_TIME = /^\s+(?:(?:more|less)\s+)?(time|sleep|longer)\b/i;
/** "How much rain / snow …": a depth (50mm, two inches), or a measure. */
const MUCH_FALL = /^\s+(rain|rainfall|snow|snowfall|precipitation|hail)\b/i;
/** "How much money / cash …": money. */
const MUCH_MONEY = /^\s+(money|cash|funding|funds|revenue|profit|debt|aid|tax|taxes)\b/i;
/** "How much did X rise / fall …": a change, most often stated as a percentage. */
const CHANGE_VERB =
  /\b(rise|rose|risen|fall|fell|fallen|decline|declined|drop|dropped|increase|increased|grow|grew|grown|climb|climbed|jump|jumped|slide|slid|slip|slipped|surge|surged|plunge|plunged|gain|gained|shrink|shrank|sink|sank)\b/i;
/** "raise prices", "raised fares": a change in a price, told as a share as often as a sum. */
const PRICE_CHANGE =
  /\b(raise|raised|raises|hike|hiked|cut|cuts)\b[^?]*\b(price|prices|fare|fares|rate|rates|tax|taxes|tariff|tariffs)\b/i;
const WEIGH_VERB = /\bweigh(s|ed)?\b/i;
/**
 * "How much does X cost / pay / earn", "how much is it worth": a sum of money, never a share or a
 * measure ("20%" does not say what a car costs).
 */
const MONEY_VERB =
  /\b(cost|costs|costing|pay|pays|paid|paying|spend|spends|spent|spending|earn|earns|earned|charge|charges|charged|worth|budget|salary|fee|fees|fine|fined|priced|invest|invests|invested|donate|donated|owe|owes|owed|sell|sells|sold|buy|buys|bought|raise|raised|revenue|revenues|profit|profits|earnings|income|debt|valuation)\b/i;
/** Things sized in money: "how big was the grant / deal / loan". */
const MONEY_NOUN =
  /\b(grant|grants|deal|deals|loan|loans|fine|fines|budget|budgets|donation|donations|contract|contracts|settlement|settlements|investment|investments|bonus|bonuses|payout|payouts|bailout|bailouts|package|award|prize|prizes|salary|salaries|fund|funds|funding|round|raise|raising|placement|capital|fundraising|debt|deficit|sale|acquisition|purchase)\b/i;
/** "How much is / did …": the next word is a verb, so the question asks "how much" of money first. */
const MUCH_VERB = /^\s+(is|was|are|were|do|does|did|has|have|had|will|would|can|could|should)\b/i;
/** "How much in damages / in Chinese goods …": the sum those come to, not a share of anything. */
const MUCH_IN = /^\s+in\s+(?!percent|per\s+cent|percentage|terms\b)/i;
/** "How long is the border" (a thing) may ask for a length; "how long has …" asks for a duration. */
const LONG_THING =
  /^\s+(is|was|are|were)\s+(the|a|an|each|this|that|its|his|her|their|\p{L}+['’]s?)\s+([\p{L}\s'’-]+)$/iu;
/** The first word of what "how long is the …" measures. */
const THING_WORD = /^[\p{L}'’-]+/u;
/** A rate asked for: "cost a month", "per week", "each", "a share". */
const RATE_WORDS =
  /\b(?:(?:a|an|per|each|every)\s+(?:second|minute|hour|day|week|month|year|share|person|head|ton|barrel|gallon|unit)|monthly|weekly|daily|hourly|yearly|annually|apiece|each)\b/i;
const TRAILING_PUNCTUATION = /[?!.]+\s*$/;
/** The first word of the topic (with the whitespace before it): maybe the unit asked in. */
const LEADING_WORD = /^\s*[\p{L}]+/u;

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
  let people = false;
  let thing: string | undefined;
  if (how === 'many') {
    const counted = headNoun(q);
    head = counted?.term;
    people = !!counted?.capitalised;
    if (head && LENGTH_UNIT.test(head)) [kinds, head] = [ranked('distance'), undefined];
    else if (head && TIME_UNIT.test(head)) [kinds, head] = [ranked('duration'), undefined];
    // "How many ounces of gold …": a measure in that unit.
    else if (head && MEASURE_UNIT.test(head)) [kinds, head] = [ranked('measure'), undefined];
    else if (head && PERCENT_SIGN.test(head)) [kinds, head] = [ranked('share'), undefined];
    else kinds = ranked('count');
  } else if (how === 'much') {
    if (MUCH_OF.test(rest)) kinds = ranked('share', 'money', 'measure');
    else if (MUCH_SPACE.test(rest) || MUCH_FALL.test(rest)) kinds = ranked('distance', 'measure');
    else if (MUCH_TIME.test(rest)) {
      kinds = ranked('duration');
      // "time" and "longer" say only what is asked; "sleep" is the topic too.
      const word = MUCH_TIME.exec(rest)![1]!.toLowerCase();
      if (word !== 'sleep') topic = `${q.slice(0, m.index)}${rest.replace(MUCH_TIME, '')}`;
    } else if (MUCH_MONEY.test(rest)) kinds = ranked('money');
    else if (WEIGH_VERB.test(rest)) kinds = ranked('measure');
    else if (CHANGE_VERB.test(rest)) kinds = ranked('share', 'money', 'measure');
    else if (MONEY_VERB.test(rest) && !PRICE_CHANGE.test(rest)) kinds = ranked('money');
    else if (MUCH_IN.test(rest)) kinds = ranked('money', 'measure');
    else if (MUCH_VERB.test(rest)) kinds = ranked('money', 'share', 'measure');
    else kinds = ranked('measure', 'money', 'share');
  } else if (how === 'long') {
    const long = LONG_THING.exec(rest);
    if (long) thing = processTerm(THING_WORD.exec(long[3]!)?.[0] ?? '') ?? undefined;
    kinds = long
      ? new Map([
          ['duration', 1],
          ['distance', 1],
        ])
      : ranked('duration');
  } else if (how === 'far' || LENGTH_ADJECTIVE.test(how)) kinds = ranked('distance');
  else if (how === 'heavy' || how === 'hot' || how === 'cold' || how === 'warm') kinds = ranked('measure');
  // "How fast did the economy grow" is a rate of growth, a percentage most often.
  else if ((how === 'fast' || how === 'quickly') && CHANGE_VERB.test(rest))
    kinds = ranked('share', 'measure');
  // "How quickly can it place a patient …": in how long; "how fast can it go": a speed, or a time.
  else if (how === 'quickly') kinds = ranked('duration', 'measure');
  else if (how === 'fast') kinds = ranked('measure', 'duration', 'share');
  // "How big was the grant": a sum, when what is sized is one that money measures.
  else if ((how === 'big' || how === 'large') && MONEY_NOUN.test(rest))
    kinds = ranked('money', 'measure', 'count');
  else if (how === 'big' || how === 'large') kinds = ranked('measure', 'distance', 'count');
  else kinds = ranked('age');
  // The unit asked in is not the topic ("how many days will the strike last" is about the strike).
  if (!kinds.has('count'))
    topic = topic.replace(LEADING_WORD, (w) =>
      LENGTH_UNIT.test(w.trim()) || TIME_UNIT.test(w.trim()) || PERCENT_SIGN.test(w.trim()) ? '' : w,
    );
  const mass = how === 'heavy' || (how === 'much' && WEIGH_VERB.test(rest));
  const verbs = head === 'time' ? new Set(queryTerms(topic)) : undefined;
  return {
    kinds,
    ...(head ? { head } : {}),
    ...(head && people ? { people } : {}),
    rate,
    topic,
    ...(mass ? { mass } : {}),
    ...(verbs ? { verbs } : {}),
    ...(thing ? { thing } : {}),
  };
}

/**
 * The thing being counted: "how many Russian troops are near Ukraine" → "troop"; capitalised when
 * it is a people, a party or a team ("How many Americans").
 */
function headNoun(question: string): { term: string; capitalised: boolean } | undefined {
  const m = HOW_MANY_PHRASE.exec(question);
  if (!m) return undefined;
  const phrase: string[] = [];
  for (const w of words(m[1]!)) {
    if (HEAD_NOUN_END.test(w)) break;
    phrase.push(w);
  }
  // The head is the last plural of the first run of plurals: "How many young children died of …" →
  // "children", "How many bus passengers were …" → "passengers", "How many people get feather
  // duvet lung each year" → "people" (not the last word of the question).
  const head = pluralHead(phrase) ?? phrase.at(-1);
  const term = head ? processTerm(head) : undefined;
  return term ? { term, capitalised: CAPITALISED_PLURAL.test(head!) } : undefined;
}

/** The last word of the first run of plurals among `phrase`, if it has one. */
function pluralHead(phrase: string[]): string | undefined {
  let head: string | undefined;
  for (const w of phrase) {
    if (PLURAL.test(w)) head = w;
    else if (head) break;
  }
  return head;
}

const CAPITALISED_PLURAL = /^\p{Lu}\p{Ll}+s$/u;

/** A plural noun: "troops", "companies", "people", "children". */
const PLURAL = /^(?:\p{L}+[^s']s|people|children|men|women|police|staff)$/iu;
