/**
 * The part of Discord's Markdown that bot messages use, read into a small tree the page turns into
 * DOM nodes (text nodes and the discord-* elements — never HTML strings): **bold**, *italic* and
 * _italic_, __underline__, ~~strike~~, `code`, > quotes, [masked](https://links), bare links,
 * <@user> mentions and backslash escapes. Pure: no DOM here, so it is tested in Node.
 */

export type MdNode =
  | { t: 'text'; v: string }
  | { t: 'br' }
  | { t: 'code'; v: string }
  | { t: 'bold' | 'italic' | 'underline' | 'strike' | 'quote'; c: MdNode[] }
  | { t: 'link'; href: string; c: MdNode[] }
  | { t: 'mention'; id: string };

const ESCAPABLE = /[\\`*_~[\]()>#|:<@!.+\-={}'"/ ]/;

/** Only web links become links; anything else (javascript:, data:…) stays text. */
export function safeHref(href: string): string | null {
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Parses a message's Markdown: lines starting with "> " become quotes, the rest is inline. */
export function parseMarkdown(text: string): MdNode[] {
  const out: MdNode[] = [];
  const lines = text.split('\n');
  let lastWasLine = false;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.startsWith('>>> ')) {
      // ">>> " quotes everything after it.
      out.push({ t: 'quote', c: parseLines([line.slice(4), ...lines.slice(i + 1)]) });
      return out;
    }
    if (/^>( |$)/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^>( |$)/.test(lines[i]!)) quoted.push(lines[i++]!.slice(2));
      out.push({ t: 'quote', c: parseLines(quoted) });
      lastWasLine = false;
      continue;
    }
    if (lastWasLine) out.push({ t: 'br' });
    out.push(...parseInline(line));
    lastWasLine = true;
    i++;
  }
  return out;
}

function parseLines(lines: string[]): MdNode[] {
  const out: MdNode[] = [];
  lines.forEach((l, n) => {
    if (n > 0) out.push({ t: 'br' });
    out.push(...parseInline(l));
  });
  return out;
}

const DELIMS: { d: string; t: 'bold' | 'underline' | 'strike' | 'italic' }[] = [
  { d: '**', t: 'bold' },
  { d: '__', t: 'underline' },
  { d: '~~', t: 'strike' },
  { d: '*', t: 'italic' },
  { d: '_', t: 'italic' },
];

/** Inline Markdown of one line (or of the inside of a span). */
function parseInline(s: string): MdNode[] {
  const out: MdNode[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ t: 'text', v: text });
    text = '';
  };
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '\\' && i + 1 < s.length && ESCAPABLE.test(s[i + 1]!)) {
      text += s[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      const end = s.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push({ t: 'code', v: s.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (ch === '<') {
      const m = /^<@!?(\d{17,20})>/.exec(s.slice(i));
      if (m) {
        flush();
        out.push({ t: 'mention', id: m[1]! });
        i += m[0].length;
        continue;
      }
    }
    if (ch === '[') {
      const link = maskedLink(s, i);
      if (link) {
        flush();
        out.push({ t: 'link', href: link.href, c: parseInline(link.label) });
        i = link.end;
        continue;
      }
    }
    if (ch === 'h' && /^https?:\/\//.test(s.slice(i, i + 8))) {
      const m = /^https?:\/\/[^\s<]+[^\s<.,:;"')\]!?]/.exec(s.slice(i));
      const href = m ? safeHref(m[0]) : null;
      if (m && href) {
        flush();
        out.push({ t: 'link', href, c: [{ t: 'text', v: m[0] }] });
        i += m[0].length;
        continue;
      }
    }
    const delim = DELIMS.find((x) => s.startsWith(x.d, i));
    if (delim) {
      const end = closing(s, i + delim.d.length, delim.d);
      if (end !== -1 && end > i + delim.d.length) {
        flush();
        out.push({ t: delim.t, c: parseInline(s.slice(i + delim.d.length, end)) });
        i = end + delim.d.length;
        continue;
      }
      // No closing delimiter: the characters are text.
      text += delim.d;
      i += delim.d.length;
      continue;
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

/** Where the closing `d` is (skipping escapes and code spans), or -1. */
function closing(s: string, from: number, d: string): number {
  let i = from;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '`') {
      const end = s.indexOf('`', i + 1);
      if (end !== -1) {
        i = end + 1;
        continue;
      }
    }
    if (s.startsWith(d, i)) {
      // In a run like "***", the closing "**" is its last two characters.
      if (d.length === 2 && s[i + 2] === d[0]) {
        i++;
        continue;
      }
      // A single "*" that starts a "**" pair belongs to a nested bold.
      if (d.length === 1 && s[i + 1] === d) {
        const inner = closing(s, i + 2, d + d);
        if (inner !== -1) {
          i = inner + 2;
          continue;
        }
      }
      return i;
    }
    i++;
  }
  return -1;
}

function maskedLink(s: string, at: number): { label: string; href: string; end: number } | null {
  let depth = 0;
  let i = at;
  for (; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (s[i] === '[') depth++;
    if (s[i] === ']' && --depth === 0) break;
  }
  if (i >= s.length || s[i + 1] !== '(') return null;
  const close = s.indexOf(')', i + 2);
  if (close === -1) return null;
  const target = s
    .slice(i + 2, close)
    .trim()
    .replace(/^<(.*)>$/, '$1');
  const href = safeHref(target);
  if (!href) return null;
  return { label: s.slice(at + 1, i), href, end: close + 1 };
}

/** The text a reader sees, without Markdown (for titles and field names, which the components show as text). */
export function plainText(nodes: MdNode[], names: (id: string) => string = (id) => id): string {
  return nodes
    .map((n) => {
      switch (n.t) {
        case 'text':
        case 'code':
          return n.v;
        case 'br':
          return '\n';
        case 'mention':
          return `@${names(n.id)}`;
        default:
          return plainText(n.c, names);
      }
    })
    .join('');
}
