/**
 * Word lists that describe *how news text names things*, not who is named: job titles, words that
 * end organisation names, name particles, speech verbs, web-page chrome. The knowledge of actual
 * names (first names, countries, cities, known organisations) comes from compromise's lexicon.
 */
import { LRUCache } from 'lru-cache';
import nlp from 'compromise';

import { fold } from './names.js';
import { TITLE_ABBREVIATIONS } from './person-nouns.js';

const lexicon = (nlp.model() as { one: { lexicon: Record<string, string | string[] | undefined> } }).one
  .lexicon;

/** compromise's lexicon tags for a word ("vladimir" → ["MaleName"]), empty when unknown. */
function lexTags(word: string): string[] {
  const key = fold(word);
  // Own entries only: "constructor" or "__proto__" in a text is not Object's.
  const t = Object.hasOwn(lexicon, key) ? lexicon[key] : undefined;
  return !t ? [] : Array.isArray(t) ? t : [t];
}

// What the predicates below ask of a word, computed once per word from its tags and kept as bits:
// these are asked several times for every capitalised word of the corpus.
const FIRST_NAME = 1 << 0;
const LAST_NAME = 1 << 3;
const PLACE = 1 << 4;
const ORG = 1 << 5;
const DEMONYM = 1 << 6;
const DATE_WORD = 1 << 7;
const CLOSED_CLASS = 1 << 8;
const VERB_OR_ADVERB = 1 << 9;
const COMMON = 1 << 10;
const TAGGED = 1 << 11;
const VERBISH = 1 << 12;
const ACTOR = 1 << 13;

const CLASS_OF: Record<string, number> = {
  FirstName: FIRST_NAME,
  MaleName: FIRST_NAME,
  FemaleName: FIRST_NAME,
  LastName: LAST_NAME,
  Country: PLACE,
  City: PLACE,
  Region: PLACE,
  Place: PLACE,
  Address: PLACE,
  Continent: PLACE,
  Organization: ORG,
  SportsTeam: ORG,
  Company: ORG,
  School: ORG,
  Demonym: DEMONYM,
  WeekDay: DATE_WORD,
  Month: DATE_WORD,
  Date: DATE_WORD,
  Holiday: DATE_WORD,
  Duration: DATE_WORD,
  Time: DATE_WORD,
  Determiner: CLOSED_CLASS,
  Preposition: CLOSED_CLASS,
  Conjunction: CLOSED_CLASS,
  Pronoun: CLOSED_CLASS,
  Copula: CLOSED_CLASS,
  Modal: CLOSED_CLASS,
  Auxiliary: CLOSED_CLASS,
  QuestionWord: CLOSED_CLASS,
  PastTense: VERB_OR_ADVERB,
  PresentTense: VERB_OR_ADVERB,
  Infinitive: VERB_OR_ADVERB,
  Gerund: VERB_OR_ADVERB,
  Adverb: VERB_OR_ADVERB,
};

/** Bounded: the vocabulary of a big corpus. */
const classCache = new LRUCache<string, number>({ max: 200_000 });

/** compromise tags of names, places and organisations: any other tag makes the word a common word too. */
const NAME_OR_PLACE_TAG = /Name|ProperNoun|Country|City|Region|Place|Organization/;
const VERB_TAG = /Tense|Infinitive|Gerund|Participle|Verb/;
/** Lowercase words ending like adverbs and verb forms ("quickly", "visited", "saying"). */
const ADVERB_OR_VERB_ENDING = /^[a-z]{3,}(ly|ed|ing)$/;

/** Month names (but "May", also a name and a modal, which the lexicon's tags decide). */
const MONTH_NAMES = new Set(
  'january february march april june july august september october november december'.split(' '),
);

function classes(word: string): number {
  let bits = classCache.get(word);
  if (bits !== undefined) return bits;
  const tags = lexTags(word);
  bits = tags.length > 0 ? TAGGED : 0;
  for (const t of tags) {
    bits |= (Object.hasOwn(CLASS_OF, t) ? CLASS_OF[t] : 0) ?? 0;
    if (!NAME_OR_PLACE_TAG.test(t)) bits |= COMMON;
    if (VERB_TAG.test(t)) bits |= VERBISH;
    if (t === 'Actor') bits |= ACTOR;
  }
  if (ADVERB_OR_VERB_ENDING.test(word)) bits |= COMMON;
  // The lexicon tags some month names as verbs only ("march"): a calendar word all the same.
  if (MONTH_NAMES.has(word.toLowerCase())) bits |= DATE_WORD;
  classCache.set(word, bits);
  return bits;
}

const has = (word: string, bits: number): boolean => (classes(word) & bits) !== 0;

