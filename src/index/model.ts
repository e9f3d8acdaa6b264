/**
 * The index's shape and its search options, without the build pipeline: the answerers and the saved
 * index (src/index/saved/) need these, and importing them must not load the NLP libraries that only a
 * build uses (compromise, chrono-node).
 */
import { createHash } from 'node:crypto';
import type { Options } from 'minisearch';
import type { Article, IngestError, Paragraph } from '../corpus/types.js';
import type { Entity, Quote, TimeMention } from './tables/types.js';
import { DerivedTables } from './derived.js';
import { SearchIndex } from './search/adapter.js';
import { processTerm, words } from './terms.js';

/** What MiniSearch stores per paragraph; `id` is the paragraph's position in `DossierIndex.paragraphs`. */
export interface SearchDoc {
  id: number;
  text: string;
  section: string;
  title: string;
}

export interface DossierIndex {
  /** Short hash of the indexed content: changes whenever any article's text or metadata changes. */
  version: string;
  builtAt: Date;
  buildMs: number;
  articles: Article[];
  articleById: Map<string, Article>;
  /** Every paragraph of every article, flat; a paragraph's position is its search id. */
  paragraphs: Paragraph[];
  search: SearchIndex<SearchDoc>;
  entities: Entity[];
  times: TimeMention[];
  quotes: Quote[];
  /** Files that failed to ingest on the build that produced this index. */
  errors: IngestError[];
  /** The tables and working space derived from the lists above, built as they are needed (derived.ts). */
  derived: DerivedTables;
}

const SEARCH_OPTIONS = {
  fields: ['text', 'section', 'title'],
  storeFields: [],
  processTerm,
  tokenize: words,
  searchOptions: { processTerm, tokenize: words, boost: { text: 1, section: 0.4, title: 0.25 } },
} as const;

/** The options every index is made with (built, or loaded from a saved file). */
export function searchOptions(): Options<SearchDoc> {
  return { ...SEARCH_OPTIONS, fields: [...SEARCH_OPTIONS.fields], storeFields: [] };
}

export function createSearch(): SearchIndex<SearchDoc> {
  return new SearchIndex<SearchDoc>(searchOptions());
}

const unloaded = new WeakSet<object>();

/**
 * The search of an index loaded without it (saved/layout.ts `DecodeOptions.search`): any use of it
 * throws, so a question can never be answered from a search that is not there. A change applied to
 * such an index leaves the search alone (delta.ts), and the index after it has none either.
 */
export function unloadedSearch(): SearchIndex<SearchDoc> {
  const search = new Proxy(Object.create(null) as SearchIndex<SearchDoc>, {
    get(_, key) {
      throw new Error(`the index was loaded without its search (reading ${String(key)})`);
    },
  });
  unloaded.add(search);
  return search;
}

/** Whether a search is `unloadedSearch()`'s. */
export function isUnloaded(search: SearchIndex<SearchDoc>): boolean {
  return unloaded.has(search);
}

/**
 * An index from its parts, built or decoded: the article map and the index's own (still empty)
 * derived tables are made here, so both paths make the same object.
 */
export function assembleIndex(parts: Omit<DossierIndex, 'articleById' | 'derived'>): DossierIndex {
  return {
    ...parts,
    articleById: new Map(parts.articles.map((a) => [a.id, a])),
    derived: new DerivedTables(),
  };
}

/**
 * The corpus version: a hash over every article's digest (`articleDigest`), in id order. A build
 * that keeps each article's digest (build/incremental.ts) passes `digestOf` to reuse them.
 */
export function corpusVersion(articles: Article[], digestOf: (a: Article) => string = articleDigest): string {
  const h = createHash('sha256');
  for (const a of [...articles].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)))
    h.update(digestOf(a));
  return h.digest('hex').slice(0, 10);
}

/** An article's id, metadata and paragraph text, hashed. */
export function articleDigest(a: Article): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([a.id, a.title, a.outlet, a.published, a.url, a.author]));
  for (const p of a.paragraphs) h.update('\u0000' + p.text);
  return h.digest('base64');
}
