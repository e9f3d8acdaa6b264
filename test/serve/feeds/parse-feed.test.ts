import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { parseFeed } from '../../../src/serve/feeds/parse-feed.js';
import { parseFeedOffThread } from '../../../src/serve/feeds/parse-off-thread.js';
import {
  ATOM,
  EXTERNAL_ENTITY,
  FEED_URL,
  RDF,
  RSS,
  billionLaughs,
  bytes,
  manyItems,
  rssOf,
  wideEntity,
} from './samples.js';

describe('parseFeed', () => {
  it('reads RSS 2.0: relative links made absolute, CDATA and entity titles decoded, no-guid items keyed by link', () => {
    const feed = parseFeed(bytes(RSS), FEED_URL);
    expect(feed.title).toBe('World & Politics');
    expect(feed.link).toBe('https://news.example/');
    expect(feed.items).toEqual([
      {
        id: 'story-1',
        link: 'https://news.example/2024/03/talks-resume',
        // The markup inside the CDATA title is dropped: titles are shown as plain text.
        title: 'Talks resume in Geneva',
        published: '2024-03-05T09:30:00.000Z',
      },
      {
        id: 'https://news.example/2024/03/cafe-tax',
        link: 'https://news.example/2024/03/cafe-tax',
        // &eacute; is an HTML entity, not XML: decoded all the same. "&amp;amp;" and "&lt;new&gt;" are
        // HTML inside XML: decoded twice, "<new>" reads as a tag.
        title: 'Café owners’ & the tax',
        published: '2024-03-04T08:00:00.000Z',
      },
      // The mailto: item is left out: only http(s) pages can be fetched.
    ]);
  });

  it('reads Atom: the alternate link resolved, an html title decoded, published preferred over updated', () => {
    const feed = parseFeed(bytes(ATOM), 'https://science.example/atom.xml');
    expect(feed.title).toBe('Science Desk');
    expect(feed.items).toEqual([
      {
        id: 'urn:uuid:entry-2',
        link: 'https://science.example/articles/comet',
        title: 'Comet & moon',
        published: '2024-03-06T12:00:00.000Z',
      },
      {
        id: 'urn:uuid:entry-1',
        link: 'https://science.example/articles/ice',
        title: 'Ice cores',
        published: '2024-03-01T10:00:00.000Z',
      },
    ]);
  });

  it('reads RSS 1.0 (RDF)', () => {
    const feed = parseFeed(bytes(RDF), 'https://old.example/rss');
    expect(feed.title).toBe('Old Style');
    expect(feed.items.map((i) => i.link)).toEqual(['https://old.example/1']);
  });

  it('resolves relative links against the feed address when the feed names no site', () => {
    const xml =
      '<rss version="2.0"><channel><title>T</title><item><link>story/9</link></item></channel></rss>';
    expect(parseFeed(bytes(xml), 'https://a.example/news/feed.xml').items[0]!.link).toBe(
      'https://a.example/news/story/9',
    );
  });

  it('reads a feed in the encoding its XML declaration names', () => {
    const latin1 = Uint8Array.from(
      Buffer.from(
        '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Caf\u00e9</title></channel></rss>',
        'latin1',
      ),
    );
    expect(parseFeed(latin1, FEED_URL).title).toBe('Café');
  });

  it('refuses a body that is not XML, naming the address', () => {
    expect(() => parseFeed(bytes('{"items": []}'), FEED_URL)).toThrow(UserError);
    expect(() => parseFeed(bytes('{"items": []}'), FEED_URL)).toThrow(
      `${FEED_URL} is not an RSS or Atom feed: the body is not XML.`,
    );
    expect(() => parseFeed(bytes(''), FEED_URL)).toThrow(/is not an RSS or Atom feed: the body is empty/);
    expect(() => parseFeed(bytes('<html><body><p>Hello</body></html>'), FEED_URL)).toThrow(
      /is not an RSS or Atom feed: /,
    );
  });

  it('refuses XML that is not a feed', () => {
    expect(() => parseFeed(bytes('<?xml version="1.0"?><note><to>Ann</to></note>'), FEED_URL)).toThrow(
      `${FEED_URL} is not an RSS or Atom feed: the body is not XML, or its root is neither <rss>, <rdf:RDF> nor <feed>.`,
    );
  });

  it('never expands nested entities (billion laughs)', () => {
    const feed = parseFeed(bytes(billionLaughs()), FEED_URL);
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]!.title.length).toBeLessThan(100);
    expect(feed.title).not.toContain('lollol');
  });

  it('refuses an entity expansion past the size cap', () => {
    expect(() => parseFeed(bytes(wideEntity()), FEED_URL)).toThrow(/is not an RSS or Atom feed: /);
  });

  it('refuses external entities rather than reading the file they name', () => {
    expect(() => parseFeed(bytes(EXTERNAL_ENTITY), FEED_URL)).toThrow(
      `${FEED_URL} is not an RSS or Atom feed: it declares external entities, which are refused.`,
    );
  });

  // Linear: with the library's per-item walk of the channel left in, this took over a minute.
  it('reads a feed of 10,000 items whole, in feed order', () => {
    const feed = parseFeed(bytes(rssOf(manyItems(10_000))), FEED_URL);
    expect(feed.items).toHaveLength(10_000);
    expect(feed.items[0]!.id).toBe('id-0');
    expect(feed.items[9_999]!.link).toBe('https://news.example/a/9999');
  });
});

describe('parseFeedOffThread', () => {
  it('parses a large feed in a worker thread to the same result as inline', async () => {
    const body = bytes(rssOf(manyItems(2_000)));
    expect(body.length).toBeGreaterThan(256 * 1024);
    expect(await parseFeedOffThread(body, FEED_URL)).toEqual(parseFeed(body, FEED_URL));
  });

  it('gives the same UserError for a large body that is not a feed', async () => {
    const body = bytes(`<?xml version="1.0"?><note>${'<to>Ann</to>'.repeat(30_000)}</note>`);
    const failure = parseFeedOffThread(body, FEED_URL);
    await expect(failure).rejects.toThrow(UserError);
    await expect(failure).rejects.toThrow(
      `${FEED_URL} is not an RSS or Atom feed: the body is not XML, or its root`,
    );
  });

  it('parses a small feed inline', async () => {
    expect((await parseFeedOffThread(bytes(ATOM), FEED_URL)).title).toBe('Science Desk');
  });
});
