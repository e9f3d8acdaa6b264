/** Small text helpers shared by the ingestion steps. */

// Zero-width characters and the BOM survive copy-paste from web pages and break exact matching.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
// Control characters other than tab and newline are never article text (they come from binary junk).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

// Anything collapseWhitespace would change inside a line: an invisible or control character, or
// whitespace other than a lone space. (Whitespace at either end is checked by character code.) Most
// lines have none and are returned as they are: one scan instead of three replaces and a trim.
// eslint-disable-next-line no-control-regex
const NEEDS_COLLAPSE = /[\u0000-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF]|[^\S ]| {2}/;
const WHITESPACE_RUN = /\s+/gu;

/** The characters `\s` and `trim()` treat as whitespace. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** One line of text: invisible and control characters removed, any run of whitespace made one space. */
export function collapseWhitespace(text: string): string {
  if (
    text.length > 0 &&
    !isSpace(text.charCodeAt(0)) &&
    !isSpace(text.charCodeAt(text.length - 1)) &&
    !NEEDS_COLLAPSE.test(text)
  ) {
    return text;
  }
  return text.replace(INVISIBLE, '').replace(CONTROL, ' ').replace(WHITESPACE_RUN, ' ').trim();
}

/**
 * A comparison key: lowercase letters and digits only, single spaces. Used to recognise the same line
 * written with different quotes, dashes or spacing (a repeated headline, a pull quote).
 */
// ASCII plus the punctuation news text is full of (curly quotes, dashes, ellipsis, no-break space):
// NFKD leaves none of it a letter or digit, so the key is the lowercased ASCII letters and digits.
// eslint-disable-next-line no-control-regex
const PLAIN_PUNCTUATED = /^[\x00-\x7f\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2026]*$/;
const NOT_ASCII_LOWERCASE_OR_DIGIT_RUN = /[^a-z0-9]+/g;
/** Combining marks, left apart from their letters by NFKD ("é" → "e" + U+0301). */
const COMBINING_MARK = /\p{M}/gu;
const NON_ALPHANUMERIC_RUN = /[^\p{L}\p{N}]+/gu;

/** Text whose comparison key needs no Unicode normalisation (see comparable). */
export function isPlainText(text: string): boolean {
  return PLAIN_PUNCTUATED.test(text);
}

export function comparable(text: string): string {
  if (PLAIN_PUNCTUATED.test(text)) {
    return text
      .toLowerCase()
      .replace(NOT_ASCII_LOWERCASE_OR_DIGIT_RUN, ' ')
      .trim();
  }
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARK, '')
    .toLowerCase()
    .replace(NON_ALPHANUMERIC_RUN, ' ')
    .trim();
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu;

export function wordCount(text: string): number {
  const words = text.match(WORD);
  return words ? words.length : 0;
}

/** `wordCount(text) <= max`, counting no further than needed (a long paragraph stops early). */
export function atMostWords(text: string, max: number): boolean {
  WORD.lastIndex = 0;
  let n = 0;
  while (WORD.exec(text) !== null) {
    if (++n > max) {
      WORD.lastIndex = 0;
      return false;
    }
  }
  return true;
}

// Closing quotes and brackets that may follow the punctuation ending a sentence: `end.”`, `end.)`.
const CLOSERS = `"'”’»)\\]`;
const TERMINAL = new RegExp(`[.!?…。．！？][${CLOSERS}」』]*$`, 'u');

/** True when the text ends like a sentence (final `.`, `!`, `?`, `…` or a CJK full stop, possibly inside quotes). */
export function endsLikeSentence(text: string): boolean {
  return TERMINAL.test(text);
}

const LOWERCASE_START = /^\p{Ll}/u;

export function startsLowercase(text: string): boolean {
  return LOWERCASE_START.test(text);
}

/**
 * Every match of the global pattern `re` in `text`, as `text.matchAll(re)` gives them, read with
 * `re.exec` on `re` itself. `matchAll` (like `split`) runs a copy of the pattern, and a copy gets its
 * compiled code from V8's compilation cache, which drops a pattern after two full garbage
 * collections without a use: on a busy heap, every question recompiled its patterns (1–3 ms each
 * for one with Unicode property classes; 9 ms of a /where answer). `re` keeps its own code.
 * Eager, so no other use of `re` can run between two matches.
 */
export function matchesOf(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m);
    // An empty match: step over it (a whole code point under the u flag), as matchAll does.
    if (m[0] === '') re.lastIndex += re.unicode && (text.codePointAt(re.lastIndex) ?? 0) > 0xffff ? 2 : 1;
  }
  re.lastIndex = 0;
  return out;
}
