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
 * This reads and writes MiniSearch's private fields (7.x); `internals` checks they look as expected
 * and refuses (reason `format`, so the caller rebuilds) if not, and the round-trip tests compare
 * `toJSON()` of a built and a loaded index.
 *
 * A file is trusted only if the magic, the format, the corpus hash, the length and the checksum all
 * match and every block decodes; otherwise `loadSavedIndex` says why and the caller rebuilds.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import type MiniSearch from 'minisearch';
import type { Article, IngestError, Paragraph } from '../../corpus/types.js';
import { createSearch, searchOptions, type DossierIndex, type SearchDoc } from '../model.js';
import { LEAF, SearchIndex, type FieldPostings, type Postings, type TermTree } from '../search/adapter.js';
import { hashFiles, hashFilesInThread } from './hash-files.mjs';
import type { Entity, Mention, Quote, TimeMention } from '../tables/types.js';

/**
 * The saved file's layout version. Bump it when this file changes what it writes or how it reads
 * it. Changes to the build code (src/corpus, src/index) need no bump: `buildCodeVersion` hashes
 * that code into the corpus hash, so an index built by other code is stale anyway.
 */
export const SAVED_FORMAT = 4;

export const INDEX_EXTENSION = '.dossier-index';
const MAGIC = 'DOSSIER-INDEX\n';
const PREFIX_LENGTH = MAGIC.length + 8 + 1 + 10 + 1;
/** Target size of one block: decoding one stays far below 30 ms. */
const BLOCK_BYTES = 512 * 1024;
const HOLE = 0xffffffff;
/** Set on a posting count when its document ids are not ascending (then it loads as a plain Map). */
const UNSORTED = 0x80000000;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type LoadFailure = 'missing' | 'stale' | 'corrupt' | 'format';
export type LoadResult =
  | { ok: true; index: DossierIndex; ms: number; bytes: number; corpusHash: string }
  | { ok: false; reason: LoadFailure; detail: string };

export interface DecodeOptions {
  /** Yield to the event loop whenever this many ms have run since the last yield; undefined = never. */
  sliceMs?: number;
  onProgress?: (done: number, total: number) => void;
  /** How many bytes of a saved file are read at a time (default 4 MiB; tests use small chunks). */
  chunkBytes?: number;
}

type BlockType = 'json' | 'u32' | 'bytes';

interface Header {
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

class LoadError extends Error {
  constructor(
    readonly reason: LoadFailure,
    detail: string,
  ) {
    super(detail);
  }
}

// ---------------------------------------------------------------------------------------------------
// Where the index is saved, and what it was built from

/** `.cache/index/<hash of the absolute corpus path>.dossier-index` in the project folder. */
export function defaultIndexFile(corpusDir: string): string {
  const key = createHash('sha256').update(path.resolve(corpusDir)).digest('hex').slice(0, 16);
  return path.join(defaultIndexDir(), key + INDEX_EXTENSION);
}

export function defaultIndexDir(): string {
  return path.join(ROOT, '.cache', 'index');
}

let codeVersion: Promise<string> | undefined;
/** The `"version": "…"` field of a package.json; group 1 is the version. */
const PACKAGE_VERSION_FIELD = /"version"\s*:\s*"([^"]*)"/;

/**
 * A hash of the code whose output the saved index is: SAVED_FORMAT, the package version, the
 * versions of the libraries the build uses, and the source of src/corpus and src/index (except the
 * files that only answer or orchestrate). Editing the build code therefore makes saved files stale
 * by itself.
 */
export function buildCodeVersion(): Promise<string> {
  codeVersion ??= (async () => {
    const version = (text: string) => (PACKAGE_VERSION_FIELD.exec(text) ?? [])[1] ?? '-';
    const h = createHash('sha256').update(`format ${SAVED_FORMAT}\n`);
    h.update(`package ${version(await readFile(path.join(ROOT, 'package.json'), 'utf8').catch(() => ''))}\n`);
    for (const dep of [
      'minisearch',
      'compromise',
      'chrono-node',
      'linkedom',
      '@mozilla/readability',
      'yaml',
    ]) {
      const text = await readFile(path.join(ROOT, 'node_modules', dep, 'package.json'), 'utf8').catch(
        () => '',
      );
      h.update(`${dep} ${version(text)}\n`);
    }
    const notBuild = new Set(['store.ts', 'worker.ts', 'search.ts', 'entities-lookup.ts']);
    for (const sub of ['src/corpus', 'src/index']) {
      const names = await readdir(path.join(ROOT, sub)).catch(() => [] as string[]);
      for (const name of names.filter((n) => n.endsWith('.ts') && !notBuild.has(n)).sort()) {
        h.update(`${sub}/${name}\n`);
        h.update(await readFile(path.join(ROOT, sub, name)));
      }
    }
    return h.digest('hex').slice(0, 16);
  })();
  return codeVersion;
}

/**
 * The corpus's content hash: the relative path and bytes of every article file (subfolders
 * included, in code-unit order), plus `buildCodeVersion()`. Equal hashes mean a rebuild would give
 * the same index.
 */
export async function corpusHash(dir: string): Promise<string> {
  return (await hashCorpus(dir)).hash;
}

/**
 * `corpusHash`, with how many article files and bytes it read (hash-files.mjs). With `thread`, the
 * files are read and hashed in a worker thread, so the caller can do other work meanwhile (start-up
 * decodes the saved index); otherwise here, pausing every few ms so a process that is answering
 * keeps answering.
 */
export async function hashCorpus(
  dir: string,
  opts: { thread?: boolean } = {},
): Promise<{ hash: string; files: number; bytes: number }> {
  const root = path.resolve(dir);
  const seed = await buildCodeVersion();
  return opts.thread
    ? hashFilesInThread(root, seed, INDEX_EXTENSION)
    : hashFiles(root, seed, INDEX_EXTENSION, 8);
}

// ---------------------------------------------------------------------------------------------------
// Article signatures (what "changed" means in a reindex report), cached per index

const signatures = new WeakMap<DossierIndex, string[]>();

