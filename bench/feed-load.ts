/**
 * A feed's poll under a steady stream of questions (issue #19: event-loop max < 50 ms while a feed
 * adds 20 items): what src/serve/feed-wiring.ts does with a poll's new items — each written with
 * `store.stageArticle`, then one `store.reindex({ changedOnly: true })` — run through `underLoad` (eventloop.ts). The 20
 * files are then deleted and the corpus reindexed once, so the bench corpus is as it was.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { madeUpArticle, snapshotHidden } from './change-timing.js';
import { underLoad, type EventLoopResult } from './eventloop.js';
import type { BenchQuery } from './queries.js';
import type { BenchStore } from './store-api.js';

export interface FeedLoadResult {
  items: number;
  /** Event-loop delay while the items were staged and indexed, and the same stream alone. */
  maxMs: number;
  p99Ms: number;
  baselineMaxMs: number;
  baselineP99Ms: number;
  /** Staging the items (parse in the worker + write), the reindex after them, and both. */
  stageMs: number;
  reindexMs: number;
  totalMs: number;
  /** Questions answered meanwhile and their p99. */
  questions: number;
  answerP99Ms: number;
  /** The items all served after the reindex. */
  allServed: boolean;
  /** Deleting the items and the reindex that drops them. */
  cleanupMs: number;
  /** What the delay came from: stalls over 50 ms, the slowest answers (with the feed, and alone), GC. */
  stalls: EventLoopResult['stalls'];
  slowestAnswers: EventLoopResult['slowestAnswers'];
  baselineSlowestAnswers: EventLoopResult['baselineSlowestAnswers'];
  gcMaxMs: number;
}

const ITEMS = 20;
const fileOf = (i: number) => `zz-bench-feed-item-${String(i).padStart(2, '0')}.md`;

export async function feedUnderLoad(
  store: BenchStore,
  queries: BenchQuery[],
  opts: { baselineMs?: number } = {},
): Promise<FeedLoadResult> {
  const hidden = await snapshotHidden(store.corpusDir);
  const staged: string[] = [];
  let stageMs = 0;
  let reindexMs = 0;
  try {
    const run = await underLoad(
      store,
      queries,
      async (onProgress) => {
        const t0 = performance.now();
        for (let i = 0; i < ITEMS; i++) {
          onProgress({ phase: 'parsing', done: i, total: ITEMS });
          // Short pages, each its own text (a feed's items are news stories of a few paragraphs).
          staged.push(await store.stageArticle(fileOf(i), madeUpArticle(100 + i, 12)));
        }
        const t1 = performance.now();
        // What feed-wiring.ts does: only the staged items are read.
        await store.reindex({ onProgress, changedOnly: true });
        stageMs = t1 - t0;
        reindexMs = performance.now() - t1;
      },
      opts,
    );
    const files = new Set(store.current().articles.map((a) => a.file));
    const allServed = staged.length === ITEMS && staged.every((f) => files.has(f));
    const c0 = performance.now();
    await removeAll(store, staged);
    staged.length = 0;
    return {
      items: ITEMS,
      maxMs: run.maxMs,
      p99Ms: run.p99Ms,
      baselineMaxMs: run.baselineMaxMs,
      baselineP99Ms: run.baselineP99Ms,
      stageMs: Math.round(stageMs),
      reindexMs: Math.round(reindexMs),
      totalMs: run.reindexMs,
      questions: run.questions,
      answerP99Ms: run.answerP99Ms,
      allServed,
      cleanupMs: Math.round(performance.now() - c0),
      stalls: run.stalls,
      slowestAnswers: run.slowestAnswers,
      baselineSlowestAnswers: run.baselineSlowestAnswers,
      gcMaxMs: run.gcMaxMs,
    };
  } finally {
    // After a failure part-way: whatever was staged goes (and the index follows if it can).
    if (staged.length) await removeAll(store, staged).catch(() => undefined);
    await hidden.restore();
  }
}

/** Deletes the staged files and reindexes once (waiting for a change under way to end). */
async function removeAll(store: BenchStore, files: string[]): Promise<void> {
  for (const f of files) await rm(path.join(store.corpusDir, f), { force: true });
  while (store.busy()) await new Promise((r) => setTimeout(r, 100));
  await store.reindex();
}
