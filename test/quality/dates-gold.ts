/**
 * The date gold set (test/quality/dates/*.yaml): date phrases taken from real news pages, each with
 * its sentence, the article's publication day and the calendar date a reader gives it. `npm run eval`
 * resolves every phrase two ways and reports both side by side:
 *
 *  - **Dossier**: `extractTimes` (the resolver the index uses) on a one-sentence article published that
 *    day; the mention whose text overlaps the phrase is the answer, with the precision it states.
 *  - **plain chrono-node**: `chrono.parse(sentence, published at noon, { forwardDate: false })`; the
 *    result whose span overlaps the phrase; its precision is the finest component chrono marks certain.
 *
 * An answer is right when it names the expected day, week, month or year *at that precision*: "last
 * year" answered with one exact day is wrong, as it would be on `/timeline`. Because chrono has no notion
 * of a week, a second, lenient score for both counts any answer whose day falls inside the expected
 * period, whatever precision it claims.
 */
import * as chrono from 'chrono-node';
import { z } from 'zod';

import type { Article } from '../../src/corpus/types.js';
import { extractTimes } from '../../src/index/tables/dates.js';
import { parseYamlList } from './match.js';

const EXPECT_FORMS = ['day', 'week', 'month', 'year'] as const;
type ExpectForm = (typeof EXPECT_FORMS)[number];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const EXPECT = /^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|week \d{4}-\d{2}-\d{2})$/;

const GoldEntry = z
  .strictObject({
    page: z.string().trim().min(1),
    published: z.string().regex(DAY, 'published is a day, YYYY-MM-DD'),
    sentence: z.string().trim().min(1),
    phrase: z.string().trim().min(1),
    expect: z.string().regex(EXPECT, 'expect is YYYY-MM-DD, "week YYYY-MM-DD" (a Monday), YYYY-MM or YYYY'),
    note: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.sentence.includes(v.phrase))
      ctx.addIssue({ code: 'custom', path: ['phrase'], message: 'the phrase is not in the sentence' });
    if (v.expect.startsWith('week ') && new Date(`${v.expect.slice(5)}T12:00:00Z`).getUTCDay() !== 1)
      ctx.addIssue({ code: 'custom', path: ['expect'], message: 'a week is given by its Monday' });
  });
export type GoldEntry = z.infer<typeof GoldEntry>;

export class GoldFileError extends Error {}

/** Parses and validates one gold file's text; `file` is only used in messages. */
export function parseGold(text: string, file: string): GoldEntry[] {
  return parseYamlList(text, file, GoldEntry, {
    what: 'date phrases',
    label: 'phrase',
    error: GoldFileError,
  });
}

function formOf(expect: string): ExpectForm {
  if (expect.startsWith('week ')) return 'week';
  if (DAY.test(expect)) return 'day';
  return expect.length === 7 ? 'month' : 'year';
}

/** One engine's reading of a phrase: the date as `YYYY-MM-DD`/`YYYY-MM`/`YYYY` and what it claims. */
export interface Reading {
  /** The words the engine read as the date. */
  text: string;
  date: string;
  precision: ExpectForm;
}

export interface Scored {
  reading: Reading | null;
  /** Right date at the expected precision. */
  ok: boolean;
  /** The reading's day falls in the expected period, whatever precision it claims. */
  lenient: boolean;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const isoDay = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

function noon(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d, 12);
}

/** The first and last day (inclusive, `YYYY-MM-DD`) of the period an expectation names. */
function period(expect: string): [string, string] {
  const form = formOf(expect);
  if (form === 'day') return [expect, expect];
  if (form === 'week') {
    const monday = noon(expect.slice(5));
    const sunday = new Date(monday);
    sunday.setDate(monday.getDate() + 6);
    return [isoDay(monday), isoDay(sunday)];
  }
  if (form === 'month') return [`${expect}-01`, `${expect}-31`];
  return [`${expect}-01-01`, `${expect}-12-31`];
}

