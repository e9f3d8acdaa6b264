/**
 * `/admin add-url` of one page on the serving store (issue #19: answerable ≤ 1 s after the bytes are
 * in, fetch excluded): a page served by a local HTTP server on 127.0.0.1 (port 0), fetched through
 * the real fetch layer with private addresses allowed (as ALLOW_PRIVATE_URLS does), added, then
 * removed again; `.removed/` and `.sources.json` are put back as they were. Timed after the store
 * settled (SETTLE_MS), like add-article.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addPageByLink } from '../src/serve/add-page.js';
import { snapshotHidden, timeChange, type ChangeTiming } from './change-timing.js';
import { SETTLE_MS } from './changes.js';
import type { BenchStore } from './store-api.js';

export interface AddUrlResult {
  /** Paragraphs of the page as indexed. */
  paragraphs: number;
  add: ChangeTiming;
  remove: ChangeTiming;
  servedAfterAdd: boolean;
  goneAfterRemove: boolean;
}

/** A news page of 30 paragraphs, with the chrome a real page has around its article. */
function page(): string {
  const paragraphs = Array.from(
    { length: 30 },
    (_, i) =>
      `<p>Ferry operator Nils Aaberg said on Tuesday that crossing ${i + 1} between Brindlemoor and Osterholm would run twice daily from April, at a cost of ${i + 3} euros a ticket.</p>`,
  );
  return `<!doctype html><html><head><title>Osterholm ferry to run twice daily</title>
<meta property="og:site_name" content="Bench Herald"><meta property="article:published_time" content="2026-11-29T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Osterholm ferry to run twice daily</h1>
${paragraphs.join('\n')}</article><footer>© Bench Herald</footer></body></html>`;
}

export async function addUrl(store: BenchStore): Promise<AddUrlResult> {
  const body = Buffer.from(page());
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const hidden = await snapshotHidden(store.corpusDir);
  try {
    // Timed on a store at rest, as add-article is (changes.ts SETTLE_MS): the run before this one
    // ends with two reindexes, whose after-work (the search tables warmed, the work file saved)
    // would otherwise be timed as this add's.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const add = await timeChange(
      (onProgress) =>
        addPageByLink(store, `http://127.0.0.1:${port}/news/osterholm-ferry`, {
          allowPrivate: true,
          onProgress,
        }),
      (r) => r.report,
    );
    const file = add.result.file;
    const served = store.current().articles.find((a) => a.file === file);
    const remove = await timeChange(
      (onProgress) => store.removeArticle(file, { onProgress }),
      (r) => r.report,
    );
    return {
      paragraphs: served?.paragraphs.length ?? 0,
      add: add.timing,
      remove: remove.timing,
      servedAfterAdd: served !== undefined,
      goneAfterRemove: !store.current().articles.some((a) => a.file === file),
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await hidden.restore();
  }
}
