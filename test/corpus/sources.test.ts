/**
 * Pages added by link: the address key two links of one page share, the file name a page is saved
 * under, and the source record that gives a saved page its address back when the corpus is read.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/index.js';
import { addressKey, pageFileName } from '../../src/corpus/page-address.js';
import { SOURCES_FILE, moveSource, readSources, writeSource } from '../../src/corpus/sources.js';

describe('addressKey', () => {
  it('treats scheme, www, fragment, tracking parameters and a trailing slash as the same page', () => {
    const key = addressKey('https://example.com/world/story-one');
    expect(addressKey('http://www.example.com/world/story-one/#comments')).toBe(key);
    expect(addressKey('https://example.com/world/story-one?utm_source=feed&utm_medium=rss')).toBe(key);
  });
  it('keeps what names another page: the path, other parameters, the port', () => {
    const key = addressKey('https://example.com/world/story-one');
    expect(addressKey('https://example.com/world/story-two')).not.toBe(key);
    expect(addressKey('https://example.com/world/story-one?page=2')).not.toBe(key);
    expect(addressKey('https://example.com:8443/world/story-one')).not.toBe(key);
  });
  it('is undefined for what is not an http(s) address', () => {
    expect(addressKey('ftp://example.com/a')).toBeUndefined();
    expect(addressKey('not a link')).toBeUndefined();
  });
});

describe('pageFileName', () => {
  const none = () => false;
  it('names a page after its last informative path segment', () => {
    expect(pageFileName('https://example.com/world/europe/kremlin-warns-west/', 'text/html', none)).toBe(
      'kremlin-warns-west.html',
    );
    expect(pageFileName('https://example.com/2022/02/15/Putin%20Says.php', 'text/html', none)).toBe(
      'putin-says.html',
    );
  });
  it('uses the site when the path says nothing, and .txt for plain text', () => {
    expect(pageFileName('https://www.example.com/article/12345', 'text/plain; charset=utf-8', none)).toBe(
      'example-com-12345.txt',
    );
    expect(pageFileName('https://example.com/', 'text/html', none)).toBe('example-com.html');
  });
  it('adds a number while the name is taken', () => {
    const taken = new Set(['kremlin-talks.html', 'kremlin-talks-2.html']);
    expect(pageFileName('https://example.com/kremlin-talks', 'text/html', (n) => taken.has(n))).toBe('kremlin-talks-3.html');
  });
});

describe('the source record', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dossier-sources-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const PAGE = `<!doctype html><html><head><title>Harbour pilots strike</title></head><body><article>
<h1>Harbour pilots strike</h1>
<p>The harbour pilots of Quillfeather walked out on Monday over pay, their union said in a statement.</p>
<p>Talks with the port authority are expected to resume later this week, officials told reporters.</p>
</article></body></html>`;

  it("gives a saved page its address as the article's url, and is never read as an article", async () => {
    await writeFile(path.join(dir, 'pilots-strike.html'), PAGE);
    await writeSource(dir, 'pilots-strike.html', {
      url: 'https://news.example/2022/02/14/pilots-strike',
      fetchedAt: '2022-02-15T10:00:00.000Z',
      contentType: 'text/html',
    });
    const corpus = await loadCorpus(dir);
    expect(corpus.errors).toEqual([]);
    expect(corpus.articles).toHaveLength(1);
    expect(corpus.articles[0]!.url).toBe('https://news.example/2022/02/14/pilots-strike');
  });

  it('moves with a removed file, is forgotten on request, and survives a corrupt file as empty', async () => {
    await writeSource(dir, 'a.html', { url: 'https://example.com/a', fetchedAt: '2022-01-01T00:00:00Z' });
    await moveSource(dir, 'a.html', '.removed/a.html');
    expect([...(await readSources(dir)).keys()]).toEqual(['.removed/a.html']);
    await writeSource(dir, '.removed/a.html', undefined);
    expect((await readSources(dir)).size).toBe(0);
    expect(JSON.parse(await readFile(path.join(dir, SOURCES_FILE), 'utf8'))).toEqual({ version: 1, files: {} });
    await writeFile(path.join(dir, SOURCES_FILE), '{ not json');
    expect((await readSources(dir)).size).toBe(0);
  });
});
