/**
 * Issue "Hardening, round 2", row 13: two processes (two shards) adding an article by the same name
 * at the same moment. Check-then-rename let both say "Added" while one upload silently replaced the
 * other; the upload is now linked in, which fails when the name is taken. Two stores on one corpus
 * folder stand for the two shards; each round races them on a new name.
 */
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { openIndexStore, type IndexStore } from '../../src/serve/store.js';

const log = createLogger({ level: 'silent' });
// Each round's texts differ from the earlier rounds' too: a text already in the corpus is refused
// on its own grounds (as a duplicate), which is not what this race is about.
const article = (who: string, round: number) =>
  new TextEncoder().encode(
    `---\ntitle: Harbour report ${round} from ${who}\npublished: 2024-03-01\n---\nThe ${who} shard filed report ${round} on the Tollbridge harbour.\n`,
  );

describe('two stores adding the same file name at once', () => {
  let work: string;
  let a: IndexStore;
  let b: IndexStore;
  const corpus = () => path.join(work, 'corpus');

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'dossier-race-'));
    await cp('test/fixtures/answer-corpus', corpus(), { recursive: true });
    const open = (name: string) =>
      openIndexStore(corpus(), log, {
        indexFile: path.join(work, `${name}.dossier-index`),
        warmAnswerPaths: false,
      });
    [a, b] = await Promise.all([open('a'), open('b')]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await rm(work, { recursive: true, force: true });
  });

  it('exactly one says "Added"; the other is told the name exists; the file is the winner’s', async () => {
    for (let round = 0; round < 6; round++) {
      const name = `race-${round}.md`;
      const results = await Promise.allSettled([
        a.addArticle(name, article('first', round)),
        b.addArticle(name, article('second', round)),
      ]);
      const won = results.map((r) => r.status === 'fulfilled');
      expect(won.filter(Boolean)).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(String(lost.reason)).toMatch(new RegExp(`${name.replace('.', '\\.')} already exists`));
      const text = await readFile(path.join(corpus(), name), 'utf8');
      expect(text).toContain(won[0] ? 'The first shard' : 'The second shard');
    }
    // No temporary file is left behind.
    expect((await readdir(corpus())).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);
});
