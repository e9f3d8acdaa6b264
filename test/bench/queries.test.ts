/**
 * The bench's query set (bench/queries.ts) on the seed corpus: reproducible from its seed, derived
 * from the index (names from its entity table), and typo queries that really are one or two edits
 * away from a name whose paragraphs are their expected set.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildQuerySet, LATENCY_KINDS, typoRecall } from '../../bench/queries.js';
import { loadCorpus } from '../../src/corpus/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import type { DossierIndex } from '../../src/index/model.js';
import { levenshtein } from '../../src/index/edit-distance.js';
import { fold } from '../../src/index/terms.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('bench query set', () => {
  let index: DossierIndex;
  beforeAll(async () => {
    index = buildIndex(await loadCorpus(path.join(ROOT, 'test/fixtures/seed-corpus')));
  });

  it('is the same for the same seed and differs for another', () => {
    const a = buildQuerySet(index, { seed: 3, perKind: 10 });
    const b = buildQuerySet(index, { seed: 3, perKind: 10 });
    const c = buildQuerySet(index, { seed: 4, perKind: 10 });
    const texts = (s: typeof a) => LATENCY_KINDS.flatMap((k) => s.queries[k].map((q) => q.text));
    expect(texts(a)).toEqual(texts(b));
    expect(a.typos.map((t) => t.query)).toEqual(b.typos.map((t) => t.query));
    expect(texts(c)).not.toEqual(texts(a));
  });

  it('has distinct queries for every kind, who-queries named in the entity table', () => {
    const set = buildQuerySet(index, { seed: 7, perKind: 8 });
    const names = new Set(index.entities.map((e) => e.name));
    for (const k of LATENCY_KINDS) {
      const texts = set.queries[k].map((q) => `${q.command ?? ''}|${q.text.toLowerCase()}`);
      expect(texts.length, k).toBeGreaterThan(0);
      expect(new Set(texts).size, k).toBe(texts.length);
    }
    for (const q of set.queries.who) expect(names.has(q.text), q.text).toBe(true);
    for (const q of set.queries.autocomplete) expect(q.text.length).toBeGreaterThanOrEqual(3);
  });

  it('makes typo queries one or two edits from a name, with that name’s paragraphs expected', () => {
    const set = buildQuerySet(index, { seed: 7, typos: 20 });
    expect(set.typos.length).toBeGreaterThan(0);
    for (const t of set.typos) {
      const typed = fold(t.query.split(' ').at(-1)!);
      expect(levenshtein(typed, fold(t.name)), `${t.name} → ${t.query}`).toBe(t.edits);
      expect(t.expected.size).toBeGreaterThan(0);
      for (const pos of t.expected) expect(fold(index.paragraphs[pos]!.text)).toContain(fold(t.name));
    }
  });

  it('counts a typo query as found when any of its top 10 results is expected', () => {
    const [t] = buildQuerySet(index, { seed: 7, typos: 5 }).typos;
    const hit = [...t!.expected][0]!;
    const miss = index.paragraphs.findIndex((_, i) => !t!.expected.has(i));
    expect(typoRecall([t!], () => [[miss], [hit]])).toBe(1);
    expect(typoRecall([t!], () => [[miss]])).toBe(0);
    // Only the first 10 count.
    expect(typoRecall([t!], () => [...Array<number[]>(10).fill([miss]), [hit]])).toBe(0);
  });
});
