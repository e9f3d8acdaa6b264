/**
 * The saved index's change log (src/index/saved/change-log.ts): changes appended beside a saved
 * index are replayed when it loads, a torn or unchained record ends the log there, a log never
 * applies to another saved index, the corpus hash and the stale check follow the log, and a
 * compaction folds it into a saved index that loads the same.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/index.js';
import type { Article } from '../../src/corpus/types.js';
import { buildIndex } from '../../src/index/build/build.js';
import { Builder } from '../../src/index/build/incremental.js';
import { ReadMemo } from '../../src/index/build/work.js';
import { applyDelta, byFile, type IndexDelta } from '../../src/index/delta.js';
import type { DossierIndex } from '../../src/index/model.js';
import {
  appendChange,
  ChangeRefused,
  changeLogFile,
  needsCompaction,
  savedCorpusHash,
} from '../../src/index/saved/change-log.js';
import { defaultIndexDir } from '../../src/index/saved/corpus-hash.js';
import { encodeIndex } from '../../src/index/saved/encode.js';
import { loadSavedIndex } from '../../src/index/saved/load.js';
import { compactSaved, saveIndex, STALE_TEMPORARY_MS, writeAtomically } from '../../src/index/saved/write.js';
import { searchParagraphs } from '../../src/index/search/search.js';
import { article } from './fixtures.js';

const TABLES = ['version', 'articles', 'paragraphs', 'entities', 'times', 'quotes', 'errors'] as const;

/**
 * Changes of the tables only (no article in or out): each drops an entity, replaces one article's
 * quotes and sets the ingest errors, as a change's delta does.
 */
function tableChange(index: DossierIndex, from: string, to: string, n: number): IndexDelta {
  const article = index.articles[n % index.articles.length]!;
  return {
    from,
    to,
    builtAt: Date.parse('2024-05-01T00:00:00Z') + n * 1000,
    buildMs: 5,
    removed: [],
    added: [],
    entities: { changed: [], removed: [index.entities[n]!.id] },
    times: [],
    quotes: { articles: [article.id], quotes: [] },
    errors: [{ file: `broken-${n}.md`, reason: `not readable (${n})` }],
  };
}

function expectSameIndex(a: DossierIndex, b: DossierIndex): void {
  for (const key of TABLES) expect(a[key], key).toEqual(b[key]);
  expect(a.builtAt.getTime()).toBe(b.builtAt.getTime());
}

