/**
 * Writing a saved index: atomically (a temporary file beside the target, then a rename) and dropping
 * the change log of the one it replaces, folding a change log into a new saved index (compaction),
 * and removing temporaries left by killed processes and saved indexes (with their logs) of corpus
 * folders that are gone.
 */
import { lstat, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { WORK_SUFFIX } from './work-file.js';
import { writeFileAtomically } from '../../atomic-write.js';
import path from 'node:path';
import type { DossierIndex } from '../model.js';
import { CHANGES_SUFFIX, removeChangeLog } from './change-log.js';
import { defaultIndexDir } from './corpus-hash.js';
import { encodeIndex } from './encode.js';
import { INDEX_EXTENSION, readHeader } from './layout.js';
import { loadSavedIndex } from './load.js';

/** Saves the index atomically (a temporary file beside the target, then a rename). */
export async function saveIndex(
  index: DossierIndex,
  file: string,
  hash: string,
  corpusDir?: string,
): Promise<{ bytes: number; ms: number }> {
  const started = performance.now();
  const bytes = encodeIndex(index, hash, corpusDir);
  await writeAtomically(file, bytes);
  return { bytes: bytes.byteLength, ms: performance.now() - started };
}

/**
 * Writes beside the target and renames, so a reader sees the old file or the whole new one (a crash
 * mid-write leaves a stray .tmp, never a torn index). Several processes may save at once (shards);
 * the last rename wins and every file is whole. The change log of the file replaced is removed
 * after the rename (a log left by a crash in between names the old file, so it is not applied).
 */
export async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const name = path.basename(file);
  await removeStaleTemporaries(
    path.dirname(file),
    (n) =>
      isTemporaryOf(n, name) ||
      isTemporaryOf(n, name + CHANGES_SUFFIX) ||
      isTemporaryOf(n, name + WORK_SUFFIX),
  );
  await writeFileAtomically(file, bytes);
  await removeChangeLog(file);
  if (path.dirname(path.resolve(file)) === defaultIndexDir()) await pruneOrphans(path.resolve(file));
}

/**
 * Folds the change log into a new saved index (the worker runs it when `needsCompaction` says so).
 * Returns how many changes were folded in and the new file's size; throws if the saved index and
 * its log do not load.
 */
export async function compactSaved(indexFile: string): Promise<{ changes: number; bytes: number }> {
  const header = await readHeader(indexFile);
  const loaded = await loadSavedIndex(indexFile);
  if (!loaded.ok) throw new Error(`${indexFile} cannot be compacted: ${loaded.detail}`);
  if (loaded.changes === 0) {
    await removeChangeLog(indexFile);
    return { changes: 0, bytes: loaded.bytes };
  }
  const bytes = encodeIndex(loaded.index, loaded.corpusHash, header.corpusDir);
  await writeAtomically(indexFile, bytes);
  return { changes: loaded.changes, bytes: bytes.byteLength };
}

/**
 * A temporary file older than this is left over from a process killed while writing (kill -9, a
 * power cut): a save or an upload takes seconds, never this long, and a younger one may be another
 * process's save in progress.
 */
export const STALE_TEMPORARY_MS = 15 * 60 * 1000;

/** `<file>.<8 hex>.tmp`, the temporary `writeAtomically` writes beside `file`. */
function isTemporaryOf(name: string, base: string): boolean {
  return name.startsWith(`${base}.`) && TEMPORARY_SUFFIX.test(name.slice(base.length));
}
const TEMPORARY_SUFFIX = /^\.[0-9a-f]{8}\.tmp$/;

/** Removes the files in `dir` that `matches` and that were last written over STALE_TEMPORARY_MS ago. */
export async function removeStaleTemporaries(
  dir: string,
  matches: (name: string) => boolean,
): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(dir).catch(() => [] as string[]);
  const now = Date.now();
  for (const name of names) {
    if (!matches(name)) continue;
    const full = path.join(dir, name);
    const info = await lstat(full).catch(() => undefined);
    if (!info?.isFile() || now - info.mtimeMs < STALE_TEMPORARY_MS) continue;
    await rm(full, { force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Drops saved indexes (and their change logs) in the default folder whose corpus folder no longer
 * exists (test corpora), and change logs whose saved index is gone.
 */
async function pruneOrphans(keep: string): Promise<void> {
  const dir = defaultIndexDir();
  const names = await readdir(dir).catch(() => [] as string[]);
  const exists = (file: string) =>
    stat(file).then(
      () => true,
      () => false,
    );
  for (const name of names) {
    const file = path.join(dir, name);
    for (const suffix of [CHANGES_SUFFIX, WORK_SUFFIX]) {
      if (!name.endsWith(INDEX_EXTENSION + suffix)) continue;
      const base = file.slice(0, -suffix.length);
      if (!(await exists(base))) await rm(file, { force: true });
    }
    if (!name.endsWith(INDEX_EXTENSION)) continue;
    if (file === keep) continue;
    const header = await readHeader(file).catch(() => undefined);
    if (!header?.corpusDir) continue;
    if (!(await exists(header.corpusDir))) {
      await rm(file, { force: true });
      await removeChangeLog(file);
      await rm(file + WORK_SUFFIX, { force: true });
    }
  }
}
