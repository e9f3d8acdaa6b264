/**
 * The saved index: everything a built `DossierIndex` holds (the MiniSearch index, the articles and
 * their paragraphs, entities, time expressions, quotes, ingest errors, version, build time) in one
 * file, so a restart answers in about a second instead of rebuilding for minutes.
 *
 * File layout (all of it after the first line covered by one checksum, so a torn write or a flipped
 * byte is caught):
 *
 *     DOSSIER-INDEX\n
 *     <checksum, 8 hex> <header length, 10 digits>\n
 *     <header JSON, padded with spaces so the body starts on an 8-byte boundary>
 *     <body: blocks of JSON, text or little-endian uint32 words, each on a 4-byte boundary>
 *
 * The header holds the format (`SAVED_FORMAT`), the corpus hash the index was built from, and where
 * each block is. Lists are cut into blocks of about half a megabyte, so a loader that must keep
 * answering (the swap after a worker reindex) can pause between any two blocks.
 *
 * What makes loading fast:
 *  - paragraph texts are raw Latin-1 (or UTF-16 for the few that need it) with no JSON escaping;
 *    each block's texts load as one string, every text and sentence a slice of it;
 *  - entity mentions are numbers (article, paragraph, spelling) instead of objects with string keys;
 *  - MiniSearch's radix tree is saved node by node, so the loaded tree is built without searching it,
 *    and iterates in exactly the built tree's order (same fuzzy and prefix results, same ties);
 *  - the postings (document → term frequency) stay in the file's uint32 words: each is a read-only
 *    Map view (`PackedFreqs`) that answers `get`/`size`/iteration from the words, and turns into an
 *    ordinary Map only if something writes to it. Building millions of Map entries was most of the
 *    load time and about half the heap.
 * MiniSearch's own fields are read and written through the adapter (src/index/search/adapter.ts);
 * `internals` refuses (reason `format`, so the caller rebuilds) if they are not as it declares, and
 * the round-trip tests compare `toJSON()` of a built and a loaded index.
 *
 * This file holds the layout's constants, the header and its checks; the encoder is encode.ts, the
 * decoder decode.ts, loading a file load.ts, writing one write.ts.
 *
 * A file is trusted only if the magic, the format, the corpus hash, the length and the checksum all
 * match and every block decodes; otherwise `loadSavedIndex` says why and the caller rebuilds.
 */
import { createHash } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import zlib from 'node:zlib';
import type MiniSearch from 'minisearch';
import type { DossierIndex, SearchDoc } from '../model.js';
import { SearchIndex } from '../search/adapter.js';

/**
 * The saved file's layout version. Bump it when the encoder or the decoder (this folder, or the
 * adapter's `fromSaved`) changes what is written or how it is read. Changes to the build code (src/corpus, src/index) need no bump: `buildCodeVersion` hashes
 * that code into the corpus hash, so an index built by other code is stale anyway.
 */
export const SAVED_FORMAT = 4;

export const INDEX_EXTENSION = '.dossier-index';
export const MAGIC = 'DOSSIER-INDEX\n';
export const PREFIX_LENGTH = MAGIC.length + 8 + 1 + 10 + 1;
/** Target size of one block: decoding one stays far below 30 ms. */
export const BLOCK_BYTES = 512 * 1024;
export const HOLE = 0xffffffff;
/** Set on a posting count when its document ids are not ascending (then it loads as a plain Map). */
export const UNSORTED = 0x80000000;

export type LoadFailure = 'missing' | 'stale' | 'corrupt' | 'format';
export type LoadResult =
  | {
      ok: true;
      index: DossierIndex;
      ms: number;
      /** Bytes read: the saved index and the changes replayed from its log. */
      bytes: number;
      corpusHash: string;
      /** How many changes of the change log (change-log.ts) were replayed on the saved index. */
      changes: number;
    }
  | { ok: false; reason: LoadFailure; detail: string };

export interface DecodeOptions {
  /** Yield to the event loop whenever this many ms have run since the last yield; undefined = never. */
  sliceMs?: number;
  onProgress?: (done: number, total: number) => void;
  /** How many bytes of a saved file are read at a time (default 4 MiB; tests use small chunks). */
  chunkBytes?: number;
  /**
   * False: the search blocks are skipped and the index gets `unloadedSearch()` (model.ts), for a
   * process that changes the index and exits without a question (a one-shot CLI change): a fifth
   * of the decoding, and of applying the change, at 100k paragraphs. Default true.
   */
  search?: boolean;
}

export type BlockType = 'json' | 'u32' | 'bytes';

