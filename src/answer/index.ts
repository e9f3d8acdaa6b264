/** The answer engine's public surface: one function per question kind. */
export {
  answerWho,
  answerWhen,
  answerWhere,
  answerWhat,
  answerQuote,
  answerAsk,
  answerSearch,
  answerSources,
  answerTimeline,
};
export { SEARCH_PAGE_SIZE, TIMELINE_PAGE_SIZE };
export type { Answer, AnswerKind, Citation } from './types.js';
export type { ArticleFilter } from './filter.js';

import type { DossierIndex } from '../index/model.js';
import type { Answer, AnswerKind } from './types.js';
import { answerAsk } from './ask.js';
import { answerQuote } from './quote.js';
import { answerSearch, SEARCH_PAGE_SIZE } from './search.js';
import { answerSources } from './sources.js';
import { answerTimeline, TIMELINE_PAGE_SIZE } from './timeline.js';
import { answerWhat } from './what.js';
import { answerWhen } from './when.js';
import { answerWhere } from './where.js';
import { answerWho } from './who.js';
import { collapseWhitespace, notFound } from './common.js';
import { noArticlesMessage, scopeOf, type ArticleFilter, type Scope } from './filter.js';

/** Re-runs a question from its kind and query at a given citation offset ("More passages"). */
export function answerAt(
  index: DossierIndex,
  kind: AnswerKind,
  query: string,
  offset: number,
  scope?: Scope,
): Answer {
  switch (kind) {
    case 'who':
      return answerWho(index, query, offset, scope);
    case 'when':
      return answerWhen(index, query, offset, scope);
    case 'where':
      return answerWhere(index, query, offset, scope);
    case 'what':
      return answerWhat(index, query, offset, 'what', scope);
    case 'quote':
      return answerQuote(index, query, offset, scope);
    case 'ask':
      return answerAsk(index, query, offset, scope);
    case 'search':
      return answerSearch(index, query, Math.floor(offset / SEARCH_PAGE_SIZE) + 1, scope);
    case 'timeline':
      return answerTimeline(index, query, Math.floor(offset / TIMELINE_PAGE_SIZE) + 1, scope);
    case 'sources':
      return answerSources(index, scope);
  }
}

/**
 * A question asked with an article filter: answered from the articles it allows only, or told
 * specifically that the filter leaves none. The answer carries the filter for the renderers to show
 * and for its buttons to keep.
 */
function answerScoped(
  index: DossierIndex,
  kind: AnswerKind,
  query: string,
  offset: number,
  filter: ArticleFilter | undefined,
): Answer {
  if (!filter) return answerAt(index, kind, query, offset);
  const scope = scopeOf(index, filter);
  const answer =
    scope.articles === 0
      ? notFound(index, kind, collapseWhitespace(query), noArticlesMessage(scope))
      : answerAt(index, kind, query, offset, scope);
  return { ...answer, corpusArticles: scope.articles, filter: scope.filter };
}

/**
 * The passages from exactly `offset` on, as a "More passages" button asks for them. Search and
 * timeline answer whole pages (5 and 10 passages) while a message may show fewer, so `answerAt`
 * returns the page that holds `offset`: cut it to start there, and top it up from the next page to
 * `perMessage` passages, or the passages between the last shown and the end of a page would never
 * be shown (and "More" would repeat itself). At a page's start it is `answerAt`. With a `filter`,
 * only the articles it allows are cited and counted.
 */
export function answerPage(
  index: DossierIndex,
  kind: AnswerKind,
  query: string,
  offset: number,
  perMessage = 0,
  filter?: ArticleFilter,
): Answer {
  const answer = answerScoped(index, kind, query, offset, filter);
  const page = answer.page;
  if (!page || page.offset >= offset) return answer;
  let citations = answer.citations.slice(offset - page.offset);
  if (citations.length === 0) return answer;
  const nextOffset = page.offset + answer.citations.length;
  if (citations.length < perMessage && nextOffset < page.total) {
    const next = answerScoped(index, kind, query, nextOffset, filter);
    if (next.page?.offset === nextOffset) citations = [...citations, ...next.citations];
  }
  return { ...answer, citations, page: { ...page, offset } };
}
