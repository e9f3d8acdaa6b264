/**
 * String helpers shared by the entity, quote and lookup code: folding (case, diacritics,
 * apostrophes) and a deletion-neighbourhood index that finds near spellings without comparing every pair (SymSpell's trick), so merging stays roughly
 * linear in the number of distinct names.
 */
import { editDistance } from '../edit-distance.js';

// Printable ASCII words separated by single spaces, without a backtick: nothing for fold to do but
// lowercase (no diacritics, curly quotes, dashes or runs of whitespace). Most words are like this.
const PLAIN_ASCII = /^[!-_a-~]+(?: [!-_a-~]+)*$/;
const HAS_UPPER = /[A-Z]/;
/** Combining marks left by NFKD: the accents of "Élysée". */
const COMBINING_MARKS = /\p{M}+/gu;
const APOSTROPHE_LIKE = /[’‘`´]/g;
/** Hyphen, non-breaking hyphen, figure dash, en dash, em dash. */
const DASH_LIKE = /[‐‑‒–—]/g;
const WHITESPACE_RUNS = /\s+/g;

/** Lowercase, strip diacritics, unify apostrophes and dashes, collapse spaces. "Élysée" → "elysee". */
export function fold(s: string): string {
  if (PLAIN_ASCII.test(s)) return HAS_UPPER.test(s) ? s.toLowerCase() : s;
  return s
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(APOSTROPHE_LIKE, "'")
    .replace(DASH_LIKE, '-')
    .toLowerCase()
    .replace(WHITESPACE_RUNS, ' ')
    .trim();
}

const NON_ALPHANUMERIC_RUNS = /[^\p{L}\p{N}]+/gu;
const EDGE_HYPHENS = /^-+|-+$/g;

/** `person:dmitry-peskov`-style slug of a folded name. */
export function slug(s: string): string {
  return fold(s).replace(NON_ALPHANUMERIC_RUNS, '-').replace(EDGE_HYPHENS, '') || 'x';
}

const POSSESSIVE_ENDING = /['’]s$/u;

/** Drops an English possessive ending: "Macron’s" → "Macron", "Kyiv's" → "Kyiv", "Reuters’" stays. */
export function stripPossessive(word: string): string {
  return word.replace(POSSESSIVE_ENDING, '');
}

/**
 * How many edits a name of this length may differ by and still count as the same name.
 * Short names must match exactly ("Iran" is not "Iraq"); "Byden"/"Biden" (5) or "Blingen"/"Blinken"
 * (7) allow one; long transliterations ("Zhelensky"/"Zelenskyy", 9+) allow two.
 */
export function allowedEdits(length: number): number {
  if (length < 5) return 0;
  if (length < 9) return 1;
  return 2;
}

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
 * A fuzzy dictionary from folded keys to values. `near(key)` returns the stored keys within
 * `allowedEdits` of `key`, best first. Each stored key is indexed under its deletion variants, so a
 * lookup costs O(len²) map probes instead of a scan over every key.
 */
export interface FuzzyIndex<T> {
  add(key: string, value: T): void;
  exact(key: string): T[];
  near(key: string, maxEdits?: number): { key: string; distance: number; values: T[] }[];
}

export function fuzzyIndex<T>(depth = 2): FuzzyIndex<T> {
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

/**
 * A crude consonant skeleton for first names, so MT garbles of the same name ("Cho"/"Joe",
 * "Sergei"/"Sergey") compare equal while different names ("Jill"/"Joe", "Hunter"/"Joe") do not.
 * Soundex-like classes, but the first letter is classed too (Soundex keeps it literally).
 */
export function nameSkeleton(name: string): string {
  const classes: Record<string, string> = {
    b: '1',
    f: '1',
    p: '1',
    v: '1',
    c: '2',
    g: '2',
    j: '2',
    k: '2',
    q: '2',
    s: '2',
    x: '2',
    z: '2',
    d: '3',
    t: '3',
    l: '4',
    m: '5',
    n: '5',
    r: '6',
  };
  let out = '';
  for (const ch of fold(name)) {
    const c = classes[ch];
    if (c && !out.endsWith(c)) out += c;
  }
  return out;
}
