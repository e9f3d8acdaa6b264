/**
 * Days written in a value or in text: ISO, compact and epoch values from markup, and the forms people
 * write ("18 March 2015", "March 18, 2015", "18.03.2015", "2020年7月12日") in the languages of the pages
 * we meet. A day is `YYYY-MM-DD`, taken as written (no conversion to UTC).
 */
import { isoDatePart } from './iso-date.js';


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
export function day(year: number, month: number, dayOfMonth: number): string | null {
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
export function firstTextDate(text: string): { index: number; date: string | null } | undefined {
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
