/**
 * Reindexing off the main thread. A worker thread reads the corpus, builds the index, encodes it in
 * the saved format and saves it; the main thread gets the encoded bytes (transferred, not copied)
 * and decodes them in slices, so it keeps answering while all this happens. The worker keeps each
 * file's work from its last build (src/index/build/incremental.ts): when that build's index is the
 * one serving, the next build reads only what changed and sends the change (an IndexDelta), which
 * the main thread applies in place of a whole index; the delta is appended to the saved index's
 * change log.
 *
 * `BuildWorker` is the main thread's side: one worker, started on the first build and kept while it
 * holds a build's work (the next change needs it); a worker that only parsed uploads ends after a
 * quiet minute. `close()` ends it. The same file is the worker's entry: it runs `serve()` when started as the worker.
 *
 * Under tsx (npm start, the CLIs) and vitest this file is TypeScript; a worker thread does not
 * inherit tsx's loader, so the worker is started from a few lines of JavaScript that register tsx's
 * ESM hooks in the new thread and then import this file.
 */
import { parentPort, type Worker, workerData } from 'node:worker_threads';
import { lowerThreadPriority, startModuleWorker } from './thread.js';
import { warmPageParserLater } from './page-warm.js';
import type { Article, IngestError } from '../corpus/types.js';
import type { IndexDelta } from '../index/delta.js';
import type { Builder, Outcome } from '../index/build/incremental.js';
import { hashCorpusFolder, rehashCorpus } from '../index/saved/corpus-hash.js';
import type { DossierIndex } from '../index/model.js';
import {
  WorkSaves,
  folderSeen,
  knownFiles,
  rememberFolder,
  saveBuildWork,
  seedFromSaved,
} from './build-work.js';
import { compactSaved } from '../index/saved/write.js';
import { encodeAndSave } from './save-build.js';

export type BuildPhase = 'reading' | 'indexing' | 'entities' | 'saving';

export interface BuildRequest {
  dir: string;
  /** Where to save the index; undefined = do not save. */
  indexFile?: string;
  /** Files of the index now serving: an article among them that now fails keeps its old version. */
  previousFiles: string[];
  /** Refuse (BuildRefused) when the folder cannot be read at all, rather than build an empty index. */
  refuseUnreadable: boolean;
  /** Files not to read, each with the reason reported for it (one that took too long before). */
  skip?: Record<string, string>;
  /**
   * The version of the index in service: when the worker's last build made it, the result is the
   * change from it (a delta) instead of a whole index.
   */
  serving?: string;
  /**
   * The files the store changed since its last build (articles added, replaced, removed; relative
   * paths). When the worker's last build made the index serving, only these are hashed and read,
   * and every other file is taken as that build read it (`FolderSeen`). Without it, or when that
   * build is not the one serving, the whole folder is read.
   */
  changed?: string[];
}

/** Time limits on a build in the worker; past one, the worker is stopped. */
export interface Deadlines {
  /** For reading one file (decoding, extracting, cleaning). */
  fileMs: number;
  /** For the whole build, saving included. */
  buildMs: number;
}

/** Reading this file took longer than its deadline: the build was stopped. */
export class FileTooSlow extends Error {
  override name = 'FileTooSlow';
  constructor(
    readonly file: string,
    readonly ms: number,
  ) {
    super(`${file} took longer than ${seconds(ms)} to read`);
  }
}

/** The whole build took longer than its deadline: it was stopped. */
export class BuildTooSlow extends Error {
  override name = 'BuildTooSlow';
  constructor(readonly ms: number) {
    super(`the build took longer than ${seconds(ms)}`);
  }
}

/** "15 minutes", "20 s", "0.4 s". */
export function seconds(ms: number): string {
  if (ms >= 120_000) return `${Math.round(ms / 60_000)} minutes`;
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}

export interface BuildResult {
  /** The index in the saved format (what was saved, if it was), or the change to the serving one. */
  made: { kind: 'full'; bytes: Uint8Array } | { kind: 'delta'; delta: IndexDelta };
  corpusHash: string;
  errors: IngestError[];
  kept: string[];
  /** Save outcome: bytes and ms, or why it failed (the new index serves anyway). */
  saved?: { bytes: number; ms: number } | { error: string };
  buildMs: number;
}

/** Thrown (as a message from the worker) when the build is refused, e.g. an unreadable folder. */
export class BuildRefused extends Error {
  override name = 'BuildRefused';
}

