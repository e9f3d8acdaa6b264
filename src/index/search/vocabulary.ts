/**
 * The index's vocabulary by length, and the scan over it that finds the terms near a word as
 * MiniSearch's `fuzzyGet` does (same terms, same order), several times faster.
 */
import { defineTable, type Build } from '../derived.js';
import { distancePattern, levenshteinFrom } from '../edit-distance.js';
import type { DossierIndex } from '../model.js';
import { bitCount, charMask } from '../terms.js';
import { coreOf, coreTable, type Core, type FieldPostings } from './core.js';

/**
 * The index's terms grouped by length, each with a character mask and its place in the order
 * MiniSearch's radix tree walks them: what finding the terms near a word scans (built once per
 * index, ahead by warm-up).
 */
interface Vocabulary {
  terms: string[];
  masks: Int32Array;
  /** Place in MiniSearch's fuzzyGet order (the reverse of the tree's iteration order). */
  ranks: Int32Array;
  /** The terms of length L are `terms[byLength[L]]` … `terms[byLength[L + 1] - 1]`. */
  byLength: Int32Array;
  /** Paragraphs each term is in (its largest field's posting count), by place in `terms`. */
  df: Int32Array;
  /** The places in `terms` in the terms' code-unit order: a prefix's terms are one run of it. */
  sorted: Int32Array;
}

/** Most paragraphs first, ties in code-unit order: how completions of a prefix are listed. */
export function byFrequency(a: { term: string; df: number }, b: { term: string; df: number }): number {
  return b.df - a.df || (a.term < b.term ? -1 : 1);
}

/** Paragraphs an index term is in (its largest field's posting count: text, as a rule). */
export function documentFrequency(data: FieldPostings): number {
  let df = 0;
  for (const postings of data.values()) df = Math.max(df, postings.size);
  return df;
}

/** Whether `term` (folded, as the index keeps it) is one of the index's terms; false when unreadable. */
export function isIndexTerm(index: DossierIndex, term: string): boolean {
  const core = coreTable.get(index);
  return !!core && core.ix._index.get(term) !== undefined;
}

/** The vocabulary of every index, or null for one that cannot be read directly. */
const vocabularies = defineTable(
  'vocabulary',
  function* (index): Build<Vocabulary | null> {
    const core = coreTable.get(index);
    return core ? yield* makeVocabulary(core) : null;
  },
  { readsSearch: true },
);

function* makeVocabulary(core: Core): Build<Vocabulary> {
  const all: string[] = [];
  const dfs: number[] = [];
  let longest = 0;
  for (const [term, data] of core.ix._index) {
    all.push(term);
    dfs.push(documentFrequency(data));
    if (term.length > longest) longest = term.length;
    if (all.length % 4096 === 0) yield;
  }
  const byLength = new Int32Array(longest + 2);
  for (const t of all) byLength[t.length + 1]!++;
  for (let l = 0; l <= longest; l++) byLength[l + 1]! += byLength[l]!;
  const fill = byLength.slice(0, longest + 1);
  const terms = new Array<string>(all.length);
  const masks = new Int32Array(all.length);
  const ranks = new Int32Array(all.length);
  const df = new Int32Array(all.length);
  for (let i = 0; i < all.length; i++) {
    const t = all[i]!;
    const at = fill[t.length]!++;
    terms[at] = t;
    masks[at] = charMask(t);
    ranks[at] = all.length - 1 - i;
    df[at] = dfs[i]!;
    if (i % 8192 === 8191) yield;
  }
  const sorted = yield* codeUnitOrder(terms);
  return { terms, masks, ranks, byLength, df, sorted };
}

/**
 * The places of `terms` in code-unit order (how `<` compares strings), sorted a first code unit
 * at a time (a counting pass, then each group on its own) so that no step holds the thread long.
 */
