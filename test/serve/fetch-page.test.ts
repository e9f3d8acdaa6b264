/**
 * fetchPage against a real HTTP server on 127.0.0.1: what it keeps, every refusal's message, and
 * that a refused address is never connected to (the server counts connections). The local server
 * is a loopback address, so every test that reaches it runs with allowPrivate; the address tests
 * run without it and check that nothing reached the server.
 */
import { createServer as createHttpServer, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchRefused, type Lookup, fetchPage } from '../../src/serve/fetch/fetch-page.js';

const HTML =
  '<!doctype html><html><head><title>Talks</title></head><body><p>Talks resumed.</p></body></html>';
const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title></channel></rss>';
const MiB = 1024 * 1024;
/** 20 MiB of zeros, gzipped: about 20 KiB sent, far past the limit once inflated. */
const BOMB = gzipSync(Buffer.alloc(20 * MiB));

let server: Server;
let base: string;
let port: number;
let connections = 0;
const hostsSeen: string[] = [];
/** Resolves when the response of the over-the-limit stream is closed (the client dropped it). */
let streamClosed: Promise<void>;
let markStreamClosed: () => void;

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | number>,
  body?: Buffer | string,
) {
  res.writeHead(status, headers);
  res.end(body);
}

const routes: Record<string, (res: ServerResponse) => void> = {
  '/page.html': (res) => send(res, 200, { 'content-type': 'text/html; charset=utf-8' }, HTML),
  '/text': (res) => send(res, 200, { 'content-type': 'text/plain' }, 'Plain words.\n'),
  '/missing': (res) => send(res, 404, { 'content-type': 'text/html' }, 'nope'),
  '/pdf': (res) => send(res, 200, { 'content-type': 'application/pdf' }, '%PDF-1.7'),
  '/no-type': (res) => send(res, 200, {}, `\n  ${HTML}`),
  '/no-type-binary': (res) => send(res, 200, {}, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3])),
  '/feed': (res) => send(res, 200, { 'content-type': 'application/rss+xml' }, FEED),
  '/feed-as-text': (res) => send(res, 200, { 'content-type': 'text/plain' }, FEED),
  '/gzip-page': (res) =>
    send(res, 200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }, gzipSync(HTML)),
  '/br-page': (res) =>
    send(res, 200, { 'content-type': 'text/html', 'content-encoding': 'br' }, brotliCompressSync(HTML)),
  '/odd-encoding': (res) => send(res, 200, { 'content-type': 'text/html', 'content-encoding': 'zstd' }, 'x'),
  '/corrupt-gzip': (res) =>
    send(res, 200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }, 'not gzip at all'),
  '/gzip-bomb': (res) => send(res, 200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }, BOMB),
  '/big-declared': (res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': 3 * MiB });
    res.write('<p>'); // and never the rest: the declared length alone must refuse it
  },
  '/big-stream': (res) => {
    res.writeHead(200, { 'content-type': 'text/html' }); // chunked: no length to go by
    res.on('close', () => markStreamClosed());
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  },
  '/cut-short': (res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': 1000 });
    res.write('<p>Only the start', () => res.socket?.destroy());
  },
  '/slow': (res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.write('<p>The first words'); // and never the end
  },
  '/to-metadata': (res) => send(res, 302, { location: 'http://169.254.169.254/latest/meta-data/' }),
  '/to-ftp': (res) => send(res, 301, { location: 'ftp://files.example.com/report.html' }),
};

