/**
 * String helpers shared by the entity, quote and lookup code: folding (case, diacritics,
 * apostrophes), slugs, and how many edits a name may differ by (fuzzy-index.ts finds near spellings).
 */
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
