// @ts-check
/**
 * The corpus hash's file walk (see `hashCorpus` in corpus-hash.ts): every article file's relative path,
 * length and crc32, in code-unit order, hashed with sha256 after a seed (the build code's version).
 *
 * Plain JavaScript, so the same code also runs in a worker thread without the TypeScript loader:
 * start-up hashes the corpus (55 MB at 100k paragraphs) on the other core while the main thread
 * reads and decodes the saved index. `hashFilesInThread` starts such a worker; the worker runs
 * `hashFiles` and posts the result back.
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers';
import { URL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import zlib from 'node:zlib';

/** Larger files are hashed by size (ingestion refuses anything over 2 MiB without reading it). */
const HASH_WHOLE_BYTES = 8 * 1024 * 1024;
const MARK = 'dossier-hash-files';
/** `README`, `readme.md`, `Readme.txt`…: notes about the corpus, not articles. */
const README_NAME = /^readme(?:\.[^.]+)?$/i;
/** The record of where pages added by link came from (src/corpus/sources.ts): it shapes their articles. */
const SOURCES_FILE = '.sources.json';

/**
 * @typedef {{ hash: string; files: number; bytes: number }} FilesHash
 */

/**
 * Names loadCorpus skips (see `isSkipped` in src/corpus/load-corpus.ts), and saved indexes.
 * @param {string} name
 * @param {string} indexExtension
 */
function notAnArticle(name, indexExtension) {
  return (
    name.startsWith('.') || name.startsWith('_') || README_NAME.test(name) || name.endsWith(indexExtension)
  );
}

/**
 * A file's content checksum: crc32 where Node has it (4x faster than sha256 on 50 MB of articles),
 * else sha1. An edit that keeps a file's length and crc32 would go unnoticed with odds of one in
 * four billion (until the next change to any file).
 * @param {Uint8Array} bytes
 */
function contentSum(bytes) {
  const crc32 = /** @type {{ crc32?: (data: Uint8Array) => number }} */ (/** @type {unknown} */ (zlib)).crc32;
  return crc32 ? crc32(bytes).toString(16) : createHash('sha1').update(bytes).digest('hex');
}

/**
 * What one file adds to the hash (its path, then its length and checksum, or why it was not read),
 * and the bytes read for it. The hash is the seed, then the folder errors met on the walk, then every
 * file's record in path order: kept by file, a change to a few files is hashed again without
 * reading the others (`rehashFiles`).
 * @typedef {{ text: string; bytes: number }} FileRecord
 * @typedef {{ records: Map<string, FileRecord>; folderErrors: string[] }} HashedFolder
 */

/**
 * Hashes the article files under `root`. With `sliceMs`, pauses (setImmediate) whenever it has run
 * that long, so a process that is answering meanwhile keeps answering.
 * @param {string} root absolute folder
 * @param {string} seed hashed first (the build code's version)
 * @param {string} indexExtension saved index files, which are not articles
 * @param {number} [sliceMs]
 * @returns {Promise<FilesHash & { folder: HashedFolder }>}
 */
export async function hashFiles(root, seed, indexExtension, sliceMs) {
  /** @type {string[]} */
  const files = [];
  /** @type {string[]} */
  const folderErrors = [];
  /** @param {string} rel */
  async function walk(rel) {
    let entries;
    try {
      entries = await readdir(path.join(root, rel), { withFileTypes: true });
    } catch (err) {
      folderErrors.push(
        `\u0000${rel}\u0000!${/** @type {NodeJS.ErrnoException} */ (err).code ?? 'unreadable'}`,
      );
      return;
    }
    for (const e of entries) {
      if (rel === '' && e.name === SOURCES_FILE && e.isFile()) files.push(e.name);
      if (notAnArticle(e.name, indexExtension)) continue;
      const file = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(file);
      else files.push(file);
    }
  }
  await walk('');
  const reader = fileReader(root);
  /** @type {Map<string, FileRecord>} */
  const records = new Map();
  let since = performance.now();
  for (const file of files) {
    records.set(file, reader.record(file) ?? { text: `\u0000${file}\u0000!ENOENT\u0000`, bytes: 0 });
    if (sliceMs !== undefined && performance.now() - since > sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      since = performance.now();
    }
  }
  const folder = { records, folderErrors };
  return { ...digest(seed, folder), folder };
}

