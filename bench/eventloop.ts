/**
 * Event-loop delay while a full reindex runs and questions keep arriving: a question every few ms
 * (answered through the real answer functions on whatever index is serving), measured with
 * perf_hooks' monitorEventLoopDelay. A baseline window with the same questions and no reindex says
 * how much of the delay is the answers themselves.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { answerOurs } from './answer.js';
import type { BenchQuery } from './queries.js';
import { latencyOf, round } from './stats.js';
import type { BenchStore, Progress } from './store-api.js';

export interface EventLoopResult {
  /** During the reindex. */
  maxMs: number;
  p99Ms: number;
  /** Same question stream, no reindex. */
  baselineMaxMs: number;
  baselineP99Ms: number;
  reindexMs: number;
  /** Questions answered while the reindex ran, and their latency. */
  questions: number;
  answerP50Ms: number;
  answerP99Ms: number;
  intervalMs: number;
  resolutionMs: number;
  /** The store's progress phases seen (worker reindex reports them). */
  phases: string[];
}

const RESOLUTION_MS = 10;

function questionStream(store: BenchStore, queries: BenchQuery[], intervalMs: number) {
  const latencies: number[] = [];
  let i = 0;
  const timer = setInterval(() => {
    const q = queries[i++ % queries.length]!;
    const t = performance.now();
    answerOurs(store.current(), q);
    latencies.push(performance.now() - t);
  }, intervalMs);
  return {
    latencies,
    stop: () => clearInterval(timer),
  };
}

const ms = (ns: number) => round(ns / 1e6, 1);

export async function reindexUnderLoad(
  store: BenchStore,
  queries: BenchQuery[],
  opts: { intervalMs?: number; baselineMs?: number; onProgress?: (p: Progress) => void } = {},
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

  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const phases: string[] = [];
  const stream = questionStream(store, queries, intervalMs);
  h.enable();
  const started = performance.now();
  let reindexMs = 0;
  try {
    await store.reindex({
      onProgress: (p) => {
        if (!phases.includes(p.phase)) phases.push(p.phase);
        opts.onProgress?.(p);
      },
    });
  } finally {
    // A stall that ends with the reindex is only recorded when the loop next runs its timers: let it.
    reindexMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, 5 * RESOLUTION_MS));
    h.disable();
    stream.stop();
  }
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
  };
}
