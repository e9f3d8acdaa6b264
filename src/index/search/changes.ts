/**
 * Changing a built search index in place (articles added, removed or replaced) so that it answers
 * exactly as a fresh build of the resulting documents does.
 *
 * MiniSearch's `add` and `remove` change the postings; what they leave different from a fresh
 * build, and how it is settled here:
 * - positions: a document's id is its paragraph position, and every position after a changed
 *   article moves; the kept documents that moved are renumbered in place (`_documentIds`,
 *   `_idToShortId`). Short ids stay (the postings are keyed by them), so they are no longer
 *   positions nor in position order, and neither is the order of the id maps, the field lengths
 *   or any posting list: nothing that answers may follow short-id or insertion order (the scorers
 *   break ties by position).
 * - short ids: MiniSearch gives every added document the next one, so they would grow with every
 *   change and the scorers' working space (sized by `_nextId`) with them; added documents take the
 *   short ids freed by removed ones first, so `_nextId` stays at the most documents held at once.
 * - the radix tree: its nodes' entries are in the order they were made, which differs after
 *   removals (merged keys go last) and additions; MiniSearch's fuzzy and prefix expansions, and so
 *   score sums and the vocabulary, follow it. Every index keeps its tree in one order, sorted
 *   (`sortTermTree`, called by the build, settle-search.ts): a change sorts again the nodes on the paths of the terms
 *   it touched.
 * - average field lengths: MiniSearch keeps a running average, which drifts with the order
 *   documents came and went; they are set to the exact sum over the count (`settleAverages` in
 *   src/index/build/settle-search.ts for a whole index; a change works the sums out from the old exact averages and the lengths of the
 *   documents it removed and added).
 *
 * Derived tables (src/index/derived.ts) read the search as it was: an index changed this way needs
 * new ones (a new `DossierIndex` from `assembleIndex`).
 */
import { sortNode } from '../build/settle-search.js';
import { inChunks, type Build } from '../derived.js';
import type { SearchDoc } from '../model.js';
import { PackedFreqs } from '../saved/compact-maps.js';
import { LEAF, SearchIndex, type TermTree } from './adapter.js';

export interface SearchChange {
  /** Documents to take out, exactly as they were added (their `id` is their position before the change). */
  removed: SearchDoc[];
  /** Each kept document's position after the change, indexed by its position before (-1 = removed). Length = paragraph count before. */
  moved: Int32Array;
  /** Documents to put in, with their positions after the change as ids. */
  added: SearchDoc[];
  /** The added documents' terms already in the tree, with their postings, looked up ahead (`inTree`). */
  ahead?: Map<string, unknown>;
  /** The removed and added documents' tokens and terms, worked out ahead (`madeAhead`). */
  made?: MadeTerms;
  /** `checkChange` has passed on this change and this index (while it served, before the change). */
  checked?: boolean;
  /**
   * The kept documents whose position changes, as (short id, new position) pairs, read from the
   * index before the change (`plannedMoves`); without, every document's position is looked at.
   */
  moves?: Int32Array;
  /**
   * The short ids below `_nextId` no document held before the change (left by an earlier change that
   * removed more than it added), ascending, as many as there are documents to add: looked for ahead
   * (`freeIdsAhead`); without, the commit's one step scans every short id (7 ms at 100k paragraphs).
   */
  holes?: number[];
}

/**
 * The terms of `terms` the tree already holds, each with its postings (what MiniSearch's `add`
 * would find by walking the tree), looked up while the index still serves, so that the change
 * itself, which runs in one step on the thread that answers, walks the tree only for new terms:
 * at 100k paragraphs the walks were most of a 20-item feed's change (20-40 ms).
 */
export function inTree(search: SearchIndex<SearchDoc>, terms: Iterable<string>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!SearchIndex.hasExpectedShape(search)) return out;
  for (const t of terms) {
    const data = search._index.get(t);
    if (data !== undefined) out.set(t, data);
  }
  return out;
}

/**
 * What MiniSearch makes of documents' fields, worked out ahead: each field value's tokens, each
 * token's term(s), and every term. The change's one step reads them instead of tokenising and
 * folding again (for a 20-item feed at 100k paragraphs, most of that step).
 */
export interface MadeTerms {
  /** By field, then by the field's text: its tokens. */
  tokens: Map<string, Map<string, string[]>>;
  /** By field, then by token: what `processTerm` makes of it. */
  terms: Map<string, Map<string, ProcessedTerm>>;
  all: Set<string>;
}
type ProcessedTerm = string | string[] | null | undefined | false;

