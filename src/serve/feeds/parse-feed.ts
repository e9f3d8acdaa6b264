/**
 * A feed's bytes to its title and items: RSS 0.9x/1.0 (RDF)/2.0 and Atom, read by
 * @rowanmanning/feed-parser (fast-xml-parser underneath: external entities refused, entity
 * expansion capped in size, chained entities left unexpanded). Links come out absolute and http(s)
 * only; every step is linear in the feed's size.
 */
import { parseFeed as parseXmlFeed } from '@rowanmanning/feed-parser';
import { UserError } from '../../errors.js';

export interface FeedItem {
  /** The item's guid (RSS) or id (Atom), else its link. */
  id: string;
  /** Absolute http(s) address of the item's page. */
  link: string;
  title: string;
  /** ISO 8601, when the feed dates the item. */
  published?: string;
}

export interface ParsedFeed {
  title: string;
  /** The site the feed belongs to, absolute, when it names one. */
  link?: string;
  /** In feed order. Items without an http(s) link are left out. */
  items: FeedItem[];
}

/** The `encoding` of an XML declaration, read from the first bytes as Latin-1. */
const XML_ENCODING = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;
/** Runs of whitespace (and line breaks) inside a title. */
const WHITESPACE = /\s+/g;
/** A markup tag inside a title (CDATA titles often carry <b>, <em>). Linear: no nesting, no backtracking. */
const TAG = /<[^<>]*>/g;
/** A full stop ending an error message. */
const FINAL_STOP = /\.$/;
/** How much of the body the encoding sniffer looks at. */
const DECLARATION_BYTES = 256;
/** The longest title kept: longer ones are cut (a title is shown in lists and replies). */
const MAX_TITLE = 300;

/**
 * Parses a feed fetched from `url` (its address after redirects: relative links resolve against
 * it). Throws a UserError naming the address when the body is not XML or not an RSS or Atom feed.
 */
export function parseFeed(bytes: Uint8Array, url: string): ParsedFeed {
  const text = decodeXml(bytes);
  const notFeed = (why: string) => new UserError(`${url} is not an RSS or Atom feed: ${why}.`);
  if (!text.trim()) throw notFeed('the body is empty');
  if (!text.trimStart().startsWith('<')) throw notFeed('the body is not XML');
  let feed: ReturnType<typeof parseXmlFeed>;
  try {
    feed = parseXmlFeed(text);
  } catch (err) {
    throw notFeed(reasonOf(err));
  }
  // Each item resolves its link against `feed.url`, a getter that walks the whole channel (every
  // item included): quadratic on a long feed. Read once and kept as a plain property, it is linear.
  Object.defineProperty(feed, 'url', { value: feed.url });
  const site = absoluteHttp(feed.url, url);
  const items: FeedItem[] = [];
  for (const item of feed.items) {
    const link = absoluteHttp(item.url, site ?? url);
    if (!link) continue;
    const published = item.published ?? item.updated;
    items.push({
      id: item.id?.trim() || link,
      link,
      title: cleanTitle(item.title) || link,
      ...(published && !Number.isNaN(published.getTime()) ? { published: published.toISOString() } : {}),
    });
  }
  return { title: cleanTitle(feed.title) || url, ...(site ? { link: site } : {}), items };
}

/** The library's reason, made one short clause ("The XML document could not be parsed as a feed"). */
function reasonOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const first = message.split('\n', 1)[0]!.trim().replace(FINAL_STOP, '');
  if (first === 'The XML document could not be parsed as a feed')
    return 'the body is not XML, or its root is neither <rss>, <rdf:RDF> nor <feed>';
  if (first === 'External entities are not supported')
    return 'it declares external entities, which are refused';
  return first.slice(0, 160).toLowerCase() || 'it could not be read';
}

/** `href` resolved against `base`, when it is an http(s) address; undefined otherwise. */
function absoluteHttp(href: string | null | undefined, base: string): string | undefined {
  if (!href?.trim()) return undefined;
  let resolved: URL;
  try {
    resolved = new URL(href.trim(), base);
  } catch {
    return undefined;
  }
  return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.href : undefined;
}

function cleanTitle(title: string | null | undefined): string {
  const clean = (title ?? '').replace(TAG, '').replace(WHITESPACE, ' ').trim();
  return clean.length > MAX_TITLE ? `${clean.slice(0, MAX_TITLE - 1)}…` : clean;
}

/**
 * Bytes to text in the encoding the document names: a BOM, else the XML declaration's `encoding`,
 * else UTF-8 (XML's default). Undecodable bytes become U+FFFD rather than failing a whole feed.
 */
function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decode('utf-8', bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode('utf-16le', bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode('utf-16be', bytes.subarray(2));
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, DECLARATION_BYTES));
  const declared = XML_ENCODING.exec(head)?.[1];
  return decode(declared ?? 'utf-8', bytes);
}

function decode(encoding: string, bytes: Uint8Array): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes);
}
