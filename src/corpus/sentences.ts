/**
 * Sentence splitting for news prose. Sentences are cut only at spaces, so joining them with ' ' gives
 * back the (whitespace-collapsed) text exactly; citations can point at a sentence and still quote the
 * paragraph verbatim.
 */
import { collapseWhitespace } from './text.js';

/** Titles that precede a name: never the end of a sentence ("Mr. Putin", "St. Michael's", "Gen. Milley"). */
const TITLES = new Set(
  'mr mrs ms mx dr prof st ste gen col lt sgt capt cpt maj adm cmdr rep sen gov pres rev fr sr jr hon messrs mt ft supt insp det atty'.split(
    ' ',
  ),
);
/** Whether a word (without its full stop) is a title's abbreviation written before a name ("Gov", "Dr"). */
export function isTitleAbbreviation(word: string): boolean {
  return TITLES.has(word.toLowerCase());
}
/** Abbreviations that precede a number ("No. 5", "Feb. 21", "p. 12"). */
const BEFORE_NUMBER = new Set(
  'no nos fig figs vol p pp art sec ch para jan feb mar apr jun jul aug sep sept oct nov dec'.split(' '),
);
/** Abbreviations that can end a sentence but usually do not ("etc.", "Inc.", "approx."). */
const COMMON = new Set(
  'etc inc ltd co corp bros est approx dept univ assn ave blvd rd cf vs viz al ca min max govt intl natl'.split(' '),
);
/**
 * Words that start sentences but rarely follow an abbreviation inside one. After "U.S." or "a.m.",
 * "The" means a new sentence; "Secretary" or "Monday" do not.
 */
const STARTERS = new Set(
  'the a an he she it they we i you this that these those there here but and or so yet in on at for as after before when while his her its their our my your if then however meanwhile also still some many most one two what who why how where according'.split(
    ' ',
  ),
);

const OPENERS = /^["'“‘«([]+/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const LOWERCASE_START = /^\p{Ll}/u;
const EXCLAMATION_OR_QUESTION = /[!?]/;
const DIGIT_START = /^\p{N}/u;
const TRAILING_NON_LETTERS = /[^\p{L}]+$/u;
/** An initial, its period cut off: "F" of "John F. Kennedy". */
const SINGLE_LETTER = /^\p{L}$/u;
/** A dotted abbreviation, its final period cut off: "U.S", "a.m", "e.g". */
const DOTTED_ABBREVIATION = /^(?:\p{L}\.)+\p{L}$/u;

/** Characters a token must end with to possibly end a sentence (see splitEnd). */
const LAST_OF_END = new Set(['.', '!', '?', '…', '"', "'", '”', '’', '»', ')', ']']);

/**
 * Splits text into sentences. Whitespace is collapsed first; an empty text has no sentences. Each
 * sentence is a slice of the collapsed text, so it shares its characters instead of copying them.
 */
export function splitSentences(text: string): string[] {
  return splitCollapsed(collapseWhitespace(text));
}

/** `splitSentences` of text already collapsed (`collapseWhitespace(text) === text`). */
export function splitCollapsed(collapsed: string): string[] {
  if (collapsed === '') return [];
  const sentences: string[] = [];
  let start = 0;
  let tokenStart = 0;
  // Tokens are the runs between single spaces; `space` ends the current one.
  for (let space = collapsed.indexOf(' '); space >= 0; ) {
    const nextSpace = collapsed.indexOf(' ', space + 1);
    if (LAST_OF_END.has(collapsed[space - 1]!)) {
      const token = collapsed.slice(tokenStart, space);
      const next = collapsed.slice(space + 1, nextSpace < 0 ? collapsed.length : nextSpace);
      if (endsSentence(token, next)) {
        sentences.push(collapsed.slice(start, space));
        start = space + 1;
      }
    }
    tokenStart = space + 1;
    space = nextSpace;
  }
  sentences.push(collapsed.slice(start));
  return sentences;
}

const PUNCT = new Set(['.', '!', '?', '…']);
const CLOSER_SET = new Set(['"', "'", '”', '’', '»', ')', ']']);

/**
 * A token ending in sentence punctuation, optionally followed by closing quotes or brackets, cut into
 * word, punctuation and closers (as `/^(.*?)([.!?…]+)(["'”’»)\]]*)$/u` would): the two character sets
 * are disjoint, so the closers are the trailing run of closing marks and the punctuation is the run
 * of full stops (etc.) just before it.
 */
function splitEnd(token: string): [word: string, punct: string, closers: string] | undefined {
  let c = token.length;
  while (c > 0 && CLOSER_SET.has(token[c - 1]!)) c--;
  let p = c;
  while (p > 0 && PUNCT.has(token[p - 1]!)) p--;
  if (p === c) return undefined;
  return [token.slice(0, p), token.slice(p, c), token.slice(c)];
}

function endsSentence(token: string, next: string): boolean {
  const m = splitEnd(token);
  if (!m) return false;
  const [word, punct, closers] = m;
  // Stray punctuation ("..", a lone quote mark) belongs to the sentence before it.
  if (!LETTER_OR_DIGIT.test(next)) return false;
  const nextWord = next.replace(OPENERS, '');
  if (LOWERCASE_START.test(nextWord)) return false;
  if (EXCLAMATION_OR_QUESTION.test(punct) || punct.length > 1 || punct === '…' || closers !== '') return true;

  // A single period: is the word before it an abbreviation?
  const lower = word.toLowerCase().replace(OPENERS, '');
  const startsNumber = DIGIT_START.test(nextWord);
  const starter = STARTERS.has(nextWord.replace(TRAILING_NON_LETTERS, '').toLowerCase());
  if (TITLES.has(lower)) return false;
  if (BEFORE_NUMBER.has(lower)) return !startsNumber && starter;
  if (COMMON.has(lower)) return starter;
  // Initials ("John F. Kennedy") and dotted abbreviations ("U.S.", "a.m.", "e.g.").
  if (SINGLE_LETTER.test(lower) || DOTTED_ABBREVIATION.test(lower)) return starter;
  return true;
}