type ToWorker =
  | { type: 'build'; id: number; request: BuildRequest }
  | { type: 'kept'; id: number; articles: Article[] }
  | { type: 'parse'; id: number; file: string; bytes: Uint8Array; url?: string }
  | { type: 'drain'; id: number };

type FromWorker =
  | { type: 'progress'; id: number; phase: BuildPhase; done: number; total: number }
  | { type: 'file'; id: number; file: string }
  | { type: 'parsed'; id: number; result: Article | IngestError }
  | { type: 'need-kept'; id: number; files: string[] }
  | ({ type: 'done'; id: number; buffer?: ArrayBuffer; delta?: IndexDelta } & Omit<BuildResult, 'made'>)
  | { type: 'drained'; id: number }
  | { type: 'refused'; id: number; message: string }
  | { type: 'failed'; id: number; message: string; stack?: string };

const MARK = 'dossier-build-worker';
const IDLE_MS = 60_000;
/** How long closing waits for the worker's saves after a build (see `#drain`). */
const DRAIN_MS = 10_000;
/** How long a worker holding a build's work is kept with no job, by default (an hour). */
const KEEP_WORK_MS = 60 * 60_000;

// ---------------------------------------------------------------------------------------------------
// Main thread side

interface Job {
  id: number;
  onProgress?: (phase: BuildPhase, done: number, total: number) => void;
  keptArticles: (files: string[]) => Article[];
  resolve: (r: BuildResult) => void;
  reject: (err: Error) => void;
  /** Set for a parse job: its result. */
  parsed?: (r: Article | IngestError) => void;
  deadlines?: Deadlines;
  /** The watchdog for the file being read, and the one for the whole job. */
  fileTimer?: NodeJS.Timeout;
  jobTimer?: NodeJS.Timeout;
}

export class BuildWorker {
  #worker: Worker | undefined;
  #job: Job | undefined;
  #nextId = 1;
  #idle: NodeJS.Timeout | undefined;
  /** The worker holds the work of a build that finished: keep it for the next change. */
  #holdsWork = false;
  #closed = false;

  /** `keepWorkMs`: how long a worker holding a build's work is kept with no job (KEEP_BUILD_WORK_MINUTES). */
  constructor(private readonly opts: { keepWorkMs?: number } = {}) {}

  /** Ends the worker after a quiet spell: a minute, or `keepWorkMs` while it holds a build's work. */
  #idleLater(): void {
    clearTimeout(this.#idle);
    if (!this.#worker || this.#job) return;
    const ms = this.#holdsWork ? (this.opts.keepWorkMs ?? KEEP_WORK_MS) : IDLE_MS;
    this.#idle = setTimeout(() => void this.#stop(), ms).unref();
  }

  /**
   * Builds in the worker. `keptArticles` answers the worker's question "which of these failing
   * files had a good version?" with those articles of the index now serving.
   */
  build(
    request: BuildRequest,
    keptArticles: (files: string[]) => Article[],
    onProgress?: (phase: BuildPhase, done: number, total: number) => void,
    deadlines?: Deadlines,
  ): Promise<BuildResult> {
    const built = this.#run<BuildResult>(
      (id) => ({ type: 'build', id, request }),
      (job) => Object.assign(job, { onProgress, keptArticles, ...(deadlines ? { deadlines } : {}) }),
    );
    return built.then((r) => {
      this.#holdsWork = this.#worker !== undefined;
      this.#idleLater();
      return r;
    });
  }

