/**
 * The build's kept work, saved beside the saved index (`<index file>.work`), so that a process that
 * loaded the saved index (a restarted bot, a one-shot CLI) makes its first change incrementally
 * instead of rebuilding everything (45 s at 100k paragraphs). It holds what the saved index does not:
 * each file's work key, digest, stat and name candidates (src/index/build/work.ts), and the folder as
 * last hashed; the articles, entities, times and quotes are the saved index's own.
 *
 * The file names the index version and the build code it goes with, and is used only with exactly
 * that index (after its change log is replayed) and that code: anything else, or a file that does not
 * decode, is ignored and the next change is a whole build, as before. It is rewritten atomically
 * after the change is answerable and saved, once changes pause (src/serve/build-work.ts `WorkSaves`),
 * encoded in slices so that a change that comes meanwhile stops it rather than waits for it.
 *
 * Layout: `DOSSIER-WORK 1\n`, then three parts, each a 10-digit byte length and `\n` before it: a
 * JSON header (everything but the candidates), a JSON array of the strings the candidates use, and
 * the candidates as columns (float64 votes, then uint32 fields, in the writer's byte order,
 * starting at a multiple of 8 bytes). 360k candidates at
 * 100k paragraphs take about 12 MB, against 76 MB and a 2.4 s decode in `v8.serialize` form.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomically } from '../../atomic-write.js';
import type { FileWork } from '../build/work.js';
import type { Candidate } from '../tables/entities-spans.js';
import { Words } from './encode.js';
import type { HashedFolder } from './hash-files.mjs';

export const WORK_SUFFIX = '.work';
const MAGIC = 'DOSSIER-WORK 1\n';
const LENGTH_DIGITS = 10;

/** One file's work as saved: all of FileWork but the article and times, which the index holds. */
type SavedFileWork = Pick<FileWork, 'key' | 'digest' | 'seen' | 'candidates'> & { file: string };

/** What a build saw of its folder (worker.ts `FolderSeen`), in plain data. */
interface SavedFolder {
  today: string;
  hashed: HashedFolder;
  files: string[];
  failed: string[];
}

export interface SavedWork {
  /** The index version this work made (the saved index's, once its change log is replayed). */
  version: string;
  /** The build code's version (corpus-hash.ts): work from other code is never reused. */
  code: string;
  files: SavedFileWork[];
  folder?: SavedFolder;
}

interface Header {
  version: string;
  code: string;
  files: (Omit<SavedFileWork, 'candidates'> & { candidates: number })[];
  folder?: Omit<SavedFolder, 'hashed'> & { records: [string, string, number][]; folderErrors: string[] };
  /** Float64 votes, then uint32 words, in the columns part, in this byte order. */
  ints: number;
  votes: number;
  littleEndian: boolean;
}

/** Typed arrays are read and written in this machine's byte order; a file of the other order is not used. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Longest stretch of encoding between two yields (`encodeWorkInSlices`). */
const SLICE_MS = 10;

/** `encodeWork` (the same bytes), yielding to the event loop between slices. */
export async function encodeWorkInSlices(
  work: SavedWork,
  stop: () => boolean = () => false,
  sliceMs = SLICE_MS,
): Promise<Uint8Array | undefined> {
  const steps = encodeSteps(work);
  let since = performance.now();
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    if (performance.now() - since < sliceMs) continue;
    await new Promise((resolve) => setImmediate(resolve));
    if (stop()) return undefined;
    since = performance.now();
  }
}

