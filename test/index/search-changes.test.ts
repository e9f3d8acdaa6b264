/**
 * A search index changed in place (changeSearch: articles added, removed, replaced) must answer
 * exactly as a fresh build of the resulting articles: after a seeded sequence of random changes,
 * at checkpoints, every search (fast path and MiniSearch's own, every option) gives the same
 * paragraphs, order, scores and matched terms, every derived table is the same, MiniSearch's state
 * is the same but for its short ids, and a saved and loaded copy of the changed index answers the
 * same. A seeded generator (not fast-check): one long sequence checked against full rebuilds at
 * checkpoints is the property; shrinking a 200-step sequence of rebuilds would take minutes, and a
 * failure names the seed and step.
 */
import { describe, expect, it } from 'vitest';
import type { Article, Paragraph } from '../../src/corpus/types.js';
import { buildIndex } from '../../src/index/build/build.js';
import { declaredTables, run } from '../../src/index/derived.js';
import { assembleIndex, type DossierIndex, type SearchDoc } from '../../src/index/model.js';
import { encodeIndex } from '../../src/index/saved/encode.js';
import { decodeSaved } from '../../src/index/saved/load.js';
import { LEAF, type SearchIndex, type TermTree, type FieldPostings } from '../../src/index/search/adapter.js';
import {
  changeSearch,
  freeIdsAhead,
  inTree,
  madeAhead,
  materializeTerms,
  repackTerms,
  type SearchChange,
} from '../../src/index/search/changes.js';
import { PackedFreqs } from '../../src/index/saved/compact-maps.js';
import { completeTerms } from '../../src/index/search/complete-terms.js';
import { coreOf } from '../../src/index/search/core.js';
import { fieldLengths } from '../../src/index/search/exact-scores.js';
import { paragraphTerms } from '../../src/index/search/paragraph-terms.js';
import {
  searchParagraphs,
  searchParagraphsReference,
  type SearchOptions,
  type SearchResult,
} from '../../src/index/search/search.js';
import { nearTerms } from '../../src/index/search/vocabulary.js';
import { warmAnswerTablesNow } from '../../src/serve/warm.js';
import { seeds } from '../answer/helpers.js';
import { rng } from '../../bench/queries.js';

// Words shared with the seed articles, near forms of each other (for fuzzy and prefix expansion),
// and words found only in titles or only in sections.
const COMMON = (
  'putin biden summit summits summitry macron kremlin ukraine ukrainian russia russian talks meeting ' +
  'diplomatic diplomacy negotiate negotiation negotiations negotiator sanction sanctions border troops ' +
  'president presidential minister security europe washington moscow paris invasion ceasefire nato ' +
  'blinken lavrov crisis military weapons february sunday agreed principle'
).split(' ');
const RARE = 'zircon zirconia quorum quorate lattice latticed ember embers'.split(' ');
const TITLE_ONLY = ['zeppelin', 'marmalade', 'quokka'];
const SECTIONS = ['Background', 'Quixotic labyrinth', 'Reactions', 'Analysis of the talks'];

type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

function sentence(rand: Rand): string {
  const n = 4 + Math.floor(rand() * 18);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(rand() < 0.85 ? pick(rand, COMMON) : pick(rand, RARE));
  return out.join(' ') + '.';
}

/** A generated article; some paragraphs copy another article's text word for word. */
function generated(rand: Rand, id: string, pool: Article[]): Article {
  const count = 1 + Math.floor(rand() * 5);
  const paragraphs: Paragraph[] = [];
  const section = rand() < 0.5 ? pick(rand, SECTIONS) : undefined;
  for (let n = 1; n <= count; n++) {
    const donor = pool.length && rand() < 0.15 ? pick(rand, pool) : undefined;
    const text = donor ? pick(rand, donor.paragraphs).text : sentence(rand);
    paragraphs.push({ articleId: id, n, text, sentences: [text], ...(section ? { section } : {}) });
  }
  const title = `${pick(rand, COMMON)} ${pick(rand, TITLE_ONLY)} ${pick(rand, COMMON)}`;
  return { id, file: `${id}.md`, title, paragraphs };
}

const byFile = (a: Article, b: Article) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

