/**
 * The two forms an index answers from, for the latency figures:
 *
 * - **served**: the bot's. Its store never answers from the objects a build made: a build runs in
 *   the worker and hands over the saved form, which the store decodes (src/serve/store-build.ts),
 *   and a start loads the saved file. Postings and lengths are then read from packed arrays
 *   (src/index/saved/compact-maps.ts), not from millions of Map entries.
 * - **fresh**: what `buildIndex` returns, as a process that builds in-process answers from it (the
 *   one-shot CLI, `npm run console` with no saved index). Until session 16 the latency table was
 *   measured on this form; it is still timed (ours alone), so the two can be compared.
 */
import type { DossierIndex } from '../src/index/model.js';
import { decodeIndex } from '../src/index/saved/decode.js';
import { encodeIndex } from '../src/index/saved/encode.js';
import { exerciseSteps } from '../src/serve/exercise.js';
import { answerOurs } from './answer.js';
import { LATENCY_KINDS, type LatencyKind, type QuerySet } from './queries.js';
import { latencyOf, round, tick, watchGc, type Latency } from './stats.js';

/**
 * The exercise (src/serve/exercise.ts) on `index`: a process runs it once, on the first index it
 * warms; the bench's first one is the fresh form, whose Maps the answer code was then compiled for.
 */
export function exerciseOn(index: DossierIndex): void {
  for (const _ of exerciseSteps(index)) void _;
}

/** The index as the bot's store would serve it: encoded to the saved form and decoded back. */
export async function servedForm(index: DossierIndex): Promise<DossierIndex> {
  const bytes = encodeIndex(index, 'bench');
  return (await decodeIndex(bytes, undefined)).index;
}

export type AloneLatency = Record<LatencyKind, Latency & { p99WithoutGcMs: number; gcSamples: number }>;

/**
 * Our latency per kind on `index`, no other engine interleaved: each query once, the first `warm`
 * of each kind left out (as in the main table), and the p99 also without the samples a GC pause of
 * this process fell inside.
 */
export async function oursAlone(index: DossierIndex, set: QuerySet, warm: number): Promise<AloneLatency> {
  const gcWatch = watchGc();
  const spans = {} as Record<LatencyKind, { start: number; ms: number }[]>;
  for (const kind of LATENCY_KINDS) {
    spans[kind] = [];
    const qs = set.queries[kind];
    for (let i = 0; i < qs.length; i++) {
      const t = performance.now();
      answerOurs(index, qs[i]!);
      const ms = performance.now() - t;
      if (i >= warm) spans[kind].push({ start: t, ms });
      if (i % 20 === 19) await tick();
    }
  }
  const gcInside = await gcWatch.stop();
  const out = {} as AloneLatency;
  for (const kind of LATENCY_KINDS) {
    const all = spans[kind];
    const clean = all.filter((s) => !gcInside(s.start, s.ms)).map((s) => s.ms);
    out[kind] = {
      ...latencyOf(all.map((s) => s.ms)),
      p99WithoutGcMs: round(latencyOf(clean).p99Ms, 2),
      gcSamples: all.length - clean.length,
    };
  }
  return out;
}
