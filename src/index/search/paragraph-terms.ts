/**
 * Per-paragraph term lists read from the search index's postings (for the answer tables).
 */
import type { DossierIndex } from '../model.js';
import { coreOf, type Postings } from './core.js';

/**
 * The distinct content terms of every paragraph's text, as term ids: paragraph p's are
 * `ids[start[p]]` … `ids[start[p + 1] - 1]`, the rarest first (ids are given in order of how many
 * paragraphs hold the term, fewest first). Read from the text field's postings (the search indexes
 * each paragraph's text with the same tokenizer and processTerm), so nothing is tokenised; about 4
 * bytes per (paragraph, distinct term), or 2 while there are fewer than 65,536 terms. Null when the
 * index cannot be read directly.
 */
export interface ParagraphTerms {
  start: Int32Array;
  ids: Uint16Array | Int32Array;
  /** Term ids are below this. */
  terms: number;
  /** Each term id's term: what a change's new paragraphs are read into (tables.ts, `prepareTermBridge`). */
  words: string[];
}

export function* paragraphTerms(index: DossierIndex): Generator<void, ParagraphTerms | null, void> {
  const core = coreOf(index);
  const field = core?.ix._fieldIds['text'];
  if (!core || field === undefined) return null;
  const { ix } = core;
  const n = index.paragraphs.length;
  const lists: Postings[] = [];
  const terms: string[] = [];
  for (const [term, data] of ix._index) {
    const p = data.get(field);
    if (p && p.size) {
      lists.push(p);
      terms.push(term);
    }
    if (lists.length % 4096 === 0) yield;
  }
  // Stable: terms held by as many paragraphs keep the index's order. By counting (sizes are small
  // integers): a comparison sort of the ~150k lists at 100k paragraphs was one 30 ms step.
  const order = bySize(lists);
  const sorted = Array.from(order, (i) => lists[i]!);
  const words = Array.from(order, (i) => terms[i]!);
  yield;
  const start = new Int32Array(n + 1);
  let walked = 0;
  // Each short id's position, read once into an array: millions of postings look theirs up.
  const positions = positionsByShortId(ix._documentIds, n);
  const position = (shortId: number) => positions[shortId] ?? -1;
  for (const p of sorted) {
    p.forEach((_tf, shortId) => {
      const pos = position(shortId);
      if (pos >= 0) start[pos + 1]!++;
    });
    if ((walked += p.size) >= 65536) {
      walked = 0;
      yield;
    }
  }
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const ids = sorted.length < 65536 ? new Uint16Array(start[n]!) : new Int32Array(start[n]!);
  const fill = start.slice(0, n);
  for (let id = 0; id < sorted.length; id++) {
    sorted[id]!.forEach((_tf, shortId) => {
      const pos = position(shortId);
      if (pos >= 0) ids[fill[pos]!++] = id;
    });
    if ((walked += sorted[id]!.size) >= 65536) {
      walked = 0;
      yield;
    }
  }
  return { start, ids, terms: sorted.length, words };
}

/** The lists' places by size, smallest first, those of one size in the order given (a counting sort). */
function bySize(lists: Postings[]): Int32Array {
  let largest = 0;
  for (const p of lists) if (p.size > largest) largest = p.size;
  const at = new Int32Array(largest + 2);
  for (const p of lists) at[p.size + 1]!++;
  for (let s = 0; s <= largest; s++) at[s + 1]! += at[s]!;
  const out = new Int32Array(lists.length);
  lists.forEach((p, i) => (out[at[p.size]!++] = i));
  return out;
}

/** Each short id's position (-1 for none, or one not below `n`): one pass over 100k ids takes a ms or two. */
function positionsByShortId(ids: Map<number, number>, n: number): Int32Array {
  let size = 0;
  ids.forEach((_pos, shortId) => {
    if (shortId >= size) size = shortId + 1;
  });
  const out = new Int32Array(size).fill(-1);
  ids.forEach((pos, shortId) => {
    if (typeof pos === 'number' && pos >= 0 && pos < n) out[shortId] = pos;
  });
  return out;
}
