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
/** `**strong**` or `__strong__`: the two markers, found by a linear scan (see `strong`). */
const STRONG_MARKERS = ['**', '__'] as const;
/** `*emphasis*`, not touching a word or another `*` on the outside. */
const STAR_EMPHASIS = /(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])/g;
/** `_emphasis_`, not touching a word or another `_` on the outside. */
const UNDERSCORE_EMPHASIS = /(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])/g;
const SPACE = /\s/;
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

/** Inline Markdown reduced to its text (exported for its property test). */
export function inline(text: string): string {
  return (
    strong(
      // Images are captions-by-another-name: drop them with their alt text. Then `[text](url)` and
      // `[text][ref]` keep their text.
      bracketed(bracketed(bracketed(text, 'image'), 'inline'), 'reference'),
    )
      // Single `*` / `_` emphasis only when it wraps words; "fields are marked *" stays as it is.
      .replace(STAR_EMPHASIS, '$1')
      .replace(UNDERSCORE_EMPHASIS, '$1')
      .replace(CODE_SPAN, '$1')
      .trim()
  );
}

/**
 * For each position, the index of the first `char` at or after it (`text.length` when none): one
 * pass from the end, so each later lookup is constant time.
 */
function nextIndexOf(text: string, char: string): Int32Array {
  const next = new Int32Array(text.length + 1);
  next[text.length] = text.length;
  for (let i = text.length - 1; i >= 0; i--) next[i] = text[i] === char ? i : next[i + 1]!;
  return next;
}

/**
 * Markdown images and links, in linear time. A pattern such as `\[([^\]]+)\]\(` retried at every
 * `[` of a long run rescans the run each time (quadratic); here the next `]` and `)` after any
 * position are looked up in tables made once. Same matches as the patterns:
 * - image: `![alt](url)` → nothing (alt may be empty);
 * - inline: `[text](url)` → text (text not empty, no `]` in it);
 * - reference: `[text][ref]` → text.
 */
function bracketed(text: string, kind: 'image' | 'inline' | 'reference'): string {
  if (!text.includes('[')) return text;
  const close = nextIndexOf(text, ']');
  const after = kind === 'reference' ? close : nextIndexOf(text, ')');
  const out: string[] = [];
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const open = kind === 'image' ? text.startsWith('![', i) : text[i] === '[';
    if (!open) {
      i++;
      continue;
    }
    const textStart = i + (kind === 'image' ? 2 : 1);
    const textEnd = close[textStart]!;
    const opener = kind === 'reference' ? '[' : '(';
    const ok = textEnd < text.length && (kind === 'image' || textEnd > textStart) && text[textEnd + 1] === opener;
    const end = ok ? after[textEnd + 2]! : text.length;
    if (!ok || end >= text.length) {
      i++;
      continue;
    }
    out.push(text.slice(copied, i), kind === 'image' ? '' : text.slice(textStart, textEnd));
    copied = end + 1;
    i = end + 1;
  }
  if (copied === 0) return text;
  out.push(text.slice(copied));
  return out.join('');
}

/**
 * `**strong**` and `__strong__` → their text, in linear time: an opener followed by a non-space, up
 * to the first marker that follows a non-space (what `(\*\*|__)(?=\S)(.+?)(?<=\S)\1` matches). The
 * lazy pattern rescans to the end of the line from every opener that has no closer (quadratic).
 */
function strong(text: string): string {
  if (!text.includes('**') && !text.includes('__')) return text;
  // For each marker, the positions holding it right after a non-space character: its closers.
  const closers = new Map<string, number[]>();
  const next = new Map<string, number>();
  for (const marker of STRONG_MARKERS) {
    const list: number[] = [];
    for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
      if (at > 0 && !SPACE.test(text[at - 1]!)) list.push(at);
    }
    closers.set(marker, list);
    next.set(marker, 0);
  }
  const parts: string[] = [];
  let copied = 0;
  for (let at = 0; at < text.length - 2; at++) {
    const marker = STRONG_MARKERS.find((m) => text.startsWith(m, at));
    if (!marker || SPACE.test(text[at + 2]!)) continue;
    const list = closers.get(marker)!;
    let k = next.get(marker)!;
    while (k < list.length && list[k]! < at + 3) k++;
    next.set(marker, k);
    const end = list[k];
    if (end === undefined) continue;
    parts.push(text.slice(copied, at), text.slice(at + 2, end));
    copied = end + 2;
    at = end + 1;
  }
  return copied === 0 ? text : parts.join('') + text.slice(copied);
}