export interface Header {
  format: number;
  endian: 'le';
  corpusHash: string;
  /** The corpus folder it was built from (absolute), so the cache folder can drop orphans. */
  corpusDir?: string;
  version: string;
  builtAt: string;
  buildMs: number;
  counts: { articles: number; paragraphs: number; terms: number };
  bodyBytes: number;
  /** [name, type, offset in body, length in bytes]. */
  blocks: [string, BlockType, number, number][];
}

export class LoadError extends Error {
  constructor(
    readonly reason: LoadFailure,
    detail: string,
  ) {
    super(detail);
  }
}

/** The search index of a built index, refused (reason `format`) if MiniSearch keeps it differently. */
export function internals(search: MiniSearch<SearchDoc>): SearchIndex<SearchDoc> {
  if (!SearchIndex.hasExpectedShape(search)) {
    throw new LoadError('format', 'this MiniSearch version keeps its index differently');
  }
  return search;
}

export function checksum(bytes: Uint8Array): string {
  const crc32 = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;
  if (crc32) return crc32(bytes).toString(16).padStart(8, '0');
  return createHash('sha1').update(bytes).digest('hex').slice(0, 8);
}

/** The rest of the prefix line after MAGIC: an 8-hex-digit checksum and a 10-digit header length. */
const PREFIX_FIELDS = /^([0-9a-f]{8}) (\d{10})\n$/;

export function parsePrefix(buf: Uint8Array): { sum: string; headerLength: number } {
  if (buf.byteLength < PREFIX_LENGTH) throw new LoadError('corrupt', 'the file is shorter than its header');
  const text = Buffer.from(buf.buffer, buf.byteOffset, PREFIX_LENGTH).toString('latin1');
  if (!text.startsWith(MAGIC)) throw new LoadError('corrupt', 'not a Dossier index file');
  const m = PREFIX_FIELDS.exec(text.slice(MAGIC.length));
  if (!m) throw new LoadError('corrupt', 'the header line is damaged');
  return { sum: m[1]!, headerLength: Number(m[2]) };
}

export function parseHeader(buf: Uint8Array, headerLength: number): Header {
  if (buf.byteLength < PREFIX_LENGTH + headerLength) throw new LoadError('corrupt', 'the file is cut short');
  let header: Header;
  try {
    header = JSON.parse(
      Buffer.from(buf.buffer, buf.byteOffset + PREFIX_LENGTH, headerLength).toString('utf8'),
    ) as Header;
  } catch {
    throw new LoadError('corrupt', 'the header is not valid JSON');
  }
  if (typeof header !== 'object' || header === null) throw new LoadError('corrupt', 'the header is damaged');
  if (header.format !== SAVED_FORMAT) {
    throw new LoadError(
      'format',
      `saved in format ${String(header.format)}; this code reads ${SAVED_FORMAT}`,
    );
  }
  if (header.endian !== 'le' || new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
    throw new LoadError('format', 'saved on a machine with a different byte order');
  }
  if (
    typeof header.corpusHash !== 'string' ||
    typeof header.version !== 'string' ||
    typeof header.bodyBytes !== 'number' ||
    typeof header.counts !== 'object' ||
    !Array.isArray(header.blocks)
  ) {
    throw new LoadError('corrupt', 'the header is missing fields');
  }
  return header;
}

/**
 * Opens a saved index for reading, refusing anything but a regular file before reading a byte: a
 * named pipe (or a device) at that path would block the read, and the process with it, forever.
 * O_NONBLOCK makes the open itself return at once whatever the path is.
 */
export async function openRegular(file: string): Promise<{ fh: FileHandle; size: number }> {
  const fh = await open(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  try {
    const info = await fh.stat();
    if (!info.isFile()) throw new LoadError('corrupt', `${file} is not a regular file`);
    return { fh, size: info.size };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

export async function readHeader(file: string): Promise<Header> {
  const { fh } = await openRegular(file);
  try {
    const prefix = Buffer.alloc(PREFIX_LENGTH);
    await fh.read(prefix, 0, PREFIX_LENGTH, 0);
    const { headerLength } = parsePrefix(prefix);
    // The length comes from the file: checked against the file's size before anything is allocated
    // (a damaged length of 3,000,000,000 made Buffer.alloc abort the process).
    const { size } = await fh.stat();
    if (PREFIX_LENGTH + headerLength > size) throw new LoadError('corrupt', 'the file is cut short');
    const all = Buffer.alloc(PREFIX_LENGTH + headerLength);
    await fh.read(all, 0, all.length, 0);
    return parseHeader(all, headerLength);
  } finally {
    await fh.close();
  }
}
