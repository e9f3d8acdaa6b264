/**
 * The saved index and the store as the bench uses them (interfaces agreed in notes for issue #5:
 * src/index/persist.ts and `openIndexStore(dir, log, opts)`). The persistence module is loaded when it
 * exists; until then the bench reports its figures as null with a note, instead of failing.
 */
import type { DossierIndex } from '../src/index/build.js';
import type { Logger } from '../src/log.js';
import { openIndexStore, type IndexStore, type ReindexReport } from '../src/index/store.js';

export interface Progress {
  phase: string;
  done: number;
  total: number;
}

export type LoadResult =
  | { ok: true; index: DossierIndex; ms: number }
  | { ok: false; reason: 'missing' | 'stale' | 'corrupt' | 'format'; detail: string };

export interface PersistApi {
  SAVED_FORMAT: number;
  corpusHash(dir: string): Promise<string>;
  defaultIndexFile(corpusDir: string): string;
  saveIndex(
    index: DossierIndex,
    file: string,
    corpusHash: string,
    corpusDir?: string,
  ): Promise<{ bytes: number; ms: number }>;
  loadSavedIndex(file: string, expectedHash?: string): Promise<LoadResult>;
}

/** src/index/persist.ts, or null while it does not exist. */
export async function loadPersist(): Promise<PersistApi | null> {
  const specifier = '../src/index/persist.js';
  try {
    const mod = (await import(specifier)) as Partial<PersistApi>;
    return typeof mod.saveIndex === 'function' && typeof mod.corpusHash === 'function'
      ? (mod as PersistApi)
      : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return null;
    throw err;
  }
}

export interface StoreOptions {
  indexFile?: string;
  worker?: boolean;
  onProgress?: (p: Progress) => void;
}

export interface BenchStore extends IndexStore {
  reindex(opts?: { onProgress?: (p: Progress) => void }): Promise<ReindexReport>;
  close?(): Promise<void>;
}

/** openIndexStore with the options of the agreed interface (ignored by a store that predates them). */
export function openStore(corpusDir: string, log: Logger, opts: StoreOptions): Promise<BenchStore> {
  const open = openIndexStore as unknown as (
    dir: string,
    log: Logger,
    opts?: StoreOptions,
  ) => Promise<BenchStore>;
  return open(corpusDir, log, opts);
}
