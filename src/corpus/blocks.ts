/** Plain text to blocks (separated by blank lines) and blocks to units (one paragraph candidate each). */
import { collapseWhitespace, endsLikeSentence, startsLowercase } from './text.js';

/** A run of non-blank lines. `heading` is set when the markup says so (Markdown `#`, HTML `<h2>`). */
export interface RawBlock {
  lines: string[];
  heading?: boolean;
}

/** One line of text that may become a paragraph or a heading, with the block it came from. */
export interface Unit {
  text: string;
  block: number;
  heading?: boolean;
}

/**
 * Saved web pages pasted as text keep tracking snippets and comments that span lines; they are removed
 * before the text is cut into lines, where a single-line rule could not see them whole.
 */
export function removeEmbeddedMarkup(text: string): string {
  return text
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '\n')
    .replace(/<(script|style|noscript|template)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi, '\n');
}

export function splitBlocks(text: string): RawBlock[] {
  return text
    .split(/\n[ \t\u00A0]*\n/)
    .map((block) => ({ lines: block.split('\n').map(collapseWhitespace).filter(Boolean) }))
    .filter((block) => block.lines.length > 0);
}

/**
 * Cuts each block into units. Inside a block, a single newline is either a soft wrap (a sentence
 * continues on the next line) or a separator between different things (a photo credit line, a
 * caption, a name). Lines are joined only when the text clearly continues: the line does not end a
 * sentence and the next starts in lowercase or follows a comma-like break, or the whole block has
 * the even line lengths of hard-wrapped prose.
 */
export function blocksToUnits(blocks: RawBlock[]): Unit[] {
  const units: Unit[] = [];
  blocks.forEach((block, index) => {
    if (block.heading) {
      units.push({ text: collapseWhitespace(block.lines.join(' ')), block: index, heading: true });
      return;
    }
    const wrapped = looksHardWrapped(block.lines);
    let current: string | undefined;
    for (const line of block.lines) {
      if (current !== undefined && continues(current, line, wrapped)) {
        // A word broken at a hyphen ("well-" / "known") is glued back without a space.
        current = /\p{L}-$/u.test(current) ? current + line : `${current} ${line}`;
      } else {
        if (current !== undefined) units.push({ text: current, block: index });
        current = line;
      }
    }
    if (current !== undefined) units.push({ text: current, block: index });
  });
  return units;
}

function continues(previous: string, next: string, wrapped: boolean): boolean {
  if (endsLikeSentence(previous)) return false;
  // A spaced dash (`- Advertisement -`) is decoration, not a break inside a sentence.
  return wrapped || startsLowercase(next) || /[,;:(–—]$|\p{L}-$/u.test(previous);
}

/** Hard-wrapped prose: three or more lines, all but the last of a similar, typical terminal width. */
function looksHardWrapped(lines: string[]): boolean {
  if (lines.length < 3) return false;
  const body = lines.slice(0, -1);
  if (!body.every((line) => line.length >= 40 && line.length <= 100)) return false;
  const open = body.filter((line) => !endsLikeSentence(line)).length;
  return open * 2 >= body.length;
}
