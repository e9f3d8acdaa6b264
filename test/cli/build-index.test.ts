/**
 * `npm run build-index` as a user runs it, as a subprocess whose output is not a terminal: plain
 * progress lines on stderr, one result line on stdout, an index the store then loads; an up-to-date
 * index is kept unless --force; bad arguments and folders exit 2. Also the engine's progress lines.
 */
import { execFile, execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressLines } from '../../src/serve/engine.js';
import { corpusHash, defaultIndexDir, defaultIndexFile } from '../../src/index/saved/corpus-hash.js';
import { loadSavedIndex } from '../../src/index/saved/load.js';
import type { Progress } from '../../src/serve/store.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function buildIndexCli(...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  // Never the live corpus/ folder (an upload there must not change a test): the seed's copy.
  env.CORPUS_DIR = path.join(ROOT, 'test/fixtures/seed-corpus');
  delete env.INDEX_FILE;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/build-index.ts', ...args],
      { cwd: ROOT, env, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('npm run build-index', () => {
  let work: string;
  let corpus: string;
  let file: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'dossier-build-index-'));
    corpus = path.join(work, 'articles');
    file = path.join(work, 'out', 'my.dossier-index');
    await cp(path.join(ROOT, 'test/fixtures/answer-corpus'), corpus, { recursive: true });
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('builds and saves with plain progress lines, warns about broken files, and the index loads', async () => {
    const run = await buildIndexCli('--corpus', corpus, '--index', file);
    expect(run.code, run.stderr).toBe(0);
    const saved = run.stdout.split('\n').filter((l) => l.startsWith('Saved '));
    expect(saved).toHaveLength(1);
    expect(saved[0]!.startsWith(`Saved ${file} (`)).toBe(true);
    expect(saved[0]).toMatch(/5 articles, \d+ paragraphs/);
    const err = run.stderr.split('\n');
    // Not a terminal: no bar, no escape codes; a line per phase, ending at 100 %.
    expect(run.stderr.includes('\u001b[')).toBe(false);
    for (const phase of [
      'Reading articles',
      'Indexing paragraphs',
      'Names, dates, quotes',
      'Saving the index',
    ]) {
      expect(err.some((l) => l.startsWith(`${phase}: 100%`))).toBe(true);
    }
    expect(err.some((l) => /^The saved index is missing/.test(l))).toBe(true);
    expect(err.some((l) => /^warning: broken-front-matter\.md: /.test(l))).toBe(true);
    const loaded = await loadSavedIndex(file, await corpusHash(corpus));
    expect(loaded.ok && loaded.index.articles.length).toBe(5);
  }, 90_000);

  it('keeps an up-to-date index, and rebuilds it with --force', async () => {
    const before = (await stat(file)).mtimeMs;
    const kept = await buildIndexCli('--corpus', corpus, '--index', file);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout).toMatch(/^Up to date: /m);
    expect((await stat(file)).mtimeMs).toBe(before);
    const forced = await buildIndexCli('--corpus', corpus, '--index', file, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/^Saved /m);
  }, 90_000);

  it('exits 2 on a missing folder or an unknown argument', async () => {
    const missing = await buildIndexCli('--corpus', path.join(work, 'nope'), '--index', file);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
    const unknown = await buildIndexCli('--frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown argument --frobnicate/);
    expect(unknown.stderr.trimEnd().split('\n')).toHaveLength(1);
  }, 90_000);
});

describe('progress lines for /admin reindex', () => {
  it('says each phase once, loading in steps of 10 %, never the same line twice in a row', () => {
    const said: string[] = [];
    const update = progressLines((m) => said.push(m));
    const steps: Progress[] = [
      { phase: 'reading', done: 0, total: 10 },
      { phase: 'reading', done: 10, total: 10 },
      { phase: 'indexing', done: 0, total: 1 },
      { phase: 'indexing', done: 0, total: 1 },
      { phase: 'saving', done: 0, total: 1 },
      ...Array.from({ length: 21 }, (_, i): Progress => ({ phase: 'loading', done: i, total: 20 })),
      { phase: 'swapping', done: 0, total: 1 },
      { phase: 'swapping', done: 1, total: 1 },
    ];
    steps.forEach(update);
    expect(said[0]).toBe('Reading the articles… 0%');
    expect(said).toContain('Reading the articles… 100%');
    expect(said.filter((s) => s.startsWith('Loading the new index'))).toHaveLength(11);
    expect(said.at(-1)).toBe('Switching to the new index…');
    for (let i = 1; i < said.length; i++) expect(said[i]).not.toBe(said[i - 1]);
  });
});

describe('a damaged saved index beside the one being written (issue "Hardening, round 2", 4)', () => {
  it('a header length of 3,000,000,000 in another index file does not abort the save', async () => {
    const work = await mkdtemp(path.join(tmpdir(), 'dossier-damaged-'));
    const corpus = path.join(work, 'articles');
    await cp(path.join(ROOT, 'test/fixtures/answer-corpus'), corpus, { recursive: true });
    // Saving into the default folder reads the other index files there to drop orphans.
    await mkdir(defaultIndexDir(), { recursive: true });
    const damaged = path.join(defaultIndexDir(), `zz-damaged-${process.pid}.dossier-index`);
    await writeFile(damaged, 'DOSSIER-INDEX\n00000000 3000000000\n{}');
    try {
      const run = await buildIndexCli('--corpus', corpus, '--force');
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Saved /m);
      expect((await loadSavedIndex(defaultIndexFile(corpus), await corpusHash(corpus))).ok).toBe(true);
    } finally {
      await rm(damaged, { force: true });
      await rm(defaultIndexFile(corpus), { force: true });
      await rm(work, { recursive: true, force: true });
    }
  }, 90_000);

  it('a named pipe in the corpus, and as the index file, hangs nothing (#17, defect 6)', async () => {
    const work = await mkdtemp(path.join(tmpdir(), 'dossier-fifo-'));
    const corpus = path.join(work, 'articles');
    await cp(path.join(ROOT, 'test/fixtures/answer-corpus'), corpus, { recursive: true });
    // Opening a pipe for reading blocks until someone writes to it: before the fix, for ever.
    execFileSync('mkfifo', [path.join(corpus, 'pipe.md'), path.join(work, 'pipe.dossier-index')]);
    try {
      const run = await buildIndexCli('--corpus', corpus, '--index', path.join(work, 'pipe.dossier-index'));
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/pipe\.md: not a regular file/);
      expect(run.stdout).toMatch(/5 articles/);
      // The pipe was replaced by the saved index, which loads.
      expect((await stat(path.join(work, 'pipe.dossier-index'))).isFile()).toBe(true);
      expect((await loadSavedIndex(path.join(work, 'pipe.dossier-index'), await corpusHash(corpus))).ok).toBe(
        true,
      );
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }, 90_000);
});
