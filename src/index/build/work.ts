/**
 * One article file's share of a build, kept between builds: the article read from its bytes, the name
 * candidates spotted in it and its time expressions. Each is a function of the file's bytes, its
 * recorded address and the day the build runs on (which decides what "in the future" is), so work
 * whose key matches is reused instead of redone; a change of the build code starts a new store of
 * work (the worker keeps one per code version, see incremental.ts).
 */
import { createHash } from 'node:crypto';
import { parseArticle, type ParseOptions } from '../../corpus/parse-article.js';
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
}

/** Articles spotted between two progress reports. */
const WORK_BATCH = 256;

/** The key of a file's work. */
export function workKey(bytes: Uint8Array, opts: ParseOptions): string {
  return createHash('sha1')
    .update(`${opts.url ?? ''}\u0000${opts.today ?? ''}\u0000`)
    .update(bytes)
    .digest('base64');
}

/**
 * A `parse` for loadCorpus that reuses the article of a file whose key is unchanged since `before`,
 * and records each file's key (reused or not) in `keys`.
 */
export function reusingParse(
  before: ReadonlyMap<string, FileWork>,
  keys: Map<string, string>,
): (file: string, bytes: Uint8Array, opts: ParseOptions) => Article | IngestError {
  return (file, bytes, opts) => {
    const key = workKey(bytes, opts);
    keys.set(file, key);
    const old = before.get(file);
    if (old?.key === key) return old.article;
    return parseArticle(file, bytes, opts);
  };
}

/**
 * Every article's work, in the articles' order: kept from `before` where the article is the very one
 * read before (same object), made here for the rest (their names spotted in one batch).
 */
export function workFor(
  articles: readonly Article[],
  keys: ReadonlyMap<string, string>,
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
        key: keys.get(article.file) ?? '',
        article,
        candidates: candidates[i]!,
        times: extractTimes([article]),
        digest: articleDigest(article),
      });
    });
  }
  onProgress(fresh.length, fresh.length);
  const out = new Map<string, FileWork>();
  for (const a of articles) out.set(a.file, made.get(a) ?? before.get(a.file)!);
  return out;
}
