/** /search <terms> [page]: ranked passages, a page at a time. */
import type { DossierIndex } from '../index/model.js';
import type { Answer } from './types.js';
import { citationOf, collapseWhitespace, noTermsMessage, notFound, sourcesOf } from './common.js';
import { articleTotal, type Scope } from './filter.js';
import { nothingAbout, topicHits } from './topic.js';

export const SEARCH_PAGE_SIZE = 3;
/**
 * A search gathers at most this many distinct passages (copies of a passage in other articles fold
 * into it and do not count). 34 pages of three is more than anyone pages through; folding more costs
 * time on every search at 100k paragraphs. A window that fills up is shown as "100+ passages".
 */
const FOLD_WINDOW = 100;

export function answerSearch(index: DossierIndex, rawQuery: string, page = 1, scope?: Scope): Answer {
  const query = collapseWhitespace(rawQuery);
  // Near-duplicates are folded over the whole window (for the count) as the hits are gathered;
  // citations are made for this page only.
  const { hits, noTerms, groups } = topicHits(index, query, FOLD_WINDOW, false, scope);
  if (noTerms) return notFound(index, 'search', query, noTermsMessage(index));
  if (hits.length === 0) return notFound(index, 'search', query, nothingAbout(query));
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
    text: `${total}${total >= FOLD_WINDOW ? '+' : ''} passage${total === 1 ? '' : 's'} in ${sources.length} of ${articleTotal(index, scope)} articles — page ${p} of ${pages}.`,
    citations,
    sources,
    corpusArticles: index.articles.length,
    page: { offset, size: SEARCH_PAGE_SIZE, total },
  };
}
