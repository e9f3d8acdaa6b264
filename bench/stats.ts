/** Small numeric helpers shared by the benchmark's parts. */
import { PerformanceObserver } from 'node:perf_hooks';

/** Nearest-rank percentile of unsorted samples (ms); NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Latency {
  p50Ms: number;
  p99Ms: number;
}

export function latencyOf(samples: readonly number[]): Latency {
  return { p50Ms: round(percentile(samples, 50), 2), p99Ms: round(percentile(samples, 99), 2) };
}

export function round(n: number, digits = 1): number {
  if (!Number.isFinite(n)) return n;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export const MB = 1024 * 1024;

/** Heap in use after a full collection (needs `--expose-gc`; without it, as it stands). */
export function heapAfterGc(): { mb: number; gcExposed: boolean } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return { mb: round(process.memoryUsage().heapUsed / MB, 1), gcExposed: typeof gc === 'function' };
}

/**
 * Watches this process's garbage-collection pauses from now: `stop()` (after the timed work) lets the
 * observer's entries arrive and returns whether a pause fell inside a timed span (start, ms).
 */
export function watchGc(): { stop(): Promise<(start: number, ms: number) => boolean> } {
  const spans: [number, number][] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) spans.push([e.startTime, e.startTime + e.duration]);
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    async stop() {
      await tick(); // entries are delivered asynchronously
      observer.disconnect();
      return (start, ms) => spans.some(([a, b]) => b > start && a < start + ms);
    },
  };
}

/** Lets pending I/O and timers run (between heavy synchronous steps). */
export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
