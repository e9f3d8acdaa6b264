/** /where <thing>: the place(s) the articles put it in, citing the paragraphs that say so. */
import type { DossierIndex } from '../index/build.js';
import { fold } from '../index/text.js';
import type { Answer } from './types.js';
import {
  citePage,
  cleanQuery,
  corroboration,
  noTermsMessage,
  notFound,
  sourcesOf,
  type Candidate,
} from './common.js';
import { entitiesByParagraph } from './tables.js';
import { bareTopic, evidenceWeight, sentencesWith, topicHits } from './topic.js';

const ALSO_SHARE = 0.35;
/** A place right after a locative preposition ("in Geneva", "near the border of Ukraine") is a stronger answer. */
const LOCATIVE =
  /\b(in|at|near|outside|inside|around|from|to|into|across|along|toward|towards|on)\s+(the\s+)?$/i;

export function answerWhere(index: DossierIndex, rawQuery: string, offset = 0): Answer {
  const query = cleanQuery(rawQuery);
  const topic = bareTopic(query);
  const { hits, noTerms } = topicHits(index, topic, 40, true);
  if (noTerms) return notFound(index, 'where', query, noTermsMessage(index));
  if (hits.length === 0)
    return notFound(index, 'where', query, `Nothing about “${topic}” appears in the articles.`);

  const byParagraph = entitiesByParagraph(index);
  const foldedTopic = fold(topic);
  const places = new Map<
    string,
    { name: string; score: number; articles: Set<string>; positions: Map<number, number> }
  >();
  const top = hits[0]?.score ?? 1;
  hits.forEach((hit) => {
    const weight = evidenceWeight(hit, top);
    const eventSentences = sentencesWith(hit.paragraph.sentences, hit.matched);
    for (const entity of byParagraph.get(hit.pos) ?? []) {
      if (entity.kind !== 'place') continue;
      // The thing asked about is not its own answer ("where is Donetsk" should not answer "Donetsk").
      if ([entity.name, ...entity.variants].some((v) => foldedTopic.includes(fold(v)))) continue;
      const surfaces = entity.mentions
        .filter((m) => m.articleId === hit.article.id && m.paragraph === hit.paragraph.n)
        .map((m) => m.surface);
      let best = 0.3;
      for (const surface of surfaces) {
        hit.paragraph.sentences.forEach((sentence, i) => {
          const at = sentence.indexOf(surface);
          if (at < 0) return;
          let s = eventSentences.includes(i) ? 1 : 0.3;
          if (LOCATIVE.test(sentence.slice(Math.max(0, at - 20), at))) s *= 1.6;
          best = Math.max(best, s);
        });
      }
      // A place named everywhere (the country the story is about) says little about one thing in it.
      best *= Math.log(
        1 +
          index.paragraphs.length /
            Math.max(1, new Set(entity.mentions.map((m) => `${m.articleId}#${m.paragraph}`)).size),
      );
      const entry = places.get(entity.id) ?? {
        name: entity.name,
        score: 0,
        articles: new Set<string>(),
        positions: new Map<number, number>(),
      };
      entry.score += weight * best;
      entry.articles.add(hit.article.id);
      entry.positions.set(hit.pos, Math.max(entry.positions.get(hit.pos) ?? 0, weight * best));
      places.set(entity.id, entry);
    }
  });

  const ranked = [...places.values()].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  const best = ranked[0];
  if (!best) {
    return {
      ...notFound(
        index,
        'where',
        query,
        `The articles mention “${topic}” but name no place for it. Closest passages:`,
      ),
      ...citePage(
        index,
        hits.map((h) => ({ pos: h.pos, score: h.score, matched: h.matched })),
        offset,
      ),
      sources: sourcesOf(
        index,
        hits.map((h) => h.pos),
      ),
    };
  }
  const also = ranked.slice(1, 3).filter((p) => p.score >= best.score * ALSO_SHARE);
  const text =
    `${best.name}${corroboration(best.articles.size, index.articles.length)}` +
    (also.length ? `; also ${also.map((p) => p.name).join(', ')}` : '') +
    '.';
  const candidates: Candidate[] = [];
  for (const p of [best, ...also]) {
    for (const [pos, score] of [...p.positions.entries()].sort((a, b) => b[1] - a[1])) {
      candidates.push({ pos, score, matched: hits.find((h) => h.pos === pos)?.matched ?? [] });
    }
  }
  return {
    kind: 'where',
    query,
    text,
    ...citePage(index, candidates, offset),
    sources: sourcesOf(index, best.positions.keys()),
    corpusArticles: index.articles.length,
  };
}
