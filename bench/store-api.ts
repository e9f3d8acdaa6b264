/**
 * The saved index and the store as the bench uses them (src/index/persist.ts and
 * `openIndexStore(dir, log, opts)`, the interfaces agreed for issue #5).
 */
import * as persist from '../src/index/saved/persist.js';
import { openIndexStore, type IndexStore, type Progress, type StoreOptions } from '../src/serve/store.js';
import type { Logger } from '../src/log.js';

export type { Progress };
export type BenchStore = IndexStore;
export type PersistApi = typeof persist;

/** The persistence module (kept behind a function so a bench without it could report null). */
export function loadPersist(): Promise<PersistApi | null> {
  return Promise.resolve(persist);
}

export function openStore(corpusDir: string, log: Logger, opts: StoreOptions): Promise<BenchStore> {
  return openIndexStore(corpusDir, log, opts);
}