/** True when compromise's lexicon knows the word at all. */
export const isLexiconWord = (w: string): boolean => has(w, TAGGED);
export const isFirstName = (w: string): boolean => has(w, FIRST_NAME);
export const isKnownLastName = (w: string): boolean => has(w, LAST_NAME);
export const isKnownPlace = (w: string): boolean => has(w, PLACE);
export const isKnownOrg = (w: string): boolean => has(w, ORG);
export const isDemonym = (w: string): boolean => has(w, DEMONYM);
export const isDateWord = (w: string): boolean => has(w, DATE_WORD);
/** Closed-class words: never part of a name even when capitalised ("The", "Its", "Will"). */
export const isClosedClass = (w: string): boolean => has(w, CLOSED_CLASS);
/** Closed-class or verb words: never part of a name, end a role phrase. */
export const isFunctionWord = (w: string): boolean => has(w, CLOSED_CLASS | VERB_OR_ADVERB);
/** Any known common word (used to recognise the "and" in a glued "Blinkenand"). */
export const isCommonWord = (w: string): boolean => has(w, COMMON);
/** Tagged as a verb form of any kind. */
export const isVerbForm = (w: string): boolean => has(w, VERBISH);
/** Tagged as a person noun ("spokesperson", "official"). */
export const isActorNoun = (w: string): boolean => has(w, ACTOR);

/** Job titles and role nouns. Lowercase; matched on folded words. */
export const TITLE_WORDS = new Set([
  // Offices news writes before a name ("NASA Administrator Jim Bridenstine", "County Auditor …").
  'administrator',
  'registrar',
  'provost',
  'comptroller',
  'auditor',
  'coroner',
  'curator',
  'chairperson',
  'trustee',
  'undersecretary',
  'alderman',
  'assemblyman',
  'assemblywoman',
  'legislator',
  'lawmaker',
  'magistrate',
  'constable',
  'detective',
  'president',
  'vice',
  'minister',
  'premier',
  'chancellor',
  'secretary',
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'spokespeople',
  'mayor',
  'governor',
  'senator',
  // Titles as news writing abbreviates them before a name ("Texas Gov. Greg Abbott"): the words
  // of TITLE_ABBREVIATIONS with their full stop.
  ...[...TITLE_ABBREVIATIONS.keys()].map((k) => `${k}.`),
  'representative',
  'congressman',
  'congresswoman',
  // Members of parliaments, as British and European news titles them ("Labour MP Chi Onwurah").
  'mp',
  'mep',
  'msp',
  'mla',
  'ambassador',
  'envoy',
  'general',
  'colonel',
  'commander',
  'admiral',
  'chief',
  'ceo',
  'cfo',
  'coo',
  'cto',
  // Positions of a team, as sports writing abbreviates them before a name ("Browns DL Sheldon
  // Richardson", "Steelers QB Mason Rudolph").
  'qb',
  'rb',
  'wr',
  'te',
  'dl',
  'lb',
  'cb',
  'ol',
  'dt',
  'ot',
  'og',
  'cto',
  'coo',
  'founder',
  'co-founder',
  'chairman',
  'chairwoman',
  'chair',
  'director',
  'head',
  'leader',
  'king',
  'queen',
  'prince',
  'princess',
  'pope',
  'judge',
  'justice',
  'officer',
  'adviser',
  'advisor',
  'councillor',
  'councilor',
  'councilman',
  'councilwoman',
  'commissioner',
  'ombudsman',
  'ombudswoman',
  'deputy',
  'counterpart',
  'colleague',
  'official',
  'diplomat',
  'analyst',
  'professor',
  'dr.',
  'mr.',
  'mrs.',
  'ms.',
  'mr',
  'mrs',
  'ms',
  'dr',
  'executive',
  'manager',
  'editor',
  'correspondent',
  'reporter',
  'attorney',
  'lawyer',
  'prosecutor',
  'sheriff',
  'superintendent',
  'treasurer',
  'speaker',
  'lieutenant',
  'captain',
  'sergeant',
  'inspector',
  'economist',
  'researcher',
  'scientist',
  'engineer',
  'activist',
  'negotiator',
  'aide',
  'emir',
  'sheikh',
  'bishop',
  'archbishop',
  'cardinal',
  'rabbi',
  'imam',
  'coach',
  'owner',
  'partner',
  'president-elect',
]);

