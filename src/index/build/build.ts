/**
 * Builds the searchable index from ingested articles: MiniSearch over paragraphs plus the lookup
 * tables the answerers need (entities, time expressions, quotes).
 */
import type { Article, Corpus, Paragraph } from '../../corpus/types.js';
import { extractEntities } from '../tables/entities.js';
import { extractTimes } from '../tables/dates.js';
import { extractQuotes } from '../tables/quotes.js';
// The index's shape and search options live in model.ts, which imports no NLP library, so answering
// from a saved index never loads compromise or chrono-node.
import { byFile } from '../delta.js';
import { assembleIndex, corpusVersion, createSearch, type DossierIndex, type SearchDoc } from '../model.js';
import { settleAverages, sortTermTree } from './settle-search.js';

export interface BuildOptions {
  /** Progress for long builds: documents indexed, then the three table passes. */
  onProgress?: (phase: 'indexing' | 'entities', done: number, total: number) => void;
  /**
   * The lookup tables and the corpus version, when the caller has them already (incremental.ts
   * reuses each file's work, its digest included).
   */
  tables?: Pick<DossierIndex, 'entities' | 'times' | 'quotes' | 'version'>;
}

/** Documents added to MiniSearch between two progress reports (addAll in chunks adds the same). */
const PROGRESS_CHUNK = 5000;

export function buildIndex(corpus: Corpus, opts: BuildOptions = {}): DossierIndex {
  const progress = opts.onProgress ?? (() => undefined);
  const started = performance.now();
  const articles = corpus.articles;
  const paragraphs: Paragraph[] = [];
  const docs: SearchDoc[] = [];
  for (const article of articles) {
    for (const p of article.paragraphs) {
      const id = paragraphs.length;
      paragraphs.push(p);
      docs.push({ id, text: p.text, section: p.section ?? '', title: article.title });
    }
  }
  const search = createSearch();
  for (let i = 0; i < docs.length; i += PROGRESS_CHUNK) {
    progress('indexing', i, docs.length);
    search.addAll(docs.slice(i, i + PROGRESS_CHUNK));
  }
  // The same state however the index got its documents (changes.ts): exact averages, sorted tree.
  settleAverages(search);
  sortTermTree(search);
  progress('indexing', docs.length, docs.length);
  const { entities, times, quotes } = opts.tables ?? tablesOf(articles, progress);
  return assembleIndex({
    version: opts.tables?.version ?? corpusVersion(articles),
    builtAt: new Date(),
    buildMs: performance.now() - started,
    articles,
    paragraphs,
    search,
    entities,
    times,
    quotes,
    errors: corpus.errors,
  });
}

function tablesOf(
  articles: Article[],
  progress: NonNullable<BuildOptions['onProgress']>,
): Pick<DossierIndex, 'entities' | 'times' | 'quotes'> {
  progress('entities', 0, 3);
  const entities = extractEntities(articles);
  progress('entities', 1, 3);
  const times = extractTimes(articles);
  progress('entities', 2, 3);
  const quotes = extractQuotes(articles, entities);
  progress('entities', 3, 3);
  return { entities, times, quotes };
}

/**
 * Keeps the last good version of an article whose file now fails to ingest, so one broken edit
 * never takes an article away from the bot. Returns the corpus to build and what was kept.
 */
export function keepLastGood(
  next: Corpus,
  previous: Pick<DossierIndex, 'articles'> | undefined,
): { corpus: Corpus; kept: string[] } {
  if (!previous) return { corpus: next, kept: [] };
  const present = new Set(next.articles.map((a) => a.file));
  const kept: Article[] = [];
  for (const err of next.errors) {
    const old = previous.articles.find((a) => a.file === err.file);
    if (old && !present.has(old.file)) kept.push(old);
  }
  if (kept.length === 0) return { corpus: next, kept: [] };
  const articles = [...next.articles, ...kept].sort(byFile);
  return { corpus: { articles, errors: next.errors }, kept: kept.map((a) => a.file) };
}
