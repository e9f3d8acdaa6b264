/**
 * "What was the final score of the game?", "What score did the reviewer give it?": a result as news
 * writes one — "won 21-7", "8/10", "4 out of 5", "four stars" — from the passages on the question,
 * or nothing found. Never a sentence: a passage about the game that gives no score is no answer.
 */
import type { DossierIndex } from '../index/model.js';
import type { Answer } from './types.js';
import {
  citePage,
  closestPassages,
  collapseWhitespace,
  notFound,
  sourcesOf,
  withoutEndMarks,
} from './common.js';
import { matchesOf } from '../corpus/text.js';
import type { Scope } from './filter.js';
import { namesApart, onTheNames, topicHits } from './topic.js';

/** "What was the (final) score …", "what score / rating / grade did … give": group 1 is the rest. */
export const SCORE_QUESTION =
  /^what(?:\s+(?:was|is|were|are)\s+the(?:\s+final)?\s+(?:score|result|rating|grade)|\s+(?:score|rating|grade)\s+did)\b\s*(.*)$/i;

/** A game's result between two numbers, with a word of winning or scoring before it in the sentence. */
const RESULT =
  /\b(\d{1,3})\s?[-–]\s?(\d{1,3})\b(?!\s*(?:%|percent|years?|months?|days?|miles?|yards?|[-–]\d))/gu;
const RESULT_WORD =
  /\b(?:win|wins|won|beat|beats|defeat|defeated|defeats|lost|loss|lose|victory|score|scored|final|led|edged|routed|rout|draw|drew|tied)\b/i;
/** A reviewer's mark: "8/10", "4 out of 5", "four stars". */
const MARK =
  /\b(?:\d{1,3}(?:\.\d)?\s?\/\s?(?:5|10|20|100)|\d{1,3}(?:\.\d)?\s+out\s+of\s+(?:5|10|20|100)|(?:[1-5]|one|two|three|four|five)(?:\.5)?\s+stars?)\b/giu;

export function answerScore(
  index: DossierIndex,
  rawQuery: string,
  offset: number,
  scope: Scope | undefined,
): Answer {
  const query = collapseWhitespace(rawQuery);
  const rest = SCORE_QUESTION.exec(withoutEndMarks(query))?.[1] ?? '';
  const topic = rest.replace(LEADING_LINK, '').trim() || query;
  const { hits: found } = topicHits(index, topic, 40, true, scope);
  const hits = onTheNames(index, query, topic, found);
  if (found.length > 0 && hits.length === 0) return notFound(index, 'ask', query, namesApart(query, topic));
  for (const hit of hits) {
    for (const sentence of hit.paragraph.sentences) {
      const mark = matchesOf(MARK, sentence)[0];
      const result = RESULT_WORD.test(sentence) ? matchesOf(RESULT, sentence)[0] : undefined;
      const got = mark ?? result;
      if (!got) continue;
      return {
        kind: 'ask',
        query,
        text: `${got[0]}.`,
        ...citePage(index, [{ pos: hit.pos, score: hit.score, matched: hit.matched }], offset),
        sources: sourcesOf(index, [hit.pos]),
        corpusArticles: index.articles.length,
      };
    }
  }
  return closestPassages(
    index,
    'ask',
    query,
    `No score found in the articles for “${topic}”. Closest passages:`,
    hits,
    offset,
  );
}

const LEADING_LINK = /^\s*(?:of|for|in|on|from|between)\s+/i;
