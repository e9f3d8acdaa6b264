/**
 * Places that the wording of an English news sentence gives, whether or not the entity finder took
 * them for places: what /where weighs beside the named places of rankEntities.
 *
 * - "X-based Y", "Y, based in X", "the X ad agency Y", "Y, X, Region": X is where Y is based.
 * - A locative preposition and a capitalised name ("broke out … in Hayward", "crashed in Logar
 *   province", "at the White House"): where the clause's event happened.
 * - A locative preposition and a geographic common noun ("at the south pole of the moon", "near the
 *   northern border"): a place without a name.
 * - A dateline ("HANOI, Vietnam (AP) —" opening an article): where the report was filed, which counts
 *   only when the clause that answers names no place itself (where.ts).
 */
import { fold } from '../index/terms.js';
import { tokensOf } from './tokens.js';
import { matchesOf } from '../corpus/text.js';

type PlaceCue = 'based' | 'locative' | 'common';

export interface ClausePlace {
  name: string;
  cue: PlaceCue;
  /** For "X-based Y": the words that follow (what is based there). */
  what?: string;
}

/** A capitalised name of one or more words, "of" joining them ("Diplomatic Academy of Vietnam"). */
const NAME = String.raw`\p{Lu}[\p{L}\p{M}'’.]*(?:[ -](?:(?:of|de|del|upon)(?: the)? )?\p{Lu}[\p{L}\p{M}'’.]*)*`;
/** "Sacramento-based McClatchy", "a Minneapolis-based firm". */
const BASED = new RegExp(String.raw`(${NAME})-based((?:\s+[\p{L}\p{M}'’&.-]+){1,3})`, 'gu');
/** "McClatchy, based in Sacramento", "headquartered in Seattle". */
const BASED_IN = new RegExp(String.raw`\b(?:based|headquartered)\s+in\s+(?:the\s+)?(${NAME})`, 'gu');
/** What kind of business an organisation is: "the Minneapolis ad agency Broadhead". */
const BUSINESS =
  'agency|firm|company|startup|start-up|bank|group|maker|manufacturer|retailer|developer|studio|lab|insurer|lender|chain|nonprofit|charity|publisher|brokerage|carrier|airline';
/** "the Minneapolis ad agency Broadhead Co.": the place names where the business named after it is. */
const PLACE_BEFORE_BUSINESS = new RegExp(
  String.raw`\b(?:the|a|an)\s+(${NAME})\s+(?:[\p{Ll}-]+\s+){0,2}(?:${BUSINESS})\s+(${NAME})`,
  'gu',
);
/** "Sierra Nevada Corporation, Louisville, Colorado": an organisation with its city and region. */
const NAME_CITY_REGION = new RegExp(String.raw`^\s*(${NAME}),\s+(${NAME}),\s+(${NAME})\s*[.;]?\s*$`, 'u');
/**
 * The two patterns above try several splits of a run of capitalised words: they read sentences up to
 * this length only (a list item or an ordinary sentence), so a page of capitals cannot take
 * quadratic time.
 */
const SHORT_SENTENCE = 400;
/** "the county of Huade", "the city of Wuhan": a division of a country before its name. */
const DIVISION = String.raw`(?:county|city|town|village|province|state|region|district|prefecture|municipality|island|port)\s+of\s+`;
/** Words that place a name without being part of it: "in neighbouring Boudh", "in northern Syria". */
export const PLACE_MODIFIER = String.raw`(?:neighbouring|neighboring|nearby|northern|southern|eastern|western|northeastern|northwestern|southeastern|southwestern|north|south|east|west|central|rural|downtown|suburban|coastal|remote|war-torn)\s+`;
/** A locative preposition, then a name (after a year or an ordinal: "at the 2020 Bangkok … Show"). */
const LOCATIVE = new RegExp(
  String.raw`\b(?:in|at|near|outside|inside|off)\s+(?:the\s+|a\s+)?(?:(?:1[89]|20)\d{2}\s+|\d{1,3}(?:st|nd|rd|th)\s+|${PLACE_MODIFIER})?(?:${DIVISION})?(${NAME})`,
  'gu',
);
/**
 * The next name after a locative's name joined by "and" or "or": " and Hancock County" (not after a
 * comma: "in Paris, President Macron said" goes on with the clause).
 */
const LISTED_NAME = new RegExp(String.raw`^\s+(?:and|or)\s+(${NAME})`, 'u');
/** "from Xilingol", "from the city of Wuhan": where someone or something comes from. */
const FROM = new RegExp(
  String.raw`\bfrom\s+(?:the\s+)?(?:${PLACE_MODIFIER})?(?:${DIVISION})?(${NAME})`,
  'gu',
);
/** A locative preposition and a geographic common noun, with what it belongs to. */
const COMMON =
  /\b(?:in|at|near|on|along|off|outside)\s+the\s+((?:(?:north|south|east|west)(?:ern)?\s+|(?:upper|lower|far)\s+)?(?:pole|poles|coast|coastline|border|shore|crater|craters|desert|valley|basin|outskirts|rim|surface|far side|seabed|ocean floor))(\s+of\s+(?:the\s+)?[\p{L}]+)?/giu;
