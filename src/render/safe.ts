/**
 * Text safety for every surface: strip invisible/control characters, escape Markdown, defuse
 * mentions, truncate at a readable place, and highlight matched words without breaking the markup.
 * Surface-free on purpose (no Discord imports): the Discord renderer, and anything else that emits
 * Markdown, builds on these.
 *
 * Lengths are counted in UTF-16 code units (`string.length`). Discord counts characters (code
 * points), so a code-unit count is never smaller: staying within a limit here stays within it there.
 */

const ZWSP = '\u200B';

/**
 * C0/C1 controls except \t and \n, soft hyphen, Arabic letter mark, Mongolian vowel separator,
 * zero-width space/non-joiner/joiner, LRM/RLM, bidi embeddings/overrides/isolates, word joiner and
 * invisible operators, deprecated format chars, BOM, interlinear annotation marks.
 */
const CONTROL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/g;
/** A high surrogate without its low half, or a low surrogate without its high half. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Line breaks other than \n: \r\n, \r, U+2028 and U+2029. */
const OTHER_LINE_BREAK = /\r\n?|[\u2028\u2029]/g;

/**
 * Removes characters that are invisible or that change how the rest of the text is laid out:
 * NUL and the other C0/C1 controls (keeping \n and \t; \r\n, \r, U+2028 and U+2029 become \n),
 * bidi controls (so a title can't reverse the text after it), zero-width characters (so a mention
 * can't be hidden from `neutralizeMentions` or a word from a filter), and lone surrogates.
 */
export function stripControl(text: string): string {
  return text.replace(OTHER_LINE_BREAK, '\n').replace(CONTROL, '').replace(LONE_SURROGATE, '');
}

/** Characters Discord's Markdown gives a meaning to anywhere in a line. */
const MARKDOWN_SPECIAL = /[\\*_~`|>#\-[\]()]/g;
/** `1. text` at a line start becomes an ordered list. */
const ORDERED_LIST = /^(\s*\d+)\.(?=\s)/gm;

/**
 * Backslash-escapes every Markdown-significant character (`\ * _ ~ ` | > # - [ ] ( )`) and ordered
 * list markers, so text from users and articles can't open bold/italic/strike/spoilers/code,
 * start a quote, header, subtext or list, or form a masked link `[text](url)`.
 * Discord renders `\x` as `x` for any punctuation `x`, so the text reads the same.
 * Escaping every occurrence, not only the dangerous positions, is what keeps this simple enough to
 * trust: position-dependent rules (line starts, pairs) are where escapers go wrong.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, '\\$&').replace(ORDERED_LIST, '$1\\.');
}

