/**
 * Time expressions, resolved against the article's `published` date with chrono-node
 * (reference = published, forwardDate false).
 *
 * What `date` holds (see `TimeMention.precision`):
 *  - `YYYY-MM-DD` for a day: "February 24", "June 16, 2021", "yesterday", "on Thursday";
 *  - `YYYY-MM-DD` of the Monday, precision `week`, for "this week", "last week", "next week";
 *  - `YYYY-MM` for a month without a day ("in June");
 *  - `YYYY` for a bare year after a preposition ("since 2014", "in 2014"); a lone number is not a year.
 * Without a `published` date, an expression whose value depends on the reference date (weekdays,
 * "yesterday", "February 24" with no year) is kept as written with no `date`; fully stated dates
 * are always resolved.
 *
 * Bare weekdays and months ("on Thursday", "in June") follow news usage, decided in this order:
 *  1. an explicit "last/next/this/coming/past" → chrono's reading;
 *  2. a future cue near the expression (will, 'll, shall, going to, scheduled, set to/for, expected,
 *     plan(s/ned) to, due, to be held, would, upcoming) → the nearest one on or after the published
 *     date ("will meet on Thursday" → 2022-02-24 for Monday 2022-02-21);
 *  3. a past cue near it (a past-tense verb, was/were/had, ago) → the nearest one on or before it
 *     ("met on Sunday" → 2022-02-20; "Beginning on Thursday, shelling increased" → 2022-02-17);
 *  4. the same two checks over the whole sentence; then
 *  5. no cue at all (a headline: "New meeting on Thursday") → the nearest one either way.
 * "Near" is 60 characters before and 40 after the expression, within the sentence.
 *
 * Skipped: durations ("45 minutes", "the past 24 hours", "for eight years"), "now"/"currently",
 * anchors relative to another event ("the day before", "the next day"), clock times alone,
 * weekday abbreviations that are usually names ("Sun"), and the modal "may".
 */
import * as chrono from 'chrono-node';

import type { Article } from '../../corpus/types.js';
import { SMALL_NUMBER_WORDS } from '../terms.js';
import type { TimeMention } from './types.js';
import { matchesOf } from '../../corpus/text.js';

type Precision = NonNullable<TimeMention['precision']>;

const HINT =
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:yesterday|today|tomorrow|tonight|week|month|year|ago|last night|this morning|this afternoon|this evening)\b|\d{4}/i;

const NUMBER =
  '(?:\\d+|a few|a couple of|several|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|several|couple of)';
const DURATION = new RegExp(
  `^(?:the\\s+)?(?:for|past|last|next|over|within|in|during)\\s+(?:the\\s+)?(?:past\\s+|last\\s+|next\\s+)?${NUMBER}\\s+(?:second|minute|hour|day|week|month|year)s?$`,
  'i',
);
const BARE_DURATION = new RegExp(`^${NUMBER}\\s+(?:second|minute|hour|day|week|month|year)s?$`, 'i');
const RELATIVE_ANCHOR =
  /^(?:the\s+|a\s+|one\s+)?(?:day|week|month|year)\s+(?:before|after|earlier|later)$|^the\s+(?:next|following|previous)\s+\w+$/i;
