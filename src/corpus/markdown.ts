/** Markdown to blocks: headings become explicit headings, inline markup is reduced to its text. */
import { splitBlocks } from './blocks.js';
import type { RawBlock } from './blocks.js';

const ATX_HEADING = /^#{1,6}\s+(.*?)(?:\s+#+)?\s*$/;
const SETEXT_UNDERLINE = /^(?:=+|-+)\s*$/;
const FENCE = /^(?:```|~~~)/;
/** Block quote markers: `> `, `>> `, `> > `. */
const QUOTE_MARKERS = /^(?:>\s?)+/;
/** A `*` or `+` bullet, or a list number (`1.`, `12)`). */
const LIST_MARKER = /^(?:[*+]|\d{1,3}[.)])\s+/;
/** A `-` bullet, but not a spaced dash that also closes the line (`- Advertisement -`). */
const DASH_BULLET = /^-\s+(?=\S)(?!.*\s-$)/;
const IMAGE = /!\[[^\]]*\]\([^)]*\)/g;
/** `[text](url)` */
const INLINE_LINK = /\[([^\]]+)\]\([^)]*\)/g;
/** `[text][ref]` */
const REFERENCE_LINK = /\[([^\]]+)\]\[[^\]]*\]/g;
/** `**strong**` or `__strong__` */
const STRONG = /(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g;
/** `*emphasis*`, not touching a word or another `*` on the outside. */
const STAR_EMPHASIS = /(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])/g;
/** `_emphasis_`, not touching a word or another `_` on the outside. */
const UNDERSCORE_EMPHASIS = /(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])/g;
const CODE_SPAN = /`([^`]+)`/g;

/**
 * Only the Markdown that news text actually uses is interpreted. Everything else is left as text,
 * because the chrome rules and the paragraph splitter see plain lines either way.
 */
export function markdownBlocks(text: string): RawBlock[] {
  const out: RawBlock[] = [];
  for (const block of splitBlocks(text)) {
    let lines: string[] = [];
    const flush = () => {
      if (lines.length > 0) out.push({ lines });
      lines = [];
    };
    for (let i = 0; i < block.lines.length; i++) {
      const line = block.lines[i]!;
      const next = block.lines[i + 1];
      if (FENCE.test(line)) continue;
      const atx = ATX_HEADING.exec(line);
      if (atx) {
        flush();
        const heading = inline(atx[1]!);
        if (heading) out.push({ lines: [heading], heading: true });
        continue;
      }
      // `Title` over `=====` or `-----` is a heading too (a lone `---` is a rule, left to the chrome rules).
      if (next !== undefined && SETEXT_UNDERLINE.test(next) && !SETEXT_UNDERLINE.test(line)) {
        flush();
        out.push({ lines: [inline(line)], heading: true });
        i++;
        continue;
      }
      const cleaned = inline(stripLinePrefix(line));
      if (cleaned) lines.push(cleaned);
    }
    flush();
  }
  return out;
}

/** Block quote markers and list bullets carry no words. */
function stripLinePrefix(line: string): string {
  return line.replace(QUOTE_MARKERS, '').replace(LIST_MARKER, '').replace(DASH_BULLET, '');
}

function inline(text: string): string {
  return (
    text
      // Images are captions-by-another-name: drop them with their alt text.
      .replace(IMAGE, '')
      .replace(INLINE_LINK, '$1')
      .replace(REFERENCE_LINK, '$1')
      .replace(STRONG, '$2')
      // Single `*` / `_` emphasis only when it wraps words; "fields are marked *" stays as it is.
      .replace(STAR_EMPHASIS, '$1')
      .replace(UNDERSCORE_EMPHASIS, '$1')
      .replace(CODE_SPAN, '$1')
      .trim()
  );
}
