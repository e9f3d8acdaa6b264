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

/** Re-runs a question from its kind and query at a given citation offset ("More passages"). */
export function answerAt(index: DossierIndex, kind: AnswerKind, query: string, offset: number): Answer {
  switch (kind) {
    case 'who':
      return answerWho(index, query, offset);
    case 'when':
      return answerWhen(index, query, offset);
    case 'where':
      return answerWhere(index, query, offset);
    case 'what':
      return answerWhat(index, query, offset);
    case 'quote':
      return answerQuote(index, query, offset);
    case 'ask':
      return answerAsk(index, query, offset);
    case 'search':
      return answerSearch(index, query, Math.floor(offset / SEARCH_PAGE_SIZE) + 1);
    case 'timeline':
      return answerTimeline(index, query, Math.floor(offset / TIMELINE_PAGE_SIZE) + 1);
    case 'sources':
      return answerSources(index);
  }
}

/**
 * The passages from exactly `offset` on, as a "More passages" button asks for them. Search and
 * timeline answer whole pages (5 and 10 passages) while a message may show fewer, so `answerAt`
 * returns the page that holds `offset`: cut it to start there, and top it up from the next page to
 * `perMessage` passages, or the passages between the last shown and the end of a page would never
 * be shown (and "More" would repeat itself). At a page's start it is `answerAt`.
 */
export function answerPage(
  index: DossierIndex,
  kind: AnswerKind,
  query: string,
  offset: number,
  perMessage = 0,
): Answer {
  const answer = answerAt(index, kind, query, offset);
  const page = answer.page;
  if (!page || page.offset >= offset) return answer;
  let citations = answer.citations.slice(offset - page.offset);
  if (citations.length === 0) return answer;
  const nextOffset = page.offset + answer.citations.length;
  if (citations.length < perMessage && nextOffset < page.total) {
    const next = answerAt(index, kind, query, nextOffset);
    if (next.page?.offset === nextOffset) citations = [...citations, ...next.citations];
  }
  return { ...answer, citations, page: { ...page, offset } };
}
