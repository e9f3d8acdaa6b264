/**
 * Temporary files a killed process left behind (#17, defect 17): a kill -9 during a save leaves
 * `<index>.<hex>.tmp`, during an upload `.<name>.<hex>.tmp` in the corpus folder; neither was ever
 * removed. Old ones go at the next save and the next start; a fresh one (another process's save in
 * progress) stays.
 */
import { cp, mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { STALE_TEMPORARY_MS } from '../../src/index/saved/write.js';
import { openIndexStore } from '../../src/serve/store.js';

const log = createLogger({ level: 'silent' });

async function plant(file: string, ageMs: number): Promise<void> {
  await writeFile(file, 'half a file');
  const t = (Date.now() - ageMs) / 1000;
  await utimes(file, t, t);
}

describe('temporary files left by a killed process', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'dossier-stale-'));
    await cp('test/fixtures/answer-corpus', path.join(work, 'corpus'), { recursive: true });
    await mkdir(path.join(work, 'index'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('old ones are removed at the next start and save; a fresh one is left alone', async () => {
    const corpus = path.join(work, 'corpus');
    const index = path.join(work, 'index', 'corpus.dossier-index');
    const old = STALE_TEMPORARY_MS + 60_000;
    await plant(`${index}.deadbeef.tmp`, old);
    await plant(`${index}.0badcafe.tmp`, 1_000);
    await plant(path.join(corpus, '.upload.md.12345678.tmp'), old);
    await plant(path.join(corpus, '.other.md.9abcdef0.tmp'), 1_000);
    const store = await openIndexStore(corpus, log, { indexFile: index, warmAnswerPaths: false });
    try {
      await store.reindex();
      // (Less the build's work, saved beside the index once the reindex has answered.)
      const names = await readdir(path.join(work, 'index'));
      expect(names.filter((n) => !n.startsWith('corpus.dossier-index.work')).sort()).toEqual([
        'corpus.dossier-index',
        'corpus.dossier-index.0badcafe.tmp',
      ]);
      const hidden = (await readdir(corpus)).filter((f) => f.startsWith('.'));
      expect(hidden).toEqual(['.other.md.9abcdef0.tmp']);
      // Nothing else in the corpus was touched.
      expect((await readdir(corpus)).filter((f) => !f.startsWith('.')).length).toBe(6);
    } finally {
      await store.close();
    }
  }, 60_000);
});
