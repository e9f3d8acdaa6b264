/**
 * Timing one corpus change on a serving store as issue #19 counts it, and keeping the bench corpus
 * as it was around the changes the bench makes to it.
 *
 * Answerable: from the call (a page added by link: from when its bytes are in) until the store reports `swapping` done (the changed index serves).
 * Saved: until the store reports `saving` done, when the reindex report says the change was written
 * to the saved index (`saved` with bytes); a change that was not written (no change log yet: the
 * store reports 0 bytes) or failed to save has no saved time, and says why.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { round } from './stats.js';
import type { ReindexReport } from '../src/serve/store.js';
import type { Progress } from './store-api.js';

export interface ChangeTiming {
  /** From the call until the changed index served (`swapping` done). */
  answerableMs: number;
  /** From the call until the change was in the saved index; null when it was not saved (`savedNote`). */
  savedMs: number | null;
  savedNote?: string;
  /** From the call (for a page fetched by link: from when its bytes were in) until it returned. */
  totalMs: number;
  /** For a page fetched by link: the fetch, which the other times leave out. */
  fetchMs?: number;
  /** When each progress phase last reported (ms from the call): where the time went. */
  phasesMs: Record<string, number>;
  /** Bytes written to the saved index for this change (0 = nothing written). */
  savedBytes: number | null;
}

/** Runs one change with a progress callback and times it from that progress and its report. */
export async function timeChange<T>(
  run: (onProgress: (p: Progress) => void) => Promise<T>,
  reportOf: (result: T) => ReindexReport,
): Promise<{ result: T; timing: ChangeTiming }> {
  let swapped: number | undefined;
  let saved: number | undefined;
  let fetched: number | undefined;
  const called = performance.now();
  const last: Record<string, number> = {};
  const result = await run((p) => {
    last[p.phase] = performance.now();
    if (p.phase === 'swapping' && p.done >= p.total) swapped = performance.now();
    if (p.phase === 'saving' && p.done >= p.total) saved = performance.now();
    if (p.phase === 'fetching' && p.done >= p.total) fetched = performance.now();
  });
  const end = performance.now();
  const report = reportOf(result);
  // A page fetched by link: its times count from when the bytes were in.
  const t0 = fetched ?? called;
  const ms = (t: number) => round(t - t0, 0);
  const timing: ChangeTiming = {
    answerableMs: ms(swapped ?? end),
    savedMs: null,
    totalMs: ms(end),
    savedBytes: null,
    phasesMs: Object.fromEntries(Object.entries(last).map(([k, t]) => [k, round(t - called, 0)])),
    ...(fetched !== undefined ? { fetchMs: round(fetched - called, 0) } : {}),
  };
  const s = report.saved;
  if (!s) timing.savedNote = 'the reindex report has no saved result';
  else if ('error' in s) timing.savedNote = `the save failed: ${s.error}`;
  else {
    timing.savedBytes = s.bytes;
    if (s.bytes === 0) timing.savedNote = 'nothing written to the saved index (no change log yet)';
    else timing.savedMs = ms(Math.max(saved ?? end, swapped ?? 0));
  }
  return { result, timing };
}

/**
 * What the bench's changes may leave in a corpus folder besides its article files: the `.removed/`
 * folder (its entries) and `.sources.json`. `restore` deletes what was not there, puts the sources
 * file back byte for byte, and the folder's modification time.
 */
export async function snapshotHidden(dir: string): Promise<{ restore: () => Promise<void> }> {
  const removedDir = path.join(dir, '.removed');
  const hadRemoved = existsSync(removedDir);
  const removedBefore = new Set(hadRemoved ? await listAll(removedDir) : []);
  const sourcesFile = path.join(dir, '.sources.json');
  const sources = existsSync(sourcesFile) ? await readFile(sourcesFile) : undefined;
  const { atime, mtime } = await stat(dir);
  return {
    restore: async () => {
      if (!hadRemoved) await rm(removedDir, { recursive: true, force: true });
      else if (existsSync(removedDir)) {
        for (const f of await listAll(removedDir)) {
          if (!removedBefore.has(f)) await rm(path.join(removedDir, f), { force: true });
        }
      }
      if (sources) await writeFile(sourcesFile, sources);
      else await rm(sourcesFile, { force: true });
      await utimes(dir, atime, mtime); // files came and went: the folder's own time as it was
    },
  };
}

/** Every file below `dir`, relative to it. */
async function listAll(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** A made-up article of `paragraphs` short paragraphs; `n` makes its title and text its own. */
export function madeUpArticle(n: number, paragraphs = 40, edit = ''): Uint8Array {
  const body = Array.from(
    { length: paragraphs },
    (_, i) =>
      `Harbour master Edda Lindqvist said on Monday that pier ${i + 1} of the Brindlemoor harbour (story ${n}) would reopen in March, after repairs costing 2.${i} million euros.${edit}`,
  );
  const text = `---\ntitle: Brindlemoor harbour piers to reopen, part ${n}\noutlet: Bench Gazette\npublished: 2026-11-30\n---\n${body.join('\n\n')}\n`;
  return new TextEncoder().encode(text);
}
