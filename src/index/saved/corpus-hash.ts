/**
 * Where the index is saved, and what it was built from: the corpus hash (article files plus the build
 * code) that decides whether a saved index is stale, and the article signatures a reindex report
 * compares.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '../../corpus/types.js';
import { CHUNK, defineTable } from '../derived.js';
import type { DossierIndex } from '../model.js';
import { hashFiles, hashFilesInThread, rehashFiles, type HashedFolder } from './hash-files.mjs';
import { INDEX_EXTENSION, SAVED_FORMAT } from './layout.js';

/** The project folder (this file is src/index/saved/corpus-hash.ts). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Files under src/corpus and src/index whose code does not shape a built index (they answer). */
const NOT_BUILD = [/^search\//, /(^|\/)entities-lookup\.ts$/, /^derived\.ts$/];

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
/**
 * The build code's files, relative to the project folder: every .ts file below src/corpus and
 * src/index (subfolders included) except the answering code, in a stable order.
 */
export async function buildCodeFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const sub of ['src/corpus', 'src/index']) {
    const names = await readdir(path.join(ROOT, sub), { recursive: true }).catch(() => [] as string[]);
    const build = names.map((n) => n.split(path.sep).join('/')).filter((n) => n.endsWith('.ts'));
    for (const name of build.filter((n) => !NOT_BUILD.some((re) => re.test(n))).sort()) {
      files.push(`${sub}/${name}`);
    }
  }
  return files;
}

/** The build code's version (see above): work kept from a build is reused only by the same code. */
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
    for (const file of await buildCodeFiles()) {
      h.update(`${file}\n`);
      h.update(await readFile(path.join(ROOT, file)));
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
  if (opts.thread) return hashFilesInThread(root, seed, INDEX_EXTENSION);
  const { hash, files, bytes } = await hashFiles(root, seed, INDEX_EXTENSION, 8);
  return { hash, files, bytes };
}

/** `corpusHash`, with the folder as hashed: a build keeps it to hash a later change (`rehashCorpus`). */
export async function hashCorpusFolder(dir: string): Promise<{ hash: string; folder: HashedFolder }> {
  return hashFiles(path.resolve(dir), await buildCodeVersion(), INDEX_EXTENSION, 8);
}

/**
 * The corpus hash after a change to the `changed` files only (relative paths), from the folder as
 * hashed before: only they (and the source record) are read. Equal to `corpusHash` of the folder
 * when no other file changed since `previous` was hashed.
 */
export async function rehashCorpus(
  dir: string,
  previous: HashedFolder,
  changed: string[],
): Promise<{ hash: string; folder: HashedFolder }> {
  return rehashFiles(path.resolve(dir), await buildCodeVersion(), previous, changed, INDEX_EXTENSION);
}

// ---------------------------------------------------------------------------------------------------
// Article signatures (what "changed" means in a reindex report), cached per index

/** Every article's signature, in article order (computed once per index, or read from its saved file). */
const signatures = defineTable('article signatures', function* (index) {
  const out: string[] = [];
  for (let i = 0; i < index.articles.length; i++) {
    out.push(articleSignature(index.articles[i]!));
    if (i % CHUNK === CHUNK - 1) yield;
  }
  return out;
});

function articleSignature(a: Article): string {
  return createHash('sha1')
    .update(JSON.stringify([a.title, a.published, a.paragraphs.map((p) => p.text)]))
    .digest('hex')
    .slice(0, 16);
}

/** file → signature of every article (computed once per index, or read from its saved file). */
export function articleSignatures(index: DossierIndex): Map<string, string> {
  const sigs = signatures.get(index);
  return new Map(index.articles.map((a, i) => [a.file, sigs[i]!]));
}

/**
 * Gives `next` (made from `previous` by a change) its signatures, computing only those of the articles
 * the change put in: the others are the same Article objects.
 */
export function carrySignatures(previous: DossierIndex, next: DossierIndex): void {
  const before = signatures.peek(previous);
  if (!before) return;
  const known = new Map<Article, string>(previous.articles.map((a, i) => [a, before[i]!]));
  signatures.set(
    next,
    next.articles.map((a) => known.get(a) ?? articleSignature(a)),
  );
}

/** Keeps the signatures a saved file holds for the index loaded from it (one per article, in order). */
export function keepSignatures(index: DossierIndex, sigs: string[]): void {
  signatures.set(index, sigs);
}
