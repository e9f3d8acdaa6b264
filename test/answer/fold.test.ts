/**
 * Near-duplicate folding (foldGroups) finds which earlier passages to compare with from the per-index
 * term table and prefix filtering, or by tokenising when the table is not built: both must fold
 * exactly as the plain definition does — each candidate, in rank order, joins the first earlier
 * passage from another article whose content words (as the search indexes them) have a Jaccard
 * similarity of at least 0.5 with its own, else starts a passage of its own.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { warmAnswerTablesNow } from '../../src/serve/warm.js';
import { isIngestError, parseArticle, type Article } from '../../src/corpus/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import type { DossierIndex } from '../../src/index/model.js';
import { folded, reference } from './fold-reference.js';
import { fixtures, seeds } from './helpers.js';

/** Rankings over an index's paragraphs: repeats, positions out of range, any order, any cut. */
const rankings = (n: number) =>
  fc.record({
    positions: fc.array(fc.integer({ min: 0, max: n + 2 }), { maxLength: 3 * n + 5 }),
    max: fc.integer({ min: 1, max: n + 3 }),
  });

/** Folds with the table built (warm) and without (cold) alike, and as the reference; how many joined. */
function check(cold: DossierIndex, warm: DossierIndex, positions: number[], max: number): number {
  const ranked = positions.map((pos, i) => ({ pos, score: 1 / (i + 1), matched: [] }));
  const expected = reference(cold, ranked, max);
  expect(folded(cold, ranked, max)).toEqual(expected);
  expect(folded(warm, ranked, max)).toEqual(expected);
  return expected.reduce((sum, g) => sum + g.alsoIn.length, 0);
}

// Paragraphs from a dozen words (some stop words), so passages in different articles often overlap.
const WORDS = ['talks', 'summit', 'Geneva', 'troops', 'border', 'the', 'of', 'vote', 'council', 'plant'];
const paragraphText = fc
  .array(fc.constantFrom(...WORDS, 'Talks', 'troop', '2024'), { minLength: 0, maxLength: 7 })
  .map((ws) => (ws.length ? ws.join(' ') + '.' : '—'));

function articles(bodies: string[][]): Article[] {
  return bodies.flatMap((ps, i) => {
    const result = parseArticle(`a${i}.md`, new TextEncoder().encode(ps.join('\n\n')), {
      today: '2025-01-01',
    });
    return isIngestError(result) ? [] : [result];
  });
}

describe('near-duplicate folding', () => {
  it('folds generated articles full of near-duplicates as the definition does', () => {
    let joined = 0;
    fc.assert(
      fc.property(
        fc.array(fc.array(paragraphText, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        fc.infiniteStream(fc.nat()),
        (bodies, picks) => {
          const corpus = { articles: articles(bodies), errors: [] };
          const cold = buildIndex(corpus);
          const warm = buildIndex(corpus);
          warmAnswerTablesNow(warm);
          const n = cold.paragraphs.length;
          const it = picks[Symbol.iterator]();
          const positions = Array.from({ length: 2 * n + 3 }, () => it.next().value! % (n + 2));
          joined += check(cold, warm, positions, n + 1);
        },
      ),
      { numRuns: 150 },
    );
    // The generated corpora did fold passages together (else this test could not fail).
    expect(joined).toBeGreaterThan(20);
  });

  it.each([
    ['seed corpus', seeds],
    ['fixture corpus', fixtures],
  ])('folds rankings of the %s as the definition does', async (_name, load) => {
    const cold = await load();
    const warm = buildIndex({ articles: cold.articles, errors: [] });
    warmAnswerTablesNow(warm);
    const n = cold.paragraphs.length;
    fc.assert(
      fc.property(rankings(n), ({ positions, max }) => {
        check(cold, warm, positions, max);
      }),
      { numRuns: 200 },
    );
    // Every paragraph once, in order: the whole corpus folded.
    check(
      cold,
      warm,
      cold.paragraphs.map((_, i) => i),
      n,
    );
  });
});