describe('the change log of a saved index', () => {
  let work: string;
  let file: string;
  let base: DossierIndex;
  let deltas: IndexDelta[];
  /** What applying the deltas in memory gives, after each one (expected[0] is the base). */
  let expected: DossierIndex[];

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'dossier-changes-'));
    const corpus = await loadCorpus('test/fixtures/seed-corpus');
    base = buildIndex(corpus);
    deltas = [
      tableChange(base, base.version, 'v1', 0),
      tableChange(base, 'v1', 'v2', 1),
      tableChange(base, 'v2', 'v3', 2),
    ];
    expected = [base];
    let index = buildIndex(corpus);
    for (const d of deltas) expected.push((index = applyDelta(index, d)));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  beforeEach(async () => {
    await rm(path.join(work, 'index'), { recursive: true, force: true });
    file = path.join(work, 'index', 'seed.dossier-index');
    await saveIndex(base, file, 'h0', 'test/fixtures/seed-corpus');
  });

  async function appendAll(count = deltas.length): Promise<void> {
    for (let i = 0; i < count; i++) await appendChange(file, `h${i + 1}`, deltas[i]!);
  }

  it('replays appended changes at load, in order, and reports how many', async () => {
    const first = await appendChange(file, 'h1', deltas[0]!);
    expect(first.changes).toBe(1);
    expect(first.baseBytes).toBe((await stat(file)).size);
    const second = await appendChange(file, 'h2', deltas[1]!);
    expect(second).toMatchObject({ changes: 2, logBytes: (await stat(changeLogFile(file))).size });
    expect(second.logBytes).toBe(first.logBytes + second.bytes);
    await appendChange(file, 'h3', deltas[2]!);

    const loaded = await loadSavedIndex(file, 'h3', { sliceMs: 0 });
    if (!loaded.ok) throw new Error(loaded.detail);
    expect(loaded.changes).toBe(3);
    expect(loaded.corpusHash).toBe('h3');
    expect(loaded.bytes).toBe((await stat(file)).size + (await stat(changeLogFile(file))).size);
    expectSameIndex(loaded.index, expected[3]!);
    expect(loaded.index.articleById.size).toBe(base.articles.length);
  });

  it('a saved index without a log loads as before, with no changes', async () => {
    const loaded = await loadSavedIndex(file, 'h0');
    if (!loaded.ok) throw new Error(loaded.detail);
    expect(loaded.changes).toBe(0);
    expectSameIndex(loaded.index, base);
    expect(await loadSavedIndex(file, 'other')).toMatchObject({ ok: false, reason: 'stale' });
    expect(await loadSavedIndex(path.join(work, 'none'), 'h0')).toMatchObject({
      ok: false,
      reason: 'missing',
    });
  });

  it('a torn last record (killed mid-append) is ignored; the ones before it still apply', async () => {
    await appendAll();
    const log = changeLogFile(file);
    await truncate(log, (await stat(log)).size - 7);
    expect(await savedCorpusHash(file)).toBe('h2');
    const loaded = await loadSavedIndex(file, 'h2');
    if (!loaded.ok) throw new Error(loaded.detail);
    expect(loaded.changes).toBe(2);
    expectSameIndex(loaded.index, expected[2]!);

    // The next append replaces the torn record, so it is not hidden behind it.
    await appendChange(file, 'h3', deltas[2]!);
    const again = await loadSavedIndex(file, 'h3');
    expect(again.ok && again.changes).toBe(3);
  });

  it('a damaged record ends the log there, even if whole records follow', async () => {
    await appendAll();
    const log = changeLogFile(file);
    const bytes = await readFile(log);
    // A byte inside the second change's delta (the last third of the file is the third change).
    const at = Math.floor(bytes.length * 0.55);
    bytes[at] = bytes[at]! ^ 0xff;
    await writeFile(log, bytes);
    const loaded = await loadSavedIndex(file, 'h1');
    if (!loaded.ok) throw new Error(loaded.detail);
    expect(loaded.changes).toBe(1);
    expectSameIndex(loaded.index, expected[1]!);
  });

  it('a record whose `from` breaks the chain ends the log there', async () => {
    await appendAll(2);
    // A change for v1 from another log of the same saved index, pasted after the v1→v2 change.
    const other = path.join(work, 'other', 'seed.dossier-index');
    await saveIndex(base, other, 'h0');
    await appendChange(other, 'h1', deltas[0]!);
    await appendChange(other, 'hx', { ...deltas[1]!, to: 'vx' });
    const otherLog = await readFile(changeLogFile(other));
    const own = await readFile(changeLogFile(file));
    const lastOfOther = otherLog.subarray(firstChangeEnd(otherLog));
    // After the v0→v1 change it chains (so the record itself is whole) …
    await writeFile(changeLogFile(file), Buffer.concat([own.subarray(0, firstChangeEnd(own)), lastOfOther]));
    expect(await savedCorpusHash(file)).toBe('hx');
    // … after the v1→v2 change it does not.
    await writeFile(changeLogFile(file), Buffer.concat([own, lastOfOther]));
    expect(await savedCorpusHash(file)).toBe('h2');
    const loaded = await loadSavedIndex(file, 'h2');
    expect(loaded.ok && loaded.changes).toBe(2);
  });

  it('refuses to append a change that does not start where the saved state is', async () => {
    await expect(appendChange(file, 'h2', deltas[1]!)).rejects.toThrow(ChangeRefused);
    await appendChange(file, 'h1', deltas[0]!);
    await expect(appendChange(file, 'h1', deltas[0]!)).rejects.toThrow(/at version v1/);
    await expect(appendChange(path.join(work, 'none.dossier-index'), 'h1', deltas[0]!)).rejects.toThrow(
      ChangeRefused,
    );
  });

  it('a full save removes the log, and an older log is never applied to a newer saved index', async () => {
    await appendAll(2);
    const oldLog = await readFile(changeLogFile(file));
    // A new build of the same articles: same version, another build time.
    const rebuilt = applyDelta(buildIndex(await loadCorpus('test/fixtures/seed-corpus')), {
      ...tableChange(base, base.version, base.version, 0),
      entities: { changed: [], removed: [] },
      quotes: { articles: [], quotes: [] },
      errors: base.errors,
      builtAt: Date.parse('2024-06-01T00:00:00Z'),
    });
    await saveIndex(rebuilt, file, 'h0');
    expect(await readdir(path.dirname(file))).toEqual(['seed.dossier-index']);

    // As if the process died between the rename and the removal.
    await writeFile(changeLogFile(file), oldLog);
    expect(await savedCorpusHash(file)).toBe('h0');
    const loaded = await loadSavedIndex(file, 'h0');
    if (!loaded.ok) throw new Error(loaded.detail);
    expect(loaded.changes).toBe(0);
    expectSameIndex(loaded.index, rebuilt);
    // The next change starts a log of its own for the new saved index.
    await appendChange(file, 'h1', deltas[0]!);
    const next = await loadSavedIndex(file, 'h1');
    expect(next.ok && next.changes).toBe(1);
  });

  it('savedCorpusHash follows the log', async () => {
    expect(await savedCorpusHash(file)).toBe('h0');
    await appendAll(1);
    expect(await savedCorpusHash(file)).toBe('h1');
    await appendChange(file, 'h2', deltas[1]!);
    expect(await savedCorpusHash(file)).toBe('h2');
    expect(await savedCorpusHash(path.join(work, 'none.dossier-index'))).toBeUndefined();
  });

  it('is stale unless the corpus is the one after the last change (hash known or still coming)', async () => {
    await appendAll();
    for (const hash of ['h0', 'h2']) {
      expect(await loadSavedIndex(file, hash)).toMatchObject({ ok: false, reason: 'stale' });
      expect(await loadSavedIndex(file, Promise.resolve(hash))).toMatchObject({ ok: false, reason: 'stale' });
    }
    const later = await loadSavedIndex(file, Promise.resolve('h3'), { chunkBytes: 4096 });
    expect(later.ok && later.changes).toBe(3);
  });

  it('compaction writes a saved index that loads the same, and removes the log', async () => {
    await appendAll();
    const replayed = await loadSavedIndex(file, 'h3');
    if (!replayed.ok) throw new Error(replayed.detail);
    expect(await compactSaved(file)).toMatchObject({ changes: 3, bytes: (await stat(file)).size });
    expect(await readdir(path.dirname(file))).toEqual(['seed.dossier-index']);
    const compacted = await loadSavedIndex(file, 'h3');
    if (!compacted.ok) throw new Error(compacted.detail);
    expect(compacted.changes).toBe(0);
    expectSameIndex(compacted.index, replayed.index);
    expectSameIndex(compacted.index, expected[3]!);
    // The compacted index takes changes from where the log ended.
    await appendChange(file, 'h4', tableChange(base, 'v3', 'v4', 3));
    const next = await loadSavedIndex(file, 'h4');
    expect(next.ok && next.index.version).toBe('v4');
  });

  it('compacts when the log passes a quarter of the saved index or 256 changes', () => {
    expect(needsCompaction(10, 100, 3)).toBe(false);
    expect(needsCompaction(26, 100, 3)).toBe(true);
    expect(needsCompaction(10, 100_000, 257)).toBe(true);
  });

  it("a save removes old temporaries of the log; pruning removes orphans' logs", async () => {
    const old = (Date.now() - STALE_TEMPORARY_MS - 60_000) / 1000;
    const tmp = `${changeLogFile(file)}.deadbeef.tmp`;
    await writeFile(tmp, 'half a log');
    await utimes(tmp, old, old);
    await saveIndex(base, file, 'h0');
    expect(await readdir(path.dirname(file))).toEqual(['seed.dossier-index']);

    // In the default folder: a saved index whose corpus folder is gone, and a log with no index.
    const dir = defaultIndexDir();
    await mkdir(dir, { recursive: true });
    const gone = await mkdtemp(path.join(work, 'gone-'));
    const orphan = path.join(dir, `zz-orphan-${process.pid}.dossier-index`);
    const lonely = path.join(dir, `zz-lonely-${process.pid}.dossier-index.changes`);
    const keep = path.join(dir, `zz-keep-${process.pid}.dossier-index`);
    try {
      await saveIndex(base, orphan, 'h0', gone);
      await appendChange(orphan, 'h1', deltas[0]!);
      await writeFile(lonely, 'a log of nothing');
      await rm(gone, { recursive: true });
      await writeAtomically(keep, encodeIndex(base, 'h0'));
      const left = await readdir(dir);
      expect(left).toContain(path.basename(keep));
      expect(left.filter((n) => n.includes(`-${process.pid}.`) && n !== path.basename(keep))).toEqual([]);
    } finally {
      for (const f of [orphan, changeLogFile(orphan), lonely, keep]) await rm(f, { force: true });
    }
  });
});

