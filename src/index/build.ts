/**
 * Builds the searchable index from ingested articles: MiniSearch over paragraphs plus the lookup
 * tables the answerers need (entities, time expressions, quotes).
 */
import { createHash } from 'node:crypto';
import MiniSearch from 'minisearch';
import type { Article, Corpus, IngestError, Paragraph } from '../corpus/types.js';
import type { Entity, Quote, TimeMention } from './types.js';
import { extractEntities } from './entities.js';
import { extractTimes } from './dates.js';
import { extractQuotes } from './quotes.js';
import { processTerm, words } from './text.js';

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
  /** `${articleId}#${n}` → position in `paragraphs`. */
  paragraphPos: Map<string, number>;
  search: MiniSearch<SearchDoc>;
  entities: Entity[];
  times: TimeMention[];
  quotes: Quote[];
  /** Files that failed to ingest on the build that produced this index. */
  errors: IngestError[];
}

export const SEARCH_OPTIONS = {
  fields: ['text', 'section', 'title'],
  storeFields: [],
  processTerm,
  tokenize: words,
  searchOptions: { processTerm, tokenize: words, boost: { text: 1, section: 0.4, title: 0.25 } },
} as const;

export function paragraphKey(articleId: string, n: number): string {
  return `${articleId}#${n}`;
}

export function createSearch(): MiniSearch<SearchDoc> {
  return new MiniSearch<SearchDoc>({
    ...SEARCH_OPTIONS,
    fields: [...SEARCH_OPTIONS.fields],
    storeFields: [],
  });
}

/** The corpus version: a hash over ids, metadata and paragraph text, in a stable order. */
export function corpusVersion(articles: Article[]): string {
  const h = createHash('sha256');
  for (const a of [...articles].sort((x, y) => x.id.localeCompare(y.id))) {
    h.update(JSON.stringify([a.id, a.title, a.outlet, a.published, a.url, a.author]));
    for (const p of a.paragraphs) h.update('\u0000' + p.text);
  }
  return h.digest('hex').slice(0, 10);
}

export function buildIndex(corpus: Corpus): DossierIndex {
  const started = performance.now();
  const articles = corpus.articles;
  const paragraphs: Paragraph[] = [];
  const paragraphPos = new Map<string, number>();
  const docs: SearchDoc[] = [];
  for (const article of articles) {
    for (const p of article.paragraphs) {
      const id = paragraphs.length;
      paragraphs.push(p);
      paragraphPos.set(paragraphKey(article.id, p.n), id);
      docs.push({ id, text: p.text, section: p.section ?? '', title: article.title });
    }
  }
  const search = createSearch();
  search.addAll(docs);
  const entities = extractEntities(articles);
  const times = extractTimes(articles);
  const quotes = extractQuotes(articles, entities);
  return {
    version: corpusVersion(articles),
    builtAt: new Date(),
    buildMs: performance.now() - started,
    articles,
    articleById: new Map(articles.map((a) => [a.id, a])),
    paragraphs,
    paragraphPos,
    search,
    entities,
    times,
    quotes,
    errors: corpus.errors,
  };
}

/**
 * Keeps the last good version of an article whose file now fails to ingest, so one broken edit
 * never takes an article away from the bot. Returns the corpus to build and what was kept.
 */
export function keepLastGood(
  next: Corpus,
  previous: DossierIndex | undefined,
): { corpus: Corpus; kept: string[] } {
  if (!previous) return { corpus: next, kept: [] };
  const present = new Set(next.articles.map((a) => a.file));
  const kept: Article[] = [];
  for (const err of next.errors) {
    const old = previous.articles.find((a) => a.file === err.file);
    if (old && !present.has(old.file)) kept.push(old);
  }
  if (kept.length === 0) return { corpus: next, kept: [] };
  const articles = [...next.articles, ...kept].sort((a, b) => a.file.localeCompare(b.file));
  return { corpus: { articles, errors: next.errors }, kept: kept.map((a) => a.file) };
}
