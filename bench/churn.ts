/**
 * The serving heap after many corpus changes against a fresh build's (issue #19: within 10 % after
 * 1,000 changes). On the engine's store: the heap after a forced GC (`heapAfterGc`, the bench runs
 * with --expose-gc) right after a full reindex served a fresh build (`fresh`, taken by the caller),
 * then `changes` alternating adds and removes of a small article, then the heap again. The corpus
 * ends as it began (the last change is a remove; `.removed/` is put back as it was). Both heaps are
 * the whole bench process's: the same extra (the bench's own data) sits in both.
 */
import { madeUpArticle, snapshotHidden } from './change-timing.js';
import { heapAfterGc, percentile, round } from './stats.js';
import type { BenchStore } from './store-api.js';

export interface ChurnResult {
  /** Changes made (adds + removes) and of them failed (each failure ends the run early). */
  changes: number;
  failed: string | null;
  /** Heap (MB, after a full GC) with the fresh build serving, and after the changes. */
  freshHeapMB: number;
  afterHeapMB: number;
  /** after / fresh. */
  ratio: number;
  /** The index after the changes has the fresh build's paragraphs and articles. */
  sameCorpus: boolean;
  /** Per change (call → returned): median and slowest, and the whole run. */
  changeP50Ms: number;
  changeMaxMs: number;
  totalMs: number;
  gcExposed: boolean;
}

const FILE = 'zz-bench-churn-article.md';

export async function heapAfterChanges(
  store: BenchStore,
  changes: number,
  opts: { fresh?: { mb: number; gcExposed: boolean }; onProgress?: (done: number) => void } = {},
): Promise<ChurnResult> {
  const fresh = opts.fresh ?? heapAfterGc();
  const before = store.current();
  const paragraphs = before.paragraphs.length;
  const articles = before.articles.length;
  const hidden = await snapshotHidden(store.corpusDir);
  const times: number[] = [];
  let failed: string | null = null;
  const t0 = performance.now();
  let added = false;
  try {
    for (let i = 0; i < changes; i++) {
      const t = performance.now();
      if (!added) await store.addArticle(FILE, madeUpArticle(1000 + i, 6));
      else await store.removeArticle(FILE);
      added = !added;
      times.push(performance.now() - t);
      if (i % 10 === 0) opts.onProgress?.(i);
    }
  } catch (err) {
    failed = String(err).slice(0, 300);
  } finally {
    if (added) await store.removeArticle(FILE).catch(() => undefined);
    await hidden.restore();
  }
  const totalMs = performance.now() - t0;
  const after = heapAfterGc();
  const now = store.current();
  return {
    changes: times.length,
    failed,
    freshHeapMB: fresh.mb,
    afterHeapMB: after.mb,
    ratio: round(after.mb / fresh.mb, 3),
    sameCorpus: now.paragraphs.length === paragraphs && now.articles.length === articles,
    changeP50Ms: round(percentile(times, 50), 0),
    changeMaxMs: round(Math.max(0, ...times), 0),
    totalMs: Math.round(totalMs),
    gcExposed: fresh.gcExposed,
  };
}
