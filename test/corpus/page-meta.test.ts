/** Page metadata read from web pages: publication date, outlet, title, and the page's encoding. */
import { describe, expect, it } from 'vitest';
import { isIngestError, parseArticle } from '../../src/corpus/index.js';
import { TODAY, article } from './helpers.js';

const BODY =
  '<p>The council voted on Tuesday to close the old bridge to lorries after engineers found cracks in two of its piers.</p>' +
  '<p>Repairs are expected to take most of the year, and a detour through the industrial estate will carry the traffic meanwhile.</p>';

/** A page with `head` markup, an `<h1>` and two paragraphs of body text. */
function page(head: string, h1 = 'Council closes the old bridge to lorries', between = ''): string {
  return `<!doctype html><html><head>${head}</head><body><article><h1>${h1}</h1>${between}${BODY}</article></body></html>`;
}

const ld = (value: unknown) => `<script type="application/ld+json">${JSON.stringify(value)}</script>`;

describe('publication date', () => {
  it('is read from JSON-LD inside @graph, from the article rather than the page or an image', () => {
    const html = page(
      ld({
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'ImageObject', datePublished: '2014-01-01' },
          { '@type': 'WebPage', datePublished: '2015-03-17T08:00:00+01:00' },
          { '@type': 'NewsArticle', headline: 'Council closes the old bridge', datePublished: '2015-03-18T09:30:00+01:00' },
        ],
      }),
    );
    expect(article('a.html', html).published).toBe('2015-03-18');
  });

  it('skips malformed JSON-LD without failing and takes the next source', () => {
    const html = page(
      '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2015-03-18",</script>' +
        '<meta property="article:published_time" content="2016-05-02T10:00:00Z">',
    );
    expect(article('a.html', html).published).toBe('2016-05-02');
  });

  it('gives no date when a meta date is not a date, rather than guessing one', () => {
    const html = page('<meta property="article:published_time" content="yesterday afternoon">');
    const a = article('a.html', html);
    expect(a.published).toBeUndefined();
    expect(a.paragraphs.length).toBe(2);
  });

  it('never takes a date in the future; the next source is used', () => {
    const html = page(
      '<meta property="article:published_time" content="2031-02-01T10:00:00Z"><meta name="date" content="2024-06-03">',
    );
    expect(article('a.html', html).published).toBe('2024-06-03');
    expect(article('b.html', page('<meta property="article:published_time" content="2031-02-01">')).published).toBeUndefined();
  });

  it('takes the published date, never the modified one, whatever their order', () => {
    const html = page(
      '<meta property="article:modified_time" content="2020-05-04T10:00:00Z">' +
        ld({ '@type': 'Article', dateModified: '2020-05-04', datePublished: '2019-11-20T08:00:00Z' }),
    );
    expect(article('a.html', html).published).toBe('2019-11-20');
    // A page that only says when it was modified has no publication date.
    expect(article('b.html', page('<meta property="article:modified_time" content="2020-05-04">')).published).toBeUndefined();
  });

  it('is read from the page address in its canonical link: /2015/03/18/ and /20150318/', () => {
    const canonical = (href: string) => page(`<link rel="canonical" href="${href}">`);
    expect(article('a.html', canonical('https://news.example/2015/03/18/bridge-closed/')).published).toBe('2015-03-18');
    expect(article('b.html', canonical('https://news.example/local/20150318/bridge')).published).toBe('2015-03-18');
    // A year and month are not a day.
    expect(article('c.html', canonical('https://news.example/2015/03/bridge')).published).toBeUndefined();
  });

  it('is read from a dateline under the headline, in English and German', () => {
    const en = page('', 'Council closes the old bridge to lorries', '<p class="x">By Dana Okafor | Tue Dec 30, 2014</p>');
    expect(article('a.html', en).published).toBe('2014-12-30');
    const de = page('', 'Rat sperrt die alte Brücke für Lastwagen', '<div>Veröffentlicht am 18. März 2015, 10:42 Uhr</div>');
    expect(article('b.html', de).published).toBe('2015-03-18');
    // 03/04/2015 could be either day: no date.
    const ambiguous = page('', 'Council closes the old bridge to lorries', '<div>03/04/2015</div>');
    expect(article('c.html', ambiguous).published).toBeUndefined();
  });

  it('takes a dateline on a line of its own or opening a paragraph, never a date inside the story', () => {
    const prose =
      '<p>The fair returns to the riverside meadow, where on 21 and 22 May 2022 the stalls will open at ten each morning and close when the lanterns are lit along the water.</p>';
    expect(article('a.html', page('', 'Council closes the old bridge to lorries', prose)).published).toBeUndefined();
    const lead = '<p>Leeds, 12.11.2021. The council voted on Tuesday to close the old bridge to lorries after the inspection.</p>';
    expect(article('b.html', page('', 'Council closes the old bridge to lorries', lead)).published).toBe('2021-11-12');
    // After a standfirst and the story's first paragraph, a short dated line is a related item, not the dateline.
    const related =
      '<p>Engineers found cracks in two of the piers last month, and the council says the repairs will take most of the year to finish, with the work done at night to keep the road open.</p>' +
      '<p>Lorries will use the detour through the industrial estate, which the council widened last spring for the new depot traffic and lit along its whole length.</p>' +
      '<p>Earlier: 3 March 2019 · Bridge inspection begins</p>';
    expect(article('c.html', page('', 'Council closes the old bridge to lorries', related)).published).toBeUndefined();
  });

  it('prefers the day the body and the dateline agree on over a head tag alone', () => {
    const html = page(
      '<meta property="article:published_time" content="2022-01-15">',
      'Council closes the old bridge to lorries',
      '<p><time datetime="2022-01-25">25.01.2022</time></p>',
    );
    expect(article('a.html', html).published).toBe('2022-01-25');
    // One against one, the dateline further down (a related item's?): the head's day stands.
    const tie = page(
      '<meta property="article:published_time" content="2022-01-15">',
      'Council closes the old bridge to lorries',
      '<p>By Dana Okafor, transport correspondent for the city desk, with reporting from the council chamber</p><p>25.01.2022</p>',
    );
    expect(article('b.html', tie).published).toBe('2022-01-15');
  });

  it('prefers microdata that says datePublished over a meta tag named only "date"', () => {
    const body = '<p><span itemprop="datePublished" content="2022-01-27"></span></p>';
    const generic = page('<meta name="date" content="2022-01-21T15:38:44+01:00">', 'Council closes the old bridge to lorries', body);
    expect(article('a.html', generic).published).toBe('2022-01-27');
    // A meta tag that says it is the publication time is not overruled by one witness.
    const named = page('<meta property="article:published_time" content="2022-01-21T15:38:44+01:00">', 'Council closes the old bridge to lorries', body);
    expect(article('b.html', named).published).toBe('2022-01-21');
  });

  it('takes the dateline that says the page was updated since over a later head date', () => {
    const head = '<meta property="article:published_time" content="2020-01-20T09:49:32+0000">';
    const revised = page(head, 'Council closes the old bridge to lorries', '<p>January 19, 2020 / 12:25 PM / Updated 8 hours ago</p>');
    expect(article('a.html', revised).published).toBe('2020-01-19');
    // Without the update the two disagree, and which is right is a guess.
    const plain = page(head, 'Council closes the old bridge to lorries', '<p>January 19, 2020 / 12:25 PM</p>');
    expect(article('b.html', plain).published).toBeUndefined();
    // An update dated before the head's day says nothing about the head's day.
    const earlier = page(
      '<meta property="article:published_time" content="2020-01-18T09:49:32+0000">',
      'Council closes the old bridge to lorries',
      '<p>January 19, 2020 / 12:25 PM / Updated 8 hours ago</p>',
    );
    expect(article('c.html', earlier).published).not.toBe('2020-01-19');
  });

  it('gives no date when the page shows only a later update and nothing visible confirms the declared day', () => {
    const updated = page(
      ld({ '@type': 'Article', datePublished: '2016-08-29T21:54:39Z' }),
      'Council closes the old bridge to lorries',
      '<p>By Dana Okafor</p><p>Updated May 06, 2019</p>',
    );
    expect(article('a.html', updated).published).toBeUndefined();
    const both = page(
      ld({ '@type': 'Article', datePublished: '2016-08-29T21:54:39Z' }),
      'Council closes the old bridge to lorries',
      '<p>Updated May 06, 2019</p><p><time datetime="2016-08-29">Published Aug 29, 2016</time></p>',
    );
    expect(article('b.html', both).published).toBe('2016-08-29');
  });

  it('gives no date when the dateline under the headline contradicts a lone head tag', () => {
    const html = page('<meta property="article:published_time" content="2021-11-29T14:13:37+00:00">', 'Council closes the old bridge to lorries', '<p>12.01.2022</p>');
    expect(article('a.html', html).published).toBeUndefined();
    // JSON-LD, a meta tag and the <time> element agreeing outweigh it.
    const agreed = page(
      '<meta property="article:published_time" content="2021-11-29T14:13:37+00:00">',
      'Council closes the old bridge to lorries',
      '<p>12.01.2022</p><p><time datetime="2021-11-29">29 Nov</time></p>',
    );
    expect(article('b.html', agreed).published).toBe('2021-11-29');
  });

  it('skips an "updated" dateline and takes the publication dateline after it', () => {
    const html = page('', 'Council closes the old bridge to lorries', '<p>Article mis à jour le 7 janvier 2020</p><p>Par Jane Doe | 30 septembre 2018</p>');
    expect(article('a.html', html).published).toBe('2018-09-30');
  });

  it('refuses a January 1st with no time of day from markup: a year placeholder, not a day', () => {
    const html = page('<meta name="date" content="01/01/2004">');
    expect(article('a.html', html).published).toBeUndefined();
    // With a time of day it is a real New Year's Day article.
    expect(article('b.html', page('<meta name="date" content="2023-01-01T14:11:58+01:00">')).published).toBe('2023-01-01');
  });

  it('gives no date when JSON-LD and meta tags name different days and nothing else decides', () => {
    const html = page(
      ld({ '@type': 'NewsArticle', datePublished: '2020-01-10T16:50:00+00:00' }) +
        '<meta property="article:published_time" content="2023-01-01T14:11:58+01:00">',
    );
    expect(article('a.html', html).published).toBeUndefined();
    // The same instant in two zones is agreement.
    const same = page(
      ld({ '@type': 'NewsArticle', datePublished: '2023-11-09T01:49:09Z' }) +
        '<meta property="article:published_time" content="2023-11-08T17:49:09-08:00">',
    );
    expect(article('b.html', same).published).toBe('2023-11-08');
  });

  it('as a last resort, reads an element marked as a date, but not a "last edited" one', () => {
    const marked = `<!doctype html><html><body><div class="post"><div class="entry-date">Monday, 18 March 2015</div>${BODY}</div></body></html>`;
    expect(article('a.html', marked).published).toBe('2015-03-18');
    const edited = `<!doctype html><html><body><div class="post">${BODY}<div id="page-info">last edited: <span class="odate">17 Jun 2018</span></div></div></body></html>`;
    expect(article('b.html', edited).published).toBeUndefined();
  });

  it('as a last resort, reads the date on a teaser that links to the page itself, not on a comment permalink', () => {
    const long =
      '<p>The council voted on Tuesday to close the old bridge to lorries after engineers found cracks in two of its piers, and the repairs will take most of the year.</p>'.repeat(3);
    const withList = (links: string) =>
      '<!doctype html><html><head><link rel="canonical" href="https://news.example/bridge-closes"></head><body>' +
      `<article><h1>Council closes the old bridge to lorries</h1>${long}</article><div class="latest">${links}</div></body></html>`;
    const teaser = (href: string, date: string, title: string) => `<a href="${href}"><div>${date}</div><h2>${title}</h2></a>`;
    const list = teaser('/ferry-fares', '11.11.2021', 'Ferry fares go up') + teaser('/bridge-closes/', '10.11.2021', 'Council closes the old bridge');
    expect(article('a.html', withList(list)).published).toBe('2021-11-10');
    // Only other pages' teasers: their dates are not this page's.
    expect(article('b.html', withList(teaser('/ferry-fares', '11.11.2021', 'Ferry fares go up'))).published).toBeUndefined();
    // A comment's permalink points into the page: its date is the comment's.
    expect(article('c.html', withList('<a href="/bridge-closes#comment-2">12.11.2021 at 9:14</a>')).published).toBeUndefined();
  });

  it('reads Russian, Arabic and Chinese dates', () => {
    const h1 = 'Council closes the old bridge to lorries';
    expect(article('a.html', page('', h1, '<p>15 августа 2016, 13:43</p>')).published).toBe('2016-08-15');
    expect(article('b.html', page('', h1, '<p>الأربعاء، 07 أكتوبر 2020 - 12:09 م</p>')).published).toBe('2020-10-07');
    expect(article('c.html', page('', h1, '<p>2020年7月12日</p>')).published).toBe('2020-07-12');
  });

  it('reads one month named in two calendars ("24 نيسان / أبريل 2020"), but not two different months', () => {
    const h1 = 'Council closes the old bridge to lorries';
    expect(article('a.html', page('', h1, '<p>تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً</p>')).published).toBe('2020-04-24');
    // April / May is a range or a typo, not a day.
    expect(article('b.html', page('', h1, '<p>تم نشره الجمعة 24 نيسان / مايو 2020</p>')).published).toBeUndefined();
  });

  it('moves a UTC time to the day where it was published when the page shows its own time zone', () => {
    const html = page(
      '<meta property="article:published_time" content="2023-11-09T01:49:09Z">',
      'Council closes the old bridge to lorries',
      '<time datetime="2023-11-08T17:49:09-08:00">Nov 8</time>',
    );
    expect(article('a.html', html).published).toBe('2023-11-08');
    // Without any sign of the page's zone, the day stays as written.
    expect(article('b.html', page('<meta property="article:published_time" content="2023-11-09T01:49:09Z">')).published).toBe(
      '2023-11-09',
    );
  });

  it('front matter wins over the page', () => {
    const html = `---\npublished: 2010-01-02\n---\n${page('<meta property="article:published_time" content="2015-03-18">')}`;
    expect(article('a.html', html).published).toBe('2010-01-02');
  });

  it('a page with no article text is reported with its reason, not given a date', () => {
    const html = `<html><head><meta property="article:published_time" content="2015-03-18"><script>x()</script></head><body><nav>Home</nav></body></html>`;
    const result = parseArticle('a.html', new TextEncoder().encode(html), { today: TODAY });
    expect(isIngestError(result)).toBe(true);
    if (isIngestError(result)) expect(result.reason).toMatch(/no article text/);
  });
});

