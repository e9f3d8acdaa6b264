/**
 * The MiniSearch adapter (src/index/search/adapter.ts): every MiniSearch field it makes public is
 * there with the shape it declares — on a built index, after MiniSearch's own `loadJSON`, and after
 * `fromSaved` (through a saved and loaded index) — and scores computed from those fields are
 * MiniSearch's own. If this fails after a MiniSearch update, its internal layout has changed: the
 * fast search path and the saved index both read it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build/build.js';
import { createSearch, searchOptions, type SearchDoc } from '../../src/index/model.js';
import { encodeIndex } from '../../src/index/saved/encode.js';
import { decodeSaved } from '../../src/index/saved/load.js';
import { LEAF, SearchIndex, type FieldPostings, type TermTree } from '../../src/index/search/adapter.js';
import { processTerm } from '../../src/index/terms.js';
import { article } from './fixtures.js';

const ARTICLES = [
  article(
    'talks',
    'The ministers met in Geneva on Monday to restart the talks.\nNo agreement was reached; the talks resume next week in Geneva.',
    '2022-02-21',
    'Geneva talks',
  ),
  article(
    'summit',
    'The summit was postponed.\nOfficials said the ministers would meet again.',
    undefined,
    'Summit',
  ),
  article('weather', 'Rain is expected in Geneva all week.', '2022-02-22'),
];

function builtSearch(): SearchIndex<SearchDoc> {
  return buildIndex({ articles: ARTICLES, errors: [] }).search;
}

function isCounts(m: unknown): boolean {
  return m instanceof Map && [...m].every(([k, v]) => Number.isInteger(k) && Number.isInteger(v));
}

/** Every term of the radix tree with its postings, walking `_tree` as the saved index does. */
function terms(tree: TermTree, prefix = ''): [string, FieldPostings][] {
  const out: [string, FieldPostings][] = [];
  for (const [key, value] of tree) {
    if (key === LEAF) out.push([prefix, value as FieldPostings]);
    else out.push(...terms(value as TermTree, prefix + key));
  }
  return out;
}

/** Each field the adapter declares, with the shape it declares. */
function expectShape(s: SearchIndex<SearchDoc>, docs: number): void {
  expect(s).toBeInstanceOf(SearchIndex);
  expect(SearchIndex.hasExpectedShape(s)).toBe(true);
  expect(s._fieldIds).toEqual({ text: 0, section: 1, title: 2 });
  expect(s._documentCount).toBe(docs);
  expect(s._dirtCount).toBe(0);
  expect(s._nextId).toBe(docs);
  expect(s._documentIds).toBeInstanceOf(Map);
  expect(s._documentIds.size).toBe(docs);
  for (const [shortId, id] of s._documentIds) {
    expect(Number.isInteger(shortId) && Number.isInteger(id)).toBe(true);
    expect(s._idToShortId.get(id)).toBe(shortId);
  }
  expect(s._fieldLength).toBeInstanceOf(Map);
  for (const [shortId, lengths] of s._fieldLength) {
    expect(s._documentIds.has(shortId)).toBe(true);
    expect(Array.isArray(lengths) && lengths.length <= 3).toBe(true);
  }
  expect(s._avgFieldLength).toHaveLength(3);
  expect(s._avgFieldLength.every((n) => typeof n === 'number' && n >= 0)).toBe(true);
  expect(s._storedFields).toBeInstanceOf(Map);
  expect(s._options.fields).toEqual(['text', 'section', 'title']);
  const { bm25, weights } = s._options.searchOptions;
  expect([bm25.k, bm25.b, bm25.d, weights.fuzzy].every((n) => typeof n === 'number')).toBe(true);
  expect(s._index._tree).toBeInstanceOf(Map);
  const all = terms(s._index._tree as TermTree);
  expect(all.length).toBe(s.termCount);
  for (const [term, data] of all) {
    expect(s._index.get(term)).toBe(data);
    expect(data).toBeInstanceOf(Map);
    for (const [fieldId, freqs] of data) {
      expect([0, 1, 2]).toContain(fieldId);
      // A loaded index keeps postings as read-only views that answer like a Map.
      const entries = [...freqs];
      expect(entries.length).toBe(freqs.size);
      expect(isCounts(new Map(entries))).toBe(true);
      for (const [shortId, tf] of entries) expect(freqs.get(shortId)).toBe(tf);
    }
  }
  expect(s._index.fuzzyGet('geneve', 1).has('geneva')).toBe(true);
  expect([...s._index.atPrefix('minist')].map(([t]) => t)).toContain('minister');
}

