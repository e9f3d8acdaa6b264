/**
 * The index store with its worker thread and saved index: start-up loads a saved index or builds
 * and saves one (saying which and why), a reindex builds in the worker and swaps atomically while
 * questions keep being answered, a second store adopts what the first saved (`reload`), and broken
 * files, unreadable folders and damaged index files are handled as the README says.
 */
import { cp, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { getPriority, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answerAt } from '../../src/answer/index.js';
import { UserError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { corpusHash } from '../../src/index/saved/corpus-hash.js';
import { loadSavedIndex } from '../../src/index/saved/load.js';
import { openIndexStore, type IndexStore, type Progress } from '../../src/serve/store.js';

interface Line {
  msg: string;
  level: number;
  [k: string]: unknown;
}

function logger() {
  const lines: Line[] = [];
  const log = createLogger({
    level: 'debug',
    destination: { write: (s: string) => void lines.push(JSON.parse(s) as Line) },
  });
  return { log, lines };
}

let work: string;
const stores: IndexStore[] = [];
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'dossier-store-'));
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});
afterAll(() => rm(work, { recursive: true, force: true }));

let n = 0;
async function setup(from = 'test/fixtures/seed-corpus') {
  const dir = path.join(work, `c${++n}`);
  await cp(from, dir, { recursive: true });
  return { dir, indexFile: path.join(work, `c${n}.dossier-index`) };
}

async function open(dir: string, indexFile: string, worker = true) {
  const { log, lines } = logger();
  const store = await openIndexStore(dir, log, { indexFile, worker });
  stores.push(store);
  return { store, lines };
}

const article = (title: string, body: string) =>
  `---\ntitle: ${title}\npublished: 2022-03-01\n---\n${body}\n`;

describe('start-up', () => {
  it('builds and saves when there is no saved index, then loads it on the next start', async () => {
    const { dir, indexFile } = await setup();
    const first = await open(dir, indexFile);
    expect(first.lines.find((l) => l.msg === 'saved index not used; building the index')).toMatchObject({
      reason: 'missing',
    });
    expect(first.lines.find((l) => l.msg === 'index built')).toMatchObject({ file: indexFile });
    const saved = await loadSavedIndex(indexFile, await corpusHash(dir));
    expect(saved.ok).toBe(true);

    const second = await open(dir, indexFile);
    const loaded = second.lines.find((l) => l.msg === 'index loaded from the saved file');
    expect(loaded).toMatchObject({ file: indexFile, paragraphs: first.store.current().paragraphs.length });
    expect(second.lines.some((l) => l.msg === 'index built')).toBe(false);
    expect(second.store.current().version).toBe(first.store.current().version);
    const q = first.store.current().entities[0]!.name;
    expect(answerAt(second.store.current(), 'who', q, 0)).toEqual(
      answerAt(first.store.current(), 'who', q, 0),
    );
  });

  it('rebuilds, with a warning, when the saved index is damaged; and when the corpus has changed', async () => {
    const { dir, indexFile } = await setup();
    const first = await open(dir, indexFile, false);
    const bytes = await readFile(indexFile);
    bytes[Math.floor(bytes.length / 2)] = bytes[Math.floor(bytes.length / 2)]! ^ 0x10;
    await writeFile(indexFile, bytes);
    const second = await open(dir, indexFile, false);
    const warn = second.lines.find((l) => l.msg === 'saved index not used; building the index');
    expect(warn).toMatchObject({ reason: 'corrupt', level: 40 });
    expect(second.store.current().version).toBe(first.store.current().version);
    expect((await loadSavedIndex(indexFile, await corpusHash(dir))).ok).toBe(true); // saved again

    await writeFile(path.join(dir, 'later.md'), article('Later', 'A paragraph about the harbour toll.'));
    const third = await open(dir, indexFile, false);
    expect(third.lines.find((l) => l.msg === 'saved index not used; building the index')).toMatchObject({
      reason: 'stale',
    });
    expect(third.store.current().articles.some((a) => a.file === 'later.md')).toBe(true);
  });

  it('reports articles that failed, from a saved index as from a build', async () => {
    const { dir, indexFile } = await setup('test/fixtures/answer-corpus');
    const first = await open(dir, indexFile, false);
    const second = await open(dir, indexFile, false);
    for (const { lines } of [first, second]) {
      expect(lines.filter((l) => l.msg === 'article not indexed').map((l) => l.file)).toEqual([
        'broken-front-matter.md',
      ]);
    }
  });
});

