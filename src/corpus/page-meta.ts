/**
 * Metadata a web page declares about itself: title, outlet, author, publication date. Read from the
 * whole document before anything is removed from it (the JSON-LD that carries `datePublished` is a
 * `<script>`), then completed with what Readability found.
 */
import type { DomDocument } from './dom.js';
import { pagePublished } from './page-dates.js';
import { collapseWhitespace } from './text.js';
import type { ArticleMeta } from './types.js';

export type PageMeta = Partial<Record<keyof ArticleMeta, string>>;

export interface PageMetaOptions {
  /** The page's address when known (a link it was fetched from); the page's own canonical URL otherwise. */
  url?: string;
  /** `YYYY-MM-DD`: a publication date after it is in the future and never used. */
  today: string;
}

/** What the page's markup declares; called on the untouched document. */
export function readPageMeta(document: DomDocument, opts: PageMetaOptions): PageMeta {
  const meta: PageMeta = {};
  const published = pagePublished(document, opts);
  if (published) meta.published = published.date;
  const h1 = collapseWhitespace(document.querySelector('h1')?.textContent ?? '');
  const ogTitle = collapseWhitespace(document.querySelector('meta[property="og:title"]')?.getAttribute?.('content') ?? '');
  if (h1 || ogTitle) meta.title = h1 || ogTitle;
  return meta;
}

/** What Readability read from the page (it reads some of the same sources, after scripts are gone). */
export interface ReadabilityMeta {
  title?: string | null;
  siteName?: string | null;
  byline?: string | null;
  publishedTime?: string | null;
}

/** "By Jane Doe": the word before the name in a byline. */
const BYLINE_PREFIX = /^by\s+/i;

/** The page's metadata: what the markup declares first, then Readability's findings, then the `<title>`. */
export function completePageMeta(declared: PageMeta, readability: ReadabilityMeta | null, documentTitle: string): PageMeta {
  const meta: PageMeta = { ...declared };
  setIf(meta, 'outlet', readability?.siteName);
  setIf(meta, 'author', readability?.byline?.replace(BYLINE_PREFIX, ''));
  setIf(meta, 'published', readability?.publishedTime);
  setIf(meta, 'title', readability?.title);
  setIf(meta, 'title', documentTitle);
  return meta;
}

function setIf(meta: PageMeta, key: keyof ArticleMeta, value: string | null | undefined) {
  if (meta[key]) return;
  const cleaned = value ? collapseWhitespace(value) : '';
  if (cleaned) meta[key] = cleaned;
}
