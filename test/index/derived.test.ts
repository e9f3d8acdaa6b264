/**
 * Tables derived from an index (src/index/derived.ts) are kept with that index: built once, on the
 * first `get` or by `warm`, never by `peek`; two indexes never share one; warming in slices gives
 * what `get` gives; every declared table is listed for warm-up.
 */
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build/build.js';
import { declaredTables, defineScratch, defineTable, run } from '../../src/index/derived.js';
import type { Article } from '../../src/corpus/types.js';

function article(id: string, texts: string[]): Article {
  return {
    id,
    file: `${id}.md`,
    title: `Article ${id}`,
    paragraphs: texts.map((text, i) => ({ articleId: id, n: i + 1, text, sentences: [text] })),
  };
}

const small = () =>
  buildIndex({ articles: [article('a', ['Talks in Geneva.', 'A vote on Friday.'])], errors: [] });

const large = () =>
  buildIndex({
    articles: [
      article(
        'b',
        Array.from({ length: 6 }, (_, i) => `Paragraph number ${i}.`),
      ),
    ],
    errors: [],
  });

let builds = 0;
/** Each paragraph's length, yielding after every paragraph; counts how often it is built. */
const lengths = defineTable('test: paragraph lengths', function* (index) {
  builds++;
  const out: number[] = [];
  for (const p of index.paragraphs) {
    out.push(p.text.length);
    yield;
  }
  return out;
});

describe('defineTable', () => {
  it('builds a table once per index, on the first get; peek never builds it', () => {
    const index = small();
    const before = builds;
    expect(lengths.peek(index)).toBeUndefined();
    expect(builds).toBe(before);
    const table = lengths.get(index);
    expect(table).toEqual([16, 17]);
    expect(lengths.get(index)).toBe(table);
    expect(lengths.peek(index)).toBe(table);
    expect(builds).toBe(before + 1);
  });

  it('keeps a table per index: two indexes of the same articles do not share one', () => {
    const one = small();
    const two = small();
    const first = lengths.get(one);
    expect(lengths.peek(two)).toBeUndefined();
    const second = lengths.get(two);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
  });

  it('warms in slices to the value get gives, and get then builds nothing', () => {
    const warmed = large();
    const steps = lengths.warm(warmed);
    let slices = 0;
    while (!steps.next().done) {
      slices++;
      expect(lengths.peek(warmed)).toBeUndefined();
    }
    expect(slices).toBe(6);
    const before = builds;
    expect(lengths.get(warmed)).toEqual(lengths.get(large()));
    expect(builds).toBe(before + 1);
    // Warming a built table does nothing.
    expect(run(lengths.warm(warmed))).toBeUndefined();
    expect(builds).toBe(before + 1);
  });

  it('keeps a value given with set instead of building one', () => {
    const index = small();
    const before = builds;
    lengths.set(index, [1, 2]);
    expect(lengths.get(index)).toEqual([1, 2]);
    expect(builds).toBe(before);
  });

  it('lists every declared table, in the order declared, for warm-up', () => {
    const names = declaredTables().map((t) => t.name);
    expect(names).toContain('test: paragraph lengths');
    const later = defineTable('test: declared later', function* () {
      yield;
      return 0;
    });
    expect(declaredTables().at(-1)).toBe(later);
  });
});

describe('defineScratch', () => {
  it('makes one working space per index, kept and changed by its user', () => {
    const counter = defineScratch('test: counter', () => ({ n: 0 }));
    const one = small();
    const two = small();
    counter.get(one).n++;
    counter.get(one).n++;
    expect(counter.get(one).n).toBe(2);
    expect(counter.get(two).n).toBe(0);
  });
});