describe('reindex in the worker thread', () => {
  it('swaps atomically while questions keep being answered, and saves the new index', async () => {
    const { dir, indexFile } = await setup();
    const { store, lines } = await open(dir, indexFile);
    const before = store.current();
    await writeFile(
      path.join(dir, 'added.md'),
      article('Added', 'The Ostrava ferry strike ended on Tuesday.'),
    );
    const phases = new Set<Progress['phase']>();
    const reindex = store.reindex({ onProgress: (p) => phases.add(p.phase) });
    expect(store.busy()).toBe(true);
    await expect(store.reindex()).rejects.toThrow(UserError); // single flight
    let done = false;
    void reindex.finally(() => (done = true));
    const seen = new Set<string>();
    let answered = 0;
    const name = before.entities[0]!.name;
    while (!done) {
      const index = store.current();
      seen.add(index.version);
      // Whichever index serves, it is whole: its paragraphs and search agree.
      expect(index.search.documentCount).toBe(index.paragraphs.length);
      expect(answerAt(index, 'who', name, 0).kind).toBe('who');
      answered++;
      await new Promise((r) => setImmediate(r));
    }
    const report = await reindex;
    expect(answered).toBeGreaterThan(0);
    expect(report).toMatchObject({
      articlesAdded: ['added.md'],
      previousVersion: before.version,
      source: 'built',
      saved: { file: indexFile },
    });
    expect([...seen].every((v) => v === before.version || v === report.version)).toBe(true);
    expect(store.current().version).toBe(report.version);
    expect(answerAt(store.current(), 'search', 'Ostrava ferry', 0).citations[0]?.articleId).toBe('added');
    // The worker built the index it serves, so it sends the change (no whole index to decode).
    expect([...phases]).toEqual(expect.arrayContaining(['reading', 'entities', 'saving', 'swapping']));
    expect(lines.some((l) => l.msg === 'reindexed')).toBe(true);
    const saved = await loadSavedIndex(indexFile, await corpusHash(dir));
    expect(saved.ok && saved.index.version).toBe(report.version);
  });

  // Linux keeps a nice value per thread (/proc/self/task/<tid>/stat, field 19).
  it.runIf(process.platform === 'linux')(
    'builds at a lower scheduling priority than the thread answering questions',
    async () => {
      const { dir, indexFile } = await setup();
      const { store } = await open(dir, indexFile);
      const base = getPriority();
      const niceOf = async (tid: string) => {
        const stat = await readFile(`/proc/self/task/${tid}/stat`, 'utf8').catch(() => '');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      };
      const threadNices = async () => Promise.all((await readdir('/proc/self/task')).map(niceOf));
      await writeFile(path.join(dir, 'added.md'), article('Added', 'The Ostrava ferry strike ended.'));
      await store.reindex();
      // The worker that built it is still there (it keeps the build's work for the next change);
      // the other threads (V8's, libuv's) keep the process's priority.
      expect(await niceOf(String(process.pid))).toBe(base);
      if (base < 10) expect(await threadNices()).toContain(10);
    },
  );

  it('keeps the last good version of an article that breaks, and adds articles through the worker', async () => {
    const { dir, indexFile } = await setup();
    const { store } = await open(dir, indexFile);
    const victim = store.current().articles[0]!;
    await writeFile(path.join(dir, victim.file), '---\ntitle: [unclosed\n---\nBroken.\n');
    const report = await store.reindex();
    expect(report.errors.map((e) => e.file)).toEqual([victim.file]);
    expect(report.kept).toEqual([victim.file]);
    expect(store.current().articleById.get(victim.id)?.paragraphs.length).toBe(victim.paragraphs.length);

    const { file, report: added } = await store.addArticle(
      'uploaded.md',
      new TextEncoder().encode(article('Uploaded', 'The Kessel dam inquiry opened in March.')),
    );
    expect(file).toBe('uploaded.md');
    expect(added.articlesAdded).toEqual(['uploaded.md']);
    expect(store.current().articles.some((a) => a.file === 'uploaded.md')).toBe(true);
  });

  it('refuses to reindex a folder it cannot read, and keeps serving', async () => {
    const { dir, indexFile } = await setup();
    const { store } = await open(dir, indexFile);
    const version = store.current().version;
    await rename(dir, dir + '-moved');
    try {
      await expect(store.reindex()).rejects.toThrow(/cannot be read/);
      expect(store.current().version).toBe(version);
      expect(store.busy()).toBe(false);
    } finally {
      await rename(dir + '-moved', dir);
    }
  });

  it('reports a failed save and serves the new index anyway', async () => {
    const { dir } = await setup();
    // The index file's folder is a file: no process, root included, can save there.
    const blocker = path.join(work, `blocker-${n}`);
    await writeFile(blocker, 'a file, not a folder');
    const indexFile = path.join(blocker, 'x.dossier-index');
    const { store, lines } = await open(dir, indexFile);
    expect(lines.find((l) => l.msg === 'index built')).toMatchObject({ saveError: expect.any(String) });
    await writeFile(path.join(dir, 'more.md'), article('More', 'A paragraph about the canal locks.'));
    const report = await store.reindex();
    expect(report.saved).toMatchObject({ file: indexFile, error: expect.any(String) });
    expect(lines.some((l) => l.msg === 'could not save the index')).toBe(true);
    expect(store.current().articles.some((a) => a.file === 'more.md')).toBe(true);
  });
});

