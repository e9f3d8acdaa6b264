/**
 * The playground's demo news site, served by the playground itself under `/demo/`: three short,
 * made-up articles as web pages and an RSS feed of them, so `/admin add-url` and `/admin follow`
 * can be tried with no internet (the playground turns ALLOW_PRIVATE_URLS on for its own address).
 */

interface DemoArticle {
  slug: string;
  title: string;
  published: string;
  author: string;
  paragraphs: string[];
}

/** Made-up stories about a made-up town; every name here is invented. */
const ARTICLES: DemoArticle[] = [
  {
    slug: 'harbour-pilots-vote-to-strike',
    title: 'Quillfeather harbour pilots vote to strike',
    published: '2026-11-30',
    author: 'Mara Ellison',
    paragraphs: [
      'QUILLFEATHER — The harbour pilots of Quillfeather voted on Sunday to strike for better pay, their union said, in a dispute that could close the port to large ships next week.',
      '“We have waited two years for an offer,” said Ines Halvorsen, the head of the Quillfeather Pilots’ Association. “Our members will not wait any longer.”',
      'The port authority said 214 ships called at Quillfeather last month, and that it had asked the pilots to return to talks.',
    ],
  },
  {
    slug: 'port-authority-makes-new-offer',
    title: 'Port authority makes new offer to Quillfeather pilots',
    published: '2026-12-02',
    author: 'Mara Ellison',
    paragraphs: [
      'QUILLFEATHER — The Quillfeather Port Authority offered the harbour pilots a 6 percent pay rise over two years on Wednesday, three days after they voted to strike.',
      'Tomas Brekke, the authority’s chief executive, said the offer was “fair and final”. Ines Halvorsen said the pilots would vote on it on Friday.',
      'Shipping lines had warned that a strike would cost the town about 3 million euros a day.',
    ],
  },
  {
    slug: 'pilots-accept-deal',
    title: 'Quillfeather pilots accept deal, call off strike',
    published: '2026-12-04',
    author: 'Jonas Varga',
    paragraphs: [
      'QUILLFEATHER — The harbour pilots accepted the port authority’s offer on Friday and called off the strike they had planned for next week.',
      'Ines Halvorsen said 41 of the association’s 48 members had voted for the deal. “It is not everything we asked for, but it is a fair start,” she said.',
      'Ships will move through the port as usual, the authority said.',
    ],
  },
];

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function page(a: DemoArticle, base: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${escape(a.title)} | Quillfeather Courier</title>
<link rel="canonical" href="${base}/demo/news/${a.slug}">
<meta property="og:site_name" content="Quillfeather Courier">
<meta property="article:published_time" content="${a.published}T09:00:00Z">
<meta name="author" content="${escape(a.author)}">
</head><body>
<nav><a href="${base}/demo/">Home</a> · <a href="${base}/demo/feed.xml">RSS</a></nav>
<article>
<h1>${escape(a.title)}</h1>
<p class="byline">By ${escape(a.author)} · ${a.published}</p>
${a.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}
</article>
<footer>Quillfeather Courier — a made-up newspaper for the Dossier playground.</footer>
</body></html>
`;
}

function feed(base: string): string {
  const items = [...ARTICLES]
    .reverse()
    .map(
      (a) =>
        `<item><title>${escape(a.title)}</title><link>${base}/demo/news/${a.slug}</link>` +
        `<guid>${base}/demo/news/${a.slug}</guid><pubDate>${new Date(`${a.published}T09:00:00Z`).toUTCString()}</pubDate></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Quillfeather Courier</title><link>${base}/demo/</link>
<description>Made-up news for the Dossier playground</description>
${items}
</channel></rss>
`;
}

function home(base: string): string {
  const links = ARTICLES.map(
    (a) => `<li><a href="${base}/demo/news/${a.slug}">${escape(a.title)}</a></li>`,
  ).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Quillfeather Courier</title></head><body>
<h1>Quillfeather Courier (demo)</h1>
<p>Try <code>/admin add-url url:${base}/demo/news/${ARTICLES[0]!.slug}</code> or <code>/admin follow url:${base}/demo/feed.xml</code> in the playground.</p>
<ul>${links}</ul></body></html>
`;
}

/** The demo site's answer to a GET of `pathname`, or undefined when the path is not the demo's. */
export function demoSite(pathname: string, base: string): { body: string; type: string } | undefined {
  if (pathname === '/demo' || pathname === '/demo/')
    return { body: home(base), type: 'text/html; charset=utf-8' };
  if (pathname === '/demo/feed.xml') return { body: feed(base), type: 'application/rss+xml; charset=utf-8' };
  const article = ARTICLES.find((a) => pathname === `/demo/news/${a.slug}`);
  return article ? { body: page(article, base), type: 'text/html; charset=utf-8' } : undefined;
}

/** The demo's feed address and first article's, for the playground's start-up line. */
export function demoLinks(base: string): { feed: string; article: string } {
  return { feed: `${base}/demo/feed.xml`, article: `${base}/demo/news/${ARTICLES[0]!.slug}` };
}
