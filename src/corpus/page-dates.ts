/**
 * A web page's publication day, from the sources a page offers, most trusted first: structured data
 * (JSON-LD), meta tags, microdata and `<time>` elements, the page's address, and last a dateline
 * printed near the headline. The first source that gives a real day, not in the future, wins: a
 * wrong date is worse than none, so nothing is guessed from elsewhere in the text, and a "modified"
 * or "updated" date is never taken for the publication date.
 *
 * Dates are taken as written: `2022-02-21T23:30-05:00` is the 21st, the day where it was published.
 * This file weighs the candidates; the sources are read in page-dates-markup.ts (JSON-LD, meta tags,
 * microdata, `<time>`), page-dates-url.ts (the address) and page-dates-text.ts (what a reader sees).
 */
import type { DomDocument } from './dom.js';
import { jsonLdDates, metaDates, microdataDates, timeDates } from './page-dates-markup.js';
import { datelineDates, labelledDates, markedDates, selfLinkDates } from './page-dates-text.js';
import { urlDates } from './page-dates-url.js';
import { HOUR, localDay, readClock } from './page-dates-zones.js';

export interface PageDateOptions {
  /** The page's address, when known; its canonical link or `og:url` otherwise. */
  url?: string;
  /** `YYYY-MM-DD`: a later date is in the future and never used. */
  today: string;
}

/** Where a date came from (for tests and debugging). */
export type DateSource = 'json-ld' | 'meta' | 'microdata' | 'time' | 'url' | 'dateline' | 'label' | 'marked' | 'self-link';

export interface DateCandidate {
  date: string;
  source: DateSource;
  /** The machine-readable value as written (`2023-11-09T01:49:09Z`), for the time-zone check. */
  value?: string;
  /** A dateline's distance from the headline, in characters of text. */
  distance?: number;
  /** The words just before a written date ("Updated", "Aktualisiert am"). */
  before?: string;
  /** A dateline that dates an update ("Updated May 6, 2019"): never the publication date. */
  updated?: boolean;
  /** A dateline that says the page changed since ("January 19, 2020 / 12:25 PM / Updated 8 hours ago"). */
  revised?: boolean;
  /** A meta tag named only "date" (`date`, `DC.date`): it does not say which of the page's dates it is. */
  generic?: boolean;
}

/** Older pages than this are not news pages with a trustworthy date (and "1970-01-01" is a null). */
const EARLIEST = '1995-01-01';

/** The page's publication day, or undefined when no source gives a credible one. */
export function pagePublished(document: DomDocument, opts: PageDateOptions): DateCandidate | undefined {
  const ok = (date: string | null): date is string => date !== null && date >= EARLIEST && date <= opts.today;
  const usable = (candidate: DateCandidate) => ok(candidate.date) && !placeholder(candidate);
  let found = allDateCandidates(document, opts, false).filter(usable);
  if (!found.some((candidate) => !candidate.updated)) {
    found = [...found, ...LAST_RESORT.flatMap((read) => read(document, opts)).filter(usable)];
  }
  const all = found.filter((candidate) => !candidate.updated);
  if (!all[0]) return undefined;
  const first = revisedSince(explicitOverGeneric(all[0], all), all);
  const local = localDay(first, all, document);
  const chosen = local && ok(local) ? { ...first, date: local } : first;
  const outvoted = betterSupported(chosen, all);
  if (outvoted) return outvoted;
  if (updatedSince(chosen, found) || headDisagrees(chosen, all) || datelineDisagrees(chosen, all)) return undefined;
  return chosen;
}

/**
 * A meta tag named only "date" does not say which date it holds (publishing systems often write the
 * last change there); the body's microdata that says `datePublished` does, and wins when they differ.
 */
function explicitOverGeneric(first: DateCandidate, all: DateCandidate[]): DateCandidate {
  if (first.source !== 'meta' || !first.generic) return first;
  return all.find((candidate) => candidate.source === 'microdata' && candidate.date !== first.date) ?? first;
}

/**
 * The dateline by the headline gives an earlier day and says the page was updated since ("January 19,
 * 2020 / 12:25 PM / Updated 8 hours ago"): the head's later day is the update's, the dateline's the
 * publication's.
 */
function revisedSince(first: DateCandidate, all: DateCandidate[]): DateCandidate {
  if (WITNESS[first.source] !== 'head') return first;
  const dateline = all.find((candidate) => candidate.source === 'dateline');
  if (!dateline?.revised || dateline.date >= first.date || (dateline.distance ?? Infinity) > DATELINE_NEAR) return first;
  return dateline;
}

/** A dateline this close under the headline is the page's own, not a related item's. */
const DATELINE_NEAR = 60;

/**
 * The dateline right under the headline names another day than the one source that gives the chosen
 * day: one witness against another, and which is right is a guess.
 */
