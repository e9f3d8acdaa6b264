/**
 * What one corpus change costs on a serving store at the bench's size (issue #19): `/admin
 * add-article` of one new article (once right after the reindex under load, then again on the
 * store at rest), a replace of it with changed text, `/admin remove-article` of it,
 * each timed until it answers and until it is saved (change-timing.ts); and a full `/admin reindex`
 * after one existing file changed on disk, then again after it is put back. The bench corpus is left
 * as it was: the article removed, its copies in `.removed/` deleted, the changed file restored byte
 * for byte with its modification time.
 */
import { readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { madeUpArticle, snapshotHidden, timeChange, type ChangeTiming } from './change-timing.js';
import type { ReindexReport } from '../src/serve/store.js';
import type { BenchStore } from './store-api.js';

export interface ChangeResult {
  /** Paragraphs of the article added and removed. */
  paragraphs: number;
  /** Call → returned (answerable, and saved when the store saves the change), as before. */
  addMs: number;
  removeMs: number;
  /** Whether the article answered (was in the index) right after the add, and was gone after the remove. */
  servedAfterAdd: boolean;
  goneAfterRemove: boolean;
  add: ChangeTiming;
  /** The same file replaced with changed text (`replace: true`). */
  replace: ChangeTiming;
  replaced: { paragraphsBefore: number; paragraphsAfter: number } | null;
  /** The replaced text served (its new paragraph count is the index's). */
  servedAfterReplace: boolean;
  remove: ChangeTiming;
  /** The same add right after the reindex under load, before the store settled (see SETTLE_MS). */
  addAtOnce: ChangeTiming;
  /** A full reindex after one existing file was changed on disk, and the one after it was put back. */
  reindexOneChanged: ReindexOneChanged | null;
}

export interface ReindexOneChanged {
  file: string;
  /** The reindex after the change, and the one after restoring the file. */
  changed: ChangeTiming;
  restored: ChangeTiming;
  /** The reindex reported exactly that one file as changed (both times). */
  oneFileReported: boolean;
}

const FILE = 'zz-bench-added-article.md';

/**
 * The pause before the timed changes: a store that just reindexed is still busy for a few seconds
 * (the worker fills its clustering memo and saves its work, this thread builds the new index's
 * search tables), and a change that comes meanwhile waits for that. The change an admin makes
 * later meets a store at rest; the one that comes at once is timed too (`addAtOnce`).
 */
export const SETTLE_MS = 6_000;

export async function corpusChanges(store: BenchStore): Promise<ChangeResult> {
  const hidden = await snapshotHidden(store.corpusDir);
  try {
    const atOnce = await timeChange(
      (onProgress) => store.addArticle(FILE, madeUpArticle(0), { onProgress }),
      (r) => r.report,
    );
    await store.removeArticle(atOnce.result.file);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const add = await timeChange(
      (onProgress) => store.addArticle(FILE, madeUpArticle(0), { onProgress }),
      (r) => r.report,
    );
    const file = add.result.file;
    const served = store.current().articles.find((a) => a.file === file);
    const replace = await timeChange(
      (onProgress) =>
        store.addArticle(file, madeUpArticle(0, 36, ' The council confirmed it.'), {
          replace: true,
          onProgress,
        }),
      (r) => r.report,
    );
    const afterReplace = store.current().articles.find((a) => a.file === file);
    const remove = await timeChange(
      (onProgress) => store.removeArticle(file, { onProgress }),
      (r) => r.report,
    );
    const gone = !store.current().articles.some((a) => a.file === file);
    const reindexOneChanged = await reindexWithOneChanged(store);
    return {
      paragraphs: served?.paragraphs.length ?? 0,
      addMs: add.timing.totalMs,
      removeMs: remove.timing.totalMs,
      servedAfterAdd: served !== undefined,
      goneAfterRemove: gone,
      add: add.timing,
      replace: replace.timing,
      replaced: replace.result.replaced ?? null,
      servedAfterReplace:
        afterReplace !== undefined &&
        afterReplace.paragraphs.length === replace.result.replaced?.paragraphsAfter &&
        afterReplace.paragraphs.length !== served?.paragraphs.length,
      remove: remove.timing,
      addAtOnce: atOnce.timing,
      reindexOneChanged,
    };
  } finally {
    // After a failure part-way: the article goes again, so the bench corpus is as it was.
    if (store.current().articles.some((a) => a.file === FILE)) {
      await store.removeArticle(FILE).catch(() => undefined);
    }
    await hidden.restore();
  }
}

/**
 * Writes a changed version of one bench file straight into the corpus folder (as an editor would),
 * times a full reindex, then puts the file back (bytes and modification time) and reindexes again.
 */
async function reindexWithOneChanged(store: BenchStore): Promise<ReindexOneChanged | null> {
  const dir = store.corpusDir;
  const names = (await readdir(dir)).filter((f) => f.endsWith('.md')).sort();
  const file = names[Math.floor(names.length / 2)];
  if (!file) return null;
  const full = path.join(dir, file);
  const original = await readFile(full);
  const { atime, mtime } = await stat(full);
  await writeFile(
    full,
    Buffer.concat([
      original,
      Buffer.from('\nA late paragraph the editor added to this article on reflection.\n'),
    ]),
  );
  let changed: { result: ReindexReport; timing: ChangeTiming };
  try {
    changed = await timeChange(
      (onProgress) => store.reindex({ onProgress }),
      (r) => r,
    );
  } finally {
    await writeFile(full, original);
    await utimes(full, atime, mtime);
  }
  const restored = await timeChange(
    (onProgress) => store.reindex({ onProgress }),
    (r) => r,
  );
  const only = (r: ReindexReport) =>
    r.articlesChanged.length === 1 &&
    r.articlesChanged[0] === file &&
    r.articlesAdded.length === 0 &&
    r.articlesRemoved.length === 0;
  return {
    file,
    changed: changed.timing,
    restored: restored.timing,
    oneFileReported: only(changed.result) && only(restored.result),
  };
}
