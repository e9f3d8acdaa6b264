/**
 * Loading a saved index: the file is read in chunks while the first ones are already decoding
 * (decode.ts), the changes of its change log (change-log.ts) are replayed on it, and the result says
 * why a file was not used instead of throwing.
 */
import { applyDelta } from '../delta.js';
import { carrySignatures } from './corpus-hash.js';
import { composeDeltas } from '../delta-compose.js';
import type { DossierIndex } from '../model.js';
import { changesFor, deltaOf, readChangeLog, type ChangeLog } from './change-log.js';
import { decodeIndex, pacer } from './decode.js';
import { LoadError, openRegular, type DecodeOptions, type LoadResult } from './layout.js';

/**
 * Loads a saved index and replays its change log. With `expectedHash`, a file (with its log) built
 * from another corpus (or by other build code) is `stale`. Never throws for a bad file: the result
 * says why it was not used.
 */
export async function loadSavedIndex(
  file: string,
  expectedHash?: string | Promise<string>,
  opts: DecodeOptions = {},
): Promise<LoadResult> {
  const started = performance.now();
  // A hash still being computed may fail after this returns without having looked at it.
  if (typeof expectedHash === 'object') expectedHash.catch(() => undefined);
  let arrival: Arrival;
  try {
    arrival = await readInChunks(file, opts.chunkBytes);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, reason: 'missing', detail: `no saved index at ${file}` };
    return { ok: false, reason: 'corrupt', detail: `cannot read ${file}: ${code ?? String(err)}` };
  }
  // Read after the saved index is open: a log read now is its own, gone, or one of a newer saved
  // index (which names another base, so it is not applied).
  const log = await readChangeLog(file);
  return decodeSaved(arrival.buf, expectedHash, opts, started, arrival, log);
}

/** A file being read into `buf`: `until(n)` resolves once its first n bytes are in, `all` once all are. */
export interface Arrival {
  buf: Buffer;
  until(end: number): Promise<void>;
  all: Promise<void>;
}

const READ_CHUNK = 4 << 20;

/**
 * Starts reading a whole file, in chunks that the thread pool reads meanwhile, so decoding can
 * start on the first chunk while the others are still being read (at 100k paragraphs reading the
 * 115 MB file took a fifth of the start-up). Rejects only if the file cannot be opened.
 */
async function readInChunks(file: string, chunkBytes = READ_CHUNK): Promise<Arrival> {
  const { fh, size } = await openRegular(file);
  const buf = Buffer.allocUnsafe(size);
  const chunks: Promise<void>[] = [];
  for (let at = 0; at < size || chunks.length === 0; at += chunkBytes) {
    const end = Math.min(at + chunkBytes, size);
    chunks.push(
      (async () => {
        for (let pos = at; pos < end;) {
          const { bytesRead } = await fh.read(buf, pos, end - pos, pos);
          if (bytesRead === 0) throw new Error(`${file} ended at ${pos} bytes of ${size}`);
          pos += bytesRead;
        }
      })(),
    );
  }
  const all = Promise.all(chunks).then(() => undefined);
  // The file is closed once every read has ended, whether or not anyone waited for them.
  void Promise.allSettled(chunks).then(() => fh.close().catch(() => undefined));
  all.catch(() => undefined);
  return {
    buf,
    all,
    until: (end) => {
      const last = Math.min(Math.ceil(end / chunkBytes), chunks.length);
      return last >= chunks.length ? all : Promise.all(chunks.slice(0, last)).then(() => undefined);
    },
  };
}

/** `loadSavedIndex` for bytes already in memory (a worker's result), with the log read beside them. */
export async function decodeSaved(
  buf: Uint8Array,
  expectedHash?: string | Promise<string>,
  opts: DecodeOptions = {},
  started = performance.now(),
  arrival?: Arrival,
  log?: ChangeLog,
): Promise<LoadResult> {
  try {
    let changes: ReturnType<typeof changesFor> = [];
    const decoded = await decodeIndex(buf, expectedHash, opts, arrival, (header) => {
      changes = changesFor(log, header);
      return changes.at(-1)?.corpusHash ?? header.corpusHash;
    });
    const index = await replay(decoded.index, changes, opts.sliceMs);
    return {
      ok: true,
      index,
      ms: performance.now() - started,
      bytes: buf.byteLength + (changes.length > 0 ? log!.goodBytes : 0),
      corpusHash: decoded.corpusHash,
      changes: changes.length,
    };
  } catch (err) {
    if (err instanceof LoadError) return { ok: false, reason: err.reason, detail: err.message };
    return { ok: false, reason: 'corrupt', detail: (err as Error).message };
  }
}

/**
 * The index after the logged changes: decoded one by one (pausing between them with `sliceMs`) and
 * applied as one change (delta-compose.ts), which costs what one of them costs.
 */
async function replay(
  index: DossierIndex,
  changes: ReturnType<typeof changesFor>,
  sliceMs: number | undefined,
): Promise<DossierIndex> {
  if (changes.length === 0) return index;
  const pause = pacer(sliceMs);
  const deltas = [];
  for (const [i, change] of changes.entries()) {
    await pause();
    try {
      deltas.push(deltaOf(change));
    } catch (err) {
      throw new LoadError(
        'corrupt',
        `change ${i + 1} of the change log does not decode: ${(err as Error).message}`,
      );
    }
  }
  await pause();
  try {
    const next = applyDelta(index, composeDeltas(deltas));
    // The articles the log kept are the saved ones: their signatures are the file's.
    carrySignatures(index, next);
    return next;
  } catch (err) {
    throw new LoadError('corrupt', `the change log does not apply: ${(err as Error).message}`);
  }
}
