/**
 * The index that is serving, and the only ways to change it: a full reindex of the corpus folder,
 * adding one article, and adopting the saved index another process wrote (a shard). A new index is
 * built completely before it is swapped in, so a question always sees one whole index; a reindex
 * already under way is never started twice.
 *
 * Start-up loads the saved index (src/index/saved/load.ts) when it was built from exactly this corpus and build
 * code, and otherwise rebuilds and saves it. A reindex builds in a worker thread (worker.ts) and
 * hands the result over in the saved format; decoding it here pauses every few milliseconds, so
 * questions keep being answered during the whole reindex. The swap is one assignment.
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { copyFile, link, lstat, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isSkipped } from '../corpus/skipped.js';
import type { Article, IngestError } from '../corpus/types.js';
import { UserError } from '../errors.js';
import type { Logger } from '../log.js';
import { warmAnswerTables } from './warm.js';
import type { DossierIndex } from '../index/model.js';
import { articleSignatures, corpusHash, defaultIndexFile, hashCorpus } from '../index/saved/corpus-hash.js';
import { savedCorpusHash, type LoadResult } from '../index/saved/layout.js';
import { decodeSaved, loadSavedIndex } from '../index/saved/load.js';
import { removeStaleTemporaries } from '../index/saved/write.js';
import {
  BuildRefused,
  BuildTooSlow,
  BuildWorker,
  FileTooSlow,
  buildFromFolder,
  encodeAndSave,
  seconds,
  type BuildPhase,
  type BuildRequest,
  type BuildResult,
  type Deadlines,
} from './worker.js';

export interface ReindexReport {
  version: string;
  previousVersion: string;
  articlesAdded: string[];
  articlesRemoved: string[];
  articlesChanged: string[];
  paragraphsBefore: number;
  paragraphsAfter: number;
  /** Files that failed; those that had a good earlier version keep serving it (`kept`). */
  errors: IngestError[];
  kept: string[];
  ms: number;
  /** Where the new index came from: built here (or in our worker), or the saved file (`reload`). */
  source: 'built' | 'saved';
  /** The saved index file after this change, or why it could not be written. */
  saved?: { file: string; bytes: number } | { file: string; error: string };
}

export interface Progress {
  phase: 'reading' | 'parsing' | 'indexing' | 'entities' | 'saving' | 'loading' | 'swapping';
  done: number;
  total: number;
}

export interface StoreOptions {
  /** Where the index is saved (default: `defaultIndexFile(corpusDir)`). */
  indexFile?: string;
  /** Build in a worker thread (default true); false builds on the calling thread. */
  worker?: boolean;
  /** Progress of the start-up build or load. */
  onProgress?: (p: Progress) => void;
  /**
   * Run every answer path once the tables are built, so V8 has compiled it before the first
   * question (default true; a one-shot CLI answer would only wait for it).
   */
  warmAnswerPaths?: boolean;
  /** Time limits on reading one file and on a whole build (defaults: DEFAULT_DEADLINES). */
  deadlines?: Partial<Deadlines>;
}

/**
 * A file that takes longer than this to read is reported by name and left out (the rest of the
 * build goes on without it); a build that takes longer is stopped, and the last good index keeps
 * serving. Far above real need: the slowest real page takes well under a second, and a full build of
 * 100,000 paragraphs under a minute.
 */
export const DEFAULT_DEADLINES: Deadlines = { fileMs: 20_000, buildMs: 15 * 60_000 };
/** A build stopped for a slow file is tried again without it, at most this many times. */
const MAX_SLOW_FILES = 5;

export interface IndexStore {
  current(): DossierIndex;
  readonly corpusDir: string;
  readonly indexFile: string;
  /** True while a reindex, an add-article or a reload is under way. */
  busy(): boolean;
  reindex(opts?: { onProgress?: (p: Progress) => void }): Promise<ReindexReport>;
  addArticle(name: string, bytes: Uint8Array): Promise<{ file: string; report: ReindexReport }>;
  /** Adopts the saved index file (written by another process); rebuilds if it is stale or bad. */
  reload(opts?: { onProgress?: (p: Progress) => void }): Promise<ReindexReport>;
  /** Ends the worker thread, if any. */
  close(): Promise<void>;
}

