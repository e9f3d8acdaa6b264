/**
 * nearTerms (the vocabulary scan behind typo-tolerant search and completion) must find exactly the
 * terms MiniSearch's own fuzzyGet finds, at the same distances and in the same order (the order
 * the search adds scores up in); prefixTermsOf (completion's sorted run) exactly the terms its
 * atPrefix walk finds, most paragraphs first.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { declaredTables } from '../../src/index/derived.js';
import type { DossierIndex } from '../../src/index/model.js';
import { coreOf } from '../../src/index/search/core.js';
import { documentFrequency, nearTerms, prefixTermsOf } from '../../src/index/search/vocabulary.js';
import { fixtures, seeds } from '../answer/helpers.js';

type Data = Parameters<typeof documentFrequency>[0];
interface Tree extends Iterable<[string, Data]> {
  fuzzyGet(word: string, max: number): Map<string, [Data, number]>;
  atPrefix(prefix: string): Iterable<[string, Data]>;
  get(term: string): Data | undefined;
}
const treeOf = (index: DossierIndex) => (index.search as unknown as { _index: Tree })._index;

const reference = (index: DossierIndex, word: string, max: number): string[] =>
  [...treeOf(index).fuzzyGet(word, max)].map(([term, [, d]]) => `${term}:${d}`);

/** The vocabulary table: built here, so the scan is what is compared (without it, fuzzyGet answers). */
const vocabularyTable = declaredTables().find((t) => t.name === 'vocabulary')!;

const ours = (index: DossierIndex, word: string, max: number): string[] => {
  expect(vocabularyTable.get(index)).toBeTruthy();
  return nearTerms(index, word, max)!.map(({ term, d, df }) => {
    expect(df, term).toBe(documentFrequency(treeOf(index).get(term)!));
    return `${term}:${d}`;
  });
};

const vocabulary = (index: DossierIndex) => [...treeOf(index)].map(([t]) => t);

const edit = (s: string, at: number, op: number, ch: string): string => {
  const i = s.length ? at % s.length : 0;
  if (op === 0) return s.slice(0, i) + ch + s.slice(i + 1);
  if (op === 1) return s.slice(0, i) + s.slice(i + 1);
  return s.slice(0, i) + ch + s.slice(i);
};

describe('nearTerms', () => {
  it('finds what fuzzyGet finds, in its order, for every term of the seed index as it is and with an edit', async () => {
    const index = await seeds();
    const terms = vocabulary(index);
    expect(terms.length).toBeGreaterThan(500);
    let found = 0;
    terms.forEach((t, i) => {
      for (const word of [t, edit(t, i * 7, i % 3, 'aeiouxz'[i % 7]!)]) {
        for (const max of [1, 2]) {
          const want = reference(index, word, max);
          expect(ours(index, word, max), `${word} within ${max}`).toEqual(want);
          found += want.length;
        }
      }
    });
    // Most words have neighbours besides themselves: the comparison is not of empty lists.
    expect(found).toBeGreaterThan(2 * terms.length);
  });

  it('agrees with fuzzyGet on arbitrary strings and edited terms (fast-check)', async () => {
    const index = await fixtures();
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.integer({ min: 0, max: 3 }), (word, max) => {
        expect(ours(index, word, max)).toEqual(reference(index, word, max));
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...vocabulary(index)),
        fc.nat(),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom('a', 'e', 'é', 's', "'", '1'),
        fc.integer({ min: 1, max: 2 }),
        (term, at, op, ch, max) => {
          const word = edit(term, at, op, ch);
          expect(ours(index, word, max)).toEqual(reference(index, word, max));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('lists the terms MiniSearch finds under every prefix, most paragraphs first', async () => {
    for (const index of [await seeds(), await fixtures()]) {
      expect(vocabularyTable.get(index)).toBeTruthy();
      const core = coreOf(index)!;
      const walk = (prefix: string) =>
        [...treeOf(index).atPrefix(prefix)]
          .map(([term, data]) => ({ term, df: documentFrequency(data) }))
          .sort((a, b) => b.df - a.df || (a.term < b.term ? -1 : 1));
      const prefixes = new Set(['', 'zzzz', '\uffff', 'é']);
      for (const t of vocabulary(index))
        for (let l = 1; l <= Math.min(4, t.length); l++) prefixes.add(t.slice(0, l));
      let listed = 0;
      for (const p of prefixes) {
        const want = walk(p);
        expect(prefixTermsOf(core, p), JSON.stringify(p)).toEqual(want);
        listed += want.length;
      }
      expect(listed).toBeGreaterThan(prefixes.size);
    }
  });
});
