/**
 * Decoding MiniSearch's part of a saved file: its counters, the document table (ids and field
 * lengths) and the radix tree, node by node in the built tree's order. The postings stay in the
 * file's words as `PackedFreqs`; documents added in order get the compact id and length maps.
 */
import { createSearch, searchOptions, type SearchDoc } from '../model.js';
import { LEAF, SearchIndex, type FieldPostings, type Postings, type TermTree } from '../search/adapter.js';
import type { BlockReader } from './block-reader.js';
import { CountingMap, PackedFreqs, PackedLengths } from './compact-maps.js';
import { HOLE, internals, LoadError, UNSORTED, type Header } from './layout.js';

/** MiniSearch's counters as the `search` block holds them. */
interface SavedCounters {
  documentCount: number;
  nextId: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  dirtCount: number;
  storedFields: [number, Record<string, unknown>][];
}

/** The `search` and `docs` blocks: MiniSearch's state but for its tree. */
export interface SavedDocuments {
  counters: SavedCounters;
  documentIds: Map<number, number>;
  idToShortId: Map<number, number>;
  fieldLength: Map<number, number[]>;
}

export async function decodeDocuments(r: BlockReader): Promise<SavedDocuments> {
  await r.ready(2);
  const s = internals(createSearch());
  const counters = r.take('search', 'json') as SavedCounters;
  if (JSON.stringify(counters.fieldIds) !== JSON.stringify(s._fieldIds)) {
    throw new LoadError('format', 'the search fields have changed since it was saved');
  }
  const docs = r.take('docs', 'u32');
  const docCount = docs[0]!;
  const fieldCount = docs[1]!;
  if (docs.length !== 2 + docCount * (2 + fieldCount)) throw new Error('the document table is damaged');
  // Documents added in order have short id = id = position: then both id maps are views.
  let identity = true;
  for (let i = 0, at = 2; i < docCount && identity; i++, at += 2 + fieldCount) {
    identity = docs[at] === i && docs[at + 1] === i;
  }
  const documentIds: Map<number, number> = identity ? new CountingMap(docCount) : new Map();
  const idToShortId: Map<number, number> = identity ? new CountingMap(docCount) : new Map();
  const fieldLength = identity ? new PackedLengths(docs, docCount, fieldCount) : new Map<number, number[]>();
  for (let i = 0, at = 2; i < docCount && !identity; i++) {
    const shortId = docs[at++]!;
    const id = docs[at++]!;
    const lengths: number[] = [];
    for (let f = 0; f < fieldCount; f++, at++) if (docs[at] !== HOLE) lengths[f] = docs[at]!;
    documentIds.set(shortId, id);
    idToShortId.set(id, shortId);
    fieldLength.set(shortId, lengths);
    if ((i & 4095) === 4095) await r.pause();
  }
  await r.step();
  return { counters, documentIds, idToShortId, fieldLength };
}

/** The tree's blocks come in pairs (`keys`, `tree`): where the walk is in the current pair. */
class TreeCursor {
  keys: string[] = [];
  words: Uint32Array = new Uint32Array(0);
  ki = 0;
  wi = 0;

  constructor(private readonly r: BlockReader) {}

  word(): number {
    if (this.wi >= this.words.length) throw new Error('the tree is cut short');
    return this.words[this.wi++]!;
  }

  nextPair(): void {
    if (this.ki !== this.keys.length || this.wi !== this.words.length)
      throw new Error('the tree blocks do not match');
    this.keys = this.r.take('keys', 'json') as string[];
    this.words = this.r.take('tree', 'u32');
    if (!Array.isArray(this.keys)) throw new Error('the tree keys are not a list');
    this.ki = 0;
    this.wi = 0;
  }

  /** A term's postings per field, read at the cursor. */
  leaf(): FieldPostings {
    const fields: FieldPostings = new Map();
    const nFields = this.word();
    for (let f = 0; f < nFields; f++) {
      const fieldId = this.word();
      const count = this.word();
      const n = (count & ~UNSORTED) >>> 0;
      const words = this.words;
      if (this.wi + 2 * n > words.length) throw new Error('the postings are cut short');
      if (count & UNSORTED) {
        const freqs: Postings = new Map();
        for (let i = 0; i < n; i++, this.wi += 2) freqs.set(words[this.wi]!, words[this.wi + 1]!);
        fields.set(fieldId, freqs);
      } else {
        fields.set(fieldId, new PackedFreqs(words, this.wi, n) as unknown as Postings);
        this.wi += 2 * n;
      }
    }
    return fields;
  }
}

/** The radix tree, rebuilt node by node (each Map in its saved order). */
export async function decodeTree(r: BlockReader, header: Header): Promise<TermTree> {
  const c = new TreeCursor(r);
  await r.ready(2);
  c.nextPair();
  const root: TermTree = new Map();
  const stack: { node: TermTree; left: number }[] = [{ node: root, left: c.word() }];
  let leaves = 0;
  let steps = 0;
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (top.left === 0) {
      stack.pop();
      continue;
    }
    top.left--;
    if (c.ki === c.keys.length) {
      await r.step();
      await r.ready(2);
      c.nextPair();
    }
    const key = c.keys[c.ki++]!;
    if (typeof key !== 'string') throw new Error('a tree key is not a string');
    if (key === LEAF) {
      leaves++;
      top.node.set(LEAF, c.leaf());
    } else {
      const child: TermTree = new Map();
      top.node.set(key, child);
      stack.push({ node: child, left: c.word() });
    }
    if ((++steps & 1023) === 0) await r.pause();
  }
  if (c.ki !== c.keys.length || c.wi !== c.words.length || r.more('keys'))
    throw new Error('the tree has extra data');
  if (leaves !== header.counts.terms) throw new Error('the term count does not match');
  await r.step();
  return root;
}

/** The search index from its decoded parts. */
export function searchFrom(docs: SavedDocuments, tree: TermTree): SearchIndex<SearchDoc> {
  const { counters } = docs;
  return SearchIndex.fromSaved(searchOptions(), {
    documentCount: counters.documentCount,
    nextId: counters.nextId,
    averageFieldLength: counters.averageFieldLength,
    dirtCount: counters.dirtCount,
    storedFields: new Map(counters.storedFields),
    documentIds: docs.documentIds,
    idToShortId: docs.idToShortId,
    fieldLength: docs.fieldLength,
    tree,
  });
}