/** `@everyone` / `@here`, any case. */
const MASS_MENTION = /@(everyone|here)/gi;
/** A `<` that opens a user/role/channel/slash-command mention or a guide link. */
const MENTION_OPENER = /<(?=[@#/]|id:)/gi;

/**
 * Inserts a zero-width space so `@everyone`, `@here` (any case), user/role/channel mentions
 * (`<@1>`, `<@!1>`, `<@&1>`, `<#1>`), slash-command mentions (`</cmd:1>`) and guide links
 * (`<id:customize>`) show as plain text. `allowed_mentions` already stops the pings; this also stops
 * the blue mention chips and keeps text safe wherever it is sent later.
 * Run it last: `stripControl` removes the zero-width spaces it adds.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(MASS_MENTION, `@${ZWSP}$1`).replace(MENTION_OPENER, `<${ZWSP}`);
}

/** Every safety step for text that will be shown as Markdown, in the only order that works. */
export function safeMarkdown(text: string): string {
  return neutralizeMentions(escapeMarkdown(stripControl(text)));
}

/** For places that show text verbatim (embed footers, author names, button labels): no escaping. */
export function safePlain(text: string): string {
  return neutralizeMentions(stripControl(text));
}

export interface TruncateOptions {
  /** Appended when the text is cut. Default `…`. */
  ellipsis?: string;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/** A cut position ≤ `at` that does not split a surrogate pair. */
function safeCut(text: string, at: number): number {
  if (at <= 0) return 0;
  if (at >= text.length) return text.length;
  return isHighSurrogate(text.charCodeAt(at - 1)) ? at - 1 : at;
}

/** Sentence ends: terminal punctuation, optional closing quotes/brackets, then whitespace. */
const SENTENCE_END = /[.!?…]['"’”»)\]]*(?=\s)/g;
/** Clause punctuation left at the end of a word-boundary cut. */
const TRAILING_CLAUSE_PUNCTUATION = /[,;:]+$/;

/**
 * Shortens `text` to at most `max` code units, ellipsis included. Prefers, in order:
 * the end of a sentence in the last ~40% of the budget (then ` …`), a word boundary in the last half
 * of the budget (trailing `,;:` dropped, then `…`), a hard cut. Never splits a surrogate pair.
 * Text that already fits is returned unchanged.
 */
export function truncate(text: string, max: number, options: TruncateOptions = {}): string {
  const ellipsis = options.ellipsis ?? '…';
  const limit = Math.max(0, Math.floor(max));
  if (text.length <= limit) return text;
  if (limit <= ellipsis.length) return text.slice(0, safeCut(text, limit));

  // A sentence end, with a space before the ellipsis so it reads as "more follows".
  const sentenceBudget = limit - ellipsis.length - 1;
  let sentenceEnd = -1;
  SENTENCE_END.lastIndex = 0;
  const window = text.slice(0, sentenceBudget + 1);
  for (let m = SENTENCE_END.exec(window); m; m = SENTENCE_END.exec(window)) {
    const end = m.index + m[0].length;
    if (end <= sentenceBudget) sentenceEnd = end;
  }
  if (sentenceEnd >= Math.ceil(sentenceBudget * 0.6)) return `${text.slice(0, sentenceEnd)} ${ellipsis}`;

  // A word boundary: the last whitespace at or before the budget.
  const budget = limit - ellipsis.length;
  const head = text.slice(0, budget + 1);
  const space = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\n'), head.lastIndexOf('\t'));
  if (space >= Math.ceil(budget * 0.5)) {
    const cut = text.slice(0, space).trimEnd().replace(TRAILING_CLAUSE_PUNCTUATION, '');
    if (cut.length > 0) return `${cut}${ellipsis}`;
  }

  return `${text.slice(0, safeCut(text, budget))}${ellipsis}`;
}

/**
 * The longest rendering of `raw` (cut with `truncate`) whose *rendered* length is ≤ `max`, for when
 * rendering (escaping, highlighting, quoting) makes the text longer than its source: cutting the
 * rendered text instead could split an escape (`\` + `*`) or a `**…**` pair.
 * Binary search over the source budget; the invariant (budget `lo` fits) makes the result fit even
 * if rendered length is not perfectly monotonic in the budget.
 */
/** How many times the room a source may be before it is cut ahead of rendering. */
const PRE_CUT = 4;

export function fitRendered(
  raw: string,
  max: number,
  render: (text: string) => string,
  options: TruncateOptions = {},
): { text: string; cut: boolean } {
  // A source many times longer than the room (a 64,000-character paragraph for a 1,024-character
  // field) is cut to a few times the room before anything is rendered: rendering the whole of it
  // cost every answer citing it milliseconds per field, and all of it is dropped anyway.
  const long = raw.length > PRE_CUT * Math.max(1, max);
  const source = long ? truncate(raw, PRE_CUT * Math.max(1, max), options) : raw;
  const whole = render(source);
  if (whole.length <= max) return { text: whole, cut: long };
  let lo = 0;
  let hi = Math.min(source.length, Math.max(0, Math.floor(max)));
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (render(truncate(source, mid, options)).length <= max) lo = mid;
    else hi = mid - 1;
  }
  const text = render(truncate(source, lo, options));
  // Only when even an empty source renders too long (the caller left no room): cut hard.
  return { text: text.length <= max ? text : text.slice(0, safeCut(text, max)), cut: true };
}

/** Regex syntax characters (only those: `u`-mode regexes reject other identity escapes). */
const REGEX_SYNTAX_CHAR = /[.*+?^${}()|[\]\\/]/g;
/** Escapes regex syntax characters. */
const regexEscape = (s: string): string => s.replace(REGEX_SYNTAX_CHAR, '\\$&');

/**
 * Wraps each case-insensitive, whole-word occurrence of `terms` in `mark(match)`.
 * `text` is already Markdown-escaped (this runs AFTER `escapeMarkdown`, so the content can't break
 * the markup `mark` adds); the terms are raw and are escaped the same way before matching.
 * Longer terms win over their prefixes; matches never overlap; a match never starts right after a
 * lone backslash, so it can't split an escape pair.
 */
export function highlight(text: string, terms: readonly string[], mark: (match: string) => string): string {
  const escaped = [
    ...new Set(terms.map((t) => escapeMarkdown(stripControl(t).trim())).filter((t) => t.length > 0)),
  ].sort((a, b) => b.length - a.length);
  if (escaped.length === 0) return text;
  const word = '[\\p{L}\\p{N}\\p{M}_]';
  // Not inside a word; the term; not followed by a word character.
  const pattern = new RegExp(`(?<!${word})(?:${escaped.map(regexEscape).join('|')})(?!${word})`, 'giu');
  // A term right after an odd number of backslashes is escaped text, not a term. The parity of the
  // backslash run before each position is worked out once, in one pass: asking the pattern to look
  // back over the run instead rescans it at every position inside it (quadratic in the run).
  let odd: Uint8Array | undefined;
  return text.replace(pattern, (m: string, offset: number) => {
    if (offset > 0 && text.charCodeAt(offset - 1) === BACKSLASH) {
      odd ??= oddBackslashesBefore(text);
      if (odd[offset] === 1) return m;
    }
    return mark(m);
  });
}

const BACKSLASH = 0x5c;

/** For each position, 1 when an odd number of backslashes stands right before it. */
function oddBackslashesBefore(text: string): Uint8Array {
  const odd = new Uint8Array(text.length + 1);
  for (let i = 1; i <= text.length; i++) {
    if (text.charCodeAt(i - 1) === BACKSLASH) odd[i] = odd[i - 1] === 1 ? 0 : 1;
  }
  return odd;
}