const SKIP_TEXT = /^(?:now|right now|just now|currently|sun|mon|tue|wed|thu|fri|sat|may|march)$/;
const EXPLICIT = /\b(?:last|next|this|coming|past|previous)\b/i;
const LAST_WEEKDAY = /\b(?:last|previous)\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\b/i;
const FUTURE =
  /\b(?:will|shall|going to|scheduled|set (?:to|for)|expected|plans? to|planned|must|(?:is|are|be|was|were)\s+due|to be held|would|upcoming|ahead of)\b|['’]ll\b/i;
const PAST =
  /\b(?:was|were|had|did|ago|said|died|met|began|became|told|held|went|came|spoke|took|gave|made|saw|fled|left|found|wrote|sent|led|struck|fell|rose|ran|won|lost|broke|caught|sank|flew|drove|fought|bought|brought|thought|sought|taught|kept|felt|meant|built|spent|stood|wore|tore|chose|froze|rode|stuck|hung|sang|rang|sprang|drank|swam|shook|woke|forgot|got|hid|bit|fed|bled|sped|paid|laid|heard|sold|knew|grew|threw|blew|drew|withdrew|overthrew|arose|ate|overcame|shot|slid|sat|swept|wept|lay|lent|dealt|leapt|sold|sent|shut|quit|upheld|underwent|undertook|forbade|forgave|beat|\w{3,}ed)\b/i;
/** "be", "being" (and an adverb) right before a word: "to be arraigned", "being strongly advised". */
const AFTER_BE = /\b(?:be|being)\s+(?:\w+ly\s+)?$/i;
/** "when", "once", "as soon as" or "by the time" right before a date… */
const WHEN_BEFORE = /\b(?:when|once|whenever|as soon as|by the time)\s+$/i;
/** …and a verb in the present after it: "rolls around", "comes", "arrives". */
const PRESENT_AFTER = /^\s+(?:rolls|comes|arrives|hits|starts|begins|ends|gets here|is here)\b/i;
/** "until" or "till" right before a date. */
const UNTIL_BEFORE = /\b(?:until|till)\s+$/i;
/** Characters that set an aside apart from the rest of a sentence. */
const CLAUSE_BREAK = /[–—;()[\]]/;
const FUTURE_ALL = new RegExp(FUTURE.source, 'gi');
const PAST_ALL = new RegExp(PAST.source, 'gi');
const YEAR =
  /\b(?:in|since|from|until|till|to|circa|by|before|after|during|of)\s+((?:19|20)\d{2}|1[6-8]\d{2}(?!\s+\p{Ll}))\b(?![-–/]?\d)/giu;
/**
 * A year standing before what it dates, after a determiner or a possessive and at most two other
 * words: "the 2024 election", "its planned 2024 crewed moon shot", "the agency’s 2020 budget", "the
 * 2015 U.N. Paris Agreement" (a name of two capitalised words or more, or
 * one opening on an abbreviation; not
 * a count: "the 2000 people").
 */
const YEAR_BEFORE_NOUN =
  /\b(?:the|its|his|her|their|our|a|an|this|next|last|\p{L}{1,40}['’]s)\s+(?:\p{Ll}{1,30}\s+){0,2}((?:19|20)\d{2})\s+(?!(?:people|persons|miles|kilometers|kilometres|km|feet|meters|metres|tons|tonnes|troops|soldiers|residents|votes|jobs|cases|deaths|years|days|hours|times|points|members|students|employees|workers)\b)(?:\p{Ll}|\p{Lu}[\p{L}.]*\s+\p{Lu}|\p{Lu}\.\p{Lu}\.)/gu;
/** "profit growth for 2015.": a year after "for" that ends its phrase (not "for 2000 people"). */
const YEAR_FOR = /\bfor\s+((?:19|20)\d{2})\b(?=\s*[.,;:)!?]|\s+(?:and|or|to|through)\b|\s*$)/giu;
/** A sentence that opens on its year: "In 2005, …", "In March 2019, …" (no other year after). */
const OPENING_YEAR = /^\s*(?:in|by|during)\s+(?:\p{L}+\s+)?((?:19|20)\d{2})\s*,(?!.*\b(?:19|20)\d{2}\b)/iu;
/** The `YYYY-MM-DD` at the start of a `published` value. */
const PUBLISHED_DAY = /^(\d{4})-(\d{2})-(\d{2})/;
const WEEK_WORD = /\bweeks?\b/i;
const LAST_WEEK_CUE = /\blast\b|\bpast\b|\bprevious\b/i;
const NEXT_WEEK_CUE = /\bnext\b|\bcoming\b/i;
const THIS_WEEK_CUE = /\bthis\b/i;
const DAY_WORD = /yesterday|today|tomorrow|tonight|last night|this (?:morning|afternoon|evening)/i;
/** Words that make an otherwise absolute chrono date relative to the reference date. */
const RELATIVE_DAY_WORD =
  /yesterday|today|tomorrow|tonight|ago|last night|this (?:morning|afternoon|evening)/i;
/** A day number glued to the next word by MT ("February 20White House"), but not an ordinal or a clock ("5pm"). */
const DAY_GLUED_TO_WORD = /(\d)(?=[A-Za-z]{2,})(?!(?:st|nd|rd|th|am|pm|h|hrs?|mins?|GMT|BST|UTC|ET|PT)\b)/g;
/** The words between the two ends of a range chrono reads as one ("11 – December 13", "2015 to 2019"). */
const RANGE_SEPARATOR = /\s*(?:[–—-]|\bto\b|\buntil\b|\bthrough\b|\bthru\b)\s*/;
const TRAILING_SPACE_OR_PUNCTUATION = /[\s,.;:]+$/;
const LEADING_PREPOSITION = /^(?:on|in|at|by|since|from|until)\s+/i;
const DIGITS_ONLY = /^\d+$/;

const pad = (n: number): string => String(n).padStart(2, '0');
const iso = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

function parsePublished(published: string | undefined): Date | undefined {
  const m = PUBLISHED_DAY.exec(published ?? '');
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
}

function addDays(d: Date, n: number): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n, 12);
}

