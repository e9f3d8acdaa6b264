/**
 * Edit distances, all in one place. There are two, because two parts of the code need different ones:
 *
 * - Levenshtein (insert, delete or substitute a character): the distance MiniSearch's fuzzy search
 *   uses, so the search's own scan for terms near a word (src/index/search/vocabulary.ts) uses it
 *   too, to find exactly the terms MiniSearch would.
 * - Damerau-Levenshtein in its optimal-string-alignment form (the same, plus swapping two neighbouring
 *   characters as one edit): what matching names uses, since "Pesokv" for "Peskov" is one slip.
 *
 * Each comes first as a plain version, the definition to read, then as the fast versions the code
 * calls (bounded, giving up early, no allocation). test/index/edit-distance.test.ts checks that the
 * fast versions agree with the plain ones.
 */

/** The full table of distances between prefixes of `a` and `b`; `swaps` counts neighbour swaps as one edit. */
function distanceTable(a: string, b: string, swaps: boolean): number {
  // d[i][j]: the distance between a's first i characters and b's first j.
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const substitute = d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, substitute);
      if (swaps && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** Levenshtein distance: the fewest insertions, deletions and substitutions that turn `a` into `b`. */
export function levenshtein(a: string, b: string): number {
  return distanceTable(a, b, false);
}

/**
 * Optimal-string-alignment distance: Levenshtein plus swaps of two neighbouring characters, each
 * substring edited at most once ("ca" → "abc" is 3, not 2 as in unrestricted Damerau-Levenshtein).
 */
export function osaDistance(a: string, b: string): number {
  return distanceTable(a, b, true);
}

// ---------------------------------------------------------------------------------------------------
// The fast versions.

/** Two rows of working space for `levenshteinWithin`, grown as needed: one pair per scan of many terms. */
interface DistanceRows {
  a: Int32Array;
  b: Int32Array;
}

function distanceRows(): DistanceRows {
  return { a: new Int32Array(64), b: new Int32Array(64) };
}

/**
 * `levenshtein(a, b)`, or `max + 1` beyond `max`: two rows (`rows`, reused by a caller that compares
 * many terms: the search's near-term scan calls this for many terms per query word), given up as soon
 * as a whole row exceeds `max`.
 */
export function levenshteinWithin(a: string, b: string, max: number, rows = distanceRows()): number {
  const n = b.length;
  if (rows.a.length <= n) {
    rows.a = new Int32Array(2 * n + 2);
    rows.b = new Int32Array(2 * n + 2);
  }
  let prev = rows.a;
  let cur = rows.b;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const sub = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      const v = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[n]! <= max ? prev[n]! : max + 1;
}

/**
 * A word made ready to be compared with many terms (`levenshteinFrom`): for each character, the
 * positions that hold it, as bits. Words longer than 32 characters have none and are compared row by
 * row.
 */
export interface DistancePattern {
  word: string;
  /** Bits per character code below 128, and for the other characters. */
  ascii: Int32Array | undefined;
  other: Map<number, number>;
  rows: DistanceRows;
}

export function distancePattern(word: string): DistancePattern {
  const p: DistancePattern = { word, ascii: undefined, other: new Map(), rows: distanceRows() };
  if (word.length > 32) return p;
  const ascii = new Int32Array(128);
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 128) ascii[c]! |= 1 << i;
    else p.other.set(c, (p.other.get(c) ?? 0) | (1 << i));
  }
  p.ascii = ascii;
  return p;
}

/**
 * `levenshteinWithin(pattern.word, b, max)`, a column at a time in the bits of one integer (Myers'
 * bit-parallel algorithm, in Hyyrö's form for the edit distance): a few operations per character of
 * `b` instead of a row of the table, four times faster over the terms the search's near-term scan
 * compares. `score` is the distance from the whole word to the part of `b` read so far; it moves by
 * at most one per character, so once it exceeds `max` by more than the characters left, it is over.
 */
export function levenshteinFrom(p: DistancePattern, b: string, max: number): number {
  const m = p.word.length;
  const ascii = p.ascii;
  if (!ascii) return levenshteinWithin(p.word, b, max, p.rows);
  if (m === 0 || Math.abs(m - b.length) > max) return Math.min(Math.max(m, b.length), max + 1);
  const last = 1 << (m - 1);
  // Vertical differences in the column (all +1 at first: the distance from i characters to none is i).
  let pv = -1;
  let mv = 0;
  let score = m;
  const n = b.length;
  for (let j = 0; j < n; j++) {
    const c = b.charCodeAt(j);
    const eq = c < 128 ? ascii[c]! : (p.other.get(c) ?? 0);
    const xv = eq | mv;
    // The sum wraps at 32 bits as the algorithm wants (| 0).
    const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    if (ph & last) score++;
    else if (mh & last) score--;
    if (score - (n - 1 - j) > max) return max + 1;
    ph = (ph << 1) | 1;
    mh = mh << 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
  }
  return score <= max ? score : max + 1;
}

/**
 * `osaDistance(a, b)` when it is at most `max`; beyond `max`, some number above it (`max + 1` as soon
 * as the distance is known to exceed `max`: most names compared are far apart, so this keeps lookups
 * cheap). Without `max`, the distance itself.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** a[ai..] equals the first n characters of b from bi on. */
function sameRest(a: string, ai: number, b: string, bi: number, n: number): boolean {
  if (a.length - ai !== n - bi) return false;
  for (; ai < a.length; ai++, bi++) if (a.charCodeAt(ai) !== b.charCodeAt(bi)) return false;
  return true;
}

/**
 * `osaDistance(a, b.slice(0, n)) <= 1` without a table or a slice: `a` is within one edit
 * (substitution, insertion, deletion, swap of neighbours) of `b`'s first `n` characters.
 */
export function withinOneEdit(a: string, b: string, n: number): boolean {
  const la = a.length;
  if (n > b.length) n = b.length;
  if (la - n > 1 || n - la > 1) return false;
  let i = 0;
  while (i < la && i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === la && i === n) return true;
  // The rest must agree after skipping one character of a, of b, or of both (or swapping two).
  if (sameRest(a, i + 1, b, i, n) || sameRest(a, i, b, i + 1, n) || sameRest(a, i + 1, b, i + 1, n))
    return true;
  return (
    i + 1 < la &&
    i + 1 < n &&
    a.charCodeAt(i) === b.charCodeAt(i + 1) &&
    a.charCodeAt(i + 1) === b.charCodeAt(i) &&
    sameRest(a, i + 2, b, i + 2, n)
  );
}
