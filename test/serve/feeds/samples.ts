/** Feeds written for the feed tests: RSS 2.0, Atom, RDF, hostile XML and a feed of any size. */

export const FEED_URL = 'https://news.example/feeds/world.xml';

/** RSS 2.0 with a relative link, a missing guid, a CDATA title and HTML entities. */
export const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>World &amp; Politics</title>
    <link>https://news.example/</link>
    <item>
      <title><![CDATA[Talks <b>resume</b> in Geneva]]></title>
      <link>/2024/03/talks-resume</link>
      <guid isPermaLink="false">story-1</guid>
      <pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate>
    </item>
    <item>
      <title>Caf&eacute; owners&#8217; &amp;amp; the &lt;new&gt; tax</title>
      <link>https://news.example/2024/03/cafe-tax</link>
      <pubDate>Mon, 04 Mar 2024 08:00:00 GMT</pubDate>
    </item>
    <item>
      <title>Not a web page</title>
      <link>mailto:desk@news.example</link>
    </item>
  </channel>
</rss>`;

/** Atom with a relative link, an html-typed title and an entry whose id differs from its link. */
export const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Science Desk</title>
  <link rel="alternate" href="https://science.example/"/>
  <link rel="self" href="https://science.example/atom.xml"/>
  <id>urn:uuid:feed</id>
  <updated>2024-03-06T12:00:00Z</updated>
  <entry>
    <id>urn:uuid:entry-2</id>
    <title type="html">Comet &amp;amp; moon</title>
    <link rel="alternate" href="articles/comet"/>
    <updated>2024-03-06T12:00:00Z</updated>
  </entry>
  <entry>
    <id>urn:uuid:entry-1</id>
    <title>Ice cores</title>
    <link href="https://science.example/articles/ice"/>
    <published>2024-03-01T10:00:00Z</published>
    <updated>2024-03-02T10:00:00Z</updated>
  </entry>
</feed>`;

export const RDF = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://old.example/"><title>Old Style</title><link>https://old.example/</link></channel>
  <item rdf:about="https://old.example/1"><title>First</title><link>https://old.example/1</link></item>
</rdf:RDF>`;

/** Nested entities, each ten of the one before: a billion "lol"s if expanded. */
export function billionLaughs(): string {
  let doctype = '<!ENTITY lol0 "lol">';
  for (let i = 1; i <= 9; i++) doctype += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
  return `<?xml version="1.0"?><!DOCTYPE rss [${doctype}]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>https://evil.example/1</link></item></channel></rss>`;
}

/** One 9,000-character entity referenced 5,000 times: 45 MB if expanded. */
export function wideEntity(): string {
  return `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "${'x'.repeat(9000)}">]>
<rss version="2.0"><channel><title>t</title>
<item><title>${'&a;'.repeat(5000)}</title><link>https://evil.example/1</link></item></channel></rss>`;
}

export const EXTERNAL_ENTITY = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&xxe;</title>
<item><title>&xxe;</title><link>https://evil.example/1</link></item></channel></rss>`;

export interface SampleItem {
  id?: string;
  link: string;
  title?: string;
  published?: string;
}

/** An RSS 2.0 feed of these items, in this order. */
export function rssOf(items: readonly SampleItem[], title = 'Sample'): string {
  const body = items
    .map(
      (i) =>
        `<item><title>${i.title ?? i.link}</title><link>${i.link}</link>${i.id ? `<guid>${i.id}</guid>` : ''}` +
        `${i.published ? `<pubDate>${new Date(i.published).toUTCString()}</pubDate>` : ''}</item>`,
    )
    .join('\n');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>https://news.example/</link>\n${body}\n</channel></rss>`;
}

/** `n` dated items, newest first: item 0 is the newest. */
export function manyItems(n: number, prefix = 'https://news.example/a/'): SampleItem[] {
  const start = Date.UTC(2024, 0, 1);
  return Array.from({ length: n }, (_, i) => ({
    id: `id-${i}`,
    link: `${prefix}${i}`,
    published: new Date(start + (n - i) * 60_000).toISOString(),
  }));
}

export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
