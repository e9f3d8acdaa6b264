/** Plain text to blocks (separated by blank lines) and blocks to units (one paragraph candidate each). */
import { lineRuleFor } from './chrome-rules.js';
import { collapseWhitespace, endsLikeSentence, startsLowercase } from './text.js';

/** A run of non-blank lines. `heading` is set when the markup says so (Markdown `#`, HTML `<h2>`). */
export interface RawBlock {
  lines: string[];
  heading?: boolean;
  /** A list item or a table row (its cells joined): content, never a heading. */
  item?: boolean;
  /** HTML only: per line, how many of its non-space characters are link text. */
  linked?: number[];
  /** HTML only: per line, how many of its non-space characters are bold (`<b>`, `<strong>`). */
  bold?: number[];
  /** From HTML: sub-headings are marked up (`<h2>`, a bold line), so an unmarked line is never one. */
  markup?: boolean;
}

/** One line of text that may become a paragraph or a heading, with the block it came from. */
export interface Unit {
  text: string;
  block: number;
  heading?: boolean;
  /** From a list item or a table row: never taken for a heading. */
  item?: boolean;
  /** HTML only: the share (0–1) of the unit's non-space characters that are link text. */
  links?: number;
  /** HTML only: the line is not marked up as a sub-heading (not bold), so it is never taken for one. */
  plain?: boolean;
}

/**
 * Saved web pages pasted as text keep tracking snippets and comments that span lines; they are removed
 * before the text is cut into lines, where a single-line rule could not see them whole.
 */
// An HTML comment; one left unclosed runs to the end of the text.
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
// A script, style, noscript or template element with its contents; one left unclosed runs to the end.
const EMBEDDED_CODE_ELEMENT = /<(script|style|noscript|template)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;

export function removeEmbeddedMarkup(text: string): string {
  return text.replace(HTML_COMMENT, '\n').replace(EMBEDDED_CODE_ELEMENT, '\n');
}

/** A blank line: two newlines with only spaces, tabs or no-break spaces between them. */
const BLANK_LINE = /\n[ \t\u00A0]*\n/;

export function splitBlocks(text: string): RawBlock[] {
  return text
    .split(BLANK_LINE)
    .map((block) => ({ lines: block.split('\n').map(collapseWhitespace).filter(Boolean) }))
    .filter((block) => block.lines.length > 0);
}

/**
 * Cuts each block into units. Inside a block, a single newline is either a soft wrap (a sentence
 * continues on the next line) or a separator between different things (a photo credit line, a
 * caption, a name). Lines are joined only when the text clearly continues: the line does not end a
 * sentence and the next starts in lowercase or follows a comma-like break; or the text is
 * hard-wrapped (see looksHardWrapped), the line is long enough to have reached the margin, and
 * neither line is page chrome on its own.
 */
/** A line ending in a word broken at a hyphen ("well-"). */
const HYPHENATED_LINE_END = /\p{L}-$/u;

export function blocksToUnits(blocks: RawBlock[]): Unit[] {
  const wrapped = looksHardWrapped(blocks);
  const units: Unit[] = [];
  blocks.forEach((block, index) => {
    if (block.heading) {
      const text = collapseWhitespace(block.lines.join(' '));
      const unit: Unit = { text, block: index, heading: true };
      if (block.linked) unit.links = Math.min(1, block.linked.reduce((a, b) => a + b, 0) / Math.max(1, nonSpaceLength(text)));
      units.push(unit);
      return;
    }
    const { linked, bold } = block;
    // Link and bold characters of the lines that went into the unit being built, for their shares.
    let linkedChars = 0;
    let boldChars = 0;
    const push = (text: string) => {
      const unit: Unit = { text, block: index };
      if (block.item) unit.item = true;
      if (linked || block.markup) {
        const length = Math.max(1, nonSpaceLength(text));
        if (linked) unit.links = Math.min(1, linkedChars / length);
        if (block.markup && boldChars / length < MARKED_BOLD) unit.plain = true;
      }
      units.push(unit);
      linkedChars = 0;
      boldChars = 0;
    };
    // The unit being built, as parts joined at the end; each join is decided on the line before it
    // (never on the whole unit so far, which would make a long block quadratic).
    let parts: string[] = [];
    let previous: string | undefined;
    const flush = () => {
      if (parts.length > 0) push(parts.join(''));
      parts = [];
    };
    block.lines.forEach((line, i) => {
      if (previous !== undefined && (block.item || !continues(previous, line, wrapped))) flush();
      // A word broken at a hyphen ("well-" / "known") is glued back without a space.
      if (parts.length > 0) parts.push(HYPHENATED_LINE_END.test(previous!) ? line : ` ${line}`);
      else parts.push(line);
      previous = line;
      linkedChars += linked?.[i] ?? 0;
      boldChars += bold?.[i] ?? 0;
    });
    flush();
  });
  return units;
}

const WHITESPACE_CHARS = /\s+/g;
/** A line this much bold (by characters) is marked up as a heading would be. */
const MARKED_BOLD = 0.9;

function nonSpaceLength(text: string): number {
  return text.replace(WHITESPACE_CHARS, '').length;
}

/** Lines of hard-wrapped prose that ended a sentence near the margin still continue the paragraph. */
const MIN_WRAPPED_LINE = 40;
/** A line ending in a comma-like break (`,` `;` `:` `(` `–` `—`) or in a word broken at a hyphen. */
const CONTINUATION_END = /[,;:(–—]$|\p{L}-$/u;

function continues(previous: string, next: string, wrapped: boolean): boolean {
  if (wrapped && previous.length >= MIN_WRAPPED_LINE && !lineRuleFor(previous) && !lineRuleFor(next)) return true;
  if (endsLikeSentence(previous)) return false;
  // A spaced dash (`- Advertisement -`) is decoration, not a break inside a sentence.
  return startsLowercase(next) || CONTINUATION_END.test(previous);
}

/**
 * Hard-wrapped text (e-mail, plain-text exports) never has a line longer than its margin, and most
 * lines inside its paragraphs are close to it. Web text pasted as-is has one long line per paragraph.
 */
function looksHardWrapped(blocks: RawBlock[]): boolean {
  const lines = blocks.flatMap((b) => b.lines);
  if (lines.some((line) => line.length > 100)) return false;
  const inner = blocks.flatMap((b) => b.lines.slice(0, -1));
  if (inner.length < 2) return false;
  return inner.filter((line) => line.length >= MIN_WRAPPED_LINE).length * 2 >= inner.length;
}
