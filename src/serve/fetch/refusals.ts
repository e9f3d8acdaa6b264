/**
 * Every message a fetch can end with, in one place: one sentence naming the link (shortened, with
 * any user name or password left out) and the reason. Each is a `FetchRefused`, a UserError, so the
 * admin sees it as written.
 */
import { STATUS_CODES } from 'node:http';
import { formatBytes } from '../../corpus/decode.js';
import { UserError } from '../../errors.js';

/** A page or feed that was not fetched, and why. */
export class FetchRefused extends UserError {
  override name = 'FetchRefused';
}

/** The longest a link is shown in a message. */
const SHOWN_CHARS = 80;
/** Control characters, whitespace and the bidi controls that could disguise a link in a message. */
// eslint-disable-next-line no-control-regex -- control characters are what we take out
const UNSHOWABLE = /[\u0000-\u0020\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;
const VOWEL_START = /^[aeiou]/;

/** Text from outside (a raw link, a header) made safe to quote: no control characters, capped. */
export function shown(text: string, max = SHOWN_CHARS): string {
  const chars = Array.from(text.replace(UNSHOWABLE, ''));
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

/** A link as a message shows it: without a user name or password, capped. */
export function shownUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return shown(copy.href);
}

/** How a message names what was fetched: the link given, and where a redirect led if it did. */
export function subjectOf(first: URL, current: URL): string {
  if (first.href === current.href) return shownUrl(first);
  return `${shownUrl(first)} (redirected to ${shownUrl(current)})`;
}

const a = (words: string): string => `${VOWEL_START.test(words) ? 'an' : 'a'} ${words}`;
const refused = (subject: string, why: string) => new FetchRefused(`Refused ${subject}: ${why}.`);
const failed = (subject: string, why: string) => new FetchRefused(`Could not fetch ${subject}: ${why}.`);

export const refusal = {
  notAUrl: (raw: string) =>
    new FetchRefused(
      `“${shown(raw)}” is not a web address; give a full link starting with http:// or https://.`,
    ),
  scheme: (subject: string, scheme: string) =>
    refused(subject, `only http:// and https:// links are fetched, not ${shown(scheme, 20)}`),
  credentials: (subject: string) =>
    refused(subject, 'links with a user name or password in them are not fetched'),
  address: (subject: string, ip: string, words: string) =>
    refused(subject, `it points to ${ip}, ${a(words)} address, and only public addresses are fetched`),
  wrongAddress: (subject: string, ip: string) =>
    refused(subject, `the connection went to ${ip}, not to the address that was checked`),
  tooManyRedirects: (subject: string, max: number) =>
    refused(subject, `it redirected more than ${max} times`),
  redirectScheme: (subject: string, target: string) =>
    refused(subject, `it redirected to ${target}, and only http:// and https:// links are followed`),
  badRedirect: (subject: string) => failed(subject, 'it redirected to an invalid address'),
  connectTimeout: (subject: string, host: string, ms: number) =>
    failed(subject, `no connection to ${host} within ${seconds(ms)}`),
  totalTimeout: (subject: string, ms: number) => failed(subject, `it took longer than ${seconds(ms)}`),
  notFound: (subject: string, host: string) => failed(subject, `the host ${host} was not found`),
  connectionRefused: (subject: string, host: string) => failed(subject, `${host} refused the connection`),
  unreachable: (subject: string, host: string) => failed(subject, `${host} is unreachable`),
  closed: (subject: string, host: string) =>
    failed(subject, `the connection to ${host} was closed before the page arrived`),
  tls: (subject: string, host: string, code: string) =>
    failed(subject, `the secure connection to ${host} failed (${shown(code, 40)})`),
  network: (subject: string, host: string, code: string) =>
    failed(subject, `the connection to ${host} failed (${shown(code, 40)})`),
  malformed: (subject: string, host: string) => failed(subject, `${host} sent a malformed HTTP response`),
  status: (subject: string, status: number) =>
    failed(subject, `it answered ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`),
  declaredTooLarge: (subject: string, bytes: number, max: number) =>
    refused(subject, `it is ${formatBytes(bytes)}, over the ${formatBytes(max)} limit`),
  tooLarge: (subject: string, max: number) =>
    refused(subject, `it is larger than the ${formatBytes(max)} limit`),
  inflatesTooLarge: (subject: string, max: number) =>
    refused(subject, `it is larger than the ${formatBytes(max)} limit once decompressed`),
  encoding: (subject: string, encoding: string) =>
    refused(subject, `it is compressed as “${shown(encoding, 40)}”, which the bot cannot read`),
  corrupt: (subject: string) => failed(subject, 'its compressed body is corrupt'),
  pageType: (subject: string, type: string) =>
    refused(subject, `it is ${shown(type, 60)}, not an HTML or plain-text page`),
  unknownPage: (subject: string) =>
    refused(subject, 'it has no content type and does not look like an HTML or plain-text page'),
  feedType: (subject: string, type: string) =>
    refused(subject, `it is ${shown(type, 60)}, not an RSS or Atom feed`),
  unknownFeed: (subject: string) => refused(subject, 'it does not look like an RSS or Atom feed (XML)'),
};

function seconds(ms: number): string {
  return `${+(ms / 1000).toFixed(1)} s`;
}

/** TLS and certificate error codes, for the "secure connection" message. */
const TLS_CODE = /^(?:ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH)/;

/** A system error code (ETIMEDOUT, EPROTO …); other codes are bugs, not the network, and are rethrown. */
const ERRNO_CODE = /^E[A-Z]+$/;

/** The message for a network error from resolving or connecting, or null when `err` is no such error. */
export function networkRefusal(err: unknown, subject: string, host: string): FetchRefused | null {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return null;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'ENODATA':
      return refusal.notFound(subject, host);
    case 'ECONNREFUSED':
      return refusal.connectionRefused(subject, host);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
      return refusal.unreachable(subject, host);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return refusal.closed(subject, host);
  }
  if (code.startsWith('Z_')) return refusal.corrupt(subject);
  if (code.startsWith('HPE_')) return refusal.malformed(subject, host);
  if (TLS_CODE.test(code)) return refusal.tls(subject, host, code);
  return ERRNO_CODE.test(code) ? refusal.network(subject, host, code) : null;
}
