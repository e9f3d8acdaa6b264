/** The report of a store change: what it changed and where it saved (store.ts). */
import type { DossierIndex } from '../index/model.js';
import { articleSignatures } from '../index/saved/corpus-hash.js';
import type { BuildResult } from './worker.js';
import type { ReindexReport } from './store.js';

export function savedReport(indexFile: string, s: BuildResult['saved']): ReindexReport['saved'] {
  if (!s) return undefined;
  return 'error' in s ? { file: indexFile, error: s.error } : { file: indexFile, bytes: s.bytes };
}

export function savedFields(indexFile: string, s: BuildResult['saved']): Record<string, unknown> {
  if (!s) return {};
  return 'error' in s
    ? { file: indexFile, saveError: s.error }
    : { file: indexFile, savedBytes: s.bytes, saveMs: Math.round(s.ms) };
}

export type ArticleChanges = Pick<ReindexReport, 'articlesAdded' | 'articlesRemoved' | 'articlesChanged'>;

/** The article files added, removed and changed between two indexes (by content signature). */
export function articleChanges(prev: DossierIndex, next: DossierIndex): ArticleChanges {
  const before = articleSignatures(prev);
  const after = articleSignatures(next);
  return {
    articlesAdded: [...after.keys()].filter((f) => !before.has(f)),
    articlesRemoved: [...before.keys()].filter((f) => !after.has(f)),
    articlesChanged: [...after.keys()].filter((f) => before.has(f) && before.get(f) !== after.get(f)),
  };
}

/** What changed between two indexes, by article file and content signature. */
export function diff(
  prev: DossierIndex,
  next: DossierIndex,
  details: Pick<ReindexReport, 'errors' | 'kept' | 'source' | 'saved'>,
  ms: number,
  changes = articleChanges(prev, next),
): ReindexReport {
  return {
    version: next.version,
    previousVersion: prev.version,
    ...changes,
    paragraphsBefore: prev.paragraphs.length,
    paragraphsAfter: next.paragraphs.length,
    ...details,
    ms: Math.round(ms),
  };
}
