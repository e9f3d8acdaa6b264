/**
 * Issue #19's measurements on the engine's serving store, in the order the bench runs them after
 * the reindex under load: add / replace / remove of one article and a reindex with one changed file
 * (changes.ts), add-url of one page (add-url.ts), a feed's 20 items under the question stream
 * (feed-load.ts), and — where the heap check runs — many changes and the heap after them
 * (churn.ts). A measurement that fails is a note, and the others still run.
 */
import { addUrl, type AddUrlResult } from './add-url.js';
import { corpusChanges, type ChangeResult } from './changes.js';
import { heapAfterChanges, type ChurnResult } from './churn.js';
import { feedUnderLoad, type FeedLoadResult } from './feed-load.js';
import type { BenchQuery } from './queries.js';
import type { BenchStore } from './store-api.js';

export interface ChangeFigures {
  changes: ChangeResult | null;
  addUrl: AddUrlResult | null;
  feedLoad: FeedLoadResult | null;
  churn: ChurnResult | null;
}

export interface ChangeRunOptions {
  /** The question stream's queries. */
  queries: BenchQuery[];
  baselineMs: number;
  /** For the heap check: the heap with the fresh build serving, and how many changes; none = no check. */
  heap?: { fresh: { mb: number; gcExposed: boolean }; changes: number };
  step: (what: string) => void;
  notes: string[];
}

export async function runChangeFigures(store: BenchStore, opts: ChangeRunOptions): Promise<ChangeFigures> {
  const attempt = async <T>(what: string, run: () => Promise<T>): Promise<T | null> => {
    opts.step(what);
    try {
      return await run();
    } catch (err) {
      opts.notes.push(`${what} failed: ${String(err).slice(0, 300)}`);
      return null;
    }
  };
  const changes = await attempt('add, replace and remove one article', () => corpusChanges(store));
  const url = await attempt('add-url of one page', () => addUrl(store));
  const feedLoad = await attempt('a feed of 20 items under load', () =>
    feedUnderLoad(store, opts.queries, { baselineMs: opts.baselineMs }),
  );
  const heap = opts.heap;
  const churn = heap
    ? await attempt(`heap after ${heap.changes} changes`, () =>
        heapAfterChanges(store, heap.changes, {
          fresh: heap.fresh,
          onProgress: (d) => opts.step(`heap after changes ${d}/${heap.changes}`),
        }),
      )
    : null;
  return { changes, addUrl: url, feedLoad, churn };
}
