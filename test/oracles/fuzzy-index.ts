/**
 * The plain fuzzy name dictionary: a deletion-neighbourhood index that finds near spellings without
 * comparing every pair (SymSpell's trick). The definition of what src/index/tables/fuzzy-index.ts (the
 * one entity clustering uses, which never builds the deletion strings) must return, in the same order;
 * test/index/fuzzy-index.test.ts checks both against each other.
 */
import { editDistance } from '../../src/index/edit-distance.js';
import { allowedEdits } from '../../src/index/tables/names.js';
import type { FuzzyIndex } from '../../src/index/tables/fuzzy-index.js';

/**
 * Calls `fn` with every string obtained from `s` by deleting up to `depth` (at most 2) characters,
 * `s` itself first, then one deletion at each position, then two at each pair of positions in order.
 * A string reached in more than one way (a run of equal letters) is passed again later; the first
 * time each string is passed follows the same order as a breadth-first search over deletions.
 */
function forEachDeletion(s: string, depth: number, fn: (variant: string) => void): void {
  fn(s);
  if (depth < 1) return;
  const n = s.length;
  for (let i = 0; i < n; i++) fn(s.slice(0, i) + s.slice(i + 1));
  if (depth < 2) return;
  for (let i = 0; i < n; i++) {
    const head = s.slice(0, i);
    for (let j = i + 1; j < n; j++) fn(head + s.slice(i + 1, j) + s.slice(j + 1));
  }
}

/**
 * Each stored key is indexed under its deletion variants, so a lookup costs O(len²) map probes
 * instead of a scan over every key; keys at equal distance come in the order the query's variants
 * reach them, then in insertion order.
 */
export function plainFuzzyIndex<T>(depth = 2): FuzzyIndex<T> {
  if (depth > 2) throw new Error('fuzzyIndex: depth is at most 2');
  const byKey = new Map<string, T[]>();
  // Deletion variant → the stored keys it comes from, in insertion order. Most variants come from a
  // single key, so that key is stored as it is; an array only when a second one shares the variant.
  const byDeletion = new Map<string, string | string[]>();
  // `near(key)` is usually followed by `add(key)` when nothing was near: its variants are kept for it.
  let lastKey: string | undefined;
  let lastDepth = -1;
  let lastVariants: string[] = [];
  const eachVariant = (key: string, d: number, fn: (variant: string) => void): void => {
    if (key === lastKey && d === lastDepth) {
      for (const v of lastVariants) fn(v);
      return;
    }
    const variants: string[] = [];
    forEachDeletion(key, d, (v) => {
      variants.push(v);
      fn(v);
    });
    lastKey = key;
    lastDepth = d;
    lastVariants = variants;
  };
  return {
    add(key, value) {
      const list = byKey.get(key);
      if (list) {
        if (!list.includes(value)) list.push(value);
        return;
      }
      byKey.set(key, [value]);
      if (key.length > 40) return; // sentences masquerading as names: exact lookups only
      eachVariant(key, Math.min(depth, allowedEdits(key.length)), (d) => {
        const seen = byDeletion.get(d);
        if (seen === undefined) byDeletion.set(d, key);
        else if (typeof seen === 'string') {
          if (seen !== key) byDeletion.set(d, [seen, key]);
        } else if (seen[seen.length - 1] !== key) seen.push(key); // this key's variants come together
      });
    },
    exact(key) {
      return byKey.get(key) ?? [];
    },
    near(key, maxEdits = allowedEdits(key.length)) {
      const max = Math.min(maxEdits, depth);
      const seen = new Set<string>();
      const out: { key: string; distance: number; values: T[] }[] = [];
      if (key.length > 40) return out;
      const consider = (candidate: string): void => {
        if (seen.has(candidate)) return;
        seen.add(candidate);
        const limit = Math.min(max, allowedEdits(Math.min(candidate.length, key.length)));
        const distance = editDistance(key, candidate, limit);
        if (distance <= limit) out.push({ key: candidate, distance, values: byKey.get(candidate) ?? [] });
      };
      eachVariant(key, max, (d) => {
        const keys = byDeletion.get(d);
        if (keys === undefined) return;
        if (typeof keys === 'string') consider(keys);
        else for (const candidate of keys) consider(candidate);
      });
      return out.sort((x, y) => x.distance - y.distance);
    },
  };
}
