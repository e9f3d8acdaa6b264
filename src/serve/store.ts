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
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { MAX_UPLOAD_BYTES, checkUploadName, isUploadTemporary, uploadTooLarge } from '../corpus/upload.js';
import type { PageSource } from '../corpus/sources.js';
import {
  checkNewArticle,
  findArticle,
  removeArticleFile,
  writeArticle,
  type Undo,
} from './corpus-changes.js';
import type { Article, IngestError } from '../corpus/types.js';
import { UserError } from '../errors.js';
import type { Logger } from '../log.js';
import { runInSlices, warmAnswerTables } from './warm.js';
import { declaredTables, run } from '../index/derived.js';
import { prepareTermBridge, releaseTermBridge } from '../answer/tables.js';
import { readyForChange, repackTerms } from '../index/search/changes.js';
import { isUnloaded, type DossierIndex } from '../index/model.js';
import { corpusHash, defaultIndexFile, hashCorpus } from '../index/saved/corpus-hash.js';
import { articleChanges, diff, savedFields, savedReport, type ArticleChanges } from './store-report.js';
import { savedCorpusHash } from '../index/saved/change-log.js';
import type { LoadResult } from '../index/saved/layout.js';
import { loadSavedIndex } from '../index/saved/load.js';
import { removeStaleTemporaries } from '../index/saved/write.js';
import { build, SLICE_MS, whole, type StoreConfig } from './store-build.js';
import { BuildWorker, FileTooSlow, seconds, type Deadlines } from './worker.js';

/** The upload limit and its message, for the surfaces that check a declared size first. */
export { MAX_UPLOAD_BYTES, uploadTooLarge };

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
  phase: 'fetching' | 'reading' | 'parsing' | 'indexing' | 'entities' | 'saving' | 'loading' | 'swapping';
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
  /**
   * Build every answer table of an index before (or, at start-up, while) it serves, so no question
   * waits for one (default true). A one-shot CLI command sets it false: the few tables its one
   * answer reads are built when it reads them, the same tables either way.
   */
  warmTables?: boolean;
  /**
   * One answer or change, then the process ends (a one-shot CLI command; default false): the
   * in-process build keeps nothing for a later change that will not come.
   */
  oneShot?: boolean;
  /**
   * False: the saved index is loaded without its search (saved/layout.ts `DecodeOptions.search`),
   * for a one-shot change that asks nothing; a start that builds has the whole index all the same.
   * Default true.
   */
  loadSearch?: boolean;
  /** Time limits on reading one file and on a whole build (defaults: DEFAULT_DEADLINES). */
  deadlines?: Partial<Deadlines>;
  /**
   * How long the build worker keeps its last build's work with no change coming (ms; default an
   * hour; KEEP_BUILD_WORK_MINUTES). At 100k paragraphs that work holds about a GB of memory.
   */
  keepWorkMs?: number;
}

/**
 * A file that takes longer than this to read is reported by name and left out (the rest of the
 * build goes on without it); a build that takes longer is stopped, and the last good index keeps
 * serving. Far above real need: the slowest real page takes well under a second, and a full build of
 * 100,000 paragraphs under a minute.
 */
const DEFAULT_DEADLINES: Deadlines = { fileMs: 20_000, buildMs: 15 * 60_000 };
export interface IndexStore {
  current(): DossierIndex;
  readonly corpusDir: string;
  readonly indexFile: string;
  /** True while a reindex, an add-article or a reload is under way. */
  busy(): boolean;
  /**
   * Reads the folder again and serves what it holds. With `changedOnly`, only the files this store
   * added, replaced, removed or staged since its last build are read (when its last build serves;
   * otherwise the whole folder is): a change made by hand to another file waits for a full reindex.
   */
  reindex(opts?: { onProgress?: (p: Progress) => void; changedOnly?: boolean }): Promise<ReindexReport>;
  /** Adds an article file (or replaces the one of that name, with `replace`), then reindexes. */
  addArticle(name: string, bytes: Uint8Array, opts?: AddOptions): Promise<AddResult>;
  /**
   * Checks and writes an article like `addArticle`, without reindexing: a feed's new items are
   * written one by one and indexed by one `reindex` after the poll.
   */
  stageArticle(name: string, bytes: Uint8Array, opts?: { source?: PageSource }): Promise<string>;
  /** Moves an article (by file name, id or title) to the corpus's `.removed/` folder, then reindexes. */
  removeArticle(which: string, opts?: { onProgress?: (p: Progress) => void }): Promise<RemoveResult>;
  /** Adopts the saved index file (written by another process); rebuilds if it is stale or bad. */
  reload(opts?: { onProgress?: (p: Progress) => void }): Promise<ReindexReport>;
  /** Ends the worker thread, if any. */
  close(): Promise<void>;
}