export function encodeWork(work: SavedWork): Uint8Array {
  const steps = encodeSteps(work);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The encoding, with a yield after each file's candidates. */
function* encodeSteps(work: SavedWork): Generator<void, Uint8Array> {
  const strings = new Map<string, number>();
  const id = (s: string) => {
    let n = strings.get(s);
    if (n === undefined) strings.set(s, (n = strings.size));
    return n;
  };
  let count = 0;
  for (const f of work.files) count += f.candidates.length;
  const ints = new Words();
  const votes = new Float64Array(count * 3);
  let v = 0;
  for (const f of work.files) {
    for (const c of f.candidates) {
      ints.push(c.words.length);
      for (const w of c.words) ints.push(id(w));
      ints.push(id(c.key));
      ints.push(id(c.surface));
      ints.push(id(c.articleId));
      ints.push(c.paragraph);
      ints.push(c.offset);
      ints.push(c.weak ? 1 : 0);
      ints.push(c.roles.length);
      for (const r of c.roles) ints.push(id(r));
      votes[v++] = c.votes.person;
      votes[v++] = c.votes.place;
      votes[v++] = c.votes.organization;
    }
    yield;
  }
  const header: Header = {
    version: work.version,
    code: work.code,
    littleEndian: LITTLE_ENDIAN,
    files: work.files.map(({ candidates, ...rest }) => ({ ...rest, candidates: candidates.length })),
    ints: ints.length,
    votes: votes.length,
    ...(work.folder
      ? {
          folder: {
            today: work.folder.today,
            files: work.folder.files,
            failed: work.folder.failed,
            records: [...work.folder.hashed.records].map(([file, r]) => [file, r.text, r.bytes]),
            folderErrors: work.folder.hashed.folderErrors,
          },
        }
      : {}),
  };
  const enc = new TextEncoder();
  const magic = enc.encode(MAGIC);
  const head = enc.encode(JSON.stringify(header));
  let table = enc.encode(JSON.stringify([...strings.keys()]));
  // Padded (JSON allows trailing spaces) so the columns start at a multiple of 8 bytes.
  const before = magic.length + 3 * (LENGTH_DIGITS + 1) + head.length + table.length;
  const pad = (8 - (before % 8)) % 8;
  if (pad) table = enc.encode(JSON.stringify([...strings.keys()]) + ' '.repeat(pad));
  const columns = new Uint8Array(ints.length * 4 + votes.length * 8);
  columns.set(new Uint8Array(votes.buffer), 0);
  columns.set(new Uint8Array(ints.buf.buffer, 0, ints.length * 4), votes.length * 8);
  const parts = [head, table, columns];
  const out = new Uint8Array(magic.length + parts.reduce((n, p) => n + LENGTH_DIGITS + 1 + p.length, 0));
  out.set(magic);
  let pos = magic.length;
  for (const p of parts) {
    out.set(enc.encode(`${String(p.length).padStart(LENGTH_DIGITS, '0')}\n`), pos);
    out.set(p, pos + LENGTH_DIGITS + 1);
    pos += LENGTH_DIGITS + 1 + p.length;
  }
  return out;
}

/** The saved work, or undefined when the bytes are not a whole, well-formed work file. */
export function decodeWork(bytes: Uint8Array): SavedWork | undefined {
  try {
    const dec = new TextDecoder();
    if (dec.decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) return undefined;
    let pos = MAGIC.length;
    const part = (): Uint8Array => {
      const n = Number(dec.decode(bytes.subarray(pos, pos + LENGTH_DIGITS)));
      if (!Number.isSafeInteger(n) || bytes[pos + LENGTH_DIGITS] !== 10) throw new Error('bad length');
      const start = pos + LENGTH_DIGITS + 1;
      if (start + n > bytes.length) throw new Error('cut short');
      pos = start + n;
      return bytes.subarray(start, start + n);
    };
    const header = JSON.parse(dec.decode(part())) as Header;
    const strings = JSON.parse(dec.decode(part())) as string[];
    let columns = part();
    if (header.littleEndian !== LITTLE_ENDIAN) return undefined;
    if (columns.length !== header.ints * 4 + header.votes * 8) return undefined;
    if (columns.byteOffset % 8) columns = columns.slice();
    const votes = new Float64Array(columns.buffer, columns.byteOffset, header.votes);
    const ints = new Uint32Array(columns.buffer, columns.byteOffset + header.votes * 8, header.ints);
    let i = 0;
    let v = 0;
    const str = (): string => {
      const s = strings[ints[i++]!];
      if (s === undefined) throw new Error('bad string id');
      return s;
    };
    const list = (): string[] => {
      const n = ints[i++]!;
      const out: string[] = [];
      for (let k = 0; k < n; k++) out.push(str());
      return out;
    };
    const files: SavedFileWork[] = header.files.map(({ candidates: n, ...rest }) => {
      const candidates: Candidate[] = [];
      for (let c = 0; c < n; c++) {
        const words = list();
        const key = str();
        const surface = str();
        const articleId = str();
        const paragraph = ints[i++]!;
        const offset = ints[i++]!;
        const weak = ints[i++] === 1;
        const roles = list();
        const votes3 = { person: votes[v++]!, place: votes[v++]!, organization: votes[v++]! };
        candidates.push({ words, key, surface, articleId, paragraph, offset, votes: votes3, roles, weak });
      }
      return { ...rest, candidates };
    });
    if (i !== header.ints || v !== header.votes) return undefined;
    const f = header.folder;
    return {
      version: header.version,
      code: header.code,
      files,
      ...(f
        ? {
            folder: {
              today: f.today,
              files: f.files,
              failed: f.failed,
              hashed: {
                records: new Map(f.records.map(([file, text, n]) => [file, { text, bytes: n }])),
                folderErrors: f.folderErrors,
              },
            },
          }
        : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * Saves `work` beside `indexFile`, encoding it in slices. False, with nothing written, when `stop`
 * said so between two slices (the build worker stops a save when a build comes).
 */
export async function saveWork(indexFile: string, work: SavedWork, stop?: () => boolean): Promise<boolean> {
  const bytes = await encodeWorkInSlices(work, stop);
  if (!bytes) return false;
  await writeFileAtomically(indexFile + WORK_SUFFIX, bytes);
  return true;
}

/** The work saved beside `indexFile`, if there is a readable one. */
export async function loadWork(indexFile: string): Promise<SavedWork | undefined> {
  const bytes = await readFile(indexFile + WORK_SUFFIX).catch(() => undefined);
  return bytes ? decodeWork(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)) : undefined;
}
