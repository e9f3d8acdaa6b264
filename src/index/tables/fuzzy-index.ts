/**
 * The fuzzy name dictionary that entity clustering merges spellings with ("Blingen" / "Blinken"):
 * the accelerated sibling of the plain deletion-neighbourhood index in test/oracles/fuzzy-index.ts,
 * which is the definition to read; test/index/fuzzy-index.test.ts checks that both give the same
 * answers in the same order.
 *
 * The plain index stores every string obtained from a key by deleting up to two characters (SymSpell's
 * trick) and looks up a query's own deletions: ~L²/2 new strings per key, most of the time of
 * clustering a large corpus. Here a deletion is never built: its polynomial hash is computed from the
 * key's prefix hashes in O(1), and the (hash, key) pairs live in flat typed arrays. A hash is only a
 * hint: each key it points to is checked to really contain the deletion (a subsequence test), so the
 * keys found, and the order they are found in, are exactly the plain index's.
 */
import { editDistance } from '../edit-distance.js';
import { allowedEdits } from './names.js';

/**
 * A fuzzy dictionary from folded keys to values. `near(key)` returns the stored keys within
 * `allowedEdits` of `key`, best first; keys at the same distance in the order the plain index finds
 * them (by the query's deletion that reaches them first, then by when they were added).
 */
export interface FuzzyIndex<T> {
  add(key: string, value: T): void;
  exact(key: string): T[];
  near(key: string, maxEdits?: number): { key: string; distance: number; values: T[] }[];
}

/** Longer keys are sentences masquerading as names: exact lookups only. */
const MAX_FUZZY_LENGTH = 40;
const BASE = 0x01000193;
const POW = new Int32Array(MAX_FUZZY_LENGTH + 2);
POW[0] = 1;
for (let k = 1; k < POW.length; k++) POW[k] = Math.imul(POW[k - 1]!, BASE);

/** Prefix hashes of the key being hashed: `prefix[k]` hashes its first k characters. */
const prefix = new Int32Array(MAX_FUZZY_LENGTH + 1);
/** Hash of the characters [a, b) of the key being hashed. */
const part = (a: number, b: number): number => (prefix[b]! - Math.imul(prefix[a]!, POW[b - a]!)) | 0;

/** Final hash of a deletion of `length` characters: the polynomial hash, its length, bits mixed. */
function finish(h: number, length: number): number {
  let x = (h ^ Math.imul(length, 0x9e3779b1)) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}

const MAX_DELETIONS = 1 + MAX_FUZZY_LENGTH + (MAX_FUZZY_LENGTH * (MAX_FUZZY_LENGTH - 1)) / 2;
/** The last key's deletions: their hashes, and the deleted positions as (i + 1) * 64 + (j + 1). */
const deletionHash = new Int32Array(MAX_DELETIONS);
const deletionCut = new Int32Array(MAX_DELETIONS);
// `near(key)` is usually followed by `add(key)` when nothing was near: the same deletions.
let hashedKey: string | undefined;
let hashedDepth = -1;
let hashedCount = 0;

/**
 * Hashes every deletion of up to `depth` (≤ 2) characters of `s` into `deletionHash`/`deletionCut`
 * and returns how many, in the plain index's order: `s` itself, one deletion at each position, then
 * two at each pair of positions.
 */
function hashDeletions(s: string, depth: number): number {
  if (s === hashedKey && depth === hashedDepth) return hashedCount;
  const n = s.length;
  for (let k = 0; k < n; k++) prefix[k + 1] = (Math.imul(prefix[k]!, BASE) + s.charCodeAt(k)) | 0;
  deletionHash[0] = finish(prefix[n]!, n);
  deletionCut[0] = 0;
  let count = 1;
  if (depth >= 1) {
    for (let i = 0; i < n; i++) {
      deletionHash[count] = finish((Math.imul(prefix[i]!, POW[n - 1 - i]!) + part(i + 1, n)) | 0, n - 1);
      deletionCut[count++] = (i + 1) * 64;
    }
  }
  if (depth >= 2) {
    for (let i = 0; i < n; i++) {
      const head = prefix[i]!;
      for (let j = i + 1; j < n; j++) {
        const h =
          Math.imul(head, POW[n - 2 - i]!) + Math.imul(part(i + 1, j), POW[n - 1 - j]!) + part(j + 1, n);
        deletionHash[count] = finish(h | 0, n - 2);
        deletionCut[count++] = (i + 1) * 64 + j + 1;
      }
    }
  }
  hashedKey = s;
  hashedDepth = depth;
  hashedCount = count;
  return count;
}

/** Whether `q` without the characters at `cut` (see `deletionCut`) is `c` with at most `depth` deleted. */
function isDeletionOf(q: string, cut: number, c: string, depth: number): boolean {
  const i = (cut >> 6) - 1;
  const j = (cut & 63) - 1;
  const m = q.length - (i >= 0 ? 1 : 0) - (j >= 0 ? 1 : 0);
  const extra = c.length - m;
  if (extra < 0 || extra > depth) return false;
  let at = 0;
  for (let k = 0; k < q.length; k++) {
    if (k === i || k === j) continue;
    const ch = q.charCodeAt(k);
    while (at < c.length && c.charCodeAt(at) !== ch) at++;
    if (at === c.length) return false;
    at++;
  }
  return true;
}