/** Where the first change of a log ends (after the magic line and the base frame). */
function firstChangeEnd(log: Buffer): number {
  let at = log.indexOf(10) + 1;
  for (let i = 0; i < 2; i++) at += 20 + Number(log.toString('latin1', at, at + 10));
  return at;
}

describe('a change log of article changes', () => {
  let work: string;
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('loads as a full build of the changed folder, also after compaction', async () => {
    work = await mkdtemp(path.join(tmpdir(), 'dossier-article-changes-'));
    const file = path.join(work, 'seed.dossier-index');
    const seed = await loadCorpus('test/fixtures/seed-corpus');
    // The folder's articles by file, and each file's work key (new content, new key).
    const folder = new Map(seed.articles.map((a) => [a.file, a]));
    const keys = new Map(seed.articles.map((a) => [a.file, `${a.file}:0`]));
    const corpus = () => ({ articles: [...folder.values()].sort(byFile), errors: seed.errors });
    const builder = new Builder();
    // What a build's reading would have recorded: each file's work key.
    const memo = () => {
      const m = new ReadMemo(builder.work(), '2026-12-01');
      for (const [f, k] of keys) m.keys.set(f, k);
      return m;
    };
    const first = builder.build(corpus(), memo(), undefined);
    if (first.kind !== 'full') throw new Error('the first build is whole');
    await saveIndex(first.index, file, 'h0');

    const fresh = (id: string, n: number) =>
      article(id, `Putin and Biden agreed to a summit, step ${n}.\nThe Kremlin said talks on Ukraine go on.`);
    const replaced = { ...fresh(seed.articles[0]!.id, 2), file: seed.articles[0]!.file };
    const steps: [string, Article | undefined][] = [
      [seed.articles[1]!.file, undefined],
      ['zz-talks.txt', fresh('zz-talks', 1)],
      [replaced.file, replaced],
    ];
    let serving = first.index.version;
    for (const [n, [name, content]] of steps.entries()) {
      if (content) folder.set(name, content);
      else folder.delete(name);
      keys.set(name, `${name}:${n + 1}`);
      const made = builder.build(corpus(), memo(), serving);
      if (made.kind !== 'delta') throw new Error('a change is a delta');
      await appendChange(file, `h${n + 1}`, made.delta);
      serving = made.delta.to;
    }
    const full = buildIndex(corpus());
    const loaded = await loadSavedIndex(file, 'h3', { sliceMs: 0 });
    if (!loaded.ok) throw new Error(loaded.detail);
    expect(loaded.changes).toBe(3);
    // Loaded without its search (a one-shot CLI change): the same tables, the changes applied to
    // them alone, and a search that refuses every use.
    const tablesOnly = await loadSavedIndex(file, 'h3', { search: false });
    if (!tablesOnly.ok) throw new Error(tablesOnly.detail);
    expect(tablesOnly.changes).toBe(3);
    for (const key of ['version', 'articles', 'paragraphs', 'entities', 'times', 'quotes'] as const) {
      expect(tablesOnly.index[key], key).toEqual(full[key]);
    }
    expect(() => searchParagraphs(tablesOnly.index, 'Putin')).toThrow(/without its search/);
    await compactSaved(file);
    const compacted = await loadSavedIndex(file, 'h3');
    if (!compacted.ok) throw new Error(compacted.detail);
    for (const index of [loaded.index, compacted.index]) {
      for (const key of ['version', 'articles', 'paragraphs', 'entities', 'times', 'quotes'] as const) {
        expect(index[key], key).toEqual(full[key]);
      }
      for (const q of ['summit talks', 'Putin', 'Kremlin Ukraine', 'Bidn', 'zzqx']) {
        expect(searchParagraphs(index, q), q).toEqual(searchParagraphs(full, q));
      }
    }
  });
});