interface AddOptions {
  /** Replace the article of that file name (else a name in use is refused). */
  replace?: boolean;
  /** Where the bytes were fetched from (an article added by link). */
  source?: PageSource;
  onProgress?: (p: Progress) => void;
}

export interface AddResult {
  file: string;
  report: ReindexReport;
  /** Set when an article was replaced: its paragraphs before and after. */
  replaced?: { paragraphsBefore: number; paragraphsAfter: number };
}

interface RemoveResult {
  file: string;
  title: string;
  /** Where the file went, relative to the corpus folder (`.removed/…`). */
  movedTo: string;
  report: ReindexReport;
}

/** From this size of saved index on, start-up hashes the corpus in a thread of its own. */
const THREAD_HASH_BYTES = 16 * 1024 * 1024;

/** Opens the store of a corpus folder: loads the saved index, or builds (and saves) it. */
export async function openIndexStore(
  corpusDir: string,
  log: Logger,
  opts: StoreOptions = {},
): Promise<IndexStore> {
  const dir = path.resolve(corpusDir);
  const config: StoreConfig = {
    dir,
    indexFile: path.resolve(opts.indexFile ?? defaultIndexFile(dir)),
    log,
    worker:
      opts.worker === false
        ? undefined
        : new BuildWorker(opts.keepWorkMs !== undefined ? { keepWorkMs: opts.keepWorkMs } : {}),
    deadlines: { ...DEFAULT_DEADLINES, ...opts.deadlines },
    exercise: opts.warmAnswerPaths !== false && opts.warmTables !== false,
    warm: opts.warmTables !== false,
    oneShot: opts.oneShot === true,
  };
  const { index, hash } = await startUp(config, opts.onProgress, opts.loadSearch !== false);
  // The answerers' lookup tables, built in slices while the first questions can already be answered.
  if (config.warm) void warmAnswerTables(index, { sliceMs: SLICE_MS, exercise: config.exercise });
  return new Store(config, { index, hash, running: undefined, staged: [], changed: new Set(), changes: 0 });
}

/** What a store changes: the index in service, the corpus hash it was built from, the work under way. */
interface StoreState {
  index: DossierIndex;
  hash: string;
  running: Promise<unknown> | undefined;
  /** Articles written by `stageArticle` since the last build (their text counts as in the corpus). */
  staged: Article[];
  /** Files this store wrote or moved away since its last build: a change reads only these. */
  changed: Set<string>;
  /** The serving index's search being made ready for a change (see `readyLater`). */
  ready?: Promise<void>;
  /** The serving index's `later` tables being carried (see `warmSearchLater`). */
  later?: Promise<void>;
  /** Changes started so far: a new one stops the serving index's search tables being warmed. */
  changes: number;
}