describe('reload: adopting the index another process saved', () => {
  it('a second store on the same corpus adopts the first one’s reindex without building', async () => {
    const { dir, indexFile } = await setup();
    const a = await open(dir, indexFile);
    const b = await open(dir, indexFile);
    expect(b.lines.some((l) => l.msg === 'index loaded from the saved file')).toBe(true);
    const unchanged = await b.store.reload();
    expect(unchanged).toMatchObject({ articlesAdded: [], articlesRemoved: [], articlesChanged: [] });

    await writeFile(path.join(dir, 'shared.md'), article('Shared', 'The Varna bridge reopened.'));
    const built = await a.store.reindex();
    const adopted = await b.store.reload();
    expect(adopted).toMatchObject({ source: 'saved', version: built.version, articlesAdded: ['shared.md'] });
    expect(b.store.current().version).toBe(a.store.current().version);
    expect(b.lines.some((l) => l.msg === 'reindexed')).toBe(false);
  });

  it('rebuilds when the saved file is stale or damaged', async () => {
    const { dir, indexFile } = await setup();
    const { store, lines } = await open(dir, indexFile);
    await writeFile(path.join(dir, 'fresh.md'), article('Fresh', 'The Dunmore mill closed.'));
    const report = await store.reload();
    expect(report).toMatchObject({ source: 'built', articlesAdded: ['fresh.md'] });
    expect(lines.find((l) => l.msg === 'saved index not used; rebuilding')).toMatchObject({
      reason: 'stale',
    });

    await writeFile(indexFile, 'not an index');
    await writeFile(path.join(dir, 'fresher.md'), article('Fresher', 'The Dunmore mill reopened.'));
    const again = await store.reload();
    expect(again).toMatchObject({ source: 'built', articlesAdded: ['fresher.md'] });
  });
});

it('close ends the worker: the store refuses to build afterwards', async () => {
  const { dir, indexFile } = await setup();
  const { store } = await open(dir, indexFile);
  await store.reindex();
  await store.close();
  await expect(store.reindex()).rejects.toThrow(/closed/);
  expect(await readdir(work)).toContain(path.basename(indexFile));
});
