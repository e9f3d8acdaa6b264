/**
 * Metadata a web page declares about itself: title, outlet, author, publication date. Read from the
 * whole document before anything is removed from it (the JSON-LD that carries `datePublished` is a
 * `<script>`), then completed with what Readability found. See README.md, "Page metadata".
 */
import type { DomDocument } from './dom.js';
import { pagePublished } from './page-dates.js';
import { jsonLdBlocks, ldThings } from './page-dates-markup.js';
import { pageUrl } from './page-dates-url.js';
import { headlineElement, readableText, safeTitle } from './page-headline.js';
import { collapseWhitespace, comparable } from './text.js';
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
  const site = siteFacts(document, opts.url);
  const outlet = pageOutlet(document, site);
  if (outlet) meta.outlet = outlet;
  const title = pageTitle(document, site, outlet);
  if (title) meta.title = title;
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

/**
 * The page's metadata: what the markup declares first, then Readability's findings, then the `<title>`.
 * Readability's publication time is not used: it reads the same meta tags and JSON-LD, without the
 * checks page-dates.ts makes (a `dateModified`-only page, a date from a related story).
 */
export function completePageMeta(declared: PageMeta, readability: ReadabilityMeta | null, documentTitle: string): PageMeta {
  const meta: PageMeta = { ...declared };
  setIf(meta, 'author', readability?.byline?.replace(BYLINE_PREFIX, ''));
  setIf(meta, 'title', readability?.title);
  setIf(meta, 'title', documentTitle);
  return meta;
}

function setIf(meta: PageMeta, key: keyof ArticleMeta, value: string | null | undefined) {
  if (meta[key]) return;
  const cleaned = value ? collapseWhitespace(value) : '';
  if (cleaned) meta[key] = cleaned;
}

// ---------------------------------------------------------------------------------------------------
// What identifies the site

interface SiteFacts {
  /** The host without `www.` (`nytimes.com`), or '' when the page's address is unknown. */
  host: string;
  /** The page's titles as written: `<title>`, `og:title`, `twitter:title`, JSON-LD `headline`. */
  titles: string[];
  /** Title segments that look like the site's name: repeated across the titles, or like the host. */
  siteSegments: string[];
}

/** " | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / ": what separates a headline from a site name. */
const TITLE_SEPARATOR = /\s+(?:[|–—·»/]|::|-)\s+/;
const WWW = /^www\d?\./;

function siteFacts(document: DomDocument, url: string | undefined): SiteFacts {
  const address = pageUrl(document, url);
  const host = address ? new URL(address).hostname.replace(WWW, '').toLowerCase() : '';
  const titles = [
    safeTitle(document),
    metaContent(document, 'meta[property="og:title"]'),
    metaContent(document, 'meta[name="twitter:title"]'),
    ldHeadline(document),
  ]
    .map((title) => collapseWhitespace(decodeEntities(title ?? '')));
  // A first or last segment that two different titles share, or that names the host, is the site's name.
  const distinct = [...new Set(titles.filter(Boolean))];
  // A shared first segment is as often a section ("Opinion | …") as the site, so it must name the host.
  const firsts = distinct.flatMap((title) => {
    const parts = title.split(TITLE_SEPARATOR);
    return parts.length > 1 ? [parts[0]!] : [];
  });
  const lasts = distinct.flatMap((title) => {
    const parts = title.split(TITLE_SEPARATOR);
    return parts.length > 1 ? [parts.at(-1)!] : [];
  });
  const siteSegments = [
    ...lasts.filter(
      (end, i) => relatesToHost(end, host) || lasts.some((other, j) => j !== i && comparable(other) === comparable(end)),
    ),
    ...firsts.filter((end) => relatesToHost(end, host)),
  ];
  return { host, titles, siteSegments: [...new Set(siteSegments)] };
}

function metaContent(document: DomDocument, selector: string): string {
  return collapseWhitespace(decodeEntities(document.querySelector(selector)?.getAttribute?.('content') ?? ''));
}

