/**
 * Publication dates a page marks up for machines: JSON-LD's `datePublished`, `<meta>` tags, schema.org
 * microdata and microformats, and `<time>` elements (see page-dates.ts for how they are weighed).
 */
import { findTextDate, parseDateValue } from './date-values.js';
import type { DomDocument, DomNode } from './dom.js';
import type { DateCandidate, DateSource } from './page-dates.js';

// JSON-LD

/** Raw control characters (a newline inside a string) make JSON.parse fail; as spaces they are harmless. */
// eslint-disable-next-line no-control-regex
const JSON_CONTROL = /[\u0000-\u001f]+/g;
/** HTML comment or CDATA wrappers some CMSs put around script contents. */
const SCRIPT_WRAPPER = /^\s*(?:<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|\/\/\s*\]\]>|\]\]>)\s*$/g;

/** Types whose `datePublished` is the article's own (schema.org's Article family and blog posts). */
const ARTICLE_TYPE = /article|posting|report|blog|review|story|opinion|analysis/i;
const PAGE_TYPE = /webpage|page$/i;
/** A media object, person or place: its dates are not the article's. */
const OTHER_THING = /image|video|audio|media|person|organization|place|event|product|offer|rating/i;

/** The `application/ld+json` blocks of a page, parsed; malformed ones are skipped. */
export function jsonLdBlocks(document: DomDocument): unknown[] {
  const out: unknown[] = [];
  for (const script of Array.from(document.querySelectorAll('script'))) {
    const type = script.getAttribute?.('type')?.toLowerCase() ?? '';
    if (!type.includes('ld+json')) continue;
    const source = (script.textContent ?? '').replace(SCRIPT_WRAPPER, '').replace(JSON_CONTROL, ' ');
    try {
      out.push(JSON.parse(source));
    } catch {
      // A hand-edited or truncated block: nothing in it can be trusted to mean what it seems.
    }
  }
  return out;
}

interface LdThing {
  types: string[];
  node: Record<string, unknown>;
  /** Inside another object that has its own `datePublished`: a comment, a review, a live blog's update. */
  part: boolean;
}

/** Every object with properties in the JSON-LD, outermost first (`@graph`, arrays, nested values). */
export function ldThings(blocks: unknown[]): LdThing[] {
  const out: LdThing[] = [];
  const visit = (value: unknown, depth: number, part: boolean) => {
    if (depth > 8 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1, part);
      return;
    }
    const node = value as Record<string, unknown>;
    const rawType = node['@type'];
    const types = (Array.isArray(rawType) ? rawType : [rawType]).filter((t): t is string => typeof t === 'string');
    out.push({ types, node, part });
    const dated = part || 'datePublished' in node;
    for (const [key, child] of Object.entries(node)) {
      if (key !== '@context' && typeof child === 'object') visit(child, depth + 1, dated);
    }
  };
  for (const block of blocks) visit(block, 0, false);
  return out;
}

function firstString(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return firstString(value[0]);
  if (value && typeof value === 'object' && '@value' in value) return firstString((value as { '@value': unknown })['@value']);
  return null;
}

/** The article's `datePublished` (or `dateCreated`), then a web page's, then any other's with no media type. */
export function jsonLdDates(document: DomDocument): DateCandidate[] {
  const ranked: { rank: number; date: string | null; value: string }[] = [];
  for (const { types, node, part } of ldThings(jsonLdBlocks(document))) {
    if (part) continue;
    const value = firstString(node['datePublished']) ?? firstString(node['dateCreated']);
    if (value === null) continue;
    const rank = types.some((t) => ARTICLE_TYPE.test(t))
      ? 0
      : types.some((t) => PAGE_TYPE.test(t))
        ? 1
        : types.some((t) => OTHER_THING.test(t))
          ? -1
          : 2;
    if (rank >= 0) ranked.push({ rank, date: parseDateValue(value), value });
  }
  ranked.sort((a, b) => a.rank - b.rank);
  return ranked.filter((r) => r.date !== null).map((r) => ({ date: r.date!, source: 'json-ld' as const, value: r.value }));
}

// ---------------------------------------------------------------------------------------------------
// Meta tags

/**
 * `<meta>` names and properties that carry the publication date, in the order they are trusted: Open
 * Graph's article namespace, schema.org's names, Dublin Core, then the names publishing systems and
 * analytics tags use. A "modified" name is not among them.
 */