/** Common nouns that name a place only with what they belong to. */
const OF_SOMETHING_ONLY = /^(?:rim|surface)$/i;
/** "on Sydney's northwestern outskirts", "off Florida's east coast": the place is the possessor. */
const POSSESSED_PART = new RegExp(
  String.raw`\b(?:in|on|at|near|off|along|outside)\s+(${NAME})['’]s?\s+(?:${PLACE_MODIFIER})?(?:outskirts|coast|coastline|border|borders|edge|suburbs|shores?|north|south|east|west|interior|countryside|capital|heartland)\b`,
  'gu',
);
/** An article's dateline: the city in capitals, maybe a region, maybe an agency, then a dash. */
const DATELINE =
  /^\s*(\p{Lu}[\p{Lu}\p{M}.'’ -]{1,40}?)(?:,\s*[\p{L}. ]{2,30})?\s*(?:\([^)]{1,30}\))?\s*[—–-]\s/u;
/** Capitalised words that follow "in"/"at" without being places. */
const NOT_PLACES = new Set(
  `january february march april may june july august september october november december monday
  tuesday wednesday thursday friday saturday sunday the a an this that his her their its our
  congress parliament court senate house christmas easter spring summer autumn fall winter english
  french spanish i`
    .split(/\s+/)
    .filter(Boolean),
);
const TRAILING_DOT = /[.'’]+$/;
const POSSESSIVE = /['’]s?(?=\s|$)/u;
const WORD_START = /(^|[\s-])\p{L}/gu;

/** The places a sentence's wording gives, in the order they stand. */
export function clausePlaces(sentence: string, opts: { from?: boolean } = {}): ClausePlace[] {
  const out: ClausePlace[] = [];
  /** A place a locative word gives, once however many ways the clause gives it. */
  const addLocative = (name: string) => {
    if (!out.some((p) => p.name === name)) out.push({ name, cue: 'locative' });
  };
  for (const m of matchesOf(BASED, sentence)) {
    out.push({ name: clean(m[1]!), cue: 'based', what: m[2]!.trim() });
  }
  for (const m of matchesOf(BASED_IN, sentence)) out.push({ name: clean(m[1]!), cue: 'based' });
  if (sentence.length <= SHORT_SENTENCE) {
    for (const m of matchesOf(PLACE_BEFORE_BUSINESS, sentence))
      out.push({ name: clean(m[1]!), cue: 'based', what: m[2]! });
    const listed = NAME_CITY_REGION.exec(sentence);
    if (listed) out.push({ name: clean(listed[2]!), cue: 'based', what: listed[1]! });
  }
  for (const m of matchesOf(LOCATIVE, sentence)) {
    const name = clean(m[1]!);
    // "based in X" was taken above; a hyphenated "X-based" is no locative name.
    let rest = sentence.slice((m.index ?? 0) + m[0].length);
    if (rest.startsWith('-')) continue;
    addLocative(name);
    // "at the Winnebago County and Hancock County Courthouses", "in Lyon or Nice": each.
    for (let more = LISTED_NAME.exec(rest); more; more = LISTED_NAME.exec(rest)) {
      addLocative(clean(more[1]!));
      rest = rest.slice(more[0].length);
    }
  }
  // "Where is the hunter from?": "from Xilingol" says it.
  if (opts.from) for (const m of matchesOf(FROM, sentence)) addLocative(clean(m[1]!));
  for (const m of matchesOf(POSSESSED_PART, sentence)) addLocative(clean(m[1]!));
  for (const m of matchesOf(COMMON, sentence)) {
    // "a stalwart at the rim": a rim or a surface is a place only of something ("the rim of the crater").
    if (!m[2] && OF_SOMETHING_ONLY.test(m[1]!)) continue;
    out.push({ name: m[1]! + (m[2] ?? ''), cue: 'common' });
  }
  return out.filter((p) => p.name && !NOT_PLACES.has(fold(p.name.split(' ')[0]!)));
}

/** The city of an article's dateline, in ordinary capitals ("HANOI, Vietnam (AP) —" → "Hanoi"). */
export function datelineCity(firstParagraph: string): string | undefined {
  const m = DATELINE.exec(firstParagraph);
  if (!m) return undefined;
  const city = m[1]!.trim();
  // All capitals and a word or three: a dateline, not a headline-like opening.
  if (city !== city.toUpperCase() || city.split(' ').length > 3 || city.length < 3) return undefined;
  return city.toLowerCase().replace(WORD_START, (c) => c.toUpperCase());
}

/** Whether "X-based Y" is about what the question asks: a word of Y is among the topic's terms. */
export function basedOnTopic(place: ClausePlace, topicTerms: ReadonlySet<string>): boolean {
  if (!place.what) return true;
  return tokensOf(place.what).terms.some((t) => !!t && topicTerms.has(t));
}

function clean(name: string): string {
  // "at Vietnam's Communist Party headquarters": the place is the possessor.
  const possessive = POSSESSIVE.exec(name);
  return (possessive ? name.slice(0, possessive.index) : name).replace(TRAILING_DOT, '').trim();
}
