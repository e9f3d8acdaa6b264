/**
 * Changing a built search index in place (articles added, removed or replaced) so that it answers
 * exactly as a fresh build of the resulting documents does.
 *
 * MiniSearch's `add` and `remove` change the postings; what they leave different from a fresh
 * build, and how it is settled here:
 * - positions: a document's id is its paragraph position, and every position after a changed
 *   article moves; the kept documents are renumbered (`_documentIds`, `_idToShortId`), and both id
 *   maps are rewritten in position order, as a fresh build has them. Short ids stay (the postings
 *   are keyed by them), so they are no longer positions nor in position order: nothing that answers
 *   may follow short-id order (the scorers break ties by position).
 * - short ids: MiniSearch gives every added document the next one, so they would grow with every
 *   change and the scorers' working space (sized by `_nextId`) with them; added documents take the
 *   short ids freed by removed ones first.
 * - the radix tree: its nodes' entries are in the order they were made, which differs after
 *   removals (merged keys go last) and additions; MiniSearch's fuzzy and prefix expansions, and so
 *   score sums and the vocabulary, follow it. Every index keeps its tree in one order, sorted
 *   (`sortTermTree`, called by the build): a change sorts again the nodes on the paths of the terms
 *   it touched.
 * - average field lengths: MiniSearch keeps a running average, which drifts with the order
 *   documents came and went; `settleAverages` sets each to the exact sum over the count.
 */
import type { SearchDoc } from '../model.js';
import { LEAF, SearchIndex, type FieldPostings, type TermTree } from './adapter.js';

export interface SearchChange {
  /** Documents to take out, exactly as they were added (their `id` is their position before the change). */
  removed: SearchDoc[];
  /** Each kept document's position after the change, indexed by its position before (-1 = removed). Length = paragraph count before. */
  moved: Int32Array;
  /** Documents to put in, with their positions after the change as ids. */
  added: SearchDoc[];
}

/** The members a change writes (MiniSearch's own, through the adapter's names). */
interface Writable {
  _nextId: number;
  _avgFieldLength: number[];
}

/**
 * Applies the change to `search` in place (MiniSearch `remove`, not `discard`, so no stale postings
 * stay: `_dirtCount` stays 0 and the fast path keeps working), renumbers every kept document to its
 * new position, and settles the average field lengths exactly.
 */
export function changeSearch(search: SearchIndex<SearchDoc>, change: SearchChange): void {
  if (!SearchIndex.hasExpectedShape(search)) throw new Error('this MiniSearch keeps its index differently');
  const { removed, moved, added } = change;
  const before = search._documentIds.size;
  if (moved.length !== before) throw new Error(`moved has ${moved.length} positions for ${before} documents`);
  const touched = new Set<string>();
  for (const doc of removed) {
    if (moved[doc.id] !== -1) throw new Error(`removed document ${doc.id} is not marked removed`);
    termsOf(search, doc, touched);
    search.remove(doc);
  }
  const after = before - removed.length + added.length;
  // Short id at each position after the change (-1 until filled).
  const shortAt = new Int32Array(after).fill(-1);
  for (const [shortId, pos] of search._documentIds) place(shortAt, moved[pos] ?? -1, shortId);
  const free = freeShortIds(search, shortAt, added.length);
  const ids = search._idToShortId;
  ids.clear();
  for (let pos = 0; pos < after; pos++) if (shortAt[pos]! >= 0) ids.set(pos, shortAt[pos]!);
  const writable = search as unknown as Writable;
  const nextId = search._nextId;
  const sorted = [...added].sort((a, b) => a.id - b.id);
  sorted.forEach((doc, i) => {
    // MiniSearch gives a new document `_nextId`: point it at a free one for this add.
    writable._nextId = free[i] ?? nextId + i - free.length;
    search.add(doc);
    place(shortAt, doc.id, search._idToShortId.get(doc.id)!);
    termsOf(search, doc, touched);
  });
  writable._nextId = Math.max(nextId, nextId + sorted.length - free.length);
  if (shortAt.includes(-1)) throw new Error('the change leaves a position without a document');
  // Both id maps in position order, as a fresh build has them.
  search._documentIds.clear();
  ids.clear();
  for (let pos = 0; pos < after; pos++) {
    search._documentIds.set(shortAt[pos]!, pos);
    ids.set(pos, shortAt[pos]!);
  }
  for (const term of touched) sortPath(search._index._tree, term);
  settleAverages(search);
}

