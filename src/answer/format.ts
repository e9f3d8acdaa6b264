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
/** "2022-02-24", "2022-02" or "2014": year, month and day in groups 1–3. */
const ISO_DATE_PREFIXES = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
/** A full "2022-02-24": year, month and day in groups 1–3. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2022-02-24" → "Thursday 24 February 2022"; "2022-02" → "February 2022"; "2014" → "2014". */
export function formatDate(iso: string): string {
  const m = ISO_DATE_PREFIXES.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m;
  if (!mo) return y!;
  const month = MONTHS[Number(mo) - 1];
  if (!month) return iso;
  if (!d) return `${month} ${y}`;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))).getUTCDay();
  return `${DAYS[day]} ${Number(d)} ${month} ${y}`;
}

/** A resolved time with its precision: a week is "the week of Monday 14 February 2022", never one day. */
export function formatWhen(iso: string, precision?: string): string {
  return precision === 'week' ? `the week of ${formatDate(iso)}` : formatDate(iso);
}

/** "2022-02-24" → "24 Feb 2022" for compact citation headers. */
export function shortDate(iso: string): string {
  const m = ISO_DATE.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]?.slice(0, 3) ?? m[2]} ${m[1]}`;
}