/** Start-up: the saved index when it was built from exactly this corpus and code, else a build. */
async function startUp(
  config: StoreConfig,
  onProgress: ((p: Progress) => void) | undefined,
  search: boolean,
): Promise<{ index: DossierIndex; hash: string }> {
  const { dir, indexFile, log } = config;
  const started = performance.now();
  // Uploads killed half-written (".name.md.<8 hex>.tmp", hidden, never read) are cleared at start.
  const leftovers = await removeStaleTemporaries(dir, isUploadTemporary);
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
    { onProgress: (done, total) => onProgress?.({ phase: 'loading', done, total }), search },
  );
  const corpus = await hashing;
  let result: { index: DossierIndex; hash: string };
  if (saved.ok) {
    result = { index: saved.index, hash: corpus.hash };
    log.info(
      {
        file: indexFile,
        ...counts(saved.index),
        bytes: saved.bytes,
        changes: saved.changes,
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
    const built = await build(config, undefined, false, onProgress);
    const index = whole(built.index);
    result = { index, hash: built.corpusHash };
    log.info(
      {
        ...counts(index),
        ms: Math.round(performance.now() - started),
        version: index.version,
        ...savedFields(indexFile, built.saved),
      },
      'index built',
    );
  }
  for (const e of result.index.errors) log.warn({ file: e.file, reason: e.reason }, 'article not indexed');
  return result;
}

/** The store: one index in service, changed only by whole swaps, one change at a time. */
class Store implements IndexStore {
  readonly corpusDir: string;
  readonly indexFile: string;

  constructor(
    private readonly config: StoreConfig,
    private readonly state: StoreState,
  ) {
    this.corpusDir = config.dir;
    this.indexFile = config.indexFile;
    this.readyLater();
  }

  /** The index in service (an arrow, so it may be handed around as `ctx.index`). */
  readonly current = (): DossierIndex => this.state.index;

  busy(): boolean {
    return this.state.running !== undefined;
  }

  /**
   * Makes the serving index's search ready for a change (its packed maps plain, `readyForChange`)
   * in slices while it serves, so the first change after a load or a whole build does not wait for
   * it (about 0.15 s at 100k paragraphs). Not for a store that warms nothing (a one-shot CLI).
   */
  private readyLater(): void {
    const index = this.state.index;
    if (!this.config.warm) return;
    this.state.ready = runInSlices(readyForChange(index.search), {
      sliceMs: SLICE_MS,
      until: () => this.state.index === index,
    });
  }

  reindex(o?: { onProgress?: (p: Progress) => void; changedOnly?: boolean }): Promise<ReindexReport> {
    return this.exclusive(() => this.rebuild(o?.onProgress, o?.changedOnly));
  }

  reload(o?: { onProgress?: (p: Progress) => void }): Promise<ReindexReport> {
    return this.exclusive(() => this.adoptSaved(o?.onProgress));
  }

  addArticle(name: string, bytes: Uint8Array, opts: AddOptions = {}): Promise<AddResult> {
    return this.exclusive(async () => {
      const { file, existing } = await this.checkNew(name, bytes, opts);
      const undo = await writeArticle(this.config.dir, file, bytes, {
        replace: existing !== undefined,
        ...(opts.source ? { source: opts.source } : {}),
      });
      this.state.changed.add(file);
      const report = await this.rebuildOrUndo(undo, opts.onProgress);
      const after = this.state.index.articles.find((a) => a.file === file);
      return {
        file,
        report,
        ...(existing
          ? {
              replaced: {
                paragraphsBefore: existing.paragraphs.length,
                paragraphsAfter: after?.paragraphs.length ?? 0,
              },
            }
          : {}),
      };
    });
  }

  stageArticle(name: string, bytes: Uint8Array, opts: { source?: PageSource } = {}): Promise<string> {
    return this.exclusive(async () => {
      const { file, parsed } = await this.checkNew(name, bytes, opts);
      await writeArticle(this.config.dir, file, bytes, { replace: false, ...opts });
      this.state.staged.push(parsed);
      this.state.changed.add(file);
      return file;
    });
  }

  /** Parses a new article (in the worker) and refuses a name, id or text the corpus has already. */
  private async checkNew(
    name: string,
    bytes: Uint8Array,
    opts: AddOptions,
  ): Promise<{ file: string; parsed: Article; existing: Article | undefined }> {
    const file = checkUploadName(name);
    if (bytes.byteLength > MAX_UPLOAD_BYTES) throw uploadTooLarge(file, bytes.byteLength);
    opts.onProgress?.({ phase: 'parsing', done: 0, total: 1 });
    const parsed = await this.parseUpload(file, bytes, opts.source?.url);
    const existing = checkNewArticle(
      this.state.index,
      this.state.staged,
      file,
      parsed,
      opts.replace === true,
    );
    return { file, parsed, existing };
  }

  removeArticle(which: string, opts: { onProgress?: (p: Progress) => void } = {}): Promise<RemoveResult> {
    return this.exclusive(async () => {
      const article = findArticle(this.state.index, which);
      const { movedTo, undo } = await removeArticleFile(this.config.dir, article.file);
      this.state.changed.add(article.file);
      const report = await this.rebuildOrUndo(undo, opts.onProgress);
      return { file: article.file, title: article.title, movedTo, report };
    });
  }

  /** Reindexes after a change to the folder; if that fails, the change is undone (the index never moved). */
  private async rebuildOrUndo(undo: Undo, onProgress?: (p: Progress) => void): Promise<ReindexReport> {
    try {
      return await this.rebuild(onProgress, true);
    } catch (err) {
      await undo().catch((undoErr: unknown) =>
        this.config.log.error(
          { err: String(undoErr) },
          'could not undo a corpus change after a failed reindex',
        ),
      );
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.config.worker?.close();
  }

  /** Untrusted bytes are parsed in the worker, never on the thread that talks to Discord. */
  private async parseUpload(file: string, bytes: Uint8Array, url?: string): Promise<Article> {
    const { isIngestError, parseArticle } = await import('../corpus/index.js');
    const { worker, deadlines } = this.config;
    let parsed: Article | IngestError;
    try {
      parsed = worker
        ? await worker.parse(file, bytes, deadlines.fileMs, url)
        : parseArticle(file, bytes, url ? { url } : {});
    } catch (err) {
      if (err instanceof FileTooSlow) {
        throw new UserError(`${file} was not added: it took longer than ${seconds(err.ms)} to read.`);
      }
      throw err;
    }
    if (isIngestError(parsed)) throw new UserError(`${file} was not added: ${parsed.reason}`);
    return parsed;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.state.running)
      return Promise.reject(new UserError('A reindex is already under way. Try again in a moment.'));
    const serving = this.state.index;
    this.state.changes++;
    const p = work();
    this.state.running = p;
    return p.finally(() => {
      this.state.running = undefined;
      // A change that left the index serving (it failed, or changed nothing) lets its search
      // tables be warmed again; those already built are not built twice.
      if (this.state.index === serving) this.warmSearchLater(serving);
    });
  }

  /**
   * Carries the `later` tables of `index` (derived.ts), once it serves, in slices; then packs again
   * the postings the change wrote (`touched`, see `repackTerms`) and builds its search tables (after
   * a change: see `rebuild`). The next change waits for the first (`state.later`: its own carry
   * needs them) but stops the rest: that change's own index drops these tables, and the slices
   * would only slow its steps on this thread. Then the index it came from (kept to carry tables
   * over, derived.ts) can go.
   */
  private warmSearchLater(index: DossierIndex, touched: string[] = []): void {
    if (!this.config.warm) return;
    const changes = this.state.changes;
    const until = () => this.state.index === index && this.state.changes === changes;
    const serves = () => this.state.index === index;
    // Not in the step that put the index in service (that step already held the thread long).
    const later = new Promise((resolve) => setImmediate(resolve)).then(() =>
      warmAnswerTables(index, { sliceMs: SLICE_MS, tables: (t) => t.later, until: serves }),
    );
    this.state.later = later.catch(() => undefined);
    void later
      .then(() => runInSlices(repackTerms(index.search, touched), { sliceMs: SLICE_MS, until }))
      .then(async () => {
        if (until())
          await warmAnswerTables(index, { sliceMs: SLICE_MS, tables: (t) => t.readsSearch, until });
      })
      .finally(() => {
        index.derived.forget();
        releaseTermBridge(index);
      });
  }

  /** Puts `next` in service and reports what changed. */
  private swap(
    previous: DossierIndex,
    next: DossierIndex,
    details: Pick<ReindexReport, 'errors' | 'kept' | 'source' | 'saved'>,
    since: number,
    onProgress?: (p: Progress) => void,
    changes?: ArticleChanges,
  ): ReindexReport {
    onProgress?.({ phase: 'swapping', done: 0, total: 1 });
    this.state.index = next; // the swap: one assignment, after the new index is complete
    this.readyLater();
    onProgress?.({ phase: 'swapping', done: 1, total: 1 });
    return diff(previous, next, details, performance.now() - since, changes);
  }

  /** Builds and serves the next index; `changedOnly` reads only the files this store changed. */
  private async rebuild(onProgress?: (p: Progress) => void, changedOnly = false): Promise<ReindexReport> {
    const { log, indexFile, exercise, warm } = this.config;
    const started = performance.now();
    const previous = this.state.index;
    const changed = changedOnly ? [...this.state.changed] : undefined;
    const built = await build(this.config, previous, true, onProgress, changed);
    // The serving index's `later` tables, carried from the index before it (done by now but for a
    // change right after the last): the next index carries them from these.
    await this.state.later;
    let next: DossierIndex;
    let touched: string[] = [];
    let changes: ArticleChanges | undefined;
    if ('change' in built.index) {
      // A change shares the serving index's search and changes it in place: first the next index's
      // other tables are built (in slices, while this one serves), then in one step its search is
      // changed, the search tables that carry over are carried, and it is put in service; last its
      // other search tables are built, also in slices.
      // (With no `until`, the build always runs to its end.)
      const change = (await runInSlices(built.index.change(previous), { sliceMs: SLICE_MS }))!;
      next = change.next;
      if (next !== previous) {
        await this.state.ready;
        if (!isUnloaded(previous.search)) {
          await runInSlices(readyForChange(previous.search), { sliceMs: SLICE_MS });
        }
        // All but the `later` ones, which are carried once it serves (their readers make do meanwhile).
        if (warm) {
          await warmAnswerTables(next, { sliceMs: SLICE_MS, tables: (t) => !t.readsSearch && !t.later });
          next.derived.defer();
        }
        // Its term table is built only once it serves: the previous one stands in until then.
        if (warm) await runInSlices(prepareTermBridge(next), { sliceMs: SLICE_MS });
        for (const t of declaredTables()) if (t.readsSearch) next.derived.drop(t);
      }
      // What the report lists, worked out before the change's one step, which holds the thread.
      changes = articleChanges(previous, next);
      touched = change.commit();
      // The search tables that carry over (a few ms at 100k paragraphs) are carried now, before the
      // swap: the first question after it would otherwise build them whole on this thread.
      if (warm && next !== previous)
        for (const t of declaredTables()) if (t.readsSearch && t.carries) run(t.warm(next));
    } else {
      next = built.index;
      if (warm) await warmAnswerTables(next, { sliceMs: SLICE_MS, exercise });
    }
    this.state.hash = built.corpusHash;
    this.state.staged = []; // the build read them from the folder
    this.state.changed.clear();
    const report = this.swap(
      previous,
      next,
      { errors: built.errors, kept: built.kept, source: 'built', saved: savedReport(indexFile, built.saved) },
      started,
      onProgress,
      changes,
    );
    if ('change' in built.index && next !== previous) this.warmSearchLater(next, touched);
    log.info(
      { ...report, errors: report.errors.length, saved: savedFields(indexFile, built.saved) },
      'reindexed',
    );
    for (const e of built.errors) log.warn({ file: e.file, reason: e.reason }, 'article not indexed');
    if (built.saved && 'error' in built.saved) {
      log.warn({ file: indexFile, error: built.saved.error }, 'could not save the index');
    }
    return report;
  }

  /** Adopts the saved index file another process wrote; rebuilds if it is stale or bad. */
  private async adoptSaved(onProgress?: (p: Progress) => void): Promise<ReindexReport> {
    const { dir, indexFile, log, exercise } = this.config;
    const started = performance.now();
    const previous = this.state.index;
    const now = await corpusHash(dir);
    if (now === this.state.hash && (await savedCorpusHash(indexFile)) === this.state.hash) {
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
      return this.rebuild(onProgress);
    }
    if (this.config.warm) await warmAnswerTables(loaded.index, { sliceMs: SLICE_MS, exercise });
    this.state.hash = now;
    this.state.staged = [];
    this.state.changed.clear();
    const saved = { file: indexFile, bytes: loaded.bytes };
    const details = { errors: loaded.index.errors, kept: [], source: 'saved' as const, saved };
    const report = this.swap(previous, loaded.index, details, started, onProgress);
    log.info({ ...report, errors: report.errors.length }, 'reloaded the saved index');
    return report;
  }
}

function counts(index: DossierIndex) {
  return {
    articles: index.articles.length,
    paragraphs: index.paragraphs.length,
    entities: index.entities.length,
    version: index.version,
  };
}
