/** Human-readable dates for answer lines (English, UTC, no locale surprises). */
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, alone or followed by an ISO time (`T…`): groups 1–3. */
const ISO_DATE_PREFIX = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|T)/;

/** The one reading of an ISO date or its year/month prefix; undefined when `value` is not one. */
function isoDateParts(value: string): { year: number; month?: number; day?: number } | undefined {
  const m = ISO_DATE_PREFIX.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (m[2] === undefined) return { year };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (m[3] === undefined) return { year, month };
  const day = Number(m[3]);
  return day >= 1 && day <= 31 ? { year, month, day } : undefined;
}

/** The month's name, in full or its first three letters ("Feb"). */
function monthName(month: number, short = false): string {
  const name = MONTHS[month - 1]!;
  return short ? name.slice(0, 3) : name;
}

/** "2022-02-24" → "Thursday 24 February 2022"; "2022-02" → "February 2022"; "2014" → "2014". */
export function formatDate(iso: string): string {
  const p = isoDateParts(iso);
  if (!p) return iso;
  if (p.month === undefined) return String(p.year);
  if (p.day === undefined) return `${monthName(p.month)} ${p.year}`;
  const weekday = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
  return `${DAYS[weekday]} ${p.day} ${monthName(p.month)} ${p.year}`;
}

/** A resolved time with its precision: a week is "the week of Monday 14 February 2022", never one day. */
export function formatWhen(iso: string, precision?: string): string {
  return precision === 'week' ? `the week of ${formatDate(iso)}` : formatDate(iso);
}

/**
 * Compact dates for citation headers in every renderer: `2022-02-21` (or a full ISO timestamp) →
 * `21 Feb 2022`; `2022-02` → `Feb 2022`; `2022` → `2022`; undefined when `value` is not one.
 */
export function shortDate(value: string): string | undefined {
  const p = isoDateParts(value.trim());
  if (!p) return undefined;
  if (p.month === undefined) return String(p.year);
  const month = monthName(p.month, true);
  return p.day === undefined ? `${month} ${p.year}` : `${p.day} ${month} ${p.year}`;
}
