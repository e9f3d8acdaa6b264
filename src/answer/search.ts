/** /search <terms> [page]: ranked passages, a page at a time. */
import type { DossierIndex } from '../index/build.js';
import type { Answer } from './types.js';
import { citationOf, cleanQuery, foldGroups, noTermsMessage, notFound, sourcesOf } from './common.js';
import { nothingAbout, topicHits } from './topic.js';

export const SEARCH_PAGE_SIZE = 3;
/** Near-duplicate folding looks at this many hits at most (beyond that, order is all that matters). */
const FOLD_WINDOW = 250;

export function answerSearch(index: DossierIndex, rawQuery: string, page = 1): Answer {
  const query = cleanQuery(rawQuery);
  const { hits, noTerms } = topicHits(index, query, FOLD_WINDOW);
  if (noTerms) return notFound(index, 'search', query, noTermsMessage(index));
  if (hits.length === 0) return notFound(index, 'search', query, nothingAbout(query));
  const ranked = hits.map((h) => ({ pos: h.pos, score: h.score, matched: h.matched }));
  // Fold near-duplicates over the whole window (for the count), make citations for this page only.
  const groups = foldGroups(index, ranked, FOLD_WINDOW);
  const total = groups.length;
  const pages = Math.max(1, Math.ceil(total / SEARCH_PAGE_SIZE));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const offset = (p - 1) * SEARCH_PAGE_SIZE;
  const citations = groups.slice(offset, offset + SEARCH_PAGE_SIZE).map((g) => citationOf(index, g));
  const sources = sourcesOf(
    index,
    hits.map((h) => h.pos),
  );
  return {
    kind: 'search',
    query,
    text: `${total} passage${total === 1 ? '' : 's'} in ${sources.length} of ${index.articles.length} articles — page ${p} of ${pages}.`,
    citations,
    sources,
    corpusArticles: index.articles.length,
    page: { offset, size: SEARCH_PAGE_SIZE, total },
  };
}
