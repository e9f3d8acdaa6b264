/** The answer engine's public surface: one function per question kind. */
export { answerWho } from './who.js';
export { answerWhen } from './when.js';
export { answerWhere } from './where.js';
export { answerWhat } from './what.js';
export { answerQuote } from './quote.js';
export { answerAsk, routeQuestion } from './ask.js';
export { answerSearch, SEARCH_PAGE_SIZE } from './search.js';
export { answerSources } from './sources.js';
export { answerTimeline, TIMELINE_PAGE_SIZE } from './timeline.js';
export type { Answer, AnswerKind, Citation, Source } from './types.js';
