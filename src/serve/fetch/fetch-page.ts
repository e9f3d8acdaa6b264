/**
 * Fetching one page (for `/admin add-url`) or one feed from an untrusted link. http(s) only, no
 * user names or passwords; every address the host resolves to is checked and the connection made to
 * a checked one (`request.ts`), again after each redirect (at most 5); a connect and a total time
 * limit; the body streamed and cut at 2 MiB as sent and as inflated (`read-body.ts`); only the types
 * the kind keeps (`content-type.ts`). Every refusal is one FetchRefused sentence (`refusals.ts`).
 */
import type { IncomingMessage } from 'node:http';
import { MAX_UPLOAD_BYTES } from '../../corpus/upload.js';
import pkg from '../../../package.json' with { type: 'json' };
import { ACCEPT, type FetchKind, judgeType, mediaType, sniffType } from './content-type.js';
import { readBody } from './read-body.js';
import { FetchRefused, networkRefusal, refusal, shown, shownUrl, subjectOf } from './refusals.js';
import { hostOf, type Lookup, openHop, resolveChecked, systemLookup } from './request.js';

export { FetchRefused };
export type { Lookup };

export interface FetchOptions {
  /** ALLOW_PRIVATE_URLS: let loopback and private-use addresses through (never link-local and the like). */
  allowPrivate: boolean;
  kind: FetchKind;
  /** The body limit, as sent and as inflated. Default: MAX_UPLOAD_BYTES (2 MiB). */
  maxBytes?: number;
  /** How long each connection may take to open (TCP, and TLS for https). Default 5 s. */
  connectMs?: number;
  /** How long the whole fetch may take, redirects and body included. Default 15 s. */
  totalMs?: number;
  /** Redirects followed before the fetch is refused. Default 5. */
  maxRedirects?: number;
  /** Stops the fetch; it then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Resolves host names to all their addresses. Default: the system resolver. */
  lookup?: Lookup;
}

export interface FetchedPage {
  /** The link as given (normalised by the URL parser). */
  requestedUrl: string;
  /** The link the body came from, after redirects. */
  url: string;
  status: number;
  /** The Content-Type header as sent, or the type sniffed from the body when it had none. */
  contentType: string;
  /** The body, decompressed. */
  bytes: Uint8Array;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = `DossierBot/${pkg.version} (news-article Discord bot; fetches links its admins add)`;

/** Fetches `link` under every rule above; resolves with its body or rejects with a FetchRefused. */
export async function fetchPage(link: string, opts: FetchOptions): Promise<FetchedPage> {
  const first = parseLink(link);
  const totalMs = opts.totalMs ?? 15_000;
  let current = first;
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(refusal.totalTimeout(subjectOf(first, current), totalMs)),
    totalMs,
  );
  const onCallerAbort = () => deadline.abort(opts.signal?.reason);
  if (opts.signal?.aborted) onCallerAbort();
  opts.signal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    for (let redirects = 0; ; redirects++) {
      const res = await requestOnce(first, current, opts, deadline.signal);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECTS.has(status) && location !== undefined) {
        res.socket?.destroy();
        if (redirects >= (opts.maxRedirects ?? 5)) {
          throw refusal.tooManyRedirects(shownUrl(first), opts.maxRedirects ?? 5);
        }
        current = redirectTarget(first, current, location);
        continue;
      }
      return await keepBody(first, current, res, opts, deadline.signal);
    }
  } catch (err) {
    if (err instanceof FetchRefused) throw err;
    if (deadline.signal.aborted) throw deadline.signal.reason;
    throw networkRefusal(err, subjectOf(first, current), shown(hostOf(current), 60)) ?? err;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCallerAbort);
  }
}

/** One request: the host checked, the GET sent, its response head returned. */
async function requestOnce(
  first: URL,
  current: URL,
  opts: FetchOptions,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const subject = subjectOf(first, current);
  const addresses = await resolveChecked(current, {
    subject,
    allowPrivate: opts.allowPrivate,
    lookup: opts.lookup ?? systemLookup,
    signal,
  });
  const headers = {
    'user-agent': USER_AGENT,
    accept: ACCEPT[opts.kind],
    'accept-encoding': 'gzip, deflate, br',
  };
  const { res } = await openHop(current, {
    subject,
    addresses,
    headers,
    connectMs: opts.connectMs ?? 5_000,
    signal,
  });
  return res;
}

/** The final response's body, if its status, type and size are ones the kind keeps. */
async function keepBody(
  first: URL,
  current: URL,
  res: IncomingMessage,
  opts: FetchOptions,
  signal: AbortSignal,
): Promise<FetchedPage> {
  const subject = subjectOf(first, current);
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 299) {
    res.socket?.destroy();
    throw refusal.status(subject, status);
  }
  const header = res.headers['content-type'] ?? '';
  const type = mediaType(header);
  const verdict = judgeType(opts.kind, type);
  if (verdict === 'refuse') {
    res.socket?.destroy();
    throw opts.kind === 'page' ? refusal.pageType(subject, type) : refusal.feedType(subject, type);
  }
  const bytes = await readBody(res, { subject, maxBytes: opts.maxBytes ?? MAX_UPLOAD_BYTES, signal });
  let contentType = header;
  if (verdict === 'sniff') {
    const sniffed = sniffType(opts.kind, bytes);
    if (!sniffed) {
      if (opts.kind === 'page') throw refusal.unknownPage(subject);
      throw type ? refusal.feedType(subject, type) : refusal.unknownFeed(subject);
    }
    contentType = sniffed;
  }
  return { requestedUrl: first.href, url: current.href, status, contentType, bytes };
}

/** The link as a URL, if it is an http(s) link without credentials. */
function parseLink(link: string): URL {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    throw refusal.notAUrl(link);
  }
  checkLink(url, url, false);
  return url;
}

/** Where a redirect's Location leads, checked as the link itself was. */
function redirectTarget(first: URL, current: URL, location: string): URL {
  let next: URL;
  try {
    next = new URL(location, current);
  } catch {
    throw refusal.badRedirect(subjectOf(first, current));
  }
  checkLink(first, next, true);
  return next;
}

function checkLink(first: URL, url: URL, redirected: boolean): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    if (redirected) throw refusal.redirectScheme(shownUrl(first), shownUrl(url));
    throw refusal.scheme(shownUrl(url), url.protocol);
  }
  if (url.username || url.password) throw refusal.credentials(subjectOf(first, url));
}
