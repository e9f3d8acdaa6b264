/**
 * MiniSearch with its internals in view: the one place that knows how MiniSearch 7.x keeps its index.
 *
 * The fast search path (search.ts) scores from MiniSearch's postings and field lengths directly, and
 * the saved index (src/index/saved) writes them out and puts them back without re-adding documents.
 * Both go through `SearchIndex`, which makes MiniSearch's `protected` fields public under their own
 * names (`declare`: the same fields, no copy, no getter), typed, and read-only from outside;
 * `fromSaved` and an in-place change (changes.ts: renumbering, short ids, averages, tree order)
 * are the only places that write them. `hasExpectedShape` checks at run time that they are
 * what this file says (callers fall back or rebuild if not), and test/index/adapter.test.ts fails
 * loudly when a MiniSearch update changes them.
 */
import MiniSearch, { type AsPlainObject, type Options, type SearchOptions } from 'minisearch';

/** A term's postings for one field: short document id → term frequency. */
export type Postings = Map<number, number>;
/** A term's postings per field: field id → postings. */
export type FieldPostings = Map<number, Postings>;
/** MiniSearch's radix tree (SearchableMap's `_tree`): key fragment → subtree, or LEAF → postings. */
export type TermTree = Map<string, TermTree | FieldPostings>;
/** MiniSearch's term index (a SearchableMap of FieldPostings): `get`, `fuzzyGet`, `atPrefix`, `_tree`. */
type TermIndex = MiniSearch<unknown>['_index'];
/** MiniSearch's options with its defaults filled in. */
type FullOptions<T> = MiniSearch<T>['_options'];

/** SearchableMap's key for the value stored at the end of a term. */
export const LEAF = '';

/** The search options as MiniSearch completes them (the fields scoring reads). */
export interface ResolvedOptions {
  fields: string[];
  searchOptions: SearchOptions & {
    bm25: { k: number; b: number; d: number };
    weights: { fuzzy: number; prefix: number };
  };
}

/** What a saved index holds of MiniSearch's state, for `fromSaved`. */
export interface SavedSearch {
  documentCount: number;
  nextId: number;
  averageFieldLength: number[];
  dirtCount: number;
  storedFields: Map<number, Record<string, unknown>>;
  /** Short id → document id. */
  documentIds: Map<number, number>;
  /** Document id → short id. */
  idToShortId: Map<number, number>;
  /** Short id → length per field id. */
  fieldLength: Map<number, number[]>;
  /** The radix tree, as it was saved (its iteration order is the built tree's). */
  tree: TermTree;
}

export class SearchIndex<T = unknown> extends MiniSearch<T> {
  /** Every term's postings: a radix tree (`_tree`) with `get`, `fuzzyGet` and `atPrefix`. */
  declare readonly _index: TermIndex;
  /** Documents indexed (and not discarded). */
  declare readonly _documentCount: number;
  /** Documents discarded whose postings are still in `_index` (0: every posting is live). */
  declare readonly _dirtCount: number;
  /** The next short id: every short id is below it. */
  declare readonly _nextId: number;
  /** Short id → document id (our paragraph position). */
  declare readonly _documentIds: Map<number, number>;
  /** Document id → short id. */
  declare readonly _idToShortId: Map<number, number>;
  /** Field name → field id (its place in `fields`). */
  declare readonly _fieldIds: Record<string, number>;
  /** Short id → length (in terms) per field id. */
  declare readonly _fieldLength: Map<number, number[]>;
  /** Average length per field id. */
  declare readonly _avgFieldLength: number[];
  /** Short id → the stored fields (none here: `storeFields` is empty). */
  declare readonly _storedFields: Map<number, Record<string, unknown>>;
  declare readonly _options: FullOptions<T> & ResolvedOptions;

  /** True if MiniSearch keeps its index as declared above (its private layout has not changed). */
  static hasExpectedShape<T>(search: MiniSearch<T>): search is SearchIndex<T> {
    if (!(search instanceof SearchIndex)) return false;
    const s: SearchIndex<T> = search;
    return (
      s._index?._tree instanceof Map &&
      typeof s._index.get === 'function' &&
      typeof s._index.fuzzyGet === 'function' &&
      typeof s._index.atPrefix === 'function' &&
      typeof s._index.constructor === 'function' &&
      typeof s._documentCount === 'number' &&
      typeof s._dirtCount === 'number' &&
      typeof s._nextId === 'number' &&
      s._documentIds instanceof Map &&
      s._idToShortId instanceof Map &&
      s._fieldLength instanceof Map &&
      s._storedFields instanceof Map &&
      Array.isArray(s._avgFieldLength) &&
      typeof s._fieldIds === 'object' &&
      s._fieldIds !== null &&
      Array.isArray(s._options?.fields) &&
      typeof s._options.searchOptions?.bm25?.k === 'number' &&
      typeof s._options.searchOptions.weights?.fuzzy === 'number'
    );
  }

  /**
   * An index from what a saved file holds: no document is re-added, the maps given are used as
   * they are (they may be read-only views over the file's words), and the tree becomes the term
   * index as it is. `options` must be those the saved index was built with.
   */
  static fromSaved<T>(options: Options<T>, saved: SavedSearch): SearchIndex<T> {
    const index = new SearchIndex<T>(options);
    const TermIndex = index._index.constructor as new (tree: TermTree, prefix: string) => TermIndex;
    const fields: Omit<SearchIndex<T>, keyof MiniSearch<T>> = {
      _index: new TermIndex(saved.tree, ''),
      _documentCount: saved.documentCount,
      _dirtCount: saved.dirtCount,
      _nextId: saved.nextId,
      _documentIds: saved.documentIds,
      _idToShortId: saved.idToShortId,
      _fieldIds: index._fieldIds,
      _fieldLength: saved.fieldLength,
      _avgFieldLength: saved.averageFieldLength,
      _storedFields: saved.storedFields,
      _options: index._options,
    };
    return Object.assign(index, fields);
  }

  /** MiniSearch's own `loadJS`, giving a SearchIndex (MiniSearch's makes a plain MiniSearch). */
  static override loadJS<T = unknown>(js: AsPlainObject, options: Options<T>): SearchIndex<T> {
    // MiniSearch.loadJS makes a plain MiniSearch and fills its fields; a SearchIndex adds no field
    // and no constructor step to it, so giving that object SearchIndex's prototype makes it one.
    return Object.setPrototypeOf(MiniSearch.loadJS<T>(js, options), SearchIndex.prototype) as SearchIndex<T>;
  }

  /** MiniSearch's own `loadJSON`, giving a SearchIndex. */
  static override loadJSON<T = unknown>(json: string, options: Options<T>): SearchIndex<T> {
    return SearchIndex.loadJS<T>(JSON.parse(json) as AsPlainObject, options);
  }
}
