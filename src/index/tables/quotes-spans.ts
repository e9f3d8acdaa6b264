/**
 * Where quotes and names stand in a paragraph, and the sentences around them (quotes.ts attributes
 * the quotes).
 *
 * Quote spans: any double quotation mark (“ ” " « » „) opens a quote and the next one closes it —
 * or, in a paragraph without double marks, a British single mark (‘ … ’, see singleQuoteSpans) —
 * machine-translated text often writes the closing mark as “, so direction is not trusted. A quote
 * left open runs to the end of the paragraph, unless a later sentence in it reads like an
 * attribution ("… Blinken told CNN."), where it is cut. Quotes of one word are scare quotes and
 * are skipped.
 */
import type { Entity, Quote } from './types.js';
import { SPEECH_VERBS } from './names-lexicon.js';
import { TITLE_SMALL_WORDS } from './entities-words.js';
import { isTitleAbbreviation } from '../../corpus/sentences.js';

export interface Span {
  start: number;
  end: number;
  entity: Entity;
}

export interface QuoteSpan {
  start: number;
  end: number;
  text: string;
  speaker?: Entity;
  how?: Quote['how'];
}

/** The marks a quote opens or closes with (one UTF-16 unit each), as codes and as a pattern. */
const QUOTE_MARK_CHARS = '“”"«»„‟';
const QUOTE_MARKS = new Set([...QUOTE_MARK_CHARS].map((c) => c.charCodeAt(0)));
const ANY_QUOTE_MARK = new RegExp(`[${QUOTE_MARK_CHARS}]`, 'g');
const VERB = SPEECH_VERBS.join('|');
/** A speech verb within the sentence, after a name that opens it (see spokenTail). */
const VERB_SOON = new RegExp(`^[^.!?]{0,80}?(?<!\\p{L})(?:${VERB})(?!\\p{L})`, 'iu');
const LETTER = /\p{L}/u;
const LOWERCASE_LETTER = /\p{Ll}/u;
const APOSTROPHE = /[’']/;
const WHITESPACE = /\s/;

/** Where the paragraph's entities are named (whole words), in order; of overlapping ones the earlier, longer wins. */
export function mentionSpans(text: string, entities: { entity: Entity; surface: string }[]): Span[] {
  const spans: Span[] = [];
  for (const { entity, surface } of entities) {
    if (!surface) continue;
    for (let i = text.indexOf(surface); i >= 0; i = text.indexOf(surface, i + 1)) {
      const before = text[i - 1] ?? ' ';
      const after = text[i + surface.length] ?? ' ';
      if (LETTER.test(before)) continue;
      if (LOWERCASE_LETTER.test(after) && !APOSTROPHE.test(after)) continue; // glued words are allowed only by surface
      spans.push({ start: i, end: i + surface.length, entity });
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) continue;
    out.push(s);
  }
  return out;
}

/** The paragraph's quotes, mark to mark (see above); `open` when no closing mark ended it. */
export function quoteSpans(text: string, mentions: Span[]): { start: number; end: number; open: boolean }[] {
  if (!HAS_DOUBLE_MARK.test(text) && text.includes('‘')) return singleQuoteSpans(text);
  const out: { start: number; end: number; open: boolean }[] = [];
  let open: number | undefined;
  for (let i = 0; i < text.length; i++) {
    if (!QUOTE_MARKS.has(text.charCodeAt(i))) continue;
    if (open === undefined) {
      open = i;
      continue;
    }
    // "“The job is over. Borrell … stated, “We are ready.”": an opening mark after a sentence that
    // reads like an attribution ends the open quote there and opens a new one.
    const opener = text[i] === '“' && WHITESPACE.test(text[i - 1] ?? '') && LETTER.test(text[i + 1] ?? '');
    if (opener && spokenTail(text, open + 1, i, mentions)) {
      out.push({ start: open + 1, end: i, open: true });
      open = i;
      continue;
    }
    out.push({ start: open + 1, end: i, open: false });
    open = undefined;
  }
  if (open !== undefined) out.push({ start: open + 1, end: text.length, open: true });
  return out;
}

const HAS_DOUBLE_MARK = new RegExp(`[${QUOTE_MARK_CHARS}]`);
/** What may stand before an opening single mark: the paragraph's start, a space, a bracket or a dash. */
const BEFORE_SINGLE_OPEN = /[\s([—–-]/;
/** What a closing single mark follows in British style: the quote's own punctuation. */
const BEFORE_SINGLE_CLOSE = /[,.!?…—–-]/;
const AFTER_SINGLE_CLOSE = /[\s,.;:!?)—–-]/;
/** A quote in single marks this short, closed by a mark after a word, is a scare quote. */
const SCARE_WORDS = 4;

/**
 * Quotes in single marks, as British papers print speech (‘Be prepared,’ he warned.), read only in
 * paragraphs with no double marks. ’ is an apostrophe as often ("don’t", "players’ union"): a mark
 * closes a quote only after the quote's own punctuation, or right before punctuation or the end.
 */
function singleQuoteSpans(text: string): { start: number; end: number; open: boolean }[] {
  const out: { start: number; end: number; open: boolean }[] = [];
  let open: number | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '‘' && open === undefined && (i === 0 || BEFORE_SINGLE_OPEN.test(text[i - 1]!))) open = i;
    else if (c === '’' && open !== undefined && i > open + 1) {
      const before = text[i - 1]!;
      const after = text[i + 1];
      // "this ‘punches’ a small area": a few words in marks close at the first mark after a word.
      const scare = after === ' ' && LETTER.test(before) && wordCount(text.slice(open, i)) <= SCARE_WORDS;
      if (
        BEFORE_SINGLE_CLOSE.test(before) ||
        after === undefined ||
        (AFTER_SINGLE_CLOSE.test(after) && after !== ' ') ||
        scare
      ) {
        out.push({ start: open + 1, end: i, open: false });
        open = undefined;
      }
    }
  }
  if (open !== undefined) out.push({ start: open + 1, end: text.length, open: true });
  return out;
}