const PUBLISHED_META = [
  'article:published_time',
  'og:article:published_time',
  'og:published_time',
  'article:published',
  'datepublished',
  'date_published',
  'published_time',
  'published-date',
  'publish-date',
  'publish_date',
  'publishdate',
  'publication_date',
  'publication-date',
  'pubdate',
  'dc.date.issued',
  'dcterms.issued',
  'dc.date.created',
  'dcterms.created',
  'dc.date',
  'dcterms.date',
  'dc:date',
  'citation_publication_date',
  'citation_date',
  'citation_online_date',
  'prism.publicationdate',
  'sailthru.date',
  'parsely-pub-date',
  'cxenseparse:recs:publishtime',
  'article.published',
  'article.created',
  'article_date_original',
  'originalpublicationdate',
  'datecreated',
  'dateposted',
  'date_created',
  'created',
  'bt:pubdate',
  'rbpubdate',
  'shareaholic:article_published_time',
  'twt-published-at',
  'displaydate',
  'date',
];
const META_RANK = new Map(PUBLISHED_META.map((name, i) => [name, i]));
/** Names that say "date" and nothing more: which of the page's dates they hold is not said. */
const GENERIC_META = new Set(['dc.date', 'dcterms.date', 'dc:date', 'date'].map((name) => META_RANK.get(name)!));

export function metaDates(document: DomDocument): DateCandidate[] {
  const found: { rank: number; date: string; value: string }[] = [];
  for (const meta of Array.from(document.querySelectorAll('meta'))) {
    const content = meta.getAttribute?.('content');
    if (!content) continue;
    for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
      const key = meta.getAttribute?.(attr)?.trim().toLowerCase();
      if (!key) continue;
      if (key === 'parsely-page') {
        const date = parselyDate(content);
        if (date) found.push({ rank: META_RANK.get('parsely-pub-date')!, date, value: content });
        continue;
      }
      const rank = META_RANK.get(key);
      if (rank === undefined) continue;
      const date = parseDateValue(content);
      if (date) found.push({ rank, date, value: content });
    }
  }
  found.sort((a, b) => a.rank - b.rank);
  return found.map(({ rank, date, value }) => ({ date, source: 'meta', value, ...(GENERIC_META.has(rank) ? { generic: true } : {}) }));
}

/** Parse.ly's `parsely-page` meta tag holds JSON with a `pub_date`. */
function parselyDate(content: string): string | null {
  try {
    const value = (JSON.parse(content) as { pub_date?: unknown }).pub_date;
    return typeof value === 'string' ? parseDateValue(value) : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------
// Microdata, microformats and <time>

/** An element's machine-readable date: `content`, `datetime` or `title` (hAtom's `<abbr>`), else its text. */
function elementDate(element: DomNode, source: DateSource): DateCandidate | null {
  for (const attr of ['content', 'datetime', 'title']) {
    const value = element.getAttribute?.(attr);
    if (value) {
      const date = parseDateValue(value);
      if (date) return { date, source, value };
    }
  }
  const date = findTextDate((element.textContent ?? '').slice(0, 200));
  return date ? { date, source } : null;
}

/**
 * schema.org microdata (`itemprop="datePublished"`) outside `<meta>`, and the microformats for a
 * post's publication (hAtom's `published`, h-entry's `dt-published`) — standards, not one site's names.
 */
const MICRODATA = '[itemprop="datePublished"], [itemprop="dateCreated"], .dt-published, abbr.published, time.published';

export function microdataDates(document: DomDocument): DateCandidate[] {
  return unambiguous(candidates(Array.from(document.querySelectorAll(MICRODATA)), 'microdata'));
}

/**
 * Dates from markup that several items on a page carry (microdata, `<time pubdate>`): when they name
 * different days the page lists other articles too, and which date is this article's is a guess.
 */
function unambiguous(found: DateCandidate[]): DateCandidate[] {
  return found.every((c) => c.date === found[0]!.date) ? found : [];
}

function candidates(elements: DomNode[], source: DateSource): DateCandidate[] {
  const out: DateCandidate[] = [];
  for (const element of elements) {
    const candidate = elementDate(element, source);
    if (candidate) out.push(candidate);
  }
  return out;
}

/**
 * A `<time>` marked as the publication (`pubdate`, HTML5's first draft), then the first `<time>` in the
 * article or the page's main content, then the first one outside the page's header, navigation, side
 * bars and footer. A clock in the masthead or a related story's date in a side bar is not used.
 */
export function timeDates(document: DomDocument): DateCandidate[] {
  const marked = unambiguous(candidates(Array.from(document.querySelectorAll('time[pubdate]')), 'time'));
  if (marked.length > 0) return marked;
  const inArticle = document.querySelector('article time[datetime], main time[datetime], [role="main"] time[datetime]');
  if (inArticle) return candidates([inArticle], 'time');
  const first = Array.from(document.querySelectorAll('time[datetime]')).find((time) => !insidePageChrome(time));
  return first ? candidates([first], 'time') : [];
}

const PAGE_CHROME = new Set(['HEADER', 'NAV', 'ASIDE', 'FOOTER']);

export function insidePageChrome(node: DomNode): boolean {
  for (let up = node.parentNode; up; up = up.parentNode) if (PAGE_CHROME.has(up.nodeName)) return true;
  return false;
}