/** `&#8211;`, `&#039;`, `&amp;`: markup that publishing systems escape twice, so it reaches us as text. */
const ENTITY = /&(?:#(\d{1,7})|#x([\da-f]{1,6})|(amp|lt|gt|quot|apos|nbsp));/gi;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name.toLowerCase()] ?? whole;
    const code = dec ? Number(dec) : parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The JSON-LD objects of article and web-page types, outermost first. */
function ldArticles(document: DomDocument): Record<string, unknown>[] {
  return ldThings(jsonLdBlocks(document))
    .filter(({ types }) => types.some((t) => LD_ARTICLE_OR_PAGE.test(t)))
    .map(({ node }) => node);
}

const LD_ARTICLE_OR_PAGE = /article|posting|report|blog|webpage/i;

function ldHeadline(document: DomDocument): string {
  for (const node of ldArticles(document)) {
    const headline = node['headline'] ?? node['name'];
    if (typeof headline === 'string' && headline.trim()) return headline;
  }
  return '';
}

const LEADING_THE = /^the(?=.{3})/;

/** Letters and digits only, lowercase: "The Hill" → "thehill", "nytimes.com" → "nytimescom". */
function squashed(text: string): string {
  return comparable(text).replace(SPACES, '');
}
const SPACES = / /g;

/** Second-level labels under a country's domain: `co.uk`, `com.br`, `org.au`. */
const GENERIC_SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'gov', 'ac', 'edu', 'or', 'ne', 'go']);

/** The host's own name: "nytimes" for www.nytimes.com, "telegraph" for telegraph.co.uk, "sky" for news.sky.com. */
function hostName(host: string): string {
  const labels = host.split('.');
  labels.pop();
  if (labels.length > 1 && GENERIC_SECOND_LEVEL.has(labels.at(-1)!)) labels.pop();
  return labels.at(-1) ?? '';
}

/** Whether every letter of `short` appears in `long`, in order, starting with the same letter. */
function isAbbreviationOf(short: string, long: string): boolean {
  if (short[0] !== long[0]) return false;
  let i = 0;
  for (const c of long) if (c === short[i]) i++;
  return i === short.length;
}

/**
 * Whether a name could be the site at `host`: the host's name holds it ("The Hill" and thehill.com,
 * "Vox" and vox.com), it is the host's name with a word or two more ("Live Science" and
 * livescience.com), or the host's name abbreviates it ("Los Angeles Times" and latimes.com,
 * "Connecticut Post" and ctpost.com). A section name ("Politics", "U.S.") relates to no host.
 */
function relatesToHost(name: string, host: string): boolean {
  const label = squashed(hostName(host));
  const key = squashed(name).replace(LEADING_THE, '');
  if (key.length < 3 || label.length < 2) return false;
  if (label.includes(key)) return true;
  // A long name that contains the host's name is a headline about the site, not its name.
  const words = comparable(name).split(' ').length;
  if (words <= 4 && key.includes(label) && (label.length >= 4 || key.startsWith(label))) return true;
  return words <= 6 && label.length >= 4 && isAbbreviationOf(label, key);
}

// ---------------------------------------------------------------------------------------------------
// Outlet

/** An outlet name is a name, not a sentence or a list of sections. */
const MAX_OUTLET_LENGTH = 60;
const URL_LIKE = /^(?:https?:\/\/|www\.)/i;
const AT_HANDLE = /^@/;

/**
 * The publishing organisation: JSON-LD `publisher.name`; then `og:site_name` and `application-name`
 * when they name the site (not a section such as "Politics": the name relates to the host or is the
 * site name in the page's titles); then the site name the titles repeat; then the host.
 */
function pageOutlet(document: DomDocument, site: SiteFacts): string | undefined {
  // A publisher that is not the site is often the wire service a syndicated story came from.
  const declared = [
    ldPublisher(document),
    metaContent(document, 'meta[property="og:site_name"]'),
    metaContent(document, 'meta[name="application-name"]'),
  ];
  for (const raw of declared) {
    const name = raw ? cleanOutlet(raw, site) : undefined;
    if (name && namesSite(name, site)) return name;
  }
  const fromTitles = site.siteSegments.map((segment) => cleanOutlet(segment, site)).find(Boolean);
  if (fromTitles) return fromTitles;
  return site.host || undefined;
}

function namesSite(name: string, site: SiteFacts): boolean {
  // Nothing to check it against: a page with no address and no site name in its titles.
  if (!site.host && site.siteSegments.length === 0) return true;
  if (relatesToHost(name, site.host)) return true;
  const key = comparable(name);
  return site.siteSegments.some((segment) => comparable(segment) === key);
}