/** Whether a key is looked up fuzzily: not when longer than 40 characters. */
const fuzzy = (key: string): boolean => key.length <= MAX_FUZZY_LENGTH;

/**
 * Entries are (hash, key id, next entry in the slot) triples; slots are (first, last entry) pairs.
 * Entry 0 is never used, so 0 means none and fresh (zeroed) arrays need no filling.
 */
const ENTRY = 3;

/** How many deletions of up to `depth` characters a key of `length` characters is stored under. */
function deletionCount(length: number, depth: number): number {
  if (length > MAX_FUZZY_LENGTH) return 0;
  const d = Math.min(depth, allowedEdits(length));
  return 1 + (d >= 1 ? length : 0) + (d >= 2 ? (length * (length - 1)) / 2 : 0);
}

/**
 * An empty index. `sizeFor`: keys that may be added, to size it up front (a large index rebuilt as
 * it doubles spends a quarter of its time doing so); it grows past that as needed.
 */
export function fuzzyIndex<T>(depth = 2, sizeFor: Iterable<string> = []): FuzzyIndex<T> {
  return hashedIndex<T>(depth, sizeFor);
}

/** A key `near` found: its distance and the query's deletion that reached it first (see `NearMemo`). */
interface Hit {
  key: string;
  distance: number;
  at: number;
}

/** A fuzzy index that also tells which of the query's deletions reached each key found. */
interface HashedIndex<T> extends FuzzyIndex<T> {
  hits(key: string, maxEdits?: number): Hit[];
}

function hashedIndex<T>(depth: number, sizeFor: Iterable<string>): HashedIndex<T> {
  if (depth > 2) throw new Error('fuzzyIndex: depth is at most 2');
  const byKey = new Map<string, T[]>();
  const keys: string[] = [];
  const keyValues: T[][] = [];
  let expected = 0;
  for (const k of sizeFor) expected += deletionCount(k.length, depth);
  // (hash, key id) pairs chained per slot in insertion order, so the keys sharing a deletion come
  // in the order they were added, as in the plain index's lists. Each entry's fields, and each
  // slot's ends, sit side by side: a large index is walked at random, one cache miss per step.
  let capacity = Math.max(1024, expected + 1);
  let entry = new Int32Array(capacity * ENTRY);
  let entries = 1;
  // At most one entry per slot on average.
  let slotCount = 1024;
  while (slotCount < capacity) slotCount *= 2;
  let slots = new Int32Array(slotCount * 2);
  let mask = slotCount - 1;
  // Keys already found by the current `near` call: `seenAt[id] === stamp` (no Set per call).
  let seenAt = new Int32Array(256);
  let stamp = 0;

  const link = (e: number, hash: number): void => {
    const at = e * ENTRY;
    entry[at] = hash;
    entry[at + 2] = 0;
    const s = (hash & mask) * 2;
    const last = slots[s + 1]!;
    if (last === 0) slots[s] = e;
    else entry[last * ENTRY + 2] = e;
    slots[s + 1] = e;
  };
  const grow = (needed: number): void => {
    if (needed > capacity) {
      while (capacity < needed) capacity *= 2;
      const old = entry;
      entry = new Int32Array(capacity * ENTRY);
      entry.set(old);
    }
    if (needed > slotCount) {
      while (slotCount < needed) slotCount *= 2;
      slots = new Int32Array(slotCount * 2);
      mask = slotCount - 1;
      for (let e = 1; e < entries; e++) link(e, entry[e * ENTRY]!);
    }
  };

  return {
    add(key, value) {
      const list = byKey.get(key);
      if (list) {
        if (!list.includes(value)) list.push(value);
        return;
      }
      const values = [value];
      byKey.set(key, values);
      if (!fuzzy(key)) return;
      const id = keys.length;
      keys.push(key);
      keyValues.push(values);
      const count = hashDeletions(key, Math.min(depth, allowedEdits(key.length)));
      if (entries + count > capacity || entries + count > slotCount) grow(entries + count);
      const first = entries; // this key's entries are the ones from here on
      for (let v = 0; v < count; v++) {
        const hash = deletionHash[v]!;
        const last = slots[(hash & mask) * 2 + 1]!;
        if (last >= first && entry[last * ENTRY] === hash) continue; // "ll" in "allen"
        entry[entries * ENTRY + 1] = id;
        link(entries++, hash);
      }
    },
    exact(key) {
      return byKey.get(key) ?? [];
    },
    near(key, maxEdits) {
      return search(key, maxEdits).map(({ id, distance }) => ({
        key: keys[id]!,
        distance,
        values: keyValues[id]!,
      }));
    },
    hits(key, maxEdits) {
      return search(key, maxEdits).map(({ id, distance, at }) => ({ key: keys[id]!, distance, at }));
    },
  };

  /** The ids of the keys near `key`, closest first; equal distances in the order found. */
  function search(
    key: string,
    maxEdits = allowedEdits(key.length),
  ): { id: number; distance: number; at: number }[] {
    const max = Math.min(maxEdits, depth);
    const out: { id: number; distance: number; at: number }[] = [];
    if (!fuzzy(key)) return out;
    if (seenAt.length < keys.length) seenAt = new Int32Array(2 * keys.length);
    if (++stamp === 0x7fffffff) {
      seenAt.fill(0); // stamps start again
      stamp = 1;
    }
    const count = hashDeletions(key, max);
    for (let v = 0; v < count; v++) {
      const hash = deletionHash[v]!;
      for (let e = slots[(hash & mask) * 2]!; e > 0; e = entry[e * ENTRY + 2]!) {
        if (entry[e * ENTRY] !== hash) continue;
        const id = entry[e * ENTRY + 1]!;
        if (seenAt[id] === stamp) continue;
        const candidate = keys[id]!;
        const candidateDepth = Math.min(depth, allowedEdits(candidate.length));
        if (!isDeletionOf(key, deletionCut[v]!, candidate, candidateDepth)) continue; // a hash collision
        seenAt[id] = stamp;
        const limit = Math.min(max, allowedEdits(Math.min(candidate.length, key.length)));
        const distance = editDistance(key, candidate, limit);
        if (distance <= limit) out.push({ id, distance, at: v });
      }
    }
    return out.sort((x, y) => x.distance - y.distance);
  }
}

