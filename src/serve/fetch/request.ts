/**
 * One request of a fetch: the link's host resolved once, every address it resolves to checked
 * (`address-policy.ts`), then a GET whose connection can only go to those checked addresses. Node's
 * http(s) `lookup` option is given the checked list instead of asking DNS again, so a name that
 * answers differently a moment later (DNS rebinding) changes nothing; the socket's remote address
 * is compared with the list once more on connect. No keep-alive agent: each request has its own
 * socket, destroyed when the fetch is done or stopped.
 */
import { promises as dns } from 'node:dns';
import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import { addressRefusal, sameAddress } from './address-policy.js';
import { refusal } from './refusals.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (injectable so tests can play any DNS answer). */
export type Lookup = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (getaddrinfo, as every other program on the machine resolves names). */
export const systemLookup: Lookup = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** A URL's host as a resolver or a socket takes it: IPv6 literals without their brackets. */
export function hostOf(url: URL): string {
  const h = url.hostname;
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

interface CheckOptions {
  subject: string;
  allowPrivate: boolean;
  lookup: Lookup;
  signal: AbortSignal;
}

/** The addresses `url` may be fetched from: all of them, or a FetchRefused if any is refused. */
export async function resolveChecked(url: URL, o: CheckOptions): Promise<ResolvedAddress[]> {
  const host = hostOf(url);
  const literal = isIP(host);
  const addresses = literal
    ? [{ address: host, family: literal as 4 | 6 }]
    : await untilAborted(o.lookup(host), o.signal);
  if (!addresses.length) throw refusal.notFound(o.subject, host);
  for (const { address } of addresses) {
    const why = addressRefusal(address, o.allowPrivate);
    if (why) throw refusal.address(o.subject, address, why);
  }
  return addresses;
}

interface HopOptions {
  subject: string;
  addresses: ResolvedAddress[];
  headers: Record<string, string>;
  connectMs: number;
  signal: AbortSignal;
}

/** The GET request to `url` and its response head; the body is left unread. */
export function openHop(url: URL, o: HopOptions): Promise<{ req: ClientRequest; res: IncomingMessage }> {
  const secure = url.protocol === 'https:';
  const lookup: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, o.addresses);
    else callback(null, o.addresses[0]!.address, o.addresses[0]!.family);
  };
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(url, { headers: o.headers, agent: false, lookup });
    const stop = (err: Error) => req.destroy(err);
    const onAbort = () => stop(o.signal.reason as Error);
    const connectTimer = setTimeout(
      () => stop(refusal.connectTimeout(o.subject, hostOf(url), o.connectMs)),
      o.connectMs,
    );
    const done = () => {
      clearTimeout(connectTimer);
      o.signal.removeEventListener('abort', onAbort);
    };
    req.on('socket', (socket: Socket) => {
      socket.once('connect', () => {
        const remote = socket.remoteAddress ?? '';
        if (!o.addresses.some((a) => sameAddress(a.address, remote)))
          stop(refusal.wrongAddress(o.subject, remote));
        if (!secure) clearTimeout(connectTimer);
      });
      if (secure) socket.once('secureConnect', () => clearTimeout(connectTimer));
    });
    req.on('response', (res) => {
      done();
      resolve({ req, res });
    });
    req.on('error', (err) => {
      done();
      reject(err);
    });
    req.on('close', done);
    if (o.signal.aborted) onAbort();
    else o.signal.addEventListener('abort', onAbort, { once: true });
    req.end();
  });
}

/** `promise`, or the abort reason as soon as `signal` fires (a DNS lookup cannot itself be stopped). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
