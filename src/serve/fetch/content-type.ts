/**
 * Which bodies a fetch keeps: a page is HTML or plain text, a feed is XML. A body without a usable
 * content type is judged by its first bytes (a small subset of the WHATWG sniffing rules): markup
 * that opens like HTML, text without binary bytes, or an XML declaration or feed root element.
 */

export type FetchKind = 'page' | 'feed';

const PAGE_TYPES = new Set(['text/html', 'application/xhtml+xml', 'text/plain']);
const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/xml',
  'text/xml',
]);
/** Types servers send when they do not know better: a feed served so is judged by its bytes. */
const GENERIC_TYPES = new Set(['', 'text/plain', 'application/octet-stream', 'binary/octet-stream']);

/** The Accept header each kind sends. */
export const ACCEPT: Record<FetchKind, string> = {
  page: 'text/html, application/xhtml+xml;q=0.9, text/plain;q=0.8',
  feed: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9',
};

/** How many leading bytes the sniffing looks at. */
const SNIFF_BYTES = 1024;
const LEADING_SPACE = /^(?:\u00ef\u00bb\u00bf)?[\t\n\f\r ]*/;
const HTML_START =
  /^<(?:!doctype html|html|head|body|title|script|style|iframe|div|table|font|h1|br|p|a|b|!--)[\t\n\f\r >]/i;
const XML_START = /^<(?:\?xml|rss|feed|rdf:rdf)[\t\n\f\r >]/i;
/** Bytes that do not occur in text (WHATWG's "binary data bytes"). */
// eslint-disable-next-line no-control-regex -- control bytes are what marks a body as binary
const BINARY_BYTE = /[\u0000-\u0008\u000b\u000e-\u001a\u001c-\u001f]/;

/** The media type of a Content-Type header, lower-cased and without parameters ('' when missing). */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/**
 * What to do with a declared type before the body is read: 'accept' it, 'sniff' the body, or
 * 'refuse' it.
 */
export function judgeType(kind: FetchKind, type: string): 'accept' | 'sniff' | 'refuse' {
  if ((kind === 'page' ? PAGE_TYPES : FEED_TYPES).has(type)) return 'accept';
  if (type === '' || (kind === 'feed' && GENERIC_TYPES.has(type))) return 'sniff';
  return 'refuse';
}

/** The type the first bytes of `body` show for `kind`, or null when they show none it keeps. */
export function sniffType(kind: FetchKind, body: Uint8Array): string | null {
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, SNIFF_BYTES)).toString(
    'latin1',
  );
  const start = head.replace(LEADING_SPACE, '');
  if (kind === 'feed') return XML_START.test(start) ? 'application/xml' : null;
  if (HTML_START.test(start)) return 'text/html';
  return BINARY_BYTE.test(head) ? null : 'text/plain';
}
