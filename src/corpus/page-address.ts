/**
 * Pages added by link: the key two addresses of one page share, and the file name a fetched page is
 * saved under. Pure functions, no I/O.
 */

/** Query parameters that track a click and never change the page. */
const TRACKING_PARAM = /^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ocid|cmpid|ref|ref_src|smid|s_cid)$/i;
const LEADING_WWW = /^www\./;
const TRAILING_SLASHES = /\/+$/;
/** A page's own extension in its address ("story.html", "index.php"), dropped from the file name. */
const PAGE_EXTENSION = /\.(?:s?html?|php\d?|aspx?|jsp|cfm)$/i;
const NOT_NAME_CHARS = /[^a-z0-9]+/g;
const EDGE_DASHES = /^-+|-+$/g;
/** A path segment that says nothing about the page ("index", "amp", a bare number). */
const UNINFORMATIVE = /^(?:index|default|amp|article|story|news|\d+)?$/;

/**
 * The address with what does not name a different page taken away: the scheme, a leading "www.",
 * the fragment, tracking parameters and a trailing slash. Two addresses with the same key are the
 * same page. Undefined for a string that is not an http(s) address.
 */
export function addressKey(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const params = [...url.searchParams].filter(([name]) => !TRACKING_PARAM.test(name));
  const query = params.length ? '?' + new URLSearchParams(params).toString() : '';
  const pathname = url.pathname.replace(TRAILING_SLASHES, '') || '/';
  const port = url.port ? `:${url.port}` : '';
  return `${url.hostname.replace(LEADING_WWW, '')}${port}${pathname}${query}`;
}

/**
 * The file name for a page fetched from `address`: its last informative path segment as a slug
 * (else the site's name and the last segment), `.txt` for plain text and `.html` otherwise, and a number added
 * while `taken(name)` says the name is in use.
 */
export function pageFileName(address: string, contentType: string, taken: (name: string) => boolean): string {
  const url = new URL(address);
  const slug = (s: string) => s.toLowerCase().replace(NOT_NAME_CHARS, '-').replace(EDGE_DASHES, '');
  const segments = url.pathname
    .split('/')
    .map((s) => slug(safeDecode(s).replace(PAGE_EXTENSION, '')))
    .filter(Boolean);
  const site = slug(url.hostname.replace(LEADING_WWW, ''));
  // "/world/europe/kremlin-warns-west/" → "kremlin-warns-west"; "/article/12345" → "bbc-co-uk-12345".
  const informative = [...segments].reverse().find((s) => !UNINFORMATIVE.test(s));
  const stem = (informative ?? [site, segments[segments.length - 1]].filter(Boolean).join('-'))
    .slice(0, 80)
    .replace(EDGE_DASHES, '');
  const ext = contentType.toLowerCase().startsWith('text/plain') ? '.txt' : '.html';
  const base = stem || 'page';
  let name = base + ext;
  for (let n = 2; taken(name); n++) name = `${base}-${n}${ext}`;
  return name;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
