/**
 * Ingestion: article files to plain data (`Article`, `Paragraph`). See DESIGN.md, "src/corpus".
 * Nothing here knows about search or Discord.
 */
export type { Article, Corpus, IngestError, Paragraph } from './types.js';
export { isIngestError } from './errors.js';
export { parseArticle } from './parse-article.js';
export type { ParseOptions } from './parse-article.js';
export { loadCorpus } from './load-corpus.js';
export type { LoadOptions } from './load-corpus.js';
export { splitSentences } from './sentences.js';
export { latestToday } from './iso-date.js';
export { articleId } from './slug.js';
export { LINE_RULES, MT_ARTIFACTS } from './chrome-rules.js';
export { CONTEXT_RULES } from './chrome.js';
export type { Removal } from './chrome.js';