function* codeUnitOrder(terms: string[]): Build<Int32Array> {
  const starts = new Int32Array(0x10001);
  for (const t of terms) starts[t.charCodeAt(0) + 1]!++;
  for (let c = 0; c < 0x10000; c++) starts[c + 1]! += starts[c]!;
  const fill = starts.slice(0, 0x10000);
  const sorted = new Int32Array(terms.length);
  for (let i = 0; i < terms.length; i++) sorted[fill[terms[i]!.charCodeAt(0)]!++] = i;
  const byTerm = (a: number, b: number) => (terms[a]! < terms[b]! ? -1 : 1);
  let since = 0;
  for (let c = 0; c < 0x10000; c++) {
    const from = starts[c]!;
    const to = starts[c + 1]!;
    if (to - from < 2) continue;
    sorted.subarray(from, to).sort(byTerm);
    since += to - from;
    if (since >= 4096) {
      since = 0;
      yield;
    }
  }
  return sorted;
}

/**
 * The index terms starting with `prefix`, most paragraphs first (ties in code-unit order), from
 * the sorted vocabulary: a binary search and one run of it, where MiniSearch's `atPrefix` walks
 * its tree's nodes (maps, each a cache miss on a cold index). Undefined until warm-up has built
 * the vocabulary.
 */
export function prefixTermsOf(core: Core, prefix: string): { term: string; df: number }[] | undefined {
  const vocabulary = vocabularies.peek(core.index);
  if (!vocabulary) return undefined;
  const { terms, df, sorted } = vocabulary;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (terms[sorted[mid]!]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: { term: string; df: number }[] = [];
  for (let i = lo; i < sorted.length; i++) {
    const at = sorted[i]!;
    const term = terms[at]!;
    if (!term.startsWith(prefix)) break;
    out.push({ term, df: df[at]! });
  }
  return out.sort(byFrequency);
}

/**
 * The index terms within Levenshtein distance `max` of `word` (itself included, at 0), with their
 * distance, in the order MiniSearch's `fuzzyGet(word, max)` gives them (the order its search adds
 * scores up in). Found by scanning the terms of nearby lengths whose letters differ by at most
 * `max` (a term `max` edits away lacks at most `max` of the word's letters and has at most `max`
 * the word lacks) instead of walking the radix tree: several times faster for the two-edit budget
 * of long words, which reaches deep into the tree. Undefined when the index cannot be read directly.
 */
export function nearTerms(index: DossierIndex, word: string, max: number): NearTerm[] | undefined {
  const core = coreOf(index);
  return core ? nearTermsOf(core, word, max) : undefined;
}

/**
 * `nearTerms` for an index known to be readable. Until warm-up has built the vocabulary (for a
 * while after a change, or in a one-shot CLI that answers once), MiniSearch's own `fuzzyGet` gives
 * the same list: building the vocabulary on a question's thread takes tens of ms at 100k
 * paragraphs, more than a few walks of the tree.
 */
export function nearTermsOf(core: Core, word: string, max: number): NearTerm[] {
  const vocabulary = vocabularies.peek(core.index);
  if (!vocabulary)
    return [...core.ix._index.fuzzyGet(word, max)].map(([term, [data, d]]) => ({
      term,
      d,
      df: documentFrequency(data),
    }));
  const { terms, masks, ranks, byLength, df } = vocabulary;
  const found: (NearTerm & { rank: number })[] = [];
  const pattern = distancePattern(word);
  const mask = charMask(word);
  const longest = byLength.length - 2;
  for (let l = Math.max(0, word.length - max); l <= Math.min(longest, word.length + max); l++) {
    for (let i = byLength[l]!, end = byLength[l + 1]!; i < end; i++) {
      const m = masks[i]!;
      if (bitCount(mask & ~m) > max || bitCount(m & ~mask) > max) continue;
      const d = levenshteinFrom(pattern, terms[i]!, max);
      if (d <= max) found.push({ term: terms[i]!, d, df: df[i]!, rank: ranks[i]! });
    }
  }
  found.sort((a, b) => a.rank - b.rank);
  return found.map(({ term, d, df }) => ({ term, d, df }));
}

/** A term near a word: its edit distance from the word and how many paragraphs it is in. */
export interface NearTerm {
  term: string;
  d: number;
  df: number;
}