const LETTER_RUNS = /\p{L}+/gu;
const wordCount = (s: string): number => (s.match(LETTER_RUNS) ?? []).length;

const LEADING_QUOTE_PUNCTUATION = /^[\s,.;:—–-]+/;
const TRAILING_QUOTE_CHAR = /[\s,;:—–-]/;

function cleanQuote(s: string): string {
  return trimTrailingPunctuation(s.replace(ANY_QUOTE_MARK, '').replace(LEADING_QUOTE_PUNCTUATION, '')).trim();
}

/**
 * Spaces, commas, colons and dashes at the end removed: a loop from the end, since the pattern
 * `[\s,;:—–-]+$` retried at every position of a long run inside the text is quadratic.
 */
function trimTrailingPunctuation(s: string): string {
  let end = s.length;
  while (end > 0 && TRAILING_QUOTE_CHAR.test(s[end - 1]!)) end--;
  return s.slice(0, end);
}

/**
 * A sentence of news is never this long: the search for a quote's sentence boundaries stops this far
 * from the quote, so a paragraph of a million characters without a full stop costs no more per quote
 * than an ordinary one.
 */
export const SENTENCE_REACH = 1000;
const SENTENCE_MARKS = new Set(['.', '!', '?']);
const isSpace = (c: string | undefined): boolean => c !== undefined && WHITESPACE.test(c);

/** Whether `pos` lies inside one of the sorted, non-overlapping `quotes` (binary search). */
export function insideQuote(pos: number, quotes: { start: number; end: number }[]): boolean {
  let lo = 0;
  let hi = quotes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (quotes[mid]!.end <= pos) lo = mid + 1;
    else hi = mid;
  }
  const q = quotes[lo];
  return !!q && q.start <= pos && pos < q.end;
}

/** The end of the sentence containing `pos` (exclusive), ignoring full stops inside quotes. */
export function sentenceEnd(text: string, pos: number, quotes: { start: number; end: number }[]): number {
  const stop = Math.min(text.length, pos + SENTENCE_REACH);
  for (let i = Math.max(0, pos); i < stop; i++) {
    const next = text[i + 1];
    if (
      SENTENCE_MARKS.has(text[i]!) &&
      (next === undefined || isSpace(next)) &&
      !insideQuote(i, quotes) &&
      !titleAbbreviationAt(text, i)
    )
      return i + 1;
  }
  return stop;
}

/**
 * Whether the full stop at `i` closes a title's abbreviation before a name ("Gov. Inslee said"):
 * not the end of a sentence.
 */
function titleAbbreviationAt(text: string, i: number): boolean {
  if (text[i] !== '.') return false;
  let k = i;
  while (k > 0 && LETTER.test(text[k - 1]!)) k--;
  const word = text.slice(k, i);
  if (!word || (k > 0 && !isSpace(text[k - 1]) && !OPENERS.has(text[k - 1]!))) return false;
  // The sentence splitter's list of titles (src/corpus/sentences.ts): one list for both.
  if (!isTitleAbbreviation(word)) return false;
  let j = i + 1;
  while (j < text.length && isSpace(text[j])) j++;
  return CAPITAL.test(text[j] ?? '');
}
const CAPITAL = /\p{Lu}/u;
const OPENERS = new Set(['(', '“', '"', '‘', "'"]);