type Direction = 'past' | 'future' | 'nearest';

function direction(sentence: string, index: number, length: number): Direction {
  // "When February rolls around, …": a clause of time in the present tells of the future.
  if (
    WHEN_BEFORE.test(sentence.slice(Math.max(0, index - 14), index)) &&
    PRESENT_AFTER.test(sentence.slice(index + length, index + length + 16))
  )
    return 'future';
  // Within the date's own clause: an aside between dashes or brackets has its own tense ("When
  // developing the campaign – which will be in its third year in January – DH did research").
  let from = Math.max(0, index - 60);
  let to = Math.min(sentence.length, index + length + 40);
  for (let i = index - 1; i >= from; i--) if (CLAUSE_BREAK.test(sentence[i]!)) from = i + 1;
  for (let i = index + length; i < to; i++) if (CLAUSE_BREAK.test(sentence[i]!)) to = i;
  const near = sentence.slice(from, to);
  const span = sentence.slice(index, index + length);
  // The span blanked out, keeping every other character where it was.
  const blank = ' '.repeat(span.length);
  // The cue nearest the date decides: "Clark in October revealed plans to expand" is past
  // ("revealed" governs the date), "said it will meet on Thursday" is future. The date's clause
  // first, then the whole sentence.
  const cue =
    nearestTense(near.replace(span, blank), index - from, sentence, from) ??
    nearestTense(sentence.replace(span, blank), index, sentence, 0);
  if (cue) return cue;
  // No tense at all: "stay home until Sunday" (an advisory) looks ahead.
  if (UNTIL_BEFORE.test(sentence.slice(Math.max(0, index - 8), index))) return 'future';
  return 'nearest';
}

/** The tense of the cue nearest `at` in `text` (the sentence from `from`), if any. */
function nearestTense(
  text: string,
  at: number,
  sentence: string,
  from: number,
): 'future' | 'past' | undefined {
  const future = nearestCue(FUTURE_ALL, text, at, sentence, from);
  const past = nearestCue(PAST_ALL, text, at, sentence, from);
  if (future === Infinity && past === Infinity) return undefined;
  return future <= past ? 'future' : 'past';
}

/**
 * Characters between `at` and the nearest match of `cue` in `text` (the sentence from `from`), weighted
 * (Infinity when none).
 */
function nearestCue(cue: RegExp, text: string, at: number, sentence: string, from: number): number {
  let best = Infinity;
  for (const m of matchesOf(cue, text)) {
    // "to be arraigned", "are being advised": a participle after "be", not a past tense.
    const start = from + m.index;
    if (cue === PAST_ALL && AFTER_BE.test(sentence.slice(Math.max(0, start - 24), start))) continue;
    const end = m.index + m[0].length;
    // A verb after the date governs it less often than one before ("will meet on Thursday to lay
    // the framework"): its distance counts double.
    const d = end <= at ? at - end : 2 * Math.max(0, m.index - at);
    if (d < best) best = d;
  }
  return best;
}

