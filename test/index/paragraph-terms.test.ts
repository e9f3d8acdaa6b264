/**
 * The per-paragraph term table (src/index/search/paragraph-terms.ts) read from the search's text
 * postings: every paragraph's distinct text terms as ids, ids given by how many paragraphs hold the
 * term (fewest first, ties in the tree's order). Compared with a plain reading of the postings.
 */
import { describe, expect, it } from 'vitest';
import type { DossierIndex } from '../../src/index/model.js';
import { paragraphTerms } from '../../src/index/search/paragraph-terms.js';
import { run } from '../../src/index/derived.js';
import { fixtures, seeds } from '../answer/helpers.js';

interface Internals {
  _index: Iterable<[string, Map<number, Map<number, number>>]>;
  _fieldIds: Record<string, number>;
  _documentIds: Map<number, number>;
}

/** The terms in id order, and each paragraph's terms, rarest first. */
function plainReading(index: DossierIndex): { order: string[]; each: string[][] } {
  const ix = index.search as unknown as Internals;
  const field = ix._fieldIds['text']!;
  const lists: { term: string; ids: number[] }[] = [];
  for (const [term, data] of ix._index) {
    const p = data.get(field);
    if (p && p.size) lists.push({ term, ids: [...p.keys()] });
  }
  lists.sort((a, b) => a.ids.length - b.ids.length);
  const out: string[][] = index.paragraphs.map(() => []);
  for (const { term, ids } of lists) for (const id of ids) out[ix._documentIds.get(id)!]!.push(term);
  return { order: lists.map((l) => l.term), each: out };
}

describe('paragraph terms', () => {
  it.each([
    ['seed', seeds],
    ['fixtures', fixtures],
  ])('list each %s paragraph’s text terms, rarest first', async (_, load) => {
    const index = await load();
    const table = run(paragraphTerms(index))!;
    const { order, each } = plainReading(index);
    const got = index.paragraphs.map((_, p) =>
      Array.from(table.ids.subarray(table.start[p]!, table.start[p + 1]!), (id) => order[id]!),
    );
    expect(got).toEqual(each);
    expect(table.terms).toBe(order.length);
  });
});
