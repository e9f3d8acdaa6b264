/**
 * The saved index (src/index/saved/): a saved and loaded index is the built one (same tables,
 * same MiniSearch state, same answers to every kind of question), and a file that is missing,
 * stale, damaged or from another format is reported as such, never used.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerAt } from '../../src/answer/index.js';
import { ANSWER_KINDS } from '../../src/answer/types.js';
import { loadCorpus } from '../../src/corpus/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import type { DossierIndex, SearchDoc } from '../../src/index/model.js';
import { articleSignatures, corpusHash, hashCorpus } from '../../src/index/saved/corpus-hash.js';
import { encodeIndex } from '../../src/index/saved/encode.js';
import { SAVED_FORMAT } from '../../src/index/saved/layout.js';
import { decodeSaved, loadSavedIndex } from '../../src/index/saved/load.js';
import { saveIndex } from '../../src/index/saved/write.js';

const CORPORA = ['test/fixtures/seed-corpus', 'test/fixtures/answer-corpus'];

/** Questions made from the index itself: its entity names, title words, paragraph words, a typo. */
function questionsFor(index: DossierIndex): string[] {
  const names = index.entities.slice(0, 6).map((e) => e.name);
  const words = index.paragraphs
    .slice(0, 8)
    .flatMap((p) => p.text.split(/\W+/).filter((w) => w.length > 5))
    .slice(0, 6);
  const typo = names[0] ? names[0].slice(0, -2) + names[0].slice(-1) : 'nothing';
  return [...names, ...words, typo, `${words[0] ?? 'what'} ${words[1] ?? 'happened'}`, 'zzqx nothing'];
}

function load(buf: Uint8Array, hash?: string) {
  return decodeSaved(buf, hash);
}

describe.each(CORPORA)('a saved and loaded index of %s', (dir) => {
  let built: DossierIndex;
  let loaded: DossierIndex;
  let bytes: Uint8Array;
  beforeAll(async () => {
    built = buildIndex(await loadCorpus(dir));
    bytes = encodeIndex(built, 'h', dir);
    const r = await load(bytes, 'h');
    if (!r.ok) throw new Error(r.detail);
    loaded = r.index;
  });

  it('has the same articles, paragraphs, tables, errors and version', () => {
    for (const key of [
      'version',
      'articles',
      'paragraphs',
      'articleById',
      'entities',
      'times',
      'quotes',
      'errors',
      'buildMs',
      'builtAt',
    ] as const) {
      // A Map is compared by its entries.
      const [a, b] = [loaded[key], built[key]].map((v) => (v instanceof Map ? [...v] : v));
      expect(isDeepStrictEqual(a, b), key).toBe(true);
    }
    // Shared objects stay shared: a paragraph in `paragraphs` is the one in its article.
    expect(loaded.paragraphs[0]).toBe(loaded.articles[0]!.paragraphs[0]);
    expect(loaded.articleById.get(loaded.articles[0]!.id)).toBe(loaded.articles[0]);
    // Same keys in the same order, so JSON of a loaded article is byte-identical.
    expect(JSON.stringify(loaded.articles)).toBe(JSON.stringify(built.articles));
    expect(JSON.stringify(loaded.entities)).toBe(JSON.stringify(built.entities));
  });

  it('has the same MiniSearch state, term order included', () => {
    expect(JSON.stringify(loaded.search.toJSON())).toBe(JSON.stringify(built.search.toJSON()));
  });

  it('answers every kind of question exactly as the built index does', () => {
    const questions = questionsFor(built);
    expect(questions.length).toBeGreaterThan(5);
    for (const kind of ANSWER_KINDS) {
      for (const q of questions) {
        expect(answerAt(loaded, kind, q, 0), `${kind} ${q}`).toEqual(answerAt(built, kind, q, 0));
      }
    }
  });

  it('gives the same raw search results (fuzzy and prefix included)', () => {
    for (const q of questionsFor(built)) {
      const opts = { fuzzy: 0.2, prefix: true, combineWith: 'OR' as const };
      expect(loaded.search.search(q, opts)).toEqual(built.search.search(q, opts));
    }
  });

  it('can still be changed like a built one: adding and removing a document give the same state', () => {
    const doc: SearchDoc = {
      id: 1_000_000,
      text: 'An added paragraph about tariffs and ports',
      section: '',
      title: 'X',
    };
    const before = loaded.search.toJSON();
    loaded.search.add(doc);
    built.search.add(doc);
    expect(JSON.stringify(loaded.search.toJSON())).toBe(JSON.stringify(built.search.toJSON()));
    loaded.search.remove(doc);
    built.search.remove(doc);
    expect(loaded.search.search('tariffs ports')).toEqual(built.search.search('tariffs ports'));
    expect(loaded.search.toJSON().documentCount).toBe(before.documentCount);
  });

  it('keeps the article signatures the build computed', () => {
    expect(articleSignatures(loaded)).toEqual(articleSignatures(built));
  });
});

