/**
 * What a build keeps besides the Builder's own work (src/index/build/incremental.ts), and the work
 * saved beside the saved index (src/index/saved/work-file.ts): with these, a store's change reads
 * only the files it changed, and a process that loaded the saved index makes its first change
 * incrementally too.
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { Article, IngestError } from '../corpus/types.js';
import type { Builder } from '../index/build/incremental.js';
import type { DossierIndex } from '../index/model.js';
import { buildCodeVersion } from '../index/saved/corpus-hash.js';
import type { HashedFolder } from '../index/saved/hash-files.mjs';

/**
 * What a build saw of the folder, kept with its Builder: with it, the next build told which files
 * changed reads and hashes only those. Kept only when every folder could be read, so its list of
 * files is the folder's.
 */
export interface FolderSeen {
  /** The Builder's version after that build (the index it made). */
  version: string;
  /** The build day then (a new day reads everything again: see work.ts). */
  today: string;
  hashed: HashedFolder;
  /** Every file that build loaded or reported, and those it reported (read again next time). */
  files: string[];
  failed: Set<string>;
}

const folders = new WeakMap<Builder, FolderSeen>();

/** What the builder's last build saw of the folder, if it is still of use (the same build day). */
export function folderSeen(builder: Builder, today: string): FolderSeen | undefined {
  const last = folders.get(builder);
  return last?.version === builder.version() && last?.today === today ? last : undefined;
}

/** Keeps what the build `builder` just made saw of the folder (when every folder could be read). */
export function rememberFolder(
  builder: Builder,
  today: string,
  hashed: HashedFolder,
  errors: readonly IngestError[],
): void {
  const version = builder.version();
  if (version === undefined || hashed.folderErrors.length > 0) return;
  const failed = new Set(errors.map((e) => e.file));
  const files = [...new Set([...builder.work().keys(), ...failed])];
  folders.set(builder, { version, today, hashed, files, failed });
}

/**
 * Takes up the work saved beside `indexFile` when it is that of the index now serving (`serving`,
 * its version; seed.ts): with the serving index itself when the build runs on its thread, else
 * with the saved index loaded here. False if there is no such work.
 */
export async function seedFromSaved(
  builder: Builder,
  indexFile: string,
  serving: string,
  servingIndex: DossierIndex | undefined,
): Promise<boolean> {
  const [{ loadWork }, { seedBuilder }, code] = await Promise.all([
    import('../index/saved/work-file.js'),
    import('../index/build/seed.js'),
    buildCodeVersion(),
  ]);
  const saved = await loadWork(indexFile);
  if (!saved || saved.code !== code) return false;
  let index = servingIndex?.version === serving ? servingIndex : undefined;
  if (!index) {
    const { loadSavedIndex } = await import('../index/saved/load.js');
    const loaded = await loadSavedIndex(indexFile);
    if (!loaded.ok || loaded.index.version !== serving) return false;
    index = loaded.index;
  }
  if (!seedBuilder(builder, index, saved, code)) return false;
  // The folder as last hashed is of use only if it is that of the index serving.
  if (saved.folder && saved.version === serving) {
    const { today, hashed, files, failed } = saved.folder;
    folders.set(builder, { version: serving, today, hashed, files, failed: new Set(failed) });
  }
  return true;
}

/**
 * Saves the Builder's work beside the saved index (work-file.ts), once the index or change it made
 * is saved, so a process that loads that index can take the work up. A failure is not reported:
 * the next process then builds whole, as it would without the file.
 */
export async function saveBuildWork(
  indexFile: string,
  builder: Builder,
  stop?: () => boolean,
): Promise<boolean> {
  const version = builder.version();
  if (version === undefined) return true;
  const [{ saveWork }, code] = await Promise.all([import('../index/saved/work-file.js'), buildCodeVersion()]);
  const files = [...builder.work()].map(([file, w]) => ({
    file,
    key: w.key,
    digest: w.digest,
    candidates: w.candidates,
    ...(w.seen ? { seen: w.seen } : {}),
  }));
  const seen = folders.get(builder);
  const folder =
    seen?.version === version
      ? { today: seen.today, hashed: seen.hashed, files: seen.files, failed: [...seen.failed] }
      : undefined;
  return saveWork(indexFile, { version, code, files, ...(folder ? { folder } : {}) }, stop).catch(() => true);
}

/** How long the build worker waits with no build before it saves the last one's work. */
const WORK_SAVE_IDLE_MS = 3_000;

/**
 * When the build worker saves its work: once builds pause, not after each one. At 100k paragraphs
 * the save is about 0.5 s of encoding, which would hold up the next change of a run (a feed's
 * items, an admin's uploads). A closing store's drain saves it at once (`now`).
 */
export class WorkSaves {
  #file: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** A build came while a save was under way: the save stops (and is made again later). */
  #stopped = false;

  /**
   * `save(indexFile, stop)` queues the save of the worker's work beside that saved index; it
   * resolves false when `stop` stopped it.
   */
  constructor(private readonly save: (indexFile: string, stop: () => boolean) => Promise<boolean>) {}

  /** A build starts: nothing is saved until it ends, and a save under way stops. */
  hold(): void {
    clearTimeout(this.#timer);
    this.#stopped = true;
  }

  /** A build ended; `indexFile` when it saved its result there (so its work is to save too). */
  built(indexFile?: string): void {
    if (indexFile) this.#file = indexFile;
    this.hold();
    if (this.#file) this.#timer = setTimeout(() => this.now(), WORK_SAVE_IDLE_MS);
  }

  /** Saves the unsaved work now, if there is any. */
  now(): void {
    clearTimeout(this.#timer);
    const file = this.#file;
    this.#file = undefined;
    if (!file) return;
    this.#stopped = false;
    void this.save(file, () => this.#stopped).then((done) => {
      // Stopped by a build: still to save, once that build ends (unless it saves its own).
      if (!done) this.#file ??= file;
    });
  }
}

/** The files to load after a change to `changed`, and the articles of the others, as `seen` left them. */
export async function knownFiles(
  dir: string,
  seen: FolderSeen,
  changed: string[],
  builder: Builder,
): Promise<{ files: string[]; previous: (file: string) => Article | undefined }> {
  const redo = new Set(changed);
  const files = seen.files.filter((f) => !redo.has(f));
  for (const file of redo) {
    const there = await lstat(path.join(dir, file)).then(
      () => true,
      () => false,
    );
    if (there) files.push(file);
  }
  const work = builder.work();
  return {
    files,
    previous: (file) => (redo.has(file) || seen.failed.has(file) ? undefined : work.get(file)?.article),
  };
}
