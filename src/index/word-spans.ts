/**
 * The word tokens of a text as spans, without making a string per word: the same tokens, in the same
 * places, as `words()` (src/index/terms.ts), whose pattern is
 *
 *     \p{N}+(?:[.,]\p{N}+)*  |  [\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*
 *
 * A token starting with a digit is a number (digit groups joined by `.` or `,`: "150,000", "2.5"; so
 * "3rd" is "3" then "rd"); any other starts with a letter or a mark and runs over letters, marks and
 * digits, with inner apostrophes before letters ("Ukraine’s", "O'Brien").
 *
 * For the checks that ask whether a sentence holds a few terms (answer/tokens.ts `heldCount`): most
 * of its words are skipped on their first letter, and a `match` of the whole sentence made a string
 * for each of them, a quarter of what the answerers allocated at 100k paragraphs.
 */

const OTHER = 1;
const LETTER = 2;
const MARK = 3;
const DIGIT = 4;

const IS_LETTER = /^\p{L}$/u;
const IS_MARK = /^\p{M}$/u;
const IS_DIGIT = /^\p{N}$/u;

/** Class of each UTF-16 code unit below 0x10000 met so far (0: not looked up yet). */
const unitClass = new Uint8Array(0x10000);
/** Class of code points above 0xFFFF (astral letters and digits are rare). */
const astralClass = new Map<number, number>();

function classify(ch: string): number {
  if (IS_LETTER.test(ch)) return LETTER;
  if (IS_MARK.test(ch)) return MARK;
  if (IS_DIGIT.test(ch)) return DIGIT;
  return OTHER;
}

for (let c = 0; c < 128; c++) unitClass[c] = classify(String.fromCharCode(c));

/** Whether a surrogate pair (one astral character) starts at `i`. */
function pairAt(text: string, i: number): boolean {
  const u = text.charCodeAt(i);
  if (u < 0xd800 || u > 0xdbff || i + 1 >= text.length) return false;
  const low = text.charCodeAt(i + 1);
  return low >= 0xdc00 && low <= 0xdfff;
}

/** The class of the character at `i` (an astral one whole, a lone surrogate as itself). */
function classAt(text: string, i: number): number {
  const u = text.charCodeAt(i);
  if (u < 128) return unitClass[u]!;
  if (pairAt(text, i)) {
    const cp = text.codePointAt(i)!;
    let cls = astralClass.get(cp);
    if (cls === undefined) astralClass.set(cp, (cls = classify(String.fromCodePoint(cp))));
    return cls;
  }
  let cls = unitClass[u]!;
  if (cls === 0) unitClass[u] = cls = classify(String.fromCharCode(u));
  return cls;
}

/** The length in code units of the character at `i`. */
function lengthAt(text: string, i: number): number {
  return pairAt(text, i) ? 2 : 1;
}

/**
 * End of a run of characters whose class is one of `a`, `b`, `c` (0 for none), from `i`. ASCII is
 * classed inline: most text is, and this loop is every sentence check's.
 */
function runEnd(text: string, i: number, a: number, b: number, c: number): number {
  const n = text.length;
  while (i < n) {
    const u = text.charCodeAt(i);
    const cls = u < 128 ? unitClass[u]! : classAt(text, i);
    if (cls !== a && cls !== b && cls !== c) break;
    i += u < 128 ? 1 : lengthAt(text, i);
  }
  return i;
}

const APOSTROPHE = 0x27;
const RIGHT_QUOTE = 0x2019;
const FULL_STOP = 0x2e;
const COMMA = 0x2c;

/** A word token's place in its text: filled in by `nextWordSpan` (one object reused, none per word). */
export interface WordSpan {
  start: number;
  end: number;
}

/**
 * The first word token of `text` at or after `from` into `span`; false when there is none. A loop
 * over it visits the tokens of `eachWordSpan` with no call back per word.
 */
export function nextWordSpan(text: string, from: number, span: WordSpan): boolean {
  let i = from;
  const n = text.length;
  while (i < n) {
    const u = text.charCodeAt(i);
    const cls = u < 128 ? unitClass[u]! : classAt(text, i);
    if (cls === OTHER) {
      i += u < 128 ? 1 : lengthAt(text, i);
      continue;
    }
    const start = i;
    if (cls === DIGIT) {
      i = runEnd(text, i, DIGIT, 0, 0);
      // Digit groups: `.` or `,` and more digits.
      while (i + 1 < n) {
        const sep = text.charCodeAt(i);
        if ((sep !== FULL_STOP && sep !== COMMA) || classAt(text, i + 1) !== DIGIT) break;
        i = runEnd(text, i + 1, DIGIT, 0, 0);
      }
    } else {
      i = runEnd(text, i, LETTER, MARK, DIGIT);
      // Inner apostrophes, each followed by letters or marks.
      while (i + 1 < n) {
        const q = text.charCodeAt(i);
        if (q !== APOSTROPHE && q !== RIGHT_QUOTE) break;
        const next = classAt(text, i + 1);
        if (next !== LETTER && next !== MARK) break;
        i = runEnd(text, i + 1, LETTER, MARK, 0);
      }
    }
    span.start = start;
    span.end = i;
    return true;
  }
  return false;
}

/**
 * Calls `visit(start, end)` for each word token of `text`, in order; stops when `visit` returns
 * true.
 */
export function eachWordSpan(text: string, visit: (start: number, end: number) => boolean | void): void {
  const span: WordSpan = { start: 0, end: 0 };
  for (let i = 0; nextWordSpan(text, i, span); i = span.end) if (visit(span.start, span.end) === true) return;
}