/** One term's scores from the adapter's fields, the way MiniSearch adds them up. */
function scoresOf(s: SearchIndex<SearchDoc>, term: string): Map<number, number> {
  const { bm25, boost } = s._options.searchOptions;
  const out = new Map<number, number>();
  const data = s._index.get(term)!;
  for (const field of s._options.fields) {
    const fieldId = s._fieldIds[field]!;
    const freqs = data.get(fieldId);
    if (!freqs) continue;
    for (const [shortId, tf] of freqs) {
      const length = s._fieldLength.get(shortId)![fieldId]!;
      const idf = Math.log(1 + (s._documentCount - freqs.size + 0.5) / (freqs.size + 0.5));
      const raw =
        idf *
        (bm25.d +
          (tf * (bm25.k + 1)) /
            (tf + bm25.k * (1 - bm25.b + (bm25.b * length) / s._avgFieldLength[fieldId]!)));
      const weighted = 1 * 1 * (boost?.[field] || 1) * 1 * raw;
      const id = s._documentIds.get(shortId)!;
      out.set(id, (out.get(id) ?? 0) + weighted);
    }
  }
  return out;
}

function expectMiniSearchScores(s: SearchIndex<SearchDoc>): void {
  const vocab = terms(s._index._tree as TermTree)
    .map(([t]) => t)
    .filter((t) => processTerm(t) === t);
  expect(vocab.length).toBeGreaterThan(10);
  for (const term of vocab) {
    const theirs = new Map(
      s.search(term, { fuzzy: false, prefix: false }).map((r) => [r.id as number, r.score]),
    );
    expect(scoresOf(s, term), term).toEqual(theirs);
  }
}

describe('the MiniSearch adapter', () => {
  let built: SearchIndex<SearchDoc>;
  const docs = ARTICLES.reduce((n, a) => n + a.paragraphs.length, 0);
  beforeAll(() => {
    built = builtSearch();
  });

  it('is what createSearch makes', () => {
    expect(createSearch()).toBeInstanceOf(SearchIndex);
    expect(SearchIndex.hasExpectedShape(createSearch())).toBe(true);
  });

  it('reads every field of a built index with the shape it declares', () => {
    expectShape(built, docs);
    expectMiniSearchScores(built);
  });

  it('reads them after MiniSearch’s own loadJSON', () => {
    const loaded = SearchIndex.loadJSON<SearchDoc>(JSON.stringify(built), searchOptions());
    expectShape(loaded, docs);
    expectMiniSearchScores(loaded);
    // The same state (loadJSON re-inserts the terms, so the tree iterates in another order).
    const byTerm = (s: SearchIndex<SearchDoc>) => {
      const json = s.toJSON();
      return { ...json, index: [...json.index].sort(([a], [b]) => a.localeCompare(b)) };
    };
    expect(byTerm(loaded)).toEqual(byTerm(built));
  });

  it('reads them after fromSaved (a saved and loaded index)', async () => {
    const index = buildIndex({ articles: ARTICLES, errors: [] });
    const r = await decodeSaved(encodeIndex(index, 'h'), 'h');
    if (!r.ok) throw new Error(r.detail);
    expectShape(r.index.search, docs);
    expectMiniSearchScores(r.index.search);
    expect(r.index.search.toJSON()).toEqual(index.search.toJSON());
  });

  it('refuses a MiniSearch that is not one', () => {
    const broken = createSearch();
    Object.assign(broken, { _fieldLength: {} });
    expect(SearchIndex.hasExpectedShape(broken)).toBe(false);
  });
});
