/**
 * A web page's publication day, from the sources a page offers, most trusted first: structured data
 * (JSON-LD), meta tags, microdata and `<time>` elements, the page's address, and last a dateline
 * printed near the headline. The first source that gives a real day, not in the future, wins: a
 * wrong date is worse than none, so nothing is guessed from elsewhere in the text, and a "modified"
 * or "updated" date is never taken for the publication date.
 *
 * Dates are taken as written: `2022-02-21T23:30-05:00` is the 21st, the day where it was published.
 */
import { ELEMENT_NODE, TEXT_NODE } from './dom.js';
import type { DomDocument, DomNode } from './dom.js';
import { isoDatePart } from './iso-date.js';
import { headlineElement } from './page-headline.js';

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

/** "Updated", "Last updated", "Aktualisiert am", "Mis à jour le", "Actualizado": a change's date, not the article's. */
const UPDATE_LABEL = /(?<!\p{L})(?:updated|update|aktualisiert|geändert|mis à jour|modifié|actualizado|aggiornato|atualizado|bijgewerkt)(?!\p{L})[^\p{L}]*(?:\p{L}+[^\p{L}]*){0,2}$/iu;

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
export function allDateCandidates(document: DomDocument, opts: PageDateOptions, lastResort = true): DateCandidate[] {
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

// ---------------------------------------------------------------------------------------------------
// Date values

/** An ISO date, or one with slashes or dots, at the start of a value: `2015-03-18T…`, `2015/03/18`. */
const YMD_PREFIX = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/;
/** `20150318`, alone or before a time (`20150318T120000`, `201503181200`). */
const COMPACT_PREFIX = /^((?:19|20)\d{2})(\d{2})(\d{2})(?:$|T|\d{4,6}$)/;
/** `18.03.2015`: day first, the European way (the only way dots are used with a four-digit year). */
const DMY_DOTS = /(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?![\d.]\d)/;
/** `03/18/2015` or `18/03/2015`: only used when one of the first two numbers cannot be a month. */
const SLASHED = /(?<![\d/])(\d{1,2})\/(\d{1,2})\/(\d{4})(?![\d/])/;
/** A Unix time in seconds or milliseconds. */
const EPOCH = /^(\d{10})(\d{3})?$/;

/** Month names and abbreviations in the languages of the pages we meet (English, German, French, Italian, Spanish, Portuguese, Dutch, Russian, Ukrainian, Arabic). */
const MONTH_NAMES: Record<string, number> = {};
[
  ['january', 'jan', 'januar', 'jänner', 'jaenner', 'janvier', 'janv', 'gennaio', 'gen', 'enero', 'ene', 'janeiro', 'januari'],
  ['february', 'feb', 'febr', 'februar', 'feber', 'février', 'fevrier', 'févr', 'fév', 'fev', 'febbraio', 'febrero', 'fevereiro', 'februari'],
  ['march', 'mar', 'märz', 'maerz', 'mär', 'mrz', 'mars', 'marzo', 'março', 'marco', 'maart', 'mrt'],
  ['april', 'apr', 'avril', 'avr', 'aprile', 'abril', 'abr'],
  ['may', 'mai', 'maggio', 'mag', 'mayo', 'maio', 'mei'],
  ['june', 'jun', 'juni', 'juin', 'giugno', 'giu', 'junio', 'junho'],
  ['july', 'jul', 'juli', 'juillet', 'juil', 'luglio', 'lug', 'julio', 'julho'],
  ['august', 'aug', 'août', 'aout', 'agosto', 'ago', 'augustus'],
  ['september', 'sep', 'sept', 'septembre', 'settembre', 'set', 'septiembre', 'setiembre', 'setembro'],
  ['october', 'oct', 'oktober', 'okt', 'octobre', 'ottobre', 'ott', 'octubre', 'outubro'],
  ['november', 'nov', 'novembre', 'noviembre', 'novembro'],
  ['december', 'dec', 'dezember', 'dez', 'décembre', 'decembre', 'déc', 'dicembre', 'dic', 'diciembre', 'dezembro'],
].forEach((names, i) => names.forEach((name) => (MONTH_NAMES[name] = i + 1)));
// Russian and Ukrainian (the genitive a date uses), Arabic (the Gregorian names, Egyptian and Levantine).
[  ['января', 'січня', 'يناير'],
  ['февраля', 'лютого', 'فبراير', 'شباط'],
  ['марта', 'березня', 'مارس', 'آذار'],
  ['апреля', 'квітня', 'أبريل', 'إبريل', 'ابريل', 'نيسان'],
  ['мая', 'травня', 'مايو', 'أيار'],
  ['июня', 'червня', 'يونيو', 'حزيران'],
  ['июля', 'липня', 'يوليو', 'تموز'],
  ['августа', 'серпня', 'أغسطس', 'اغسطس'],
  ['сентября', 'вересня', 'سبتمبر', 'أيلول'],
  ['октября', 'жовтня', 'أكتوبر', 'اكتوبر'],
  ['ноября', 'листопада', 'نوفمبر'],
  ['декабря', 'грудня', 'ديسمبر'],
].forEach((names, i) => names.forEach((name) => (MONTH_NAMES[name] = i + 1)));

/** Longest first, so "sept" is not read as "sep" followed by a letter. */
const MONTH = `(${Object.keys(MONTH_NAMES)
  .sort((a, b) => b.length - a.length)
  .join('|')})`;
const NOT_LETTER_BEFORE = '(?<!\\p{L})';
const NOT_LETTER_AFTER = '(?!\\p{L})';
/**
 * "18 March 2015", "18. März 2015", "18 de marzo de 2015", "1er mars 2015", "18th of March, 2015", and
 * one month in two calendars' names, as Levantine Arabic pages write it ("24 نيسان / أبريل 2020").
 */
const DAY_MONTH_YEAR = new RegExp(
  `(?<!\\d)(\\d{1,2})(?:st|nd|rd|th|er|º)?\\.?\\s*(?:de\\s+|of\\s+)?${NOT_LETTER_BEFORE}${MONTH}${NOT_LETTER_AFTER}(?:\\s*/\\s*${MONTH}${NOT_LETTER_AFTER})?\\.?,?\\s*(?:de\\s+|del\\s+)?((?:19|20)\\d{2})(?!\\d)`,
  'iu',
);
/** "March 18, 2015", "Dec. 30, 2014", "Tue Dec 30 2014". */
const MONTH_DAY_YEAR = new RegExp(
  `${NOT_LETTER_BEFORE}${MONTH}${NOT_LETTER_AFTER}\\.?\\s*(\\d{1,2})(?:st|nd|rd|th)?(?!\\d),?\\s+((?:19|20)\\d{2})(?!\\d)`,
  'iu',
);

/** `YYYY-MM-DD` for a calendar day that exists, else null. */
function day(year: number, month: number, dayOfMonth: number): string | null {
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
  return isoDatePart(iso);
}

/**
 * The day a machine-readable value names (a meta tag's `content`, a `datetime` attribute, JSON-LD):
 * ISO forms first, as written (no conversion to UTC), then compact and epoch forms, then the forms
 * people write (`Wed, 18 Mar 2015 10:00:00 GMT`, `18.03.2015`). Null when it names no day.
 */
export function parseDateValue(raw: string): string | null {
  const value = raw.trim().slice(0, 100);
  if (value === '') return null;
  let m = YMD_PREFIX.exec(value);
  if (m) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  m = COMPACT_PREFIX.exec(value);
  if (m) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  m = EPOCH.exec(value);
  if (m) return new Date(Number(m[1]) * 1000).toISOString().slice(0, 10);
  return findTextDate(value);
}

/** The first day written out in `text` ("18 March 2015", "March 18, 2015", "18.03.2015"), or null. */
export function findTextDate(text: string): string | null {
  return firstTextDate(text)?.date ?? null;
}

/** The first date-shaped text in `text` and where it starts; its `date` is null when it names no real day. */
function firstTextDate(text: string): { index: number; date: string | null } | undefined {
  const found: { index: number; date: string | null }[] = [];
  let m = DAY_MONTH_YEAR.exec(text);
  if (m) found.push({ index: m.index, date: dayMonthYear(m) });
  m = MONTH_DAY_YEAR.exec(text);
  if (m) found.push({ index: m.index, date: day(Number(m[3]), MONTH_NAMES[m[1]!.toLowerCase()]!, Number(m[2])) });
  m = DMY_DOTS.exec(text);
  if (m) found.push({ index: m.index, date: day(Number(m[3]), Number(m[2]), Number(m[1])) });
  m = SLASHED.exec(text);
  if (m) found.push({ index: m.index, date: unambiguousSlashed(Number(m[1]), Number(m[2]), Number(m[3])) });
  m = ISO_IN_TEXT.exec(text);
  if (m) found.push({ index: m.index, date: day(Number(m[1]), Number(m[2]), Number(m[3])) });
  m = CJK_DATE.exec(text);
  if (m) found.push({ index: m.index, date: day(Number(m[1]), Number(m[2]), Number(m[3])) });
  found.sort((a, b) => a.index - b.index);
  return found[0];
}

/** "24 نيسان / أبريل 2020": two names must name the same month, or the text names no day. */
function dayMonthYear(m: RegExpExecArray): string | null {
  const month = MONTH_NAMES[m[2]!.toLowerCase()]!;
  if (m[3] && MONTH_NAMES[m[3].toLowerCase()] !== month) return null;
  return day(Number(m[4]), month, Number(m[1]));
}

const ISO_IN_TEXT = /(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)/;
/** `2020年7月12日`: Chinese and Japanese. */
const CJK_DATE = /(?<!\d)((?:19|20)\d{2})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?日/;

/** `a/b/year`: month/day in the US, day/month elsewhere; a day only when one of them is over 12. */
function unambiguousSlashed(a: number, b: number, year: number): string | null {
  if (a > 12 && b <= 12) return day(year, b, a);
  if (b > 12 && a <= 12) return day(year, a, b);
  if (a === b) return day(year, a, b);
  return null;
}

// ---------------------------------------------------------------------------------------------------
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
function jsonLdDates(document: DomDocument): DateCandidate[] {
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

function metaDates(document: DomDocument): DateCandidate[] {
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

function microdataDates(document: DomDocument): DateCandidate[] {
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
function timeDates(document: DomDocument): DateCandidate[] {
  const marked = unambiguous(candidates(Array.from(document.querySelectorAll('time[pubdate]')), 'time'));
  if (marked.length > 0) return marked;
  const inArticle = document.querySelector('article time[datetime], main time[datetime], [role="main"] time[datetime]');
  if (inArticle) return candidates([inArticle], 'time');
  const first = Array.from(document.querySelectorAll('time[datetime]')).find((time) => !insidePageChrome(time));
  return first ? candidates([first], 'time') : [];
}

const PAGE_CHROME = new Set(['HEADER', 'NAV', 'ASIDE', 'FOOTER']);

function insidePageChrome(node: DomNode): boolean {
  for (let up = node.parentNode; up; up = up.parentNode) if (PAGE_CHROME.has(up.nodeName)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------
// The page's address

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

function urlDates(document: DomDocument, opts: PageDateOptions): DateCandidate[] {
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

// ---------------------------------------------------------------------------------------------------
// A dateline near the headline

/** How much text around the headline is searched for a dateline (before it, and after it). */
const BEFORE_HEADLINE = 200;
const AFTER_HEADLINE = 1000;
/** A dateline is a short line; a longer one is a paragraph of the story or a list of links. */
const DATELINE_MAX = 150;
/** A paragraph may open with its dateline ("Karlsruhe, (12.11.2021). Traditionally…", "27.1.2022 – In…"). */
const DATELINE_LEAD = 40;
/** A standfirst may come before the dateline; after two paragraphs, the story has begun. */
const PARAGRAPHS_BEFORE_DATELINE = 1;
/** How much of a dateline's line before the date is kept, to see what labels it ("Updated", "Aktualisiert am"). */
const LABEL_BEFORE = 40;
/** How much of a dateline's line after the date is looked at for an update ("… / Updated 8 hours ago"). */
const LABEL_AFTER = 60;
/** "Updated", "Aktualisiert", "Mis à jour" after the date on a dateline's line. */
const UPDATE_AFTER = /(?<!\p{L})(?:updated|aktualisiert|mis à jour|actualizado|aggiornato|atualizado|bijgewerkt)(?!\p{L})/iu;
/** A run of white space, newlines included: one space in a line of text. */
const SPACE_RUN = /\s+/g;
/** Elements inside a line of text; every other element starts a line of its own. */
const INLINE = new Set(
  'A ABBR B BDI BDO BIG CITE CODE DATA DEL DFN EM FONT I IMG INS KBD LABEL MARK Q S SMALL SPAN STRONG SUB SUP TIME U VAR WBR'.split(' '),
);
const NOT_TEXT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'BUTTON', 'SELECT', 'OPTION']);

interface Sibling extends DomNode {
  nextSibling?: DomNode | null;
  previousSibling?: DomNode | null;
}

/**
 * A date written near the `<h1>`: "Tue Dec 30, 2014", "18. März 2015". The text right after the
 * headline first (where bylines and datelines sit), then the text just before it (a kicker line).
 */
function datelineDates(document: DomDocument): DateCandidate[] {
  const headline = headlineElement(document);
  if (!headline) return [];
  const out: DateCandidate[] = [];
  const own = visibleText(headline, AFTER_HEADLINE);
  out.push(...datelineIn(textAfter(headline, AFTER_HEADLINE), false));
  const inHeadline = firstTextDate(own);
  if (inHeadline?.date) out.push({ date: inHeadline.date, source: 'dateline', distance: 0 });
  out.push(...datelineIn(textBefore(headline, BEFORE_HEADLINE), true));
  return out;
}

/**
 * The first date on a short line of `text` (nearest the headline first): a dateline is a line of its
 * own ("Monday, 6 January 2020", "By Jane Doe | 18.03.2015"), while a date inside a paragraph is
 * what the story is about ("on 21 and 22 May 2022 the fair…").
 */
function datelineIn(text: string, nearestLast: boolean): DateCandidate[] {
  const updates: DateCandidate[] = [];
  const lines = text.split('\n');
  if (nearestLast) lines.reverse();
  let distance = 0;
  let paragraphs = 0;
  for (const line of lines) {
    const trimmed = line.trim();
    const found = firstTextDate(trimmed.length <= DATELINE_MAX ? trimmed : trimmed.slice(0, DATELINE_LEAD));
    if (found?.date) {
      const before = trimmed.slice(Math.max(0, found.index - LABEL_BEFORE), found.index);
      const dateline: DateCandidate = { date: found.date, source: 'dateline', distance: distance + found.index, before };
      if (UPDATE_AFTER.test(trimmed.slice(found.index, found.index + LABEL_AFTER))) dateline.revised = true;
      // "Updated May 6, 2019": kept aside (it says the page changed), and the dateline may follow.
      if (!UPDATE_LABEL.test(before)) return [...updates, dateline];
      updates.push({ ...dateline, updated: true });
    }
    if (trimmed.length > DATELINE_MAX && ++paragraphs > PARAGRAPHS_BEFORE_DATELINE) break;
    distance += trimmed.length + (trimmed ? 1 : 0);
  }
  return updates;
}

/** Up to `limit` characters of text after `node` in document order (its own text excluded). */
function textAfter(node: DomNode, limit: number): string {
  let out = '';
  let current: DomNode | null | undefined = node;
  while (current && out.length < limit) {
    let next: DomNode | null | undefined = (current as Sibling).nextSibling;
    while (!next && current) {
      current = current.parentNode;
      next = current ? (current as Sibling).nextSibling : null;
    }
    if (!next) break;
    out += ' ' + visibleText(next, limit - out.length);
    current = next;
  }
  return out.slice(0, limit);
}

/** Up to `limit` characters of text before `node`, nearest last. */
function textBefore(node: DomNode, limit: number): string {
  let out = '';
  let current: DomNode | null | undefined = node;
  while (current && out.length < limit) {
    let previous: DomNode | null | undefined = (current as Sibling).previousSibling;
    while (!previous && current) {
      current = current.parentNode;
      previous = current ? (current as Sibling).previousSibling : null;
    }
    if (!previous) break;
    out = visibleText(previous, Infinity).slice(-limit) + ' ' + out;
    current = previous;
  }
  return out.slice(-limit);
}

/** The text of a node a reader sees, up to about `limit` characters, a line for each block. */
function visibleText(node: DomNode, limit: number): string {
  if (node.nodeType === TEXT_NODE) return (node.textContent ?? '').replace(SPACE_RUN, ' ');
  if (node.nodeType !== ELEMENT_NODE || NOT_TEXT.has(node.nodeName)) return '';
  if (node.nodeName === 'BR') return '\n';
  const inline = INLINE.has(node.nodeName);
  let out = inline ? '' : '\n';
  for (const child of Array.from(node.childNodes)) {
    if (out.length >= limit) break;
    const text = visibleText(child, limit - out.length);
    if (text) out += ' ' + text;
  }
  return inline ? out : out + '\n';
}

// ---------------------------------------------------------------------------------------------------
// Time zones

/** A date-time with its clock and zone: `2023-11-09T01:49:09Z`, `2023-11-08 17:49:09`, `20200414T00:38:07Z`. */
const DATE_TIME =
  /^(\d{4})-?(\d{2})-?(\d{2})[T ](\d{1,2}):?(\d{2})(?::?(\d{1,2}))?(?:[.,]\d+)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const UTC_NAME = /^[zug]/i;
const HOUR = 60 * 60 * 1000;
const QUARTER_HOUR = HOUR / 4;

interface Clock {
  /** The clock reading as if it were UTC, in milliseconds. */
  reading: number;
  /** Minutes east of UTC, or null when the value names no zone. */
  offset: number | null;
}

function readClock(value: string): Clock | null {
  const m = DATE_TIME.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, zone] = m;
  const reading = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec ?? 0));
  if (Number.isNaN(reading)) return null;
  if (!zone) return { reading, offset: null };
  if (UTC_NAME.test(zone)) return { reading, offset: 0 };
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return { reading, offset: sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) };
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** A day people wrote for people (the address, a printed dateline): in the publisher's own time zone. */
const WRITTEN_DAY: ReadonlySet<DateSource> = new Set(['url', 'dateline']);

/**
 * The local day of a publication time written in UTC. Publishing systems often store UTC
 * (`2023-11-09T01:49:09Z`) for an article published on the evening of the 8th in California, and the
 * day we want is the 8th. The page usually says where it is: the same instant written in local time
 * elsewhere on it (`2023-11-08 17:49:09`), other times with the page's offset (`-08:00`), or a day in
 * its address or dateline that a time zone near the instant gives. Null when the page does not say
 * (the UTC day then stands, as written).
 */
function localDay(chosen: DateCandidate, all: DateCandidate[], document: DomDocument): string | null {
  const clock = chosen.value ? readClock(chosen.value) : null;
  if (!clock || clock.offset !== 0) return null;
  const instant = clock.reading;
  const clocks = pageClocks(all, document);
  // The same instant written in local time: same minutes and seconds, a whole quarter-hour apart.
  for (const other of clocks) {
    if (other.offset === null) {
      const shift = other.reading - instant;
      if (shift !== 0 && Math.abs(shift) <= 14 * HOUR && shift % QUARTER_HOUR === 0) return dayOf(other.reading);
    } else if (other.offset !== 0 && other.reading - other.offset * 60_000 === instant) {
      return dayOf(other.reading);
    }
  }
  // The page's own offset, from the other times on it (the most common one).
  const offsets = new Map<number, number>();
  for (const { offset } of clocks) if (offset) offsets.set(offset, (offsets.get(offset) ?? 0) + 1);
  const offset = [...offsets].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (offset !== undefined) return dayOf(instant + offset * 60_000);
  // A written day next to the UTC one, in a zone that could have published at that hour.
  const hour = new Date(instant).getUTCHours();
  const neighbour = hour < 8 ? dayOf(instant - 24 * HOUR) : hour >= 15 ? dayOf(instant + 24 * HOUR) : null;
  if (neighbour && all.some((c) => WRITTEN_DAY.has(c.source) && c.date === neighbour)) return neighbour;
  return null;
}

/** Every date-time on the page with a clock: the candidates' values, `<time datetime>` and meta values. */
function pageClocks(all: DateCandidate[], document: DomDocument): Clock[] {
  const values = all.flatMap((c) => (c.value ? [c.value] : []));
  for (const time of Array.from(document.querySelectorAll('time[datetime]'))) values.push(time.getAttribute?.('datetime') ?? '');
  for (const meta of Array.from(document.querySelectorAll('meta[content]'))) {
    const content = meta.getAttribute?.('content') ?? '';
    if (content.length <= 40) values.push(content);
  }
  return values.flatMap((value) => readClock(value) ?? []);
}

// ---------------------------------------------------------------------------------------------------
// A date with a label

/** How much of the page's text is searched for a labelled date. */
const LABEL_SCAN = 20_000;
/**
 * A word that says the date after it is the publication's, in the languages of the pages we meet:
 * "Published on", "Veröffentlicht am", "Erschienen am", "Datum:", "Publié le", "Pubblicato il".
 * "Updated", "Stand" and "Letzte Änderung" are not among them: they date a change, not the article.
 */
const PUBLICATION_LABEL =
  /(?<!\p{L})(?:published|posted|written|publication date|date|datum|veröffentlicht|erschienen|publiziert|erstellt|publié|publiée|publication|mis en ligne|mise en ligne|pubblicato|publicado|publicada|gepostet)(?!\p{L})(?:\s+(?:on|am|le|il|el|at|de))?\s*:?/giu;
/** How far after the label the date may start (a weekday or a place may come between). */
const LABEL_REACH = 30;

function labelledDates(document: DomDocument): DateCandidate[] {
  const body = document.body;
  if (!body) return [];
  const text = visibleText(body, LABEL_SCAN).slice(0, LABEL_SCAN);
  const out: DateCandidate[] = [];
  for (const m of text.matchAll(PUBLICATION_LABEL)) {
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + LABEL_REACH + 40);
    const found = firstTextDate(after);
    if (found?.date && found.index <= LABEL_REACH) out.push({ date: found.date, source: 'label' });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// An element marked as a date

/**
 * A class or id that says an element holds a date or a post's details: "date", "post-date",
 * "entry-meta", "datum", "byline", "published", "posted" — the words publishing systems' templates
 * use for the line under a headline, whatever the site.
 */
const DATE_MARK = /(?:^|[\s_-])(?:date|datum|dateline|time|timestamp|published|posted|pubdate|byline|meta|entry-meta|post-meta|info|article-info|submitted)(?:$|[\s_-])/i;
const DATE_MARK_WORD = /date|datum|time|publi|posted|byline|meta|info|submitted/i;
/** "Last modified on", "edited", "revision", "updated": a page's change, not its publication. */
const CHANGE_LABEL = /modified|edited|revision|updated|update|aktualisiert|geändert|bearbeitet|mis à jour|modifié|actualizado|aggiornato/i;
/** The text of a marked element that can be a dateline: short. */
const MARKED_MAX = 120;
/** Elements looked at (a page lists its teasers' dates too; the article's own comes first). */
const MARKED_SCAN = 3000;

/**
 * The first date in an element whose class or id marks it as a date, outside the page's header,
 * navigation, side bars and footer: the last resort for a page with no other date. Dates in several
 * such elements that disagree are a list of items (teasers, comments), and then none is used.
 */
function markedDates(document: DomDocument): DateCandidate[] {
  const found: string[] = [];
  /** Marked elements whose date is a change's ("last edited: <span class="date">…</span>"): nothing inside them counts. */
  const changes = new Set<DomNode>();
  let looked = 0;
  for (const element of Array.from(document.querySelectorAll('[class], [id]'))) {
    if (++looked > MARKED_SCAN) break;
    const mark = `${element.getAttribute?.('class') ?? ''} ${element.getAttribute?.('id') ?? ''}`;
    if (!DATE_MARK_WORD.test(mark) || !DATE_MARK.test(mark.toLowerCase())) continue;
    if (insidePageChrome(element) || inside(element, changes)) continue;
    const text = visibleText(element, MARKED_MAX + 1).replace(SPACE_RUN, ' ').trim();
    if (text.length > MARKED_MAX) continue;
    const date = firstTextDate(text);
    if (!date?.date) continue;
    if (CHANGE_LABEL.test(text.slice(0, date.index))) changes.add(element);
    else found.push(date.date);
  }
  return found.length > 0 ? [{ date: found[0]!, source: 'marked' }] : [];
}

function inside(node: DomNode, ancestors: Set<DomNode>): boolean {
  if (ancestors.size === 0) return false;
  for (let up = node.parentNode; up; up = up.parentNode) if (ancestors.has(up)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------
// A dated link to the page itself

/** Links looked at, and the longest link text that is a teaser (a date, a title, a line of summary). */
const LINK_SCAN = 3000;
const TEASER_MAX = 300;

/**
 * The date on a link to the page's own address: a "latest articles" list that includes this article
 * ("10.11.2021 Menschenrechte achten …"). A link with a `#fragment` or `?query` (a comment's
 * permalink, "March 3, 2020 at 5:00 pm") is not the page's own; links that disagree give no date.
 */
function selfLinkDates(document: DomDocument, opts: PageDateOptions): DateCandidate[] {
  const address = pageUrl(document, opts.url);
  if (!address) return [];
  const own = samePage(address);
  const found = new Set<string>();
  let looked = 0;
  for (const link of Array.from(document.querySelectorAll('a[href]'))) {
    if (++looked > LINK_SCAN) break;
    const href = link.getAttribute?.('href') ?? '';
    if (href.includes('#') || href.includes('?')) continue;
    let target: string;
    try {
      target = samePage(new URL(href, address).href);
    } catch {
      continue;
    }
    if (target !== own) continue;
    const text = visibleText(link, TEASER_MAX + 1).replace(SPACE_RUN, ' ').trim();
    if (text.length > TEASER_MAX) continue;
    const date = firstTextDate(text)?.date;
    if (date) found.add(date);
  }
  return found.size === 1 ? [{ date: [...found][0]!, source: 'self-link' }] : [];
}

/** An address without its scheme, query, fragment and final slash: `www.awo.org/menschenrechte-achten`. */
function samePage(href: string): string {
  const url = new URL(href);
  return `${url.host}${url.pathname.replace(TRAILING_SLASH, '')}`.toLowerCase();
}
const TRAILING_SLASH = /\/+$/;