it('keeps every character: Latin-1, curly quotes and dashes, emoji, a lone surrogate, sentences that do not join', async () => {
  const texts = [
    'Plain ASCII text. Second sentence here.',
    'Café Zürich — “quoted” ‘words’ and … 🙂 emoji. Another one.',
    'Broken \ud800 surrogate and \udc00 alone.',
    'Ünïcödé only in Latin-1: naïve façade.',
  ];
  const articles = texts.map((text, i) => ({
    id: `a${i}`,
    file: `a${i}.md`,
    title: `T${i}`,
    paragraphs: [
      { articleId: `a${i}`, n: 1, text, sentences: text.split(/(?<=\.) /) },
      // Sentences that are not the text split at spaces are kept as they are.
      { articleId: `a${i}`, n: 2, text: `${text} x`, sentences: ['not', 'the text'], section: 'S' },
      // Sentences that join, but a field more than usual.
      { articleId: `a${i}`, n: 3, text: `${text} y`, sentences: [`${text} y`], section: 'S' },
      { articleId: `a${i}`, n: 4, text: '', sentences: [] },
    ],
  }));
  const built = buildIndex({ articles, errors: [] });
  const r = await load(encodeIndex(built, 'h'), 'h');
  expect(r.ok).toBe(true);
  if (r.ok) {
    expect(r.index.articles).toEqual(built.articles);
    expect(JSON.stringify(r.index.articles)).toBe(JSON.stringify(built.articles));
  }
});