/** The start of the sentence containing `pos`: just after the last mark-and-space before it. */
export function sentenceStart(text: string, pos: number, quotes: { start: number; end: number }[]): number {
  const stop = Math.max(0, pos - SENTENCE_REACH);
  for (let i = Math.min(pos, text.length) - 1; i >= stop; i--) {
    if (
      SENTENCE_MARKS.has(text[i]!) &&
      isSpace(text[i + 1]) &&
      !insideQuote(i, quotes) &&
      !titleAbbreviationAt(text, i)
    )
      return i + 1;
  }
  return stop;
}

/** Sentence marks followed by spaces between `start` and `end`: where each next sentence starts. */
function sentenceStartsBetween(text: string, start: number, end: number): { mark: number; next: number }[] {
  const out: { mark: number; next: number }[] = [];
  for (let i = start; i < end; i++) {
    if (!SENTENCE_MARKS.has(text[i]!) || !isSpace(text[i + 1])) continue;
    let j = i + 1;
    while (j < text.length && isSpace(text[j])) j++;
    out.push({ mark: i, next: j });
    i = j - 1;
  }
  return out;
}

/** A one-word quote that ends as speech does, on a comma, "!" or "?" inside the marks. */
const SPOKEN_WORD = /^\s*\p{L}[\p{L}'’-]*\s*[,!?]\s*$/u;

/** The quotes' texts (scare quotes of one word dropped), an open quote cut before its attribution. */
export function quoteBodies(text: string, raw: ReturnType<typeof quoteSpans>, mentions: Span[]): QuoteSpan[] {
  const quotes: QuoteSpan[] = [];
  for (const r of raw) {
    let end = r.end;
    let tail: Entity | undefined;
    if (r.open) {
      // "“Now they justify … by continuing. Blinken told CNN in an interview on Sunday."
      const cut = spokenTail(text, r.start, r.end, mentions);
      if (cut) {
        end = cut.at;
        tail = cut.speaker;
      }
    }
    const body = cleanQuote(text.slice(r.start, end));
    // One word is a scare quote ("the so-called “peace” plan") unless it is said: “Amazing,” Davis said.
    if (wordCount(body) < 2 && !SPOKEN_WORD.test(text.slice(r.start, end))) continue;
    // “The Nanny” star, the “Game of Thrones” finale: a title of a work, not words said.
    if (isQuotedTitle(text.slice(r.start, end))) continue;
    quotes.push({
      start: r.start,
      end,
      text: body,
      ...(tail ? { speaker: tail, how: 'named' as const } : {}),
    });
  }
  return quotes;
}

const TITLE_WORD = /^(?:\p{Lu}|\d)/u;
const SPACE_RUN = /\s+/u;
const EDGE_QUOTE_MARKS = /^["“”‘’']+|["“”‘’']+$/gu;
/** Punctuation a title in quote marks does not hold (words said often do: “Amazing,” she said). */
const SAID_PUNCTUATION = /[,.!?;:…—]/u;

/**
 * A quoted title of a work, a name or a slogan rather than speech: two to six words, each capitalised
 * (but for small words inside), no punctuation.
 */
function isQuotedTitle(raw: string): boolean {
  const inner = raw.replace(EDGE_QUOTE_MARKS, '').trim();
  if (SAID_PUNCTUATION.test(inner)) return false;
  const ws = inner.split(SPACE_RUN);
  if (ws.length < 2 || ws.length > 6) return false;
  return ws.every((w, i) => TITLE_WORD.test(w) || (i > 0 && i < ws.length - 1 && TITLE_SMALL_WORDS.has(w)));
}

/** In an unclosed quote, a later sentence that opens with a name and a speech verb is the attribution. */
function spokenTail(
  text: string,
  start: number,
  end: number,
  mentions: Span[],
): { at: number; speaker: Entity } | undefined {
  for (const { mark, next } of sentenceStartsBetween(text, start, end)) {
    const mention = mentionAt(mentions, next);
    if (!mention) continue;
    const rest = text.slice(mention.end, Math.min(end, mention.end + 120));
    if (VERB_SOON.test(rest)) {
      return { at: mark + 1, speaker: mention.entity };
    }
  }
  return undefined;
}

/** The mention starting exactly at `pos` in sorted `mentions` (binary search). */
function mentionAt(mentions: Span[], pos: number): Span | undefined {
  const i = firstFrom(mentions, pos);
  const m = mentions[i];
  return m && m.start === pos ? m : undefined;
}

/** The index of the first of the sorted `spans` that starts at or after `pos`. */
export function firstFrom(spans: { start: number }[], pos: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The sorted `spans` that start in [from, to). */
export function spansIn<T extends { start: number }>(spans: T[], from: number, to: number): T[] {
  const out: T[] = [];
  for (let i = firstFrom(spans, from); i < spans.length && spans[i]!.start < to; i++) out.push(spans[i]!);
  return out;
}