function docsOf(articles: Article[]): { start: number[]; docs: SearchDoc[] } {
  const start: number[] = [];
  const docs: SearchDoc[] = [];
  for (const a of articles) {
    start.push(docs.length);
    for (const p of a.paragraphs)
      docs.push({ id: docs.length, text: p.text, section: p.section ?? '', title: a.title });
  }
  return { start, docs };
}

/** The change from one sorted article list to the next (an article kept is the same object). */
function changeOf(before: Article[], after: Article[]): SearchChange {
  const old = docsOf(before);
  const next = docsOf(after);
  const at = new Map(after.map((a, i) => [a, i]));
  const moved = new Int32Array(old.docs.length).fill(-1);
  const removed: SearchDoc[] = [];
  before.forEach((a, i) => {
    const j = at.get(a);
    a.paragraphs.forEach((_, k) => {
      const pos = old.start[i]! + k;
      if (j === undefined) removed.push(old.docs[pos]!);
      else moved[pos] = next.start[j]! + k;
    });
  });
  const kept = new Set(before);
  const added = after.flatMap((a, j) =>
    kept.has(a) ? [] : a.paragraphs.map((_, k) => next.docs[next.start[j]! + k]!),
  );
  return { removed, moved, added };
}

/** The changed search as an index around the fresh build's other tables. */
const changedIndex = (search: SearchIndex<SearchDoc>, fresh: DossierIndex): DossierIndex =>
  assembleIndex({ ...fresh, paragraphs: fresh.articles.flatMap((a) => a.paragraphs), search });

const QUERIES = [
  'putin',
  'summit',
  'biden putin summit',
  'negotiation sanctions border',
  'pution', // typo
  'negotation ceasefre', // typos of longer words
  'zirconia lattice',
  'zeppelin putin', // one only in titles
  'quixotic summit', // one only in a section
  'putin zeppelin quokka unknownword', // OR fallback
  'macron diplomacy ukraine kremlin lavrov blinken',
  'biden sum', // prefix with prefixLast
  'emb',
];
const OPTIONS: SearchOptions[] = [
  {},
  { limit: 3 },
  { limit: 5, recall: true },
  { recall: true },
  { prefixLast: true },
  { minCoverage: 0.25 },
  { alternatives: [['putin', 'poutine', 'vladimir']] },
];

const shape = (r: SearchResult) => ({
  terms: r.terms,
  empty: r.empty,
  hits: r.hits.map((h) => [h.pos, h.score, h.coverage, h.matched, h.queryTerms, h.textTerms]),
});

/** The tree node by node (keys in order), each term's postings by position. */
function treeDump(s: SearchIndex<SearchDoc>): string[] {
  const out: string[] = [];
  const walk = (node: TermTree) => {
    out.push([...node.keys()].join('|'));
    for (const [key, value] of node) {
      if (key !== LEAF) walk(value as TermTree);
      else
        for (const [field, postings] of value as FieldPostings) {
          const pairs = [...postings].map(([id, tf]) => [s._documentIds.get(id)!, tf]);
          out.push(`${field}:${JSON.stringify(pairs.sort((a, b) => a[0]! - b[0]!))}`);
        }
    }
  };
  walk(s._index._tree);
  return out;
}

function expectSameState(changed: SearchIndex<SearchDoc>, fresh: SearchIndex<SearchDoc>, peak: number): void {
  expect(changed._documentCount).toBe(fresh._documentCount);
  expect(changed._dirtCount).toBe(0);
  expect(changed._avgFieldLength).toEqual(fresh._avgFieldLength);
  const ascending = (xs: Iterable<number>) => [...xs].sort((a, b) => a - b);
  expect(ascending(changed._documentIds.values())).toEqual([...fresh._documentIds.values()]);
  expect(ascending(changed._idToShortId.keys())).toEqual([...fresh._idToShortId.keys()]);
  expect(changed._fieldLength.size).toBe(fresh._fieldLength.size);
  for (const [pos, shortId] of changed._idToShortId) {
    expect(changed._documentIds.get(shortId)).toBe(pos);
    expect(changed._fieldLength.get(shortId)).toEqual(fresh._fieldLength.get(pos));
  }
  // Short ids freed by removals are taken again: they stay below the most documents held at once.
  expect(changed._nextId).toBeLessThanOrEqual(peak);
  expect(treeDump(changed)).toEqual(treeDump(fresh));
}

