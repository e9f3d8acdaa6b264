/** /timeline [topic]: dated events across the articles, in date order, each cited. */
import type { DossierIndex } from '../index/model.js';
import type { Answer, Source } from './types.js';
import { cite, collapseWhitespace, noTermsMessage, notFound, sourcesOf, type Candidate } from './common.js';
import { formatDate } from './format.js';
import { CHUNK, defineTable, run, type Build } from '../index/derived.js';
import { timesByParagraph } from './tables.js';
import { sentenceTest, topicHits } from './topic.js';
import { articleTotal, type Scope } from './filter.js';

export const TIMELINE_PAGE_SIZE = 10;

interface Days {
  /** One entry per day: the paragraph that best ties the date to the topic. */
  days: Map<string, { best: Candidate; positions: Set<number>; sentence: number }>;
  /** The days in date order. */
  ordered: string[];
  sources: Source[];
}

export function answerTimeline(index: DossierIndex, rawTopic = '', page = 1, scope?: Scope): Answer {
  const query = collapseWhitespace(rawTopic);
  let table: Days;
  if (query) {
    // Which paragraphs are in scope, with a relevance score and what to highlight.
    const { hits, noTerms } = topicHits(index, query, 400, false, scope);
    if (noTerms) return notFound(index, 'timeline', query, noTermsMessage(index));
    table = run(daysOf(index, query, hits));
  } else if (scope) {
    // Every dated paragraph of the articles the filter allows.
    const mask = scope.mask();
    const inScope: { pos: number; score: number; matched: string[] }[] = [];
    for (const pos of timesByParagraph(index).keys()) {
      if (mask[pos] === 1) inScope.push({ pos, score: 1, matched: [] });
    }
    table = run(daysOf(index, '', inScope));
  } else {
    // Every dated paragraph: the same for every question, so kept with the index.
    table = everyDay.get(index);
  }
  const { days, ordered } = table;
  if (days.size === 0) {
    const what = query ? `about “${query}” ` : '';
    return notFound(index, 'timeline', query, `No dated events ${what}were found in the articles.`);
  }
  const pages = Math.ceil(ordered.length / TIMELINE_PAGE_SIZE);
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const offset = (p - 1) * TIMELINE_PAGE_SIZE;
  const slice = ordered.slice(offset, offset + TIMELINE_PAGE_SIZE);
  // cite() keeps near-duplicates apart only across articles; a timeline wants every day, so cite one by one.
  const citations = slice.flatMap((d) => {
    const day = days.get(d)!;
    return cite(index, [day.best], 1).map((c) => {
      // The sentence that holds the date, so a listing quotes the event rather than the paragraph's start.
      const sentence = index.paragraphs[day.best.pos]?.sentences[day.sentence];
      return sentence ? { ...c, sentence } : c;
    });
  });
  return {
    kind: 'timeline',
    query,
    text: `${ordered.length} dated event${ordered.length === 1 ? '' : 's'}${query ? ` about “${query}”` : ''}, ${formatDate(ordered[0]!)} to ${formatDate(ordered[ordered.length - 1]!)}.`,
    citations,
    sources: [...table.sources],
    corpusArticles: articleTotal(index, scope),
    page: { offset, size: TIMELINE_PAGE_SIZE, total: ordered.length },
  };
}

/** The timeline of the whole corpus (no topic), per index. */
const everyDay = defineTable('timeline of every day', function* (index) {
  const scope: { pos: number; score: number; matched: string[] }[] = [];
  for (const pos of timesByParagraph(index).keys()) scope.push({ pos, score: 1, matched: [] });
  return yield* daysOf(index, '', scope);
});

function* daysOf(
  index: DossierIndex,
  query: string,
  scope: { pos: number; score: number; matched: string[] }[],
): Build<Days> {
  const times = timesByParagraph(index);
  const days = new Map<string, { best: Candidate; positions: Set<number>; sentence: number }>();
  // The first hit for a paragraph counts (a paragraph is in scope once).
  const seen = new Uint8Array(index.paragraphs.length);
  let n = 0;
  for (const { pos, score, matched } of scope) {
    if (seen[pos] === 1) continue;
    seen[pos] = 1;
    if (++n % 256 === 0) yield;
    const paragraph = index.paragraphs[pos];
    if (!paragraph) continue;
    // Which sentences are about the topic (with no topic, all of them): worked out only for a
    // paragraph that has a dated event. (No closure per paragraph: under tsx each named one made
    // costs a defineProperty, a third of the whole timeline's build at 100k paragraphs.)
    let topical: ((i: number) => boolean) | undefined;
    for (const t of times.get(pos) ?? []) {
      // A timeline places events on days: a month, a year or a week ("last week") is no one day.
      if (!t.date || t.date.length !== 10 || t.precision === 'week') continue;
      const on = query
        ? (topical ??= sentenceTest(paragraph.sentences, matched))(t.sentence)
        : Number.isInteger(t.sentence) && t.sentence >= 0 && t.sentence < paragraph.sentences.length;
      const s = score * (on ? 1 : 0.4);
      const entry = days.get(t.date);
      if (!entry)
        days.set(t.date, {
          best: { pos, score: s, matched, date: t.date },
          positions: new Set([pos]),
          sentence: t.sentence,
        });
      else {
        entry.positions.add(pos);
        if (s > entry.best.score) {
          entry.best = { pos, score: s, matched, date: t.date };
          entry.sentence = t.sentence;
        }
      }
    }
  }
  yield;
  const ordered = [...days.keys()].sort();
  yield;
  const all: number[] = [];
  for (const d of days.values()) {
    for (const pos of d.positions) all.push(pos);
    if (all.length % CHUNK === 0) yield;
  }
  yield;
  return { days, ordered, sources: sourcesOf(index, all) };
}
