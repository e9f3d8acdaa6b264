/**
 * The followed feeds: follow, unfollow, list, and a poll of every feed that adds its new items
 * through injected functions (the page fetcher and the store's add), so this file knows no network
 * and no index. Every change to the state file reads it afresh and merges one feed's change (another
 * process — a shard answering /admin follow — may have written it meanwhile), serialised in this
 * process. One failing feed or item records why in its `lastError` and never stops the others.
 */
import { UserError, isUserError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { type FeedRecord, readFeedState, remember, writeFeedState } from './feed-state.js';
import type { ParsedFeed } from './parse-feed.js';
import { itemKeys, pickNewItems } from './pick-items.js';

export interface FeedsOptions {
  /** The JSON file the feeds are kept in. */
  stateFile: string;
  /** Fetches a feed (as the page fetcher with kind 'feed'): its address after redirects and its bytes. */
  fetchFeed: (url: string) => Promise<{ url: string; bytes: Uint8Array }>;
  /** Fetches one item's page and adds it to the corpus (the store dedups by canonical URL and text). */
  addItem: (link: string) => Promise<{ status: 'added' | 'duplicate'; file?: string }>;
  /**
   * Called once after a poll (a follow's first one, or a sweep of every feed) that added items: the
   * store indexes them all in one reindex. A failure is reported in that poll's errors.
   */
  afterAdding?: () => Promise<void>;
  /** FEED_MAX_ITEMS: the most items one poll adds to one feed. */
  maxItems?: number;
  /** FEED_POLL_MINUTES: the time between polls once `start()` is called. */
  pollMinutes?: number;
  log: Logger;
  now?: () => Date;
}

/** One feed as `/admin feeds` shows it. */
export interface FeedSummary {
  url: string;
  title: string;
  addedAt: string;
  lastPollAt?: string;
  lastError?: string;
  itemsAdded: number;
}

/** What one poll of one feed did. */
export interface PollResult {
  url: string;
  title: string;
  added: { link: string; title: string; file?: string }[];
  /** Items the corpus already had (the store's own dedup by canonical URL or text). */
  duplicates: number;
  /** One sentence per failure: the feed's own, or one per item that could not be added. */
  errors: string[];
}

/** The most feeds one bot follows: each poll fetches every one of them. */
const MAX_FEEDS = 100;
/** Polls an item's add may fail before it is given up (skipped for good, named in lastError). */
const MAX_ATTEMPTS = 3;
const MAX_URL = 2048;
const MAX_ERROR = 500;
/** A full stop ending an error's sentence (the sentence is quoted inside another). */
const FINAL_STOP = /\.$/;
/** Choices an autocomplete may show (Discord's limit). */
const MAX_CHOICES = 25;

export class Feeds {
  readonly #opts: Required<Omit<FeedsOptions, 'now' | 'afterAdding'>> &
    Pick<FeedsOptions, 'afterAdding'> & { now: () => Date };
  /** The tail of the state file's read-modify-write chain: one change at a time in this process. */
  #writes: Promise<unknown> = Promise.resolve();
  #polling: Promise<PollResult[]> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(opts: FeedsOptions) {
    this.#opts = {
      ...opts,
      maxItems: opts.maxItems ?? 20,
      pollMinutes: opts.pollMinutes ?? 30,
      now: opts.now ?? (() => new Date()),
    };
  }

  /**
   * Follows a feed: fetched and parsed at once (a feed that cannot be reached or read is refused
   * and nothing is saved), saved, then polled once. Returns what that first poll added.
   */
  async follow(input: string): Promise<PollResult> {
    const url = checkFeedUrl(input);
    const known = await this.#read();
    if (known.length >= MAX_FEEDS)
      throw new UserError(`${MAX_FEEDS} feeds are followed already; unfollow one before adding another.`);
    const already = known.find((f) => f.url === url);
    if (already) throw new UserError(`“${already.title}” (${url}) is followed already.`);
    const { finalUrl, feed } = await this.#fetchAndParse(url);
    const record: FeedRecord = {
      url,
      title: feed.title,
      addedAt: this.#opts.now().toISOString(),
      itemsAdded: 0,
      seen: [],
    };
    await this.#update((feeds) => {
      const dup = feeds.find((f) => f.url === url);
      if (dup) throw new UserError(`“${dup.title}” (${url}) is followed already.`);
      return [...feeds, record];
    });
    this.#opts.log.info({ feed: url, final: finalUrl, items: feed.items.length }, 'feed followed');
    const result = await this.#pollParsed(record, feed);
    await this.#afterAdding([result]);
    return result;
  }

  /** Stops following the feed with this address or title. Returns the feed it removed. */
  async unfollow(urlOrTitle: string): Promise<FeedSummary> {
    let removed: FeedRecord | undefined;
    await this.#update((feeds) => {
      removed = findFeed(feeds, urlOrTitle);
      return feeds.filter((f) => f !== removed);
    });
    this.#opts.log.info({ feed: removed!.url }, 'feed unfollowed');
    return summary(removed!);
  }

  /** Every followed feed, in the order they were followed. */
  async list(): Promise<FeedSummary[]> {
    return (await this.#read()).map(summary);
  }

  /**
   * Feeds for an autocomplete: those whose title or address (with or without its scheme and
   * `www.`) starts with `prefix`, then those containing it; at most 25.
   */
  async suggest(prefix: string): Promise<FeedSummary[]> {
    const p = prefix.trim().toLowerCase();
    const feeds = (await this.#read()).map(summary);
    const starts = (f: FeedSummary) =>
      f.title.toLowerCase().startsWith(p) || addressForms(f.url).some((a) => a.startsWith(p));
    const contains = (f: FeedSummary) => f.title.toLowerCase().includes(p) || f.url.toLowerCase().includes(p);
    const first = feeds.filter(starts);
    const then = feeds.filter((f) => !starts(f) && contains(f));
    return [...first, ...then].slice(0, MAX_CHOICES);
  }

  /**
   * Polls every feed in turn. A poll already running is joined, not doubled. Never throws: a feed
   * that fails keeps its state and records why.
   */
  pollAll(): Promise<PollResult[]> {
    this.#polling ??= this.#pollEach().finally(() => (this.#polling = undefined));
    return this.#polling;
  }

  /**
   * Polls every `pollMinutes` from now on (the timer never keeps the process alive), and at once
   * when a feed is overdue (the process was down past its poll). A tick while a poll still runs is
   * skipped. Only the one process that polls calls this.
   */
  start(): void {
    if (this.#timer) return;
    const period = this.#opts.pollMinutes * 60_000;
    this.#timer = setInterval(() => this.#tick(), period);
    this.#timer.unref();
    void this.#read().then((feeds) => {
      const now = this.#opts.now().getTime();
      const overdue = feeds.some((f) => !f.lastPollAt || now - Date.parse(f.lastPollAt) >= period);
      if (overdue && this.#timer) this.#tick();
    });
  }

  /** Stops the timer; resolves when a poll in progress has finished. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#polling;
  }

  #tick(): void {
    if (this.#polling) {
      this.#opts.log.debug('feed poll still running; skipping this tick');
      return;
    }
    void this.pollAll();
  }

  async #pollEach(): Promise<PollResult[]> {
    const results: PollResult[] = [];
    for (const record of await this.#read()) {
      try {
        results.push(await this.#pollOne(record));
      } catch (err) {
        // #pollOne records its own failures; this is the state file itself failing to write.
        this.#opts.log.error({ err, feed: record.url }, 'feed poll failed');
      }
    }
    await this.#afterAdding(results);
    return results;
  }

  /** Runs `afterAdding` once when the poll added anything; its failure joins each adding feed's errors. */
  async #afterAdding(results: PollResult[]): Promise<void> {
    const adding = results.filter((r) => r.added.length > 0);
    if (!adding.length || !this.#opts.afterAdding) return;
    try {
      await this.#opts.afterAdding();
    } catch (err) {
      const error = `the new articles were saved but not indexed: ${describe(err)}`;
      this.#opts.log.error({ error }, 'feed items not indexed');
      for (const r of adding) r.errors.push(error);
    }
  }

  /** Fetches, parses and adds one feed's new items; a failure to fetch or parse is recorded. */
  async #pollOne(record: FeedRecord): Promise<PollResult> {
    let feed: ParsedFeed;
    try {
      feed = (await this.#fetchAndParse(record.url)).feed;
    } catch (err) {
      const error = describe(err);
      this.#opts.log.warn({ feed: record.url, error }, 'feed poll failed');
      await this.#merge(record.url, (f) => ({ ...f, lastPollAt: this.#nowIso(), lastError: error }));
      return { url: record.url, title: record.title, added: [], duplicates: 0, errors: [error] };
    }
    return this.#pollParsed(record, feed);
  }

  /** Adds the new items of a feed just parsed, then saves what the poll saw and did. */
  async #pollParsed(record: FeedRecord, feed: ParsedFeed): Promise<PollResult> {
    const result: PollResult = { url: record.url, title: feed.title, added: [], duplicates: 0, errors: [] };
    const attempts = { ...record.attempts };
    const done: string[] = [];
    for (const item of pickNewItems(feed.items, new Set(record.seen), this.#opts.maxItems)) {
      try {
        const { status, file } = await this.#opts.addItem(item.link);
        if (status === 'added')
          result.added.push({ link: item.link, title: item.title, ...(file ? { file } : {}) });
        else result.duplicates++;
        done.push(...itemKeys(item));
        delete attempts[item.link];
      } catch (err) {
        const tries = (attempts[item.link] ?? 0) + 1;
        const givenUp = tries >= MAX_ATTEMPTS;
        if (givenUp) {
          done.push(...itemKeys(item));
          delete attempts[item.link];
        } else attempts[item.link] = tries;
        const verdict = givenUp
          ? `skipped after ${tries} attempts`
          : `will retry (attempt ${tries} of ${MAX_ATTEMPTS})`;
        result.errors.push(`${item.link}: ${describe(err)} (${verdict})`);
      }
    }
    await this.#merge(record.url, (f) => ({
      ...f,
      title: feed.title,
      lastPollAt: this.#nowIso(),
      lastError: result.errors.length ? clip(result.errors.join(' · ')) : undefined,
      itemsAdded: f.itemsAdded + result.added.length,
      seen: remember(f.seen, done),
      attempts: Object.keys(attempts).length ? attempts : undefined,
    }));
    this.#opts.log.info(
      {
        feed: record.url,
        added: result.added.length,
        duplicates: result.duplicates,
        errors: result.errors.length,
      },
      'feed polled',
    );
    return result;
  }

  async #fetchAndParse(url: string): Promise<{ finalUrl: string; feed: ParsedFeed }> {
    let fetched: { url: string; bytes: Uint8Array };
    try {
      fetched = await this.#opts.fetchFeed(url);
    } catch (err) {
      if (isUserError(err)) throw err;
      throw new UserError(`Could not fetch the feed ${url}: ${describe(err)}.`);
    }
    // Loaded on first use: a process that never reads a feed (a one-shot CLI answer) never loads the parser.
    const { parseFeedOffThread } = await import('./parse-off-thread.js');
    return { finalUrl: fetched.url, feed: await parseFeedOffThread(fetched.bytes, fetched.url) };
  }

  #nowIso(): string {
    return this.#opts.now().toISOString();
  }

  #read(): Promise<FeedRecord[]> {
    return readFeedState(this.#opts.stateFile, this.#opts.log);
  }

  /** Reads the file afresh, applies `change`, writes the result; one change at a time. */
  #update(change: (feeds: FeedRecord[]) => FeedRecord[]): Promise<void> {
    const run = this.#writes.then(async () => {
      const feeds = change(await this.#read());
      await writeFeedState(this.#opts.stateFile, feeds);
    });
    this.#writes = run.catch(() => undefined);
    return run;
  }

  /** Updates the one feed `url` (when it is still followed: an unfollow meanwhile wins). */
  #merge(url: string, change: (feed: FeedRecord) => FeedRecord): Promise<void> {
    return this.#update((feeds) => feeds.map((f) => (f.url === url ? withoutUndefined(change(f)) : f)));
  }
}

