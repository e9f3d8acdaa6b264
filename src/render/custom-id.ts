/**
 * The `custom_id` of Dossier's buttons: everything the bot needs to answer a click without keeping
 * state, in ≤ 100 characters. Surface-free (no Discord imports) so the bot, the CLI and tests share it.
 *
 * Layout (fields separated by `:`; inside a field `%`, `:` and `~` are written `%25`, `%3A`, `%7E`):
 *
 *   dz1:<action>:<kind>:<version>:<offset>:<articleId>:<paragraph>:<queryHash>:<query>
 *
 * - `action` is `m` (more passages) or `f` (full paragraph).
 * - `version` is the corpus version when it is short and plain (`[A-Za-z0-9._-]{1,12}`), otherwise
 *   `~` + a 7-character hash of it: compare with `sameVersion(decoded.version, current)`, which
 *   handles both, to tell the user "the corpus has changed since".
 * - `articleId` is written as is when it fits in 32 characters, otherwise as `~` + its hash; the
 *   decoder then returns `articleIdHash` and the bot finds the article with `hashKey(id)`.
 * - The query goes last and gets whatever room is left. When it does not fit in full it is cut at a
 *   word and `queryHash` (the hash of the full query) is set, and the decoder returns
 *   `queryTruncated: true` with that hash: the bot can look the full query up in a recent-queries
 *   cache keyed by `queryKey(query)`, and fall back to the cut query if it has forgotten it.
 *
 * - An article filter (`since:`, `until:`, `outlet:`) goes at the start of the query field, between
 *   two `~` (which an escaped field never holds): `~<since>.<until>.<outlet>~<query>`, the days as
 *   base-36 day numbers since 1970-01-01, the outlet escaped, or `*` + `outletKey(outlet)` when it is
 *   longer than 20 characters (the bot finds the outlet among the articles'). A "Full paragraph" id
 *   whose long article id leaves no room drops the filter: the paragraph it shows is the same.
 *
 * The decoder never throws: forged, truncated, over-long or garbage input gives `{ error }`.
 */

import { ANSWER_KINDS, type AnswerKind } from '../answer/types.js';
import { LONE_SURROGATE } from './safe.js';

const CUSTOM_ID_PREFIX = 'dz1';
const CUSTOM_ID_MAX = 100;

type CustomIdAction = 'more' | 'full';

export interface CustomIdInput {
  action: CustomIdAction;
  kind: AnswerKind;
  query: string;
  /** Where the next page starts (`more`), or the offset of the page the button was on (`full`). */
  offset: number;
  /** The corpus version the answer was computed against. */
  version: string;
  articleId?: string;
  /** 1-based paragraph number. */
  paragraph?: number;
  /** The article filter the answer was restricted to: ISO days and an outlet name. */
  filter?: { since?: string; until?: string; outlet?: string };
}

/** A carried filter; a long outlet comes back as `outletHash` (see `outletKey`). */
interface DecodedFilter {
  since?: string;
  until?: string;
  outlet?: string;
  outletHash?: string;
}

export interface DecodedCustomId {
  action: CustomIdAction;
  kind: AnswerKind;
  /** The query as encoded: the full query, or a word-cut prefix when `queryTruncated`. */
  query: string;
  queryTruncated: boolean;
  /** `hashKey(fullQuery)`, present when the query was cut. */
  queryHash?: string;
  offset: number;
  /** The version as encoded: the version itself or `~hash`; compare with `sameVersion`. */
  version: string;
  articleId?: string;
  /** `hashKey(articleId)`, present (instead of `articleId`) when the id was too long to carry. */
  articleIdHash?: string;
  paragraph?: number;
  filter?: DecodedFilter;
}

const KINDS: readonly AnswerKind[] = ANSWER_KINDS;
const ACTION_CODE: Record<CustomIdAction, string> = { more: 'm', full: 'f' };
const MAX_OFFSET = 9_999_999;
const MAX_PARAGRAPH = 999_999;
/** Versions written as they are; anything else is hashed. */
const PLAIN_VERSION = /^[A-Za-z0-9._-]{1,12}$/;
const MAX_PLAIN_ARTICLE_ID = 32;
const HASH_LENGTH = 7;

