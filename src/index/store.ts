/**
 * The index that is serving, and the only ways to change it: a full reindex of the corpus folder and
 * adding one article. A new index is built completely before it is swapped in, so a question always
 * sees one whole index; a reindex already under way is never started twice.
 */
import { randomBytes } from 'node:crypto';
import { lstat, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isIngestError, loadCorpus, parseArticle } from '../corpus/index.js';
import type { IngestError } from '../corpus/types.js';
import { UserError } from '../errors.js';
import type { Logger } from '../log.js';
import { buildIndex, keepLastGood, type DossierIndex } from './build.js';

export interface ReindexReport {
  version: string;
  previousVersion: string;
  articlesAdded: string[];
  articlesRemoved: string[];
  articlesChanged: string[];
  paragraphsBefore: number;
  paragraphsAfter: number;
  /** Files that failed; those that had a good earlier version keep serving it (`kept`). */
  errors: IngestError[];
  kept: string[];
  ms: number;
}

export interface IndexStore {
  current(): DossierIndex;
  readonly corpusDir: string;
  /** True while a reindex (or an add-article) is building. */
  busy(): boolean;
  reindex(): Promise<ReindexReport>;
  addArticle(name: string, bytes: Uint8Array): Promise<{ file: string; report: ReindexReport }>;
}

export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
const ALLOWED = new Set(['.md', '.txt', '.html', '.htm']);
/** Names Windows reserves; refused so a corpus folder stays portable. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

export async function openIndexStore(corpusDir: string, log: Logger): Promise<IndexStore> {
  const dir = path.resolve(corpusDir);
  const corpus = await loadCorpus(dir);
  for (const e of corpus.errors) log.warn({ file: e.file, reason: e.reason }, 'article not indexed');
  let index = buildIndex(corpus);
  log.info(
    {
      articles: index.articles.length,
      paragraphs: index.paragraphs.length,
      entities: index.entities.length,
      ms: Math.round(index.buildMs),
      version: index.version,
    },
    'index built',
  );
  let running: Promise<unknown> | undefined;

  async function rebuild(): Promise<ReindexReport> {
    const started = performance.now();
    const previous = index;
    const loaded = await loadCorpus(dir);
    // A folder that cannot be read at all (moved, unmounted, no permission) would reindex to an
    // empty index and stop serving every article: keep serving what we have, and say why.
    const unreadable = loaded.errors.find((e) => e.file === dir || e.file === '.');
    if (unreadable) {
      throw new UserError(
        `The corpus folder cannot be read (${unreadable.reason}); the index was not changed.`,
      );
    }
    const { corpus: next, kept } = keepLastGood(loaded, previous);
    const built = buildIndex(next);
    index = built; // the swap: one assignment, after the new index is complete
    const report = diff(previous, built, loaded.errors, kept, performance.now() - started);
    log.info({ ...report, errors: report.errors.length }, 'reindexed');
    for (const e of loaded.errors) log.warn({ file: e.file, reason: e.reason }, 'article not indexed');
    return report;
  }

  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (running) throw new UserError('A reindex is already under way. Try again in a moment.');
    const p = work();
    running = p;
    return p.finally(() => {
      running = undefined;
    });
  }

  return {
    corpusDir: dir,
    current: () => index,
    busy: () => running !== undefined,
    reindex: () => exclusive(rebuild),
    addArticle: (name, bytes) =>
      exclusive(async () => {
        const file = checkUploadName(name);
        if (bytes.byteLength > MAX_UPLOAD_BYTES) {
          throw new UserError(
            `${file} is too large (${bytes.byteLength} bytes); the limit is ${MAX_UPLOAD_BYTES} bytes.`,
          );
        }
        const parsed = parseArticle(file, bytes);
        if (isIngestError(parsed)) throw new UserError(`${file} was not added: ${parsed.reason}`);
        if (index.articles.some((a) => a.id === parsed.id)) {
          throw new UserError(
            `An article with the id “${parsed.id}” is already indexed; rename the file to add it.`,
          );
        }
        const target = path.join(dir, file);
        if (await exists(target))
          throw new UserError(`${file} already exists in the corpus; rename the file to add it.`);
        // Write beside the target and rename: a crash leaves either no file or the whole file.
        const tmp = path.join(dir, `.${file}.${randomBytes(4).toString('hex')}.tmp`);
        try {
          await writeFile(tmp, bytes, { flag: 'wx' });
          await rename(tmp, target);
        } catch (err) {
          await rm(tmp, { force: true });
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
            throw new UserError(`The corpus folder is not writable (${code}); nothing was added.`);
          }
          throw err;
        }
        return { file, report: await rebuild() };
      }),
  };
}

/** Accepts a plain file name with an allowed extension; anything path-like is refused. */
export function checkUploadName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 120) throw new UserError('The file name must be 1 to 120 characters.');
  // eslint-disable-next-line no-control-regex -- control characters are what we refuse
  if (/[\u0000-\u001f/\\:*?"<>|]/.test(trimmed) || trimmed.includes('..') || path.isAbsolute(trimmed)) {
    throw new UserError(
      `“${trimmed.slice(0, 60)}” is not a plain file name; use letters, digits, dashes and dots.`,
    );
  }
  if (trimmed.startsWith('.')) throw new UserError('The file name must not start with a dot.');
  if (RESERVED.test(trimmed)) throw new UserError(`“${trimmed}” is a reserved file name; rename it.`);
  const ext = path.extname(trimmed).toLowerCase();
  if (!ALLOWED.has(ext))
    throw new UserError(`Only .md, .txt and .html articles can be added (got “${ext || 'no extension'}”).`);
  return trimmed;
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}

function diff(
  prev: DossierIndex,
  next: DossierIndex,
  errors: IngestError[],
  kept: string[],
  ms: number,
): ReindexReport {
  const before = new Map(prev.articles.map((a) => [a.file, a]));
  const after = new Map(next.articles.map((a) => [a.file, a]));
  const sig = (a: DossierIndex['articles'][number]) =>
    JSON.stringify([a.title, a.published, a.paragraphs.map((p) => p.text)]);
  return {
    version: next.version,
    previousVersion: prev.version,
    articlesAdded: [...after.keys()].filter((f) => !before.has(f)),
    articlesRemoved: [...before.keys()].filter((f) => !after.has(f)),
    articlesChanged: [...after.keys()].filter(
      (f) => before.has(f) && sig(before.get(f)!) !== sig(after.get(f)!),
    ),
    paragraphsBefore: prev.paragraphs.length,
    paragraphsAfter: next.paragraphs.length,
    errors,
    kept,
    ms: Math.round(ms),
  };
}