export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
const ALLOWED = new Set(['.md', '.txt', '.html', '.htm']);
/** Names Windows reserves; refused so a corpus folder stays portable. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;
/** Control characters and the characters that separate or glob paths: refused in an upload name. */
// eslint-disable-next-line no-control-regex -- control characters are what we refuse
const UNSAFE_NAME_CHAR = /[\u0000-\u001f/\\:*?"<>|]/;
/** How long the main thread works on a new index before it lets other work run. */
const SLICE_MS = 8;
/** From this size of saved index on, start-up hashes the corpus in a thread of its own. */
const THREAD_HASH_BYTES = 16 * 1024 * 1024;

/** The temporary an upload is written to before it is linked in: `.<name>.<8 hex>.tmp`. */
const UPLOAD_TEMPORARY = /^\..+\.[0-9a-f]{8}\.tmp$/;

export async function openIndexStore(
  corpusDir: string,
  log: Logger,
  opts: StoreOptions = {},
): Promise<IndexStore> {
  const dir = path.resolve(corpusDir);
  const indexFile = path.resolve(opts.indexFile ?? defaultIndexFile(dir));
  const worker = opts.worker === false ? undefined : new BuildWorker();
  const deadlines: Deadlines = { ...DEFAULT_DEADLINES, ...opts.deadlines };
  const exercise = opts.warmAnswerPaths !== false;
  const started = performance.now();
  // Uploads killed half-written (".name.md.<8 hex>.tmp", hidden, never read) are cleared at start.
  const leftovers = await removeStaleTemporaries(dir, (name) => UPLOAD_TEMPORARY.test(name));
  if (leftovers.length) log.info({ files: leftovers }, 'removed unfinished uploads');
  // A large corpus is hashed in another thread while this one reads and decodes the saved index
  // (for a small one, starting the thread costs more than the hash); either way the index is used
  // only if the hashes then match.
  const savedBytes = await stat(indexFile).then(
    (s) => s.size,
    () => 0,
  );
  const hashing = hashCorpus(dir, { thread: savedBytes >= THREAD_HASH_BYTES });
  const saved = await loadSavedIndex(
    indexFile,
    hashing.then((c) => c.hash),
    { onProgress: (done, total) => opts.onProgress?.({ phase: 'loading', done, total }) },
  );
  const corpus = await hashing;
  let hash = corpus.hash;
  let index: DossierIndex;
  if (saved.ok) {
    index = saved.index;
    log.info(
      {
        file: indexFile,
        ...counts(index),
        bytes: saved.bytes,
        ms: Math.round(performance.now() - started),
        loadMs: Math.round(saved.ms),
      },
      'index loaded from the saved file',
    );
  } else {
    log[saved.reason === 'missing' ? 'info' : 'warn'](
      { file: indexFile, reason: saved.reason, detail: saved.detail },
      'saved index not used; building the index',
    );
    // In the worker, whatever the corpus's size: there a file that takes too long can be stopped
    // and left out, and the build's garbage and the NLP libraries stay out of this process.
    const built = await build(undefined, false, opts.onProgress);
    index = built.index;
    hash = built.corpusHash;
    log.info(
      {
        ...counts(index),
        ms: Math.round(performance.now() - started),
        version: index.version,
        ...savedFields(built.saved),
      },
      'index built',
    );
  }
  for (const e of index.errors) log.warn({ file: e.file, reason: e.reason }, 'article not indexed');
  // The answerers' lookup tables, built in slices while the first questions can already be answered.
  void warmAnswerTables(index, { sliceMs: SLICE_MS, exercise });
  let running: Promise<unknown> | undefined;

  /** Builds a new index from the folder: in the worker (then decoded in slices) or right here. */
  async function build(
    previous: DossierIndex | undefined,
    refuseUnreadable: boolean,
    onProgress?: (p: Progress) => void,
    inWorker = true,
  ): Promise<{
    index: DossierIndex;
    corpusHash: string;
    errors: IngestError[];
    kept: string[];
    saved?: BuildResult['saved'];
  }> {
    const request: BuildRequest = {
      dir,
      indexFile,
      previousFiles: previous?.articles.map((a) => a.file) ?? [],
      refuseUnreadable,
    };
    const keptArticles = (files: string[]): Article[] => {
      const wanted = new Set(files);
      return previous?.articles.filter((a) => wanted.has(a.file)) ?? [];
    };
    const phase = (p: BuildPhase, done: number, total: number) => onProgress?.({ phase: p, done, total });
    try {
      if (!worker || !inWorker) {
        const built = await buildFromFolder(request, phase, (files) => Promise.resolve(keptArticles(files)));
        const { saved } = await encodeAndSave(built.index, built.corpusHash, request, phase);
        return { ...built, saved };
      }
      const result = await buildWithin(request, keptArticles, phase);
      const decoded = await decodeSaved(result.bytes, undefined, {
        sliceMs: previous ? SLICE_MS : undefined,
        onProgress: (done, total) => onProgress?.({ phase: 'loading', done, total }),
      });
      if (!decoded.ok)
        throw new Error(`the worker's index did not decode (${decoded.reason}): ${decoded.detail}`);
      return { ...result, index: decoded.index };
    } catch (err) {
      if (err instanceof BuildRefused) throw new UserError(err.message);
      if (err instanceof BuildTooSlow) {
        throw new UserError(
          `The reindex took longer than ${seconds(err.ms)} and was stopped; the index was not changed.`,
        );
      }
      throw err;
    }
  }

  /**
   * A build in the worker under the deadlines: a file that runs past its deadline stops the worker,
   * and the build starts again with that file reported and left out.
   */
  async function buildWithin(
    request: BuildRequest,
    keptArticles: (files: string[]) => Article[],
    phase: (p: BuildPhase, done: number, total: number) => void,
  ): Promise<BuildResult> {
    const skip: Record<string, string> = { ...request.skip };
    for (let attempt = 0; ; attempt++) {
      try {
        return await worker!.build({ ...request, skip }, keptArticles, phase, deadlines);
      } catch (err) {
        if (!(err instanceof FileTooSlow) || attempt >= MAX_SLOW_FILES) throw err;
        log.warn(
          { file: err.file, deadlineMs: err.ms },
          'article took too long to read; building without it',
        );
        skip[err.file] = `took longer than ${seconds(err.ms)} to read, so it was left out; check the file`;
      }
    }
  }

  /** Puts `next` in service and reports what changed. */
  function swap(
    previous: DossierIndex,
    next: DossierIndex,
    details: Pick<ReindexReport, 'errors' | 'kept' | 'source' | 'saved'>,
    since: number,
    onProgress?: (p: Progress) => void,
  ): ReindexReport {
    onProgress?.({ phase: 'swapping', done: 0, total: 1 });
    index = next; // the swap: one assignment, after the new index is complete
    onProgress?.({ phase: 'swapping', done: 1, total: 1 });
    return diff(previous, next, details, performance.now() - since);
  }

  async function rebuild(onProgress?: (p: Progress) => void): Promise<ReindexReport> {
    const started = performance.now();
    const previous = index;
    const built = await build(previous, true, onProgress);
    await warmAnswerTables(built.index, { sliceMs: SLICE_MS, exercise });
    hash = built.corpusHash;
    const report = swap(
      previous,
      built.index,
      { errors: built.errors, kept: built.kept, source: 'built', saved: savedReport(built.saved) },
      started,
      onProgress,
    );
    log.info({ ...report, errors: report.errors.length, saved: savedFields(built.saved) }, 'reindexed');
    for (const e of built.errors) log.warn({ file: e.file, reason: e.reason }, 'article not indexed');
    if (built.saved && 'error' in built.saved) {
      log.warn({ file: indexFile, error: built.saved.error }, 'could not save the index');
    }
    return report;
  }

  async function reload(onProgress?: (p: Progress) => void): Promise<ReindexReport> {
    const started = performance.now();
    const previous = index;
    const now = await corpusHash(dir);
    if (now === hash && (await savedCorpusHash(indexFile)) === hash) {
      // The saved file is the index we serve: nothing to adopt.
      return diff(previous, previous, { errors: previous.errors, kept: [], source: 'saved' }, 0);
    }
    const loaded: LoadResult = await loadSavedIndex(indexFile, now, {
      sliceMs: SLICE_MS,
      onProgress: (done, total) => onProgress?.({ phase: 'loading', done, total }),
    });
    if (!loaded.ok) {
      log[loaded.reason === 'stale' || loaded.reason === 'missing' ? 'info' : 'warn'](
        { file: indexFile, reason: loaded.reason, detail: loaded.detail },
        'saved index not used; rebuilding',
      );
      return rebuild(onProgress);
    }
    await warmAnswerTables(loaded.index, { sliceMs: SLICE_MS, exercise });
    hash = now;
    const report = swap(
      previous,
      loaded.index,
      {
        errors: loaded.index.errors,
        kept: [],
        source: 'saved',
        saved: { file: indexFile, bytes: loaded.bytes },
      },
      started,
      onProgress,
    );
    log.info({ ...report, errors: report.errors.length }, 'reloaded the saved index');
    return report;
  }

  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (running)
      return Promise.reject(new UserError('A reindex is already under way. Try again in a moment.'));
    const p = work();
    running = p;
    return p.finally(() => {
      running = undefined;
    });
  }

  function savedReport(s: BuildResult['saved']): ReindexReport['saved'] {
    if (!s) return undefined;
    return 'error' in s ? { file: indexFile, error: s.error } : { file: indexFile, bytes: s.bytes };
  }

  function savedFields(s: BuildResult['saved']): Record<string, unknown> {
    if (!s) return {};
    return 'error' in s
      ? { file: indexFile, saveError: s.error }
      : { file: indexFile, savedBytes: s.bytes, saveMs: Math.round(s.ms) };
  }

  return {
    corpusDir: dir,
    indexFile,
    current: () => index,
    busy: () => running !== undefined,
    reindex: (o) => exclusive(() => rebuild(o?.onProgress)),
    reload: (o) => exclusive(() => reload(o?.onProgress)),
    close: async () => {
      await worker?.close();
    },
    addArticle: (name, bytes) =>
      exclusive(async () => {
        const file = checkUploadName(name);
        if (bytes.byteLength > MAX_UPLOAD_BYTES) {
          throw new UserError(
            `${file} is too large (${bytes.byteLength} bytes); the limit is ${MAX_UPLOAD_BYTES} bytes.`,
          );
        }
        const { isIngestError, parseArticle } = await import('../corpus/index.js');
        // Untrusted bytes are parsed in the worker, never on the thread that talks to Discord.
        let parsed: Article | IngestError;
        try {
          parsed = worker ? await worker.parse(file, bytes, deadlines.fileMs) : parseArticle(file, bytes);
        } catch (err) {
          if (err instanceof FileTooSlow) {
            throw new UserError(`${file} was not added: it took longer than ${seconds(err.ms)} to read.`);
          }
          throw err;
        }
        if (isIngestError(parsed)) throw new UserError(`${file} was not added: ${parsed.reason}`);
        if (index.articles.some((a) => a.id === parsed.id)) {
          throw new UserError(
            `An article with the id “${parsed.id}” is already indexed; rename the file to add it.`,
          );
        }
        const target = path.join(dir, file);
        const taken = () => new UserError(`${file} already exists in the corpus; rename the file to add it.`);
        if (await exists(target)) throw taken();
        // Write beside the target, then link it in: a crash leaves either no file or the whole file,
        // and the link fails if another process (another shard) put a file by that name there in
        // the meantime, where a rename would silently replace it.
        const tmp = path.join(dir, `.${file}.${randomBytes(4).toString('hex')}.tmp`);
        try {
          await writeFile(tmp, bytes, { flag: 'wx' });
          await publishNew(tmp, target);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'EEXIST') throw taken();
          if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
            throw new UserError(`The corpus folder is not writable (${code}); nothing was added.`);
          }
          throw err;
        } finally {
          await rm(tmp, { force: true });
        }
        return { file, report: await rebuild() };
      }),
  };
}