/**
 * A site name as written, tidied: an address becomes its host, a handle loses its "@", and "Name |
 * tagline | …" keeps the part that names the site.
 */
function cleanOutlet(raw: string, site: SiteFacts): string | undefined {
  let name = collapseWhitespace(raw);
  if (URL_LIKE.test(name)) {
    try {
      name = new URL(name.startsWith('www.') ? `https://${name}` : name).hostname.replace(WWW, '');
    } catch {
      return undefined;
    }
  }
  name = name.replace(AT_HANDLE, '');
  const parts = name.split(TITLE_SEPARATOR);
  if (parts.length > 1) name = parts.find((part) => relatesToHost(part, site.host)) ?? parts[0]!;
  if (!name || name.length > MAX_OUTLET_LENGTH) return undefined;
  return name;
}

/** The `publisher` of the page's article (or of any object that names one), when it is a name. */
function ldPublisher(document: DomDocument): string {
  const things = ldThings(jsonLdBlocks(document));
  const ordered = [
    ...things.filter(({ types }) => types.some((t) => LD_ARTICLE_OR_PAGE.test(t))),
    ...things,
  ];
  for (const { node } of ordered) {
    const publisher = Array.isArray(node['publisher']) ? node['publisher'][0] : node['publisher'];
    const name =
      typeof publisher === 'string'
        ? publisher
        : publisher && typeof publisher === 'object'
          ? (publisher as Record<string, unknown>)['name']
          : undefined;
    if (typeof name === 'string') {
      const cleaned = collapseWhitespace(name);
      if (cleaned) return cleaned;
    }
  }
  return '';
}

// ---------------------------------------------------------------------------------------------------
// Title

/**
 * The headline: the heading the page's titles repeat (its own words, no site name); else the first of
 * JSON-LD `headline`, `og:title`, `twitter:title`, `<title>` with the site's name cut from either end;
 * else the first `<h1>`, read without the text of buttons inside it.
 */
function pageTitle(document: DomDocument, site: SiteFacts, outlet: string | undefined): string | undefined {
  const isSiteName = (text: string) =>
    comparable(text) === comparable(outlet ?? '') || site.siteSegments.some((s) => comparable(s) === comparable(text));
  const headline = headlineElement(document);
  const headlineText = headline ? collapseWhitespace(decodeEntities(readableText(headline))) : '';
  const fromTitles = [site.titles[3], site.titles[1], site.titles[2], site.titles[0]]
    .filter((t): t is string => !!t)
    .map((title) => withoutSiteName(title, site, outlet))
    .find((title) => title && !isSiteName(title));
  // The heading's own words when the titles say the same (a heading that is only a section name does not).
  const headlineKey = comparable(headlineText);
  const titleKey = comparable(fromTitles ?? '');
  if (headlineKey && titleKey.includes(headlineKey) && headlineKey.length >= 0.6 * titleKey.length) return headlineText;
  if (fromTitles) return fromTitles;
  if (headlineText && !isSiteName(headlineText)) return headlineText;
  return undefined;
}

/** `title` without a site name at its end or start: "Headline | Reuters" → "Headline". */
function withoutSiteName(title: string, site: SiteFacts, outlet: string | undefined): string {
  const parts = title.split(TITLE_SEPARATOR);
  if (parts.length < 2) return title;
  const isSite = (part: string) =>
    (outlet && comparable(part) === comparable(outlet)) ||
    relatesToHost(part, site.host) ||
    site.siteSegments.some((segment) => comparable(segment) === comparable(part));
  // Cut at the separator itself, so a headline with its own " - " keeps it.
  const last = parts.at(-1)!;
  if (isSite(last)) return title.slice(0, title.lastIndexOf(last)).replace(TRAILING_SEPARATOR, '').trim();
  const first = parts[0]!;
  if (isSite(first)) return title.slice(first.length).replace(LEADING_SEPARATOR, '').trim();
  return title;
}

const TRAILING_SEPARATOR = /\s+(?:[|–—·»/]|::|-)\s*$/;
const LEADING_SEPARATOR = /^\s*(?:[|–—·»/]|::|-)\s+/;