/** Characters `escapeField` writes as `%25`, `%3A`, `%7E`. */
const FIELD_SPECIAL_CHARS = /[%:~]/g;
/** Characters that can never appear unescaped in an encoded field. */
const UNESCAPED_SEPARATOR = /[:~]/;
/** A `%` escape and the (up to) two characters after it. */
const PERCENT_ESCAPE = /%(..)?/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001F\u007F-\u009F]/g;
const WHITESPACE_RUN = /\s+/g;
/** A version field: a plain version or `~` + its hash. */
const VERSION_FIELD = /^(?:[A-Za-z0-9._-]{1,12}|~[0-9a-z]{7})$/;
const OFFSET_FIELD = /^(?:0|[1-9]\d{0,6})$/;
/** A paragraph field: empty or a number without leading zeros. */
const PARAGRAPH_FIELD = /^(?:|0|[1-9]\d{0,5})$/;
/** A query-hash field: empty (whole query) or a 7-character hash. */
const QUERY_HASH_FIELD = /^(?:|[0-9a-z]{7})$/;
/** An article field holding `~` + the hash of a too-long article id. */
const HASHED_ARTICLE_FIELD = /^~[0-9a-z]{7}$/;
/** The filter at the start of a query field: since and until day numbers, then the outlet. */
const FILTER_TAG = /^~([0-9a-z]{0,5})\.([0-9a-z]{0,5})\.([^~]*)~/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const HASHED_OUTLET = /^\*[0-9a-z]{7}$/;
/** Outlets longer than this (escaped) are carried as their hash. */
const MAX_PLAIN_OUTLET = 20;
const DAY_MS = 86_400_000;
const MAX_DAY_NUMBER = 36 ** 5 - 1;

/**
 * A short stable key for a string: 32-bit FNV-1a over its UTF-16 code units, base 36, 7 characters.
 * Not cryptographic: it names things, it does not authenticate them.
 */
export function hashKey(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(HASH_LENGTH, '0');
}

/** How a corpus version is written into a custom id. */
function versionTag(version: string): string {
  return PLAIN_VERSION.test(version) ? version : `~${hashKey(version)}`;
}

/** The key a cut query's `queryHash` is computed with: cache recent queries under `queryKey(query)`. */
export function queryKey(query: string): string {
  return hashKey(normalizeQuery(query));
}

/** Whether a decoded `version` stands for the corpus version `current`. */
export function sameVersion(decodedVersion: string, current: string): boolean {
  return decodedVersion === versionTag(current);
}

/** The key a long outlet is carried under: the hash of its name, case and spacing folded. */
export function outletKey(outlet: string): string {
  return hashKey(outlet.replace(WHITESPACE_RUN, ' ').trim().toLowerCase());
}

const dayNumber = (iso: string | undefined): string => {
  if (!iso || !ISO_DAY.test(iso)) return '';
  const n = Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
  return Number.isFinite(n) && n >= 0 && n <= MAX_DAY_NUMBER ? n.toString(36) : '';
};
const isoOfDay = (field: string): string | undefined =>
  field === '' ? undefined : new Date(parseInt(field, 36) * DAY_MS).toISOString().slice(0, 10);

/** The filter tags to try, longest first (the outlet as written, then hashed); none without a filter. */
function filterTags(filter: CustomIdInput['filter']): string[] {
  if (!filter) return [];
  const days = `${dayNumber(filter.since)}.${dayNumber(filter.until)}.`;
  if (!filter.outlet) return days === '..' ? [] : [`~${days}~`];
  const plain = escapeField(filter.outlet);
  const hashed = `~${days}*${outletKey(filter.outlet)}~`;
  return plain.length <= MAX_PLAIN_OUTLET && !plain.startsWith('*')
    ? [`~${days}${plain}~`, hashed]
    : [hashed];
}

/** Reads a filter tag's fields back; null when they are not what `filterTags` writes. */
function decodeFilter(since: string, until: string, outlet: string): DecodedFilter | null {
  const filter: DecodedFilter = {};
  const s = isoOfDay(since);
  const u = isoOfDay(until);
  if (s) filter.since = s;
  if (u) filter.until = u;
  if (HASHED_OUTLET.test(outlet)) filter.outletHash = outlet.slice(1);
  else if (outlet !== '') {
    const name = unescapeField(outlet);
    if (name === null) return null;
    filter.outlet = name;
  }
  return filter;
}

const escapeField = (s: string): string =>
  s.replace(FIELD_SPECIAL_CHARS, (c) => (c === '%' ? '%25' : c === ':' ? '%3A' : '%7E'));

/** Undoes `escapeField`; null when the field holds anything `escapeField` can't have produced. */
function unescapeField(s: string): string | null {
  if (UNESCAPED_SEPARATOR.test(s)) return null;
  let bad = false;
  const out = s.replace(PERCENT_ESCAPE, (_m, code: string | undefined) => {
    if (code === '25') return '%';
    if (code === '3A') return ':';
    if (code === '7E') return '~';
    bad = true;
    return '';
  });
  return bad ? null : out;
}

const clampInt = (n: number, max: number): number =>
  Number.isFinite(n) ? Math.min(max, Math.max(0, Math.trunc(n))) : 0;

/**
 * The form of a query that is encoded (and hashed): lone surrogates dropped, controls and runs of
 * whitespace made one space, trimmed.
 */
export const normalizeQuery = (q: string): string =>
  q.replace(LONE_SURROGATE, '').replace(CONTROL_CHARS, ' ').replace(WHITESPACE_RUN, ' ').trim();