/** `MadeTerms` of the documents, a few documents a step. */
export function* madeAhead(search: SearchIndex<SearchDoc>, docs: readonly SearchDoc[]): Build<MadeTerms> {
  const made: MadeTerms = { tokens: new Map(), terms: new Map(), all: new Set() };
  if (!SearchIndex.hasExpectedShape(search)) return made;
  const { tokenize, processTerm, fields, stringifyField } = search._options;
  for (const field of fields) {
    made.tokens.set(field, new Map());
    made.terms.set(field, new Map());
  }
  let since = 0;
  for (const doc of docs) {
    for (const field of fields) {
      const value = (doc as unknown as Record<string, unknown>)[field];
      if (value == null) continue;
      const text = stringifyField(value, field);
      const tokens = tokenize(text, field);
      made.tokens.get(field)!.set(text, tokens);
      const terms = made.terms.get(field)!;
      for (const token of tokens) {
        if (terms.has(token)) continue;
        const t = processTerm(token, field);
        terms.set(token, t);
        if (Array.isArray(t)) for (const x of t) made.all.add(x);
        else if (t) made.all.add(t);
      }
    }
    if (++since >= DOCS_PER_STEP) {
      since = 0;
      yield;
    }
  }
  return made;
}
const DOCS_PER_STEP = 16;

/** Postings of this many paragraphs or more are kept packed (`repackTerms`); fewer are walked fast as they are. */
const PACK_FROM = 64;
/** Posting entries handled between two yields of `materializeTerms` and `repackTerms`. */
const ENTRIES_PER_STEP = 32_768;

/**
 * Makes the packed postings a change will write (`terms`: those of the documents it takes out and
 * puts in) the Maps a write makes them, a few at a time while the index serves: done in the
 * change's one step, that was tens of ms at 100k paragraphs for the common words of 20 new items.
 */
export function* materializeTerms(search: SearchIndex<SearchDoc>, terms: Iterable<string>): Build<void> {
  if (!SearchIndex.hasExpectedShape(search)) return;
  let since = 0;
  for (const term of terms) {
    const data = search._index.get(term);
    if (!data) continue;
    for (const p of data.values()) {
      if (!(p instanceof PackedFreqs) || p.plain) continue;
      p.materialize();
      since += p.size;
    }
    if (since >= ENTRIES_PER_STEP) {
      since = 0;
      yield;
    }
  }
}

/**
 * Packs again the postings of `terms` that a change left as Maps (`changeSearch` gives them): a
 * Map costs the candidate walk (fast-scorer.ts) a call per posting, and after a few changes every
 * common word's postings were Maps, the slowest questions twice as slow. Run while the index serves,
 * a few terms a step; each posting list is swapped for its packed copy in one assignment.
 */
export function* repackTerms(search: SearchIndex<SearchDoc>, terms: readonly string[]): Build<void> {
  if (!SearchIndex.hasExpectedShape(search)) return;
  let since = 0;
  for (const term of terms) {
    const data = search._index.get(term) as Map<number, unknown> | undefined;
    if (!data) continue;
    for (const [field, p] of data) {
      const map = p as Map<number, number> | PackedFreqs;
      if (map.size < PACK_FROM || (map instanceof PackedFreqs && !map.plain)) continue;
      data.set(field, PackedFreqs.of(map));
      since += map.size;
    }
    if (since >= ENTRIES_PER_STEP) {
      since = 0;
      yield;
    }
  }
}

/** SearchableMap's `fetch` (the walk to a term, made if missing) and the size it forgets. */
interface TreeFetch {
  _size: number | undefined;
  fetch: (term: string, initial: () => unknown) => unknown;
}

/** The members a change writes (MiniSearch's own, through the adapter's names). */
interface Writable {
  _nextId: number;
  _avgFieldLength: number[];
}

/**
 * Applies the change to `search` in place (MiniSearch `remove`, not `discard`, so no stale postings
 * stay: `_dirtCount` stays 0 and the fast path keeps working), renumbers every kept document to its
 * new position, and settles the average field lengths exactly. Throws, changing nothing, if the
 * change does not fit the index. Returns the short ids of the documents it removed (some of which
 * the added documents took again).
 */
