/**
 * Term normalisation shared by the index and every query, so both sides of a match are treated alike:
 * case and diacritics folded, curly apostrophes straightened, stop words dropped, plurals folded.
 */
import { LRUCache } from 'lru-cache';

/** Common English words that carry no topic (plus question words the router strips anyway). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are aren as at be because been before being
  below between both but by can cannot could couldn did didn do does doesn doing don down during each few
  for from further had hadn has hasn have haven having he her here hers herself him himself his how i if in
  into is isn it its itself just let ll me more most mustn my myself no nor not now of off on once only or
  other ought our ours ourselves out over own re s same shan she should shouldn so some such t than that the
  their theirs them themselves then there these they this those through to too under until up us very was
  wasn we were weren what when where which while who whom why will with won would wouldn ve y you your yours
  yourself yourselves tell said says say told according per via`
    .split(/\s+/)
    .filter(Boolean),
);

/** Case, diacritics and apostrophes folded: one definition for names and search terms alike. */
import { fold } from './tables/names.js';
export { fold };

/** Plurals that take `-es` ("passes", "taxes", "churches", "clashes"). */
const ES_PLURAL = /(ss|x|ch|sh)es$/;
/** Endings whose final `s` is left alone ("press", "virus", "Davis", "Gladys"). */
const NOT_A_PLURAL_S = /(ss|us|is|ys)$/;

/**
 * Folds English plurals and possessives to one form ("troops"→"troop", "summits"→"summit",
 * "countries"→"country"), deliberately light: names must survive ("Lukas", "Davis" lose only what a
 * query would lose too, because queries go through the same function).
 */
function stem(term: string): string {
  if (term.length <= 3) return term;
  if (term.endsWith("'s")) term = term.slice(0, -2);
  else if (term.endsWith("'")) term = term.slice(0, -1);
  if (term.length > 4 && term.endsWith('ies')) return term.slice(0, -3) + 'y';
  if (term.length > 4 && ES_PLURAL.test(term)) return term.slice(0, -2);
  if (term.length > 3 && term.endsWith('s') && !NOT_A_PLURAL_S.test(term)) return term.slice(0, -1);
  return term;
}

/** A number (digit groups with `.`/`,` inside), or a word with inner apostrophes. */
const WORD_TOKEN = /\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*/gu;

/**
 * Splits text into word tokens. Inner apostrophes stay in the word (so "Ukraine's" folds to "ukraine"),
 * digit groups stay together ("150,000", "2.5"); hyphens split ("pro-Russian" also matches "Russian").
 */
export function words(text: string): string[] {
  return text.match(WORD_TOKEN) ?? [];
}

/** Plain ASCII tokens (most of English text) fold to their lower case: no Unicode normalising needed. */
const PLAIN = /^[A-Za-z0-9']+$/;
/** Apostrophes at either end of a token (g: used with replace only). */
export const EDGE_APOSTROPHES = /^'+|'+$/g;
const DIGIT = /\d/;
/**
 * Memo of `processTerm` by token: a corpus has tens of thousands of distinct tokens, met millions of
 * times. Bounded, least recently used out first: a stream of never-seen tokens (numbers, typos) must
 * not grow the heap without end. `DROPPED` stands for null, which the cache cannot hold.
 */
const memo = new LRUCache<string, string>({ max: 100_000 });
const DROPPED = '\0';

/**
 * MiniSearch `processTerm`: returns the indexable form of a token, or null to drop it.
 * Single letters and stop words are dropped; numbers are kept.
 */
export function processTerm(token: string): string | null {
  const known = memo.get(token);
  if (known !== undefined) return known === DROPPED ? null : known;
  const term = computeTerm(token);
  memo.set(token, term ?? DROPPED);
  return term;
}

function computeTerm(token: string): string | null {
  const folded = (PLAIN.test(token) ? token.toLowerCase() : fold(token)).replace(EDGE_APOSTROPHES, '');
  if (folded.length === 0) return null;
  if (folded.length === 1 && !DIGIT.test(folded)) return null;
  if (STOP_WORDS.has(folded)) return null;
  return stem(folded);
}

/** The distinct content terms of a query, in order, as the index sees them. */
export function queryTerms(query: string): string[] {
  const out: string[] = [];
  for (const w of words(query)) {
    const t = processTerm(w);
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** Edit budget for a term: none for short words (too many false friends), 1 from 4 letters, 2 from 8. */
export function fuzzyBudget(term: string): number {
  if (DIGIT.test(term)) return 0;
  if (term.length >= 8) return 2;
  if (term.length >= 4) return 1;
  return 0;
}

/**
 * A 32-bit set of the characters in a string (letters one bit each, everything else hashed into the
 * rest). An edit changes at most one character, so two strings within `d` edits differ by at most `d`
 * bits in each direction: a cheap, safe screen before the edit distance.
 */
export function charMask(s: string): number {
  let m = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    m |= c >= 97 && c <= 122 ? 1 << (c - 97) : 1 << (26 + (c % 6));
  }
  return m;
}

export function bitCount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Number words up to twelve, as news writes small numbers ("three years ago", "eleven people"). */
export const SMALL_NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};
