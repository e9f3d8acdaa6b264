/**
 * Adding one article file to a corpus folder: which names are accepted, how large it may be, and
 * the atomic write that never replaces a file that is already there, the atomic replacement when
 * asked for, and removal into a recoverable `.removed/` folder. Used by `/admin add-article`,
 * `add-url` and `remove-article` (through the store in src/serve) beside `loadCorpus`, which reads
 * the same folder.
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { copyFile, link, lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../atomic-write.js';
import { UserError } from '../errors.js';
import { DEFAULT_MAX_BYTES, formatBytes } from './decode.js';
import { SUPPORTED_EXTENSIONS } from './parse-article.js';
import { isSkipped } from './skipped.js';

/** The largest article an upload may be: the limit ingestion reads files with. */
export const MAX_UPLOAD_BYTES = DEFAULT_MAX_BYTES;

/** The one message for an upload over the limit, whether its size was declared or counted. */
export function uploadTooLarge(name: string, bytes?: number): UserError {
  const size = bytes === undefined ? '' : ` (${bytes} bytes)`;
  return new UserError(`${name} is too large${size}; the limit is ${formatBytes(MAX_UPLOAD_BYTES)}.`);
}

/** Names Windows reserves; refused so a corpus folder stays portable. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;
/** Control characters and the characters that separate or glob paths: refused in an upload name. */
// eslint-disable-next-line no-control-regex -- control characters are what we refuse
const UNSAFE_NAME_CHAR = /[\u0000-\u001f/\\:*?"<>|]/;
const ALLOWED = new Set<string>(SUPPORTED_EXTENSIONS);

/** The temporary an upload is written to before it is linked in: `.<name>.<8 hex>.tmp`. */
const UPLOAD_TEMPORARY = /^\..+\.[0-9a-f]{8}\.tmp$/;
/** The characters of an ISO time that a file name should not hold. */
const TIME_PUNCTUATION = /[:.]/g;

/** True for the hidden temporary of an upload killed half-written (never read; cleared at start). */
export function isUploadTemporary(name: string): boolean {
  return UPLOAD_TEMPORARY.test(name);
}

/** Accepts a plain file name with an allowed extension; anything path-like is refused. */
export function checkUploadName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 120) throw new UserError('The file name must be 1 to 120 characters.');
  if (UNSAFE_NAME_CHAR.test(trimmed) || trimmed.includes('..') || path.isAbsolute(trimmed)) {
    throw new UserError(
      `“${trimmed.slice(0, 60)}” is not a plain file name; use letters, digits, dashes and dots.`,
    );
  }
  if (trimmed.startsWith('.')) throw new UserError('The file name must not start with a dot.');
  if (isSkipped(trimmed))
    throw new UserError(
      `“${trimmed}” would never be indexed: README files and names starting with “_” are notes the corpus skips. Rename the file to add it.`,
    );
  if (RESERVED.test(trimmed)) throw new UserError(`“${trimmed}” is a reserved file name; rename it.`);
  const ext = path.extname(trimmed).toLowerCase();
  if (!ALLOWED.has(ext))
    throw new UserError(`Only .md, .txt and .html articles can be added (got “${ext || 'no extension'}”).`);
  return trimmed;
}

/**
 * Writes `bytes` as `dir/file`, which must not exist yet. The bytes go to a temporary beside the
 * target and are then linked in: a crash leaves either no file or the whole file, and the link fails
 * if another process (another shard) put a file by that name there in the meantime, where a rename
 * would silently replace it.
 */
export async function writeNewArticle(dir: string, file: string, bytes: Uint8Array): Promise<void> {
  const target = path.join(dir, file);
  const taken = () => new UserError(`${file} already exists in the corpus; rename the file to add it.`);
  if (await exists(target)) throw taken();
  const tmp = path.join(dir, `.${file}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, bytes, { flag: 'wx' });
    await publishNew(tmp, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw taken();
    throw notWritable(err, 'nothing was added') ?? err;
  } finally {
    await rm(tmp, { force: true });
  }
}

/**
 * Writes `bytes` over the existing `dir/file` atomically (a temporary beside it, then a rename): a
 * reader sees the old file or the new one, never a mix.
 */
export async function replaceArticle(dir: string, file: string, bytes: Uint8Array): Promise<void> {
  try {
    // A hidden temporary (`.<name>.<hex>.tmp`): the loader never reads it, start-up clears a stray one.
    await writeFileAtomically(path.join(dir, file), bytes, { temporary: (name, hex) => `.${name}.${hex}.tmp` });
  } catch (err) {
    throw notWritable(err, 'nothing was replaced') ?? err;
  }
}

/** The hidden folder inside the corpus where removed articles are kept (never read; recoverable). */
const REMOVED_FOLDER = '.removed';

/**
 * Moves `dir/file` into `dir/.removed/`, keeping its path below the corpus; a name already taken
 * there gets the time of removal added. Returns where it went (relative to the corpus folder).
 */
export async function moveToRemoved(dir: string, file: string): Promise<string> {
  let moved = path.posix.join(REMOVED_FOLDER, file);
  if (await exists(path.join(dir, moved))) {
    const stamp = new Date().toISOString().replace(TIME_PUNCTUATION, '-');
    const ext = path.posix.extname(file);
    moved = path.posix.join(REMOVED_FOLDER, `${file.slice(0, file.length - ext.length)}.${stamp}${ext}`);
  }
  try {
    await mkdir(path.dirname(path.join(dir, moved)), { recursive: true });
    await rename(path.join(dir, file), path.join(dir, moved));
  } catch (err) {
    throw notWritable(err, 'nothing was removed') ?? err;
  }
  return moved;
}

/** Puts a file `moveToRemoved` moved back where it was (when the change it was part of failed). */
export async function restoreRemoved(dir: string, moved: string, file: string): Promise<void> {
  await rename(path.join(dir, moved), path.join(dir, file));
}

function notWritable(err: unknown, outcome: string): UserError | undefined {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new UserError(`The corpus folder is not writable (${code}); ${outcome}.`);
  return undefined;
}

/**
 * Puts `tmp` at `target` only if nothing is there yet (EEXIST otherwise): a hard link, which is
 * atomic and never replaces. Where the file system has no hard links, a copy that refuses to
 * overwrite.
 */
async function publishNew(tmp: string, target: string): Promise<void> {
  try {
    await link(tmp, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'ENOSYS') throw err;
    await copyFile(tmp, target, fsConstants.COPYFILE_EXCL);
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}
