/**
 * The decoder: a saved file's bytes (checked: prefix, header, length, checksum, corpus hash) back
 * into a `DossierIndex`, block by block, pausing between blocks when asked to (`sliceMs`). What makes
 * it fast is in layout.ts; MiniSearch's part is decode-search.ts.
 */
import zlib from 'node:zlib';
import type { Article, IngestError, Paragraph } from '../../corpus/types.js';
import { assembleIndex, unloadedSearch, type DossierIndex } from '../model.js';
import type { Entity, Mention, Quote, TimeMention } from '../tables/types.js';
import { BlockReader } from './block-reader.js';
import { keepSignatures } from './corpus-hash.js';
import { decodeDocuments, decodeTree, searchFrom } from './decode-search.js';
import {
  checksum,
  LoadError,
  parseHeader,
  parsePrefix,
  PREFIX_LENGTH,
  UNSORTED,
  type DecodeOptions,
  type Header,
} from './layout.js';
import type { Arrival } from './load.js';

/**
 * Checks the bytes of a saved file and rebuilds the index from them; throws a LoadError saying why
 * it cannot. With `sliceMs`, it pauses (setImmediate) whenever it has run that long.
 *
 * `expectedHash` may still be being computed (start-up hashes the corpus in another thread while
 * this decodes): then the index is returned only once the hash is known and equal, and decoding
 * stops at the next block once it is known to differ.
 *
 * `savedHash` says which corpus hash the file stands for, given its header: the header's own, or
 * the last one of a change log that will be replayed on it (load.ts).
 */
export async function decodeIndex(
  buf: Uint8Array,
  expectedHash: string | Promise<string> | undefined,
  opts: DecodeOptions = {},
  arrival?: Arrival,
  savedHash: (header: Header) => string = (header) => header.corpusHash,
): Promise<{ index: DossierIndex; corpusHash: string }> {
  await arrival?.until(PREFIX_LENGTH);
  const { sum, headerLength } = parsePrefix(buf);
  await arrival?.until(PREFIX_LENGTH + headerLength);
  const header = parseHeader(buf, headerLength);
  const corpusHash = savedHash(header);
  const stale = () => new LoadError('stale', 'the corpus or the build code has changed since it was saved');
  if (typeof expectedHash === 'string' && corpusHash !== expectedHash) throw stale();
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
    if (known.hash !== corpusHash) throw stale();
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
  const verify = () => verifyChecksum(buf, sum, pause);
  // Bytes still arriving are decoded as they come and checked once all are in (a damaged block
  // that does decode is caught then); bytes in memory are checked first.
  if (!arrival) await verify();
  let index: DossierIndex;
  try {
    const reader = new BlockReader(buf, bodyStart, header, pause, opts.onProgress, arrival?.until);
    index = await decodeBody(reader, header, opts.search !== false);
    await arrival?.all;
  } catch (err) {
    if (err instanceof LoadError) throw err;
    throw new LoadError('corrupt', `a block does not decode: ${(err as Error).message}`);
  }
  if (arrival) await verify();
  // Never handed out before the corpus is known to be the one it was built from.
  await hashed;
  check();
  return { index, corpusHash };
}

/** A function that yields to the event loop once `sliceMs` has passed since it last did. */
export function pacer(sliceMs: number | undefined): () => Promise<void> {
  if (sliceMs === undefined) return () => Promise.resolve();
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}

/** The checksum in steps of a few megabytes, so a sliced load never blocks on it. */
async function verifyChecksum(buf: Uint8Array, sum: string, pause: () => Promise<void>): Promise<void> {
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
}

type SavedParagraph = [Record<string, unknown>, number, number[] | null];
type SavedArticle = [Record<string, unknown>, (SavedParagraph | 0)[]];
type SavedEntity = [Entity] | [Record<string, unknown>, string[], number];

/** The search's blocks (decode-search.ts), which a load `withSearch` false steps over. */
const SEARCH_BLOCKS = ['search', 'docs', 'keys', 'tree'];

async function decodeBody(r: BlockReader, header: Header, withSearch: boolean): Promise<DossierIndex> {
  await r.ready(1);
  const meta = r.take('meta', 'json') as { errors: IngestError[]; signatures: string[] };
  if (!Array.isArray(meta?.errors)) throw new Error('meta is damaged');
  const articles = await decodeArticles(r, header);
  const paragraphs = await decodeOrder(r, header, articles);
  const documents = withSearch ? await decodeDocuments(r) : undefined;
  const tree = withSearch ? await decodeTree(r, header) : undefined;
  if (!withSearch) r.skip(SEARCH_BLOCKS);
  const entities = await decodeEntities(r, articles);
  const times = await r.list('times', (t: TimeMention) => t);
  const quotes = await r.list('quotes', (q: Quote) => q);
  if (r.next !== r.total) throw new Error('unexpected blocks at the end');

  // Only now, with everything decoded, is the search index made.
  const search = documents && tree ? searchFrom(documents, tree) : unloadedSearch();
  const index = assembleIndex({
    version: header.version,
    builtAt: new Date(header.builtAt),
    buildMs: header.buildMs,
    articles,
    paragraphs,
    search,
    entities,
    times,
    quotes,
    errors: meta.errors,
  });
  if (Array.isArray(meta.signatures) && meta.signatures.length === articles.length) {
    keepSignatures(index, meta.signatures);
  }
  r.finish();
  return index;
}

