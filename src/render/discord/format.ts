/** Small formatting pieces of the Discord renderer: dates, links, headings. */
import type { AnswerKind } from '../../answer/types.js';
import { stripControl } from '../safe.js';
import { LIMITS } from './limits.js';

const WHITESPACE_RUN = /\s+/g;
/** Characters percent-encoded in link targets: they could close `[text](…)`, spell a mention or format. */
const URL_UNSAFE_CHAR = /[()<>@'"`\\*_~|\s]/g;
/** Text that already ends like a question or sentence. */
const ENDS_WITH_TERMINAL_PUNCTUATION = /[?!.…]$/;

/**
 * A link target that is safe inside `[text](…)`: only http(s), no credentials (`https://x@evil`),
 * at most 512 characters, and with `( ) < > @`, quotes, backslash and Markdown characters
 * percent-encoded so the target can't close the link early or spell a mention. null otherwise.
 */
export function safeUrl(url: string | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(stripControl(url).trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  if (parsed.username || parsed.password) return null;
  const href = parsed.href.replace(
    URL_UNSAFE_CHAR,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return href.length <= LIMITS.buttonUrl ? href : null;
}

/** A single line: runs of whitespace (newlines included) become one space. */
export const oneLine = (text: string): string => text.replace(WHITESPACE_RUN, ' ').trim();

const QUESTION_WORD =
  /^(who|whom|whose|when|where|what|which|how|why|did|does|do|is|was|were|are|has|had)\b/i;

/** Wraps the (already cut) query in the heading that suits the kind of answer. */
export function heading(kind: AnswerKind, query: string): string {
  const q = oneLine(query);
  if (!q) {
    if (kind === 'sources') return 'Sources';
    if (kind === 'timeline') return 'Timeline';
    return 'Dossier';
  }
  const asQuestion = (s: string): string => (ENDS_WITH_TERMINAL_PUNCTUATION.test(s) ? s : `${s}?`);
  if (['who', 'when', 'where', 'what', 'ask'].includes(kind) && QUESTION_WORD.test(q)) return asQuestion(q);
  switch (kind) {
    case 'who':
      return `Who is ${asQuestion(q)}`;
    case 'when':
      return `When: ${q}`;
    case 'where':
      return `Where: ${q}`;
    case 'what':
      return `What: ${q}`;
    case 'quote':
      return `Quotes: ${q}`;
    case 'ask':
      return asQuestion(q);
    case 'search':
      return `Search: ${q}`;
    case 'sources':
      return `Sources: ${q}`;
    case 'timeline':
      return `Timeline: ${q}`;
  }
}