export function articleSignature(a: Article): string {
  return createHash('sha1')
    .update(JSON.stringify([a.title, a.published, a.paragraphs.map((p) => p.text)]))
    .digest('hex')
    .slice(0, 16);
}

/** file → signature of every article (computed once per index, or read from its saved file). */
export function articleSignatures(index: DossierIndex): Map<string, string> {
  let sigs = signatures.get(index);
  if (!sigs) signatures.set(index, (sigs = index.articles.map(articleSignature)));
  return new Map(index.articles.map((a, i) => [a.file, sigs[i]!]));
}

// ---------------------------------------------------------------------------------------------------
// MiniSearch internals

type Freqs = Postings;
type Tree = TermTree;

/** The search index of a built index, refused (reason `format`) if MiniSearch keeps it differently. */
function internals(search: MiniSearch<SearchDoc>): SearchIndex<SearchDoc> {
  if (!SearchIndex.hasExpectedShape(search)) {
    throw new LoadError('format', 'this MiniSearch version keeps its index differently');
  }
  return search;
}

/**
 * A term's postings for one field (document short id → frequency) read straight from uint32 words
 * (pairs, ascending ids), with the Map methods MiniSearch uses. It is not a Map (a Map subclass
 * would allocate an empty hash table per term for nothing); the first write copies the pairs into
 * a real Map that serves from then on.
 */
class PackedFreqs {
  #words: Uint32Array | undefined;
  readonly #start: number;
  readonly #n: number;
  /** Where the last lookup hit: MiniSearch looks ids up in iteration order. */
  #hint = 0;
  #map: Map<number, number> | undefined;

  constructor(words: Uint32Array, start: number, n: number) {
    this.#words = words;
    this.#start = start;
    this.#n = n;
  }

