/** Markdown to blocks: headings become explicit headings, inline markup is reduced to its text. */
import { splitBlocks } from './blocks.js';
import type { RawBlock } from './blocks.js';

const ATX_HEADING = /^#{1,6}\s+(.*?)(?:\s+#+)?\s*$/;
const SETEXT_UNDERLINE = /^(?:=+|-+)\s*$/;
const FENCE = /^(?:```|~~~)/;

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
  return line.replace(/^(?:>\s?)+/, '').replace(/^(?:[*+]|\d{1,3}[.)])\s+/, '').replace(/^-\s+(?=\S)(?!.*\s-$)/, '');
}

function inline(text: string): string {
  return (
    text
      // Images are captions-by-another-name: drop them with their alt text.
      .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
      .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
      // Single `*` / `_` emphasis only when it wraps words; "fields are marked *" stays as it is.
      .replace(/(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])/g, '$1')
      .replace(/(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])/g, '$1')
      .replace(/`([^`]+)`/g, '$1')
      .trim()
  );
}
