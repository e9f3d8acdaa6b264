/**
 * What one corpus change costs on a serving store at the bench's size: `/admin add-article` of one
 * new article and `/admin remove-article` of it again, each timed from the call until the changed
 * index serves (its save included), as issue #19's goals count them. The article is removed again,
 * and its copy in the corpus's `.removed/` folder deleted, so the bench corpus is as it was.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { BenchStore } from './store-api.js';

export interface ChangeResult {
  /** Paragraphs of the article added and removed. */
  paragraphs: number;
  addMs: number;
  removeMs: number;
  /** Whether the article answered (was in the index) right after the add, and was gone after the remove. */
  servedAfterAdd: boolean;
  goneAfterRemove: boolean;
}

const FILE = 'zz-bench-added-article.md';

/** A made-up article of 40 short paragraphs, so it adds a typical page's share of work. */
function article(): Uint8Array {
  const paragraphs = Array.from(
    { length: 40 },
    (_, i) =>
      `Harbour master Edda Lindqvist said on Monday that pier ${i + 1} of the Brindlemoor harbour would reopen in March, after repairs costing 2.${i} million euros.`,
  );
  const text = `---\ntitle: Brindlemoor harbour piers to reopen\noutlet: Bench Gazette\npublished: 2026-11-30\n---\n${paragraphs.join('\n\n')}\n`;
  return new TextEncoder().encode(text);
}

export async function corpusChanges(store: BenchStore): Promise<ChangeResult> {
  const t0 = performance.now();
  const added = await store.addArticle(FILE, article());
  const addMs = performance.now() - t0;
  const served = store.current().articles.find((a) => a.file === added.file);
  const t1 = performance.now();
  await store.removeArticle(added.file);
  const removeMs = performance.now() - t1;
  const gone = !store.current().articles.some((a) => a.file === added.file);
  await rm(path.join(store.corpusDir, '.removed'), { recursive: true, force: true });
  return {
    paragraphs: served?.paragraphs.length ?? 0,
    addMs: Math.round(addMs),
    removeMs: Math.round(removeMs),
    servedAfterAdd: served !== undefined,
    goneAfterRemove: gone,
  };
}