function weekdayDate(published: Date, weekday: number, dir: Direction): Date {
  const back = (published.getDay() - weekday + 7) % 7;
  const ahead = (weekday - published.getDay() + 7) % 7;
  if (dir === 'past') return addDays(published, -back);
  if (dir === 'future') return addDays(published, ahead);
  return ahead <= back ? addDays(published, ahead) : addDays(published, -back);
}

function monthDate(published: Date, month: number, dir: Direction): string {
  const y = published.getFullYear();
  const m = published.getMonth();
  const back = (m - month + 12) % 12;
  const ahead = (month - m + 12) % 12;
  const pastYear = month <= m ? y : y - 1;
  const futureYear = month >= m ? y : y + 1;
  const year =
    dir === 'past' ? pastYear : dir === 'future' ? futureYear : back <= ahead ? pastYear : futureYear;
  return `${year}-${pad(month + 1)}`;
}

const DAY_MS = 24 * 3600 * 1000;
/** A past month-day this far back (over ten months)… */
const FAR_BACK_MS = 300 * DAY_MS;
/** …gives way to the same day this soon after the article. */
const SOON_MS = 45 * DAY_MS;

/** The `month`/`day` date nearest `published` in `dir` (on or before for past, on or after for future). */
function dayOfYearDate(published: Date, month: number, day: number, dir: Direction): string {
  const y = published.getFullYear();
  const candidate = (year: number) => new Date(year, month, day, 12);
  const sameYear = candidate(y);
  const before = sameYear.getTime() <= published.getTime() ? sameYear : candidate(y - 1);
  const after = sameYear.getTime() >= published.getTime() ? sameYear : candidate(y + 1);
  // A month and day with no year is near the article: "ahead of a Nov. 29 meeting" in a 7 November
  // article is that month, even in a sentence told in the past; only a date far off looks back a year.
  if (
    dir === 'past' &&
    published.getTime() - before.getTime() > FAR_BACK_MS &&
    after.getTime() - published.getTime() <= SOON_MS
  )
    return iso(after);
  if (dir === 'past') return iso(before);
  if (dir === 'future') return iso(after);
  return iso(
    published.getTime() - before.getTime() <= after.getTime() - published.getTime() ? before : after,
  );
}

/**
 * Year-relative expressions chrono does not give: "last year", "this year", "earlier this year",
 * "next year", "a year ago", "three years ago" → the year, with year precision.
 */
const YEAR_RELATIVE =
  /\b(?:(?:earlier|later)\s+)?(?:last|this|next|past|previous|coming)\s+year\b|\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years?\s+ago\b/gi;
