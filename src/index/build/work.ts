/**
 * One article file's share of a build, kept between builds: the article read from its bytes, the name
 * candidates spotted in it and its time expressions. Each is a function of the file's bytes, its
 * recorded address and the day the build runs on (which decides what "in the future" is), so work
 * whose key matches is reused instead of redone; a change of the build code starts a new store of
 * work (the worker keeps one per code version, see incremental.ts).
 */
import { createHash } from 'node:crypto';
import { parseArticle, type ParseOptions } from '../../corpus/parse-article.js';
import type { FileStat, ReadMemo as LoadMemo } from '../../corpus/load-corpus.js';
import { isIngestError } from '../../corpus/errors.js';
import type { Article, IngestError } from '../../corpus/types.js';
import { articleDigest } from '../model.js';
import { extractTimes } from '../tables/dates.js';
import { spotArticles } from '../tables/entities.js';
import type { Candidate } from '../tables/entities-spans.js';
import type { TimeMention } from '../tables/types.js';

export interface FileWork {
  /** What the work was made from: a hash of the bytes, the address and the build day. */
  key: string;
  article: Article;
  candidates: Candidate[];
  times: TimeMention[];
  /** The article's share of the corpus version (model.ts). */
  digest: string;
  /** How its file stood when it was last read (see ReadMemo). */
  seen?: Seen;
}

/** Articles spotted between two progress reports. */
const WORK_BATCH = 256;

/** The key of a file's work. */
function workKey(bytes: Uint8Array, opts: ParseOptions): string {
  return createHash('sha1')
    .update(`${opts.url ?? ''}\u0000${opts.today ?? ''}\u0000`)
    .update(bytes)
    .digest('base64');
}

/**
 * Articles parsed for an upload's checks (the worker's `parse` jobs: is it readable, is it in the
 * corpus already), by file and work key. The build that follows reads the same bytes and takes the
 * article from here instead of parsing the page a second time (an HTML page is tens of ms; more
 * before the parser's code is warm). A few entries: the build follows its upload at once.
 */
const uploads = new Map<string, Article | IngestError>();
const UPLOADS_KEPT = 8;

/** Parses an upload's bytes as the build that follows will (the same day and address), and keeps the result for it. */
export function parseUpload(
  file: string,
  bytes: Uint8Array,
  opts: ParseOptions & { today: string },
): Article | IngestError {
  const parsed = parseArticle(file, bytes, opts);
  const key = `${file}\u0000${workKey(bytes, opts)}`;
  uploads.delete(key);
  uploads.set(key, parsed);
  for (const oldest of uploads.keys()) {
    if (uploads.size <= UPLOADS_KEPT) break;
    uploads.delete(oldest);
  }
  return parsed;
}

/** The article an upload's check parsed from these very bytes (taken: a build may change what it holds). */
function takeUpload(file: string, key: string): Article | IngestError | undefined {
  const k = `${file}\u0000${key}`;
  const parsed = uploads.get(k);
  uploads.delete(k);
  return parsed;
}

/**
 * What a build remembers of the files it read (loadCorpus's `memo`): a file whose stat and address
 * are those of an earlier read gives that read's article without being read again; any other is
 * read and its article reused when its bytes (with its address and the build day) are the same.
 * A file changed within a second of being read is read again next time, whatever its stat says
 * (its time may not have moved).
 */
export class ReadMemo implements LoadMemo {
  /** Each file's work key, as read by this build. */
  readonly keys = new Map<string, string>();
  /** Each file's stat and address as this build read it. */
  readonly seen = new Map<string, Seen>();
  /** Files read again whose article came out the same as before (their work is kept, re-keyed). */
  readonly sameContent = new Set<string>();

  constructor(
    private readonly before: ReadonlyMap<string, FileWork>,
    private readonly today: string,
  ) {}

  known(file: string, info: FileStat, url: string | undefined): Article | undefined {
    const old = this.before.get(file);
    const was = old?.seen;
    if (!old || !was || was.today !== this.today || was.url !== url) return undefined;
    if (was.size !== info.size || was.mtimeMs !== info.mtimeMs || was.ino !== info.ino) return undefined;
    if (info.mtimeMs >= was.readAt - RACY_MS) return undefined;
    this.keys.set(file, old.key);
    this.seen.set(file, was);
    return old.article;
  }

  parse(file: string, bytes: Uint8Array, opts: ParseOptions, info: FileStat): Article | IngestError {
    const key = workKey(bytes, opts);
    this.keys.set(file, key);
    const seen = {
      size: info.size,
      mtimeMs: info.mtimeMs,
      ino: info.ino,
      url: opts.url,
      today: this.today,
      readAt: Date.now(),
    };
    this.seen.set(file, seen);
    const old = this.before.get(file);
    if (old?.key === key) return old.article;
    const parsed = takeUpload(file, key) ?? parseArticle(file, bytes, opts);
    // Other bytes or another day, the same article (an edit to the page's markup, or a new day that
    // moves no date into the past): keep the old one, and with it its work.
    if (old && !isIngestError(parsed) && sameArticle(old.article, parsed)) {
      this.sameContent.add(file);
      return old.article;
    }
    return parsed;
  }
}

/** Two reads of a file gave the same article (all its fields, paragraphs and sentences included). */
function sameArticle(a: Article, b: Article): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** How a file stood when it was read. */
interface Seen extends FileStat {
  url: string | undefined;
  today: string;
  /** When it was read (ms since the epoch). */
  readAt: number;
}

/** A file whose time is this close to when it was read may have changed within the same tick. */
const RACY_MS = 1000;

/**
 * Every article's work, in the articles' order: kept from `before` where the article is the very one
 * read before (same object), made here for the rest (their names spotted in one batch).
 */
export function workFor(
  articles: readonly Article[],
  memo: ReadMemo,
  before: ReadonlyMap<string, FileWork>,
  onProgress: (done: number, total: number) => void = () => undefined,
): Map<string, FileWork> {
  const fresh = articles.filter((a) => before.get(a.file)?.article !== a);
  const made = new Map<Article, FileWork>();
  // In batches, to report progress: an article's candidates are the same in any batch (entities.ts).
  for (let from = 0; from < fresh.length; from += WORK_BATCH) {
    onProgress(from, fresh.length);
    const batch = fresh.slice(from, from + WORK_BATCH);
    const candidates = spotArticles(batch);
    batch.forEach((article, i) => {
      made.set(article, {
        key: memo.keys.get(article.file) ?? '',
        article,
        candidates: candidates[i]!,
        times: extractTimes([article]),
        digest: articleDigest(article),
      });
    });
  }
  onProgress(fresh.length, fresh.length);
  const out = new Map<string, FileWork>();
  for (const a of articles) {
    const w = made.get(a) ?? before.get(a.file)!;
    // What was seen of the file now, if these are the bytes the work is of (a last good version
    // kept for a file that now fails is not: forget its stat, so the file is read again next time).
    if (memo.sameContent.has(a.file) && w.article === a) {
      out.set(a.file, { ...w, key: memo.keys.get(a.file) ?? w.key, seen: memo.seen.get(a.file) });
      continue;
    }
    const seen = memo.keys.get(a.file) === w.key ? memo.seen.get(a.file) : undefined;
    out.set(a.file, seen === w.seen ? w : { ...w, seen });
  }
  return out;
}
