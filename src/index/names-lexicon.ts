/**
 * Word lists that describe *how news text names things*, not who is named: job titles, words that
 * end organisation names, name particles, speech verbs, web-page chrome. The knowledge of actual
 * names (first names, countries, cities, known organisations) comes from compromise's lexicon.
 */
import nlp from 'compromise';

import { fold } from './names.js';

const lexicon = (nlp.model() as { one: { lexicon: Record<string, string | string[] | undefined> } }).one
  .lexicon;

/** compromise's lexicon tags for a word ("vladimir" → ["MaleName"]), empty when unknown. */
const tagCache = new Map<string, string[]>();

export function lexTags(word: string): string[] {
  let tags = tagCache.get(word);
  if (tags) return tags;
  const t = lexicon[fold(word)];
  tags = !t ? [] : Array.isArray(t) ? t : [t];
  if (tagCache.size > 200_000) tagCache.clear(); // bounded: the vocabulary of a big corpus
  tagCache.set(word, tags);
  return tags;
}

const has = (word: string, ...tags: string[]): boolean => lexTags(word).some((t) => tags.includes(t));

export const isFirstName = (w: string): boolean => has(w, 'FirstName', 'MaleName', 'FemaleName');
export const isFemaleName = (w: string): boolean => has(w, 'FemaleName');
export const isMaleName = (w: string): boolean => has(w, 'MaleName');
export const isKnownLastName = (w: string): boolean => has(w, 'LastName');
export const isKnownPlace = (w: string): boolean =>
  has(w, 'Country', 'City', 'Region', 'Place', 'Address', 'Continent');
export const isKnownOrg = (w: string): boolean => has(w, 'Organization', 'SportsTeam', 'Company', 'School');
export const isDemonym = (w: string): boolean => has(w, 'Demonym');
export const isDateWord = (w: string): boolean =>
  has(w, 'WeekDay', 'Month', 'Date', 'Holiday', 'Duration', 'Time');
/** Closed-class words: never part of a name even when capitalised ("The", "Its", "Will"). */
export const isClosedClass = (w: string): boolean =>
  has(
    w,
    'Determiner',
    'Preposition',
    'Conjunction',
    'Pronoun',
    'Copula',
    'Modal',
    'Auxiliary',
    'QuestionWord',
  );
/** Closed-class or verb words: never part of a name, end a role phrase. */
export const isFunctionWord = (w: string): boolean =>
  isClosedClass(w) || has(w, 'PastTense', 'PresentTense', 'Infinitive', 'Gerund', 'Adverb');
/** Any known common word (used to recognise the "and" in a glued "Blinkenand"). */
export const isCommonWord = (w: string): boolean =>
  lexTags(w).some((t) => !/Name|ProperNoun|Country|City|Region|Place|Organization/.test(t)) ||
  /^[a-z]{3,}(ly|ed|ing)$/.test(w);

/** Job titles and role nouns. Lowercase; matched on folded words. */
export const TITLE_WORDS = new Set([
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
  'sen.',
  'rep.',
  'representative',
  'congressman',
  'congresswoman',
  'ambassador',
  'envoy',
  'general',
  'gen.',
  'colonel',
  'commander',
  'admiral',
  'chief',
  'ceo',
  'cfo',
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
  'deputy',
  'counterpart',
  'colleague',
  'official',
  'diplomat',
  'analyst',
  'professor',
  'prof.',
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
  'according',
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
