/** Optional YAML front matter at the top of `.md` / `.txt` files, validated field by field. */
import { parseDocument } from 'yaml';
import { isoDatePart } from './iso-date.js';
import { collapseWhitespace } from './text.js';
import type { ArticleMeta } from './types.js';

export type FrontMatter =
  | { ok: true; meta: Partial<ArticleMeta>; body: string }
  | { ok: false; reason: string };

const OPENING = /^---[ \t]*\n/;
// YAML allows `...` as well as `---` to end a front matter block.
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/m;
const LEADING_NEWLINE = /^\n/;

/**
 * Splits `---\n<yaml>\n---\n<body>` and validates the fields we know. Unknown keys are ignored so
 * that files written for other tools (Jekyll, Hugo) load as they are. A file without front matter
 * yields empty metadata and the whole text as body.
 */
export function parseFrontMatter(text: string, today: string): FrontMatter {
  if (!OPENING.test(text)) return { ok: true, meta: {}, body: text };
  const rest = text.replace(OPENING, '');
  const close = CLOSING.exec(rest);
  if (!close) return { ok: false, reason: "front matter is not closed: add a line with only '---' after it" };
  const yamlSource = rest.slice(0, close.index);
  const body = rest.slice(close.index + close[0].length).replace(LEADING_NEWLINE, '');

  let data: unknown;
  try {
    const doc = parseDocument(yamlSource, { uniqueKeys: true, prettyErrors: false });
    const [first] = doc.errors;
    if (first) return { ok: false, reason: `front matter is not valid YAML: ${firstLine(first.message)}` };
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { ok: false, reason: `front matter is not valid YAML: ${firstLine(String(err))}` };
  }
  if (data === null || data === undefined) return { ok: true, meta: {}, body };
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, reason: 'front matter must be YAML "key: value" lines' };
  }
  const meta = validateMeta(data as Record<string, unknown>, today);
  return typeof meta === 'string' ? { ok: false, reason: meta } : { ok: true, meta, body };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

/** The known fields, checked; returns the reason as a string when one is wrong. */
function validateMeta(data: Record<string, unknown>, today: string): Partial<ArticleMeta> | string {
  const meta: Partial<ArticleMeta> = {};
  for (const field of ['title', 'outlet'] as const) {
    const value = textField(data, field);
    if (value instanceof Error) return value.message;
    if (value !== undefined) meta[field] = value;
  }

  const author = data.author;
  if (Array.isArray(author) && author.every((a) => typeof a === 'string')) {
    const names = author.map(collapseWhitespace).filter(Boolean);
    if (names.length > 0) meta.author = names.join(', ');
  } else {
    const value = textField(data, 'author');
    if (value instanceof Error) return value.message;
    if (value !== undefined) meta.author = value;
  }

  const published = data.published;
  if (published !== undefined && published !== null) {
    // A YAML timestamp tag yields a Date; the default schema yields the string as written.
    const raw = published instanceof Date ? published.toISOString() : published;
    const date = typeof raw === 'string' ? isoDatePart(raw) : null;
    if (date === null) {
      return `front matter field "published" is not an ISO date (YYYY-MM-DD): ${JSON.stringify(raw)}`;
    }
    if (date > today) return `front matter field "published" is in the future: ${date}`;
    meta.published = date;
  }

  const url = data.url;
  if (url !== undefined && url !== null) {
    if (typeof url !== 'string' || !isHttpUrl(url.trim())) {
      return `front matter field "url" must be an http(s) URL: ${JSON.stringify(url)}`;
    }
    meta.url = url.trim();
  }
  return meta;
}

/** A short text field: strings and numbers (a title may be `1984`) are accepted, empty means absent. */
function textField(data: Record<string, unknown>, field: string): string | undefined | Error {
  const value = data[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') {
    return new Error(`front matter field "${field}" must be text`);
  }
  const text = collapseWhitespace(String(value));
  return text === '' ? undefined : text;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
