/** Reads a corpus folder: every article file, in a fixed order, with per-file errors. */
import type { Stats } from 'node:fs';
import { lstat, readFile, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_MAX_BYTES, tooLargeReason } from './decode.js';
import { ingestError, isIngestError } from './errors.js';
import { parseArticle } from './parse-article.js';
import type { ParseOptions } from './parse-article.js';
import type { Article, Corpus, IngestError } from './types.js';
import { isSkipped } from './skipped.js';
import { readSources } from './sources.js';

export interface LoadOptions extends ParseOptions {
  /** Called before each file is read, and once at the end (done = total). */
  onProgress?: (done: number, total: number) => void;
  /** Called with each file's name just before it is parsed (a watchdog's clock starts here). */
  onFile?: (file: string) => void;
  /** Files reported with the given reason instead of being read (e.g. one that took too long). */
  skip?: Readonly<Record<string, string>>;
  /** What the build remembers of earlier reads, so an unchanged file is not read again. */
  memo?: ReadMemo;
  /**
   * For a caller that knows what changed since its last build: the files to load (instead of
   * listing the folder), and for each file that did not change the article that build read from it,
   * taken as it is with no look at the file (undefined: the file is read).
   */
  known?: { files: string[]; previous: (file: string) => Article | undefined };
}

/** A file's identity as the file system states it. */
export type FileStat = Pick<Stats, 'size' | 'mtimeMs' | 'ino'>;

export interface ReadMemo {
  /**
   * The article read before from this file, if its size, time and inode and its address are those
   * of that read: it is taken as the file's without reading it.
   */
  known(file: string, info: FileStat, url: string | undefined): Article | undefined;
  /** Reads one file's bytes in place of `parseArticle` (same result), told the file's stat. */
  parse(file: string, bytes: Uint8Array, opts: ParseOptions, info: FileStat): Article | IngestError;
}

/**
 * Loads every article under `dir`, subfolders included (so a corpus can be organised by outlet or
 * month; ids then include the folder). Files are taken in the order of their relative path (plain
 * code-unit order, not locale order) so ids, duplicates and paragraph order are the same on every
 * machine. Skipped silently: names starting with `.` or `_`, and README files. Pages added by link
 * take their address from the corpus's source record (sources.ts). Everything else that
 * cannot be loaded is reported in `errors` with the reason, and the other files still load.
 */
export async function loadCorpus(dir: string, opts: LoadOptions = {}): Promise<Corpus> {
  const articles: Article[] = [];
  const errors: IngestError[] = [];

  let root: string;
  try {
    if (!(await stat(dir)).isDirectory()) return { articles, errors: [ingestError(dir, 'not a folder')] };
    root = await realpath(dir);
  } catch (err) {
    const reason = code(err) === 'ENOENT' ? 'corpus folder not found' : `cannot read corpus folder: ${describe(err)}`;
    return { articles, errors: [ingestError(dir, reason)] };
  }

  const files: string[] = opts.known ? [...opts.known.files] : [];
  if (!opts.known) await collect(root, '', files, errors);
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const sources = await readSources(root);
  const owners = new Map<string, string>();
  // Files are parsed one at a time, in order, while the next few are read: parsing is CPU work and
  // reading waits on the disk and the thread pool, so the two overlap.
  const reads: Promise<Read | IngestError>[] = [];
  const readAhead = (upTo: number) => {
    for (let j = reads.length; j < Math.min(upTo, files.length); j++) {
      const file = files[j]!;
      const article = opts.known?.previous(file);
      reads.push(article ? Promise.resolve({ article }) : readChecked(root, file, opts, sources.get(file)?.url));
    }
  };
  for (const [i, file] of files.entries()) {
    if (i % 64 === 0) opts.onProgress?.(i, files.length);
    readAhead(i + 1 + READ_AHEAD);
    const read = await reads[i]!;
    delete reads[i]; // parsed once: let the bytes go
    const skipped = opts.skip?.[file];
    if (skipped !== undefined) {
      errors.push(ingestError(file, skipped));
      continue;
    }
    opts.onFile?.(file);
    const url = sources.get(file)?.url;
    const parseOpts = url ? { ...opts, url } : opts;
    const result = isIngestError(read)
      ? read
      : 'article' in read
        ? read.article
        : opts.memo
          ? opts.memo.parse(file, read.bytes, parseOpts, read.info)
          : parseArticle(file, read.bytes, parseOpts);
    if (isIngestError(result)) {
      errors.push(result);
      continue;
    }
    const owner = owners.get(result.id);
    if (owner !== undefined) {
      errors.push(ingestError(file, `duplicate id "${result.id}": ${owner} already has it; rename one of the files`));
      continue;
    }
    owners.set(result.id, file);
    articles.push(result);
  }
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  opts.onProgress?.(files.length, files.length);
  return { articles, errors };
}

/** Relative paths (with `/`) of the candidate files under `root`. */
async function collect(root: string, relative: string, files: string[], errors: IngestError[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(path.join(root, relative), { withFileTypes: true });
  } catch (err) {
    errors.push(ingestError(relative || '.', `cannot read folder: ${describe(err)}`));
    return;
  }
  for (const entry of entries) {
    if (isSkipped(entry.name)) continue;
    const file = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) await collect(root, file, files, errors);
    else files.push(file);
  }
}

/** Files read ahead of the one being parsed. */
const READ_AHEAD = 4;

/** A file's bytes and stat, or the article the memo had for it (then it was not read). */
type Read = { bytes: Uint8Array; info: FileStat } | { article: Article };

/** The file's bytes, after the checks that need no parsing (symlinks, size), or why it cannot be read. */
async function readChecked(
  root: string,
  file: string,
  opts: LoadOptions,
  url: string | undefined,
): Promise<Read | IngestError> {
  const full = path.join(root, file);
  try {
    const link = await lstat(full);
    if (link.isSymbolicLink()) {
      let target: string;
      try {
        target = await realpath(full);
      } catch {
        return ingestError(file, 'broken symlink (its target does not exist)');
      }
      const inside = path.relative(root, target);
      if (inside.startsWith('..') || path.isAbsolute(inside)) {
        return ingestError(file, 'symlink points outside the corpus folder; copy the file in instead');
      }
    }
    const info = await stat(full);
    if (info.isDirectory()) return ingestError(file, 'symlinked folders are not followed; move the files in instead');
    if (!info.isFile()) return ingestError(file, 'not a regular file');
    // Checked before reading, so a stray multi-gigabyte file is never loaded into memory.
    const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    if (info.size > maxBytes) return ingestError(file, tooLargeReason(info.size, maxBytes));
    const article = opts.memo?.known(file, info, url);
    if (article) return { article };
    const bytes = await readFile(full);
    return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), info };
  } catch (err) {
    return ingestError(file, `cannot read file: ${describe(err)}`);
  }
}

function code(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

function describe(err: unknown): string {
  return code(err) ?? (err instanceof Error ? err.message : String(err));
}