describe('outlet', () => {
  it('is the JSON-LD publisher when it names the site', () => {
    const html = page(
      '<link rel="canonical" href="https://www.dailyharbour.example/bridge">' +
        ld({ '@type': 'NewsArticle', publisher: { '@type': 'Organization', name: 'The Daily Harbour' } }),
    );
    expect(article('a.html', html).outlet).toBe('The Daily Harbour');
  });

  it('is not an og:site_name that is a section; the title suffix names the site instead', () => {
    const html = page(
      '<link rel="canonical" href="https://www.dailyharbour.example/politics/bridge">' +
        '<meta property="og:site_name" content="Politics">' +
        '<title>Council closes the old bridge to lorries | The Daily Harbour</title>',
    );
    expect(article('a.html', html).outlet).toBe('The Daily Harbour');
  });

  it('falls back to the host name', () => {
    const html = page('<link rel="canonical" href="https://www.riverton-post.example/bridge">');
    expect(article('a.html', html).outlet).toBe('riverton-post.example');
  });
});

describe('title', () => {
  it('is the headline without the site suffix', () => {
    const html = page(
      '<link rel="canonical" href="https://www.dailyharbour.example/bridge">' +
        '<title>Council closes the old bridge to lorries - The Daily Harbour</title>' +
        '<meta property="og:title" content="Council closes the old bridge to lorries | The Daily Harbour">',
      'Menu',
    );
    expect(article('a.html', html).title).toBe('Council closes the old bridge to lorries');
  });

  it('leaves out the text of a button inside the <h1>', () => {
    const html = page('', 'Council closes the old bridge to lorries <button>Add to reading list</button>');
    expect(article('a.html', html).title).toBe('Council closes the old bridge to lorries');
  });

  it('prefers the titles over an <h1> holding a screen-reader label', () => {
    const html = page(
      '<meta property="og:title" content="Council closes the old bridge to lorries">',
      'Council closes the old bridge to lorries <span>Add to my articles</span>',
    );
    expect(article('a.html', html).title).toBe('Council closes the old bridge to lorries');
  });
});

