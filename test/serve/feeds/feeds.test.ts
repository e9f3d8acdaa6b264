import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { UserError } from '../../../src/errors.js';
import { createLogger, silentLogger } from '../../../src/log.js';
import { Feeds, type FeedsOptions } from '../../../src/serve/feeds/feeds.js';
import { ATOM, RSS, bytes, manyItems, rssOf } from './samples.js';

const WORLD = 'https://news.example/world.xml';
const SCIENCE = 'https://science.example/atom.xml';

let dir: string;
let stateFile: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dossier-feeds-'));
  stateFile = path.join(dir, 'feeds.json');
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

/** A web of feeds in memory: `bodies` by address (a function body throws), and a corpus that dedups by link. */
function world(bodies: Record<string, string | (() => never)>) {
  const corpus = new Set<string>();
  const fetched: string[] = [];
  const failLinks = new Set<string>();
  const fetchFeed = async (url: string) => {
    fetched.push(url);
    const body = bodies[url];
    if (body === undefined) throw new UserError(`${url} answered 404 Not Found.`);
    if (typeof body === 'function') body();
    return { url, bytes: bytes(body as string) };
  };
  const addItem = async (link: string) => {
    if (failLinks.has(link)) throw new UserError(`${link} is not an HTML page.`);
    if (corpus.has(link)) return { status: 'duplicate' as const };
    corpus.add(link);
    return { status: 'added' as const, file: `${corpus.size}.html` };
  };
  return { corpus, fetched, failLinks, fetchFeed, addItem };
}

function feeds(w: ReturnType<typeof world>, more: Partial<FeedsOptions> = {}): Feeds {
  return new Feeds({
    stateFile,
    fetchFeed: w.fetchFeed,
    addItem: w.addItem,
    log: silentLogger,
    now: () => new Date('2024-03-07T12:00:00Z'),
    ...more,
  });
}

