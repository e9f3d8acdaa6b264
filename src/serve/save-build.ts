/**
 * Saving what a build made (the build worker's last step, or the store's or the CLI's when it builds
 * in-process): a whole index in the saved format, or a change appended to the saved index's change
 * log (src/index/saved/change-log.ts).
 */
import type { Builder, Outcome } from '../index/build/incremental.js';
import type { IndexDelta } from '../index/delta.js';
import { ChangeRefused, appendChange, needsCompaction, savedCorpusHash } from '../index/saved/change-log.js';
import { encodeIndex } from '../index/saved/encode.js';
import { writeAtomically } from '../index/saved/write.js';
import type { BuildPhase, BuildRequest, BuildResult } from './worker.js';

/**
 * Saves what a build made, when asked: a whole index encoded in the saved format, or a change
 * appended to the saved index's change log. A failed save is reported, not thrown.
 */
export async function encodeAndSave(
  outcome: Outcome,
  hash: string,
  request: BuildRequest,
  progress: (phase: BuildPhase, done: number, total: number) => void,
  builder?: Builder,
): Promise<{ made: BuildResult['made']; saved?: BuildResult['saved']; compact: boolean }> {
  progress('saving', 0, 1);
  const t = performance.now();
  const made: BuildResult['made'] =
    outcome.kind === 'delta'
      ? outcome
      : { kind: 'full', bytes: encodeIndex(outcome.index, hash, request.dir) };
  let saved: BuildResult['saved'];
  let compact = false;
  if (request.indexFile) {
    try {
      if (made.kind === 'full') {
        await writeAtomically(request.indexFile, made.bytes);
        saved = { bytes: made.bytes.byteLength, ms: performance.now() - t };
      } else {
        const change = await saveChange(request.indexFile, hash, made.delta, builder);
        compact = change.compact;
        saved = 'error' in change ? change : { bytes: change.bytes, ms: performance.now() - t };
      }
    } catch (err) {
      saved = { error: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
    }
  }
  progress('saving', 1, 1);
  return { made, saved, compact };
}

/**
 * Appends a change to the saved index's change log (change-log.ts), unless the saved index already
 * has this corpus. When the saved file is not at the change's starting point (another process saved
 * meanwhile), the change is not saved: the builder forgets its work, so the next build is whole and
 * saves a whole index. `compact` says the log has grown enough to fold into a new saved index.
 */
async function saveChange(
  indexFile: string,
  hash: string,
  delta: IndexDelta,
  builder: Builder | undefined,
): Promise<{ bytes: number; compact: boolean } | { error: string; compact: false }> {
  if (delta.from === delta.to && (await savedCorpusHash(indexFile)) === hash)
    return { bytes: 0, compact: false };
  try {
    const a = await appendChange(indexFile, hash, delta);
    return { bytes: a.bytes, compact: needsCompaction(a.logBytes, a.baseBytes, a.changes) };
  } catch (err) {
    if (!(err instanceof ChangeRefused)) throw err;
    // The next build is whole, and saves a whole index.
    builder?.forget();
    return { error: err.code ?? err.message, compact: false };
  }
}