/** The address to follow, normalised (no fragment); a UserError when it is not an http(s) URL. */
function checkFeedUrl(input: string): string {
  const text = input.trim();
  if (!text) throw new UserError('Give the address of an RSS or Atom feed (https://…).');
  if (text.length > MAX_URL)
    throw new UserError(`That address is over ${MAX_URL} characters; give the feed's address.`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(
      `“${text.slice(0, 100)}” is not a web address; give the feed's full address (https://…).`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UserError(`Only http and https feeds can be followed (got ${url.protocol.slice(0, 20)}).`);
  url.hash = '';
  return url.href;
}

/** The feed `urlOrTitle` names: its address, or its title when only one feed has it. */
function findFeed(feeds: readonly FeedRecord[], urlOrTitle: string): FeedRecord {
  const wanted = urlOrTitle.trim();
  let asUrl: string | undefined;
  try {
    asUrl = checkFeedUrl(wanted);
  } catch {
    asUrl = undefined;
  }
  const byUrl = feeds.find((f) => f.url === asUrl || f.url === wanted);
  if (byUrl) return byUrl;
  const byTitle = feeds.filter((f) => f.title.toLowerCase() === wanted.toLowerCase());
  if (byTitle.length === 1) return byTitle[0]!;
  if (byTitle.length > 1)
    throw new UserError(
      `${byTitle.length} feeds are called “${wanted}”; give the address of the one to unfollow.`,
    );
  throw new UserError(`No followed feed is “${wanted.slice(0, 100)}”; /admin feeds lists them.`);
}

function summary(f: FeedRecord): FeedSummary {
  return withoutUndefined({
    url: f.url,
    title: f.title,
    addedAt: f.addedAt,
    lastPollAt: f.lastPollAt,
    lastError: f.lastError,
    itemsAdded: f.itemsAdded,
  });
}

/** An address as someone may start typing it: whole, without the scheme, without `www.`. */
function addressForms(url: string): string[] {
  const lower = url.toLowerCase();
  const bare = lower.slice(lower.indexOf('//') + 2);
  return [lower, bare, bare.startsWith('www.') ? bare.slice(4) : bare];
}

/** An error as one clause: a UserError's sentence, another error's message. */
function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return clip(message.split('\n', 1)[0]!.trim().replace(FINAL_STOP, '') || 'unknown error');
}

function clip(s: string): string {
  return s.length > MAX_ERROR ? `${s.slice(0, MAX_ERROR - 1)}…` : s;
}

/** Drops the keys whose value is undefined, so the JSON file holds only what is set. */
function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