/** The longest prefix of `query`, cut at a word when possible, whose escaped form fits `budget`. */
function cutQuery(query: string, budget: number): string {
  let lo = 0;
  let hi = query.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (escapeField(query.slice(0, mid)).length <= budget) lo = mid;
    else hi = mid - 1;
  }
  let cut = lo;
  if (cut > 0 && cut < query.length) {
    const code = query.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    const space = query.lastIndexOf(' ', cut);
    if (query[cut] !== ' ' && space >= Math.ceil(cut * 0.5)) cut = space;
  }
  return query.slice(0, cut).trimEnd();
}

/** Builds a custom id (≤ 100 characters, always; inputs out of range are clamped, not thrown). */
export function encodeCustomId(input: CustomIdInput): string {
  const articleId = input.articleId ?? '';
  const articleField =
    escapeField(articleId).length <= MAX_PLAIN_ARTICLE_ID ? escapeField(articleId) : `~${hashKey(articleId)}`;
  const paragraph = input.paragraph === undefined ? '' : String(clampInt(input.paragraph, MAX_PARAGRAPH));
  const head = [
    CUSTOM_ID_PREFIX,
    ACTION_CODE[input.action] ?? 'm',
    KINDS.includes(input.kind) ? input.kind : 'search',
    versionTag(input.version),
    String(clampInt(input.offset, MAX_OFFSET)),
    articleField,
    paragraph,
  ].join(':');

  const query = normalizeQuery(input.query);
  const full = escapeField(query);
  // The filter goes first in the query field, when it leaves room for the query or its hash.
  const least = Math.min(full.length, HASH_LENGTH + 1);
  const tag = filterTags(input.filter).find((t) => head.length + 2 + t.length + least <= CUSTOM_ID_MAX) ?? '';
  // head + ':' + (hash field, empty when whole) + ':' + filter + query
  const room = CUSTOM_ID_MAX - head.length - 2 - tag.length;
  if (full.length <= room) return `${head}::${tag}${full}`;
  const cut = cutQuery(query, room - HASH_LENGTH);
  return `${head}:${hashKey(query)}:${tag}${escapeField(cut)}`;
}

/** Parses a custom id made by `encodeCustomId`; `{ error }` for anything else. Never throws. */
export function decodeCustomId(customId: unknown): DecodedCustomId | { error: string } {
  if (typeof customId !== 'string') return { error: 'custom id is not a string' };
  if (customId.length === 0) return { error: 'custom id is empty' };
  if (customId.length > CUSTOM_ID_MAX)
    return { error: `custom id is longer than ${CUSTOM_ID_MAX} characters` };
  const parts = customId.split(':');
  if (parts[0] !== CUSTOM_ID_PREFIX) return { error: 'custom id is not a Dossier button (unknown prefix)' };
  if (parts.length !== 9) return { error: `custom id has ${parts.length} fields, expected 9` };
  const [, actionCode, kind, version, offsetText, articleField, paragraphText, queryHash, queryField] =
    parts as [string, string, string, string, string, string, string, string, string];

  const action = actionCode === 'm' ? 'more' : actionCode === 'f' ? 'full' : null;
  if (!action) return { error: `unknown action "${actionCode.slice(0, 10)}"` };
  if (!(KINDS as readonly string[]).includes(kind)) return { error: `unknown kind "${kind.slice(0, 10)}"` };
  if (!VERSION_FIELD.test(version)) return { error: 'bad corpus version' };
  if (!OFFSET_FIELD.test(offsetText)) return { error: 'bad offset' };
  if (!PARAGRAPH_FIELD.test(paragraphText)) return { error: 'bad paragraph' };
  if (!QUERY_HASH_FIELD.test(queryHash)) return { error: 'bad query hash' };

  const tag = queryField.startsWith('~') ? FILTER_TAG.exec(queryField) : undefined;
  if (tag === null) return { error: 'bad filter' };
  const filter = tag ? decodeFilter(tag[1]!, tag[2]!, tag[3]!) : undefined;
  if (filter === null) return { error: 'bad escape in filter' };
  const query = unescapeField(tag ? queryField.slice(tag[0].length) : queryField);
  if (query === null) return { error: 'bad escape in query' };

  const decoded: DecodedCustomId = {
    action,
    kind: kind as AnswerKind,
    query,
    queryTruncated: queryHash !== '',
    offset: Number(offsetText),
    version,
  };
  if (queryHash !== '') decoded.queryHash = queryHash;
  if (filter) decoded.filter = filter;

  if (HASHED_ARTICLE_FIELD.test(articleField)) {
    decoded.articleIdHash = articleField.slice(1);
  } else if (articleField !== '') {
    const articleId = unescapeField(articleField);
    if (articleId === null) return { error: 'bad escape in article id' };
    decoded.articleId = articleId;
  }
  if (paragraphText !== '') decoded.paragraph = Number(paragraphText);

  if (
    action === 'full' &&
    (decoded.paragraph === undefined || (!decoded.articleId && !decoded.articleIdHash))
  ) {
    return { error: 'full-paragraph button without an article and paragraph' };
  }
  return decoded;
}
