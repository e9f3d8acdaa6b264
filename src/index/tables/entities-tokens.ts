/**
 * A small word tokenizer for entity spotting. It keeps what name detection needs and a general
 * tagger throws away: exact offsets, the punctuation between words, capitalisation, possessives,
 * hyphen joins, and whether a word starts a sentence.
 */
import { fold, stripPossessive } from './names.js';
import { isCommonWord, isFirstName, isKnownLastName, isKnownPlace, isLexiconWord } from './names-lexicon.js';
import { TITLE_ABBREVIATIONS } from './person-nouns.js';

export interface Token {
  /** The word as written, possessive ending removed ("Macron’s" → "Macron"). */
  text: string;
  /** Folded `text`. */
  norm: string;
  start: number;
  end: number;
  /** Everything between the previous token and this one (spaces, punctuation, quote marks). */
  gap: string;
  possessive: boolean;
  /** Starts with a capital letter (or digit-bearing acronym like "G7"). */
  cap: boolean;
  /** Two or more letters, all capitals ("NATO", "US", "G7"). */
  acronym: boolean;
  /** First word of a sentence (or of the paragraph). */
  sentenceStart: boolean;
  /** Joined to the previous word by a hyphen with no spaces ("Lavrov-Blingen", "Jean-Yves"). */
  hyphenJoined: boolean;
  /** Followed by a stray symbol ("Sergeń≠ Viklov"): machine-translation debris. */
  garbled: boolean;
  /** Inside parentheses that look like a photo credit: "(Aris Messinis / AFP via Getty Images)". */
  credit: boolean;
}

const ABBREVIATIONS = new Set([
  'st',
  'mr',
  'mrs',
  'ms',
  'dr',
  'jr',
  'sr',
  'inc',
  'ltd',
  'co',
  'corp',
  // "Gov. Kristi Noem", "Sgt. …", "Prof. …": the titles news abbreviates before a name.
  ...TITLE_ABBREVIATIONS.keys(),
  'no',
  'vs',
  'mt',
  'ft',
]);

const WORD = /(?:\p{Lu}\.){2,}|[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’][\p{L}\p{M}]+)*/gu;

/** A parenthesised aside (g: walked with exec in creditRanges, lastIndex reset before use). */
const PARENTHESISED = /\(([^()]{0,200})\)/g;
/** What a photo credit says: "AFP via Getty Images", "File photo", "Reuters/…". */
const PHOTO_CREDIT_HINT = /\/|\bvia\b|\bphoto\b|\bimages?\b|\bfile\b/i;