export function changeSearch(
  search: SearchIndex<SearchDoc>,
  change: SearchChange,
): { freed: number[]; touched: string[] } {
  if (!SearchIndex.hasExpectedShape(search)) throw new Error('this MiniSearch keeps its index differently');
  const { removed, moved, added } = change;
  if (!change.checked) checkChange(change, search._documentIds.size);
  const sums = lengthSums(search);
  const touched = new Set<string>();
  const options = search._options;
  const { processTerm, tokenize } = options;
  const made = change.made;
  // The terms the change touches, as MiniSearch makes them (so nothing is tokenised twice), and
  // from what was worked out ahead where it was.
  options.processTerm = (term, field) => {
    const known = made?.terms.get(field ?? '');
    const t = known?.has(term) ? known.get(term) : processTerm(term, field);
    if (Array.isArray(t)) for (const x of t) touched.add(x);
    else if (t) touched.add(t);
    return t;
  };
  if (made)
    options.tokenize = (text, field) => made.tokens.get(field ?? '')?.get(text) ?? tokenize(text, field);
  const freed: number[] = [];
  try {
    for (const doc of removed) {
      const shortId = search._idToShortId.get(doc.id)!;
      addLengths(sums, search._fieldLength.get(shortId), -1);
      search.remove(doc);
      freed.push(shortId);
    }
    renumber(search, change, moved.length - removed.length + added.length);
    // Looked up ahead: valid for every term the removals did not touch (one they emptied is gone
    // from the tree); the others are walked to as MiniSearch does.
    const ahead = change.ahead;
    const tree = search._index as unknown as TreeFetch;
    if (ahead?.size) {
      const gone = new Set(touched);
      tree._size = undefined;
      tree.fetch = (term, initial) =>
        (!gone.has(term) && ahead.get(term)) || Object.getPrototypeOf(tree).fetch.call(tree, term, initial);
    }
    try {
      addDocuments(search, added, freed, change.holes);
    } finally {
      if (ahead?.size) delete (tree as Partial<TreeFetch>).fetch;
    }
    for (const doc of added) addLengths(sums, search._fieldLength.get(search._idToShortId.get(doc.id)!), 1);
  } finally {
    options.processTerm = processTerm;
    options.tokenize = tokenize;
  }
  for (const term of touched) sortPath(search._index._tree, term);
  const avg = (search as unknown as Writable)._avgFieldLength;
  const count = search._documentCount;
  sums.forEach((sum, f) => (avg[f] = count > 0 ? sum / count : 0));
  return { freed, touched: [...touched] };
}

/**
 * The change, checked against `search` as it is now (`checkChange`): a process that serves checks
 * it while preparing, so the commit's one step does not walk every position again.
 */
export function checkedChange(search: SearchIndex<SearchDoc>, change: SearchChange): SearchChange {
  if (!SearchIndex.hasExpectedShape(search)) return change;
  checkChange(change, search._documentIds.size);
  return { ...change, checked: true };
}

/**
 * The (short id, new position) pairs of the kept documents a change moves, read from `search` as it
 * is before the change, a few thousand positions a step: where articles are added last (a file
 * name late in the order) none move, and the commit's one step writes nothing for them; where one
 * is added early, the commit writes only the moves, without walking every document.
 */
export function* plannedMoves(search: SearchIndex<SearchDoc>, moved: Int32Array): Build<Int32Array> {
  const pairs: number[] = [];
  yield* inChunks(moved.length, 8192, (from, to) => {
    for (let pos = from; pos < to; pos++) {
      const next = moved[pos]!;
      if (next === pos || next < 0) continue;
      pairs.push(search._idToShortId.get(pos)!, next);
    }
  });
  return Int32Array.from(pairs);
}

/**
 * Throws unless the change fits an index of `before` documents: every removed document is marked
 * removed in `moved` and only those, and the kept and added documents fill the positions after the
 * change exactly once.
 */
function checkChange({ removed, moved, added }: SearchChange, before: number): void {
  if (moved.length !== before) throw new Error(`moved has ${moved.length} positions for ${before} documents`);
  const after = before - removed.length + added.length;
  const filled = new Uint8Array(after);
  const fill = (pos: number) => {
    if (!(pos >= 0 && pos < after) || filled[pos])
      throw new Error(`position ${pos} is out of range or taken twice`);
    filled[pos] = 1;
  };
  let gone = 0;
  for (const to of moved) {
    if (to === -1) gone++;
    else fill(to);
  }
  const ids = new Set(removed.map((d) => d.id));
  if (gone !== removed.length || ids.size !== gone || [...ids].some((id) => moved[id] !== -1))
    throw new Error('the removed documents are not the ones marked removed');
  for (const doc of added) fill(doc.id);
}

