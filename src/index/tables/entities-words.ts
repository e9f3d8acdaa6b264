/**
 * Word tests and small helpers shared by the passes that find names in a paragraph
 * (entities-spans.ts, entities-runs.ts, entities-role-phrases.ts): what a title, an organisation word,
 * a name-ish word is, and how a name's words, key and surface are made.
 */
import { type Token } from './entities-tokens.js';
import {
  NAME_PARTICLES,
  ORG_WORDS,
  TITLE_WORDS,
  transliterate,
  isCommonWord,
  isDateWord,
  isDemonym,
  isFirstName,
  isClosedClass,
  isFunctionWord,
  isKnownLastName,
  isKnownOrg,
  isKnownPlace,
  isVerbForm,
} from './names-lexicon.js';
import { fold } from './names.js';
import { isAgentNoun } from './person-nouns.js';

/**
 * Nouns that name what someone does in newswriting's appositives and the tagger does not know as
 * actors: "equity strategist at …", "a senior fellow at …", "an elder of the … tribe".
 */
const ROLE_NOUNS = new Set([
  'strategist',
  'expert',
  'specialist',
  'fellow',
  'elder',
  'counsel',
  'counselor',
  'counsellor',
  'supervisor',
  'consultant',
  'lecturer',
  'historian',
  'spokesman',
  'priest',
  'bishop',
  'archbishop',
  'imam',
  'rabbi',
  'pastor',
  'coach',
  'partner',
  'founder',
  'investigator',
  'director',
  'head',
  'chief',
  'physician',
  'surgeon',
  'nurse',
  'teacher',
  'principal',
  'student',
  'owner',
  'president',
  'economist',
  'analyst',
  // Wealth, business and public life, as news describes people by them ("a wealthy hotelier",
  // "the billionaire investor", "a longtime donor").
  'hotelier',
  'restaurateur',
  'shopkeeper',
  'magnate',
  'mogul',
  'billionaire',
  'millionaire',
  'heiress',
  'socialite',
  'investor',
  'donor',
  'publisher',
  'rancher',
  'landowner',
  'homeowner',
  'retiree',
  'widow',
  'mediator',
  'campaigner',
  'songwriter',
  // Screen, stage and broadcasting: "SAG-AFTRA President and "The Nanny" star Fran Drescher", "CNN
  // anchor Jake Tapper".
  'star',
  'presenter',
  'anchor',
  'newsreader',
  'frontman',
  'frontwoman',
  'influencer',
  // Positions in a team, as sports writing puts them before a name ("Athletic Bilbao keeper Kepa
  // Arrizabalaga", "Browns linebacker Joe Schobert").
  'goalkeeper',
  'keeper',
  'goalie',
  'striker',
  'midfielder',
  'defender',
  'winger',
  'fullback',
  'forward',
  'playmaker',
  'quarterback',
  'linebacker',
  'cornerback',
  'receiver',
  'lineman',
  'rusher',
  'guard',
  'pitcher',
  'catcher',
  'shortstop',
  'outfielder',
  'infielder',
  'batsman',
  'bowler',
  'jockey',
]);

export const isRoleNoun = (norm: string): boolean => ROLE_NOUNS.has(norm) || isAgentNoun(norm);

export const CONNECTORS = new Set(['of', 'for', 'to', 'the', 'and']);
export const DETERMINERS = new Set(['a', 'an', 'the', 'its', 'his', 'her', 'their', 'our', 'my']);
/** Lowercase words inside a title of a work: "Game of Thrones", "The Lord of the Rings", "Pride or Fall". */
export const TITLE_SMALL_WORDS: ReadonlySet<string> = new Set([
  'of',
  'the',
  'a',
  'an',
  'and',
  'or',
  'in',
  'on',
  'to',
  'for',
  'at',
]);

export const isTitle = (t: Token): boolean => TITLE_WORDS.has(t.norm);
export const isOrgWord = (t: Token): boolean => ORG_WORDS.has(t.norm);
export const isRoleToken = (t: Token): boolean => !isHonorific(t) && (isTitle(t) || isRoleNoun(t.norm));
const HONORIFIC_TITLES = new Set(['mr.', 'mrs.', 'ms.', 'dr.', 'mr', 'mrs', 'ms', 'dr']);
export const isHonorific = (t: Token): boolean => HONORIFIC_TITLES.has(t.norm);

/** A capitalised word that can be part of a name (not "The", "However", "Monday", "May"). */
/**
 * Degrees and post-nominal letters written after a name and set off by commas ("Michael Shadlen,
 * Ph.D., of …", "Jane Roe, MD, a surgeon"): never a name themselves.
 */
const CREDENTIALS = new Set([
  'ph',
  'phd',
  'md',
  'm.d.',
  'rn',
  'dds',
  'mph',
  'jd',
  'esq',
  'esq.',
  'mba',
  'dvm',
  'psyd',
  'facs',
  'frcp',
]);
export const isCredential = (t: Token): boolean => CREDENTIALS.has(t.norm) && t.gap.includes(',');

export function nameish(t: Token): boolean {
  if (t.credit || !t.cap || isCredential(t)) return false;
  if (t.acronym) return true;
  if (t.garbled || isDateWord(t.text)) return false;
  if (NAME_PARTICLES.has(t.norm)) return true; // "Le" in "Jean-Yves Le Drian"
  if (isClosedClass(t.text) && !isFirstName(t.text) && !isKnownPlace(t.text)) return false;
  return true;
}

/** A sentence-initial capitalised word says nothing about being a name unless it is a known one. */
export function weakInitial(t: Token): boolean {
  return (
    t.sentenceStart &&
    !t.acronym &&
    !isFirstName(t.text) &&
    !isKnownPlace(t.text) &&
    !isKnownOrg(t.text) &&
    !isKnownLastName(t.text) &&
    !isTitle(t) &&
    (isCommonWord(t.norm) || isFunctionWord(t.text)) &&
    !isDemonym(t.text)
  );
}

/** Groups hyphen-joined tokens into words: [Jean][Yves][Le][Drian] → "Jean-Yves", "Le", "Drian". */
export function groupWords(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  for (const t of tokens) {
    const lastGroup = out[out.length - 1];
    if (t.hyphenJoined && lastGroup) lastGroup.push(t);
    else out.push([t]);
  }
  return out;
}

const DOTS = /\./g;

export function keyOf(words: string[]): string {
  const key = fold(words.join(' ')).replace(DOTS, '');
  return transliterate(key);
}

const STARTS_WITH_NUMBER = /^\p{N}/u;

export function startsWithNumber(word: string): boolean {
  const c = word.charCodeAt(0);
  if (c < 128) return c >= 48 && c <= 57;
  return STARTS_WITH_NUMBER.test(word);
}

/** The text from the first token to the end of the last. */
export function phrase(text: string, tokens: Token[]): string {
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  return text.slice(first.start, last.start + last.text.length);
}

export const ED_ENDING = /ed$/;

export function isCommonVerb(norm: string): boolean {
  return isVerbForm(norm) || ED_ENDING.test(norm);
}

/** A word the lexicon knows as a place or organisation, or an acronym. */
export function lexiconKnown(t: Token): boolean {
  return isKnownPlace(t.text) || isKnownOrg(t.text) || t.acronym;
}