/** Ranges of parenthesised photo credits, which name photographers and agencies, not news actors. */
function creditRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  PARENTHESISED.lastIndex = 0;
  for (let m = PARENTHESISED.exec(text); m; m = PARENTHESISED.exec(text)) {
    if (PHOTO_CREDIT_HINT.test(m[1] ?? '')) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

// Cheap first checks before the Unicode regexes: most words are plain ASCII, most gaps one space.
const isAsciiLower = (code: number): boolean => code >= 97 && code <= 122;
const isAsciiUpper = (code: number): boolean => code >= 65 && code <= 90;
/** ASCII characters that are not symbols (\p{S} in ASCII is $+<=>^`|~). */
// eslint-disable-next-line no-control-regex
const ASCII_NOT_SYMBOL = /^[\x00-\x23\x25-\x2a\x2c-\x3b\x3f-\x5d\x5f\x61-\x7b\x7d\x7f]$/;

/** True when every character is an ASCII lowercase letter ("said", "the"): nothing to split or fold. */
function plainLower(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (!isAsciiLower(word.charCodeAt(i))) return false;
  return true;
}

const GLUED = /\p{N}\p{L}|\p{Ll}\p{Lu}|\p{Lu}{2}\p{Ll}/u;
/** Split points of glued words: digit→word ("20White"), ALLCAPS→lower ("NATOis"), Word→Word ("FranceGermany"). */
const DIGIT_THEN_WORD = /(?<=\p{N})(?=\p{L}{2,})/u;
const ALLCAPS_THEN_LOWER = /(?<=^\p{Lu}{2,})(?=\p{Ll}{2,}$)/u;
const WORD_THEN_WORD = /(?<=^\p{Lu}\p{Ll}{3,})(?=\p{Lu}\p{Ll}{3,}$)/u;

/**
 * "FranceGermany", "AlexandraBeier": two names glued by a lost space, split when the first is a
 * name someone is known by. A capital inside a word is otherwise a brand's spelling ("WoodSpring
 * Suites", "GiveWell", "PlayStation"), kept whole.
 */
function splitTwoNames(word: string): string[] {
  const parts = word.split(WORD_THEN_WORD);
  if (parts.length < 2) return parts;
  const first = parts[0]!;
  return isKnownPlace(first) || isFirstName(first) || isKnownLastName(first) ? parts : [word];
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const credits = text.includes('(') ? creditRanges(text) : [];
  let last = 0;
  const words = new RegExp(WORD.source, WORD.flags);
  for (let m = words.exec(text); m; m = words.exec(text)) {
    const whole = m[0];
    const lower = plainLower(whole);
    // "20White", "20noted": MT output glues a date to the next word; split at digit→letter.
    // "NATOis", "FranceGermany": glued words split at an ALLCAPS→lower or a lower→Upper boundary.
    if (lower || !GLUED.test(whole)) last = push(tokens, text, credits, m.index, whole, last, lower);
    else {
      let start = m.index;
      const pieces = whole
        .split(DIGIT_THEN_WORD)
        .flatMap((w) => w.split(ALLCAPS_THEN_LOWER))
        .flatMap(splitTwoNames);
      for (const piece of pieces) {
        last = push(tokens, text, credits, start, piece, last, false);
        start = last;
      }
    }
  }
  return tokens;
}

/** A single capital letter: an initial ("F" in "John F. Kennedy"). */
const SINGLE_CAPITAL = /^\p{Lu}$/u;
const SENTENCE_MARK = /[.!?]/;
const STARTS_LOWERCASE = /^\p{Ll}/u;
const STARTS_UPPERCASE = /^\p{Lu}/u;
const POSSESSIVE_ENDING = /['’]s$/u;
const TRAILING_APOSTROPHE = /['’]$/u;
/** "NATO", "U.S.", "G7". */
const ACRONYM_SHAPE = /^(?:\p{Lu}\.?){2,}$|^\p{Lu}+\p{N}+$/u;
const SYMBOL = /\p{S}/u;
/** Symbols that belong in running text (currency, percent, plus), not MT debris. */
const TEXT_SYMBOL = /[$€£%+]/;

/** Compound endings that are not in the lexicons as words of their own. */
const COMPOUND_ENDINGS = new Set(['era', 'esque', 'ish', 'ism', 'ist', 'ite', 'ites']);
const LOWER_LETTERS = /^\p{Ll}+$/u;

/** A lower-case word that may end a romanised given name: letters only, and no English word. */
function nameSyllable(word: string): boolean {
  return (
    LOWER_LETTERS.test(word) && !COMPOUND_ENDINGS.has(word) && !isCommonWord(word) && !isLexiconWord(word)
  );
}

/** Adds the token for `word` at `start`; returns where it ends. */
function push(
  tokens: Token[],
  text: string,
  credits: [number, number][],
  start: number,
  word: string,
  last: number,
  lower: boolean,
): number {
  let end = start + word.length;
  // Abbreviations and initials keep their full stop and do not end the sentence.
  if (text.charCodeAt(end) === 46 && (ABBREVIATIONS.has(word.toLowerCase()) || SINGLE_CAPITAL.test(word))) {
    end += 1;
    word += '.';
    lower = false;
  }
  const gap = text.slice(last, start);
  const prev = tokens[tokens.length - 1];
  const sentenceStart =
    !prev ||
    (gap !== ' ' &&
      SENTENCE_MARK.test(gap) &&
      !(lower || isAsciiLower(word.charCodeAt(0)) || STARTS_LOWERCASE.test(word)));
  let possessive = false;
  let bare = word;
  let cap = false;
  if (!lower) {
    const lastChar = word[word.length - 1];
    possessive = lastChar === 's' && POSSESSIVE_ENDING.test(word);
    if (possessive) bare = stripPossessive(word);
    else if (lastChar === "'" || lastChar === '’') bare = word.replace(TRAILING_APOSTROPHE, '');
    const bareFirst = bare.charCodeAt(0);
    cap = isAsciiUpper(bareFirst) || (!isAsciiLower(bareFirst) && STARTS_UPPERCASE.test(bare));
  }
  // "Cheuk Hau-yip", "Lee Hsien-loong": a short lower-case part hyphen-joined to a capitalised
  // word is the rest of a romanised given name, unless it is English ("Moscow-based", "Soviet-era").
  if (!cap && gap === '-' && prev?.cap && !prev.acronym && word.length <= 5 && nameSyllable(word)) cap = true;
  const next = text.slice(end, end + 1);
  tokens.push({
    text: bare,
    norm: lower ? bare : fold(bare),
    start,
    end,
    gap,
    possessive,
    cap,
    acronym: cap && ACRONYM_SHAPE.test(bare),
    sentenceStart,
    hyphenJoined: gap === '-' && !!prev,
    credit: credits.length > 0 && credits.some(([a, b]) => start >= a && start < b),
    garbled:
      next !== '' &&
      next !== ' ' &&
      !ASCII_NOT_SYMBOL.test(next) &&
      SYMBOL.test(next) &&
      !TEXT_SYMBOL.test(next),
  });
  return end;
}

/** Spaces, tabs and no-break spaces only. */
const ONLY_SPACES = /^[ \t\u00a0]+$/;

/** True when the gap between two words holds nothing but spaces (or a hyphen joining them). */
export function plainGap(gap: string): boolean {
  return ONLY_SPACES.test(gap) || gap === '-';
}
