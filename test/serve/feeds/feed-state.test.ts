import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log.js';
import {
  type FeedRecord,
  MAX_SEEN_KEYS,
  readFeedState,
  remember,
  writeFeedState,
} from '../../../src/serve/feeds/feed-state.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dossier-feed-state-'));
  file = path.join(dir, 'feeds.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const record: FeedRecord = {
  url: 'https://news.example/feed.xml',
  title: 'News',
  addedAt: '2024-03-01T00:00:00.000Z',
  itemsAdded: 2,
  seen: ['a', 'b'],
};

describe('feed state file', () => {
  it('is no feeds when the file does not exist', async () => {
    expect(await readFeedState(file, silentLogger)).toEqual([]);
  });

  it('reads back what it wrote, versioned, with no temporary left beside it', async () => {
    await writeFeedState(file, [record]);
    expect(await readFeedState(file, silentLogger)).toEqual([record]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1, feeds: [record] });
    expect(await readdir(dir)).toEqual(['feeds.json']);
  });

  it('sets a corrupt file aside as .bad and starts empty, without throwing', async () => {
    await writeFile(file, '{"version":1,"feeds":[{"url":');
    expect(await readFeedState(file, silentLogger)).toEqual([]);
    expect(await readFile(`${file}.bad`, 'utf8')).toBe('{"version":1,"feeds":[{"url":');
    // Reported once: the file is gone, so the next read is a plain "no feeds".
    expect((await readdir(dir)).sort()).toEqual(['feeds.json.bad']);
    await writeFeedState(file, [record]);
    expect(await readFeedState(file, silentLogger)).toEqual([record]);
  });

  it('sets aside a file of another version or shape', async () => {
    await writeFile(file, JSON.stringify({ version: 2, feeds: [] }));
    expect(await readFeedState(file, silentLogger)).toEqual([]);
    expect(await readdir(dir)).toEqual(['feeds.json.bad']);
  });

  it('remembers each key once, newest last, and forgets the oldest past the cap', () => {
    expect(remember(['a', 'b', 'c'], ['b', 'd'])).toEqual(['a', 'c', 'b', 'd']);
    const full = Array.from({ length: MAX_SEEN_KEYS }, (_, i) => `k${i}`);
    const next = remember(full, ['new']);
    expect(next).toHaveLength(MAX_SEEN_KEYS);
    expect(next[0]).toBe('k1');
    expect(next.at(-1)).toBe('new');
  });
});