function expectSameAnswers(changed: DossierIndex, fresh: DossierIndex): void {
  const allow = new Uint8Array(fresh.paragraphs.length).map((_, i) => (i % 3 === 0 ? 0 : 1));
  // Not vacuous: each query finds something in the fresh build.
  for (const q of QUERIES)
    expect(searchParagraphs(fresh, q, { prefixLast: true }).hits.length, q).toBeGreaterThan(0);
  for (const q of QUERIES) {
    for (const opts of [...OPTIONS, { allow }, { allow, limit: 3 }]) {
      const what = `${q} ${JSON.stringify({ ...opts, allow: !!opts.allow })}`;
      expect(shape(searchParagraphs(changed, q, opts)), what).toEqual(
        shape(searchParagraphs(fresh, q, opts)),
      );
      expect(shape(searchParagraphsReference(changed, q, opts)), what).toEqual(
        shape(searchParagraphsReference(fresh, q, opts)),
      );
    }
  }
  for (const input of ['pu', 'sum', 'biden sum', 'negot', 'zirc', 'negotation', 'putin ukr'])
    expect(completeTerms(changed, input, 8), input).toEqual(completeTerms(fresh, input, 8));
  for (const word of ['putin', 'summitz', 'negotiatons', 'zircon'])
    expect(nearTerms(changed, word, 2), word).toEqual(nearTerms(fresh, word, 2));
  expect(run(paragraphTerms(changed))).toEqual(run(paragraphTerms(fresh)));
}

function expectSameTables(changed: DossierIndex, fresh: DossierIndex): void {
  warmAnswerTablesNow(changed);
  warmAnswerTablesNow(fresh);
  for (const table of declaredTables()) {
    // The core holds its index; field lengths are by short id (compared by position below).
    if (table.name === 'search core' || table.name === 'field lengths') continue;
    expect(table.peek(changed), table.name).toEqual(table.peek(fresh));
  }
  const [a, b] = [coreOf(changed)!, coreOf(fresh)!];
  expect(a.fields).toEqual(b.fields);
  const [la, lb] = [fieldLengths(a), fieldLengths(b)];
  for (const [pos, shortId] of changed.search._idToShortId)
    for (let f = 0; f < la.length; f++) expect(la[f]![shortId]).toBe(lb[f]![pos]);
}

async function runSequence(seed: number, steps: number, startSaved: boolean): Promise<void> {
  const rand = rng(seed);
  const seedArticles = (await seeds()).articles;
  let folder: Article[] = [...seedArticles];
  let made = 0;
  const newId = () => `gen-${String(Math.floor(rand() * 1000)).padStart(3, '0')}-${made++}`;
  for (let i = 0; i < 30; i++) folder.push(generated(rand, newId(), folder));
  folder.sort(byFile);
  const first = buildIndex({ articles: folder, errors: [] });
  let search = first.search;
  if (startSaved) {
    const loaded = await decodeSaved(encodeIndex(first, 'h'), 'h');
    if (!loaded.ok) throw new Error(loaded.detail);
    search = loaded.index.search;
  }
  let peak = first.paragraphs.length;
  for (let step = 1; step <= steps; step++) {
    const r = rand();
    const next = [...folder];
    if (r < 0.4 || next.length < 10) next.push(generated(rand, newId(), next));
    else if (r < 0.7) next.splice(Math.floor(rand() * next.length), 1);
    else {
      const at = Math.floor(rand() * next.length);
      const old = next[at]!;
      next[at] = { ...generated(rand, old.id, next), file: old.file };
    }
    next.sort(byFile);
    const change = changeOf(folder, next);
    peak = Math.max(
      peak,
      change.moved.length,
      change.moved.length - change.removed.length + change.added.length,
    );
    // Every other step with the added documents' terms looked up ahead, as a store's change has them.
    if (step % 2 === 0) change.ahead = readAhead(search, change.added);
    // As a store changes it: the postings to write made Maps ahead (every third step), and those
    // written packed again after (two steps in three).
    if (step % 3 === 0) run(materializeAhead(search, [...change.removed, ...change.added]));
    // Half the steps with the documents' tokens and terms worked out ahead, as a store's change has them.
    if (step % 4 < 2) change.made = run(madeAhead(search, [...change.removed, ...change.added]));
    // Every fifth step with the free short ids looked for ahead, as a store's change has them.
    if (step % 5 === 0) change.holes = run(freeIdsAhead(search, change.added.length));
    const { touched } = changeSearch(search, change);
    if (step % 3 !== 1) run(repackTerms(search, touched));
    folder = next;
    if (step % 50 === 0 || step === steps) {
      const fresh = buildIndex({ articles: folder, errors: [] });
      const changed = changedIndex(search, fresh);
      const where = `seed ${seed}, step ${step}`;
      expect(fresh.paragraphs.length, where).toBe(changed.paragraphs.length);
      expectSameState(search, fresh.search, peak);
      expectSameAnswers(changed, fresh);
      expectSameTables(changed, fresh);
    }
  }
}

