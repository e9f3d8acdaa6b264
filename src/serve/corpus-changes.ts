/**
 * The checks and file work behind the admin's changes to the corpus (add, replace, remove), apart
 * from the store that then reindexes: which article a name means, whether a new one repeats one
 * that is there, and each change written to the folder with a way to undo it if the reindex fails.
 */
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Article } from '../corpus/types.js';
import { addressKey } from '../corpus/page-address.js';
import { moveSource, readSources, writeSource, type PageSource } from '../corpus/sources.js';
import { moveToRemoved, replaceArticle, restoreRemoved, writeNewArticle } from '../corpus/upload.js';
import { UserError } from '../errors.js';
import type { DossierIndex } from '../index/model.js';

/** An article that is already in the corpus (same text, or same address): `file` is the one there. */
export class DuplicateArticle extends UserError {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/** Undoes a change written to the corpus folder (run when the reindex after it fails). */
export type Undo = () => Promise<void>;

/** A hash of an article's text alone: two files with the same text are the same article. */
function textHash(article: Pick<Article, 'paragraphs'>): string {
  const h = createHash('sha1');
  for (const p of article.paragraphs) h.update(p.text).update('\u0000');
  return h.digest('hex');
}

/** The article among `articles` whose text is `article`'s, other than the file `except`. */
function sameText(articles: Iterable<Article>, article: Article, except: string): Article | undefined {
  const want = textHash(article);
  const count = article.paragraphs.length;
  const opening = article.paragraphs[0]?.text;
  for (const a of articles) {
    // The same text has the same paragraph count and first paragraph: only those are hashed.
    if (a.file === except || a.paragraphs.length !== count || a.paragraphs[0]?.text !== opening) continue;
    if (textHash(a) === want) return a;
  }
  return undefined;
}

/**
 * Refuses a new article whose file name is in use (unless `replace`), whose id another file has, or
 * whose text is in the corpus already (or among the articles written since the last build). Returns
 * the article it replaces, if any.
 */
export function checkNewArticle(
  index: DossierIndex,
  staged: readonly Article[],
  file: string,
  parsed: Article,
  replace: boolean,
): Article | undefined {
  const existing = index.articles.find((a) => a.file === file);
  if ((existing && !replace) || staged.some((a) => a.file === file)) {
    throw new UserError(
      `${file} already exists in the corpus; add it with replace:true to replace it, or rename the file.`,
    );
  }
  const all = [...index.articles, ...staged];
  const owner = all.find((a) => a.id === parsed.id && a.file !== file);
  if (owner) {
    throw new UserError(
      `An article with the id “${parsed.id}” is already indexed (${owner.file}); rename the file to add it.`,
    );
  }
  const twin = sameText(all, parsed, file);
  if (twin) {
    throw new DuplicateArticle(
      twin.file,
      `${file} was not added: the same text is already in the corpus as ${twin.file}.`,
    );
  }
  return existing;
}

/** The article in `index` at one of `addresses` (the same page, however the link is dressed). */
export function sameAddress(index: DossierIndex, addresses: string[]): Article | undefined {
  const keys = new Set(addresses.map(addressKey).filter((k) => k !== undefined));
  if (keys.size === 0) return undefined;
  return index.articles.find((a) => a.url !== undefined && keys.has(addressKey(a.url) ?? ''));
}

/** The article a name means: its file name, its id or its exact title (case-insensitive). */
export function findArticle(index: DossierIndex, which: string): Article {
  const want = which.trim().toLowerCase();
  const found =
    index.articles.find((a) => a.file.toLowerCase() === want) ??
    index.articles.find((a) => a.id === want) ??
    index.articles.find((a) => a.title.trim().toLowerCase() === want);
  if (!found) {
    throw new UserError(
      `No article “${which.trim().slice(0, 80)}” is in the corpus; pick one of the names /admin remove-article suggests.`,
    );
  }
  return found;
}

/** Articles matching what is typed so far, for autocomplete: title or file name, best first. */
export function articleChoices(
  index: DossierIndex,
  typed: string,
  limit = 25,
): { name: string; value: string }[] {
  const q = typed.trim().toLowerCase();
  const scored: { a: Article; rank: number }[] = [];
  for (const a of index.articles) {
    const title = a.title.toLowerCase();
    const file = a.file.toLowerCase();
    const rank = !q
      ? 2
      : title.startsWith(q) || file.startsWith(q)
        ? 0
        : title.includes(q) || file.includes(q)
          ? 1
          : -1;
    if (rank >= 0) scored.push({ a, rank });
  }
  scored.sort((x, y) => x.rank - y.rank || (x.a.file < y.a.file ? -1 : 1));
  return scored.slice(0, limit).map(({ a }) => ({ name: choiceName(a), value: a.file.slice(0, 100) }));
}

/** "Title — file.md", within Discord's 100 characters for a choice's name. */
function choiceName(a: Article): string {
  const file = a.file.length > 40 ? `…${a.file.slice(-39)}` : a.file;
  const room = 100 - file.length - 3;
  const title = a.title.length > room ? `${a.title.slice(0, room - 1)}…` : a.title;
  return `${title} — ${file}`;
}

/**
 * Writes a new article (or, with `replace`, over the one of that name) and records or forgets its
 * source; returns how to undo both.
 */
export async function writeArticle(
  dir: string,
  file: string,
  bytes: Uint8Array,
  opts: { replace: boolean; source?: PageSource },
): Promise<Undo> {
  const sources = await readSources(dir);
  const oldSource = sources.get(file);
  let undoFile: Undo;
  if (opts.replace) {
    const old = await readFile(path.join(dir, file));
    await replaceArticle(dir, file, bytes);
    undoFile = () => replaceArticle(dir, file, old);
  } else {
    await writeNewArticle(dir, file, bytes);
    undoFile = () => rm(path.join(dir, file), { force: true });
  }
  if (opts.source || oldSource) await writeSource(dir, file, opts.source);
  return async () => {
    await undoFile();
    if (opts.source || oldSource) await writeSource(dir, file, oldSource);
  };
}

/** Moves an article into `.removed/` (its source record goes with it); returns where, and how to undo. */
export async function removeArticleFile(dir: string, file: string): Promise<{ movedTo: string; undo: Undo }> {
  const movedTo = await moveToRemoved(dir, file);
  await moveSource(dir, file, movedTo);
  return {
    movedTo,
    undo: async () => {
      await restoreRemoved(dir, movedTo, file);
      await moveSource(dir, movedTo, file);
    },
  };
}
