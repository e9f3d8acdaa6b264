/** Terminal rendering: the answer line, then each citation with its source and ¶, terms highlighted. */
import pc from 'picocolors';
import type { Answer, Citation, Notice } from '../answer/types.js';
import { filterLine } from '../answer/filter.js';
import { citationDate } from './dates.js';

export interface TextStyle {
  /**
   * Use colours and bold (the caller decides: a terminal, no NO_COLOR); otherwise highlights are
   * marked with *asterisks*.
   */
  color: boolean;
  /** Wrap width in columns. */
  width: number;
}

/** Always on: only called when `style.color` says so. */
const colors = pc.createColors(true);
const ansi = {
  bold: colors.bold,
  dim: colors.dim,
  hl: (s: string) => colors.bold(colors.yellow(s)),
  cyan: colors.cyan,
};

/** C0/C1 controls except \t and \n, zero-width characters, LRM/RLM, bidi embeddings/overrides/isolates. */
// eslint-disable-next-line no-control-regex -- control characters are what we remove
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Regex syntax characters, escaped before a term goes into a `RegExp`. */
const REGEX_SYNTAX_CHAR = /[.*+?^${}()|[\]\\]/g;
/** An ANSI SGR escape (colour, bold…). */
// eslint-disable-next-line no-control-regex -- measuring text without its ANSI escapes
const ANSI_SGR = /\u001b\[[\d;]*m/g;
const WHITESPACE_RUN = /\s+/;

/** Removes control characters (ANSI escapes in article text must not drive the terminal). */
function clean(s: string): string {
  return s.replace(CONTROL_CHARS, '');
}

function citationHeader(c: Citation, n: number): string {
  const parts = [c.outlet, c.published ? citationDate(c.published) : undefined, `¶${c.paragraph}`].filter(
    Boolean,
  );
  return `[${n}] ${clean(c.title)} — ${parts.map((p) => clean(String(p))).join(', ')}`;
}

function highlight(text: string, terms: string[], style: TextStyle): string {
  if (terms.length === 0) return text;
  const escaped = [...terms]
    .sort((a, b) => b.length - a.length)
    .map((t) => t.replace(REGEX_SYNTAX_CHAR, '\\$&'));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  return text.replace(re, (m) => (style.color ? ansi.hl(m) : `*${m}*`));
}

/** Greedy word wrap that ignores ANSI escapes when measuring. */
function wrap(text: string, width: number, indent = ''): string {
  const visible = (s: string) => s.replace(ANSI_SGR, '').length;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(WHITESPACE_RUN).filter(Boolean)) {
    if (line && visible(indent + line + ' ' + word) > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

export function renderText(answer: Answer, style: TextStyle): string {
  const out: string[] = [];
  const b = (s: string) => (style.color ? ansi.bold(s) : s);
  const dim = (s: string) => (style.color ? ansi.dim(s) : s);
  if (answer.text !== null) out.push(wrap(b(clean(answer.text)), style.width));
  if (answer.message) out.push(wrap(clean(answer.message), style.width));
  // The filter the answer was restricted to (a filter that left no article says so in its message).
  if (answer.filter && answer.corpusArticles > 0)
    out.push(dim(wrap(clean(filterLine(answer.filter)), style.width)));
  if (answer.articles) {
    answer.articles.forEach((a, i) => {
      const meta = [
        a.outlet,
        a.published ? citationDate(a.published) : undefined,
        `${a.paragraphs} paragraphs`,
        a.file,
      ];
      out.push(
        `${i + 1}. ${b(clean(a.title))}\n   ${dim(
          meta
            .filter(Boolean)
            .map((m) => clean(String(m)))
            .join(' · '),
        )}`,
      );
    });
  }
  const first = (answer.page?.offset ?? 0) + 1;
  answer.citations.forEach((c, i) => {
    const head = (c.date && answer.kind === 'timeline' ? `${c.date}  ` : '') + citationHeader(c, first + i);
    const lines = [
      style.color ? ansi.cyan(head) : head,
      wrap(highlight(clean(c.text), c.highlights, style), style.width, '    '),
    ];
    if (c.url) lines.push(dim(`    ${clean(c.url)}`));
    if (c.alsoIn?.length) {
      lines.push(dim(`    Also in: ${c.alsoIn.map((a) => `${clean(a.title)} ¶${a.paragraph}`).join('; ')}`));
    }
    out.push(lines.join('\n'));
  });
  if (answer.page && answer.page.total > answer.page.offset + answer.page.size) {
    out.push(
      dim(`More: add a page number, e.g. “… ${Math.floor(answer.page.offset / answer.page.size) + 2}”.`),
    );
  }
  return out.join('\n\n');
}

export function renderNoticeText(notice: Notice, style: TextStyle): string {
  const title = style.color ? ansi.bold(clean(notice.title)) : clean(notice.title);
  return [title, ...notice.lines.map((l) => wrap(clean(l), style.width, '  '))].join('\n');
}
