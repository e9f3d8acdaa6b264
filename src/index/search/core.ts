/**
 * MiniSearch's index read directly: the members the fast path reads (`SearchInternals`, checked at
 * run time), and per index the `Core` that holds them with the scoring constants and the bounded
 * caches of expanded and completed terms. When an index cannot be read this way, `coreOf` is
 * undefined and the search takes MiniSearch's own `search` (src/index/search/search.ts).
 */
import { LRUCache } from 'lru-cache';
import type MiniSearch from 'minisearch';
import type { DossierIndex, SearchDoc } from '../model.js';

/** Per-field boosts: a paragraph's own text counts most, then its section, then the headline. */
export const BOOST: Record<string, number> = { text: 1, section: 0.4, title: 0.25 };

/** A term's postings for one field: short document id → term frequency. */
export type Postings = Map<number, number>;
export type FieldPostings = Map<number, Postings>;

/**
 * MiniSearch's index as it keeps it (these members are `protected`: part of its typed surface for
 * subclasses). Checked at run time; when they are not there, the reference path is used.
 */
interface SearchInternals {
  _index: {
    get(term: string): FieldPostings | undefined;
    fuzzyGet(term: string, distance: number): Map<string, [FieldPostings, number]>;
    atPrefix(prefix: string): Iterable<[string, FieldPostings]>;
  };
  _documentCount: number;
  _dirtCount: number;
  /** The next short id: every short id is below it. */
  _nextId: number;
  _documentIds: Map<number, unknown>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _options: {
    fields: string[];
    searchOptions: { bm25: { k: number; b: number; d: number }; weights: { fuzzy: number } };
  };
}

export interface Core {
  ix: SearchInternals;
  /** Per field, in MiniSearch's order: its id, boost and average length. */
  fields: { id: number; boost: number; avg: number }[];
  /** The text field's place in `fields`: the field a paragraph qualifies by. */
  text: number;
  k: number;
  b: number;
  d: number;
  fuzzyWeight: number;
  /** Recently expanded terms (exact and fuzzy forms with their postings), bounded. */
  expanded: LRUCache<string, Expansion[]>;
  /** Recently completed prefixes: index terms starting with them and their paragraph counts, bounded. */
  completed: LRUCache<string, { term: string; df: number }[]>;
}

/** One indexed form a query term matches, with its weight and its postings per field (Core order). */
export interface Expansion {
  term: string;
  weight: number;
  postings: (Postings | undefined)[];
  /** Per field: weight × boost × IDF, what BM25+'s term-frequency part is multiplied by. */
  factors: number[];
}

const cores = new WeakMap<MiniSearch<SearchDoc>, Core | null>();
/** How many expanded terms, and completed prefixes, a Core keeps (least recently used out first). */
const EXPANDED_MAX = 4000;

/** The Core of an index, if it can be read directly and holds no discarded documents. */
export function coreOf(index: DossierIndex): Core | undefined {
  let core = cores.get(index.search);
  if (core === undefined) {
    core = readCore(index.search as unknown as Partial<SearchInternals>);
    cores.set(index.search, core);
  }
  // A discarded document leaves stale postings that MiniSearch cleans as it meets them: use it then.
  return core && core.ix._dirtCount === 0 ? core : undefined;
}

function readCore(s: Partial<SearchInternals>): Core | null {
  const ok =
    typeof s._index?.get === 'function' &&
    typeof s._index.fuzzyGet === 'function' &&
    typeof s._index.atPrefix === 'function' &&
    typeof s._documentCount === 'number' &&
    typeof s._dirtCount === 'number' &&
    typeof s._nextId === 'number' &&
    s._documentIds instanceof Map &&
    s._fieldLength instanceof Map &&
    Array.isArray(s._avgFieldLength) &&
    typeof s._fieldIds === 'object' &&
    Array.isArray(s._options?.fields) &&
    typeof s._options.searchOptions?.bm25?.k === 'number' &&
    typeof s._options.searchOptions.weights?.fuzzy === 'number';
  if (!ok) return null;
  const ix = s as SearchInternals;
  const { bm25, weights } = ix._options.searchOptions;
  return {
    ix,
    fields: ix._options.fields.map((f) => ({
      id: ix._fieldIds[f]!,
      boost: BOOST[f] || 1,
      avg: ix._avgFieldLength[ix._fieldIds[f]!]!,
    })),
    text: ix._options.fields.indexOf('text'),
    k: bm25.k,
    b: bm25.b,
    d: bm25.d,
    fuzzyWeight: weights.fuzzy,
    expanded: new LRUCache({ max: EXPANDED_MAX }),
    completed: new LRUCache({ max: EXPANDED_MAX }),
  };
}
