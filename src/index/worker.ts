/**
 * Reindexing off the main thread. A worker thread reads the corpus, builds the index, encodes it in
 * the saved format and saves it; the main thread gets the encoded bytes (transferred, not copied)
 * and decodes them in slices, so it keeps answering while all this happens.
 *
 * `BuildWorker` is the main thread's side: one worker, started on the first build and reused while
 * builds keep coming, ended after a quiet minute (its heap holds a whole build's garbage) or by
 * `close()`. The same file is the worker's entry: it runs `serve()` when started as the worker.
 *
 * Under tsx (npm start, the CLIs) and vitest this file is TypeScript; a worker thread does not
 * inherit tsx's loader, so the worker is started from a few lines of JavaScript that register tsx's
 * ESM hooks in the new thread and then import this file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { Article, IngestError } from '../corpus/types.js';
import type { DossierIndex } from './model.js';
import { corpusHash, encodeIndex, writeAtomically } from './persist.js';

export type BuildPhase = 'reading' | 'indexing' | 'entities' | 'saving';

export interface BuildRequest {
  dir: string;
  /** Where to save the index; undefined = do not save. */
  indexFile?: string;
  /** Files of the index now serving: an article among them that now fails keeps its old version. */
  previousFiles: string[];
  /** Refuse (BuildRefused) when the folder cannot be read at all, rather than build an empty index. */
  refuseUnreadable: boolean;
}

export interface BuildResult {
  /** The index in the saved format (what was saved, if it was). */
  bytes: Uint8Array;
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
  { type: 'build'; id: number; request: BuildRequest } | { type: 'kept'; id: number; articles: Article[] };

type FromWorker =
  | { type: 'progress'; id: number; phase: BuildPhase; done: number; total: number }
  | { type: 'need-kept'; id: number; files: string[] }
  | ({ type: 'done'; id: number; buffer: ArrayBuffer } & Omit<BuildResult, 'bytes'>)
  | { type: 'refused'; id: number; message: string }
  | { type: 'failed'; id: number; message: string; stack?: string };

const MARK = 'dossier-build-worker';
const IDLE_MS = 60_000;

// ---------------------------------------------------------------------------------------------------
// Main thread side

interface Job {
  id: number;
  onProgress?: (phase: BuildPhase, done: number, total: number) => void;
  keptArticles: (files: string[]) => Article[];
  resolve: (r: BuildResult) => void;
  reject: (err: Error) => void;
}

export class BuildWorker {
  #worker: Worker | undefined;
  #job: Job | undefined;
  #nextId = 1;
  #idle: NodeJS.Timeout | undefined;
  #closed = false;