describe('encoding', () => {
  const latin1 = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));

  it('reads a page in the charset it declares', () => {
    const html = `<html><head><meta charset="iso-8859-1"></head><body><h1>Zürich café</h1>${BODY}<p>Die Brücke über die Limmat bleibt für Lastwagen gesperrt, sagte der Stadtrat.</p></body></html>`;
    const result = parseArticle('a.html', latin1(html), { today: TODAY });
    if (isIngestError(result)) throw new Error(result.reason);
    expect(result.title).toBe('Zürich café');
    expect(result.paragraphs.at(-1)!.text).toContain('Brücke über');
  });

  it('reads an undeclared non-UTF-8 page as windows-1252', () => {
    const html = `<html><body><h1>Caf\xe9 owners protest</h1>${BODY}<p>\x93We were not asked,\x94 said one owner in Z\xfcrich on Monday evening.</p></body></html>`;
    const result = parseArticle('a.html', latin1(html), { today: TODAY });
    if (isIngestError(result)) throw new Error(result.reason);
    expect(result.title).toBe('Café owners protest');
    expect(result.paragraphs.at(-1)!.text).toContain('said one owner in Zürich');
    expect(result.paragraphs.map((p) => p.text).join(' ')).not.toContain('\uFFFD');
  });

  it('a text file stays strict UTF-8', () => {
    const result = parseArticle('a.txt', latin1('Caf\xe9 owners in Z\xfcrich protested on Monday.\n'), { today: TODAY });
    expect(isIngestError(result) && result.reason).toBe('not valid UTF-8 text; save it as UTF-8');
  });
});
