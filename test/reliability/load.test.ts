/**
 * Load through the fake Discord (bench/load.ts): 1,000 interactions in bursts of 50 — every command,
 * autocomplete and "More passages" — with `/admin reindex` interleaved (`npm run load` runs 2,400,
 * the figures in docs/reliability.md). Asserts what must always
 * hold: every interaction answered, no error anywhere. The timings and heap figures it measures are
 * benchmark figures (docs/reliability.md, `npm run load`), not assertions.
 */
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../bench/load.js';

describe('load', () => {
  it('1,000 interactions in bursts with reindexes interleaved: zero errors, zero unanswered', async () => {
    const report = await runLoad({ interactions: 1_000, burst: 50, reindexEvery: 3, enforceWindow: false });
    console.log(
      `load: ${report.interactions} interactions, p50 ${report.latency.p50} ms, p99 ${report.latency.p99} ms, ` +
        `max ${report.latency.max} ms, heap ${report.heapMb.start} → ${report.heapMb.afterWarmup} → ${report.heapMb.end} MB, ` +
        `${report.reindexes.completed} reindexes, ${report.overWindow} over 3 s, ${report.wallMs} ms`,
    );
    expect(report.errors).toEqual([]);
    expect(report.unanswered).toBe(0);
    expect(report.answered).toBe(1_000);
    expect(report.reindexes.completed).toBeGreaterThanOrEqual(1);
    expect(report.reindexes.completed).toBe(report.reindexes.dispatched);
  }, 120_000);
});