/**
 * Each field's total length, from its average: exact when the averages are (a built or changed
 * index), and even from a running average, whose error is far below one.
 */
function lengthSums(search: SearchIndex<SearchDoc>): number[] {
  const count = search._documentCount;
  return Array.from({ length: Object.keys(search._fieldIds).length }, (_, f) =>
    Math.round((search._avgFieldLength[f] ?? 0) * count),
  );
}

function addLengths(sums: number[], lengths: number[] | undefined, sign: 1 | -1): void {
  for (let f = 0; f < sums.length; f++) sums[f]! += sign * (lengths?.[f] ?? 0);
}

/**
 * Gives the kept documents their positions after the change, in place: only those that moved are
 * written, and the positions no kept document holds any more are let go (`after`: documents after).
 */
function renumber(search: SearchIndex<SearchDoc>, { moved, moves }: SearchChange, after: number): void {
  const ids = search._idToShortId;
  if (moves) {
    for (let i = 0; i < moves.length; i += 2) {
      search._documentIds.set(moves[i]!, moves[i + 1]!);
      ids.set(moves[i + 1]!, moves[i]!);
    }
  } else {
    for (const [shortId, pos] of search._documentIds) {
      const to = moved[pos]!;
      if (to === pos) continue;
      search._documentIds.set(shortId, to);
      ids.set(to, shortId);
    }
  }
  // Left over: positions past the end, and those of added documents (freed below, before adding).
  for (let pos = after; pos < moved.length; pos++) ids.delete(pos);
}

/**
 * Adds the documents at their positions, on free short ids first: those the change `freed`, then
 * any other below `_nextId` (left by an earlier change that removed more than it added).
 */
function addDocuments(
  search: SearchIndex<SearchDoc>,
  added: SearchDoc[],
  freed: number[],
  holes: number[] | undefined,
): void {
  const writable = search as unknown as Writable;
  const nextId = search._nextId;
  const free = freed.slice(0, added.length);
  if (free.length < added.length && nextId - search._documentIds.size > free.length) {
    // The holes before the change, then any the scan finds (the change's own freed ids are not
    // among those: they held documents until this step).
    const taken = new Set(free);
    for (const id of holes ?? []) if (free.length < added.length && !taken.has(id)) free.push(id);
    if (!holes)
      for (let id = 0; id < nextId && free.length < added.length; id++)
        if (!search._documentIds.has(id) && !taken.has(id)) free.push(id);
  }
  const sorted = [...added].sort((a, b) => a.id - b.id);
  try {
    sorted.forEach((doc, i) => {
      search._idToShortId.delete(doc.id);
      // MiniSearch gives a new document `_nextId`: point it at a free one for this add.
      writable._nextId = free[i] ?? nextId + i - free.length;
      search.add(doc);
    });
  } finally {
    writable._nextId = Math.max(nextId, nextId + sorted.length - free.length);
  }
}

/**
 * The short ids below `_nextId` that hold no document, ascending, at most `count` of them (see
 * `SearchChange.holes`): looked for a few thousand ids a step while the index serves.
 */
export function* freeIdsAhead(search: SearchIndex<SearchDoc>, count: number): Build<number[]> {
  const out: number[] = [];
  const ids = search._documentIds;
  const nextId = search._nextId;
  if (count === 0 || nextId === ids.size) return out;
  yield* inChunks(nextId, 8192, (from, to) => {
    for (let id = from; id < to && out.length < count; id++) if (!ids.has(id)) out.push(id);
  });
  return out;
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

/**
 * Makes the packed maps of a search loaded from a saved file (saved/compact-maps.ts) plain Maps, a
 * few thousand entries at a time, so the first change to it does not do it all in one go (about
 * 150 ms at 100k paragraphs) on the thread that answers.
 */
export function* readyForChange(search: SearchIndex<SearchDoc>): Build<void> {
  for (const map of [search._documentIds, search._idToShortId, search._fieldLength]) {
    const steps = (map as { materializeInSteps?: () => Build<void> }).materializeInSteps;
    if (steps) yield* steps.call(map);
  }
}
