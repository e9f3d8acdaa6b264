/**
 * Which items of a polled feed to fetch: the newest not yet seen, at most `maxItems`, looked for
 * only among the newest FEED_WINDOW items (a feed of 10,000 items costs one sort, never 10,000
 * fetches, and the seen keys of every item in the window stay remembered).
 */
import type { FeedItem } from './parse-feed.js';

/** How many of a feed's newest items are ever considered; well under MAX_SEEN_KEYS / 2. */
const FEED_WINDOW = 200;

/** The keys an item is known by: its id and its link (one key when they are the same). */
export function itemKeys(item: FeedItem): string[] {
  return item.id === item.link ? [item.link] : [item.id, item.link];
}

/**
 * Newest first: by publication date when every item has one (stable, so ties keep feed order),
 * otherwise in feed order (feeds list their newest items first).
 */
function newestFirst(items: readonly FeedItem[]): FeedItem[] {
  if (!items.every((i) => i.published)) return [...items];
  return items
    .map((item, order) => ({ item, order, at: Date.parse(item.published!) }))
    .sort((a, b) => b.at - a.at || a.order - b.order)
    .map((x) => x.item);
}

/** The items to fetch now: unseen by id and by link, each once, newest first, at most `maxItems`. */
export function pickNewItems(
  items: readonly FeedItem[],
  seen: ReadonlySet<string>,
  maxItems: number,
): FeedItem[] {
  const picked: FeedItem[] = [];
  const taken = new Set<string>();
  for (const item of newestFirst(items).slice(0, FEED_WINDOW)) {
    const keys = itemKeys(item);
    if (keys.some((k) => seen.has(k) || taken.has(k))) continue;
    for (const k of keys) taken.add(k);
    picked.push(item);
    if (picked.length >= maxItems) break;
  }
  return picked;
}