/** The added documents' terms the tree holds, as a store's change looks them up ahead. */
const readAhead = (search: SearchIndex<SearchDoc>, added: SearchDoc[]) =>
  inTree(search, run(madeAhead(search, added)).all);
/** The postings the documents' terms will be written to, made Maps ahead, as a store's change does. */
const materializeAhead = (search: SearchIndex<SearchDoc>, docs: SearchDoc[]) =>
  materializeTerms(search, run(madeAhead(search, docs)).all);

describe('a search changed in place (changeSearch)', () => {
  it('answers as a fresh build after 200 random adds, removes and replaces', async () => {
    await runSequence(19, 200, false);
  }, 120_000);

  it('does so too when the search was loaded from a saved file', async () => {
    await runSequence(7, 100, true);
  }, 120_000);

  it('gives added documents the same free short ids with the holes looked for ahead', async () => {
    const base = (await seeds()).articles;
    const rand = rng(11);
    const extra = Array.from({ length: 6 }, (_, i) => generated(rand, `gen-hole-${i}`, base));
    const folder = [...base, ...extra].sort(byFile);
    // Two searches alike; from each the six extra articles go, then three come back in one change.
    const [a, b] = [0, 1].map(() => buildIndex({ articles: folder, errors: [] }).search);
    const fewer = [...base, ...extra.slice(0, 1)].sort(byFile);
    const more = [...base, ...extra.slice(0, 4)].sort(byFile);
    changeSearch(a!, changeOf(folder, base));
    changeSearch(b!, changeOf(folder, base));
    changeSearch(a!, changeOf(base, fewer));
    changeSearch(b!, changeOf(base, fewer));
    const ahead = changeOf(fewer, more);
    ahead.holes = run(freeIdsAhead(a!, ahead.added.length));
    expect(ahead.holes.length).toBeGreaterThan(0);
    changeSearch(a!, ahead);
    changeSearch(b!, changeOf(fewer, more));
    expect([...a!._idToShortId]).toEqual([...b!._idToShortId]);
  });

  it('puts back the words only a replaced article held, with its terms looked up ahead', async () => {
    const base = (await seeds()).articles;
    const text = 'Zymurgists convened quixotically in Vrbnik.';
    const only: Article = {
      id: 'only',
      file: 'only.md',
      title: 'Zymurgy',
      paragraphs: [{ articleId: 'only', n: 1, text, sentences: [text] }],
    };
    const folder = [...base, only].sort(byFile);
    const built = buildIndex({ articles: folder, errors: [] });
    // The same article again (another object, so replaced): its words go with the removal, and
    // the postings looked up before it are no longer the tree's.
    const next = folder.map((a) => (a === only ? { ...only } : a));
    const change = changeOf(folder, next);
    change.ahead = readAhead(built.search, change.added);
    expect(change.ahead.has('zymurgist')).toBe(true);
    changeSearch(built.search, change);
    const fresh = buildIndex({ articles: next, errors: [] });
    expectSameState(built.search, fresh.search, Infinity);
    expect(built.search.search('zymurgists vrbnik').map((r) => r.id)).toEqual(
      fresh.search.search('zymurgists vrbnik').map((r) => r.id),
    );
  });

  it('packs again the postings a change wrote, and answers as a fresh build', async () => {
    // A word in enough paragraphs to be kept packed (70).
    const many = Array.from({ length: 70 }, (_, i) => `Delegates met at the summit on day ${i + 1}.`);
    const long: Article = {
      id: 'long',
      file: 'long.md',
      title: 'Days',
      paragraphs: many.map((t, i) => ({ articleId: 'long', n: i + 1, text: t, sentences: [t] })),
    };
    const folder = [...(await seeds()).articles, long].sort(byFile);
    const built = buildIndex({ articles: folder, errors: [] });
    const loaded = await decodeSaved(encodeIndex(built, 'h'), 'h');
    if (!loaded.ok) throw new Error(loaded.detail);
    const search = loaded.index.search;
    const postings = (term: string) => [...search._index.get(term)!.values()][0] as unknown as PackedFreqs;
    expect(postings('summit')).toBeInstanceOf(PackedFreqs);
    expect(postings('summit').size).toBeGreaterThanOrEqual(70);
    expect(postings('summit').plain).toBe(false);
    const text = 'The zymurgists met the press in Vrbnik on the day of the summit.';
    const added: Article = {
      id: 'added',
      file: 'zz-added.md',
      title: 'The zymurgy',
      paragraphs: [{ articleId: 'added', n: 1, text, sentences: [text] }],
    };
    const next = [...folder, added].sort(byFile);
    const change = changeOf(folder, next);
    run(materializeAhead(search, change.added));
    expect(postings('summit').plain).toBe(true); // made a Map before the change's one step
    const { touched } = changeSearch(search, change);
    expect(touched).toEqual(expect.arrayContaining(['zymurgist', 'summit']));
    run(repackTerms(search, touched));
    const packed = postings('summit');
    expect(packed.plain).toBe(false);
    const { words, start, n } = packed.pairs()!;
    const ids = Array.from({ length: n }, (_, i) => words[start + 2 * i]!);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const fresh = buildIndex({ articles: next, errors: [] });
    expectSameState(search, fresh.search, Infinity);
    const changed = changedIndex(search, fresh);
    for (const q of ['summit', 'delegates summit day', 'zymurgists', 'summit press vrbnik', 'sumit']) {
      for (const opts of OPTIONS) {
        const found = shape(searchParagraphs(fresh, q, opts));
        expect(found.hits.length, q).toBeGreaterThan(0);
        expect(shape(searchParagraphs(changed, q, opts)), q).toEqual(found);
      }
    }
  });

  it('refuses a change that does not fit the index, changing nothing', async () => {
    const built = buildIndex({ articles: (await seeds()).articles, errors: [] });
    const before = treeDump(built.search);
    const n = built.paragraphs.length;
    const doc = (id: number): SearchDoc => ({ id, text: 'x', section: '', title: 'y' });
    const identity = new Int32Array(n).map((_, i) => i);
    const bad: SearchChange[] = [
      { removed: [], moved: new Int32Array(n - 1), added: [] }, // wrong length
      { removed: [doc(0)], moved: identity, added: [] }, // removed but not marked so
      { removed: [], moved: identity.map((i) => (i === 0 ? -1 : i)), added: [] }, // marked but not removed
      { removed: [], moved: identity, added: [doc(0)] }, // position taken twice
      { removed: [], moved: identity, added: [doc(n + 1)] }, // a gap at n
    ];
    for (const change of bad) expect(() => changeSearch(built.search, change)).toThrow();
    expect(treeDump(built.search)).toEqual(before);
    expect(built.search._documentCount).toBe(n);
  });

  it('is saved and loaded to an index that answers the same', async () => {
    const rand = rng(3);
    const base = (await seeds()).articles;
    const folder = [...base, ...Array.from({ length: 10 }, (_, i) => generated(rand, `g${i}`, base))].sort(
      byFile,
    );
    const built = buildIndex({ articles: folder, errors: [] });
    // Remove two articles, replace one, add two: short ids now have gaps and are out of order.
    const next = folder.filter((_, i) => i !== 1 && i !== 4);
    next[2] = { ...generated(rand, next[2]!.id, base), file: next[2]!.file };
    next.push(generated(rand, 'a-first', base), generated(rand, 'zz-last', base));
    next.sort(byFile);
    changeSearch(built.search, changeOf(folder, next));
    const fresh = buildIndex({ articles: next, errors: [] });
    const changed = changedIndex(built.search, fresh);
    const loaded = await decodeSaved(encodeIndex(changed, 'h'), 'h');
    if (!loaded.ok) throw new Error(loaded.detail);
    expectSameState(loaded.index.search, fresh.search, Infinity);
    expectSameAnswers(loaded.index, fresh);
  });
});
