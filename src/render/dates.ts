/** The date of a citation's article as every renderer shows it. */
import { shortDate } from '../answer/format.js';
import { stripControl } from './safe.js';

const WHITESPACE_RUN = /\s+/g;

/**
 * `2022-02-21` (or a full ISO timestamp) → `21 Feb 2022`; `2022-02` → `Feb 2022`; `2022` → `2022`.
 * Anything else is returned as written (cleaned, cut to 40 characters): timelines carry dates "as the
 * expression was written" when they could not be resolved.
 */
export function citationDate(value: string): string {
  const short = shortDate(value);
  if (short) return short;
  const raw = stripControl(value).replace(WHITESPACE_RUN, ' ').trim();
  return raw.length > 40 ? `${raw.slice(0, 39)}…` : raw;
}
