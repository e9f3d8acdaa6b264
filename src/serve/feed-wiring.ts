/**
 * The followed feeds of one engine: the poller (src/serve/feeds) given the page fetcher and the
 * store's add, its state kept in `.feeds.json` in the corpus folder (hidden, so never an article),
 * and the notices `/admin follow`, `/admin feeds` and `/admin unfollow` answer with.
 */
import path from 'node:path';
import type { Notice } from '../../commands/types.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { fetchLink, stagePageByLink } from './add-page.js';
import { DuplicateArticle } from './corpus-changes.js';
import { Feeds, type FeedSummary, type PollResult } from './feeds/feeds.js';
import type { IndexStore } from './store.js';

/** The feeds' state file, in the corpus folder it adds to. */
const FEEDS_FILE = '.feeds.json';
/** How long a feed's item waits for a reindex under way to end before it is tried on a later poll. */
const WAIT_FOR_STORE_MS = 10 * 60_000;

/**
 * The engine's feeds. `onAdded` is called (debounced) after items were added, so the other shards of
 * a sharded bot can adopt the new index.
 */
export function createFeeds(store: IndexStore, config: Config, log: Logger, onAdded?: () => void): Feeds {
  let debounce: NodeJS.Timeout | undefined;
  const added = () => {
    if (!onAdded) return;
    clearTimeout(debounce);
    debounce = setTimeout(onAdded, 2000);
    debounce.unref();
  };
  return new Feeds({
    stateFile: path.join(store.corpusDir, FEEDS_FILE),
    fetchFeed: async (url) => {
      const page = await fetchLink(url, 'feed', config.allowPrivateUrls);
      return { url: page.url, bytes: page.bytes };
    },
    addItem: async (link) => {
      await idle(store);
      try {
        return { status: 'added', file: await stagePageByLink(store, link, config.allowPrivateUrls) };
      } catch (err) {
        if (err instanceof DuplicateArticle) return { status: 'duplicate', file: err.file };
        throw err;
      }
    },
    // The items a poll wrote are indexed together, in one reindex that reads only them.
    afterAdding: async () => {
      await idle(store);
      await store.reindex({ changedOnly: true });
      added();
    },
    maxItems: config.feeds.maxItems,
    pollMinutes: config.feeds.pollMinutes,
    log,
  });
}

/** Resolves once the store has no change under way (an admin's reindex, another item's add). */
async function idle(store: IndexStore): Promise<void> {
  const until = performance.now() + WAIT_FOR_STORE_MS;
  while (store.busy() && performance.now() < until) await new Promise((r) => setTimeout(r, 250));
}

export function followNotice(r: PollResult): Notice {
  const lines = [
    `Following “${r.title}” (${r.url}).`,
    r.added.length
      ? `Added ${r.added.length}: ${r.added.map((a) => a.file ?? a.title).join(', ')}.`
      : 'No new articles in it yet.',
    ...(r.duplicates ? [`${r.duplicates} already in the corpus.`] : []),
    ...r.errors.map((e) => `Not added: ${e}`),
  ];
  return { title: 'Feed followed', lines, level: r.errors.length ? 'error' : 'info' };
}

export function feedsNotice(feeds: FeedSummary[], pollMinutes: number): Notice {
  if (!feeds.length) {
    return {
      title: 'Followed feeds',
      lines: ['No feeds are followed. Add one with /admin follow url:…'],
      level: 'info',
    };
  }
  const lines = feeds.map((f) => {
    const polled = f.lastPollAt
      ? `last poll ${f.lastPollAt.slice(0, 16).replace('T', ' ')} UTC`
      : 'not polled yet';
    const error = f.lastError ? ` · last error: ${f.lastError}` : '';
    return `“${f.title}” — ${f.url} · ${polled} · ${f.itemsAdded} added${error}`;
  });
  lines.push(`Polled every ${pollMinutes} minutes.`);
  return {
    title: `Followed feeds (${feeds.length})`,
    lines,
    level: feeds.some((f) => f.lastError) ? 'error' : 'info',
  };
}

export function unfollowNotice(f: FeedSummary): Notice {
  return {
    title: 'Feed unfollowed',
    lines: [
      `No longer following “${f.title}” (${f.url}); the ${f.itemsAdded} articles it added stay in the corpus.`,
    ],
    level: 'info',
  };
}
