/**
 * Incremental changes (issue #19): after a sequence of random adds, replaces and removes through the
 * store, the index in service holds exactly what a full build of the resulting folder holds, and
 * answers every kind of question the same way. The store applies each change as a delta computed
 * from the last build's kept work; the comparison is with `buildIndex` over `loadCorpus`, the path
 * with no memory of earlier builds.
 */
import { cp, mkdir, mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerAt, type AnswerKind } from '../../src/answer/index.js';
import { loadCorpus } from '../../src/corpus/index.js';
import { loadConfig } from '../../src/config.js';
import { UserError } from '../../src/errors.js';
import { buildIndex } from '../../src/index/build/build.js';
import type { DossierIndex } from '../../src/index/model.js';
import { loadWork } from '../../src/index/saved/work-file.js';
import { createLogger } from '../../src/log.js';
import { openIndexStore, type IndexStore, type StoreOptions } from '../../src/serve/store.js';
import { rng } from '../../bench/queries.js';

const POOL_DIRS = [
  'test/fixtures/seed-corpus',
  'test/fixtures/answer-corpus',
  'test/fixtures/quantity-corpus',
  'test/fixtures/articles',
];

const QUESTIONS: [AnswerKind, string][] = [
  ['who', 'Peskov'],
  ['who', 'Putin'],
  ['who', 'Macron'],
  ['who', 'mayor'],
  ['when', 'summit'],
  ['when', 'strike'],
  ['when', 'budget vote'],
  ['where', 'summit'],
  ['where', 'plant'],
  ['what', 'ceasefire'],
  ['quote', 'Peskov'],
  ['ask', 'How many troops are near Ukraine?'],
  ['ask', 'How much did the harbour label sell for?'],
  ['ask', 'Who is the spokesman for the Kremlin?'],
  ['search', 'Biden Putin summit'],
  ['search', 'ferry'],
  ['search', 'councl budgt'],
  ['sources', 'summit'],
  ['timeline', 'summit'],
  ['timeline', 'strike'],
];

interface PoolFile {
  name: string;
  bytes: Uint8Array;
}

async function pool(): Promise<PoolFile[]> {
  const out: PoolFile[] = [];
  for (const dir of POOL_DIRS) {
    for (const name of (await readdir(dir)).sort()) {
      if (name.startsWith('broken')) continue;
      out.push({ name, bytes: new Uint8Array(await readFile(path.join(dir, name))) });
    }
  }
  return out;
}

/** Another version of a file: one paragraph dropped, or a sentence added (the text changes). */
function edited(bytes: Uint8Array, rnd: () => number): Uint8Array {
  const text = new TextDecoder().decode(bytes);
  const parts = text.split(/\n\s*\n/);
  if (parts.length > 3 && rnd() < 0.5) parts.splice(1 + Math.floor(rnd() * (parts.length - 2)), 1);
  else parts.push(`Officials said on Tuesday that talks would resume in ${2020 + Math.floor(rnd() * 5)}.`);
  return new TextEncoder().encode(parts.join('\n\n'));
}

function answers(index: DossierIndex): string[] {
  return QUESTIONS.flatMap(([kind, q]) =>
    [0, 1].map((page) => JSON.stringify(answerAt(index, kind, q, page))),
  );
}

