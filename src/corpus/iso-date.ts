/** ISO calendar dates (`YYYY-MM-DD`) as stored in `ArticleMeta.published`. */

// A date, optionally followed by a time of day and a zone, which we drop (see types.ts).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The `YYYY-MM-DD` part of an ISO date or date-time as written, or null when it is not one or names
 * a day that does not exist (2022-02-30). The date is taken as written, not converted to UTC: an
 * article dated `2022-02-21T23:30-05:00` was published on the 21st where it was written.
 */
export function isoDatePart(value: string): string | null {
  const m = ISO.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const back = date.toISOString().slice(0, 10);
  return back === `${y}-${mo}-${d}` ? back : null;
}

/**
 * Today's date for the "not in the future" check: the calendar date in the easternmost time zone
 * (UTC+14), so an article dated today anywhere on Earth is never rejected as "in the future".
 */
export function latestToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 14 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
