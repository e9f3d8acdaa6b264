/** Small text helpers shared by the ingestion steps. */

// Zero-width characters and the BOM survive copy-paste from web pages and break exact matching.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
// Control characters other than tab and newline are never article text (they come from binary junk).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

// Anything collapseWhitespace would change: an invisible or control character, a whitespace character
// other than a lone inner space, or whitespace at either end. Most lines have none, and are returned as
// they are (one scan instead of three replaces and a trim).
// eslint-disable-next-line no-control-regex
const NEEDS_COLLAPSE = /[\u200B-\u200D\u2060\uFEFF\u0000-\u001F\u007F-\u009F]|[^\S ]|\s\s|^\s|\s$/u;

/** One line of text: invisible and control characters removed, any run of whitespace made one space. */
export function collapseWhitespace(text: string): string {
  if (!NEEDS_COLLAPSE.test(text)) return text;
  return text.replace(INVISIBLE, '').replace(CONTROL, ' ').replace(/\s+/gu, ' ').trim();
}

/**
 * A comparison key: lowercase letters and digits only, single spaces. Used to recognise the same line
 * written with different quotes, dashes or spacing (a repeated headline, a pull quote).
 */
export function comparable(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function wordCount(text: string): number {
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu);
  return words ? words.length : 0;
}

// Closing quotes and brackets that may follow the punctuation ending a sentence: `end.”`, `end.)`.
const CLOSERS = `"'”’»)\\]`;
const TERMINAL = new RegExp(`[.!?…][${CLOSERS}]*$`, 'u');

/** True when the text ends like a sentence (final `.`, `!`, `?` or `…`, possibly inside quotes). */
export function endsLikeSentence(text: string): boolean {
  return TERMINAL.test(text);
}

export function startsLowercase(text: string): boolean {
  return /^\p{Ll}/u.test(text);
}
