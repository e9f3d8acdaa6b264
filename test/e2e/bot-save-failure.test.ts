/**
 * A save that fails is reported (#17, defect 11): with the index folder unusable (here a regular
 * file where the folder should be, which stops even root), /admin reindex used to say "Reindexed"
 * and nothing else, and the next start silently rebuilt.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PERMISSIONS, chatInput, interactFinal } from '../harness/index.js';
import { answerOf, startBot, textOf, unescaped, type TestBot } from './helpers.js';

describe('an index that cannot be saved', () => {
  let t: TestBot;
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'dossier-unsaved-'));
    await writeFile(path.join(work, 'not-a-folder'), 'a file where the index folder should be\n');
    t = await startBot({ env: { INDEX_FILE: path.join(work, 'not-a-folder', 'corpus.dossier-index') } });
  });
  afterAll(async () => {
    await t?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('/admin reindex still reindexes, and says the index was not saved and why', async () => {
    const rec = await interactFinal(
      t.fake,
      chatInput({ name: 'admin', subcommand: 'reindex', permissions: ADMIN_PERMISSIONS }),
    );
    const text = unescaped(textOf(answerOf(rec)));
    expect(text).toMatch(/Reindexed/);
    expect(text).toMatch(/The index could not be saved to .*not-a-folder.* \((ENOTDIR|EEXIST|ENOENT)\)/);
    expect(text).toMatch(/next start will build it again/);
    expect(t.logs.some((l) => l.msg === 'could not save the index')).toBe(true);
  });
});
