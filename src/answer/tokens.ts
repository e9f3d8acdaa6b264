/**
 * The word tokens of a text with their indexed forms, memoised by text: the answerers look at the
 * same sentences and paragraphs question after question (the passages a topic's questions find), so a
 * sentence is tokenised once, not on every question that reads it. Bounded: the least recently
 * used text goes first.
 */
import { LRUCache } from 'lru-cache';
import { processTerm, words } from '../index/terms.js';

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

/** The words of `text` (as written) whose indexed form is among `matched`: what to show in bold. */
export function highlightsIn(text: string, matched: Iterable<string>): string[] {
  const wanted = new Set(matched);
  const { words: ws, terms } = tokensOf(text);
  const out: string[] = [];
  for (let i = 0; i < ws.length; i++) {
    const t = terms[i];
    if (t && wanted.has(t) && !out.includes(ws[i]!)) out.push(ws[i]!);
  }
  return out;
}
