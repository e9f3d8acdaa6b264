/**
 * The word tokens of a text with their indexed forms, memoised by text: the answerers look at the
 * same sentences and paragraphs question after question (the passages a topic's questions find), so a
 * sentence is tokenised once, not on every question that reads it. Bounded: the least recently
 * used text goes first.
 */
import { LRUCache } from 'lru-cache';
import { processTerm, words } from '../index/terms.js';
import { nextWordSpan, type WordSpan } from '../index/word-spans.js';

export interface Tokens {
  /** The words as written (`words`). */
  words: readonly string[];
  /** Each word's indexed form (`processTerm`; null for stop words and single letters). */
  terms: readonly (string | null)[];
  /** The distinct indexed forms, in first-occurrence order (what `contentSet` gives). */
  set: ReadonlySet<string>;
}

/** Texts kept (a sentence or paragraph each, a few hundred bytes to a couple of KB with its tokens). */
const memo = new LRUCache<string, Tokens>({ max: 4096 });

export function tokensOf(text: string): Tokens {
  let t = memo.get(text);
  if (!t) {
    const ws = words(text);
    const terms = ws.map((w) => processTerm(w));
    const set = new Set<string>();
    for (const term of terms) if (term) set.add(term);
    t = { words: ws, terms, set };
    memo.set(text, t);
  }
  return t;
}

/** Per ASCII character code, the `generation` of the last set of terms one of which starts with it. */
const firstOfTerm = new Int32Array(128);
let generation = 0;

/**
 * How many words of `text` fold to a term in `wanted` (with `distinct`, how many of those terms),
 * counting no further than `enough`. The same count as reading `tokensOf(text).terms`, without
 * folding every word: a word that starts with an ASCII letter or digit folds to a term that starts
 * with the same one, lower-cased, so only words starting like one of `wanted` (or with any other
 * character) are folded. That is what most questions ask of most sentences (does the sentence
 * name what was asked?), and folding every word was most of a question's tokenising at 100k
 * paragraphs. A text already tokenised is read from the memo.
 */
export function heldCount(
  text: string,
  wanted: ReadonlySet<string>,
  distinct: boolean,
  enough = Infinity,
): number {
  const known = memo.get(text);
  let n = 0;
  if (known) {
    if (distinct) {
      for (const t of wanted) if (known.set.has(t) && ++n >= enough) return n;
      return n;
    }
    for (const t of known.terms) if (t !== null && wanted.has(t) && ++n >= enough) return n;
    return n;
  }
  let seen: string[] | undefined;
  scanHeld(text, wanted, (t) => {
    if (distinct) {
      if (seen?.includes(t)) return false;
      (seen ??= []).push(t);
    }
    return ++n >= enough;
  });
  return n;
}

/**
 * `heldCount` of one wanted set, memoised by text for the length of one question: the copies of a
 * syndicated story repeat its sentences word for word, and each would be scanned again.
 */
export function heldCounter(
  wanted: ReadonlySet<string>,
  distinct: boolean,
  enough = Infinity,
): (text: string) => number {
  const known = new Map<string, number>();
  return (text) => {
    let n = known.get(text);
    if (n === undefined) known.set(text, (n = heldCount(text, wanted, distinct, enough)));
    return n;
  };
}

/**
 * `heldCounter` per list of wanted terms (a hit's matched words), made once per distinct list: hits
 * that matched alike share the set and its memo.
 */
export function heldCounters(
  distinct: boolean,
): (terms: readonly string[]) => { set: ReadonlySet<string>; count: (text: string) => number } {
  const made = new Map<string, { set: ReadonlySet<string>; count: (text: string) => number }>();
  return (terms) => {
    const key = terms.join('\u0001');
    let c = made.get(key);
    if (!c) {
      const set = new Set(terms);
      made.set(key, (c = { set, count: heldCounter(set, distinct) }));
    }
    return c;
  };
}

/** The terms of `wanted` that words of `text` fold to (what `tokensOf(text).set` holds of them). */
export function heldTerms(text: string, wanted: ReadonlySet<string>): Set<string> {
  const known = memo.get(text);
  const out = new Set<string>();
  if (known) {
    for (const t of wanted) if (known.set.has(t)) out.add(t);
    return out;
  }
  scanHeld(text, wanted, (t) => {
    out.add(t);
    return out.size === wanted.size;
  });
  return out;
}

/**
 * Calls `held(term, start, end)` for each word of `text` that folds to a term in `wanted`, in order,
 * until it returns true. Words are walked as spans (word-spans.ts) and folded only when their first
 * character could start one of `wanted`: a skipped word costs no string.
 */
function scanHeld(
  text: string,
  wanted: ReadonlySet<string>,
  held: (term: string, start: number, end: number) => boolean,
): void {
  if (wanted.size === 0) return;
  if (++generation > 0x3fffffff) {
    firstOfTerm.fill(0);
    generation = 1;
  }
  const gen = generation;
  for (const t of wanted) {
    const c = t.charCodeAt(0);
    if (c < 128) firstOfTerm[c] = gen;
  }
  const span: WordSpan = { start: 0, end: 0 };
  for (let i = 0; nextWordSpan(text, i, span); i = span.end) {
    const { start, end } = span;
    let c = text.charCodeAt(start);
    if (c >= 65 && c <= 90) c += 32; // A–Z folds to a–z
    if (c < 128 && firstOfTerm[c] !== gen) continue;
    const t = processTerm(text.slice(start, end));
    if (t !== null && wanted.has(t) && held(t, start, end)) return;
  }
}

/** The words of `text` (as written) whose indexed form is among `matched`: what to show in bold. */
export function highlightsIn(text: string, matched: Iterable<string>): string[] {
  const wanted = new Set(matched);
  const out: string[] = [];
  const known = memo.get(text);
  if (!known) {
    scanHeld(text, wanted, (_t, start, end) => {
      const word = text.slice(start, end);
      if (!out.includes(word)) out.push(word);
      return false;
    });
    return out;
  }
  const { words: ws, terms } = known;
  for (let i = 0; i < ws.length; i++) {
    const t = terms[i];
    if (t && wanted.has(t) && !out.includes(ws[i]!)) out.push(ws[i]!);
  }
  return out;
}
