/**
 * Adding a page by its link (`/admin add-url`, and each new item of a followed feed): fetched under
 * the fetch layer's rules, refused when the corpus has it already (same address, or same text), saved
 * under a file name made from its address with its bytes as served, and its address recorded.
 */
import { readdir } from 'node:fs/promises';
import { pageFileName } from '../corpus/page-address.js';
import type { PageSource } from '../corpus/sources.js';
import { DuplicateArticle, sameAddress } from './corpus-changes.js';
import type { FetchedPage, FetchOptions } from './fetch/fetch-page.js';
import type { AddResult, IndexStore, Progress } from './store.js';

export interface AddPageOptions {
  /** ALLOW_PRIVATE_URLS. */
  allowPrivate: boolean;
  /** Replace the article fetched from the same address (else it is refused as a duplicate). */
  replace?: boolean;
  onProgress?: (p: Progress) => void;
}

/**
 * Fetches a link under the fetch layer's rules. The layer (and ipaddr.js) is loaded on first use: a
 * process that never adds a link never loads it.
 */
export async function fetchLink(
  link: string,
  kind: FetchOptions['kind'],
  allowPrivate: boolean,
): Promise<FetchedPage> {
  const { fetchPage } = await import('./fetch/fetch-page.js');
  return fetchPage(link, { allowPrivate, kind });
}

/** Fetches `link` and adds it to the corpus; a page already there rejects with DuplicateArticle. */
export async function addPageByLink(
  store: IndexStore,
  link: string,
  opts: AddPageOptions,
): Promise<AddResult> {
  opts.onProgress?.({ phase: 'fetching', done: 0, total: 1 });
  const page = await fetchLink(link, 'page', opts.allowPrivate);
  opts.onProgress?.({ phase: 'fetching', done: 1, total: 1 });
  return addFetchedPage(store, page, opts);
}

/**
 * Fetches `link` and writes it into the corpus folder without reindexing (a feed's item; the poll
 * reindexes once at its end). Returns the file; a page already there rejects with DuplicateArticle.
 */
export async function stagePageByLink(
  store: IndexStore,
  link: string,
  allowPrivate: boolean,
): Promise<string> {
  const page = await fetchLink(link, 'page', allowPrivate);
  const { file, source } = await placeFor(store, page, false);
  return store.stageArticle(file, page.bytes, { source });
}

async function addFetchedPage(
  store: IndexStore,
  page: FetchedPage,
  opts: AddPageOptions,
): Promise<AddResult> {
  const { file, source, replacing } = await placeFor(store, page, opts.replace === true);
  return store.addArticle(file, page.bytes, {
    replace: replacing,
    source,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
}

/** The file a fetched page goes to (the one from the same address, when replacing) and its source record. */
async function placeFor(
  store: IndexStore,
  page: FetchedPage,
  replace: boolean,
): Promise<{ file: string; source: PageSource; replacing: boolean }> {
  const index = store.current();
  const existing = sameAddress(index, [page.url, page.requestedUrl]);
  if (existing && !replace) {
    throw new DuplicateArticle(
      existing.file,
      `That page is already in the corpus as ${existing.file} (“${existing.title.slice(0, 80)}”); add it with replace:true to fetch it again.`,
    );
  }
  let file = existing?.file;
  if (!file) {
    const onDisk = new Set(await readdir(store.corpusDir).catch(() => [] as string[]));
    const inIndex = new Set(index.articles.map((a) => a.file));
    file = pageFileName(page.url, page.contentType, (name) => onDisk.has(name) || inIndex.has(name));
  }
  const source: PageSource = {
    url: page.url,
    ...(page.requestedUrl !== page.url ? { requestedUrl: page.requestedUrl } : {}),
    fetchedAt: new Date().toISOString(),
    contentType: page.contentType,
  };
  return { file, source, replacing: existing !== undefined };
}
