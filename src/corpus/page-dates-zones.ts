/**
 * Time zones of a page's date-times: a publication time stored in UTC names the local day only once
 * the page says where it was published (see `localDay`).
 */
import type { DomDocument } from './dom.js';
import type { DateCandidate, DateSource } from './page-dates.js';


/** A date-time with its clock and zone: `2023-11-09T01:49:09Z`, `2023-11-08 17:49:09`, `20200414T00:38:07Z`. */
const DATE_TIME =
  /^(\d{4})-?(\d{2})-?(\d{2})[T ](\d{1,2}):?(\d{2})(?::?(\d{1,2}))?(?:[.,]\d+)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const UTC_NAME = /^[zug]/i;
export const HOUR = 60 * 60 * 1000;
const QUARTER_HOUR = HOUR / 4;

interface Clock {
  /** The clock reading as if it were UTC, in milliseconds. */
  reading: number;
  /** Minutes east of UTC, or null when the value names no zone. */
  offset: number | null;
}

export function readClock(value: string): Clock | null {
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
export function localDay(chosen: DateCandidate, all: DateCandidate[], document: DomDocument): string | null {
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
