/**
 * The saved index and the store as the bench uses them (src/index/saved/ and
 * `openIndexStore(dir, log, opts)`, the interfaces agreed for issue #5).
 */
import { corpusHash } from '../src/index/saved/corpus-hash.js';
import { saveIndex } from '../src/index/saved/write.js';
import { openIndexStore, type IndexStore, type Progress, type StoreOptions } from '../src/serve/store.js';
import type { Logger } from '../src/log.js';

export type { Progress };
export type BenchStore = IndexStore;
/** What the bench uses of the saved index. */
const persist = { saveIndex, corpusHash };
export type PersistApi = typeof persist;

/** The persistence module (kept behind a function so a bench without it could report null). */
export function loadPersist(): Promise<PersistApi | null> {
  return Promise.resolve(persist);
}

export function openStore(corpusDir: string, log: Logger, opts: StoreOptions): Promise<BenchStore> {
  return openIndexStore(corpusDir, log, opts);
}