/** One block's paragraph texts and numbers, read in order as its articles are decoded. */
class ParagraphBlock {
  /** Where the next text starts in `narrow` and in `wide`, and the next word of `paras`. */
  n = 0;
  w = 0;
  k = 0;

  constructor(
    readonly narrow: string,
    readonly wide: string,
    readonly paras: Uint32Array,
  ) {}

  word(): number {
    if (this.k >= this.paras.length) throw new Error('the paragraph numbers are cut short');
    return this.paras[this.k++]!;
  }

  /** A plain paragraph (a 0 in the JSON): n, text length (high bit: wide), sentence lengths. */
  plain(articleId: string): Paragraph {
    const paras = this.paras;
    const pn = this.word();
    const code = this.word();
    const length = (code & ~UNSORTED) >>> 0;
    const t =
      code & UNSORTED
        ? this.wide.slice(this.w, (this.w += length))
        : this.narrow.slice(this.n, (this.n += length));
    const count = this.word();
    if (count > paras.length - this.k) throw new Error('the sentence lengths are cut short');
    let sentences: string[];
    if (count === 1 && paras[this.k] === length) {
      this.k++;
      sentences = [t];
    } else {
      sentences = new Array<string>(count);
      for (let i = 0, from = 0; i < count; i++) {
        const len = paras[this.k++]!;
        sentences[i] = t.slice(from, from + len);
        from += len + 1;
      }
    }
    return { articleId, n: pn, text: t, sentences };
  }

  /** Any other paragraph: its other fields in the JSON, its text here. */
  other(articleId: unknown, [p, length, lengths]: SavedParagraph): Paragraph {
    p.articleId = articleId;
    // A text of length L is L in the one-byte string, or -L-1 in the wide one.
    let t: string;
    if (length >= 0) {
      t = this.narrow.slice(this.n, (this.n += length));
    } else {
      t = this.wide.slice(this.w, (this.w += -length - 1));
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
  }

  /** True once every text and number of the block has been read. */
  done(): boolean {
    return this.n === this.narrow.length && this.w === this.wide.length && this.k === this.paras.length;
  }
}

async function decodeArticles(r: BlockReader, header: Header): Promise<Article[]> {
  const articles: Article[] = [];
  do {
    await r.ready(4);
    const saved = r.take('articles', 'json') as SavedArticle[];
    const narrow = r.take('narrow', 'bytes').toString('latin1');
    const wide = r.take('wide', 'bytes').toString('utf16le');
    const block = new ParagraphBlock(narrow, wide, r.take('paras', 'u32'));
    for (const [a, ps] of saved) {
      a.paragraphs = ps.map((item) => (item === 0 ? block.plain(a.id as string) : block.other(a.id, item)));
      articles.push(a as unknown as Article);
      // A block's paragraphs are most of what a load allocates: pause between articles too, so
      // the collector's marking steps that this allocation drives are spread over slices.
      await r.pause();
    }
    if (!block.done()) throw new Error('paragraph texts do not add up');
    await r.step();
  } while (r.more('articles'));
  if (articles.length !== header.counts.articles) throw new Error('the article count does not match');
  return articles;
}

/** `paragraphs` in search-id order, from the `order` block (article number, paragraph number). */
async function decodeOrder(r: BlockReader, header: Header, articles: Article[]): Promise<Paragraph[]> {
  await r.ready(1);
  const order = r.take('order', 'u32');
  if (order.length !== header.counts.paragraphs * 2) throw new Error('the paragraph count does not match');
  const paragraphs = new Array<Paragraph>(order.length / 2);
  for (let i = 0; i < paragraphs.length; i++) {
    const article = articles[order[2 * i]!];
    const p = article?.paragraphs[order[2 * i + 1]!];
    if (!article || !p) throw new Error(`paragraph ${i} points nowhere`);
    paragraphs[i] = p;
    if ((i & 4095) === 4095) await r.pause();
  }
  await r.step();
  return paragraphs;
}

/** Entities, their mentions rebuilt from the `mentions` words (article, paragraph, spelling). */
async function decodeEntities(r: BlockReader, articles: Article[]): Promise<Entity[]> {
  const entities: Entity[] = [];
  do {
    await r.ready(2);
    const items = r.take('entities', 'json') as SavedEntity[];
    const flat = r.take('mentions', 'u32');
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
    await r.step();
  } while (r.more('entities'));
  return entities;
}
