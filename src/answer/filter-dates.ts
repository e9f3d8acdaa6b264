/**
 * Reads what a user types for `since:` and `until:` into a range of days: an ISO date ("2022-02-01"),
 * month ("2022-02") or year ("2022"), or a phrase read relative to now ("today", "yesterday", "last
 * week", "this month", "3 days ago", "a year ago"). `since` takes the range's first day, `until` its
 * last, so "until 2022-02" keeps the whole of February and "since last week" starts on its Monday.
 *
 * Hand-written rather than chrono-node: answering must not load the build's NLP libraries
 * (test/cli/imports.test.ts), and the forms a filter takes are few and must each mean one thing.
 * Days are UTC, as article dates are.
 */
import { UserError } from '../errors.js';
import { SMALL_NUMBER_WORDS } from '../index/terms.js';

/** A range of days, as ISO `YYYY-MM-DD`, both ends included. */
export interface DayRange {
  first: string;
  last: string;
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
const ISO_DAY = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;
/** "3 days ago", "a week ago", "two months ago". */
const AGO = /^(\d{1,4}|a|an|one|two|three|four|five|six|seven|eight|nine|ten) (day|week|month|year)s? ago$/;
/** "last week", "this month", "past year". */
const RELATIVE_UNIT = /^(last|this|past|previous) (day|week|month|year)$/;
const WHITESPACE_RUN = /\s+/g;
/** "a week ago", "three days ago": the number words news writes, and "a"/"an" for one. */
const SMALL_NUMBERS: Readonly<Record<string, number>> = { a: 1, an: 1, ...SMALL_NUMBER_WORDS };

/** The accepted forms, as every refusal names them. */
const FORMS =
  'a date such as 2022-02-01, a month such as 2022-02, a year such as 2022, or “today”, “yesterday”, “last week”, “last month”, “this year”, “3 days ago”';

type Unit = 'day' | 'week' | 'month' | 'year';

const iso = (d: Date): string => d.toISOString().slice(0, 10);
const utcDay = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m, d));

/** The range of days of the `unit` (a week runs Monday to Sunday) that holds `day`. */
function unitRange(day: Date, unit: Unit): DayRange {
  const y = day.getUTCFullYear();
  const m = day.getUTCMonth();
  const d = day.getUTCDate();
  switch (unit) {
    case 'day':
      return { first: iso(day), last: iso(day) };
    case 'week': {
      const monday = d - ((day.getUTCDay() + 6) % 7);
      return { first: iso(utcDay(y, m, monday)), last: iso(utcDay(y, m, monday + 6)) };
    }
    case 'month':
      return { first: iso(utcDay(y, m, 1)), last: iso(utcDay(y, m + 1, 0)) };
    case 'year':
      return { first: iso(utcDay(y, 0, 1)), last: iso(utcDay(y, 11, 31)) };
  }
}

/** `day` moved back by `n` units (a month back from 31 March is the last day of February). */
function back(day: Date, unit: Unit, n: number): Date {
  const y = day.getUTCFullYear();
  const m = day.getUTCMonth();
  const d = day.getUTCDate();
  if (unit === 'day') return utcDay(y, m, d - n);
  if (unit === 'week') return utcDay(y, m, d - 7 * n);
  const months = unit === 'month' ? n : 12 * n;
  const lastOfTarget = utcDay(y, m - months + 1, 0).getUTCDate();
  return utcDay(y, m - months, Math.min(d, lastOfTarget));
}

function isoRange(m: RegExpExecArray): DayRange | undefined {
  const year = Number(m[1]);
  if (m[2] === undefined) return { first: `${m[1]}-01-01`, last: `${m[1]}-12-31` };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (m[3] === undefined) return unitRange(utcDay(year, month - 1, 1), 'month');
  const day = Number(m[3]);
  const date = utcDay(year, month - 1, day);
  // 2022-02-30 is no day (Date would roll it over to March).
  if (day < 1 || date.getUTCMonth() !== month - 1) return undefined;
  return { first: iso(date), last: iso(date) };
}

/** The days `text` names, read relative to `now`; undefined when it is none of the forms. */
function readRange(text: string, now: Date): DayRange | undefined {
  const t = text.toLowerCase().replace(WHITESPACE_RUN, ' ').trim();
  const today = utcDay(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const isoMatch = ISO_DAY.exec(t);
  if (isoMatch) return isoRange(isoMatch);
  if (t === 'today') return unitRange(today, 'day');
  if (t === 'yesterday') return unitRange(back(today, 'day', 1), 'day');
  const ago = AGO.exec(t);
  if (ago) {
    const word = ago[1]!.toLowerCase();
    const n = Object.hasOwn(SMALL_NUMBERS, word) ? SMALL_NUMBERS[word]! : Number(word);
    return unitRange(back(today, ago[2] as Unit, n), 'day');
  }
  const rel = RELATIVE_UNIT.exec(t);
  if (rel) {
    const unit = rel[2] as Unit;
    return unitRange(rel[1] === 'this' ? today : back(today, unit, 1), unit);
  }
  return undefined;
}

/**
 * The range a `since:` or `until:` value names, or a UserError naming the option and the accepted
 * forms.
 */
export function readDayRange(option: 'since' | 'until', value: string, now: Date): DayRange {
  const range = value.length <= 40 ? readRange(value, now) : undefined;
  if (!range) {
    const shown = value.replace(WHITESPACE_RUN, ' ').trim().slice(0, 40);
    throw new UserError(`The ${option} option “${shown}” is not a date: give ${FORMS}.`);
  }
  return range;
}
