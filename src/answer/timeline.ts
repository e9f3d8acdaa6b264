/** /timeline [topic]: dated events across the articles, in date order, each cited. */
import type { DossierIndex } from '../index/build.js';
import type { Answer } from './types.js';
import { cite, cleanQuery, noTermsMessage, notFound, sourcesOf, type Candidate } from './common.js';
import { formatDate } from './format.js';
import { timesByParagraph } from './tables.js';
import { sentencesWith, topicHits } from './topic.js';

export const TIMELINE_PAGE_SIZE = 10;

export function answerTimeline(index: DossierIndex, rawTopic = '', page = 1): Answer {
  const query = cleanQuery(rawTopic);
  const times = timesByParagraph(index);
  // Which paragraphs are in scope, with a relevance score and what to highlight.
  const scope = new Map<number, { score: number; matched: string[] }>();
  if (query) {
    const { hits, noTerms } = topicHits(index, query, 400);
    if (noTerms) return notFound(index, 'timeline', query, noTermsMessage(index));
    for (const h of hits) scope.set(h.pos, { score: h.score, matched: h.matched });
  } else {
    for (const pos of times.keys()) scope.set(pos, { score: 1, matched: [] });
  }

  // One entry per day: the paragraph that best ties the date to the topic.
  const days = new Map<string, { best: Candidate; positions: Set<number> }>();
  for (const [pos, { score, matched }] of scope) {
    const paragraph = index.paragraphs[pos];
    if (!paragraph) continue;
    // Which sentences are about the topic: worked out only for a paragraph that has a dated event.
    let topical: Set<number> | undefined;
    for (const t of times.get(pos) ?? []) {
      if (!t.date || t.date.length !== 10) continue;
      topical ??= new Set(query ? sentencesWith(paragraph.sentences, matched) : paragraph.sentences.keys());
      const s = score * (topical.has(t.sentence) ? 1 : 0.4);
      const entry = days.get(t.date);
      if (!entry)
        days.set(t.date, { best: { pos, score: s, matched, date: t.date }, positions: new Set([pos]) });
      else {
        entry.positions.add(pos);
        if (s > entry.best.score) entry.best = { pos, score: s, matched, date: t.date };
      }
    }
  }
  if (days.size === 0) {
    const what = query ? `about “${query}” ` : '';
    return notFound(index, 'timeline', query, `No dated events ${what}were found in the articles.`);
  }
  const ordered = [...days.keys()].sort();
  const pages = Math.ceil(ordered.length / TIMELINE_PAGE_SIZE);
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const offset = (p - 1) * TIMELINE_PAGE_SIZE;
  const slice = ordered.slice(offset, offset + TIMELINE_PAGE_SIZE);
  // cite() keeps near-duplicates apart only across articles; a timeline wants every day, so cite one by one.
  const citations = slice.flatMap((d) => cite(index, [days.get(d)!.best], 1));
  const all = [...days.values()].flatMap((d) => [...d.positions]);
  return {
    kind: 'timeline',
    query,
    text: `${ordered.length} dated event${ordered.length === 1 ? '' : 's'}${query ? ` about “${query}”` : ''}, ${formatDate(ordered[0]!)} to ${formatDate(ordered[ordered.length - 1]!)}.`,
    citations,
    sources: sourcesOf(index, all),
    corpusArticles: index.articles.length,
    page: { offset, size: TIMELINE_PAGE_SIZE, total: ordered.length },
  };
}