  #find(key: unknown): number {
    const w = this.#words!;
    if (typeof key !== 'number') return -1;
    const s = this.#start;
    const h = this.#hint;
    if (h < this.#n && w[s + 2 * h] === key) return h;
    if (h + 1 < this.#n && w[s + 2 * h + 2] === key) return (this.#hint = h + 1);
    let lo = 0;
    let hi = this.#n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = w[s + 2 * mid]!;
      if (v === key) return (this.#hint = mid);
      if (v < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The real Map, made on the first write. */
  #real(): Map<number, number> {
    if (!this.#map) {
      const w = this.#words!;
      this.#map = new Map();
      for (let i = 0, at = this.#start; i < this.#n; i++, at += 2) this.#map.set(w[at]!, w[at + 1]!);
      this.#words = undefined;
    }
    return this.#map;
  }

  get size(): number {
    return this.#map ? this.#map.size : this.#n;
  }
  get(key: number): number | undefined {
    if (this.#map) return this.#map.get(key);
    const i = this.#find(key);
    return i < 0 ? undefined : this.#words![this.#start + 2 * i + 1];
  }
  has(key: number): boolean {
    return this.#map ? this.#map.has(key) : this.#find(key) >= 0;
  }
  set(key: number, value: number): this {
    this.#real().set(key, value);
    return this;
  }
  delete(key: number): boolean {
    return this.#real().delete(key);
  }
  clear(): void {
    this.#real().clear();
  }
  forEach(fn: (value: number, key: number, map: this) => void, thisArg?: unknown): void {
    if (this.#map) {
      this.#map.forEach((v, k) => fn.call(thisArg, v, k, this));
      return;
    }
    // Straight from the words: no entry arrays (the search walks postings with forEach).
    const w = this.#words!;
    for (let i = 0, at = this.#start; i < this.#n; i++, at += 2) fn.call(thisArg, w[at + 1]!, w[at]!, this);
  }
  keys(): Iterator<number> & Iterable<number> {
    return this.#map
      ? this.#map.keys()
      : (new PackedIterator(this.#words!, this.#start, this.#n, 0) as never);
  }
  values(): Iterator<number> & Iterable<number> {
    return this.#map
      ? this.#map.values()
      : (new PackedIterator(this.#words!, this.#start, this.#n, 1) as never);
  }
  entries(): Iterator<[number, number]> & Iterable<[number, number]> {
    return this.#map
      ? this.#map.entries()
      : (new PackedIterator(this.#words!, this.#start, this.#n, 2) as never);
  }
  [Symbol.iterator](): Iterator<[number, number]> {
    return this.entries();
  }
  get [Symbol.toStringTag](): string {
    return 'Map';
  }
}

/**
 * The map 0 → 0, 1 → 1, … n-1 → n-1 without storing it (MiniSearch's short ids and our ids, when
 * documents were added in order). The first write copies it into the Map itself.
 */
class CountingMap extends Map<number, number> {
  #n: number | undefined;

  constructor(n: number) {
    super();
    this.#n = n;
  }

  #in(key: unknown): key is number {
    return typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < this.#n!;
  }

  #materialize(): void {
    const n = this.#n;
    if (n === undefined) return;
    this.#n = undefined;
    for (let i = 0; i < n; i++) super.set(i, i);
  }

  override get size(): number {
    return this.#n ?? super.size;
  }
  override get(key: number): number | undefined {
    if (this.#n === undefined) return super.get(key);
    return this.#in(key) ? key : undefined;
  }
  override has(key: number): boolean {
    return this.#n === undefined ? super.has(key) : this.#in(key);
  }
  override set(key: number, value: number): this {
    this.#materialize();
    return super.set(key, value);
  }
  override delete(key: number): boolean {
    this.#materialize();
    return super.delete(key);
  }
  override clear(): void {
    this.#n = undefined;
    super.clear();
  }
  override forEach(
    fn: (value: number, key: number, map: Map<number, number>) => void,
    thisArg?: unknown,
  ): void {
    if (this.#n === undefined) return super.forEach(fn, thisArg);
    for (let i = 0; i < this.#n; i++) fn.call(thisArg, i, i, this);
  }
  #pairs(): Uint32Array {
    const pairs = new Uint32Array(2 * this.#n!);
    for (let i = 0; i < this.#n!; i++) pairs[2 * i] = pairs[2 * i + 1] = i;
    return pairs;
  }
  override keys(): MapIterator<number> {
    return this.#n === undefined ? super.keys() : (new PackedIterator(this.#pairs(), 0, this.#n, 0) as never);
  }
  override values(): MapIterator<number> {
    return this.#n === undefined
      ? super.values()
      : (new PackedIterator(this.#pairs(), 0, this.#n, 1) as never);
  }
  override entries(): MapIterator<[number, number]> {
    return this.#n === undefined
      ? super.entries()
      : (new PackedIterator(this.#pairs(), 0, this.#n, 2) as never);
  }
  override [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }
}

/**
 * MiniSearch's field lengths (short id → length per field) read from the saved document table
 * (rows of short id, id, one word per field; HOLE = no length), for documents whose short ids are
 * 0…n-1 in order. `get` makes the small array MiniSearch expects; the first write copies every row
 * into the Map itself. Building 100k Map entries and arrays was a tenth of the load.
 */
class PackedLengths extends Map<number, number[]> {
  #words: Uint32Array | undefined;
  readonly #n: number;
  readonly #fields: number;

  constructor(words: Uint32Array, n: number, fields: number) {
    super();
    this.#words = words;
    this.#n = n;
    this.#fields = fields;
  }

  #row(id: number): number[] {
    const w = this.#words!;
    const lengths: number[] = [];
    for (let f = 0, at = 2 + id * (2 + this.#fields) + 2; f < this.#fields; f++, at++) {
      if (w[at] !== HOLE) lengths[f] = w[at]!;
    }
    return lengths;
  }

  #in(key: unknown): key is number {
    return typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < this.#n;
  }

  #materialize(): void {
    if (!this.#words) return;
    for (let i = 0; i < this.#n; i++) super.set(i, this.#row(i));
    this.#words = undefined;
  }

  override get size(): number {
    return this.#words ? this.#n : super.size;
  }
  override get(key: number): number[] | undefined {
    if (!this.#words) return super.get(key);
    return this.#in(key) ? this.#row(key) : undefined;
  }
  override has(key: number): boolean {
    return this.#words ? this.#in(key) : super.has(key);
  }
  override set(key: number, value: number[]): this {
    this.#materialize();
    return super.set(key, value);
  }
  override delete(key: number): boolean {
    this.#materialize();
    return super.delete(key);
  }
  override clear(): void {
    this.#words = undefined;
    super.clear();
  }
  override forEach(
    fn: (value: number[], key: number, map: Map<number, number[]>) => void,
    thisArg?: unknown,
  ): void {
    if (!this.#words) return super.forEach(fn, thisArg);
    for (let i = 0; i < this.#n; i++) fn.call(thisArg, this.#row(i), i, this);
  }
  /** Rows in id order (a write during the walk ends it, as the rows are then in the Map). */
  *#rows<T>(pick: (id: number, lengths: () => number[]) => T): Generator<T, undefined, unknown> {
    for (let i = 0; i < this.#n && this.#words; i++) yield pick(i, () => this.#row(i));
    return undefined;
  }
  override keys(): MapIterator<number> {
    return this.#words ? (this.#rows((id) => id) as never) : super.keys();
  }
  override values(): MapIterator<number[]> {
    return this.#words ? (this.#rows((_, row) => row()) as never) : super.values();
  }
  override entries(): MapIterator<[number, number[]]> {
    return this.#words ? (this.#rows((id, row) => [id, row()]) as never) : super.entries();
  }
  override [Symbol.iterator](): MapIterator<[number, number[]]> {
    return this.entries();
  }
}

class PackedIterator {
  #at: number;
  readonly #end: number;
  constructor(
    private readonly words: Uint32Array,
    start: number,
    n: number,
    /** 0 keys, 1 values, 2 entries. */
    private readonly what: 0 | 1 | 2,
  ) {
    this.#at = start;
    this.#end = start + 2 * n;
  }
  next(): IteratorResult<number | [number, number], undefined> {
    if (this.#at >= this.#end) return { done: true, value: undefined };
    const at = this.#at;
    this.#at += 2;
    const w = this.words;
    const value =
      this.what === 0 ? w[at]! : this.what === 1 ? w[at + 1]! : ([w[at]!, w[at + 1]!] as [number, number]);
    return { done: false, value };
  }
  [Symbol.iterator](): this {
    return this;
  }
}

// ---------------------------------------------------------------------------------------------------
// Encoding

class BodyWriter {
  readonly blocks: Header['blocks'] = [];
  readonly parts: Uint8Array[] = [];
  size = 0;

  push(name: string, type: BlockType, bytes: Uint8Array): void {
    this.blocks.push([name, type, this.size, bytes.byteLength]);
    this.parts.push(bytes);
    this.size += bytes.byteLength;
    const pad = (4 - (this.size % 4)) % 4;
    if (pad) {
      this.parts.push(new Uint8Array(pad).fill(0x20));
      this.size += pad;
    }
  }

  json(name: string, value: unknown): void {
    this.push(name, 'json', Buffer.from(JSON.stringify(value), 'utf8'));
  }

  /** A list as JSON arrays of about BLOCK_BYTES each (at least one block, even for an empty list). */
  jsonList<T>(name: string, items: readonly T[], map: (item: T) => unknown = (x) => x): void {
    let chunk: string[] = [];
    let length = 0;
    let blocks = 0;
    const flush = () => {
      this.push(name, 'json', Buffer.from(`[${chunk.join(',')}]`, 'utf8'));
      chunk = [];
      length = 0;
      blocks++;
    };
    for (const item of items) {
      const text = JSON.stringify(map(item));
      chunk.push(text);
      length += text.length;
      if (length >= BLOCK_BYTES) flush();
    }
    if (chunk.length || blocks === 0) flush();
  }

  u32(name: string, words: Uint32Array): void {
    this.push(name, 'u32', new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
  }
}

/** A growable list of uint32 words. */
class Words {
  buf = new Uint32Array(1 << 16);
  length = 0;
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Uint32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  take(): Uint32Array {
    const out = this.buf.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

function u32(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 0 || v >= UNSORTED) throw new Error(`cannot save ${what} ${String(v)}`);
  return v;
}

/**
 * Articles in blocks: JSON with each article's fields and, per paragraph, its other fields, its text
 * length and sentence lengths; then the block's paragraph texts as two strings: those whose
 * characters all fit in one byte (Latin-1, almost all of them), and the others (UTF-16). Loaded,
 * each string is one allocation and every text and sentence is a slice of it, and the one-byte
 * string stays one byte per character. Fields filled in at load keep their place as a 0, so loaded
 * objects have the same keys in the same order.
 *
 * A paragraph with exactly the usual fields (articleId, n, text, sentences that join into the text)
 * is a 0 in the JSON and numbers in the block's `paras` words: n, text length (high bit: wide),
 * sentence count, sentence lengths. That is most of them, and it keeps 300k small objects and
 * arrays out of the JSON.
 */
const PLAIN_PARAGRAPH = ['articleId', 'n', 'text', 'sentences'];

function isPlainParagraph(p: Paragraph): boolean {
  const keys = Object.keys(p);
  return (
    keys.length === PLAIN_PARAGRAPH.length &&
    keys.every((k, i) => k === PLAIN_PARAGRAPH[i]) &&
    Number.isInteger(p.n) &&
    p.n >= 0 &&
    p.n < UNSORTED &&
    p.text.length < UNSORTED
  );
}

/** A character outside Latin-1: the paragraph is stored as UTF-16 (`wide`) rather than `narrow`. */
const NON_LATIN1_CHAR = /[\u0100-\uffff]/;

function encodeArticles(w: BodyWriter, articles: readonly Article[]): void {
  let meta: string[] = [];
  let narrow: string[] = [];
  let wide: string[] = [];
  const paras = new Words();
  let size = 0;
  const flush = () => {
    w.push('articles', 'json', Buffer.from(`[${meta.join(',')}]`, 'utf8'));
    w.push('narrow', 'bytes', Buffer.from(narrow.join(''), 'latin1'));
    w.push('wide', 'bytes', Buffer.from(wide.join(''), 'utf16le'));
    w.u32('paras', paras.take());
    meta = [];
    narrow = [];
    wide = [];
    size = 0;
  };
  for (const a of articles) {
    const paragraphs = a.paragraphs.map((p) => {
      const isWide = NON_LATIN1_CHAR.test(p.text);
      (isWide ? wide : narrow).push(p.text);
      size += p.text.length * (isWide ? 2 : 1);
      const joins = p.sentences.join(' ') === p.text;
      if (joins && isPlainParagraph(p)) {
        paras.push(p.n);
        paras.push((p.text.length | (isWide ? UNSORTED : 0)) >>> 0);
        paras.push(p.sentences.length);
        for (const sentence of p.sentences) paras.push(sentence.length);
        size += 4 * (3 + p.sentences.length);
        return 0;
      }
      const rest = { ...p, articleId: 0, text: 0, sentences: joins ? 0 : p.sentences };
      return [
        rest,
        isWide ? -p.text.length - 1 : p.text.length,
        joins ? p.sentences.map((s) => s.length) : null,
      ];
    });
    const text = JSON.stringify([{ ...a, paragraphs: 0 }, paragraphs]);
    meta.push(text);
    size += text.length;
    if (size >= BLOCK_BYTES) flush();
  }
  if (meta.length || articles.length === 0) flush();
}

/** Entities with their mentions as numbers: [entity, spellings, [article, paragraph, spelling, …]]. */
function encodeEntities(w: BodyWriter, entities: readonly Entity[], articles: readonly Article[]): void {
  const articleAt = new Map(articles.map((a, i) => [a.id, i]));
  const plain = (m: Mention) => {
    const keys = Object.keys(m);
    return (
      keys.length === 3 &&
      keys[0] === 'articleId' &&
      keys[1] === 'paragraph' &&
      keys[2] === 'surface' &&
      articleAt.has(m.articleId) &&
      Number.isInteger(m.paragraph) &&
      m.paragraph >= 0 &&
      m.paragraph < UNSORTED &&
      typeof m.surface === 'string'
    );
  };
  // Blocks of JSON [entity, spellings, mention count] (or [entity] when a mention is unusual),
  // each followed by its mentions as words: article, paragraph, spelling.
  let chunk: string[] = [];
  let length = 0;
  const flat = new Words();
  const flush = () => {
    w.push('entities', 'json', Buffer.from(`[${chunk.join(',')}]`, 'utf8'));
    w.u32('mentions', flat.take());
    chunk = [];
    length = 0;
  };
  for (const e of entities) {
    let item: unknown;
    const before = flat.length;
    if (!e.mentions.every(plain)) item = [e];
    else {
      const spellings = new Map<string, number>();
      for (const m of e.mentions) {
        let s = spellings.get(m.surface);
        if (s === undefined) spellings.set(m.surface, (s = spellings.size));
        flat.push(articleAt.get(m.articleId)!);
        flat.push(m.paragraph);
        flat.push(s);
      }
      item = [{ ...e, mentions: 0 }, [...spellings.keys()], e.mentions.length];
    }
    const text = JSON.stringify(item);
    chunk.push(text);
    length += text.length + 4 * (flat.length - before);
    if (length >= BLOCK_BYTES) flush();
  }
  if (chunk.length || entities.length === 0) flush();
}

function encodeSearch(w: BodyWriter, search: MiniSearch<SearchDoc>): number {
  const s = internals(search);
  const fieldCount = Object.keys(s._fieldIds).length;
  w.json('search', {
    documentCount: s._documentCount,
    nextId: s._nextId,
    fieldIds: s._fieldIds,
    averageFieldLength: s._avgFieldLength,
    dirtCount: s._dirtCount,
    storedFields: [...s._storedFields].filter(([, v]) => v !== undefined),
  });
  const docs = new Words();
  docs.push(s._documentIds.size);
  docs.push(fieldCount);
  for (const [shortId, id] of s._documentIds) {
    docs.push(u32(shortId, 'short id'));
    docs.push(u32(id, 'document id'));
    const lengths = s._fieldLength.get(shortId) ?? [];
    for (let f = 0; f < fieldCount; f++) {
      docs.push(lengths[f] === undefined ? HOLE : u32(lengths[f]!, 'field length'));
    }
  }
  w.u32('docs', docs.take());

  // The radix tree as it is, depth first, each Map in its own order.
  let keys: string[] = [];
  let keyChars = 0;
  const words = new Words();
  let leaves = 0;
  const flush = () => {
    w.json('keys', keys);
    w.u32('tree', words.take());
    keys = [];
    keyChars = 0;
  };
  const root = s._index._tree as Tree;
  words.push(root.size);
  const stack: Iterator<[string, Tree | FieldPostings]>[] = [root.entries()];
  while (stack.length) {
    const r = stack[stack.length - 1]!.next();
    if (r.done) {
      stack.pop();
      continue;
    }
    const [key, value] = r.value;
    keys.push(key);
    keyChars += key.length;
    if (key === LEAF) {
      leaves++;
      const fields = value as FieldPostings;
      words.push(fields.size);
      for (const [fieldId, freqs] of fields) {
        words.push(u32(fieldId, 'field id'));
        const countAt = words.length;
        words.push(u32(freqs.size, 'posting count'));
        let last = -1;
        let sorted = true;
        for (const [shortId, freq] of freqs) {
          if (shortId <= last) sorted = false;
          last = shortId;
          words.push(u32(shortId, 'short id'));
          words.push(u32(freq, 'term frequency'));
        }
        if (!sorted) words.buf[countAt] = (words.buf[countAt]! | UNSORTED) >>> 0;
      }
    } else {
      words.push((value as Tree).size);
      stack.push((value as Tree).entries());
    }
    if (words.length * 4 + keyChars >= BLOCK_BYTES) flush();
  }
  flush();
  return leaves;
}

/** The whole saved file for `index`, as bytes (what `saveIndex` writes and a worker hands over). */
export function encodeIndex(index: DossierIndex, hash: string, corpusDir?: string): Uint8Array {
  const w = new BodyWriter();
  const sigs = articleSignatures(index);
  w.json('meta', { errors: index.errors, signatures: index.articles.map((a) => sigs.get(a.file)) });
  encodeArticles(w, index.articles);
  // Where each paragraph of `paragraphs` (its search id) is: article number, paragraph number.
  const where = new Map<Paragraph, [number, number]>();
  index.articles.forEach((a, ai) => a.paragraphs.forEach((p, pi) => where.set(p, [ai, pi])));
  const order = new Uint32Array(index.paragraphs.length * 2);
  index.paragraphs.forEach((p, i) => {
    const at = where.get(p);
    if (!at) throw new Error(`paragraph ${i} belongs to no article`);
    order[2 * i] = at[0];
    order[2 * i + 1] = at[1];
  });
  w.u32('order', order);
  const terms = encodeSearch(w, index.search);
  encodeEntities(w, index.entities, index.articles);
  w.jsonList('times', index.times);
  w.jsonList('quotes', index.quotes);

  const header: Header = {
    format: SAVED_FORMAT,
    endian: 'le',
    corpusHash: hash,
    ...(corpusDir ? { corpusDir: path.resolve(corpusDir) } : {}),
    version: index.version,
    builtAt: index.builtAt.toISOString(),
    buildMs: index.buildMs,
    counts: { articles: index.articles.length, paragraphs: index.paragraphs.length, terms },
    bodyBytes: w.size,
    blocks: w.blocks,
  };
  let headerText = JSON.stringify(header);
  headerText += ' '.repeat((8 - ((PREFIX_LENGTH + Buffer.byteLength(headerText)) % 8)) % 8);
  const headerBytes = Buffer.from(headerText, 'utf8');
  const out = new Uint8Array(PREFIX_LENGTH + headerBytes.length + w.size);
  let at = PREFIX_LENGTH;
  out.set(headerBytes, at);
  at += headerBytes.length;
  for (const part of w.parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  const sum = checksum(out.subarray(PREFIX_LENGTH));
  out.set(Buffer.from(`${MAGIC}${sum} ${String(headerBytes.length).padStart(10, '0')}\n`, 'latin1'), 0);
  return out;
}

function checksum(bytes: Uint8Array): string {
  const crc32 = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;
  if (crc32) return crc32(bytes).toString(16).padStart(8, '0');
  return createHash('sha1').update(bytes).digest('hex').slice(0, 8);
}

/** Saves the index atomically (a temporary file beside the target, then a rename). */
export async function saveIndex(
  index: DossierIndex,
  file: string,
  hash: string,
  corpusDir?: string,
): Promise<{ bytes: number; ms: number }> {
  const started = performance.now();
  const bytes = encodeIndex(index, hash, corpusDir);
  await writeAtomically(file, bytes);
  return { bytes: bytes.byteLength, ms: performance.now() - started };
}

/**
 * Writes beside the target and renames, so a reader sees the old file or the whole new one (a crash
 * mid-write leaves a stray .tmp, never a torn index). Several processes may save at once (shards);
 * the last rename wins and every file is whole.
 */
export async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await removeStaleTemporaries(path.dirname(file), (name) => isTemporaryOf(name, path.basename(file)));
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(bytes);
      await fh.datasync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  if (path.dirname(path.resolve(file)) === defaultIndexDir()) await pruneOrphans(path.resolve(file));
}

/**
 * A temporary file older than this is left over from a process killed while writing (kill -9, a
 * power cut): a save or an upload takes seconds, never this long, and a younger one may be another
 * process's save in progress.
 */
export const STALE_TEMPORARY_MS = 15 * 60 * 1000;

/** `<file>.<8 hex>.tmp`, the temporary `writeAtomically` writes beside `file`. */
function isTemporaryOf(name: string, base: string): boolean {
  return name.startsWith(`${base}.`) && TEMPORARY_SUFFIX.test(name.slice(base.length));
}
const TEMPORARY_SUFFIX = /^\.[0-9a-f]{8}\.tmp$/;

/** Removes the files in `dir` that `matches` and that were last written over STALE_TEMPORARY_MS ago. */
export async function removeStaleTemporaries(
  dir: string,
  matches: (name: string) => boolean,
): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(dir).catch(() => [] as string[]);
  const now = Date.now();
  for (const name of names) {
    if (!matches(name)) continue;
    const full = path.join(dir, name);
    const info = await lstat(full).catch(() => undefined);
    if (!info?.isFile() || now - info.mtimeMs < STALE_TEMPORARY_MS) continue;
    await rm(full, { force: true });
    removed.push(name);
  }
  return removed;
}

/** Drops saved indexes in the default folder whose corpus folder no longer exists (test corpora). */
async function pruneOrphans(keep: string): Promise<void> {
  const dir = defaultIndexDir();
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const file = path.join(dir, name);
    if (!name.endsWith(INDEX_EXTENSION) || file === keep) continue;
    const header = await readHeader(file).catch(() => undefined);
    if (!header?.corpusDir) continue;
    const alive = await stat(header.corpusDir).then(
      () => true,
      () => false,
    );
    if (!alive) await rm(file, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// Decoding

/** The rest of the prefix line after MAGIC: an 8-hex-digit checksum and a 10-digit header length. */
const PREFIX_FIELDS = /^([0-9a-f]{8}) (\d{10})\n$/;

function parsePrefix(buf: Uint8Array): { sum: string; headerLength: number } {
  if (buf.byteLength < PREFIX_LENGTH) throw new LoadError('corrupt', 'the file is shorter than its header');
  const text = Buffer.from(buf.buffer, buf.byteOffset, PREFIX_LENGTH).toString('latin1');
  if (!text.startsWith(MAGIC)) throw new LoadError('corrupt', 'not a Dossier index file');
  const m = PREFIX_FIELDS.exec(text.slice(MAGIC.length));
  if (!m) throw new LoadError('corrupt', 'the header line is damaged');
  return { sum: m[1]!, headerLength: Number(m[2]) };
}

function parseHeader(buf: Uint8Array, headerLength: number): Header {
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
async function openRegular(file: string): Promise<{ fh: FileHandle; size: number }> {
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

async function readHeader(file: string): Promise<Header> {
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

/** The corpus hash a saved file was built from, without loading it (undefined if unreadable). */
export async function savedCorpusHash(file: string): Promise<string | undefined> {
  return readHeader(file).then(
    (h) => h.corpusHash,
    () => undefined,
  );
}

/**
 * Checks the bytes of a saved file and rebuilds the index from them; throws a LoadError saying why
 * it cannot. With `sliceMs`, it pauses (setImmediate) whenever it has run that long.
 *
 * `expectedHash` may still be being computed (start-up hashes the corpus in another thread while
 * this decodes): then the index is returned only once the hash is known and equal, and decoding
 * stops at the next block once it is known to differ.
 */
export async function decodeIndex(
  buf: Uint8Array,
  expectedHash: string | Promise<string> | undefined,
  opts: DecodeOptions = {},
  arrival?: Arrival,
): Promise<{ index: DossierIndex; corpusHash: string }> {
  await arrival?.until(PREFIX_LENGTH);
  const { sum, headerLength } = parsePrefix(buf);
  await arrival?.until(PREFIX_LENGTH + headerLength);
  const header = parseHeader(buf, headerLength);
  const stale = () => new LoadError('stale', 'the corpus or the build code has changed since it was saved');
  if (typeof expectedHash === 'string' && header.corpusHash !== expectedHash) throw stale();
  let known: { hash: string } | { error: unknown } | undefined;
  const hashed =
    typeof expectedHash === 'object'
      ? expectedHash.then(
          (hash) => (known = { hash }),
          (error: unknown) => (known = { error }),
        )
      : undefined;
  /** Throws once the awaited hash turned out different (or could not be computed). */
  const check = () => {
    if (!known) return;
    if ('error' in known) {
      throw new LoadError('stale', `the corpus could not be hashed: ${(known.error as Error)?.message}`);
    }
    if (known.hash !== header.corpusHash) throw stale();
  };
  const bodyStart = PREFIX_LENGTH + headerLength;
  if (buf.byteLength !== bodyStart + header.bodyBytes) {
    throw new LoadError(
      'corrupt',
      `the file is ${buf.byteLength} bytes; its header says ${bodyStart + header.bodyBytes}`,
    );
  }
  const pace = pacer(opts.sliceMs);
  const pause = hashed
    ? () => {
        check();
        return pace();
      }
    : pace;
  // The checksum in steps of a few megabytes, so a sliced load never blocks on it.
  const verify = async () => {
    const crc32 = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
    if (crc32) {
      let crc = 0;
      for (let at = PREFIX_LENGTH; at < buf.byteLength; at += 4 << 20) {
        crc = crc32(buf.subarray(at, Math.min(at + (4 << 20), buf.byteLength)), crc);
        await pause();
      }
      if (crc.toString(16).padStart(8, '0') !== sum)
        throw new LoadError('corrupt', 'the checksum does not match');
    } else if (checksum(buf.subarray(PREFIX_LENGTH)) !== sum) {
      throw new LoadError('corrupt', 'the checksum does not match');
    }
  };
  // Bytes still arriving are decoded as they come and checked once all are in (a damaged block
  // that does decode is caught then); bytes in memory are checked first.
  if (!arrival) await verify();
  let index: DossierIndex;
  try {
    index = await decodeBody(buf, bodyStart, header, pause, opts.onProgress, arrival?.until);
    await arrival?.all;
  } catch (err) {
    if (err instanceof LoadError) throw err;
    throw new LoadError('corrupt', `a block does not decode: ${(err as Error).message}`);
  }
  if (arrival) await verify();
  // Never handed out before the corpus is known to be the one it was built from.
  await hashed;
  check();
  return { index, corpusHash: header.corpusHash };
}

/** A function that yields to the event loop once `sliceMs` has passed since it last did. */
function pacer(sliceMs: number | undefined): () => Promise<void> {
  if (sliceMs === undefined) return () => Promise.resolve();
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}

type SavedParagraph = [Record<string, unknown>, number, number[] | null];
type SavedArticle = [Record<string, unknown>, (SavedParagraph | 0)[]];
type SavedEntity = [Entity] | [Record<string, unknown>, string[], number];

async function decodeBody(
  buf: Uint8Array,
  bodyStart: number,
  header: Header,
  pause: () => Promise<void>,
  onProgress?: (done: number, total: number) => void,
  until: (end: number) => Promise<void> = () => Promise.resolve(),
): Promise<DossierIndex> {
  const blocks = header.blocks;
  const total = blocks.length;
  let next = 0;
  /** Waits until the next `k` blocks have been read from the file. */
  const ready = (k: number) => {
    const b = blocks[Math.min(next + k, blocks.length) - 1];
    return Array.isArray(b) ? until(bodyStart + b[2] + b[3]) : Promise.resolve();
  };
  function take(name: string, type: 'json'): unknown;
  function take(name: string, type: 'bytes'): Buffer;
  function take(name: string, type: 'u32'): Uint32Array;
  function take(name: string, type: BlockType): unknown {
    const b = blocks[next];
    if (!Array.isArray(b) || b[0] !== name || b[1] !== type)
      throw new Error(`expected a ${name} block at ${next}`);
    next++;
    const [, , offset, length] = b;
    const start = bodyStart + offset;
    if (!(offset >= 0 && length >= 0 && start + length <= buf.byteLength))
      throw new Error(`${name} is out of bounds`);
    const text = () => Buffer.from(buf.buffer, buf.byteOffset + start, length).toString('utf8');
    if (type === 'json') return JSON.parse(text());
    if (type === 'bytes') return Buffer.from(buf.buffer, buf.byteOffset + start, length);
    if (length % 4 !== 0) throw new Error(`${name} is not whole words`);
    // A copy: the words outlive the file's bytes (postings are read from them).
    const words = new Uint32Array(length / 4);
    new Uint8Array(words.buffer).set(buf.subarray(start, start + length));
    return words;
  }
  const more = (name: string) => blocks[next]?.[0] === name;
  async function step(): Promise<void> {
    onProgress?.(next, total);
    await pause();
  }
  async function list<T>(name: string, map: (item: never) => T): Promise<T[]> {
    const out: T[] = [];
    do {
      await ready(1);
      const items = take(name, 'json');
      if (!Array.isArray(items)) throw new Error(`${name} is not a list`);
      for (const item of items as never[]) out.push(map(item));
      await step();
    } while (more(name));
    return out;
  }

  await ready(1);
  const meta = take('meta', 'json') as { errors: IngestError[]; signatures: string[] };
  if (!Array.isArray(meta?.errors)) throw new Error('meta is damaged');

  const articles: Article[] = [];
  do {
    await ready(4);
    const saved = take('articles', 'json') as SavedArticle[];
    const narrow = take('narrow', 'bytes').toString('latin1');
    const wide = take('wide', 'bytes').toString('utf16le');
    const paras = take('paras', 'u32');
    let n = 0;
    let w = 0;
    let k = 0;
    const word = () => {
      if (k >= paras.length) throw new Error('the paragraph numbers are cut short');
      return paras[k++]!;
    };
    for (const [a, ps] of saved) {
      a.paragraphs = ps.map((item) => {
        if (item === 0) {
          const pn = word();
          const code = word();
          const length = (code & ~UNSORTED) >>> 0;
          const t = code & UNSORTED ? wide.slice(w, (w += length)) : narrow.slice(n, (n += length));
          const count = word();
          if (count > paras.length - k) throw new Error('the sentence lengths are cut short');
          let sentences: string[];
          if (count === 1 && paras[k] === length) {
            k++;
            sentences = [t];
          } else {
            sentences = new Array<string>(count);
            for (let i = 0, from = 0; i < count; i++) {
              const len = paras[k++]!;
              sentences[i] = t.slice(from, from + len);
              from += len + 1;
            }
          }
          const p: Paragraph = { articleId: a.id as string, n: pn, text: t, sentences };
          return p;
        }
        const [p, length, lengths] = item;
        p.articleId = a.id;
        // A text of length L is L in the one-byte string, or -L-1 in the wide one.
        let t: string;
        if (length >= 0) {
          t = narrow.slice(n, (n += length));
        } else {
          t = wide.slice(w, (w += -length - 1));
        }
        p.text = t;
        if (lengths) {
          const sentences: string[] = [];
          let from = 0;
          for (const len of lengths) {
            sentences.push(t.slice(from, from + len));
            from += len + 1;
          }
          p.sentences = sentences;
        }
        return p as unknown as Paragraph;
      });
      articles.push(a as unknown as Article);
      // A block's paragraphs are most of what a load allocates: pause between articles too, so
      // the collector's marking steps that this allocation drives are spread over slices.
      await pause();
    }
    if (n !== narrow.length || w !== wide.length || k !== paras.length)
      throw new Error('paragraph texts do not add up');
    await step();
  } while (more('articles'));
  if (articles.length !== header.counts.articles) throw new Error('the article count does not match');

  await ready(1);
  const order = take('order', 'u32');
  if (order.length !== header.counts.paragraphs * 2) throw new Error('the paragraph count does not match');
  const paragraphs = new Array<Paragraph>(order.length / 2);
  for (let i = 0; i < paragraphs.length; i++) {
    const article = articles[order[2 * i]!];
    const p = article?.paragraphs[order[2 * i + 1]!];
    if (!article || !p) throw new Error(`paragraph ${i} points nowhere`);
    paragraphs[i] = p;
    if ((i & 4095) === 4095) await pause();
  }
  await step();

  await ready(2);
  const s = internals(createSearch());
  const sm = take('search', 'json') as {
    documentCount: number;
    nextId: number;
    fieldIds: Record<string, number>;
    averageFieldLength: number[];
    dirtCount: number;
    storedFields: [number, Record<string, unknown>][];
  };
  if (JSON.stringify(sm.fieldIds) !== JSON.stringify(s._fieldIds)) {
    throw new LoadError('format', 'the search fields have changed since it was saved');
  }
  const docs = take('docs', 'u32');
  const docCount = docs[0]!;
  const fieldCount = docs[1]!;
  if (docs.length !== 2 + docCount * (2 + fieldCount)) throw new Error('the document table is damaged');
  // Documents added in order have short id = id = position: then both id maps are views.
  let identity = true;
  for (let i = 0, at = 2; i < docCount && identity; i++, at += 2 + fieldCount) {
    identity = docs[at] === i && docs[at + 1] === i;
  }
  const documentIds: Map<number, number> = identity ? new CountingMap(docCount) : new Map();
  const idToShortId: Map<number, number> = identity ? new CountingMap(docCount) : new Map();
  const fieldLength = identity ? new PackedLengths(docs, docCount, fieldCount) : new Map<number, number[]>();
  for (let i = 0, at = 2; i < docCount && !identity; i++) {
    const shortId = docs[at++]!;
    const id = docs[at++]!;
    const lengths: number[] = [];
    for (let f = 0; f < fieldCount; f++, at++) if (docs[at] !== HOLE) lengths[f] = docs[at]!;
    documentIds.set(shortId, id);
    idToShortId.set(id, shortId);
    fieldLength.set(shortId, lengths);
    if ((i & 4095) === 4095) await pause();
  }
  await step();

  let keys: string[] = [];
  let words: Uint32Array = new Uint32Array(0);
  let ki = 0;
  let wi = 0;
  const word = () => {
    if (wi >= words.length) throw new Error('the tree is cut short');
    return words[wi++]!;
  };
  const nextPair = () => {
    if (ki !== keys.length || wi !== words.length) throw new Error('the tree blocks do not match');
    keys = take('keys', 'json') as string[];
    words = take('tree', 'u32');
    if (!Array.isArray(keys)) throw new Error('the tree keys are not a list');
    ki = 0;
    wi = 0;
  };
  await ready(2);
  nextPair();
  const root: Tree = new Map();
  const stack: { node: Tree; left: number }[] = [{ node: root, left: word() }];
  let leaves = 0;
  let steps = 0;
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (top.left === 0) {
      stack.pop();
      continue;
    }
    top.left--;
    if (ki === keys.length) {
      await step();
      await ready(2);
      nextPair();
    }
    const key = keys[ki++]!;
    if (typeof key !== 'string') throw new Error('a tree key is not a string');
    if (key === LEAF) {
      leaves++;
      const fields: FieldPostings = new Map();
      const nFields = word();
      for (let f = 0; f < nFields; f++) {
        const fieldId = word();
        const count = word();
        const n = (count & ~UNSORTED) >>> 0;
        if (wi + 2 * n > words.length) throw new Error('the postings are cut short');
        if (count & UNSORTED) {
          const freqs: Freqs = new Map();
          for (let i = 0; i < n; i++, wi += 2) freqs.set(words[wi]!, words[wi + 1]!);
          fields.set(fieldId, freqs);
        } else {
          fields.set(fieldId, new PackedFreqs(words, wi, n) as unknown as Freqs);
          wi += 2 * n;
        }
      }
      top.node.set(LEAF, fields);
    } else {
      const child: Tree = new Map();
      top.node.set(key, child);
      stack.push({ node: child, left: word() });
    }
    if ((++steps & 1023) === 0) await pause();
  }
  if (ki !== keys.length || wi !== words.length || more('keys')) throw new Error('the tree has extra data');
  if (leaves !== header.counts.terms) throw new Error('the term count does not match');
  await step();

  const entities: Entity[] = [];
  do {
    await ready(2);
    const items = take('entities', 'json') as SavedEntity[];
    const flat = take('mentions', 'u32');
    if (!Array.isArray(items)) throw new Error('entities is not a list');
    let at = 0;
    for (const e of items) {
      if (e.length === 1) {
        entities.push(e[0]);
        continue;
      }
      const [entity, spellings, count] = e;
      if (!(count >= 0 && at + 3 * count <= flat.length)) throw new Error('the mentions are cut short');
      const mentions: Mention[] = [];
      for (let j = 0; j < count; j++, at += 3) {
        const article = articles[flat[at]!];
        const surface = spellings[flat[at + 2]!];
        if (!article || surface === undefined) throw new Error('a mention points nowhere');
        mentions.push({ articleId: article.id, paragraph: flat[at + 1]!, surface });
      }
      entity.mentions = mentions;
      entities.push(entity as unknown as Entity);
    }
    if (at !== flat.length) throw new Error('the mentions do not add up');
    await step();
  } while (more('entities'));
  const times = await list('times', (t: TimeMention) => t);
  const quotes = await list('quotes', (q: Quote) => q);
  if (next !== blocks.length) throw new Error('unexpected blocks at the end');

  // Only now, with everything decoded, is the search index made.
  const search = SearchIndex.fromSaved(searchOptions(), {
    documentCount: sm.documentCount,
    nextId: sm.nextId,
    averageFieldLength: sm.averageFieldLength,
    dirtCount: sm.dirtCount,
    storedFields: new Map(sm.storedFields),
    documentIds,
    idToShortId,
    fieldLength,
    tree: root,
  });

  const index: DossierIndex = {
    version: header.version,
    builtAt: new Date(header.builtAt),
    buildMs: header.buildMs,
    articles,
    articleById: new Map(articles.map((a) => [a.id, a])),
    paragraphs,
    search,
    entities,
    times,
    quotes,
    errors: meta.errors,
  };
  if (Array.isArray(meta.signatures) && meta.signatures.length === articles.length) {
    signatures.set(index, meta.signatures);
  }
  onProgress?.(total, total);
  return index;
}

/**
 * Loads a saved index. With `expectedHash`, a file built from another corpus (or by other build
 * code) is `stale`. Never throws for a bad file: the result says why it was not used.
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
  return decodeSaved(arrival.buf, expectedHash, opts, started, arrival);
}

/** A file being read into `buf`: `until(n)` resolves once its first n bytes are in, `all` once all are. */
interface Arrival {
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

/** `loadSavedIndex` for bytes already in memory (a worker's result). */
export async function decodeSaved(
  buf: Uint8Array,
  expectedHash?: string | Promise<string>,
  opts: DecodeOptions = {},
  started = performance.now(),
  arrival?: Arrival,
): Promise<LoadResult> {
  try {
    const { index, corpusHash: hash } = await decodeIndex(buf, expectedHash, opts, arrival);
    return { ok: true, index, ms: performance.now() - started, bytes: buf.byteLength, corpusHash: hash };
  } catch (err) {
    if (err instanceof LoadError) return { ok: false, reason: err.reason, detail: err.message };
    return { ok: false, reason: 'corrupt', detail: (err as Error).message };
  }
}