  /**
   * Parses one uploaded file in the worker, so that work on untrusted bytes never runs on the thread
   * that talks to Discord; past `deadlineMs` the worker is stopped and FileTooSlow is thrown.
   */
  parse(file: string, bytes: Uint8Array, deadlineMs: number, url?: string): Promise<Article | IngestError> {
    return this.#run<Article | IngestError>(
      (id) => ({ type: 'parse', id, file, bytes, ...(url ? { url } : {}) }),
      (job, resolve) => {
        job.parsed = resolve;
        job.deadlines = { fileMs: deadlineMs, buildMs: deadlineMs * 2 };
        // The file's clock starts now: the worker parses it as soon as the message arrives.
        this.#watchFile(job, file);
      },
    );
  }

  #run<T>(message: (id: number) => ToWorker, setup: (job: Job, resolve: (r: T) => void) => void): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the index store is closed'));
    if (this.#job) return Promise.reject(new Error('a build is already running'));
    clearTimeout(this.#idle);
    const worker = this.#start();
    worker.ref();
    return new Promise<T>((resolve, reject) => {
      const id = this.#nextId++;
      const job: Job = {
        id,
        keptArticles: () => [],
        resolve: resolve as (r: BuildResult) => void,
        reject,
      };
      this.#job = job;
      setup(job, resolve);
      if (job.deadlines) {
        const ms = job.deadlines.buildMs;
        job.jobTimer = setTimeout(() => this.#abort(worker, new BuildTooSlow(ms)), ms);
      }
      worker.postMessage(message(id) satisfies ToWorker);
    }).finally(() => {
      const job = this.#job;
      clearTimeout(job?.fileTimer);
      clearTimeout(job?.jobTimer);
      this.#job = undefined;
      if (this.#worker) {
        this.#worker.unref();
        this.#idleLater();
      }
    });
  }

  /** Starts (or restarts) the clock of the file the worker is now reading. */
  #watchFile(job: Job, file: string): void {
    clearTimeout(job.fileTimer);
    const ms = job.deadlines?.fileMs;
    const worker = this.#worker;
    if (ms === undefined || !worker) return;
    job.fileTimer = setTimeout(() => this.#abort(worker, new FileTooSlow(file, ms)), ms);
  }

  /** Stops a worker that ran past a deadline; the next job starts a fresh one. */
  #abort(worker: Worker, err: Error): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    this.#holdsWork = false;
    this.#job?.reject(err);
    void worker.terminate();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idle);
    this.#job?.reject(new Error('the index store was closed during a reindex'));
    await this.#drain();
    await this.#stop();
  }

  /**
   * Lets an idle worker finish its saves after a build has answered (change log folded, work
   * saved; at most DRAIN_MS): a process that stops right after a change leaves them in step.
   */
  async #drain(): Promise<void> {
    if (!this.#worker || this.#job) return;
    const worker: Worker = this.#worker;
    const id = this.#nextId++;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, DRAIN_MS);
      function done() {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', done);
        resolve();
      }
      const onMessage = (m: FromWorker) => {
        if (m.type === 'drained' && m.id === id) done();
      };
      worker.on('message', onMessage);
      worker.on('exit', done);
      worker.postMessage({ type: 'drain', id } satisfies ToWorker);
    });
  }

  async #stop(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    this.#holdsWork = false;
    if (w) await w.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = startWorker();
    worker.on('message', (m: FromWorker) => this.#onMessage(worker, m));
    worker.on('error', (err) => this.#fail(worker, err));
    worker.on('exit', (code) =>
      this.#fail(worker, new Error(`the index worker stopped (exit code ${code})`)),
    );
    this.#worker = worker;
    return worker;
  }

  #fail(worker: Worker, err: Error): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    this.#holdsWork = false;
    void worker.terminate();
    this.#job?.reject(err);
  }

  #onMessage(worker: Worker, m: FromWorker): void {
    const job = this.#job;
    if (!job || m.id !== job.id) return;
    switch (m.type) {
      case 'progress':
        // Past reading, the per-file clock has no file to time.
        if (m.phase !== 'reading') clearTimeout(job.fileTimer);
        job.onProgress?.(m.phase, m.done, m.total);
        return;
      case 'file':
        this.#watchFile(job, m.file);
        return;
      case 'parsed':
        job.parsed?.(m.result);
        return;
      case 'need-kept': {
        let articles: Article[] = [];
        try {
          articles = job.keptArticles(m.files);
        } finally {
          worker.postMessage({ type: 'kept', id: m.id, articles } satisfies ToWorker);
        }
        return;
      }
      case 'done': {
        const { type: _t, id: _id, buffer, delta, ...rest } = m;
        const made = delta
          ? ({ kind: 'delta', delta } as const)
          : ({ kind: 'full', bytes: new Uint8Array(buffer ?? new ArrayBuffer(0)) } as const);
        job.resolve({ ...rest, made });
        return;
      }
      case 'refused':
        job.reject(new BuildRefused(m.message));
        return;
      case 'failed': {
        const err = new Error(m.message);
        if (m.stack) err.stack = m.stack;
        job.reject(err);
        return;
      }
    }
  }
}

