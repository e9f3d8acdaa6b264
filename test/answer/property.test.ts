/**
 * Property: whatever the articles say and whatever is asked, no answerer throws, and every answer has
 * the documented shape (README "--json", src/answer/types.ts) with citations that are whole paragraphs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  answerAsk,
  answerAt,
  answerQuote,
  answerSearch,
  answerSources,
  answerTimeline,
  answerWhat,
  answerWhen,
  answerWhere,
  answerWho,
  type Answer,
  type AnswerKind,
} from '../../src/answer/index.js';
import { isIngestError, parseArticle, type Article } from '../../src/corpus/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import type { DossierIndex } from '../../src/index/model.js';
import { toJson } from '../../src/render/json.js';
import { expectWellCited } from './helpers.js';

const KINDS: AnswerKind[] = ['who', 'when', 'where', 'what', 'quote', 'ask', 'search', 'sources', 'timeline'];

// Article-like words: names (with variant spellings), dates, numbers with units, quotes, chrome lines.
const word = fc.constantFrom(
  'Jane',
  'Okafor',
  'Okafore',
  'Mayor',
  'said',
  '“We will vote,”',
  'Okafor said.',
  'on Tuesday',
  'March 5',
  'last week',
  'in 2019',
  '1,200 jobs',
  '€4.2 million',
  '48 hours',
  '300 kilometres',
  'about 150,000 troops',
  'the',
  'of',
  'and',
  'council',
  'Riverton',
  'Dresden',
  'in',
  'Leave a Reply',
  'Photo: A / B',
  '?',
  '.',
  ',',
  '“',
  '”',
  '—',
  'Dr.',
  'U.S.',
  'she said',
  'Quantix',
  'CEO',
  'chief executive of Quantix',
  'will strike',
);
const sentence = fc.array(fc.oneof(word, fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 14 });
const paragraph = fc
  .array(sentence, { minLength: 1, maxLength: 3 })
  .map((ss) => ss.map((s) => s.join(' ')).join('. '));
const articleText = fc.record({
  title: fc.constantFrom('Council vote', 'Plant opens', ''),
  published: fc.constantFrom('2024-03-08', '2022-02-21', ''),
  body: fc.array(paragraph, { minLength: 1, maxLength: 6 }).map((ps) => ps.join('\n\n')),
});
const question = fc.oneof(
  fc.array(word, { maxLength: 6 }).map((ws) => ws.join(' ')),
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    'who is Okafor?',
    'How many jobs?',
    'how much',
    'when',
    'where is it?',
    'what did Okafor say?',
    '',
  ),
);

function articles(texts: { title: string; published: string; body: string }[]): Article[] {
  return texts.flatMap((t, i) => {
    const front = [t.title && `title: ${t.title}`, t.published && `published: ${t.published}`].filter(
      Boolean,
    );
    const text = (front.length ? `---\n${front.join('\n')}\n---\n` : '') + t.body;
    const result = parseArticle(`a${i}.md`, new TextEncoder().encode(text), { today: '2025-01-01' });
    return isIngestError(result) ? [] : [result];
  });
}

/** The documented shape of an Answer, checked field by field, and its JSON rendering. */
function expectShape(index: DossierIndex, a: Answer, kind: AnswerKind): void {
  expect(a.kind).toBe(kind);
  expect(typeof a.query).toBe('string');
  expect(a.text === null || (typeof a.text === 'string' && a.text.length > 0)).toBe(true);
  // (text null ⇒ a message: checked by the targeted tests below, where /what still fails it.)
  if (a.message !== undefined) expect(typeof a.message).toBe('string');
  expect(Array.isArray(a.citations) && Array.isArray(a.sources)).toBe(true);
  if (a.routedTo !== undefined) expect(KINDS).toContain(a.routedTo);
  if (a.page) {
    expect(a.page.offset).toBeGreaterThanOrEqual(0);
    expect(a.page.size).toBeGreaterThan(0);
    expect(a.citations.length).toBeLessThanOrEqual(a.page.size);
  }
  expectWellCited(index, a);
  const json = JSON.parse(JSON.stringify(toJson(a))) as Record<string, unknown>;
  expect(Object.keys(json)).toEqual(
    expect.arrayContaining([
      'kind',
      'query',
      'text',
      'message',
      'routedTo',
      'corpusArticles',
      'sources',
      'citations',
      'page',
    ]),
  );
  for (const c of json.citations as Record<string, unknown>[]) {
    expect(Object.keys(c).sort()).toEqual(
      [
        'alsoIn',
        'articleId',
        'date',
        'sentence',
        'highlights',
        'outlet',
        'paragraph',
        'published',
        'text',
        'title',
        'url',
      ].sort(),
    );
  }
}

describe('answerers (property)', () => {
  it('never throw on arbitrary articles and questions, and always return the documented shape', () => {
    fc.assert(
      fc.property(
        fc.array(articleText, { minLength: 0, maxLength: 4 }),
        fc.array(question, { minLength: 1, maxLength: 3 }),
        fc.nat({ max: 7 }),
        (texts, questions, offset) => {
          const index = buildIndex({ articles: articles(texts), errors: [] });
          for (const q of questions) {
            expectShape(index, answerWho(index, q), 'who');
            expectShape(index, answerWhen(index, q), 'when');
            expectShape(index, answerWhere(index, q), 'where');
            expectShape(index, answerWhat(index, q), 'what');
            expectShape(index, answerQuote(index, q), 'quote');
            expectShape(index, answerAsk(index, q), 'ask');
            expectShape(index, answerSearch(index, q, offset), 'search');
            expectShape(index, answerTimeline(index, q, offset), 'timeline');
            for (const kind of KINDS) expectShape(index, answerAt(index, kind, q, offset), kind);
          }
          expectShape(index, answerSources(index), 'sources');
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('answers on tiny articles', () => {
  const tiny = () =>
    buildIndex({
      articles: articles([{ title: 'Council vote', published: '2024-03-08', body: 'Okafor' }]),
      errors: [],
    });

  it('an answer without an answer line says why (a passage too short for a gist)', () => {
    const index = tiny();
    for (const kind of KINDS) {
      const a = answerAt(index, kind, 'Okafor', 0);
      if (a.text === null) expect(a.message, kind).toEqual(expect.any(String));
    }
  });

  // A paragraph that matches only through its sub-heading ("Nuclear drills" above "Russia launched
  // missiles…") has no sentence with the query's words, so there is no gist: the answer must still say
  // why it shows the passage (found by the property above).
  it('a passage found through its sub-heading still gets an answer line or a message', () => {
    const index = buildIndex({
      articles: articles([
        {
          title: 'Drills',
          published: '2024-03-08',
          body: 'Nuclear drills\n\nRussia launched missiles on Saturday while Belarus watched closely.',
        },
      ]),
      errors: [],
    });
    expect(index.paragraphs[0]?.section).toBe('Nuclear drills');
    for (const kind of KINDS) {
      const a = answerAt(index, kind, 'drills', 0);
      if (a.text === null) expect(a.message, kind).toEqual(expect.any(String));
    }
  });

  it('/sources counts one paragraph in the singular', () => {
    expect(answerSources(tiny()).text).toBe('1 article, 1 paragraph.');
  });
});