/** What the store serves equals a full build of its folder: the tables and every answer. */
async function expectSameAsFullBuild(store: IndexStore): Promise<void> {
  const served = store.current();
  const full = buildIndex(await loadCorpus(store.corpusDir));
  expect(served.version).toBe(full.version);
  expect(served.articles.map((a) => a.file)).toEqual(full.articles.map((a) => a.file));
  expect(served.paragraphs.map((p) => p.text)).toEqual(full.paragraphs.map((p) => p.text));
  expect(served.entities).toEqual(full.entities);
  expect(served.times).toEqual(full.times);
  expect(served.quotes).toEqual(full.quotes);
  expect(answers(served)).toEqual(answers(full));
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'dossier-changes-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** A store over `dir` saving to `<name>.dossier-index` in the work folder, without the answer-path warm-up. */
function open(dir: string, name: string, opts: StoreOptions, log = createLogger({ level: 'silent' })) {
  return openIndexStore(dir, log, {
    indexFile: path.join(work, `${name}.dossier-index`),
    warmAnswerPaths: false,
    ...opts,
  });
}

async function randomChanges(seed: number, steps: number, worker: boolean, checkEvery: number) {
  const files = await pool();
  const rnd = rng(seed);
  const dir = path.join(work, `corpus-${seed}-${worker}`);
  await cp('test/fixtures/seed-corpus', dir, { recursive: true });
  const store = await open(dir, `index-${seed}-${worker}`, { worker });
  const done = { add: 0, replace: 0, remove: 0, refused: 0 };
  try {
    for (let step = 1; step <= steps; step++) {
      const present = store.current().articles;
      const r = rnd();
      try {
        if (r < 0.45 || present.length < 3) {
          const f = files[Math.floor(rnd() * files.length)]!;
          const name = rnd() < 0.3 ? `copy-${step}-${f.name}` : f.name;
          await store.addArticle(name, rnd() < 0.3 ? edited(f.bytes, rnd) : f.bytes);
          done.add++;
        } else if (r < 0.7) {
          const a = present[Math.floor(rnd() * present.length)]!;
          const bytes = new Uint8Array(await readFile(path.join(dir, a.file)));
          await store.addArticle(a.file, edited(bytes, rnd), { replace: true });
          done.replace++;
        } else {
          const a = present[Math.floor(rnd() * present.length)]!;
          await store.removeArticle(a.file);
          done.remove++;
        }
      } catch (err) {
        // A same-text or same-name upload is refused, and the index stays as it was.
        if (!(err instanceof UserError)) throw err;
        done.refused++;
      }
      if (step % checkEvery === 0) await expectSameAsFullBuild(store);
    }
  } finally {
    await store.close();
  }
  // Every change was saved (appended to the saved index's change log): a new process loads it, no build.
  const lines: string[] = [];
  const again = await open(dir, `index-${seed}-${worker}`, { worker: false }, logTo(lines));
  try {
    expect(lines).toContain('index loaded from the saved file');
    expect(again.current().version).toBe(store.current().version);
    await expectSameAsFullBuild(again);
  } finally {
    await again.close();
  }
  return done;
}

function logTo(lines: string[]) {
  return createLogger({
    level: 'info',
    destination: { write: (s: string) => void lines.push((JSON.parse(s) as { msg: string }).msg) },
  });
}

describe('incremental changes equal a full build', () => {
  it('200 random adds, replaces and removes (in-process builder)', async () => {
    const done = await randomChanges(19, 200, false, 20);
    // The sequence really exercised every kind of change.
    expect(done.add).toBeGreaterThan(20);
    expect(done.replace).toBeGreaterThan(20);
    expect(done.remove).toBeGreaterThan(20);
  }, 600_000);

  it('a few changes through the worker thread', async () => {
    await randomChanges(7, 12, true, 4);
  }, 300_000);
});

describe('a reindex reads again only the files that changed', () => {
  it('reuses an unchanged file’s article, and sees an edit that kept the size', async () => {
    const dir = path.join(work, 'stat');
    await cp('test/fixtures/seed-corpus', dir, { recursive: true });
    const file = 'macron-offers-to-mediate-us-russia-summit.md';
    const other = 'kremlin-undermines-confidence-in-putin-biden-summit.md';
    // Times well in the past: a file changed within a second of being read is always read again.
    const past = async (name: string, s: number) => utimes(path.join(dir, name), s, s);
    await past(file, 1_600_000_000);
    await past(other, 1_600_000_000);
    const store = await open(dir, 'stat', { worker: false });
    try {
      const before = store.current().articles.find((a) => a.file === file)!;
      const text = await readFile(path.join(dir, other), 'utf8');
      await writeFile(path.join(dir, other), `${text}\n\nThe KREMLIN said nothing more on Tuesday.\n`);
      await store.reindex();
      // Not read again: the very same article object serves.
      expect(store.current().articles.find((a) => a.file === file)).toBe(before);
      expect(store.current().paragraphs.some((p) => p.text.includes('KREMLIN'))).toBe(true);
      await expectSameAsFullBuild(store);

      // Other bytes, the same article (blank lines at the end): the article and its work are kept.
      const version = store.current().version;
      await writeFile(path.join(dir, other), `${await readFile(path.join(dir, other), 'utf8')}\n\n\n`);
      await store.reindex();
      expect(store.current().version).toBe(version);
      expect(store.current().articles.find((a) => a.file === file)).toBe(before);

      // Same size, another time: read again, and the edit serves.
      const mine = await readFile(path.join(dir, file), 'utf8');
      const edited = mine.replaceAll('Macron', 'MACRON');
      expect(edited.length).toBe(mine.length);
      await writeFile(path.join(dir, file), edited);
      await past(file, 1_600_000_100);
      await store.reindex();
      expect(store.current().paragraphs.some((p) => p.text.includes('MACRON'))).toBe(true);
      await expectSameAsFullBuild(store);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('an add or a remove reads only its own file; a reindex reads the folder', async () => {
    const dir = path.join(work, 'own-file');
    await cp('test/fixtures/seed-corpus', dir, { recursive: true });
    const other = 'kremlin-undermines-confidence-in-putin-biden-summit.md';
    const store = await open(dir, 'own-file', { worker: true });
    try {
      // An edit made by hand, outside the store: an add does not look at that file…
      const text = await readFile(path.join(dir, other), 'utf8');
      await writeFile(path.join(dir, other), `${text}\n\nThe KREMLIN said nothing more on Tuesday.\n`);
      const page = await readFile('test/fixtures/answer-corpus/rail-strike-northern-line.md');
      const { file } = await store.addArticle('rail-strike-northern-line.md', new Uint8Array(page));
      const served = () => store.current().paragraphs.some((p) => p.text.includes('KREMLIN'));
      expect(store.current().articles.some((a) => a.file === file)).toBe(true);
      expect(served()).toBe(false);

      // …and the saved index says so: a new process finds it stale, and builds the folder as it is.
      const lines: string[] = [];
      const fresh = await open(dir, 'own-file', { worker: false }, logTo(lines));
      try {
        expect(lines).not.toContain('index loaded from the saved file');
        expect(fresh.current().paragraphs.some((p) => p.text.includes('KREMLIN'))).toBe(true);
      } finally {
        await fresh.close();
      }

      // A remove reads only its own file too; a reindex reads the folder, and serves the edit.
      await store.removeArticle(file);
      expect(served()).toBe(false);
      await store.reindex();
      expect(served()).toBe(true);
      await expectSameAsFullBuild(store);
    } finally {
      await store.close();
    }
  }, 180_000);
});

describe('the work saved beside the saved index', () => {
  /** Adds one pool article through a store and says whether it was built whole. */
  async function addOne(store: IndexStore, name: string): Promise<boolean> {
    const phases = new Set<string>();
    const page = await readFile(path.join('test/fixtures/answer-corpus', name));
    await store.addArticle(name, new Uint8Array(page), { onProgress: (p) => phases.add(p.phase) });
    return phases.has('indexing');
  }

  for (const worker of [false, true]) {
    it(`lets a store started from it change incrementally (${worker ? 'worker' : 'in-process'})`, async () => {
      const dir = path.join(work, `saved-work-${worker}`);
      await cp('test/fixtures/seed-corpus', dir, { recursive: true });
      const name = `saved-work-${worker}`;
      await (await open(dir, name, { worker })).close();

      // A new process: the index comes from the file, and so does the work of its first change.
      let lines: string[] = [];
      let store = await open(dir, name, { worker }, logTo(lines));
      const started = store.current().version;
      let changed: string;
      try {
        expect(lines).toContain('index loaded from the saved file');
        // A reindex that finds nothing changed clusters only to fill the builder's memo (`#prime`):
        // the change after it must still give a full build's answers.
        await store.reindex();
        expect(await addOne(store, 'rail-strike-northern-line.md')).toBe(false);
        await expectSameAsFullBuild(store);
        changed = store.current().version;
      } finally {
        await store.close();
      }
      // The worker saves its work once changes pause, and at once when the store closes.
      const saved = await loadWork(path.join(work, `${name}.dossier-index`));
      expect(saved?.version).toBe(worker ? changed : started);

      // And again after that change, replayed from the change log. The worker saved its work after
      // the change; in-process (a one-shot CLI) the work file stays as the start-up build left it,
      // and the load spots again the article whose work it lacks.
      // In-process, as the one-shot CLI opens it: its builder keeps no clustering memo.
      lines = [];
      store = await open(dir, name, worker ? { worker } : { worker, oneShot: true }, logTo(lines));
      try {
        expect(lines).toContain('index loaded from the saved file');
        expect(await addOne(store, 'quantix-dresden-plant.md')).toBe(false);
        await store.removeArticle('rail-strike-northern-line.md');
        await expectSameAsFullBuild(store);
      } finally {
        await store.close();
      }

      // Work that does not read (or is another index's) is not used: the change is built whole.
      await writeFile(
        path.join(work, `${name}.dossier-index.work`),
        'DOSSIER-WORK 1\n0000000009\n{"version"',
      );
      store = await open(dir, name, { worker });
      try {
        const phases = new Set<string>();
        await store.removeArticle('quantix-dresden-plant.md', { onProgress: (p) => phases.add(p.phase) });
        expect(phases.has('indexing')).toBe(true);
        expect(await addOne(store, 'quantix-dresden-plant.md')).toBe(false); // its own work now
        await expectSameAsFullBuild(store);
      } finally {
        await store.close();
      }
    }, 180_000);
  }
});

describe('a change too large to apply in one step', () => {
  it('is built whole, and serves what a full build does', async () => {
    // 60 articles of 50 short paragraphs: 3,000 paragraphs, above the 2,000 a change may touch.
    const dir = path.join(work, 'large');
    await mkdir(dir, { recursive: true });
    const town = (i: number) => `Town${String.fromCharCode(65 + (i % 26))}${Math.floor(i / 26)}`;
    for (let i = 0; i < 60; i++) {
      const body = Array.from(
        { length: 50 },
        (_, j) => `Mayor Ada ${town(i)} said on Monday that bridge ${j + 1} in ${town(i)} would reopen.`,
      ).join('\n\n');
      await writeFile(
        path.join(dir, `a${i}.md`),
        `---\ntitle: ${town(i)} bridges\npublished: 2024-05-0${1 + (i % 9)}\n---\n${body}\n`,
      );
    }
    const store = await open(dir, 'large', { worker: false });
    try {
      const small = new Set<string>();
      await store.removeArticle('a0.md', { onProgress: (p) => small.add(p.phase) });
      // 50 paragraphs: applied as a change (no whole index is laid out).
      expect(small.has('indexing')).toBe(false);
      for (let i = 1; i < 45; i++) await rm(path.join(dir, `a${i}.md`));
      const large = new Set<string>();
      await store.reindex({ onProgress: (p) => large.add(p.phase) });
      // 2,200 paragraphs gone: built whole.
      expect(large.has('indexing')).toBe(true);
      await expectSameAsFullBuild(store);
    } finally {
      await store.close();
    }
  }, 180_000);
});

describe('how long the worker keeps a build’s work', () => {
  it('drops it after KEEP_BUILD_WORK_MINUTES with no change', async () => {
    expect(loadConfig({}).keepBuildWorkMinutes).toBe(60);
    expect(loadConfig({ KEEP_BUILD_WORK_MINUTES: '0' }).keepBuildWorkMinutes).toBe(0);
    expect(() => loadConfig({ KEEP_BUILD_WORK_MINUTES: '-1' })).toThrow(/^KEEP_BUILD_WORK_MINUTES: /);

    const dir = path.join(work, 'keep');
    await cp('test/fixtures/seed-corpus', dir, { recursive: true });
    const store = await open(dir, 'keep', { keepWorkMs: 300 });
    try {
      // Start-up built the index in the worker, which holds its work: a change right away is applied.
      const soon = new Set<string>();
      await store.addArticle(
        'one.md',
        new TextEncoder().encode('---\ntitle: One\n---\nThe ferry sailed on Monday.\n'),
        {
          onProgress: (p) => soon.add(p.phase),
        },
      );
      expect(soon.has('indexing')).toBe(false);
      // A quiet spell longer than the setting: the worker ended, and with it the work. (The next
      // change would take up the work saved beside the index: without that file, it is built whole.)
      await new Promise((r) => setTimeout(r, 900));
      await rm(path.join(work, 'keep.dossier-index.work'), { force: true });
      const later = new Set<string>();
      await store.removeArticle('one.md', { onProgress: (p) => later.add(p.phase) });
      expect(later.has('indexing')).toBe(true);
      await expectSameAsFullBuild(store);
    } finally {
      await store.close();
    }
  }, 120_000);
});