/** Records `shortId` at position `pos`, which must be new and free. */
function place(shortAt: Int32Array, pos: number, shortId: number): void {
  if (!(pos >= 0 && pos < shortAt.length) || shortAt[pos] !== -1)
    throw new Error(`position ${pos} is out of range or taken twice`);
  shortAt[pos] = shortId;
}

/** Up to `want` short ids below `_nextId` that no kept document holds, ascending. */
function freeShortIds(search: SearchIndex<SearchDoc>, shortAt: Int32Array, want: number): number[] {
  const used = new Uint8Array(search._nextId);
  for (const id of shortAt) if (id >= 0) used[id] = 1;
  const free: number[] = [];
  for (let id = 0; id < used.length && free.length < want; id++) if (!used[id]) free.push(id);
  return free;
}

/** The index terms of a document, as MiniSearch makes them when it adds or removes it. */
function termsOf(search: SearchIndex<SearchDoc>, doc: SearchDoc, into: Set<string>): void {
  const { fields, tokenize, processTerm, extractField, stringifyField } = search._options;
  for (const field of fields) {
    const value = extractField(doc, field);
    if (value == null) continue;
    for (const token of tokenize(stringifyField(value, field), field)) {
      const t = processTerm(token, field);
      if (Array.isArray(t)) for (const x of t) into.add(x);
      else if (t) into.add(t);
    }
  }
}

/**
 * Sets each field's average length to (sum of lengths)/(document count) exactly; MiniSearch's
 * running average drifts with the order documents were added and removed.
 */
export function settleAverages(search: SearchIndex<SearchDoc>): void {
  const fieldCount = Object.keys(search._fieldIds).length;
  const sums = new Array<number>(fieldCount).fill(0);
  for (const lengths of search._fieldLength.values()) {
    for (let f = 0; f < fieldCount; f++) sums[f]! += lengths[f] ?? 0;
  }
  const count = search._documentCount;
  const avg = (search as unknown as Writable)._avgFieldLength;
  for (let f = 0; f < fieldCount; f++) avg[f] = count > 0 ? sums[f]! / count : 0;
}

/**
 * Puts every node of the term tree in one order, whatever order its terms came in: each node's
 * entries by key (the term ending here first, then by next character, so MiniSearch walks terms
 * alphabetically), and each term's fields by field id.
 */
export function sortTermTree(search: SearchIndex<SearchDoc>): void {
  const stack: TermTree[] = [search._index._tree];
  while (stack.length) {
    const node = stack.pop()!;
    sortNode(node);
    for (const [key, child] of node) if (key !== LEAF) stack.push(child as TermTree);
  }
}

/** Sorts the nodes on the path of `term` (as far as the tree holds it): the ones a change to it touched. */
function sortPath(tree: TermTree, term: string): void {
  let node: TermTree | undefined = tree;
  let at = 0;
  while (node) {
    sortNode(node);
    if (at >= term.length) return;
    let next: TermTree | undefined;
    for (const [key, child] of node) {
      if (key === LEAF || key[0] !== term[at]) continue;
      if (term.startsWith(key, at)) {
        next = child as TermTree;
        at += key.length;
      }
      break;
    }
    node = next;
  }
}

function sortNode(node: TermTree): void {
  let previous: string | undefined;
  for (const key of node.keys()) {
    if (previous !== undefined && key < previous) {
      const entries = [...node].sort((a, b) => (a[0] < b[0] ? -1 : 1));
      node.clear();
      for (const [k, v] of entries) node.set(k, v);
      break;
    }
    previous = key;
  }
  const leaf = node.get(LEAF) as FieldPostings | undefined;
  if (!leaf || leaf.size < 2) return;
  let last = -1;
  for (const fieldId of leaf.keys()) {
    if (fieldId < last) {
      const entries = [...leaf].sort((a, b) => a[0] - b[0]);
      leaf.clear();
      for (const [k, v] of entries) leaf.set(k, v);
      return;
    }
    last = fieldId;
  }
}
