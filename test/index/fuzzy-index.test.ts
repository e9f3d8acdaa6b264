/**
 * The fuzzy name dictionary that merges spellings ("Blingen" / "Blinken"): against a brute-force scan,
 * and the hashed index against the plain one (test/oracles/fuzzy-index.ts), order included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/index/edit-distance.js';
import { allowedEdits } from '../../src/index/tables/names.js';
import { NearMemo, fuzzyIndex } from '../../src/index/tables/fuzzy-index.js';
import { plainFuzzyIndex } from '../oracles/fuzzy-index.js';

const key = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', 'e', 'n', 'k', ' '), maxLength: 12 }),
  fc.string({
    unit: fc.constantFrom('a', 'e', 'l', 'n', 'r', 's', 'v', ' ', 'é', '-'),
    minLength: 5,
    maxLength: 44,
  }),
);

/** `k` with up to two random edits (delete, insert, substitute, swap neighbours): near misses to look up. */
const edit = (k: string, ops: [number, number, string][]): string => {
  let s = k;
  for (const [kind, at, ch] of ops) {
    const i = s.length ? at % s.length : 0;
    if (kind === 0) s = s.slice(0, i) + s.slice(i + 1);
    else if (kind === 1) s = s.slice(0, i) + ch + s.slice(i);
    else if (kind === 2) s = s.slice(0, i) + ch + s.slice(i + 1);
    else if (i + 1 < s.length) s = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
  }
  return s;
};
const ops = fc.array(fc.tuple(fc.nat(3), fc.nat(50), fc.constantFrom('a', 'e', 'n', 'x')), { maxLength: 2 });

describe('fuzzyIndex', () => {
  it('near() finds exactly the stored keys within the allowed edits, closest first', () => {
    fc.assert(
      fc.property(
        fc.array(key, { maxLength: 40 }),
        fc.array(key, { maxLength: 10 }),
        fc.array(ops, { maxLength: 20 }),
        (stored, queries, edits) => {
          const index = fuzzyIndex<number>();
          stored.forEach((k, i) => index.add(k, i));
          const nearMisses = edits.map((e, i) => edit(stored[i % Math.max(1, stored.length)] ?? '', e));
          for (const q of [...queries, ...stored, ...nearMisses]) {
            const found = index.near(q);
            const expected = [...new Set(stored)].filter((k) => {
              if (q.length > 40 || k.length > 40) return false;
              const limit = Math.min(2, allowedEdits(Math.min(k.length, q.length)), allowedEdits(q.length));
              return editDistance(q, k, limit) <= limit;
            });
            expect(found.map((f) => f.key).sort()).toEqual([...expected].sort());
            for (let i = 1; i < found.length; i++)
              expect(found[i]!.distance).toBeGreaterThanOrEqual(found[i - 1]!.distance);
            for (const f of found) {
              expect(f.distance).toBe(editDistance(q, f.key));
              expect(f.values).toEqual(stored.flatMap((k, i) => (k === f.key ? [i] : [])));
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('near() gives what the plain index gives, equal distances in the same order', () => {
    // Keys a few edits from a handful of base words: many within two edits of each other, so equal
    // distances (whose order callers depend on: they take the first) and repeated variants abound.
    const base = fc.string({ unit: fc.constantFrom('a', 'b', 'n', 'k', 'é'), minLength: 3, maxLength: 14 });
    const family = fc
      .tuple(
        fc.array(base, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.nat(5), ops), { maxLength: 60 }),
      )
      .map(([bases, variants]) => variants.map(([b, e]) => edit(bases[b % bases.length]!, e)));
    fc.assert(
      fc.property(
        fc.oneof(family, fc.array(key, { maxLength: 40 })),
        fc.array(fc.oneof(base, key), { maxLength: 20 }),
        fc.array(ops, { maxLength: 20 }),
        fc.option(fc.nat(2), { nil: undefined }),
        (stored, queries, edits, maxEdits) => {
          const fast = fuzzyIndex<number>();
          const plain = plainFuzzyIndex<number>();
          const nearMisses = edits.map((e, i) => edit(stored[i % Math.max(1, stored.length)] ?? '', e));
          // Lookups between additions too, as clustering does (near, then add when nothing was near).
          stored.forEach((k, i) => {
            expect(fast.near(k, maxEdits)).toEqual(plain.near(k, maxEdits));
            fast.add(k, i % 7);
            plain.add(k, i % 7);
          });
          for (const q of [...queries, ...stored, ...nearMisses]) {
            expect(fast.near(q, maxEdits)).toEqual(plain.near(q, maxEdits));
            expect(fast.exact(q)).toEqual(plain.exact(q));
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a NearMemo view gives what a fresh index gives, build after build', () => {
    // Each build adds keys near the earlier builds' keys (and drops some), looking up as it goes:
    // answers kept from one build must still be right when keys come and go.
    const base = fc.string({ unit: fc.constantFrom('a', 'b', 'n', 'k', 'é'), minLength: 3, maxLength: 14 });
    const build = fc.tuple(
      fc.array(fc.tuple(fc.nat(5), ops), { maxLength: 30 }),
      fc.array(fc.oneof(base, key), { maxLength: 8 }),
      fc.option(fc.nat(2), { nil: undefined }),
    );
    fc.assert(
      fc.property(
        fc.array(base, { minLength: 1, maxLength: 3 }),
        fc.array(build, { minLength: 1, maxLength: 5 }),
        (bases, builds) => {
          const memo = new NearMemo();
          for (const [variants, queries, maxEdits] of builds) {
            const stored = variants.map(([b, e]) => edit(bases[b % bases.length]!, e));
            const view = memo.view<number>();
            const fresh = fuzzyIndex<number>();
            stored.forEach((k, i) => {
              expect(view.near(k)).toEqual(fresh.near(k));
              view.add(k, i % 7);
              fresh.add(k, i % 7);
            });
            for (const q of [...queries, ...stored]) {
              expect(view.near(q)).toEqual(fresh.near(q));
              expect(view.near(q, maxEdits)).toEqual(fresh.near(q, maxEdits));
              expect(view.exact(q)).toEqual(fresh.exact(q));
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('exact() returns every value added under the key, once each', () => {
    const index = fuzzyIndex<string>();
    index.add('peskov', 'a');
    index.add('peskov', 'b');
    index.add('peskov', 'a');
    expect(index.exact('peskov')).toEqual(['a', 'b']);
    expect(index.exact('peskow')).toEqual([]);
    expect(index.near('peskow').map((n) => n.key)).toEqual(['peskov']);
  });
});
