/**
 * MiniSearch's index read directly through the adapter (adapter.ts): the members the fast path reads (checked at
 * run time), and per index the `Core` that holds them with the scoring constants and the bounded
 * caches of expanded and completed terms (a table of the index, derived.ts). When an index cannot be
 * read this way, `coreOf` is undefined and the search takes MiniSearch's own `search`
 * (src/index/search/search.ts).
 */
import { LRUCache } from 'lru-cache';
import { defineTable, inOneStep } from '../derived.js';
import type { DossierIndex, SearchDoc } from '../model.js';
import { SearchIndex } from './adapter.js';

/** Per-field boosts: a paragraph's own text counts most, then its section, then the headline. */
export const BOOST: Record<string, number> = { text: 1, section: 0.4, title: 0.25 };

/** A term's postings for one field: short document id → term frequency. */
export type Postings = Map<number, number>;
export type FieldPostings = Map<number, Postings>;

/**
 * MiniSearch's index as it keeps it, through the adapter (adapter.ts) that makes its `protected`
 * fields public. Checked at run time; when they are not there, the reference path is used.
 */
type SearchInternals = SearchIndex<SearchDoc>;

export interface Core {
  /** The index this reads (what the tables made from it, vocabulary.ts and others, are kept with). */
  index: DossierIndex;
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

/** How many expanded terms, and completed prefixes, a Core keeps (least recently used out first). */
const EXPANDED_MAX = 4000;

/** The Core of every index (whatever it holds), or null for one that cannot be read directly. */
export const coreTable = defineTable('search core', (index) => inOneStep(() => readCore(index)), {
  readsSearch: true,
});

/** The Core of an index, if it can be read directly and holds no discarded documents. */
export function coreOf(index: DossierIndex): Core | undefined {
  const core = coreTable.get(index);
  // A discarded document leaves stale postings that MiniSearch cleans as it meets them: use it then.
  return core && core.ix._dirtCount === 0 ? core : undefined;
}

function readCore(index: DossierIndex): Core | null {
  const s = index.search;
  if (!SearchIndex.hasExpectedShape(s)) return null;
  const ix: SearchInternals = s;
  const { bm25, weights } = ix._options.searchOptions;
  return {
    index,
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
