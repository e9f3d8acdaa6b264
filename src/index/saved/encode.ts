/**
 * The encoder: a built `DossierIndex` as the bytes of a saved file (layout.ts describes the layout).
 * Articles, the paragraph order, MiniSearch's state and radix tree, entities, times and quotes, each
 * in blocks of about BLOCK_BYTES.
 */
import path from 'node:path';
import type { Article, Paragraph } from '../../corpus/types.js';
import type { DossierIndex, SearchDoc } from '../model.js';
import { LEAF, type FieldPostings, type TermTree } from '../search/adapter.js';
import type { Entity, Mention } from '../tables/types.js';
import type MiniSearch from 'minisearch';
import { articleSignatures } from './corpus-hash.js';
import {
  BLOCK_BYTES,
  checksum,
  HOLE,
  internals,
  MAGIC,
  PREFIX_LENGTH,
  SAVED_FORMAT,
  UNSORTED,
  type BlockType,
  type Header,
} from './layout.js';

type Tree = TermTree;

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
export class Words {
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
