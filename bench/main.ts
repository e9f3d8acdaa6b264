/**
 * `npm run bench`: the performance figures of issue #5, measured in one run per corpus size.
 *
 *   npm run bench                         # seed corpus, 1k, 10k, 100k; prints a table, rewrites docs/benchmarks.md
 *   npm run bench -- --quick              # 1k only, fewer queries; writes .cache/bench/quick.json (docs only with --write)
 *   npm run bench -- --json               # one JSON object on stdout, progress on stderr
 *   npm run bench -- --sizes seed,10000   # chosen sizes ("seed" = the project's corpus/ folder)
 *   npm run bench -- --churn 200          # changes for the heap check at 10k (default 1000; --quick 100)
 *
 * Per size: ingestion + index build (time, paragraphs/s), heap after build (after a forced GC), the
 * saved index (size), cold start from the saved index vs a rebuild (child processes), answer latency
 * per kind through the real answer functions next to raw MiniSearch and FlexSearch on the same
 * queries, typo recall@10 for all three, event-loop delay during a full reindex under load,
 * end-to-end interaction latency through the fake Discord, and what corpus changes cost on the
 * serving store (issue #19: changes-run.ts; at 10k also the heap after many changes and random
 * changes checked against a full rebuild).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { warmAnswerTables } from '../src/serve/warm.js';
import { loadConfig } from '../src/config.js';
import { parseFlags, startupProblem, UsageError } from '../src/entry.js';
import { loadCorpus } from '../src/corpus/index.js';
import type { Corpus } from '../src/corpus/types.js';
import { createEngine } from '../src/serve/engine.js';
import { buildIndex } from '../src/index/build/build.js';
import type { DossierIndex } from '../src/index/model.js';
import { createLogger } from '../src/log.js';
import { answerOurs, topCitations } from './answer.js';
import { measureColdStart, type ColdStart } from './coldstart.js';
import { BENCH_CACHE, ensureBenchCorpus } from './corpus.js';
import { BENCH_TOKEN, runE2e, startFake, type E2eResult } from './e2e.js';
import { reindexUnderLoad, type EventLoopResult } from './eventloop.js';
import type { AddUrlResult } from './add-url.js';
import type { ChangeResult } from './changes.js';
import { runChangeFigures, type ChangeFigures } from './changes-run.js';
import { cliOneShot, type OneShotResult } from './cli-oneshot.js';
import type { ChurnResult } from './churn.js';
import type { FeedLoadResult } from './feed-load.js';
import { judgeChangeGoals, sizeLabel } from './goals-19.js';
import { propertyCheck, type PropertyResult } from './property.js';
import { ingestSectionOf, withIngestSection } from './ingest.js';
import { buildFlexsearch, buildRawMinisearch, type Peer } from './peers.js';
import { createProgress, type BenchProgress } from './progress.js';
import { exerciseOn, oursAlone, servedForm, type AloneLatency } from './served-form.js';
import { buildQuerySet, LATENCY_KINDS, typoRecall, type BenchQuery, type LatencyKind } from './queries.js';
import { renderMarkdown, renderTable } from './report.js';
import { heapAfterGc, latencyOf, MB, round, tick, watchGc, type Latency } from './stats.js';
import { loadPersist, type BenchStore } from './store-api.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEED_CORPUS = path.join(ROOT, 'test/fixtures/seed-corpus');
export const DOCS_FILE = path.join(ROOT, 'docs', 'benchmarks.md');

export interface Machine {
  /** 1-minute load average at the start and the end of the run (other work on the machine skews figures). */
  loadAverage: { start: number; end: number };
  cpu: string;
  cores: number;
  ramGB: number;
  os: string;
  node: string;
  date: string;
  gcExposed: boolean;
}

