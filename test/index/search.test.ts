/**
 * searchParagraphs finds and scores candidates from MiniSearch's postings itself; it must return
 * exactly what running everything through MiniSearch's own `search` returns (the reference): the same
 * paragraphs, in the same order, with the same scores, coverage and matched terms — for single words,
 * AND queries, the OR fallback, recall mode, limits and misspellings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { warmAnswerTablesNow } from '../../src/serve/warm.js';
import { isIngestError, parseArticle } from '../../src/corpus/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import type { DossierIndex } from '../../src/index/model.js';
import {
  searchParagraphs,
  searchParagraphsReference,
  type SearchOptions,
  type SearchResult,
} from '../../src/index/search/search.js';
import { words } from '../../src/index/terms.js';
import { encodeIndex } from '../../src/index/saved/encode.js';
import { decodeSaved } from '../../src/index/saved/load.js';
import { fixtures, seeds } from '../answer/helpers.js';

const shape = (r: SearchResult) => ({
  terms: r.terms,
  empty: r.empty,
  hits: r.hits.map((h) => ({
    pos: h.pos,
    score: h.score,
    coverage: h.coverage,
    matched: [...h.matched].sort(),
    queryTerms: [...h.queryTerms].sort(),
    textTerms: [...h.textTerms].sort(),
  })),
});

const OPTIONS: SearchOptions[] = [
  {},
  { limit: 3 },
  { limit: 40 },
  { limit: 40, recall: true },
  { recall: true },
];

function same(index: DossierIndex, query: string) {
  for (const opts of OPTIONS) {
    const fast = shape(searchParagraphs(index, query, opts));
    expect(fast, `${query} ${JSON.stringify(opts)}`).toEqual(
      shape(searchParagraphsReference(index, query, opts)),
    );
  }
}

function vocabulary(index: DossierIndex): string[] {
  const out = new Set<string>();
  for (const p of index.paragraphs) for (const w of words(p.text)) out.add(w);
  return [...out].sort();
}

/** The seed index as a served process holds it: saved and loaded back (packed postings). */
async function loadedSeeds(): Promise<DossierIndex> {
  const loaded = await decodeSaved(encodeIndex(await seeds(), 'h'), 'h');
  if (!loaded.ok) throw new Error(`the seed index did not load: ${loaded.detail}`);
  return loaded.index;
}

describe.each([
  ['seed corpus', seeds],
  ['fixture corpus', fixtures],
  ['seed corpus saved and loaded', loadedSeeds],
])('search on the %s', (_name, load) => {
  it('scores every word of the corpus as MiniSearch does', async () => {
    const index = await load();
    const vocab = vocabulary(index);
    expect(vocab.length).toBeGreaterThan(100);
    for (const w of vocab) same(index, w);
  });

  it('combines words, questions and misspellings as MiniSearch does', async () => {
    const index = await load();
    const vocab = vocabulary(index);
    const typo = fc
      .tuple(fc.constantFrom(...vocab), fc.nat(), fc.constantFrom('a', 'e', 'q', 'z', ''))
      .map(([w, at, ch]) => w.slice(0, at % (w.length + 1)) + ch + w.slice((at % (w.length + 1)) + 1));
    const word = fc.oneof(
      fc.constantFrom(...vocab),
      typo,
      fc.constantFrom('the', 'of', 'what', 'did', 'say'),
    );
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 9 }), (ws) => same(index, ws.join(' '))),
      { numRuns: 300 },
    );
    same(index, '');
    same(index, 'the of and');
    same(index, 'What do the people of this country think about the talks and the summit of the government?');
  });
});

// A syndicated corpus: the same paragraphs under other headlines (some holding the query's words,
// some as long as another's), some under another section. Copies are scored once per search when
// their scores must be equal; they must still come out exactly as MiniSearch scores each.
describe('search on a corpus of syndicated copies', () => {
  const WORDS = ['talks', 'summit', 'Geneva', 'troops', 'border', 'vote', 'council', 'plant', 'the'];
  const line = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }).map((ws) => ws.join(' '));

  it('scores copies with any headline and section as MiniSearch does', () => {
    let copies = 0;
    fc.assert(
      fc.property(
        fc.array(
          line.map((l) => l + '.'),
          { minLength: 1, maxLength: 4 },
        ),
        fc.array(fc.record({ title: line, section: fc.boolean(), take: fc.nat() }), {
          minLength: 2,
          maxLength: 6,
        }),
        fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }),
        (story, carriers, query) => {
          const articles = carriers.flatMap((c, i) => {
            const paragraphs = story.slice(0, 1 + (c.take % story.length));
            const body = c.section ? `## Wire\n\n${paragraphs.join('\n\n')}` : paragraphs.join('\n\n');
            const parsed = parseArticle(`c${i}.md`, new TextEncoder().encode(`# ${c.title}\n\n${body}`), {
              today: '2025-01-01',
            });
            return isIngestError(parsed) ? [] : [parsed];
          });
          const index = buildIndex({ articles, errors: [] });
          warmAnswerTablesNow(index);
          const texts = index.paragraphs.map((p) => p.text);
          copies += texts.length - new Set(texts).size;
          for (const opts of [...OPTIONS, { limit: 1 }, { limit: 2, recall: true }]) {
            const q = query.join(' ');
            expect(shape(searchParagraphs(index, q, opts)), `${q} ${JSON.stringify(opts)}`).toEqual(
              shape(searchParagraphsReference(index, q, opts)),
            );
          }
        },
      ),
      { numRuns: 200 },
    );
    expect(copies).toBeGreaterThan(50);
  });
});