function datelineDisagrees(chosen: DateCandidate, all: DateCandidate[]): boolean {
  if (chosen.source === 'dateline') return false;
  const dateline = all.find((candidate) => candidate.source === 'dateline');
  if (!dateline || dateline.date === chosen.date || (dateline.distance ?? Infinity) > DATELINE_NEAR) return false;
  // The head gives the dateline's day too, as a later tag: the dateline shows a revision, the head the original.
  if (all.some((c) => c.source !== 'dateline' && c.date === dateline.date)) return false;
  // Microdata and a <time> element agreeing count as two here: the body marks the day twice.
  const sources = new Set(all.filter((c) => c.date === chosen.date).map((c) => (WITNESS[c.source] === 'head' ? 'head' : c.source)));
  return sources.size <= 1;
}

/**
 * A machine-readable January 1st with no time of day (or midnight): what a publishing system writes
 * when it knows only a year, or leaves a field at its default ("01/01/2004") — no evidence of a day.
 */
function placeholder(candidate: DateCandidate): boolean {
  if (!candidate.value || !candidate.date.endsWith('-01-01')) return false;
  const clock = readClock(candidate.value);
  return !clock || clock.reading % (24 * HOUR) === 0;
}

/**
 * The page's JSON-LD and meta tags name different days (not the same instant written in two zones),
 * and nothing outside the head confirms the chosen one: one of them is stale, and which is a guess.
 */
function headDisagrees(chosen: DateCandidate, all: DateCandidate[]): boolean {
  if (chosen.source !== 'json-ld' && chosen.source !== 'meta') return false;
  const ld = all.find((candidate) => candidate.source === 'json-ld');
  const meta = all.find((candidate) => candidate.source === 'meta');
  if (!ld || !meta || ld.date === meta.date || sameInstant(ld, meta)) return false;
  const seen = witnesses(chosen.date, all);
  return !(seen.has('body') || seen.has('url') || seen.has('dateline'));
}

function sameInstant(a: DateCandidate, b: DateCandidate): boolean {
  const x = a.value ? readClock(a.value) : null;
  const y = b.value ? readClock(b.value) : null;
  if (!x || !y || x.offset === null || y.offset === null) return false;
  return x.reading - x.offset * 60_000 === y.reading - y.offset * 60_000;
}

/**
 * Independent witnesses of a date: the page's head (JSON-LD and meta tags, which publishing systems
 * fill from the same field), the marked-up elements in its body (microdata, `<time>`), its address,
 * and the dateline a reader sees.
 */
const WITNESS: Partial<Record<DateSource, string>> = {
  'json-ld': 'head',
  meta: 'head',
  microdata: 'body',
  time: 'body',
  url: 'url',
  dateline: 'dateline',
};

function witnesses(date: string, all: DateCandidate[]): Set<string> {
  const out = new Set<string>();
  const seen = new Set<DateSource>();
  for (const candidate of all) {
    // Each source's best date only: a head's later meta tags and the page's other datelines are weaker.
    if (seen.has(candidate.source)) continue;
    seen.add(candidate.source);
    const witness = WITNESS[candidate.source];
    if (witness && candidate.date === date) out.add(witness);
  }
  return out;
}

/**
 * Another day that more independent sources give than the chosen one: a publishing system's head
 * tags can carry a stale or wrong day (the day a draft was created, a template's default) while the
 * page's body and dateline agree on another.
 */
function betterSupported(chosen: DateCandidate, all: DateCandidate[]): DateCandidate | undefined {
  const support = witnesses(chosen.date, all).size;
  let best: DateCandidate | undefined;
  let bestSupport = support;
  for (const candidate of all) {
    if (candidate.date === chosen.date || !WITNESS[candidate.source]) continue;
    const n = witnesses(candidate.date, all).size;
    if (n > bestSupport) {
      best = candidate;
      bestSupport = n;
    }
  }
  return best;
}

/**
 * The page shows only a later "updated" day by its headline, and nothing the reader sees confirms the
 * declared publication day: the declared day may be when the page's record was created rather than
 * when what is on it was published, and which one the page means is a guess.
 */
function updatedSince(chosen: DateCandidate, all: DateCandidate[]): boolean {
  const update = all.find((candidate) => candidate.updated);
  if (!update || update.date <= chosen.date) return false;
  return !all.some((candidate) => candidate.date === chosen.date && (candidate.source === 'dateline' || candidate.source === 'time'));
}

/** Every date each source gives, in trust order, before the checks (for debugging and measuring). */
function allDateCandidates(document: DomDocument, opts: PageDateOptions, lastResort = true): DateCandidate[] {
  return [...SOURCES, ...(lastResort ? LAST_RESORT : [])].flatMap((read) => read(document, opts));
}

type SourceReader = (document: DomDocument, opts: PageDateOptions) => DateCandidate[];

const SOURCES: SourceReader[] = [
  jsonLdDates,
  metaDates,
  microdataDates,
  timeDates,
  urlDates,
  datelineDates,
  labelledDates,
];
/** Read only when no other source gives a usable day (it walks the whole page). */
const LAST_RESORT: SourceReader[] = [markedDates, selfLinkDates];
