/**
 * Issue "Hardening, round 2", row 5: a time limit on every build and on each file within it. A file
 * that takes longer than its deadline to read is reported by name and left out, the rest of the
 * corpus is indexed, the lock is released, and an upload that takes too long is refused. The slow
 * file is the slowest shape `bench/hostile.ts` knows (2 MiB of short <br> lines: seconds to parse),
 * against a deadline far below it.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_PAGES } from '../../bench/hostile.js';
import { UserError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { openIndexStore, type IndexStore } from '../../src/serve/store.js';

const slowPage = HOSTILE_PAGES.find((p) => p.name === 'line-breaks')!.make(2 * 1024 * 1024 - 4096);
const log = createLogger({ level: 'silent' });

describe('deadlines on reading files', () => {
  let work: string;
  let store: IndexStore;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'dossier-deadline-'));
    await cp('test/fixtures/answer-corpus', path.join(work, 'corpus'), { recursive: true });
    await writeFile(path.join(work, 'corpus', 'slow-page.html'), slowPage);
    store = await openIndexStore(path.join(work, 'corpus'), log, {
      indexFile: path.join(work, 'index.dossier-index'),
      deadlines: { fileMs: 400 },
      warmAnswerPaths: false,
    });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('start-up reports the slow file by name and indexes the rest', () => {
    const index = store.current();
    const error = index.errors.find((e) => e.file === 'slow-page.html');
    expect(error?.reason).toMatch(/^took longer than 0\.4 s to read, so it was left out/);
    expect(index.articles.map((a) => a.file)).toContain('quantix-dresden-plant.md');
    expect(index.articles.some((a) => a.file === 'slow-page.html')).toBe(false);
  });

  it('a reindex does the same and releases the lock', async () => {
    const report = await store.reindex();
    expect(report.errors.map((e) => e.file)).toContain('slow-page.html');
    expect(store.busy()).toBe(false);
    await expect(store.reindex()).resolves.toBeDefined();
  }, 60_000);

  it('an upload that takes too long to read is refused, and nothing is added', async () => {
    const before = store.current().articles.length;
    const upload = store.addArticle('another-slow-page.html', new TextEncoder().encode(slowPage));
    await expect(upload).rejects.toThrow(UserError);
    await expect(upload).rejects.toThrow(
      /another-slow-page\.html was not added: it took longer than 0\.4 s to read/,
    );
    expect(store.current().articles.length).toBe(before);
    expect(store.busy()).toBe(false);
  }, 60_000);
});