/** Words that end (or head) an organisation name: "National Security Council", "White House". */
export const ORG_WORDS = new Set([
  'laboratory',
  'laboratories',
  'center',
  'centre',
  'hospital',
  'museum',
  'library',
  'society',
  'council',
  'ministry',
  'commission',
  'committee',
  'union',
  'palace',
  'house',
  'office',
  'agency',
  'organization',
  'organisation',
  'conference',
  'parliament',
  'party',
  'inc',
  'inc.',
  'corp',
  'corp.',
  'corporation',
  'ltd',
  'ltd.',
  'llc',
  'plc',
  'company',
  'co.',
  'bank',
  'university',
  'college',
  'school',
  'news',
  'times',
  'post',
  'tribune',
  'journal',
  'herald',
  'group',
  'assembly',
  'court',
  'department',
  'government',
  'army',
  'navy',
  'forces',
  'service',
  'services',
  'institute',
  'foundation',
  'association',
  'federation',
  'alliance',
  'authority',
  'board',
  'bureau',
  'senate',
  'congress',
  'duma',
  'cabinet',
  'administration',
  'police',
  'guard',
  'robotics',
  'machines',
  'industries',
  'studios',
  'partners',
  'holdings',
  'enterprises',
  'solutions',
  'records',
  'pictures',
  'entertainment',
  'aerospace',
  'dynamics',
  'ventures',
  'brothers',
  'systems',
  'technologies',
  'labs',
  'motors',
  'airlines',
  'fund',
  'network',
  'club',
  'church',
  'museum',
  'hospital',
  'station',
  'media',
  'radio',
  'television',
  'tv',
  'hotel',
  'suites',
  'inn',
  'motel',
  'resort',
  'airport',
  'stadium',
  'arena',
  'theater',
  'theatre',
  'cathedral',
  'mosque',
  'synagogue',
  'academy',
  'clinic',
  'prison',
  'penitentiary',
  'airways',
]);

/** Words that follow a place name: "Novosovsk region", "Luhansk and Donetsk regions". */
export const PLACE_FOLLOWERS = new Set([
  'region',
  'regions',
  'oblast',
  'province',
  'provinces',
  'district',
  'county',
  'city',
  'border',
  'peninsula',
]);

/** Leading words dropped from place names: "eastern Ukraine" is Ukraine. */
export const DIRECTIONS = new Set(['eastern', 'western', 'northern', 'southern', 'central']);

/** Lowercase particles inside personal names: "Ursula von der Leyen", "Jean-Yves Le Drian". */
export const NAME_PARTICLES = new Set([
  'von',
  'van',
  'der',
  'den',
  'de',
  'del',
  'della',
  'di',
  'da',
  'du',
  'la',
  'le',
  'al',
  'el',
  'bin',
  'ibn',
  'ben',
]);

/** Verbs that introduce speech. Folded forms. */
export const SPEECH_VERBS = [
  'said',
  'says',
  'say',
  'saying',
  'added',
  'adds',
  'adding',
  'stated',
  'states',
  'told',
  'tells',
  'explained',
  'wrote',
  'writes',
  'warned',
  'warns',
  'noted',
  'notes',
  'insisted',
  'argued',
  'continued',
  'asked',
  'replied',
  'announced',
  'declared',
  'tweeted',
  'claimed',
  'stressed',
  'emphasised',
  'emphasized',
  'remarked',
  'responded',
  'testified',
  'testifies',
  'recalled',
  'recalls',
  'acknowledged',
  'admitted',
  'conceded',
  'suggested',
  'predicted',
  'complained',
  'cautioned',
  'observed',
  'quipped',
  'joked',
  'urged',
  'vowed',
  'pledged',
  'confirmed',
  'reiterated',
  'countered',
  'asserted',
  'maintained',
  'concluded',
  'commented',
  'according',
  // News also reports speech in the present ("“…,” comments NAME of the agency").
  'comments',
  'explains',
  'argues',
  'insists',
  'asks',
  'replies',
  'claims',
  'stresses',
  'concludes',
  'observes',
  'suggests',
  'admits',
  'acknowledges',
  'recounts',
  'recounted',
  'cautions',
  'predicts',
  'complains',
  'emphasises',
  'emphasizes',
  'confirms',
  'counters',
  'declares',
  'announces',
  'tweets',
  'remarks',
  'responds',
  'urges',
];
export const SPEECH_VERB_SET = new Set(SPEECH_VERBS);

/**
 * Words of web-page chrome and photo captions. A capitalised run containing one is not a name
 * ("Epoch Times Photo", "Getty Images", "Leave a Reply", "Newsletter Signup").
 */
export const CHROME_WORDS = new Set([
  'photo',
  'photos',
  'image',
  'images',
  'reply',
  'comment',
  'comments',
  'advertisement',
  'newsletter',
  'signup',
  'subscribe',
  'posted',
  'related',
  'articles',
  'share',
  'click',
  'login',
  'cookie',
  'cookies',
  'source',
  'getty',
  'shutterstock',
  'tag',
  'latest',
  'connected',
  'email',
]);

/**
 * Well-known transliteration pairs that edit distance cannot join (Kiev→Kyiv differ by two edits
 * in four letters). Folded old spelling → folded current spelling. Keep it tiny.
 */
export const TRANSLITERATIONS: Record<string, string> = {
  kiev: 'kyiv',
  kharkov: 'kharkiv',
  nikolaev: 'mykolaiv',
  lvov: 'lviv',
  lugansk: 'luhansk',
  bombay: 'mumbai',
  peking: 'beijing',
};

/** The current spelling of a folded name ("kiev" → "kyiv"), else the name itself. */
export const transliterate = (key: string): string =>
  Object.hasOwn(TRANSLITERATIONS, key) ? TRANSLITERATIONS[key]! : key;