const YEAR_RELATIVE_ONE = new RegExp(YEAR_RELATIVE.source, 'i');
const DIGIT_OR_MONTH = /\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;
const YEARS_AGO = /\b(a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years?\s+ago\b/i;
const YEAR_OFFSET_WORD = /\b(last|past|previous|next|coming)\b/i;
const COUNT_WORDS: Record<string, number> = { a: 1, ...SMALL_NUMBER_WORDS };

function relativeYear(text: string, published: Date): number {
  const ago = YEARS_AGO.exec(text);
  if (ago) {
    const n = COUNT_WORDS[ago[1]!.toLowerCase()] ?? Number(ago[1]);
    return published.getFullYear() - n;
  }
  const word = YEAR_OFFSET_WORD.exec(text)?.[1]?.toLowerCase();
  if (word === 'next' || word === 'coming') return published.getFullYear() + 1;
  if (word) return published.getFullYear() - 1;
  return published.getFullYear();
}

const MONTH_RELATIVE =
  /\b(this|last|past|next|coming)\s+(jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/gi;
const MONTH_PREFIXES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "this May" is May of the article's year; "last March" the latest March before its month; "next June" the first after. */
function relativeMonth(word: string, name: string, published: Date): Resolved {
  const month = MONTH_PREFIXES.indexOf(name.slice(0, 3).toLowerCase());
  const now = published.getMonth();
  let year = published.getFullYear();
  const w = word.toLowerCase();
  if ((w === 'last' || w === 'past') && month >= now) year -= 1;
  if ((w === 'next' || w === 'coming') && month <= now) year += 1;
  return { date: `${year}-${pad(month + 1)}`, precision: 'month' };
}

function mondayOf(d: Date): Date {
  return addDays(d, -((d.getDay() + 6) % 7));
}

interface Resolved {
  date?: string;
  precision?: Precision;
}

function resolve(
  r: chrono.ParsedResult,
  text: string,
  sentence: string,
  published: Date | undefined,
  s: chrono.ParsedComponents = r.start,
): Resolved | null {
  const certain = (k: Parameters<typeof s.isCertain>[0]): boolean => s.isCertain(k);
  if (WEEK_WORD.test(text)) {
    if (!published) return {};
    const base = mondayOf(published);
    if (LAST_WEEK_CUE.test(text)) return { date: iso(addDays(base, -7)), precision: 'week' };
    if (NEXT_WEEK_CUE.test(text)) return { date: iso(addDays(base, 7)), precision: 'week' };
    if (THIS_WEEK_CUE.test(text)) return { date: iso(base), precision: 'week' };
    return null;
  }
  if (!certain('day') && !certain('weekday') && !certain('month') && !certain('year')) {
    // chrono sets nothing as certain for "yesterday"-style words only via implied values; keep those.
    if (!DAY_WORD.test(text)) return null;
  }
  const absolute = certain('year') && certain('month') && certain('day');
  if (absolute && !RELATIVE_DAY_WORD.test(text)) {
    return { date: iso(s.date()), precision: 'day' };
  }
  if (!published) return {};
  if (certain('weekday') && !certain('day')) {
    // "last Tuesday" in news is the Tuesday of the week before the article's, not merely the
    // latest one ("last Tuesday" in a Friday article is ten days back; "Tuesday" is three).
    if (LAST_WEEKDAY.test(text))
      return {
        date: iso(addDays(mondayOf(published), -7 + (((s.get('weekday') ?? 0) + 6) % 7))),
        precision: 'day',
      };
    if (EXPLICIT.test(text)) return { date: iso(s.date()), precision: 'day' };
    const dir = direction(sentence, r.index, r.text.length);
    return { date: iso(weekdayDate(published, s.get('weekday') ?? 0, dir)), precision: 'day' };
  }
  if (certain('month') && !certain('day')) {
    const month = (s.get('month') ?? 1) - 1;
    if (certain('year')) return { date: `${s.get('year')}-${pad(month + 1)}`, precision: 'month' };
    return {
      date: monthDate(published, month, direction(sentence, r.index, r.text.length)),
      precision: 'month',
    };
  }
  if (certain('month') && certain('day') && !certain('year')) {
    // "went missing on March 8" in a December article is this March, not next: the tense decides,
    // as for weekdays; chrono alone takes the nearest year either way.
    const month = (s.get('month') ?? 1) - 1;
    const day = s.get('day') ?? 1;
    // A sentence with both a past and a future cue ("said … will meet on February 24") is read as chrono
    // does, the nearest year: only a clear tense moves the date across the year.
    const span = sentence.slice(r.index, r.index + r.text.length);
    const rest = sentence.replace(span, ' ');
    const mixed = FUTURE.test(rest) && PAST.test(rest);
    const dir = mixed ? 'nearest' : direction(sentence, r.index, r.text.length);
    // "Sunday, March 3": the weekday names the year, when one of the years around the article's
    // has that day fall on it.
    if (certain('weekday')) {
      const weekday = s.get('weekday');
      const y = published.getFullYear();
      const fits = [y, y - 1, y + 1].filter((year) => new Date(year, month, day, 12).getDay() === weekday);
      if (fits.length === 1) return { date: `${fits[0]}-${pad(month + 1)}-${pad(day)}`, precision: 'day' };
    }
    // "In 2005, Hurricane Dennis made landfall … on July 10": the one year the sentence opens on.
    const opening = OPENING_YEAR.exec(sentence);
    if (opening && opening.index + opening[0].length <= r.index)
      return { date: `${opening[1]}-${pad(month + 1)}-${pad(day)}`, precision: 'day' };
    return { date: dayOfYearDate(published, month, day, dir), precision: 'day' };
  }
  if (certain('year') && !certain('month')) return null; // "for eight years" and the like
  return { date: iso(s.date()), precision: 'day' };
}

/** Every time expression in every sentence of every article. Never throws on odd text. */
export function extractTimes(articles: Article[]): TimeMention[] {
  const out: TimeMention[] = [];
  for (const article of articles) {
    const published = parsePublished(article.published);
    const ref = published ?? new Date(2000, 0, 1, 12);
    const mine: TimeMention[] = [];
    for (const p of article.paragraphs) {
      const sentences = p.sentences.length ? p.sentences : [p.text];
      sentences.forEach((raw, sentence) => {
        if (!HINT.test(raw)) return;
        for (const m of timesIn(raw, ref, published)) {
          mine.push({ articleId: article.id, paragraph: p.n, sentence, ...m });
        }
      });
    }
    sameDayOnceDated(mine);
    for (const m of mine) out.push(m);
  }
  return out;
}

/** A month and day with no year ("June 9", "Nov. 18"). */
const MONTH_DAY_ONLY =
  /^(?:on\s+)?\p{L}{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?$|^(?:on\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?\p{L}{3,9}\.?$/iu;
const HAS_YEAR = /\b\d{4}\b/;

/**
 * News gives a date in full once and by month and day after ("kick off the jaunt June 9, 2020 …"
 * then "June 9 -- Coral Sky Amphitheatre"): a month and day with no year takes the year the article
 * gave that same day, rather than the one inferred from the article's date.
 */
function sameDayOnceDated(mentions: TimeMention[]): void {
  const years = new Map<string, Set<string>>();
  for (const m of mentions) {
    if (m.precision !== 'day' || !m.date || !HAS_YEAR.test(m.text)) continue;
    const monthDay = m.date.slice(5);
    let set = years.get(monthDay);
    if (!set) years.set(monthDay, (set = new Set()));
    set.add(m.date.slice(0, 4));
  }
  if (years.size === 0) return;
  for (const m of mentions) {
    if (m.precision !== 'day' || !m.date || HAS_YEAR.test(m.text) || !MONTH_DAY_ONLY.test(m.text)) continue;
    const given = years.get(m.date.slice(5));
    // One year given for that day: take it (two would leave the choice open).
    if (given?.size === 1) m.date = `${[...given][0]}-${m.date.slice(5)}`;
  }
}

/**
 * A sentence longer than this is read in pieces cut at spaces. chrono looks back from each date it
 * finds over all the text before it, and each date is checked against the ones found before: both
 * grow with the square of a sentence's length, and no sentence of news comes near this.
 */
const MAX_PIECE = 600;

function timesIn(raw: string, ref: Date, published: Date | undefined): (Resolved & { text: string })[] {
  if (raw.length <= MAX_PIECE) return timesInPiece(raw, ref, published);
  const out: (Resolved & { text: string })[] = [];
  for (let start = 0; start < raw.length;) {
    let end = Math.min(raw.length, start + MAX_PIECE);
    if (end < raw.length) {
      const space = raw.lastIndexOf(' ', end);
      if (space > start + MAX_PIECE / 2) end = space;
    }
    out.push(...timesInPiece(raw.slice(start, end), ref, published));
    start = end;
  }
  return out;
}

function timesInPiece(raw: string, ref: Date, published: Date | undefined): (Resolved & { text: string })[] {
  // "February 20White House", "February 20noted": MT glues a day to the next word.
  const sentence = raw.replace(DAY_GLUED_TO_WORD, '$1 ');
  const found: (Resolved & { text: string; index: number; end: number })[] = [];
  let results: chrono.ParsedResult[] = [];
  try {
    results = chrono.parse(sentence, ref, { forwardDate: false });
  } catch {
    results = [];
  }
  for (const r of results) {
    const text = r.text.replace(TRAILING_SPACE_OR_PUNCTUATION, '').trim();
    const plain = text.replace(LEADING_PREPOSITION, '');
    if (
      !text ||
      SKIP_TEXT.test(text) ||
      DURATION.test(plain) ||
      DURATION.test(text) ||
      BARE_DURATION.test(plain)
    )
      continue;
    if (RELATIVE_ANCHOR.test(plain)) continue;
    // "the end of next year" is chrono's 31 December; the text gives only the year, which the
    // year-relative pass below reads.
    if (published && YEAR_RELATIVE_ONE.test(text) && !DIGIT_OR_MONTH.test(text)) continue;
    if (DIGITS_ONLY.test(plain)) continue;
    // A range of days ("from November 11 – December 13", "January 2015 to December 2019") is two
    // dates; a range of hours ("November 11, 5-8pm") is one.
    const split = r.end && iso(r.end.date()) !== iso(r.start.date()) ? RANGE_SEPARATOR.exec(r.text) : null;
    const parts: [string, number, chrono.ParsedComponents][] =
      split && r.end
        ? [
            [r.text.slice(0, split.index), r.index, r.start],
            [r.text.slice(split.index + split[0].length), r.index + split.index + split[0].length, r.end],
          ]
        : [[r.text, r.index, r.start]];
    for (const [partText, at, component] of parts) {
      const t = parts.length > 1 ? partText.replace(TRAILING_SPACE_OR_PUNCTUATION, '').trim() : text;
      if (!t) continue;
      let resolved: Resolved | null;
      try {
        resolved = resolve(r, t, sentence, published, component);
      } catch {
        resolved = null;
      }
      if (!resolved) continue;
      if (!published && resolved.date && !isAbsolute(r)) delete resolved.date;
      found.push({ text: t, index: at, end: at + partText.length, ...resolved });
    }
  }
  if (published) {
    for (const m of matchesOf(YEAR_RELATIVE, sentence)) {
      if (found.some((f) => m.index < f.end && m.index + m[0].length > f.index)) continue;
      const year = String(relativeYear(m[0], published));
      found.push({ text: m[0], index: m.index, end: m.index + m[0].length, date: year, precision: 'year' });
    }
  }
  if (published) {
    // "this May", "last March", "next June": chrono reads the month alone (or not at all, for May).
    for (const m of matchesOf(MONTH_RELATIVE, sentence)) {
      const end = m.index + m[0].length;
      for (let i = found.length - 1; i >= 0; i--)
        if (m.index < found[i]!.end && end > found[i]!.index) found.splice(i, 1);
      found.push({ text: m[0], index: m.index, end, ...relativeMonth(m[1]!, m[2]!, published) });
    }
  }
  for (const m of [...matchesOf(YEAR, sentence), ...matchesOf(YEAR_FOR, sentence)]) {
    const start = m.index + m[0].length - 4;
    if (found.some((f) => start >= f.index && start < f.end)) continue;
    found.push({ text: m[0], index: m.index, end: m.index + m[0].length, date: m[1]!, precision: 'year' });
  }
  for (const m of matchesOf(YEAR_BEFORE_NOUN, sentence)) {
    const start = m.index + m[0].lastIndexOf(m[1]!);
    if (found.some((f) => start >= f.index && start < f.end)) continue;
    found.push({ text: m[1]!, index: start, end: start + 4, date: m[1]!, precision: 'year' });
  }
  found.sort((a, b) => a.index - b.index);
  return found.map(({ index: _i, end: _e, ...rest }) => rest);
}

/** Absolute when two very different reference dates give the same reading. */
function isAbsolute(r: chrono.ParsedResult): boolean {
  const a = chrono.parse(r.text, new Date(2001, 5, 15, 12), { forwardDate: false })[0];
  const b = chrono.parse(r.text, new Date(2011, 0, 10, 12), { forwardDate: false })[0];
  return !!a && !!b && iso(a.start.date()) === iso(b.start.date());
}