/**
 * The hash of `root` after a change to `changed` (relative paths) only, from the folder as hashed
 * before (`previous`, left as it was): those files are read again, or dropped when they are gone;
 * the source record is always read again. Equal to `hashFiles` when no other file changed.
 * @param {string} root absolute folder
 * @param {string} seed
 * @param {HashedFolder} previous
 * @param {string[]} changed
 * @param {string} indexExtension
 * @returns {FilesHash & { folder: HashedFolder }}
 */
export function rehashFiles(root, seed, previous, changed, indexExtension) {
  const reader = fileReader(root);
  const records = new Map(previous.records);
  for (const file of new Set([...changed, SOURCES_FILE])) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    if (file !== SOURCES_FILE && notAnArticle(name, indexExtension)) continue;
    const record = reader.record(file);
    if (record) records.set(file, record);
    else records.delete(file);
  }
  const folder = { records, folderErrors: previous.folderErrors };
  return { ...digest(seed, folder), folder };
}

/**
 * @param {string} seed
 * @param {HashedFolder} folder
 * @returns {FilesHash}
 */
function digest(seed, { records, folderErrors }) {
  const h = createHash('sha256').update(seed);
  for (const e of folderErrors) h.update(e);
  const files = [...records.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let total = 0;
  for (const file of files) {
    const r = /** @type {FileRecord} */ (records.get(file));
    h.update(r.text);
    total += r.bytes;
  }
  return { hash: h.digest('hex').slice(0, 32), files: files.length, bytes: total };
}

/**
 * Reads files under `root` into one reused buffer (synchronous reads: five times less CPU than
 * readFile promises for thousands of small files) and gives each one's record; undefined for a file
 * that is not there.
 * @param {string} root
 */
function fileReader(root) {
  let buf = Buffer.allocUnsafe(1 << 20);
  return {
    /**
     * @param {string} file
     * @returns {FileRecord | undefined}
     */
    record(file) {
      /** @type {number | undefined} */
      let fd;
      try {
        // O_NONBLOCK: a named pipe in the folder must not block the open (and the process) forever;
        // fstat then tells it is not a regular file, and it is never read.
        fd = openSync(path.join(root, file), fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
        const info = fstatSync(fd);
        if (!info.isFile() || info.size > HASH_WHOLE_BYTES) {
          // Ingestion refuses such a file without reading it; its size is what can change that.
          return {
            text: `\u0000${file}\u0000${info.isFile() ? 'file' : 'other'} ${info.size}\u0000`,
            bytes: 0,
          };
        }
        if (info.size > buf.length) buf = Buffer.allocUnsafe(info.size);
        let length = 0;
        for (let n = -1; n !== 0 && length < buf.length; length += n)
          n = readSync(fd, buf, length, buf.length - length, null);
        return {
          text: `\u0000${file}\u0000${length}\u0000${contentSum(buf.subarray(0, length))}`,
          bytes: length,
        };
      } catch (err) {
        const code = /** @type {NodeJS.ErrnoException} */ (err).code;
        if (code === 'ENOENT' && fd === undefined) return undefined;
        return { text: `\u0000${file}\u0000!${code ?? 'unreadable'}\u0000`, bytes: 0 };
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
    },
  };
}

/**
 * `hashFiles` in a worker thread (this file, without the TypeScript loader); if the thread cannot
 * be started or fails, the same work runs here, in slices.
 * @param {string} root
 * @param {string} seed
 * @param {string} indexExtension
 * @returns {Promise<FilesHash>}
 */
export function hashFilesInThread(root, seed, indexExtension) {
  const here = () => hashFiles(root, seed, indexExtension, 8);
  /** @type {Worker} */
  let worker;
  try {
    worker = new Worker(new URL(import.meta.url), {
      workerData: { [MARK]: { root, seed, indexExtension } },
      execArgv: [],
      stdout: false,
      stderr: false,
    });
  } catch {
    return here();
  }
  return new Promise((resolve) => {
    let settled = false;
    /** @param {Promise<FilesHash> | FilesHash} r */
    const done = (r) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    worker.once('message', (/** @type {{ ok: true; result: FilesHash } | { ok: false }} */ m) =>
      done(m.ok ? m.result : here()),
    );
    worker.once('error', () => done(here()));
    worker.once('exit', () => done(here()));
  });
}

if (!isMainThread && parentPort && workerData?.[MARK]) {
  const { root, seed, indexExtension } = workerData[MARK];
  const port = parentPort;
  hashFiles(root, seed, indexExtension).then(
    ({ hash, files, bytes }) => port.postMessage({ ok: true, result: { hash, files, bytes } }),
    () => port.postMessage({ ok: false }),
  );
}
