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
 * Hashes the article files under `root`. With `sliceMs`, pauses (setImmediate) whenever it has run
 * that long, so a process that is answering meanwhile keeps answering.
 * @param {string} root absolute folder
 * @param {string} seed hashed first (the build code's version)
 * @param {string} indexExtension saved index files, which are not articles
 * @param {number} [sliceMs]
 * @returns {Promise<FilesHash>}
 */
export async function hashFiles(root, seed, indexExtension, sliceMs) {
  let total = 0;
  /** @type {string[]} */
  const files = [];
  const h = createHash('sha256').update(seed);
  /** @param {string} rel */
  async function walk(rel) {
    let entries;
    try {
      entries = await readdir(path.join(root, rel), { withFileTypes: true });
    } catch (err) {
      h.update(`\u0000${rel}\u0000!${/** @type {NodeJS.ErrnoException} */ (err).code ?? 'unreadable'}`);
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
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // Synchronous reads into one buffer: five times less CPU than readFile promises for thousands of
  // small files.
  let buf = Buffer.allocUnsafe(1 << 20);
  let since = performance.now();
  for (const file of files) {
    /** @type {number | undefined} */
    let fd;
    try {
      // O_NONBLOCK: a named pipe in the folder must not block the open (and the process) forever;
      // fstat then tells it is not a regular file, and it is never read.
      fd = openSync(path.join(root, file), fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
      const info = fstatSync(fd);
      if (!info.isFile() || info.size > HASH_WHOLE_BYTES) {
        // Ingestion refuses such a file without reading it; its size is what can change that.
        h.update(`\u0000${file}\u0000${info.isFile() ? 'file' : 'other'} ${info.size}\u0000`);
        continue;
      }
      if (info.size > buf.length) buf = Buffer.allocUnsafe(info.size);
      let length = 0;
      for (let n = -1; n !== 0 && length < buf.length; length += n)
        n = readSync(fd, buf, length, buf.length - length, null);
      h.update(`\u0000${file}\u0000${length}\u0000`);
      h.update(contentSum(buf.subarray(0, length)));
      total += length;
    } catch (err) {
      h.update(
        `\u0000${file}\u0000!${/** @type {NodeJS.ErrnoException} */ (err).code ?? 'unreadable'}\u0000`,
      );
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    if (sliceMs !== undefined && performance.now() - since > sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      since = performance.now();
    }
  }
  return { hash: h.digest('hex').slice(0, 32), files: files.length, bytes: total };
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
    (result) => port.postMessage({ ok: true, result }),
    () => port.postMessage({ ok: false }),
  );
}