beforeAll(async () => {
  streamClosed = new Promise((resolve) => (markStreamClosed = resolve));
  server = createHttpServer((req, res) => {
    hostsSeen.push(req.headers.host ?? '');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const hop = /^\/hop\/(\d+)$/.exec(path);
    if (hop) {
      const n = Number(hop[1]);
      if (n === 0) return send(res, 200, { 'content-type': 'text/html' }, HTML);
      return send(res, 302, { location: `/hop/${n - 1}` });
    }
    if (path === '/echo-headers')
      return send(res, 200, { 'content-type': 'text/plain' }, JSON.stringify(req.headers));
    (routes[path] ?? ((r: ServerResponse) => send(r, 404, {})))(res);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const local = { allowPrivate: true, kind: 'page' } as const;

async function refusal(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FetchRefused);
  return (err as FetchRefused).message;
}

describe('fetchPage keeps pages and feeds', () => {
  it('returns an HTML page with its type, status and final address', async () => {
    const page = await fetchPage(`${base}/page.html`, local);
    expect(page).toMatchObject({ status: 200, url: `${base}/page.html`, requestedUrl: `${base}/page.html` });
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(Buffer.from(page.bytes).toString()).toBe(HTML);
  });

  it('returns a plain-text page', async () => {
    const page = await fetchPage(`${base}/text`, local);
    expect(page.contentType).toBe('text/plain');
    expect(Buffer.from(page.bytes).toString()).toBe('Plain words.\n');
  });

  it('names itself and asks for the kind it wants, compressed', async () => {
    const page = await fetchPage(`${base}/echo-headers`, local);
    const headers = JSON.parse(Buffer.from(page.bytes).toString()) as Record<string, string>;
    expect(headers['user-agent']).toMatch(/^DossierBot\/\d+\.\d+\.\d+ \(/);
    expect(headers['accept']).toContain('text/html');
    expect(headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('inflates a gzip or brotli page', async () => {
    for (const path of ['/gzip-page', '/br-page']) {
      const page = await fetchPage(`${base}${path}`, local);
      expect(Buffer.from(page.bytes).toString()).toBe(HTML);
    }
  });

  it('sniffs a page sent without a content type', async () => {
    const page = await fetchPage(`${base}/no-type`, local);
    expect(page.contentType).toBe('text/html');
  });

  it('follows five redirects and reports where it ended', async () => {
    const page = await fetchPage(`${base}/hop/5`, local);
    expect(page.url).toBe(`${base}/hop/0`);
    expect(page.requestedUrl).toBe(`${base}/hop/5`);
  });

  it('takes an RSS feed, and XML served as text, for kind feed', async () => {
    const feed = await fetchPage(`${base}/feed`, { ...local, kind: 'feed' });
    expect(feed.contentType).toBe('application/rss+xml');
    const sniffed = await fetchPage(`${base}/feed-as-text`, { ...local, kind: 'feed' });
    expect(sniffed.contentType).toBe('application/xml');
    expect(Buffer.from(sniffed.bytes).toString()).toBe(FEED);
  });
});

describe('fetchPage refuses what it must not keep', () => {
  it('says a missing page answered 404 Not Found', async () => {
    expect(await refusal(fetchPage(`${base}/missing`, local))).toBe(
      `Could not fetch ${base}/missing: it answered 404 Not Found.`,
    );
  });

  it('refuses a sixth redirect', async () => {
    expect(await refusal(fetchPage(`${base}/hop/6`, local))).toBe(
      `Refused ${base}/hop/6: it redirected more than 5 times.`,
    );
  });

  it('refuses a redirect to the cloud metadata address even with private addresses allowed', async () => {
    expect(await refusal(fetchPage(`${base}/to-metadata`, local))).toBe(
      `Refused ${base}/to-metadata (redirected to http://169.254.169.254/latest/meta-data/): it points to 169.254.169.254, a link-local address, and only public addresses are fetched.`,
    );
  });

  it('refuses a redirect to a private address when private addresses are not allowed', async () => {
    // The local server is itself a loopback address, reachable only with private addresses allowed,
    // and then 10.0.0.1 is allowed too. So the check every hop runs is shown on a first hop here.
    const lookup: Lookup = async () => [{ address: '10.0.0.1', family: 4 }];
    expect(
      await refusal(fetchPage('http://intranet.example/', { ...local, allowPrivate: false, lookup })),
    ).toBe(
      'Refused http://intranet.example/: it points to 10.0.0.1, a private-use address, and only public addresses are fetched.',
    );
  });

  it('refuses a redirect to an ftp link', async () => {
    expect(await refusal(fetchPage(`${base}/to-ftp`, local))).toBe(
      `Refused ${base}/to-ftp: it redirected to ftp://files.example.com/report.html, and only http:// and https:// links are followed.`,
    );
  });

  it('stops a body that never ends at the total time limit', async () => {
    expect(await refusal(fetchPage(`${base}/slow`, { ...local, totalMs: 300 }))).toBe(
      `Could not fetch ${base}/slow: it took longer than 0.3 s.`,
    );
  });

  it('refuses a PDF as a page and HTML as a feed, naming the type', async () => {
    expect(await refusal(fetchPage(`${base}/pdf`, local))).toBe(
      `Refused ${base}/pdf: it is application/pdf, not an HTML or plain-text page.`,
    );
    expect(await refusal(fetchPage(`${base}/page.html`, { ...local, kind: 'feed' }))).toBe(
      `Refused ${base}/page.html: it is text/html, not an RSS or Atom feed.`,
    );
    expect(await refusal(fetchPage(`${base}/no-type-binary`, local))).toBe(
      `Refused ${base}/no-type-binary: it has no content type and does not look like an HTML or plain-text page.`,
    );
  });

  it('refuses a body whose Content-Length is over the limit before reading it', async () => {
    expect(await refusal(fetchPage(`${base}/big-declared`, local))).toBe(
      `Refused ${base}/big-declared: it is 3 MiB, over the 2 MiB limit.`,
    );
  });

  it('cuts a body without a length at the limit and drops the connection', async () => {
    expect(await refusal(fetchPage(`${base}/big-stream`, local))).toBe(
      `Refused ${base}/big-stream: it is larger than the 2 MiB limit.`,
    );
    await streamClosed; // the server saw its response closed: the client stopped reading
  });

  it('refuses a gzip bomb once it inflates past the limit', async () => {
    expect(await refusal(fetchPage(`${base}/gzip-bomb`, local))).toBe(
      `Refused ${base}/gzip-bomb: it is larger than the 2 MiB limit once decompressed.`,
    );
  });

  it('caps the compressed bytes too', async () => {
    expect(await refusal(fetchPage(`${base}/gzip-bomb`, { ...local, maxBytes: 1000 }))).toBe(
      `Refused ${base}/gzip-bomb: it is larger than the 1000 bytes limit.`,
    );
  });

  it('refuses an encoding it cannot read and a corrupt gzip body', async () => {
    expect(await refusal(fetchPage(`${base}/odd-encoding`, local))).toBe(
      `Refused ${base}/odd-encoding: it is compressed as “zstd”, which the bot cannot read.`,
    );
    expect(await refusal(fetchPage(`${base}/corrupt-gzip`, local))).toBe(
      `Could not fetch ${base}/corrupt-gzip: its compressed body is corrupt.`,
    );
  });

  it('refuses other schemes, credentials and text that is no link', async () => {
    expect(await refusal(fetchPage('ftp://files.example.com/a.html', local))).toBe(
      'Refused ftp://files.example.com/a.html: only http:// and https:// links are fetched, not ftp:.',
    );
    expect(await refusal(fetchPage('file:///etc/passwd', local))).toBe(
      'Refused file:///etc/passwd: only http:// and https:// links are fetched, not file:.',
    );
    const creds = await refusal(fetchPage(`http://admin:hunter2@127.0.0.1:${port}/page.html`, local));
    expect(creds).toBe(
      `Refused ${base}/page.html: links with a user name or password in them are not fetched.`,
    );
    expect(await refusal(fetchPage('no link\u0007 here', local))).toBe(
      '“nolinkhere” is not a web address; give a full link starting with http:// or https://.',
    );
  });
});

describe('fetchPage never connects to a refused address', () => {
  const loopbackLinks = () => [
    `http://127.0.0.1:${port}/page.html`,
    `http://localhost:${port}/page.html`,
    `http://[::1]:${port}/page.html`,
    `http://2130706433:${port}/page.html`,
    `http://0x7f.1:${port}/page.html`,
    `http://0177.0.0.1:${port}/page.html`,
    `http://[::ffff:127.0.0.1]:${port}/page.html`,
  ];

  it('refuses loopback in every notation without reaching the server', async () => {
    const before = connections;
    for (const link of loopbackLinks()) {
      const message = await refusal(fetchPage(link, { allowPrivate: false, kind: 'page' }));
      expect(message).toMatch(
        /^Refused http:\/\/.+: it points to .+, a loopback address, and only public addresses are fetched\.$/,
      );
    }
    expect(connections).toBe(before);
  });

  it('refuses a name that resolves to a public and a private address', async () => {
    const lookup: Lookup = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '192.168.1.20', family: 4 },
    ];
    expect(
      await refusal(fetchPage('https://news.example/story', { allowPrivate: false, kind: 'page', lookup })),
    ).toBe(
      'Refused https://news.example/story: it points to 192.168.1.20, a private-use address, and only public addresses are fetched.',
    );
  });

  it('refuses link-local, unspecified and NAT64 forms even with private addresses allowed', async () => {
    const cases: [string, string][] = [
      ['http://169.254.169.254/latest/', 'link-local'],
      ['http://[fe80::1]/', 'link-local'],
      [`http://0.0.0.0:${port}/`, 'unspecified'],
      ['http://[::]/', 'unspecified'],
      ['http://224.0.0.1/', 'multicast'],
      ['http://255.255.255.255/', 'broadcast'],
      ['http://[::ffff:169.254.169.254]/', 'link-local'],
      ['http://[64:ff9b::a9fe:a9fe]/', 'link-local'],
      ['http://[2002:a9fe:a9fe::1]/', 'link-local'],
      ['http://240.0.0.1/', 'reserved'],
    ];
    const before = connections;
    for (const [link, words] of cases) {
      expect(await refusal(fetchPage(link, local))).toMatch(new RegExp(`, an? ${words} address, `));
    }
    expect(connections).toBe(before);
  });

  it('connects to the address it checked, not to what the name resolves to later', async () => {
    const answers = [
      [{ address: '127.0.0.1', family: 4 as const }],
      [{ address: '169.254.169.254', family: 4 as const }],
    ];
    let calls = 0;
    const lookup: Lookup = async () => answers[Math.min(calls++, 1)]!;
    const page = await fetchPage(`http://rebind.example:${port}/page.html`, { ...local, lookup });
    expect(Buffer.from(page.bytes).toString()).toBe(HTML);
    expect(calls).toBe(1);
    expect(hostsSeen.at(-1)).toBe(`rebind.example:${port}`);
  });
});

describe('fetchPage says why a host could not be reached', () => {
  it('names a closed port as refusing the connection', async () => {
    const closed = createHttpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await refusal(fetchPage(`http://127.0.0.1:${closedPort}/`, local))).toBe(
      `Could not fetch http://127.0.0.1:${closedPort}/: 127.0.0.1 refused the connection.`,
    );
  });

  it('says a connection closed in the middle of the body was closed', async () => {
    expect(await refusal(fetchPage(`${base}/cut-short`, local))).toBe(
      `Could not fetch ${base}/cut-short: the connection to 127.0.0.1 was closed before the page arrived.`,
    );
  });

  it('names a host that does not resolve', async () => {
    const lookup: Lookup = () =>
      Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    expect(await refusal(fetchPage('http://no-such-host.example/', { ...local, lookup }))).toBe(
      'Could not fetch http://no-such-host.example/: the host no-such-host.example was not found.',
    );
  });

  it('stops a connection whose TLS handshake never finishes at the connect limit', async () => {
    const silent: TcpServer = createTcpServer((socket) => socket.resume()); // reads, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as AddressInfo).port;
    try {
      expect(await refusal(fetchPage(`https://127.0.0.1:${silentPort}/`, { ...local, connectMs: 200 }))).toBe(
        `Could not fetch https://127.0.0.1:${silentPort}/: no connection to 127.0.0.1 within 0.2 s.`,
      );
    } finally {
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('rejects with the caller’s reason when its signal aborts', async () => {
    const controller = new AbortController();
    const pending = fetchPage(`${base}/slow`, { ...local, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('shutting down')), 50);
    await expect(pending).rejects.toThrow('shutting down');
  });
});
