/** Cleaned units to numbered paragraphs, with sub-headings turned into `section`s. */
import type { Unit } from './blocks.js';
import { stripMtArtifact } from './chrome-rules.js';
import { splitCollapsed } from './sentences.js';
import { atMostWords, collapseWhitespace } from './text.js';
import type { Paragraph } from './types.js';

/** Sub-headings in news are short: "Ceasefire violations", "New Lavrov-Blingen meeting on Thursday". */
const MAX_HEADING_WORDS = 10;
const MAX_HEADING_CHARS = 100;
/** Closing quotes and brackets at the end of a line, looked past to find its last punctuation. */
const TRAILING_CLOSERS = /["'”’»)\]]+$/u;
const LETTER = /\p{L}/u;
/** Punctuation that keeps a line from being a heading when it ends it (CJK full stops and commas too). */
const NON_HEADING_END = /[.!?:;,。．！？、，：；]/;

/**
 * A line shaped like a sub-heading: short, with letters, not ending in `.`, `!`, `?`, `:`, `;` or `,`
 * (a trailing ellipsis is allowed: "Serial bombings …"). Markup headings always qualify.
 */
function isHeadingShaped(unit: Unit): boolean {
  if (unit.heading) return !isSentenceInHeadingMarkup(unit.text);
  if (unit.item || unit.plain) return false;
  const text = unit.text;
  // Length first: the closers pattern is only ever run on a short line.
  if (text.length > MAX_HEADING_CHARS) return false;
  const last = text.replace(TRAILING_CLOSERS, '').slice(-1);
  return atMostWords(text, MAX_HEADING_WORDS) && LETTER.test(text) && !NON_HEADING_END.test(last);
}

/** Longer than a title and closed like a sentence: an interview's question set as a heading. */
const MIN_SENTENCE_WORDS = 7;
const SENTENCE_END = /[.!?。！？]["'”’»)\]]*$/u;

/**
 * Markup that makes a sentence a heading ("Q: What is on the horizon for the business?" in an `<h3>`)
 * does not make it a section title: it is content, kept as a paragraph.
 */
function isSentenceInHeadingMarkup(text: string): boolean {
  return SENTENCE_END.test(text.slice(-8)) && !atMostWords(text, MIN_SENTENCE_WORDS - 1);
}

/**
 * A heading-shaped line followed by a body paragraph is a heading: it is not a paragraph, and the
 * paragraphs after it carry its text as `section` until the next heading. Headings that follow each
 * other are joined with " — ". Heading-shaped lines at the very end, with no body after them, stay
 * paragraphs (so their words remain findable), except markup headings, which head nothing.
 *
 * A caption-like line such as "Dmitry Peskov, spokesman for the Kremlin" between a pull quote and
 * the quoted paragraph is, by this rule, the section of the paragraphs below it: its words stay
 * searchable without being cited as a paragraph of their own.
 */
export function toParagraphs(articleId: string, units: Unit[]): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let section: string | undefined;
  let pending: string[] = [];
  // bodyAfter[i]: some unit after i is a body paragraph (computed once, from the end).
  const headingShaped = units.map(isHeadingShaped);
  const bodyAfter: boolean[] = new Array<boolean>(units.length).fill(false);
  for (let i = units.length - 2; i >= 0; i--) bodyAfter[i] = bodyAfter[i + 1]! || !headingShaped[i + 1]!;
  units.forEach((unit, i) => {
    if (headingShaped[i] && bodyAfter[i]) {
      pending.push(collapseWhitespace(unit.text));
      return;
    }
    if (unit.heading && headingShaped[i]) return;
    if (pending.length > 0) {
      section = pending.join(' — ');
      pending = [];
    }
    // A collapsed line stays collapsed when an artifact is cut off its end; only then collapse again.
    const line = collapseWhitespace(unit.text);
    const stripped = stripMtArtifact(line);
    const text = stripped === line ? line : collapseWhitespace(stripped);
    if (text === '') return;
    paragraphs.push({
      articleId,
      n: paragraphs.length + 1,
      text,
      sentences: splitCollapsed(text),
      ...(section !== undefined ? { section } : {}),
    });
  });
  return paragraphs;
}