export function score(entry: GoldEntry, reading: Reading | null): Scored {
  if (!reading) return { reading, ok: false, lenient: false };
  const form = formOf(entry.expect);
  const want = form === 'week' ? entry.expect.slice(5) : entry.expect;
  const ok = reading.precision === form && reading.date === want;
  // The first day of what the reading names: a week's Monday, a month's first, a year's 1 January.
  const first =
    reading.date.length === 4
      ? `${reading.date}-01-01`
      : reading.date.length === 7
        ? `${reading.date}-01`
        : reading.date;
  const [from, to] = period(entry.expect);
  // A reading coarser than the expectation is never inside it ("2019" for a day in 2019).
  const coarser = EXPECT_FORMS.indexOf(reading.precision) > EXPECT_FORMS.indexOf(form);
  const lenient = ok || (!coarser && first >= from && first <= to);
  return { reading, ok, lenient };
}

/** Where the phrase sits in the sentence. */
function span(entry: GoldEntry): [number, number] {
  const at = entry.sentence.indexOf(entry.phrase);
  return [at, at + entry.phrase.length];
}

const overlaps = (a: [number, number], b: [number, number]): boolean => a[0] < b[1] && b[0] < a[1];

/** Dossier's reading: the index's resolver on a one-sentence article published that day. */
export function ours(entry: GoldEntry): Reading | null {
  const article: Article = {
    id: 'gold',
    file: 'gold.md',
    title: 'Gold',
    published: entry.published,
    paragraphs: [{ articleId: 'gold', n: 1, text: entry.sentence, sentences: [entry.sentence] }],
  };
  const mentions = extractTimes([article]);
  // Mentions carry their text, not their offset: find each one's place left to right.
  const want = span(entry);
  let from = 0;
  for (const m of mentions) {
    const at = entry.sentence.indexOf(m.text, from);
    if (at < 0) continue;
    from = at + 1;
    if (!m.date || !m.precision) continue;
    if (overlaps([at, at + m.text.length], want))
      return { text: m.text, date: m.date, precision: m.precision };
  }
  return null;
}

/** Plain chrono-node's reading, as a project that used it directly would get. */
export function plainChrono(entry: GoldEntry): Reading | null {
  let results: chrono.ParsedResult[];
  try {
    results = chrono.parse(entry.sentence, noon(entry.published), { forwardDate: false });
  } catch {
    return null;
  }
  const want = span(entry);
  const r = results.find((x) => overlaps([x.index, x.index + x.text.length], want));
  if (!r) return null;
  const d = r.start.date();
  const precision: ExpectForm = r.start.isCertain('day')
    ? 'day'
    : r.start.isCertain('month')
      ? 'month'
      : r.start.isCertain('year')
        ? 'year'
        : 'day';
  const date =
    precision === 'day'
      ? isoDay(d)
      : precision === 'month'
        ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}`
        : String(d.getFullYear());
  return { text: r.text, date, precision };
}

export interface GoldResult {
  entry: GoldEntry;
  file: string;
  ours: Scored;
  chrono: Scored;
}

export function evaluateGold(entries: (GoldEntry & { file: string })[]): GoldResult[] {
  return entries.map(({ file, ...entry }) => ({
    entry,
    file,
    ours: score(entry, ours(entry)),
    chrono: score(entry, plainChrono(entry)),
  }));
}

export interface GoldRow {
  form: ExpectForm | 'all';
  total: number;
  ours: number;
  chrono: number;
  oursLenient: number;
  chronoLenient: number;
}

export function summariseGold(results: GoldResult[]): GoldRow[] {
  const row = (form: GoldRow['form'], rs: GoldResult[]): GoldRow => ({
    form,
    total: rs.length,
    ours: rs.filter((r) => r.ours.ok).length,
    chrono: rs.filter((r) => r.chrono.ok).length,
    oursLenient: rs.filter((r) => r.ours.lenient).length,
    chronoLenient: rs.filter((r) => r.chrono.lenient).length,
  });
  return [
    row('all', results),
    ...EXPECT_FORMS.map((f) =>
      row(
        f,
        results.filter((r) => formOf(r.entry.expect) === f),
      ),
    ).filter((r) => r.total),
  ];
}

export const describeReading = (r: Reading | null): string =>
  r ? `${r.precision === 'week' ? 'week ' : ''}${r.date} (${r.precision}, from “${r.text}”)` : 'nothing';