describe('saving and loading files', () => {
  let work: string;
  let corpus: string;
  let index: DossierIndex;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'dossier-persist-'));
    corpus = path.join(work, 'corpus');
    await cp('test/fixtures/seed-corpus', corpus, { recursive: true });
    index = buildIndex(await loadCorpus(corpus));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  const file = () => path.join(work, 'index', 'saved.dossier-index');

  it('saves atomically (no temporary file left) and loads what it saved', async () => {
    const hash = await corpusHash(corpus);
    const { bytes } = await saveIndex(index, file(), hash, corpus);
    expect(bytes).toBe((await readFile(file())).byteLength);
    await saveIndex(index, file(), hash, corpus); // over an existing file
    expect(await readdir(path.dirname(file()))).toEqual(['saved.dossier-index']);
    const r = await loadSavedIndex(file(), hash);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.index.version).toBe(index.version);
      expect(r.corpusHash).toBe(hash);
    }
  });

  it('reports a missing file as missing', async () => {
    const r = await loadSavedIndex(path.join(work, 'nope.dossier-index'));
    expect(r).toMatchObject({ ok: false, reason: 'missing' });
  });

  it('reports an index of an older corpus as stale; notes, drafts and hidden files do not count', async () => {
    const hash = await corpusHash(corpus);
    await saveIndex(index, file(), hash, corpus);
    await writeFile(path.join(corpus, 'README.md'), 'Notes about this folder.\n');
    await writeFile(path.join(corpus, '_draft.md'), 'Not yet.\n');
    await writeFile(path.join(corpus, '.hidden'), 'x');
    expect(await corpusHash(corpus)).toBe(hash);
    const [first] = (await readdir(corpus)).filter((f) => f.endsWith('.md') && !/^(_|readme)/i.test(f));
    const text = await readFile(path.join(corpus, first!), 'utf8');
    await writeFile(path.join(corpus, first!), text + '\nOne more paragraph added later.\n');
    const changed = await corpusHash(corpus);
    expect(changed).not.toBe(hash);
    expect(await loadSavedIndex(file(), changed)).toMatchObject({ ok: false, reason: 'stale' });
    await writeFile(path.join(corpus, first!), text);
    expect(await corpusHash(corpus)).toBe(hash);
    await writeFile(path.join(corpus, 'renamed-copy.md'), text);
    expect(await corpusHash(corpus)).not.toBe(hash);
    await rm(path.join(corpus, 'renamed-copy.md'));
  });

  it('hashes the corpus alike in a worker thread and here, and a change shows in both', async () => {
    const here = await hashCorpus(corpus);
    const there = await hashCorpus(corpus, { thread: true });
    expect(there).toEqual(here);
    expect(here.files).toBeGreaterThan(0);
    const [first] = (await readdir(corpus)).filter((f) => f.endsWith('.md') && !/^(_|readme)/i.test(f));
    const text = await readFile(path.join(corpus, first!), 'utf8');
    await writeFile(
      path.join(corpus, first!),
      text.replace(/\w/, (c) => (c === 'x' ? 'y' : 'x')),
    );
    try {
      const changed = await hashCorpus(corpus, { thread: true });
      expect(changed.hash).not.toBe(here.hash);
      expect(changed).toEqual(await hashCorpus(corpus));
    } finally {
      await writeFile(path.join(corpus, first!), text);
    }
  });

  it('checks a hash that is still being computed before handing the index out', async () => {
    const hash = await corpusHash(corpus);
    await saveIndex(index, file(), hash, corpus);
    const later = <T>(v: T) => new Promise<T>((resolve) => setTimeout(() => resolve(v), 20));
    expect(await loadSavedIndex(file(), later(hash))).toMatchObject({ ok: true });
    expect(await loadSavedIndex(file(), later('another corpus'))).toMatchObject({
      ok: false,
      reason: 'stale',
    });
    expect(await loadSavedIndex(file(), Promise.resolve('another corpus'))).toMatchObject({
      ok: false,
      reason: 'stale',
    });
    // A hash that cannot be computed proves nothing: the file is not used.
    const failing = later(null).then(() => Promise.reject(new Error('unreadable folder')));
    expect(await loadSavedIndex(file(), failing)).toMatchObject({ ok: false, reason: 'stale' });
    // A missing file with a failing hash is just missing (and no unhandled rejection).
    const failing2 = later(null).then(() => Promise.reject(new Error('unreadable folder')));
    expect(await loadSavedIndex(path.join(work, 'nope.dossier-index'), failing2)).toMatchObject({
      ok: false,
      reason: 'missing',
    });
    await later(null);
  });

  describe('a damaged file is corrupt, whatever the damage', () => {
    let good: Uint8Array;
    beforeAll(() => {
      good = encodeIndex(index, 'h', corpus);
    });
    const damaged = (f: (b: Uint8Array) => Uint8Array) => load(f(good.slice()), 'h');

    it('one flipped byte anywhere after the first line (header, paragraph text, postings, the end)', async () => {
      const at = [40, 200, Math.floor(good.length / 3), Math.floor(good.length / 2), good.length - 2];
      for (const i of at) {
        const r = await damaged((b) => {
          b[i] = b[i]! ^ 0x01;
          return b;
        });
        expect(r.ok, `byte ${i}`).toBe(false);
        if (!r.ok) expect(['corrupt', 'stale', 'format'], `byte ${i}`).toContain(r.reason);
      }
      // In the body only the checksum can tell, and it does.
      const r = await damaged((b) => {
        b[good.length - 100] = b[good.length - 100]! ^ 0x20;
        return b;
      });
      expect(r).toMatchObject({ ok: false, reason: 'corrupt' });
    });

    it('cut short, empty, or not an index at all', async () => {
      for (const cut of [good.length - 1, Math.floor(good.length / 2), 30, 0]) {
        expect(await damaged((b) => b.subarray(0, cut))).toMatchObject({ ok: false, reason: 'corrupt' });
      }
      const text = new TextEncoder().encode('# Just an article\n\nNot an index.\n');
      expect(await load(text)).toMatchObject({ ok: false, reason: 'corrupt' });
    });

    it('a file from another format is reported as such', async () => {
      const text = Buffer.from(good).toString('latin1');
      const other = text.replace(`"format":${SAVED_FORMAT},`, `"format":${SAVED_FORMAT + 1},`);
      expect(other).not.toBe(text);
      expect(await load(Buffer.from(other, 'latin1'))).toMatchObject({ ok: false, reason: 'format' });
    });

    it('a damaged file on disk is never loaded', async () => {
      const hash = await corpusHash(corpus);
      await saveIndex(index, file(), hash, corpus);
      const bytes = await readFile(file());
      bytes[bytes.length - 50] = bytes[bytes.length - 50]! ^ 0xff;
      await writeFile(file(), bytes);
      expect(await loadSavedIndex(file(), hash)).toMatchObject({ ok: false, reason: 'corrupt' });
    });

    it('read in small chunks and decoded as they arrive, a file loads whole, and any flipped byte is caught', async () => {
      const hash = await corpusHash(corpus);
      await saveIndex(index, file(), hash, corpus);
      const bytes = await readFile(file());
      const whole = await loadSavedIndex(file(), hash, { chunkBytes: 1000 });
      expect(whole.ok).toBe(true);
      if (whole.ok) expect(JSON.stringify(whole.index.articles)).toBe(JSON.stringify(index.articles));
      // In the header, in paragraph texts (which decode whatever the byte), in postings, at the end.
      const text = Buffer.from(bytes).indexOf(index.paragraphs[3]!.text.slice(0, 20), 0, 'latin1');
      expect(text).toBeGreaterThan(0);
      for (const i of [60, text + 5, Math.floor(bytes.length / 2), bytes.length - 3]) {
        const copy = Buffer.from(bytes);
        copy[i] = copy[i]! ^ 0x01;
        await writeFile(file(), copy);
        for (const chunkBytes of [1000, undefined]) {
          expect(await loadSavedIndex(file(), hash, { chunkBytes }), `byte ${i}`).toMatchObject({
            ok: false,
            reason: 'corrupt',
          });
        }
      }
    });
  });
});
