/** One file's bytes to an `Article`, or an `IngestError` saying what is wrong with it. Pure: no I/O. */
import { blocksToUnits, removeEmbeddedMarkup, splitBlocks } from './blocks.js';
import type { RawBlock } from './blocks.js';
import { stripChrome } from './chrome.js';
import type { Removal } from './chrome.js';
import { DEFAULT_MAX_BYTES, decodeText } from './decode.js';
import { ingestError } from './errors.js';
import { parseFrontMatter } from './front-matter.js';
import { htmlArticle } from './html.js';
import { isoDatePart, latestToday } from './iso-date.js';
import { markdownBlocks } from './markdown.js';
import { toParagraphs } from './paragraphs.js';
import { articleId, extensionOf } from './slug.js';
import type { Article, ArticleMeta, IngestError } from './types.js';

export interface ParseOptions {
  /** Larger files are rejected. Default 2 MiB: far above any article, far below a mistaken dump. */
  maxBytes?: number;
  /** `YYYY-MM-DD` after which a `published` date is "in the future". Default: today (see latestToday). */
  today?: string;
  /** Called for each line removed as page chrome, with the rule that removed it. */
  onRemoved?: (removal: Removal) => void;
  /**
   * The address the file was fetched from (an article added by link, see sources.ts): its `url`
   * unless the front matter gives one, and what a page's dates and site are read against.
   */
  url?: string;
}

export const SUPPORTED_EXTENSIONS = ['.md', '.txt', '.html', '.htm'] as const;

function isSupported(file: string): boolean {
  return (SUPPORTED_EXTENSIONS as readonly string[]).includes(extensionOf(file));
}

/**
 * Parses one article file. `file` is its name relative to the corpus folder; the id comes from it.
 * Never throws: a bad file becomes an `IngestError` so one file cannot stop a corpus from loading.
 */
export function parseArticle(file: string, bytes: Uint8Array, opts: ParseOptions = {}): Article | IngestError {
  try {
    return parse(file, bytes, opts);
  } catch (err) {
    // Every expected problem is reported above; this is the guarantee that nothing escapes.
    return ingestError(file, `could not be parsed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function parse(file: string, bytes: Uint8Array, opts: ParseOptions): Article | IngestError {
  const extension = extensionOf(file);
  if (!isSupported(file)) {
    const what = extension ? `unsupported file type "${extension}"` : 'no file extension';
    return ingestError(file, `${what}; use ${SUPPORTED_EXTENSIONS.join(', ')}`);
  }
  const id = articleId(file);
  if (id === '') return ingestError(file, 'the file name has no letters or digits to make an id from');

  const isHtml = extension === '.html' || extension === '.htm';
  const decoded = decodeText(bytes, opts.maxBytes ?? DEFAULT_MAX_BYTES, { html: isHtml });
  if (!decoded.ok) return ingestError(file, decoded.reason);
  const today = opts.today ?? latestToday();
  const front = parseFrontMatter(decoded.text, today);
  if (!front.ok) return ingestError(file, front.reason);
  if (front.body.trim() === '') return ingestError(file, 'no article text after the front matter');

  let meta: Partial<ArticleMeta> = opts.url && !front.meta.url ? { ...front.meta, url: opts.url } : front.meta;
  let blocks: RawBlock[];
  if (isHtml) {
    const page = htmlArticle(front.body, { today, ...(meta.url ? { url: meta.url } : {}) });
    meta = { ...pageMeta(page.meta, today), ...meta };
    blocks = page.blocks;
  } else {
    const body = removeEmbeddedMarkup(front.body);
    blocks = extension === '.md' ? markdownBlocks(body) : splitBlocks(body);
  }

  const cleaned = stripChrome(blocksToUnits(blocks), meta);
  if (opts.onRemoved) cleaned.removed.forEach(opts.onRemoved);
  const paragraphs = toParagraphs(id, cleaned.units);
  if (paragraphs.length === 0) return ingestError(file, 'no article text left after removing page chrome');

  return {
    id,
    file,
    title: meta.title ?? cleaned.title ?? id,
    ...(meta.outlet ? { outlet: meta.outlet } : {}),
    ...(meta.url ? { url: meta.url } : {}),
    ...(meta.published ? { published: meta.published } : {}),
    ...(meta.author ? { author: meta.author } : {}),
    paragraphs,
  };
}

/**
 * Metadata a web page declares about itself. Unlike front matter, which a person wrote for us, a bad
 * value here (an unparseable or future date) is dropped rather than failing the file.
 */
function pageMeta(page: Partial<Record<keyof ArticleMeta, string>>, today: string): Partial<ArticleMeta> {
  const meta: Partial<ArticleMeta> = {};
  if (page.title) meta.title = page.title;
  if (page.outlet) meta.outlet = page.outlet;
  if (page.author) meta.author = page.author;
  const published = page.published ? isoDatePart(page.published) : null;
  if (published && published <= today) meta.published = published;
  return meta;
}
