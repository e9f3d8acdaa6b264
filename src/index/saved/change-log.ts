/**
 * The saved index's change log: a file beside the saved index (`<index file>.changes`) that a change
 * of one article is appended to, instead of rewriting the whole index (110 MB at 100k paragraphs).
 * A load decodes the saved index and replays the log's changes on it (load.ts); a compaction
 * (`compactSaved`, write.ts) folds them into a new saved index and removes the log.
 *
 * Layout:
 *
 *     DOSSIER-CHANGES 1\n
 *     frame: the base it belongs to      {"version","corpusHash","builtAt"} of the saved index
 *     frame: a change                    {"from","to","corpusHash"} and the IndexDelta
 *     frame: a change …
 *
 * A frame is `<payload length, 10 digits> <crc32 of the payload, 8 hex>\n<payload>`; a payload is one
 * line of JSON (the meta above), `\n`, then for a change the `IndexDelta` in `v8.serialize` form
 * (0.8 ms to write and 0.5 ms to read against 3.2 and 2.6 for JSON, for a 40-paragraph article and 300
 * entities; half the bytes, 128 KB; and it keeps every field exactly as it was).
 *
 * A log applies only to the saved index whose version, corpus hash and build time its first frame
 * names, and only if its first change starts from that version; each change must start from the
 * version the one before made. Reading stops at the first frame that is cut short, fails its
 * checksum or breaks the chain: a process killed while appending loses that change only. A full save
 * removes the log after its rename (write.ts), and a log left by a crash between the two does not
 * name the new saved index, so it is never applied to it.
 *
 * Appends are one `write` to a file opened for appending, not flushed to disk: after a power cut the
 * last changes may be missing or torn, which is found as above; the corpus hash then differs from
 * the corpus and the index is rebuilt. A new log is written whole and renamed in (flushed).
 */
import { open, rm, stat } from 'node:fs/promises';
import v8 from 'node:v8';
import { writeFileAtomically } from '../../atomic-write.js';
import type { IndexDelta } from '../delta.js';
import { checksum, openRegular, readHeader, type Header } from './layout.js';

export const CHANGES_SUFFIX = '.changes';
const MAGIC = 'DOSSIER-CHANGES 1\n';
/** `<length, 10 digits> <crc32, 8 hex>\n` */
const FRAME_HEAD = 20;
const FRAME_FIELDS = /^(\d{10}) ([0-9a-f]{8})\n$/;

/** The saved index a log belongs to. */
interface LogBase {
  version: string;
  corpusHash: string;
  builtAt: string;
}

/** One change as read: its meta, and the delta still serialized (decoded when replayed). */
interface LoggedChange {
  from: string;
  to: string;
  /** The corpus hash after this change. */
  corpusHash: string;
  payload: Uint8Array;
}

/** A log file as read: its base, the changes that are whole and chain, and where they end. */
export interface ChangeLog {
  base: LogBase;
  changes: LoggedChange[];
  /** Bytes up to the end of the last good frame, and the file's size. */
  goodBytes: number;
  size: number;
}

export function changeLogFile(indexFile: string): string {
  return indexFile + CHANGES_SUFFIX;
}