function counts(index: DossierIndex) {
  return {
    articles: index.articles.length,
    paragraphs: index.paragraphs.length,
    entities: index.entities.length,
    version: index.version,
  };
}

/** Accepts a plain file name with an allowed extension; anything path-like is refused. */
export function checkUploadName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 120) throw new UserError('The file name must be 1 to 120 characters.');
  if (UNSAFE_NAME_CHAR.test(trimmed) || trimmed.includes('..') || path.isAbsolute(trimmed)) {
    throw new UserError(
      `“${trimmed.slice(0, 60)}” is not a plain file name; use letters, digits, dashes and dots.`,
    );
  }
  if (trimmed.startsWith('.')) throw new UserError('The file name must not start with a dot.');
  if (isSkipped(trimmed))
    throw new UserError(
      `“${trimmed}” would never be indexed: README files and names starting with “_” are notes the corpus skips. Rename the file to add it.`,
    );
  if (RESERVED.test(trimmed)) throw new UserError(`“${trimmed}” is a reserved file name; rename it.`);
  const ext = path.extname(trimmed).toLowerCase();
  if (!ALLOWED.has(ext))
    throw new UserError(`Only .md, .txt and .html articles can be added (got “${ext || 'no extension'}”).`);
  return trimmed;
}

/**
 * Puts `tmp` at `target` only if nothing is there yet (EEXIST otherwise): a hard link, which is
 * atomic and never replaces. Where the file system has no hard links, a copy that refuses to
 * overwrite.
 */
async function publishNew(tmp: string, target: string): Promise<void> {
  try {
    await link(tmp, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'ENOSYS') throw err;
    await copyFile(tmp, target, fsConstants.COPYFILE_EXCL);
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** What changed between two indexes, by article file and content signature. */
function diff(
  prev: DossierIndex,
  next: DossierIndex,
  details: Pick<ReindexReport, 'errors' | 'kept' | 'source' | 'saved'>,
  ms: number,
): ReindexReport {
  const before = articleSignatures(prev);
  const after = articleSignatures(next);
  return {
    version: next.version,
    previousVersion: prev.version,
    articlesAdded: [...after.keys()].filter((f) => !before.has(f)),
    articlesRemoved: [...before.keys()].filter((f) => !after.has(f)),
    articlesChanged: [...after.keys()].filter((f) => before.has(f) && before.get(f) !== after.get(f)),
    paragraphsBefore: prev.paragraphs.length,
    paragraphsAfter: next.paragraphs.length,
    ...details,
    ms: Math.round(ms),
  };
}