  /**
   * Builds in the worker. `keptArticles` answers the worker's question "which of these failing
   * files had a good version?" with those articles of the index now serving.
   */
  build(
    request: BuildRequest,
    keptArticles: (files: string[]) => Article[],
    onProgress?: (phase: BuildPhase, done: number, total: number) => void,
  ): Promise<BuildResult> {
    if (this.#closed) return Promise.reject(new Error('the index store is closed'));
    if (this.#job) return Promise.reject(new Error('a build is already running'));
    clearTimeout(this.#idle);
    const worker = this.#start();
    worker.ref();
    return new Promise<BuildResult>((resolve, reject) => {
      const id = this.#nextId++;
      this.#job = { id, onProgress, keptArticles, resolve, reject };
      worker.postMessage({ type: 'build', id, request } satisfies ToWorker);
    }).finally(() => {
      this.#job = undefined;
      if (this.#worker) {
        this.#worker.unref();
        this.#idle = setTimeout(() => void this.#stop(), IDLE_MS).unref();
      }
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idle);
    this.#job?.reject(new Error('the index store was closed during a reindex'));
    await this.#stop();
  }

  async #stop(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
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
    void worker.terminate();
    this.#job?.reject(err);
  }

  #onMessage(worker: Worker, m: FromWorker): void {
    const job = this.#job;
    if (!job || m.id !== job.id) return;
    switch (m.type) {
      case 'progress':
        job.onProgress?.(m.phase, m.done, m.total);
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
        const { type: _t, id: _id, buffer, ...rest } = m;
        job.resolve({ ...rest, bytes: new Uint8Array(buffer) });
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

/** Starts this file as a worker thread, with tsx's loader when running from TypeScript. */
function startWorker(): Worker {
  const self = import.meta.url;
  const options = { workerData: { [MARK]: true } };
  if (!self.endsWith('.ts')) return new Worker(new URL(self), options);
  const require = createRequire(self);
  const pkgFile = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } }>;
  };
  const api = pathToFileURL(
    path.join(path.dirname(pkgFile), pkg.exports['./esm/api']?.import?.default ?? 'dist/esm/api/index.mjs'),
  ).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(self)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

// ---------------------------------------------------------------------------------------------------
// Worker side

function serve(port: NonNullable<typeof parentPort>): void {
  const waiting = new Map<number, (articles: Article[]) => void>();
  port.on('message', (m: ToWorker) => {
    if (m.type === 'kept') {
      waiting.get(m.id)?.(m.articles);
      waiting.delete(m.id);
      return;
    }
    const { id, request } = m;
    const send = (msg: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(msg, transfer ?? []);
    const progress = (phase: BuildPhase, done: number, total: number) =>
      send({ type: 'progress', id, phase, done, total });
    const askKept = (files: string[]) =>
      new Promise<Article[]>((resolve) => {
        waiting.set(id, resolve);
        send({ type: 'need-kept', id, files });
      });
    build(request, progress, askKept).then(
      ({ bytes, ...rest }) => {
        const buffer = bytes.buffer as ArrayBuffer;
        send({ type: 'done', id, buffer, ...rest }, [buffer]);
      },
      (err: unknown) => {
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
 * The build itself (the worker's job; the store runs it in-process when workers are off): hash,
 * read, keep the last good versions of failing articles, build.
 */
export async function buildFromFolder(
  request: BuildRequest,
  progress: (phase: BuildPhase, done: number, total: number) => void,
  askKept: (files: string[]) => Promise<Article[]>,
): Promise<{ index: DossierIndex; corpusHash: string; errors: IngestError[]; kept: string[] }> {
  const [{ loadCorpus }, { buildIndex, keepLastGood }] = await Promise.all([
    import('../corpus/index.js'),
    import('./build.js'),
  ]);
  progress('reading', 0, 1);
  // Hashed before reading: if a file changes in between, the saved hash is the older one and the
  // next start rebuilds, never the other way round.
  const hash = await corpusHash(request.dir);
  const loaded = await loadCorpus(request.dir, {
    onProgress: (done, total) => progress('reading', done, total),
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
  const keptArticles = candidates.length ? await askKept(candidates) : [];
  const { corpus, kept } = keepLastGood(loaded, { articles: keptArticles });
  const index = buildIndex(corpus, { onProgress: progress });
  return { index, corpusHash: hash, errors: loaded.errors, kept };
}

/** Encodes the index in the saved format and, when asked, saves it (a failed save is reported). */
export async function encodeAndSave(
  index: DossierIndex,
  hash: string,
  request: BuildRequest,
  progress: (phase: BuildPhase, done: number, total: number) => void,
): Promise<{ bytes: Uint8Array; saved?: BuildResult['saved'] }> {
  progress('saving', 0, 1);
  const t = performance.now();
  const bytes = encodeIndex(index, hash, request.dir);
  let saved: BuildResult['saved'];
  if (request.indexFile) {
    try {
      await writeAtomically(request.indexFile, bytes);
      saved = { bytes: bytes.byteLength, ms: performance.now() - t };
    } catch (err) {
      saved = { error: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
    }
  }
  progress('saving', 1, 1);
  return { bytes, saved };
}

async function build(
  request: BuildRequest,
  progress: (phase: BuildPhase, done: number, total: number) => void,
  askKept: (files: string[]) => Promise<Article[]>,
): Promise<BuildResult> {
  const started = performance.now();
  const built = await buildFromFolder(request, progress, askKept);
  const { bytes, saved } = await encodeAndSave(built.index, built.corpusHash, request, progress);
  return {
    bytes,
    corpusHash: built.corpusHash,
    errors: built.errors,
    kept: built.kept,
    saved,
    buildMs: performance.now() - started,
  };
}

if (parentPort && (workerData as Record<string, unknown> | undefined)?.[MARK] === true) serve(parentPort);

/** For tests: the path of this file. */
export const WORKER_FILE = fileURLToPath(import.meta.url);
