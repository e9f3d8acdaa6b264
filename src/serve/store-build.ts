/**
 * How a store gets its next index: a build in the worker (or on this thread), which comes back as a
 * whole index in the saved format (decoded here in slices) or as the change from the index serving
 * (applied here), under the build deadlines.
 */
import type { Article, IngestError } from '../corpus/types.js';
import { UserError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Builder } from '../index/build/incremental.js';
import { prepareDeltaSteps } from '../index/delta.js';
import type { Build } from '../index/derived.js';
import type { DossierIndex } from '../index/model.js';
import { carrySignatures } from '../index/saved/corpus-hash.js';
import { decodeSaved } from '../index/saved/load.js';
import { compactSaved } from '../index/saved/write.js';
import type { Progress } from './store.js';
import { saveBuildWork } from './build-work.js';
import { encodeAndSave } from './save-build.js';
import {
  BuildRefused,
  BuildTooSlow,
  FileTooSlow,
  buildFromFolder,
  newBuilder,
  seconds,
  type BuildPhase,
  type BuildRequest,
  type BuildResult,
  type BuildWorker,
  type Deadlines,
} from './worker.js';
import type { Outcome } from '../index/build/incremental.js';

/** How long the main thread works on a new index before it lets other work run. */
export const SLICE_MS = 8;

/** A build stopped for a slow file is tried again without it, at most this many times. */
const MAX_SLOW_FILES = 5;

/** What a store is given once and never changes. */
export interface StoreConfig {
  dir: string;
  indexFile: string;
  log: Logger;
  /** The build worker; none when building on the calling thread. */
  worker: BuildWorker | undefined;
  deadlines: Deadlines;
  /** Run every answer path once a new index's tables are built. */
  exercise: boolean;
  /** Build every answer table ahead of the questions (else each is built when first needed). */
  warm: boolean;
  /** Without a worker: the builder that keeps the last build's work (made on first use). */
  builder?: Promise<Builder>;
  /** One answer or change, then the process ends (StoreOptions `oneShot`). */
  oneShot: boolean;
}

export interface Built {
  /**
   * The new index, or how to make it from the one serving: a change applied to that index (whose
   * search it changes in place), made in steps while that index serves; the caller must put the
   * result in service in the same step as its `commit()`.
   */
  index: DossierIndex | { change: (previous: DossierIndex) => Build<PreparedChange> };
  corpusHash: string;
  errors: IngestError[];
  kept: string[];
  saved?: BuildResult['saved'];
}

/**
 * Builds a new index from the folder: in the worker (then decoded in slices) or right here. With
 * `changed`, only those files are read again (see `BuildRequest.changed`).
 */
export async function build(
  config: StoreConfig,
  previous: DossierIndex | undefined,
  refuseUnreadable: boolean,
  onProgress?: (p: Progress) => void,
  changed?: string[],
): Promise<Built> {
  const request: BuildRequest = {
    dir: config.dir,
    indexFile: config.indexFile,
    previousFiles: previous?.articles.map((a) => a.file) ?? [],
    refuseUnreadable,
    ...(previous ? { serving: previous.version } : {}),
    ...(changed ? { changed } : {}),
  };
  const keptArticles = (files: string[]): Article[] => {
    const wanted = new Set(files);
    return previous?.articles.filter((a) => wanted.has(a.file)) ?? [];
  };
  const phase = (p: BuildPhase, done: number, total: number) => onProgress?.({ phase: p, done, total });
  try {
    if (!config.worker) {
      const builder = await (config.builder ??= newBuilder({ once: config.oneShot }));
      const built = await buildFromFolder(
        request,
        phase,
        (files) => Promise.resolve(keptArticles(files)),
        builder,
        undefined,
        previous,
      );
      const { made, saved, compact } = await encodeAndSave(
        built.outcome,
        built.corpusHash,
        request,
        phase,
        builder,
      );
      if (compact && request.indexFile) await compactSaved(request.indexFile);
      // Only after a whole build: a change here (a one-shot CLI) leaves the work file behind the
      // index, which the next load makes up for (seed.ts) at less cost than rewriting it.
      if (request.indexFile && saved && !('error' in saved) && made.kind === 'full') {
        await saveBuildWork(request.indexFile, builder);
      }
      return { ...built, index: made.kind === 'full' ? index(built.outcome) : later(made), saved };
    }
    const result = await buildWithin(config, config.worker, request, keptArticles, phase);
    if (result.made.kind === 'delta') return { ...result, index: later(result.made) };
    const decoded = await decodeSaved(result.made.bytes, undefined, {
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
 * The index after a change the builder worked out from `previous` (which it was told serves): the
 * change applied, with the reindex report's article signatures carried over.
 */
function later(made: Extract<BuildResult['made'], { kind: 'delta' }>): Built['index'] {
  return { change: (previous) => changed(previous, made) };
}

/** The index of a build that had no index to change (start-up). */
export function whole(index: Built['index']): DossierIndex {
  if ('change' in index) throw new Error('a build with no index serving came back as a change');
  return index;
}

function index(outcome: Outcome): DossierIndex {
  if (outcome.kind !== 'full') throw new Error('a whole build came without its index');
  return outcome.index;
}

/**
 * The next index, whole but for its search, and `commit()`, which changes the search the serving
 * index shares with it (delta.ts, `prepareDeltaSteps`): from then on only `next` may serve.
 */
interface PreparedChange {
  next: DossierIndex;
  /** Gives the search terms it wrote (see `repackTerms`). */
  commit: () => string[];
}

function* changed(
  previous: DossierIndex,
  made: Extract<BuildResult['made'], { kind: 'delta' }>,
): Build<PreparedChange> {
  const nothing = (): string[] => [];
  if (made.delta.from === made.delta.to) {
    // No article changed: the same index serves (its tables too), with the files that now fail.
    const same = sameErrors(previous.errors, made.delta.errors);
    return { next: same ? previous : { ...previous, errors: made.delta.errors }, commit: nothing };
  }
  const prepared = yield* prepareDeltaSteps(previous, made.delta);
  carrySignatures(previous, prepared.next);
  return prepared;
}

function sameErrors(a: IngestError[], b: IngestError[]): boolean {
  return a.length === b.length && a.every((e, i) => e.file === b[i]!.file && e.reason === b[i]!.reason);
}

/**
 * A build in the worker under the deadlines: a file that runs past its deadline stops the worker,
 * and the build starts again with that file reported and left out.
 */
async function buildWithin(
  config: StoreConfig,
  worker: BuildWorker,
  request: BuildRequest,
  keptArticles: (files: string[]) => Article[],
  phase: (p: BuildPhase, done: number, total: number) => void,
): Promise<BuildResult> {
  const skip: Record<string, string> = { ...request.skip };
  for (let attempt = 0; ; attempt++) {
    try {
      return await worker.build({ ...request, skip }, keptArticles, phase, config.deadlines);
    } catch (err) {
      if (!(err instanceof FileTooSlow) || attempt >= MAX_SLOW_FILES) throw err;
      config.log.warn(
        { file: err.file, deadlineMs: err.ms },
        'article took too long to read; building without it',
      );
      skip[err.file] = `took longer than ${seconds(err.ms)} to read, so it was left out; check the file`;
    }
  }
}
