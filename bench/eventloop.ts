/**
 * Event-loop delay while a store operation runs and questions keep arriving — a full reindex
 * (`reindexUnderLoad`), or any other (`underLoad`: a feed's poll) — with a question every few ms
 * (answered through the real answer functions on whatever index is serving), measured with
 * perf_hooks' monitorEventLoopDelay. A baseline window with the same questions and no operation says
 * how much of the delay is the answers themselves.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { answerOurs } from './answer.js';
import type { BenchQuery } from './queries.js';
import { latencyOf, round } from './stats.js';
import type { BenchStore, Progress } from './store-api.js';

export interface EventLoopResult {
  /** During the reindex (or the operation `underLoad` ran). */
  maxMs: number;
  p99Ms: number;
  /** Same question stream, no reindex. */
  baselineMaxMs: number;
  baselineP99Ms: number;
  /** How long the reindex (the operation) took. */
  reindexMs: number;
  /** Questions answered while the reindex ran, and their latency. */
  questions: number;
  answerP50Ms: number;
  answerP99Ms: number;
  intervalMs: number;
  resolutionMs: number;
  /** The store's progress phases seen (worker reindex reports them). */
  phases: string[];
  /** The slowest answers during the reindex (the same question may be fast when the machine is idle). */
  slowestAnswers: { kind: string; text: string; ms: number }[];
  /** The slowest answers of the stream alone (what its delay comes from). */
  baselineSlowestAnswers: { kind: string; text: string; ms: number }[];
  /** The longest stalls during the reindex (> 50 ms), with what was going on. */
  stalls: Stall[];
  /** Garbage collection during the reindex (main thread's isolate): longest pause and total. */
  gcMaxMs: number;
  gcTotalMs: number;
  /** The bench process's heap (after a full GC) as the reindex starts: the old index and the rest. */
  heapAtStartMB?: number;
}

const RESOLUTION_MS = 10;

function questionStream(store: BenchStore, queries: BenchQuery[], intervalMs: number) {
  const latencies: number[] = [];
  /** [start, end] of every answer, to tell a stall caused by an answer from one caused by the reindex. */
  const spans: [number, number][] = [];
  const slowest: { kind: string; text: string; ms: number }[] = [];
  let i = 0;
  const timer = setInterval(() => {
    const q = queries[i++ % queries.length]!;
    const t = performance.now();
    answerOurs(store.current(), q);
    const end = performance.now();
    latencies.push(end - t);
    spans.push([t, end]);
    if (slowest.length < 5 || end - t > slowest.at(-1)!.ms) {
      slowest.push({ kind: q.kind, text: q.text.slice(0, 80), ms: round(end - t, 1) });
      slowest.sort((a, b) => b.ms - a.ms).splice(5);
    }
  }, intervalMs);
  return {
    latencies,
    spans,
    slowest,
    stop: () => clearInterval(timer),
  };
}

/** Time of `spans` inside [from, to]. */
function overlap(spans: readonly [number, number][], from: number, to: number): number {
  let total = 0;
  for (const [a, b] of spans) if (b > from && a < to) total += Math.min(b, to) - Math.max(a, from);
  return total;
}

export interface Stall {
  /** How long the loop did not run timers (beyond the 5 ms they were due). */
  ms: number;
  /** The reindex phase reported last before the stall ended. */
  phase: string;
  /** Of which: answering questions, and garbage collection (main thread). */
  answeringMs: number;
  gcMs: number;
}

const ms = (ns: number) => round(ns / 1e6, 1);

interface LoadOptions {
  intervalMs?: number;
  baselineMs?: number;
  onProgress?: (p: Progress) => void;
}

/** A full reindex under the question stream. */
export function reindexUnderLoad(
  store: BenchStore,
  queries: BenchQuery[],
  opts: LoadOptions = {},
): Promise<EventLoopResult> {
  return underLoad(store, queries, (onProgress) => store.reindex({ onProgress }), opts);
}

/**
 * Any store operation under the question stream (after a baseline window of the stream alone):
 * `operation` is given a progress callback to pass to the store, which names the stalls' phases.
 * The result's `reindexMs` is the operation's time.
 */
export async function underLoad(
  store: BenchStore,
  queries: BenchQuery[],
  operation: (onProgress: (p: Progress) => void) => Promise<unknown>,
  opts: LoadOptions = {},
): Promise<EventLoopResult> {
  const intervalMs = opts.intervalMs ?? 5;
  // Baseline.
  const base = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const baseStream = questionStream(store, queries, intervalMs);
  base.enable();
  await new Promise((r) => setTimeout(r, opts.baselineMs ?? 2_000));
  await new Promise((r) => setTimeout(r, 5 * RESOLUTION_MS));
  base.disable();
  baseStream.stop();

  (globalThis as { gc?: () => void }).gc?.();
  const heapAtStartMB = round(process.memoryUsage().heapUsed / 1024 / 1024, 1);
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const phases: string[] = [];
  let phase = 'starting';
  const gcs: [number, number][] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push([e.startTime, e.startTime + e.duration]);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const gaps: { at: number; ms: number; phase: string }[] = [];
  let last = performance.now();
  const gapTimer = setInterval(() => {
    const now = performance.now();
    const gap = now - last - 5;
    last = now;
    if (gap > 50) gaps.push({ at: now, ms: gap, phase });
  }, 5);
  const stream = questionStream(store, queries, intervalMs);
  h.enable();
  const started = performance.now();
  let reindexMs = 0;
  try {
    await operation((p) => {
      phase = p.phase;
      if (!phases.includes(p.phase)) phases.push(p.phase);
      opts.onProgress?.(p);
    });
  } finally {
    // A stall that ends with the reindex is only recorded when the loop next runs its timers: let it.
    reindexMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, 5 * RESOLUTION_MS));
    h.disable();
    stream.stop();
    clearInterval(gapTimer);
    gcObserver.disconnect();
  }
  const stalls = gaps
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map((g) => ({
      ms: round(g.ms, 1),
      phase: g.phase,
      answeringMs: round(overlap(stream.spans, g.at - g.ms, g.at), 1),
      gcMs: round(overlap(gcs, g.at - g.ms, g.at), 1),
    }));
  const gcDurations = gcs.filter(([a]) => a >= started).map(([a, b]) => b - a);
  const answers = latencyOf(stream.latencies);
  return {
    maxMs: ms(h.max),
    p99Ms: ms(h.percentile(99)),
    baselineMaxMs: ms(base.max),
    baselineP99Ms: ms(base.percentile(99)),
    reindexMs: Math.round(reindexMs),
    questions: stream.latencies.length,
    answerP50Ms: answers.p50Ms,
    answerP99Ms: answers.p99Ms,
    intervalMs,
    resolutionMs: RESOLUTION_MS,
    phases,
    stalls,
    slowestAnswers: stream.slowest,
    baselineSlowestAnswers: baseStream.slowest,
    gcMaxMs: round(Math.max(0, ...gcDurations), 1),
    gcTotalMs: Math.round(gcDurations.reduce((x, y) => x + y, 0)),
    heapAtStartMB,
  };
}