/**
 * Room for new objects in the build worker, in MB (V8's default gives about 48). The worker keeps
 * about a gigabyte of work between builds at 100k paragraphs, and a change's clustering makes
 * hundreds of MB of short-lived objects: in a small young generation many live through a collection
 * or two, are moved to the old one and make it collect too. Measured on a change at 100k
 * paragraphs: collection time per change from about 190 ms to 50-100 ms.
 */
const BUILD_YOUNG_GENERATION_MB = 192;

/** Starts this file as a worker thread (thread.ts brings tsx's loader when running from TypeScript). */
function startWorker(): Worker {
  return startModuleWorker(import.meta.url, {
    workerData: { [MARK]: true },
    resourceLimits: { maxYoungGenerationSizeMb: BUILD_YOUNG_GENERATION_MB },
  });
}

// ---------------------------------------------------------------------------------------------------
// Worker side

function serve(port: NonNullable<typeof parentPort>): void {
  lowerThreadPriority();
  // The last build's work, kept while the worker lives, so the next build redoes only what changed.
  const builder = newBuilder();
  // Builds run one after another, and after the compaction of the saved index's change log that a
  // build may leave to do once its result is sent (so it never races the next change's append).
  let after: Promise<unknown> = Promise.resolve();
  const waiting = new Map<number, (articles: Article[]) => void>();
  const workSaves = new WorkSaves((file, stop) => {
    const saved = after.then(() => builder).then((b) => saveBuildWork(file, b, stop));
    after = saved.catch(() => undefined);
    return saved.catch(() => true);
  });
  port.on('message', (m: ToWorker) => {
    if (m.type === 'kept') {
      waiting.get(m.id)?.(m.articles);
      waiting.delete(m.id);
      return;
    }
    const send = (msg: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(msg, transfer ?? []);
    if (m.type === 'drain') {
      const { id } = m;
      workSaves.now();
      void after.then(() => send({ type: 'drained', id }));
      return;
    }
    if (m.type === 'parse') {
      const { id, file, bytes, url } = m;
      // Kept for the build that follows (work.ts parseUpload), which then does not parse it again.
      Promise.all([import('../index/build/work.js'), import('../corpus/index.js')]).then(
        ([{ parseUpload }, { latestToday }]) =>
          send({
            type: 'parsed',
            id,
            result: parseUpload(file, bytes, { today: latestToday(), ...(url ? { url } : {}) }),
          }),
        (err: unknown) =>
          send({ type: 'failed', id, message: err instanceof Error ? err.message : String(err) }),
      );
      return;
    }
    const { id, request } = m;
    const progress = (phase: BuildPhase, done: number, total: number) =>
      send({ type: 'progress', id, phase, done, total });
    const askKept = (files: string[]) =>
      new Promise<Article[]>((resolve) => {
        waiting.set(id, resolve);
        send({ type: 'need-kept', id, files });
      });
    const onFile = (file: string) => send({ type: 'file', id, file });
    workSaves.hold();
    after = after
      .then(() => builder)
      .then((b) => build(request, progress, askKept, b, onFile))
      .then(
        async ({ made, compact, ...rest }) => {
          if (made.kind === 'delta') send({ type: 'done', id, delta: made.delta, ...rest });
          else {
            const buffer = made.bytes.buffer as ArrayBuffer;
            send({ type: 'done', id, buffer, ...rest }, [buffer]);
          }
          // A failed compaction leaves the log as it is: it still loads, and the next one tries again.
          if (compact && request.indexFile) await compactSaved(request.indexFile).catch(() => undefined);
          const savedHere =
            request.indexFile && rest.saved && !('error' in rest.saved) && rest.saved.bytes > 0;
          workSaves.built(savedHere ? request.indexFile : undefined);
          warmPageParserLater();
        },
        (err: unknown) => {
          workSaves.built();
          if (err instanceof BuildRefused) send({ type: 'refused', id, message: err.message });
          else {
            const e = err instanceof Error ? err : new Error(String(err));
            send({ type: 'failed', id, message: e.message, ...(e.stack ? { stack: e.stack } : {}) });
          }
        },
      );
  });
}

/**
 * Starts loading what a build in this thread needs (the Builder and its NLP libraries, ingestion,
 * the saved work's reader) without waiting for it: a one-shot CLI change does this as it starts,
 * so the loading overlaps the saved index's decoding instead of following it.
 */
export function prefetchBuilder(): void {
  for (const load of [
    () => import('../index/build/incremental.js'),
    () => import('../corpus/index.js'),
    () => import('../index/build/build.js'),
    () => import('../index/build/work.js'),
    () => import('../index/saved/work-file.js'),
    () => import('../index/build/seed.js'),
  ])
    void load().catch(() => undefined);
}

/** A Builder (loaded on first use: it brings the NLP libraries, which answering never needs); see its `once`. */
export async function newBuilder(opts: { once?: boolean } = {}): Promise<Builder> {
  const { Builder } = await import('../index/build/incremental.js');
  return new Builder(opts);
}

/**
 * The build itself (the worker's job; the store runs it in-process when workers are off): hash,
 * read, keep the last good versions of failing articles, build.
 */
export async function buildFromFolder(
  request: BuildRequest,
  progress: (phase: BuildPhase, done: number, total: number) => void,
  askKept: (files: string[]) => Promise<Article[]>,
  builder: Builder,
  onFile?: (file: string) => void,
  servingIndex?: DossierIndex,
): Promise<{ outcome: Outcome; corpusHash: string; errors: IngestError[]; kept: string[] }> {
  const [{ loadCorpus, latestToday }, { keepLastGood }, { ReadMemo }] = await Promise.all([
    import('../corpus/index.js'),
    import('../index/build/build.js'),
    import('../index/build/work.js'),
  ]);
  progress('reading', 0, 1);
  // The builder's work is for the index it made last; if another one serves, it is not reused,
  // unless that index was loaded from the saved file with the work saved beside it.
  let mine = request.serving !== undefined && request.serving === builder.version();
  if (!mine) builder.forget();
  if (!mine && request.indexFile && request.serving !== undefined) {
    mine = await seedFromSaved(builder, request.indexFile, request.serving, servingIndex);
  }
  const today = latestToday();
  const seen = mine && request.changed ? folderSeen(builder, today) : undefined;
  const changed = seen ? request.changed! : [];
  // Hashed before reading: if a file changes in between, the saved hash is the older one and the
  // next start rebuilds, never the other way round.
  const hashed = seen
    ? await rehashCorpus(request.dir, seen.hashed, changed)
    : await hashCorpusFolder(request.dir);
  const memo = new ReadMemo(builder.work(), today);
  const loaded = await loadCorpus(request.dir, {
    today,
    memo,
    onProgress: (done, total) => progress('reading', done, total),
    ...(onFile ? { onFile } : {}),
    ...(request.skip ? { skip: request.skip } : {}),
    ...(seen ? { known: await knownFiles(request.dir, seen, changed, builder) } : {}),
  });
  if (request.refuseUnreadable) {
    // A folder that cannot be read at all (moved, unmounted, no permission) would reindex to an
    // empty index and stop serving every article: refuse, and keep serving what we have.
    const unreadable = loaded.errors.find((e) => e.file === request.dir || e.file === '.');
    if (unreadable) {
      throw new BuildRefused(
        `The corpus folder cannot be read (${unreadable.reason}); the index was not changed.`,
      );
    }
  }
  const previous = new Set(request.previousFiles);
  const candidates = loaded.errors.map((e) => e.file).filter((f) => previous.has(f));
  const ours = candidates.flatMap((f) => builder.work().get(f)?.article ?? []);
  const keptArticles = mine ? ours : candidates.length ? await askKept(candidates) : [];
  const { corpus, kept } = keepLastGood(loaded, { articles: keptArticles });
  const outcome = builder.build(corpus, memo, request.serving, { onProgress: progress });
  rememberFolder(builder, today, hashed.folder, loaded.errors);
  return { outcome, corpusHash: hashed.hash, errors: loaded.errors, kept };
}

async function build(
  request: BuildRequest,
  progress: (phase: BuildPhase, done: number, total: number) => void,
  askKept: (files: string[]) => Promise<Article[]>,
  builder: Builder,
  onFile: (file: string) => void,
): Promise<BuildResult & { compact: boolean }> {
  const started = performance.now();
  const built = await buildFromFolder(request, progress, askKept, builder, onFile);
  const { made, saved, compact } = await encodeAndSave(
    built.outcome,
    built.corpusHash,
    request,
    progress,
    builder,
  );
  return {
    made,
    compact,
    corpusHash: built.corpusHash,
    errors: built.errors,
    kept: built.kept,
    saved,
    buildMs: performance.now() - started,
  };
}

if (parentPort && (workerData as Record<string, unknown> | undefined)?.[MARK] === true) serve(parentPort);