export interface SizeResult {
  paragraphs: number;
  corpus: 'seed' | 'bench';
  articles: number;
  /** Paragraphs that repeat earlier text with new ids (the bench corpus cycles its sources). */
  cycledParagraphs: number;
  ingestMs: number;
  indexMs: number;
  /**
   * The answer tables built ahead (warm.ts), as the store does before an index serves: the latency
   * figures are for an index in that state, the one the bot answers from.
   */
  warmMs: number;
  /** Ingestion + index build: files → an index (before the answer tables are built). */
  buildMs: number;
  paragraphsPerSecond: number;
  /**
   * Heap of a process serving the index: the cold-start child after its store is open and a GC (from
   * the saved index; from its own rebuild when there is none). That is what the bot holds.
   */
  heapMB: number | null;
  /** Heap in the bench process right after `buildIndex` (a freshly built index, bench modules included). */
  buildHeapMB: number;
  heapBeforeBuildMB: number;
  savedIndexMB: number | null;
  saveMs: number | null;
  /** Spawn → ready to answer, from the saved index. */
  coldStartMs: number | null;
  /** Spawn → ready to answer, with no saved index (start-up rebuilds and saves it). */
  rebuildMs: number | null;
  coldStart: { saved: ColdStart | null; rebuild: ColdStart | null };
  eventLoopMaxMs: number | null;
  eventLoop: EventLoopResult | null;
  /** One article added, replaced, then removed, and a reindex with one changed file (issue #19). */
  changes: ChangeResult | null;
  /** One page added by link from a local server, then removed (issue #19). */
  addUrl: AddUrlResult | null;
  /** A feed's 20 items staged and indexed under the question stream (issue #19). */
  feedLoad: FeedLoadResult | null;
  /** The heap after many changes vs a fresh build's (issue #19; at 10k and in --quick). */
  churn: ChurnResult | null;
  /** Random changes vs a full rebuild of the folder (issue #19; at 10k and in --quick). */
  property: PropertyResult | null;
  /** A one-shot CLI add-article against build-index --force (issue #19; bench corpora only). */
  oneShot: OneShotResult | null;
  typoRecall: { ours: number; minisearch: number; flexsearch: number; oursWho: number; queries: number };
  latency: Record<LatencyKind, Latency> & {
    rawMinisearch: Record<LatencyKind, Latency>;
    flexsearch: Record<LatencyKind, Latency>;
  };
  /** Ours alone on the fresh in-process build (the latency table is on the served form: served-form.ts). */
  freshLatency?: AloneLatency;
  /** Our p99 / FlexSearch's p99, per kind. */
  p99RatioVsFlexsearch: Record<LatencyKind, number>;
  /** Share of queries per kind that found nothing (ours: no answer and no citation; autocomplete: no choice). */
  emptyShare: Record<'ours' | 'rawMinisearch' | 'flexsearch', Record<LatencyKind, number>>;
  /**
   * Our slowest queries per kind (for tuning); `gc`: a garbage-collection pause fell inside it;
   * `waitedMs`: how long this thread waited for a CPU inside it (when at least PREEMPTED_MS).
   */
  slowest: Record<LatencyKind, { text: string; ms: number; gc?: boolean; waitedMs?: number }[]>;
  /**
   * Our samples per kind that a garbage-collection pause of the bench process fell inside (caused
   * by any engine's garbage), and our p99 without them: how much of the tail is GC, not the query.
   */
  gcInSamples: Record<
    LatencyKind,
    {
      samples: number;
      p99WithoutMs: number;
      /**
       * Of the others, those in which this thread waited for a CPU (Linux schedstat; on 2 cores the
       * GC threads of other engines' garbage take it), and the p99 without those too.
       */
      preempted?: number;
      p99UnhinderedMs?: number;
    }
  >;
  samplesPerKind: number;
  peers: {
    rawMinisearch: { buildMs: number; heapMB: number };
    flexsearch: { buildMs: number; heapMB: number };
  };
  e2e: E2eResult | null;
  notes: string[];
  wallMs: number;
}

export interface Goal {
  goal: string;
  target: string;
  value: string;
  met: boolean | null;
}

export interface BenchResult {
  machine: Machine;
  quick: boolean;
  seed: number;
  totalMs: number;
  goals: Goal[];
  sizes: SizeResult[];
}

interface Args {
  quick: boolean;
  json: boolean;
  write: boolean | undefined;
  sizes: (number | 'seed')[];
  seed: number;
  perKind: number;
  /** Changes for the heap check (issue #19). */
  churn: number;
  /** The largest bench size of the run (the heap and property checks run at 10k, or at it when smaller). */
  largest: number;
}

const FLAGS = {
  quick: { type: 'boolean' },
  json: { type: 'boolean' },
  write: { type: 'boolean' },
  'no-write': { type: 'boolean' },
  sizes: { type: 'string' },
  seed: { type: 'string' },
  'per-kind': { type: 'string' },
  churn: { type: 'string' },
} as const;

/** A sample in which this thread waited at least this long for a CPU counts as preempted. */
const PREEMPTED_MS = 0.05;

/**
 * How long this thread has waited, runnable, for a CPU (ns; Linux's /proc/thread-self/schedstat),
 * or undefined where that is not readable.
 */
