/**
 * The worker parses a small news page once, when it is idle after its first build: a corpus of
 * Markdown and text files never runs the HTML path (the DOM parser, the main-text and date
 * extraction), and the first page added by link then paid for compiling it — about 170 ms of the
 * first `/admin add-url` at 100k paragraphs, against 40 ms for the next one.
 */
const WARM_AFTER_MS = 2000;

/** A page with the parts a real one has: chrome around the article, a dated header, paragraphs. */
const SAMPLE = `<!doctype html><html><head><title>Harbour board approves a second daily ferry</title>
<meta property="og:site_name" content="Sample Herald"><meta property="article:published_time" content="2024-03-05T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Harbour board approves a second daily ferry</h1><p class="byline">By A. Writer</p>
<p>The harbour board said on Tuesday that a second daily crossing would start in April, after a year of trials.</p>
<p>“We have listened to the islanders,” chairwoman Ana Kovacs said, adding that tickets would cost 12 euros.</p>
<figure><img src="/f.jpg" alt=""><figcaption>The ferry at the pier. Photo: Sample Herald</figcaption></figure>
<p>The service will run until October, the board said in a statement.</p></article>
<footer>© Sample Herald. <a href="/privacy">Privacy</a></footer></body></html>`;

let scheduled = false;

/** Schedules the one warm-up parse of this thread (no-op after the first call). */
export function warmPageParserLater(): void {
  if (scheduled) return;
  scheduled = true;
  setTimeout(() => {
    import('../corpus/index.js')
      .then(({ parseArticle }) => void parseArticle('warm-up.html', new TextEncoder().encode(SAMPLE)))
      .catch(() => undefined); // a warm-up: whatever happens, nothing depends on it
  }, WARM_AFTER_MS).unref();
}
