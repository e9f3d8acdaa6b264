/** /where <thing>: the place(s) the articles put it in, citing the paragraphs that say so. */
import type { DossierIndex } from '../index/build.js';
import type { Answer } from './types.js';
import {
  candidatesFor,
  citePage,
  closestPassages,
  cleanQuery,
  corroboration,
  noTermsMessage,
  notFound,
  positionOf,
  leadLine,
  leaders,
  sourcesOf,
} from './common.js';
import { entityTerms, resolveEntity } from './entityQuery.js';
import { rankEntities } from './rankEntities.js';
import { bareTopic, namesNoArticleHolds, nothingAbout, topicHits } from './topic.js';

const ALSO_SHARE = 0.35;
/** Verbs of taking place ("took place", "happened", "was held"): not part of a /where topic. */
const TAKE_PLACE_VERB =
  /\b(take|took|taking|takes) place\b|\b(happen(ed|s|ing)?|occur(red|s|ring)?|(be|was|were|is|are|being) held)\b/gi;
const WHITESPACE_RUN = /\s+/g;
const WHITESPACE = /\s+/;

export function answerWhere(index: DossierIndex, rawQuery: string, offset = 0): Answer {
  const query = cleanQuery(rawQuery);
  // "Where did the drills take place?" asks where the drills were: the verb is not part of the topic.
  const topic = bareTopic(query).replace(TAKE_PLACE_VERB, ' ').replace(WHITESPACE_RUN, ' ').trim();
  const named = namedPlace(index, topic, query, offset);
  if (named) return named;
  const { hits, noTerms } = topicHits(index, topic, 40, true);
  if (noTerms) return notFound(index, 'where', query, noTermsMessage(index));
  if (hits.length === 0) return notFound(index, 'where', query, nothingAbout(topic));
  // A name no article holds ("Titanic") means the thing is not in them, however well the rest matches.
  const missing = namesNoArticleHolds(index, topic, hits);
  if (missing.length > 0) return notFound(index, 'where', query, nothingAbout(missing.join(' ')));

  const ranked = rankEntities(index, hits, 'place', topic);
  const best = ranked[0];
  if (!best) {
    return closestPassages(
      index,
      'where',
      query,
      `The articles mention “${topic}” but name no place for it. Closest passages:`,
      hits,
      offset,
    );
  }
  const leading = leaders(ranked, ALSO_SHARE);
  const text = leadLine(leading, (p) => p.name, index.articles.length);
  const candidates = candidatesFor(leading, hits);
  return {
    kind: 'where',
    query,
    text,
    ...citePage(index, candidates, offset),
    sources: sourcesOf(index, best.positions.keys()),
    corpusArticles: index.articles.length,
  };
}

/**
 * "Where is Geneva?": the question names a place itself. The articles rarely say where a place is,
 * so answer with the place and the passages that name it rather than with its neighbours.
 */
function namedPlace(index: DossierIndex, topic: string, query: string, offset: number): Answer | undefined {
  if (topic.split(WHITESPACE).length > 4) return undefined;
  const place = resolveEntity(index, topic, 'place', 0.8);
  if (!place || place.kind !== 'place') return undefined;
  const terms = entityTerms(place);
  const positions = [
    ...new Set(
      place.mentions.map((m) => positionOf(index, m.articleId, m.paragraph)).filter((p) => p !== undefined),
    ),
  ];
  const sources = sourcesOf(index, positions);
  return {
    kind: 'where',
    query,
    text: `${place.name} — a place the articles name${corroboration(sources.length, index.articles.length) || ' in 1 article'}.`,
    ...citePage(
      index,
      positions.map((pos, i) => ({ pos, score: positions.length - i, matched: terms })),
      offset,
    ),
    sources,
    corpusArticles: index.articles.length,
  };
}