/** A change cannot be appended: the caller saves the whole index instead. */
export class ChangeRefused extends Error {
  override name = 'ChangeRefused';
  constructor(
    message: string,
    /** The file system's error code, when the saved index could not be read at all. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Reads the log beside `indexFile`; undefined if there is none or it cannot be read at all. */
export async function readChangeLog(indexFile: string): Promise<ChangeLog | undefined> {
  let fh;
  try {
    fh = await openRegular(changeLogFile(indexFile));
  } catch {
    return undefined;
  }
  try {
    const buf = Buffer.allocUnsafe(fh.size);
    for (let pos = 0; pos < fh.size;) {
      const { bytesRead } = await fh.fh.read(buf, pos, fh.size - pos, pos);
      if (bytesRead === 0) return scanLog(buf.subarray(0, pos));
      pos += bytesRead;
    }
    return scanLog(buf);
  } catch {
    return undefined;
  } finally {
    await fh.fh.close();
  }
}

/** The frames of a log that are whole and chain; undefined if even its base frame is not whole. */
function scanLog(buf: Buffer): ChangeLog | undefined {
  if (buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const first = readFrame(buf, MAGIC.length);
  const base = first && parseMeta<LogBase>(first.payload, ['version', 'corpusHash', 'builtAt']);
  if (!first || !base) return undefined;
  const changes: LoggedChange[] = [];
  let at = first.end;
  let version = base.version;
  for (;;) {
    const frame = readFrame(buf, at);
    const meta =
      frame && parseMeta<Omit<LoggedChange, 'payload'>>(frame.payload, ['from', 'to', 'corpusHash']);
    if (!frame || !meta || meta.from !== version) break;
    changes.push({ from: meta.from, to: meta.to, corpusHash: meta.corpusHash, payload: frame.payload });
    version = meta.to;
    at = frame.end;
  }
  return { base, changes, goodBytes: at, size: buf.byteLength };
}

/** The frame at `at`, if it is whole and its checksum matches. */
function readFrame(buf: Buffer, at: number): { payload: Buffer; end: number } | undefined {
  if (buf.byteLength - at < FRAME_HEAD) return undefined;
  const m = FRAME_FIELDS.exec(buf.toString('latin1', at, at + FRAME_HEAD));
  if (!m) return undefined;
  const length = Number(m[1]);
  const end = at + FRAME_HEAD + length;
  if (end > buf.byteLength) return undefined;
  const payload = buf.subarray(at + FRAME_HEAD, end);
  return checksum(payload) === m[2] ? { payload, end } : undefined;
}

/** The JSON line a payload starts with, if it has these string fields. */
function parseMeta<T>(payload: Buffer, fields: (keyof T & string)[]): T | undefined {
  let nl = payload.indexOf(10);
  if (nl < 0) nl = payload.byteLength;
  try {
    const meta = JSON.parse(payload.toString('utf8', 0, nl)) as Record<string, unknown>;
    if (typeof meta !== 'object' || meta === null) return undefined;
    return fields.every((f) => typeof meta[f] === 'string') ? (meta as T) : undefined;
  } catch {
    return undefined;
  }
}

function frame(meta: object, body?: Uint8Array): Buffer {
  const payload = Buffer.concat([Buffer.from(JSON.stringify(meta) + '\n'), body ?? new Uint8Array()]);
  const head = `${String(payload.byteLength).padStart(10, '0')} ${checksum(payload)}\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), payload]);
}

/**
 * The changes of `log` to replay on the saved index with this header: all of them if the log
 * belongs to it, none otherwise.
 */
export function changesFor(log: ChangeLog | undefined, header: Header): LoggedChange[] {
  if (!log) return [];
  const { base } = log;
  const own =
    base.version === header.version &&
    base.corpusHash === header.corpusHash &&
    base.builtAt === header.builtAt;
  return own ? log.changes : [];
}

/** The delta a logged change holds; throws if it does not decode to one. */
export function deltaOf(change: LoggedChange): IndexDelta {
  const nl = change.payload.indexOf(10);
  const delta = v8.deserialize(change.payload.subarray(nl + 1)) as IndexDelta;
  if (
    typeof delta !== 'object' ||
    delta === null ||
    delta.from !== change.from ||
    delta.to !== change.to ||
    !Array.isArray(delta.removed) ||
    !Array.isArray(delta.added)
  ) {
    throw new Error('a logged change is not an index change');
  }
  return delta;
}

/** The corpus hash a saved file and its log stand for, without loading it (undefined if unreadable). */
export async function savedCorpusHash(file: string): Promise<string | undefined> {
  const header = await readHeader(file).catch(() => undefined);
  if (!header) return undefined;
  return changesFor(await readChangeLog(file), header).at(-1)?.corpusHash ?? header.corpusHash;
}

export interface Appended {
  /** Bytes this change took, and the log's size, number of changes and saved index's size after it. */
  bytes: number;
  logBytes: number;
  changes: number;
  baseBytes: number;
}

/**
 * Appends a change to the saved index at `indexFile`; `corpusHash` is the corpus's hash after it.
 * Throws ChangeRefused if the saved index and its log are not at `delta.from` (another process
 * saved meanwhile, or the file is missing): the caller then saves the whole index.
 */
export async function appendChange(
  indexFile: string,
  corpusHash: string,
  delta: IndexDelta,
): Promise<Appended> {
  let header: Header;
  let baseBytes: number;
  try {
    [header, baseBytes] = await Promise.all([readHeader(indexFile), stat(indexFile).then((s) => s.size)]);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ChangeRefused(`the saved index cannot be read: ${(err as Error).message}`, code);
  }
  const log = await readChangeLog(indexFile);
  const changes = changesFor(log, header);
  const record = frame({ from: delta.from, to: delta.to, corpusHash }, v8.serialize(delta));
  const at = changes.at(-1)?.to ?? header.version;
  if (delta.from !== at) {
    throw new ChangeRefused(`the saved index is at version ${at}, the change is for ${delta.from}`);
  }
  const file = changeLogFile(indexFile);
  if (changes.length === 0) {
    // A new log (replacing one of another saved index, or one whose first change is torn).
    const base: LogBase = {
      version: header.version,
      corpusHash: header.corpusHash,
      builtAt: header.builtAt,
    };
    const bytes = Buffer.concat([Buffer.from(MAGIC, 'latin1'), frame(base), record]);
    await writeFileAtomically(file, bytes);
    return { bytes: record.byteLength, logBytes: bytes.byteLength, changes: 1, baseBytes };
  }
  const fh = await open(file, 'a');
  try {
    // A torn change at the end would hide every change appended after it.
    if (log!.goodBytes < log!.size) await fh.truncate(log!.goodBytes);
    const { bytesWritten } = await fh.write(record);
    if (bytesWritten !== record.byteLength) {
      throw new Error(`only ${bytesWritten} of ${record.byteLength} bytes were appended to ${file}`);
    }
  } finally {
    await fh.close();
  }
  return {
    bytes: record.byteLength,
    logBytes: log!.goodBytes + record.byteLength,
    changes: changes.length + 1,
    baseBytes,
  };
}

/** Removes the log beside `indexFile` (after a full save, or with an orphaned saved index). */
export async function removeChangeLog(indexFile: string): Promise<void> {
  await rm(changeLogFile(indexFile), { force: true });
}

/**
 * Whether to fold the log into a new saved index: when it passes a quarter of the saved index
 * (loading then reads at most 25 % more, and the compaction's full write, a second or two in the
 * worker, comes at most once per quarter of the index appended) or 256 changes (a load decodes each,
 * about half a millisecond for one article and 300 entities, before applying them as one change).
 */
export function needsCompaction(logBytes: number, baseBytes: number, changes: number): boolean {
  return logBytes > baseBytes / 4 || changes > 256;
}
