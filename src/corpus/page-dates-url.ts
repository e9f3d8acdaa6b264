/** The page's address, and the publication day written in its path (`/2015/03/18/`). */
import { day } from './date-values.js';
import type { DomDocument } from './dom.js';
import type { DateCandidate, PageDateOptions } from './page-dates.js';


/** `/2015/03/18/`, `/2015-03-18-slug`, `/20150318/`, `_2015_03_18`: year, month and day in a path. */
const URL_YMD = /(?<!\d)((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?=[/_.-]|$)/;
const URL_COMPACT = /(?<![\d])((?:19|20)\d{2})(\d{2})(\d{2})(?=[/_.-]|$)/;

/** The page's address: the one it was fetched from, else its canonical link, else `og:url`. */
export function pageUrl(document: DomDocument, url?: string): string | undefined {
  const candidates = [
    url,
    document.querySelector('link[rel="canonical"]')?.getAttribute?.('href'),
    document.querySelector('meta[property="og:url"]')?.getAttribute?.('content'),
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      return new URL(candidate.trim()).href;
    } catch {
      // A relative or broken link tells us nothing about the page's address.
    }
  }
  return undefined;
}

export function urlDates(document: DomDocument, opts: PageDateOptions): DateCandidate[] {
  const address = pageUrl(document, opts.url);
  if (!address) return [];
  const path = new URL(address).pathname;
  for (const pattern of [URL_YMD, URL_COMPACT]) {
    const m = pattern.exec(path);
    if (!m) continue;
    const date = day(Number(m[1]), Number(m[2]), Number(m[3]));
    if (date) return [{ date, source: 'url' }];
  }
  return [];
}