/**
 * Answers to `near` kept from one build's indexes to the next one's: entity clustering makes its
 * indexes anew for every corpus change, mostly with the same keys and the same lookups. `view()` is
 * an empty index whose lookups give what `fuzzyIndex(2)` given the same additions gives, in the same
 * order.
 *
 * Why: an index finds a stored key for a query at the query's deletion v exactly when the query
 * with the characters cut at v removed is the key with at most its allowed deletions (a hash only
 * points at the keys to check), and keeps it when their distance is within the limit; it lists the
 * keys found by distance, then by the deletion that reached them first, then by when they were added.
 * Only the last depends on the other keys stored. So the memo keeps every key any view was given
 * (`#all`) and, per query, the keys of `#all` it finds with their distance and deletion; a view
 * keeps those it holds and orders them by when it was given them. A key new to `#all` can only be
 * found by queries within two edits of it, which `#asked` (the queries answered) finds: their
 * answers are dropped, to be worked out again.
 */
export class NearMemo {
  #all = hashedIndex<true>(2, []);
  #asked = hashedIndex<true>(2, []);
  #answers = new Map<string, Hit[]>();

  view<T>(): FuzzyIndex<T> {
    const byKey = new Map<string, T[]>();
    const order = new Map<string, number>();
    return {
      add: (key, value) => {
        const list = byKey.get(key);
        if (list) {
          if (!list.includes(value)) list.push(value);
          return;
        }
        byKey.set(key, [value]);
        order.set(key, order.size);
        this.#learn(key);
      },
      exact: (key) => byKey.get(key) ?? [],
      near: (key, maxEdits) => {
        const found: { hit: Hit; values: T[] }[] = [];
        for (const hit of this.#hits(key, maxEdits)) {
          const values = byKey.get(hit.key);
          if (values) found.push({ hit, values });
        }
        if (found.length > 1) {
          found.sort(
            ({ hit: x }, { hit: y }) =>
              x.distance - y.distance || x.at - y.at || order.get(x.key)! - order.get(y.key)!,
          );
        }
        return found.map(({ hit, values }) => ({ key: hit.key, distance: hit.distance, values }));
      },
    };
  }

  /**
   * Adds keys that views may be given before a clustering gives them: a key learnt while queries
   * are answered drops the answers near it (`#learn`), so a clustering that learns its keys as it
   * goes (the first, with every key new) leaves few answers for the next. Keys never given to a
   * view cost nothing but a little search time: a view keeps only the keys it holds.
   */
  learn(keys: Iterable<string>): void {
    for (const key of keys) this.#learn(key);
  }

  /** Adds a key a view was given to `#all`, dropping the answers it may change. */
  #learn(key: string): void {
    if (this.#all.exact(key).length) return;
    this.#all.add(key, true);
    for (const q of this.#asked.near(key, 2)) this.#answers.delete(q.key);
  }

  /** The keys of `#all` near `key`; kept for the usual `maxEdits` (the one `#asked` is right for). */
  #hits(key: string, maxEdits?: number): Hit[] {
    if (maxEdits !== undefined && maxEdits !== allowedEdits(key.length)) return this.#all.hits(key, maxEdits);
    let hits = this.#answers.get(key);
    if (!hits) {
      this.#answers.set(key, (hits = this.#all.hits(key)));
      this.#asked.add(key, true);
    }
    return hits;
  }
}
