/**
 * Adding articles from links through the real bot: /admin add-url and /admin follow, feeds and
 * unfollow, against a local web server on 127.0.0.1 (ALLOW_PRIVATE_URLS on, as in the playground),
 * and the refusals an admin sees for bad links — each private, specific, and writing nothing.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PERMISSIONS, autocomplete, chatInput, interactFinal } from '../harness/index.js';
import {
  answerOf,
  expectCleanRun,
  isEphemeral,
  startBot,
  textOf,
  unescaped,
  type TestBot,
} from './helpers.js';

function page(title: string, date: string, paragraphs: string[]): string {
  return `<!doctype html><html><head><title>${title}</title>
<meta property="article:published_time" content="${date}T08:00:00Z"></head>
<body><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
}

const PAGES: Record<string, string> = {
  '/news/lanterns-festival': page('Brindlemoor lantern festival draws record crowds', '2026-11-20', [
    'More than 40,000 people came to the Brindlemoor lantern festival on Saturday, the organisers said.',
    'Festival director Oriane Castell said the crowds were the largest in the festival’s 30-year history.',
  ]),
  '/news/ferry-timetable': page('Brindlemoor ferry timetable changes in winter', '2026-11-22', [
    'The Brindlemoor ferry will run every two hours from December, the operator said on Monday.',
    'Harbour master Edda Lindqvist said the change would save fuel during the quiet months.',
  ]),
};

/** A feed of `n` items, the first ones the pages above, the rest generated pages. */
function feed(n: number, base: string): string {
  const links = Object.keys(PAGES).map((p) => `${base}${p}`);
  for (let i = links.length; i < n; i++) links.push(`${base}/gen/${i}`);
  const items = links
    .map(
      (link, i) =>
        `<item><title>Item ${i}</title><link>${link}</link><guid>${link}</guid><pubDate>${new Date(Date.UTC(2026, 10, 28) - i * 3_600_000).toUTCString()}</pubDate></item>`,
    )
    .join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Brindlemoor Herald</title><link>${base}/</link>${items}</channel></rss>`;
}

describe('articles from links through the real bot', () => {
  let t: TestBot;
  let server: Server;
  let base = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = (req.url ?? '/').split('?')[0]!;
      const html = (body: string) =>
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
      if (PAGES[url]) return html(PAGES[url]);
      const gen = /^\/gen\/(\d+)$/.exec(url);
      if (gen) {
        return html(
          page(`Brindlemoor council notice ${gen[1]}`, '2026-11-25', [
            `The Brindlemoor council published notice number ${gen[1]} about road works on the quay.`,
          ]),
        );
      }
      if (url === '/feed.xml')
        return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed(2, base));
      if (url === '/big-feed.xml')
        return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed(10_000, base));
      if (url === '/not-a-feed.xml')
        return res.writeHead(200, { 'content-type': 'application/xml' }).end('{"a": 1}');
      if (url === '/report.pdf')
        return res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4');
      if (url === '/to-metadata')
        return res.writeHead(302, { location: 'http://169.254.169.254/latest/' }).end();
      return res.writeHead(404, { 'content-type': 'text/plain' }).end('no such page');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await startBot({ env: { ALLOW_PRIVATE_URLS: 'true', FEED_MAX_ITEMS: '3' } });
  });
  afterAll(async () => {
    await t?.stop();
    await new Promise((resolve) => server.close(resolve));
  });

  async function admin(subcommand: string, options: Record<string, string | boolean> = {}) {
    const rec = await interactFinal(
      t.fake,
      chatInput({ name: 'admin', subcommand, permissions: ADMIN_PERMISSIONS, options }),
    );
    expect(isEphemeral(rec)).toBe(true);
    return unescaped(textOf(answerOf(rec)));
  }
  const listing = async () => (await readdir(t.corpusDir)).filter((f) => !f.startsWith('.')).sort();

  it('add-url fetches the page, saves its bytes as served, keeps its address, and answers from it', async () => {
    const text = await admin('add-url', { url: `${base}/news/lanterns-festival?utm_source=chat` });
    expect(text).toMatch(/Added lanterns-festival\.html/);
    expect(text).toMatch(/Brindlemoor lantern festival draws record crowds/);
    expect(await readFile(path.join(t.corpusDir, 'lanterns-festival.html'), 'utf8')).toBe(
      PAGES['/news/lanterns-festival'],
    );
    const sources = JSON.parse(await readFile(path.join(t.corpusDir, '.sources.json'), 'utf8'));
    expect(sources.files['lanterns-festival.html'].url).toBe(
      `${base}/news/lanterns-festival?utm_source=chat`,
    );
    const who = await t.fake.interact(chatInput({ name: 'who', options: { name: 'Oriane Castell' } }));
    expect(unescaped(textOf(answerOf(who)))).toMatch(/Festival director/i);
  });

  it('the same page again is refused as already there; replace:true fetches it again', async () => {
    expect(await admin('add-url', { url: `${base}/news/lanterns-festival` })).toMatch(
      /That page is already in the corpus as lanterns-festival\.html/,
    );
    expect(await admin('add-url', { url: `${base}/news/lanterns-festival`, replace: true })).toMatch(
      /Replaced lanterns-festival\.html/,
    );
  });

  const REFUSED: [string, string, RegExp][] = [
    ['a page that does not exist', '/missing', /answered 404 Not Found/],
    ['a PDF', '/report.pdf', /it is application\/pdf, not an HTML or plain-text page/],
    ['a redirect to the metadata address', '/to-metadata', /169\.254\.169\.254, a link-local address/],
  ];
  for (const [what, route, message] of REFUSED) {
    it(`add-url of ${what} is refused with the reason and writes nothing`, async () => {
      const before = await listing();
      expect(await admin('add-url', { url: `${base}${route}` })).toMatch(message);
      expect(await listing()).toEqual(before);
    });
  }

  it('add-url of a closed port says the host refused the connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await admin('add-url', { url: `http://127.0.0.1:${port}/x` })).toMatch(/refused the connection/);
  });

  it('follow adds the feed’s new items, feeds lists it, and a second follow is refused', async () => {
    const text = await admin('follow', { url: `${base}/feed.xml` });
    expect(text).toMatch(/Following “Brindlemoor Herald”/);
    // The lantern page is in the corpus already: only the ferry page is new.
    expect(text).toMatch(/Added 1: ferry-timetable\.html/);
    expect(text).toMatch(/1 already in the corpus/);
    expect(await listing()).toContain('ferry-timetable.html');
    const list = await admin('feeds');
    expect(list).toMatch(
      /“Brindlemoor Herald” — http:\/\/127\.0\.0\.1:\d+\/feed\.xml · last poll .* · 1 added/,
    );
    expect(await admin('follow', { url: `${base}/feed.xml` })).toMatch(/is followed already/);
  });

  it('a feed of 10,000 items adds only FEED_MAX_ITEMS of them', async () => {
    const before = (await listing()).length;
    const text = await admin('follow', { url: `${base}/big-feed.xml` });
    expect(text).toMatch(/Following “Brindlemoor Herald”/);
    // The two known pages count as duplicates; FEED_MAX_ITEMS=3 items are taken in all.
    expect((await listing()).length - before).toBeLessThanOrEqual(3);
    expect((await listing()).length - before).toBeGreaterThanOrEqual(1);
  });

  it('a feed that is not XML is refused and not followed', async () => {
    expect(await admin('follow', { url: `${base}/not-a-feed.xml` })).toMatch(/is not an RSS or Atom feed/);
    expect(await admin('feeds')).not.toMatch(/not-a-feed/);
  });

  it('unfollow autocompletes followed feeds and stops following one', async () => {
    const rec = await t.fake.interact(
      autocomplete({
        name: 'admin',
        subcommand: 'unfollow',
        focused: { name: 'feed', value: 'Brindle' },
        permissions: ADMIN_PERMISSIONS,
      }),
    );
    const choices = (rec.callback?.data as { choices: { name: string; value: string }[] }).choices;
    expect(choices.map((c) => c.value)).toContain(`${base}/feed.xml`);
    expect(await admin('unfollow', { feed: `${base}/feed.xml` })).toMatch(
      /No longer following “Brindlemoor Herald”/,
    );
    expect(await admin('feeds')).not.toMatch(/\/feed\.xml/);
  });

  it('made no request Discord would refuse and logged no error', () => {
    expectCleanRun(t);
  });
});

describe('links to this machine without ALLOW_PRIVATE_URLS', () => {
  it('add-url and follow of a loopback address are refused before any request', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end('hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const t = await startBot();
    try {
      for (const [sub, url] of [
        ['add-url', `http://127.0.0.1:${port}/page`],
        ['add-url', `http://localhost:${port}/page`],
        ['follow', `http://127.0.0.1:${port}/feed.xml`],
      ] as const) {
        const rec = await interactFinal(
          t.fake,
          chatInput({ name: 'admin', subcommand: sub, permissions: ADMIN_PERMISSIONS, options: { url } }),
        );
        expect(unescaped(textOf(answerOf(rec)))).toMatch(
          /a loopback address, and only public addresses are fetched/,
        );
      }
      expect(requests).toBe(0);
    } finally {
      await t.stop();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