function cpuWaitNs(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** A whole number flag, or a UsageError naming it. */
function whole(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name}: "${value}" is not a whole number.`);
  return n;
}

function parseArgs(argv: string[]): Args {
  const { values } = parseFlags({ args: argv, options: FLAGS });
  const quick = values.quick ?? false;
  const sizes = (values.sizes ?? (quick ? '1000' : 'seed,1000,10000,100000'))
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .map((s) => {
      if (s === 'seed') return 'seed' as const;
      const n = Number(s.replace(/k$/, '000'));
      if (!Number.isInteger(n) || n < 1)
        throw new UsageError(`--sizes: "${s}" is not a size (seed, 1000, 10k, …)`);
      return n;
    });
  return {
    quick,
    json: values.json ?? false,
    write: values.write ? true : values['no-write'] ? false : undefined,
    sizes,
    seed: whole('seed', values.seed, 7),
    perKind: whole('per-kind', values['per-kind'], quick ? 20 : 120),
    churn: whole('churn', values.churn, quick ? 100 : 1000),
    largest: Math.max(0, ...sizes.filter((s) => s !== 'seed')),
  };
}

function machine(loadAtStart: number): Machine {
  const cpus = os.cpus();
  return {
    loadAverage: { start: round(loadAtStart, 2), end: round(os.loadavg()[0] ?? 0, 2) },
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGB: round(os.totalmem() / 1024 ** 3, 1),
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    node: process.version,
    date: new Date().toISOString(),
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
  };
}

/** Collects the store's log lines (level ≥ info) so the report can say what start-up did. */
function captureLog(phase: () => string) {
  const lines: {
    level: number;
    msg: string;
    reason?: string;
    route?: string;
    retryAfter?: number;
    phase: string;
  }[] = [];
  const log = createLogger({
    level: 'info',
    secrets: [BENCH_TOKEN],
    destination: {
      write(line: string) {
        try {
          const l = JSON.parse(line) as {
            level: number;
            msg: string;
            reason?: string;
            route?: string;
            retryAfter?: number;
          };
          if (lines.length < 500) lines.push({ ...l, phase: phase() });
        } catch {
          /* not JSON: ignore */
        }
      },
    },
  });
  return { log, lines };
}

const WEIGHTS = { build: 30, peers: 10, latency: 25, typo: 5, cold: 10, e2e: 10, eventLoop: 10 };
const TOTAL_WEIGHT = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);

async function benchSize(size: number | 'seed', args: Args, progress: BenchProgress): Promise<SizeResult> {
  const wallStart = performance.now();
  const notes: string[] = [];
  let base = 0;
  let phase = 'corpus';
  const step = (weight: number, now: string, frac = 0) => {
    phase = now.replace(/\s+\d+\/\d+$/, '');
    progress.update(base + weight * frac, now);
  };
  const done = (weight: number) => {
    base += weight;
  };

  // --- the corpus ------------------------------------------------------------------------------
  progress.update(0, 'corpus');
  const meta = size === 'seed' ? { dir: SEED_CORPUS, cycledParagraphs: 0 } : ensureBenchCorpus(size);
  const dir = meta.dir;

  // --- ingestion + build -----------------------------------------------------------------------
  step(WEIGHTS.build, 'ingesting');
  const heapBefore = heapAfterGc().mb;
  const t0 = performance.now();
  let corpus: Corpus | undefined = await loadCorpus(dir);
  const t1 = performance.now();
  step(WEIGHTS.build, 'building the index', 0.35);
  await tick();
  let index: DossierIndex | undefined = buildIndex(corpus);
  const t2 = performance.now();
  const articles = corpus.articles.length;
  corpus = undefined; // the index holds what it needs
  void corpus;
  const heap = heapAfterGc().mb;
  const paragraphs = index.paragraphs.length;
  // The store builds the answer tables before an index serves (openIndexStore, reindex): so does the
  // bench, or every latency below would include the slower paths an unwarmed index falls back to.
  step(WEIGHTS.build, 'building the answer tables', 0.9);
  await warmAnswerTables(index, { exercise: true });
  const warm = 3;
  const set = buildQuerySet(index, {
    seed: args.seed,
    perKind: args.perKind + warm,
    typos: args.quick ? 30 : 80,
  });
  // Our latency on the fresh build, alone (what an in-process build answers from: served-form.ts).
  step(WEIGHTS.build, 'timing the fresh build', 0.93);
  const freshLatency = await oursAlone(index, set, warm);
  // From here on, the index as the bot serves it: decoded from the saved form (served-form.ts).
  step(WEIGHTS.build, 'decoding the saved form', 0.95);
  index = await servedForm(index);
  heapAfterGc();
  const w0 = performance.now();
  await warmAnswerTables(index, { exercise: true }); // as the store does for a serving process
  const warmMs = performance.now() - w0;
  // The exercise runs once per process, and here it ran on the fresh form: run its questions on the
  // served form too, as the bot's process (which only ever holds that form) has at start.
  exerciseOn(index);
  done(WEIGHTS.build);

  // --- the peers -------------------------------------------------------------------------------
  step(WEIGHTS.peers, 'building raw MiniSearch', 0.1);
  await tick();
  let h = heapAfterGc().mb;
  let raw: Peer | undefined;
  let flex: Peer | undefined;
  // Only the figures are kept past the latency and recall runs: the peers themselves are let go
  // (below) so they do not weigh on the garbage collector during the end-to-end and reindex runs.
  const rawBuildMs = await buildRawMinisearch(index.paragraphs).then((b) => {
    raw = b.peer;
    return b.buildMs;
  });
  const rawHeap = round(heapAfterGc().mb - h, 1);
  step(WEIGHTS.peers, 'building FlexSearch', 0.65);
  h = heapAfterGc().mb;
  const flexBuildMs = await buildFlexsearch(index.paragraphs).then((b) => {
    flex = b.peer;
    return b.buildMs;
  });
  const flexHeap = round(heapAfterGc().mb - h, 1);
  done(WEIGHTS.peers);

  // --- latency per kind: ours, raw MiniSearch, FlexSearch, interleaved query by query ------------
  const samples = {
    ours: {} as Record<LatencyKind, number[]>,
    rawMinisearch: {} as Record<LatencyKind, number[]>,
    flexsearch: {} as Record<LatencyKind, number[]>,
  };
  const slow: SizeResult['slowest'] = {} as never;
  // GC pauses of this process while the latency runs, to tell a slow query from a collection.
  const gcWatch = watchGc();
  const ourSpans = {} as Record<
    LatencyKind,
    { start: number; ms: number; text: string; waitedMs: number | undefined }[]
  >;
  const empties = {
    ours: {} as Record<LatencyKind, number>,
    rawMinisearch: {} as Record<LatencyKind, number>,
    flexsearch: {} as Record<LatencyKind, number>,
  };
  const totalQueries = LATENCY_KINDS.reduce((n, k) => n + set.queries[k].length, 0);
  let ran = 0;
  // Cleared with `index` below: the closures here keep this binding (not the value) alive.
  let ix: DossierIndex | undefined = index;
  const peerMode = (q: BenchQuery) => (q.kind === 'autocomplete' ? 'prefix' : 'plain') as 'prefix' | 'plain';
  for (const kind of LATENCY_KINDS) {
    samples.ours[kind] = [];
    samples.rawMinisearch[kind] = [];
    samples.flexsearch[kind] = [];
    empties.ours[kind] = empties.rawMinisearch[kind] = empties.flexsearch[kind] = 0;
    slow[kind] = [];
    ourSpans[kind] = [];
    const qs = set.queries[kind];
    for (let i = 0; i < qs.length; i++) {
      const q = qs[i]!;
      const runs: [keyof typeof samples, () => unknown][] = [
        ['ours', () => answerOurs(ix!, q)],
        ['rawMinisearch', () => raw!.search(q.text, peerMode(q))],
        ['flexsearch', () => flex!.search(q.text, peerMode(q))],
      ];
      // Rotate the order so no engine always runs right after another one's garbage.
      for (let r = 0; r < runs.length; r++) {
        const [who, fn] = runs[(r + i) % runs.length]!;
        const waitedBefore = who === 'ours' ? cpuWaitNs() : undefined;
        const t = performance.now();
        const out = fn();
        const ms = performance.now() - t;
        const waitedMs = waitedBefore === undefined ? undefined : (cpuWaitNs()! - waitedBefore) / 1e6;
        if (i < warm) continue; // the first few per kind warm up (JIT, lazily built tables)
        samples[who][kind].push(ms);
        if (isEmpty(out)) empties[who][kind]++;
        if (who === 'ours') ourSpans[kind].push({ start: t, ms, text: q.text, waitedMs });
      }
      ran++;
      if (ran % 5 === 0) {
        step(WEIGHTS.latency, `latency ${kind} ${ran}/${totalQueries}`, ran / totalQueries);
        await tick();
      }
    }
  }
  const gcInside = await gcWatch.stop();
  const gcInSamples = {} as SizeResult['gcInSamples'];
  for (const kind of LATENCY_KINDS) {
    const spans = ourSpans[kind];
    const preempted = (s: (typeof spans)[number]) => (s.waitedMs ?? 0) >= PREEMPTED_MS;
    slow[kind] = spans
      .map((s) => ({
        text: s.text,
        ms: round(s.ms, 1),
        ...(gcInside(s.start, s.ms) ? { gc: true } : {}),
        ...(preempted(s) ? { waitedMs: round(s.waitedMs!, 2) } : {}),
      }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5);
    const clean = spans.filter((s) => !gcInside(s.start, s.ms));
    const unhindered = clean.filter((s) => !preempted(s));
    gcInSamples[kind] = {
      samples: spans.length - clean.length,
      p99WithoutMs: latencyOf(clean.map((s) => s.ms)).p99Ms,
      ...(spans.some((s) => s.waitedMs !== undefined)
        ? {
            preempted: clean.length - unhindered.length,
            p99UnhinderedMs: latencyOf(unhindered.map((s) => s.ms)).p99Ms,
          }
        : {}),
    };
  }
  done(WEIGHTS.latency);
  const perKind = (s: Record<LatencyKind, number[]>) =>
    Object.fromEntries(LATENCY_KINDS.map((k) => [k, latencyOf(s[k])])) as Record<LatencyKind, Latency>;
  const latency = {
    ...perKind(samples.ours),
    rawMinisearch: perKind(samples.rawMinisearch),
    flexsearch: perKind(samples.flexsearch),
  };
  const emptyShare = Object.fromEntries(
    (['ours', 'rawMinisearch', 'flexsearch'] as const).map((e) => [
      e,
      Object.fromEntries(
        LATENCY_KINDS.map((k) => [k, round(empties[e][k] / Math.max(1, samples[e][k].length), 2)]),
      ),
    ]),
  ) as SizeResult['emptyShare'];
  const ratios = Object.fromEntries(
    LATENCY_KINDS.map((k) => [k, round(latency[k].p99Ms / Math.max(latency.flexsearch[k].p99Ms, 0.01), 2)]),
  ) as Record<LatencyKind, number>;

  // --- typo recall@10 --------------------------------------------------------------------------
  step(WEIGHTS.typo, 'typo recall');
  await tick();
  const typos = set.typos;
  const recallOurs = typoRecall(typos, (q) => topCitations(ix!, 'search', q.query, 10));
  const recallWho = typoRecall(typos, (q) => topCitations(ix!, 'who', q.query, 3));
  const recallRaw = typoRecall(typos, (q) =>
    raw!
      .search(q.query, 'typo')
      .slice(0, 10)
      .map((p) => [p]),
  );
  const recallFlex = typoRecall(typos, (q) =>
    flex!
      .search(q.query, 'typo')
      .slice(0, 10)
      .map((p) => [p]),
  );
  done(WEIGHTS.typo);
  raw = undefined;
  flex = undefined;
  void raw;
  void flex;

  // A question for the cold-start children and the interaction mix for the end-to-end run.
  const coldQuestion = set.queries.ask[warm]?.text ?? 'Who is there?';
  const mix: BenchQuery[] = [];
  for (let i = warm; mix.length < 400; i++) {
    let added = false;
    for (const k of LATENCY_KINDS) {
      const q = set.queries[k][i];
      if (q) {
        mix.push(q);
        added = true;
      }
    }
    if (!added) break;
  }
  const loadQueries = mix.slice();

  // --- the saved index (its size and the time to write it, from the bench process) ------------------
  const persist = await loadPersist();
  const indexDir = path.join(BENCH_CACHE, 'index');
  const indexFile = path.join(indexDir, `${size === 'seed' ? 'seed' : `corpus-${size}`}.dossier-index`);
  let saved: { bytes: number; ms: number } | null = null;
  if (persist) {
    step(WEIGHTS.cold, 'saving the index');
    await mkdir(indexDir, { recursive: true });
    saved = await persist.saveIndex(index, indexFile, await persist.corpusHash(dir), dir);
  } else {
    notes.push('the saved index module is not there yet: no saved index, no cold start from it.');
  }

  // Let the index go before the children and the engine (each holds its own).
  index = undefined;
  ix = undefined;
  void index;
  void ix;
  heapAfterGc();

  // --- cold start ------------------------------------------------------------------------------
  // First a start with no saved index: the child's store builds the index and saves it, as start-up
  // does. Then a start from that file — the one the real store wrote, with the build code as it is
  // now (other work may edit the code during a long run, which makes an older file stale).
  let rebuild: ColdStart | null = null;
  let fromSaved: ColdStart | null = null;
  let savedNotUsed = false;
  step(WEIGHTS.cold, 'cold start (rebuild)', 0.1);
  const tmpFile = path.join(indexDir, `rebuild-${process.pid}.dossier-index`);
  await mkdir(indexDir, { recursive: true });
  try {
    rebuild = await measureColdStart({ corpusDir: dir, indexFile: tmpFile, question: coldQuestion });
    if (persist) {
      await rename(tmpFile, indexFile);
      // Its work file goes with it (or goes: the saved index's own is then stale).
      await rename(tmpFile + '.work', indexFile + '.work').catch(() =>
        rm(indexFile + '.work', { force: true }),
      );
    }
  } catch (err) {
    notes.push(`cold start (rebuild) failed: ${String(err).slice(0, 300)}`);
  } finally {
    for (const suffix of ['', '.changes', '.work']) await rm(tmpFile + suffix, { force: true });
  }
  if (persist) {
    step(WEIGHTS.cold, 'cold start (saved index)', 0.8);
    try {
      fromSaved = await measureColdStart({ corpusDir: dir, indexFile, question: coldQuestion });
      if (
        !fromSaved.logs.some((l) => /load/i.test(l)) ||
        fromSaved.logs.some((l) => /rebuil|index built/i.test(l))
      ) {
        notes.push(
          `cold start with a saved index did not load it (the store said ${JSON.stringify(fromSaved.logs)}; “stale” means the corpus or the build code changed after it was saved): reported as not measured.`,
        );
        savedNotUsed = true;
      }
    } catch (err) {
      notes.push(`cold start (saved index) failed: ${String(err).slice(0, 300)}`);
    }
  }
  done(WEIGHTS.cold);

  // --- end to end through the fake Discord, then a reindex under load ----------------------------
  step(WEIGHTS.e2e, 'starting the bot');
  const fake = await startFake();
  const { log, lines } = captureLog(() => phase);
  let e2e: E2eResult | null = null;
  let eventLoop: EventLoopResult | null = null;
  let figures: ChangeFigures = { changes: null, addUrl: null, feedLoad: null, churn: null };
  let property: PropertyResult | null = null;
  // The checks that take many changes run at 10k (and at the largest size when that is smaller).
  const manyChanges = size !== 'seed' && (size === 10_000 || (size < 10_000 && size === args.largest));
  let engine: Awaited<ReturnType<typeof createEngine>> | undefined;
  try {
    const config = loadConfig({
      DISCORD_TOKEN: BENCH_TOKEN,
      DISCORD_API_URL: fake.api,
      CORPUS_DIR: dir,
      LOG_LEVEL: 'silent',
      COOLDOWN_SECONDS: '0',
      ...(persist ? { INDEX_FILE: indexFile } : {}),
    });
    engine = await createEngine(config, log);
    e2e = await runE2e(engine, log, fake, mix, {
      interactions: args.quick ? 60 : 300,
      concurrency: 8,
      onProgress: (d, t) => {
        if (d % 10 === 0) step(WEIGHTS.e2e, `interactions ${d}/${t}`, d / t);
      },
    });
    if (e2e.failed) {
      notes.push(
        `${e2e.failed} of ${e2e.interactions} interactions were not answered: ${e2e.failures.join('; ')}`,
      );
    }
  } catch (err) {
    notes.push(`end-to-end run failed: ${String(err).slice(0, 300)}`);
  } finally {
    await fake.close().catch(() => undefined);
  }
  done(WEIGHTS.e2e);
  if (engine) {
    step(WEIGHTS.eventLoop, 'reindex under load');
    const store = engine.store as BenchStore;
    try {
      eventLoop = await reindexUnderLoad(store, loadQueries, {
        baselineMs: args.quick ? 1_000 : 3_000,
        onProgress: (p) =>
          step(WEIGHTS.eventLoop, `reindex ${p.phase} ${p.done}/${p.total}`, p.total ? p.done / p.total : 0),
      });
      if (eventLoop.phases.length === 0) {
        notes.push('The store reported no reindex progress.');
      }
    } catch (err) {
      notes.push(`reindex under load failed: ${String(err).slice(0, 300)}`);
    }
    const fresh = manyChanges ? heapAfterGc() : undefined; // the fresh build serving
    figures = await runChangeFigures(store, {
      queries: loadQueries,
      baselineMs: args.quick ? 1_000 : 3_000,
      ...(fresh ? { heap: { fresh, changes: args.churn } } : {}),
      step: (what) => step(WEIGHTS.eventLoop, what, 0.9),
      notes,
    });
    await store.close?.();
  }
  if (manyChanges) {
    const n = args.quick ? 50 : 200;
    step(WEIGHTS.eventLoop, 'random changes vs a rebuild', 0.95);
    try {
      property = await propertyCheck(dir, log, {
        changes: n,
        seed: args.seed,
        onProgress: (d) => step(WEIGHTS.eventLoop, `random changes ${d}/${n}`, 0.95),
      });
    } catch (err) {
      notes.push(`the property check failed: ${String(err).slice(0, 300)}`);
    }
  }
  let oneShot: OneShotResult | null = null;
  if (size !== 'seed') {
    step(WEIGHTS.eventLoop, 'one-shot CLI add-article vs build-index --force', 0.97);
    try {
      oneShot = await cliOneShot(dir, BENCH_CACHE);
    } catch (err) {
      notes.push(`the one-shot CLI measurement failed: ${String(err).slice(0, 300)}`);
    }
  }
  // discord.js reports its own shutdown as "reconnecting": only a second gateway connection is one.
  const reconnected = (e2e?.gatewayConnections ?? 1) > 1;
  const worth = (l: { level: number; msg: string }) =>
    l.level >= 40 && (reconnected || l.msg !== 'gateway reconnecting');
  if (reconnected) notes.push(`the bot reconnected to the gateway: ${e2e!.gatewayCloses.join('; ')}`);
  // The same message once, with how often it came and the routes it named.
  const grouped = new Map<string, { n: number; detail: Set<string> }>();
  for (const l of lines.filter(worth)) {
    const key = `${l.msg} (during ${l.phase})`;
    const g = grouped.get(key) ?? { n: 0, detail: new Set<string>() };
    g.n++;
    const detail = [l.reason, l.route && `${l.route}${l.retryAfter ? ` retry after ${l.retryAfter} ms` : ''}`]
      .filter(Boolean)
      .join(' ');
    if (detail && g.detail.size < 3) g.detail.add(detail);
    grouped.set(key, g);
  }
  for (const [key, g] of [...grouped].slice(0, 5)) {
    notes.push(
      `log: ${key}${g.n > 1 ? ` ×${g.n}` : ''}${g.detail.size ? `: ${[...g.detail].join('; ')}` : ''}`,
    );
  }
  done(WEIGHTS.eventLoop);

  const buildMs = t2 - t0;
  return {
    paragraphs,
    corpus: size === 'seed' ? 'seed' : 'bench',
    articles,
    cycledParagraphs: meta.cycledParagraphs,
    ingestMs: Math.round(t1 - t0),
    indexMs: Math.round(t2 - t1),
    warmMs: Math.round(warmMs),
    buildMs: Math.round(buildMs),
    paragraphsPerSecond: Math.round((paragraphs / buildMs) * 1000),
    heapMB: (fromSaved && !savedNotUsed ? fromSaved.heapMB : rebuild?.heapMB) ?? null,
    buildHeapMB: heap,
    heapBeforeBuildMB: heapBefore,
    savedIndexMB: saved ? round(saved.bytes / MB, 1) : null,
    saveMs: saved ? Math.round(saved.ms) : null,
    coldStartMs: fromSaved && !savedNotUsed ? Math.round(fromSaved.wallMs) : null,
    rebuildMs: rebuild ? Math.round(rebuild.wallMs) : null,
    coldStart: { saved: roundCold(fromSaved), rebuild: roundCold(rebuild) },
    eventLoopMaxMs: eventLoop ? eventLoop.maxMs : null,
    eventLoop,
    ...figures,
    property,
    oneShot,
    typoRecall: {
      ours: round(recallOurs, 3),
      minisearch: round(recallRaw, 3),
      flexsearch: round(recallFlex, 3),
      oursWho: round(recallWho, 3),
      queries: typos.length,
    },
    latency,
    freshLatency,
    p99RatioVsFlexsearch: ratios,
    emptyShare,
    slowest: slow,
    gcInSamples,
    samplesPerKind: Math.max(0, ...LATENCY_KINDS.map((k) => samples.ours[k].length)),
    peers: {
      rawMinisearch: { buildMs: Math.round(rawBuildMs), heapMB: rawHeap },
      flexsearch: { buildMs: Math.round(flexBuildMs), heapMB: flexHeap },
    },
    e2e,
    notes,
    wallMs: Math.round(performance.now() - wallStart),
  };
}

function roundCold(c: ColdStart | null): ColdStart | null {
  if (!c) return null;
  return {
    ...c,
    wallMs: Math.round(c.wallMs),
    readyAtMs: Math.round(c.readyAtMs),
    startupMs: Math.round(c.startupMs),
    importMs: Math.round(c.importMs),
    openMs: Math.round(c.openMs),
    firstAnswerMs: round(c.firstAnswerMs, 1),
  };
}

/** An answer with neither an answer line nor a citation, an empty choice list, or no hits. */
function isEmpty(out: unknown): boolean {
  if (Array.isArray(out)) return out.length === 0;
  const a = out as { text?: string | null; citations?: unknown[] } | null;
  return !a || (!a.text && (a.citations?.length ?? 0) === 0);
}

const GOAL_KINDS: LatencyKind[] = ['who', 'when', 'ask', 'search', 'autocomplete'];

/** The goals of issue #5, judged at 100k paragraphs (or the largest bench size run) and on the seed corpus. */
export function judgeGoals(sizes: SizeResult[]): Goal[] {
  const goals: Goal[] = [];
  const bench = sizes.filter((s) => s.corpus === 'bench').sort((a, b) => b.paragraphs - a.paragraphs);
  const big = bench[0];
  if (big) {
    const at = sizeLabel(big.paragraphs);
    for (const k of GOAL_KINDS) {
      const ours = big.latency[k].p99Ms;
      const flex = big.latency.flexsearch[k].p99Ms;
      goals.push({
        goal: `${k} p99 ≤ 1.5× FlexSearch p99${at}`,
        target: `≤ ${round(1.5 * flex, 1)} ms`,
        value: `${ours} ms (${big.p99RatioVsFlexsearch[k]}×)`,
        met: ours <= 1.5 * flex,
      });
    }
    goals.push({
      goal: `typo recall@10 ≥ 0.8${at}`,
      target: '≥ 0.8',
      value: String(big.typoRecall.ours),
      met: big.typoRecall.ours >= 0.8,
    });
    goals.push({
      goal: `event-loop delay max during a reindex under load < 50 ms${at}`,
      target: '< 50 ms',
      value: big.eventLoopMaxMs === null ? 'not measured' : `${big.eventLoopMaxMs} ms`,
      met: big.eventLoopMaxMs === null ? null : big.eventLoopMaxMs < 50,
    });
    goals.push(...judgeChangeGoals(big, bench));
    goals.push({
      goal: `cold start from the saved index ≤ 1/4 of a rebuild${at}`,
      target: big.rebuildMs === null ? '≤ rebuild / 4' : `≤ ${Math.round(big.rebuildMs / 4)} ms`,
      value:
        big.coldStartMs === null
          ? 'not measured (see the notes)'
          : `${big.coldStartMs} ms vs ${big.rebuildMs} ms`,
      met: big.coldStartMs === null || big.rebuildMs === null ? null : big.coldStartMs <= big.rebuildMs / 4,
    });
    goals.push({
      goal: `cold start from the saved index ≤ 2 s${at}`,
      target: '≤ 2000 ms',
      value: big.coldStartMs === null ? 'not measured (see the notes)' : `${big.coldStartMs} ms`,
      met: big.coldStartMs === null ? null : big.coldStartMs <= 2000,
    });
    goals.push({
      goal: `heap of the process serving the index ≤ 300 MB${at}`,
      target: '≤ 300 MB',
      value:
        big.heapMB === null
          ? 'not measured'
          : `${big.heapMB} MB (${big.buildHeapMB} MB in the bench process right after buildIndex)`,
      met: big.heapMB === null ? null : big.heapMB <= 300,
    });
  }
  const seed = sizes.find((s) => s.corpus === 'seed');
  if (seed) {
    const cold = seed.coldStartMs ?? seed.rebuildMs;
    goals.push({
      goal: 'seed corpus: cold start < 1 s',
      target: '< 1000 ms',
      value:
        cold === null
          ? 'not measured'
          : `${cold} ms${seed.coldStartMs === null ? ' (rebuild; no saved index)' : ''}`,
      met: cold === null ? null : cold < 1000,
    });
    const worst = Math.max(...LATENCY_KINDS.map((k) => seed.latency[k].p99Ms));
    const kind = LATENCY_KINDS.find((k) => seed.latency[k].p99Ms === worst);
    goals.push({
      goal: 'seed corpus: answer p99 < 2 ms (every kind)',
      target: '< 2 ms',
      value: `worst ${worst} ms (${kind})`,
      met: worst < 2,
    });
  }
  return goals;
}

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const progress = createProgress();
  const started = performance.now();
  const loadAtStart = os.loadavg()[0] ?? 0;
  const sizes: SizeResult[] = [];
  for (const size of args.sizes) {
    const label = size === 'seed' ? 'seed' : size >= 1000 ? `${size / 1000}k` : String(size);
    progress.start(label, TOTAL_WEIGHT);
    sizes.push(await benchSize(size, args, progress));
    progress.update(TOTAL_WEIGHT, 'done');
    progress.stop();
  }
  const result: BenchResult = {
    machine: machine(loadAtStart),
    quick: args.quick,
    seed: args.seed,
    totalMs: Math.round(performance.now() - started),
    goals: judgeGoals(sizes),
    sizes,
  };
  await mkdir(BENCH_CACHE, { recursive: true });
  const jsonFile = path.join(BENCH_CACHE, args.quick ? 'quick.json' : 'last.json');
  await writeFile(jsonFile, JSON.stringify(result, null, 2) + '\n');
  const writeDocs = args.write ?? !args.quick;
  if (writeDocs) {
    // The ingestion section belongs to `npm run bench:ingest`; keep it.
    const kept = existsSync(DOCS_FILE) ? ingestSectionOf(readFileSync(DOCS_FILE, 'utf8')) : '';
    const doc = renderMarkdown(result);
    await writeFile(DOCS_FILE, kept ? withIngestSection(doc, kept) : doc);
  }
  if (args.json) {
    process.stdout.write(JSON.stringify(result) + '\n');
  } else {
    process.stdout.write(renderTable(result) + '\n');
    process.stdout.write(
      `\nResults: ${path.relative(ROOT, jsonFile)}${writeDocs ? `, ${path.relative(ROOT, DOCS_FILE)}` : ''}\n`,
    );
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (err: unknown) => {
      // A bad flag or setting: one line. Anything else is a failure worth its stack.
      const problem = startupProblem(err);
      process.stderr.write(
        problem
          ? `${problem.line}\n`
          : `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exit(problem?.exitCode ?? 1);
    },
  );
}
