/** Topic search shared by /when, /where, /what, /search and /timeline. */
import { lineRuleFor } from '../corpus/chrome-rules.js';
import type { DossierIndex } from '../index/build.js';
import { searchParagraphs, type Hit } from '../index/search.js';
import { queryTerms } from '../index/text.js';
import { tokensOf } from './tokens.js';

/** Closing ?, ! or . and any whitespace after them. */
const TRAILING_PUNCTUATION = /[?!.]+\s*$/u;
/** A question word and its auxiliary verb: "when is ", "where did ", "how ". */
const QUESTION_OPENING =
  /^\s*(when|where|what|how|which|who)\b(\s+(is|was|are|were|did|does|do|will|has|have|had|would|could|can))?\s+/i;
const HYPHEN = /-/g;

/** Question wording that is not part of the topic ("when is the summit?" → "summit"). */
export function bareTopic(query: string): string {
  return query.replace(TRAILING_PUNCTUATION, '').replace(QUESTION_OPENING, '').trim();
}

export function topicHits(
  index: DossierIndex,
  topic: string,
  limit = 40,
  recall = false,
): { hits: Hit[]; noTerms: boolean } {
  // Page furniture ("Leave a Reply") is stripped from the articles: never cite a look-alike for it.
  if (lineRuleFor(topic.trim())) return { hits: [], noTerms: false };
  const result = searchParagraphs(index, topic, { limit, recall });
  return { hits: result.hits, noTerms: result.empty === 'no-terms' };
}

/**
 * The names in the query that no article holds at all, even spelled a little differently: "Titanic"
 * in "when did the Titanic sink". A question about someone or something the articles never name has
 * no answer in them, however well its other words match. Only capitalised words count (names,
 * places, events): a plain word the articles do not use ("start") may just be the asker's wording.
 */
export function namesNoArticleHolds(index: DossierIndex, topic: string, hits: Hit[]): string[] {
  const found = new Set(hits.flatMap((h) => h.queryTerms));
  const missing: string[] = [];
  const capitalised = topic.split(WHITESPACE_RUN).filter((w) => CAPITALISED.test(w));
  for (const word of capitalised) {
    const terms = queryTerms(word);
    if (terms.length === 0 || terms.some((t) => found.has(t))) continue;
    if (searchParagraphs(index, word, { limit: 1 }).hits.length === 0) missing.push(word);
  }
  return missing;
}

const WHITESPACE_RUN = /\s+/;
const CAPITALISED = /^\p{Lu}/u;

/** Index of the first sentence of a paragraph that contains one of the matched terms, else -1. */
export function sentencesWith(sentences: string[], matched: Iterable<string>): number[] {
  const wanted = new Set(matched);
  const out: number[] = [];
  sentences.forEach((s, i) => {
    if (tokensOf(s).terms.some((t) => wanted.has(t ?? ''))) out.push(i);
  });
  return out;
}

/**
 * How much one passage's evidence counts, relative to the best passage: the square root compresses
 * BM25's spread, so several good passages that agree outweigh one excellent passage.
 */
export function evidenceWeight(hit: Hit, topScore: number): number {
  return Math.sqrt(hit.score / (topScore || 1));
}

/** What to say when nothing matches: page furniture is named as such, anything else as not found. */
export function nothingAbout(topic: string): string {
  const text = topic.trim();
  const rule = lineRuleFor(text);
  if (rule) {
    return `“${text}” is page furniture (${rule.name.replace(HYPHEN, ' ')}), which Dossier leaves out of the articles. Ask about what the articles report.`;
  }
  return `Nothing about “${text}” appears in the articles.`;
}