describe('Feeds.follow', () => {
  it('fetches, saves and polls at once, reporting what it added', async () => {
    const w = world({ [WORLD]: RSS });
    const result = await feeds(w).follow(WORLD);
    expect(result).toMatchObject({ url: WORLD, title: 'World & Politics', duplicates: 0, errors: [] });
    expect(result.added.map((a) => a.link)).toEqual([
      'https://news.example/2024/03/talks-resume',
      'https://news.example/2024/03/cafe-tax',
    ]);
    expect(await feeds(w).list()).toEqual([
      {
        url: WORLD,
        title: 'World & Politics',
        addedAt: '2024-03-07T12:00:00.000Z',
        lastPollAt: '2024-03-07T12:00:00.000Z',
        itemsAdded: 2,
      },
    ]);
  });

  it('refuses a feed that is not XML and saves nothing', async () => {
    const w = world({ [WORLD]: 'Just some text, no feed here.' });
    await expect(feeds(w).follow(WORLD)).rejects.toThrow(
      `${WORLD} is not an RSS or Atom feed: the body is not XML.`,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses an unreachable feed with its reason and saves nothing', async () => {
    const w = world({
      [WORLD]: () => {
        throw new Error('connect ECONNREFUSED 203.0.113.9:443');
      },
    });
    await expect(feeds(w).follow(WORLD)).rejects.toThrow(
      new UserError(`Could not fetch the feed ${WORLD}: connect ECONNREFUSED 203.0.113.9:443.`),
    );
    await expect(feeds(w).follow(SCIENCE)).rejects.toThrow(`${SCIENCE} answered 404 Not Found.`);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses an address that is not http(s), and a feed already followed', async () => {
    const w = world({ [WORLD]: RSS });
    const f = feeds(w);
    await expect(f.follow('ftp://news.example/feed')).rejects.toThrow(/Only http and https feeds/);
    await expect(f.follow('not a url')).rejects.toThrow(/is not a web address/);
    await f.follow(WORLD);
    await expect(f.follow(`${WORLD}#top`)).rejects.toThrow(
      `“World & Politics” (${WORLD}) is followed already.`,
    );
  });

  it('takes only maxItems of a 10,000-item feed, the newest first', async () => {
    const w = world({ [WORLD]: rssOf(manyItems(10_000)) });
    const result = await feeds(w, { maxItems: 20 }).follow(WORLD);
    expect(result.added).toHaveLength(20);
    expect(result.added[0]!.link).toBe('https://news.example/a/0');
    expect(result.added[19]!.link).toBe('https://news.example/a/19');
    expect(w.corpus.size).toBe(20);
  });
});

describe('Feeds.pollAll', () => {
  it('adds only what is new: items are deduplicated by id and by link across polls', async () => {
    const items = manyItems(3);
    const bodies: Record<string, string> = { [WORLD]: rssOf(items) };
    const w = world(bodies);
    const f = feeds(w);
    await f.follow(WORLD);
    expect(w.corpus.size).toBe(3);
    // Next poll: one new item, an old item under a new link (same id), an old link under a new id.
    bodies[WORLD] = rssOf([
      { id: 'id-new', link: 'https://news.example/new', published: '2024-02-01T00:00:00Z' },
      { ...items[0]!, link: 'https://news.example/moved' },
      { ...items[1]!, id: 'other-id' },
      items[2]!,
    ]);
    const [result] = await f.pollAll();
    expect(result!.added.map((a) => a.link)).toEqual(['https://news.example/new']);
    expect(result!.duplicates).toBe(0);
    expect((await f.list())[0]!.itemsAdded).toBe(4);
  });

  it('counts an item the corpus already has as a duplicate and never asks for it again', async () => {
    const w = world({ [WORLD]: RSS });
    w.corpus.add('https://news.example/2024/03/cafe-tax');
    const f = feeds(w);
    const first = await f.follow(WORLD);
    expect(first.duplicates).toBe(1);
    expect(first.added).toHaveLength(1);
    const [again] = await f.pollAll();
    expect(again).toMatchObject({ added: [], duplicates: 0, errors: [] });
  });

  it('keeps polling the other feeds when one fails, and records why in the failing one', async () => {
    const bodies: Record<string, string | (() => never)> = { [WORLD]: RSS, [SCIENCE]: ATOM };
    const w = world(bodies);
    const f = feeds(w);
    await f.follow(WORLD);
    await f.follow(SCIENCE);
    bodies[WORLD] = () => {
      throw new Error('getaddrinfo ENOTFOUND news.example');
    };
    bodies[SCIENCE] = ATOM.replace(
      '<entry>',
      '<entry><id>urn:new</id><link href="articles/new"/></entry><entry>',
    );
    const results = await f.pollAll();
    expect(results.map((r) => [r.url, r.added.length, r.errors])).toEqual([
      [WORLD, 0, [`Could not fetch the feed ${WORLD}: getaddrinfo ENOTFOUND news.example`]],
      [SCIENCE, 1, []],
    ]);
    const [world1, science] = await f.list();
    expect(world1).toMatchObject({
      itemsAdded: 2,
      lastError: `Could not fetch the feed ${WORLD}: getaddrinfo ENOTFOUND news.example`,
    });
    expect(science).toMatchObject({ itemsAdded: 3 });
    expect(science!.lastError).toBeUndefined();
  });

  it('records an item that cannot be added, goes on with the others, and gives it up after three polls', async () => {
    const w = world({ [WORLD]: RSS });
    w.failLinks.add('https://news.example/2024/03/talks-resume');
    const f = feeds(w);
    const first = await f.follow(WORLD);
    expect(first.added.map((a) => a.link)).toEqual(['https://news.example/2024/03/cafe-tax']);
    expect(first.errors).toEqual([
      'https://news.example/2024/03/talks-resume: https://news.example/2024/03/talks-resume is not an HTML page (will retry (attempt 1 of 3))',
    ]);
    expect((await f.list())[0]!.lastError).toContain('is not an HTML page');
    expect((await f.pollAll())[0]!.errors).toHaveLength(1);
    expect((await f.pollAll())[0]!.errors[0]).toContain('skipped after 3 attempts');
    const last = (await f.pollAll())[0]!;
    expect(last.errors).toEqual([]);
    expect((await f.list())[0]!.lastError).toBeUndefined();
  });

  it('keeps its state across a restart: a new Feeds on the same file adds nothing twice', async () => {
    const w = world({ [WORLD]: RSS });
    await feeds(w).follow(WORLD);
    const restarted = feeds({ ...w, addItem: () => Promise.reject(new Error('must not be called')) });
    const [result] = await restarted.pollAll();
    expect(result).toMatchObject({ added: [], errors: [] });
    expect((await restarted.list())[0]!.itemsAdded).toBe(2);
  });

  it('starts with no feeds after a corrupt state file, keeping it as .bad', async () => {
    await writeFile(stateFile, 'not json');
    const w = world({ [WORLD]: RSS });
    const f = feeds(w);
    expect(await f.list()).toEqual([]);
    expect(await readFile(`${stateFile}.bad`, 'utf8')).toBe('not json');
    await f.follow(WORLD);
    expect(await f.list()).toHaveLength(1);
  });
});

describe('Feeds.unfollow and suggest', () => {
  it('unfollows by address or by title; an unknown feed is a UserError', async () => {
    const w = world({ [WORLD]: RSS, [SCIENCE]: ATOM });
    const f = feeds(w);
    await f.follow(WORLD);
    await f.follow(SCIENCE);
    expect(await f.suggest('sci')).toMatchObject([{ url: SCIENCE }]);
    expect(await f.suggest('news.exa')).toMatchObject([{ url: WORLD }]);
    expect(await f.suggest('https://')).toHaveLength(2);
    expect((await f.unfollow('science desk')).url).toBe(SCIENCE);
    expect((await f.unfollow(WORLD)).title).toBe('World & Politics');
    await expect(f.unfollow('World & Politics')).rejects.toThrow(
      new UserError('No followed feed is “World & Politics”; /admin feeds lists them.'),
    );
    expect(await f.list()).toEqual([]);
  });
});

/** Lets real I/O (the state file) run until `done()`; the timers are fake, setImmediate is not. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(done()).toBe(true);
}

describe('Feeds timer', () => {
  it('polls every pollMinutes and skips a tick while a poll still runs', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const w = world({ [WORLD]: RSS });
    await feeds(w).follow(WORLD);
    const lines: string[] = [];
    const log = createLogger({
      level: 'debug',
      format: 'json',
      destination: new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }),
    });
    let release!: () => void;
    let calls = 0;
    const slow = feeds(
      {
        ...w,
        fetchFeed: async (url) => {
          calls++;
          await new Promise<void>((resolve) => (release = resolve));
          return w.fetchFeed(url);
        },
      },
      { pollMinutes: 5, log },
    );
    slow.start();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    await until(() => calls === 1);
    await vi.advanceTimersByTimeAsync(10 * 60_000); // two more ticks while the first poll runs
    expect(calls).toBe(1);
    expect(lines.filter((l) => l.includes('skipping this tick'))).toHaveLength(2);
    release();
    await slow.pollAll(); // joins the running poll: resolves when it has finished
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    await until(() => calls === 2);
    release();
    await slow.stop();
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(calls).toBe(2);
  });

  it('polls at start when a feed is overdue (the process was down past its poll time)', async () => {
    const w = world({ [WORLD]: RSS });
    await feeds(w).follow(WORLD);
    const later = feeds(w, { pollMinutes: 30, now: () => new Date('2024-03-07T13:00:00Z') });
    later.start();
    await until(() => w.fetched.length === 2);
    await later.stop();
    expect((await later.list())[0]!.lastPollAt).toBe('2024-03-07T13:00:00.000Z');
  });
});

describe('feed settings', () => {
  it('FEED_POLL_MINUTES and FEED_MAX_ITEMS default to 30 and 20 and refuse values out of range', () => {
    expect(loadConfig({}).feeds).toEqual({ pollMinutes: 30, maxItems: 20 });
    expect(loadConfig({ FEED_POLL_MINUTES: '5', FEED_MAX_ITEMS: '200' }).feeds).toEqual({
      pollMinutes: 5,
      maxItems: 200,
    });
    expect(() => loadConfig({ FEED_POLL_MINUTES: '0' })).toThrow(/^FEED_POLL_MINUTES: /);
    expect(() => loadConfig({ FEED_POLL_MINUTES: '1441' })).toThrow(/^FEED_POLL_MINUTES: /);
    expect(() => loadConfig({ FEED_MAX_ITEMS: '201' })).toThrow(/^FEED_MAX_ITEMS: /);
    expect(() => loadConfig({ FEED_MAX_ITEMS: 'many' })).toThrow(/^FEED_MAX_ITEMS: /);
  });
});

describe('afterAdding: the items of one poll are indexed together', () => {
  it('runs once after a follow or a sweep that added items, and not after one that added none', async () => {
    const w = world({ [WORLD]: RSS, [SCIENCE]: ATOM });
    const afterAdding = vi.fn(async () => undefined);
    const f = feeds(w, { afterAdding });
    await f.follow(WORLD);
    expect(afterAdding).toHaveBeenCalledTimes(1);
    await f.follow(SCIENCE);
    expect(afterAdding).toHaveBeenCalledTimes(2);
    await f.pollAll(); // nothing new in either feed
    expect(afterAdding).toHaveBeenCalledTimes(2);
  });

  it('a failure to index is reported in the poll’s errors, and the items stay counted as added', async () => {
    const w = world({ [WORLD]: RSS });
    const result = await feeds(w, {
      afterAdding: async () => {
        throw new UserError('A reindex is already under way. Try again in a moment.');
      },
    }).follow(WORLD);
    expect(result.added).toHaveLength(2);
    expect(result.errors).toEqual([
      'the new articles were saved but not indexed: A reindex is already under way. Try again in a moment',
    ]);
  });
});
